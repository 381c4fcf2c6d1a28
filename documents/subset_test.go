package documents

import (
	"bytes"
	"sync"
	"testing"

	"keycard/accounts"
)

// A document drawn with the cut font measures every character exactly as
// the whole font does, so cutting never moves a line break.
func TestCutFontMeasuresLikeTheWholeFont(t *testing.T) {
	fc, err := loadFace()
	if err != nil {
		t.Fatal(err)
	}
	sample := "Grace Lee 王建国 采购总监 — 5 % · “quoted” ¥120 万（预算）Ñandú"
	cut := fc.guess(sample)
	full, err := newDoc(Options{Now: testNow}, "test", &accounts.AccountData{})
	if err != nil {
		t.Fatal(err)
	}
	small, err := newDocFont(Options{Now: testNow}, "test", &accounts.AccountData{}, fc.cut(cut), cut)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range sample {
		if a, b := full.measure(string(r)), small.measure(string(r)); a != b {
			t.Errorf("%q is %.3f mm wide in the whole font, %.3f mm in the cut", r, a, b)
		}
	}
	if len(small.missed) != 0 {
		t.Errorf("cut lacks %q", string(small.missed))
	}
	// A character outside the cut is noticed, so the document is drawn again.
	small.measure("鑫")
	if string(small.missed) != "鑫" {
		t.Errorf("a character outside the cut went unnoticed: missed %q", string(small.missed))
	}
}

// Documents drawn at the same time share the font's tables and nothing else;
// each comes out as it does alone (run with -race).
func TestConcurrentDocumentsAreIdentical(t *testing.T) {
	f := richAccount(20, 40)
	o := Options{Lang: "zh", Now: testNow}
	var want bytes.Buffer
	if err := AccountPlan(&want, f, o); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	got := make([]bytes.Buffer, 4)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := AccountPlan(&got[i], f, o); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for i := range got {
		if !bytes.Equal(got[i].Bytes(), want.Bytes()) {
			t.Errorf("document %d drawn concurrently differs from the one drawn alone", i)
		}
	}
}
