package ui

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
	"keycard/documents"
)

// hold starts a job of the given name that runs until the returned function
// is called, as a slow disk would keep a real one running.
func hold(t *testing.T, w *MainWindow, name string, p book.Policy) (release func()) {
	t.Helper()
	ch := make(chan struct{})
	if err := w.book.Jobs().Start(name, p, func(context.Context) { <-ch }); err != nil {
		t.Fatalf("hold %s: %v", name, err)
	}
	return func() { close(ch) }
}

// Two quick edits of the same contact in the "who knows whom" matrix, the
// second made while the first is still being stored, are both stored.
func TestTwoQuickMatrixEditsAreBothStored(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	tab := openDecisionMakers(t, w, 0)
	tab.inner.SelectIndex(1)
	mv := tab.matrix
	for _, p := range []string{"Zhou Min", "Qian Bo"} {
		test.Type(mv.person, p)
		test.Tap(findButton(t, mv.content, lang.L("matrix.add_person")))
	}
	col := map[string]int{}
	for i, p := range mv.people {
		col[p] = i
	}
	who := mv.m.Contacts[0]
	release := hold(t, w, "relationship "+string(who), book.Queue) // the first save is slow
	edit := func(person string, level accounts.RelationshipLevel) {
		mv.table.OnSelected(widget.TableCellID{Row: 0, Col: matrixFixedCols + col[person]})
		mv.level.set(level)
		mv.editing.Confirm()
	}
	edit("Zhou Min", accounts.LevelVendor)
	edit("Qian Bo", accounts.LevelCredible)
	release()
	w.wait()
	if w.refused != "" {
		t.Errorf("a queued edit was refused: %q", w.refused)
	}
	c, err := s.Contact(who)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]accounts.RelationshipLevel{}
	for _, r := range c.Relationships {
		got[r.Person] = r.Level
	}
	if got["Zhou Min"] != accounts.LevelVendor || got["Qian Bo"] != accounts.LevelCredible {
		t.Errorf("stored relationships %+v, want both quick edits", c.Relationships)
	}
}

// A second export of the same file while the first runs is refused, and
// the person is told it is already under way.
func TestSecondExportOfTheSameFileSaysItRuns(t *testing.T) {
	_, w, r := openDemoAccount(t, 0)
	path := filepath.Join(t.TempDir(), "plan.pdf")
	release := hold(t, w, "export pdf "+path, book.Refuse)
	called := false
	w.exportTo(path, r.ID, kindPlan, documents.Options{Lang: "en", Paper: "A4", Now: testNow}, func(string, error) { called = true })
	release()
	w.wait()
	if w.refused != lang.L("job.running.export") {
		t.Errorf("the refused export said %q, want %q", w.refused, lang.L("job.running.export"))
	}
	if called {
		t.Error("the refused export reported as if it had run")
	}
}

// A second read of the same bundle while the first runs is refused, and the
// person is told the file is already being read.
func TestSecondBundleReadSaysItRuns(t *testing.T) {
	src := demoStore(t)
	sw := newTestWindow(t, src)
	path, _ := exportOwner(t, sw, busiestOwner(t, src), "")
	w, _ := emptyWindow(t)
	im := w.importBundleFrom(path)
	w.wait() // the first read: the preview shows
	release := hold(t, w, "read bundle "+path, book.Refuse)
	im.read() // a second read of the same file, while one runs
	release()
	w.wait()
	if w.refused != lang.L("job.running.read") {
		t.Errorf("the refused read said %q, want %q", w.refused, lang.L("job.running.read"))
	}
	if im.reads != 1 {
		t.Errorf("%d reads started, want 1: none while one ran", im.reads)
	}
}
