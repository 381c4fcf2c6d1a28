package ui

import (
	"testing"

	"fyne.io/fyne/v2"

	"fyne.io/fyne/v2/test"
)

// Pressing Enter twice in the passphrase prompt starts one read.
func TestPassphraseDoubleEnterStartsOneRead(t *testing.T) {
	src := demoStore(t)
	sw := newTestWindow(t, src)
	path, _ := exportOwner(t, sw, busiestOwner(t, src), "correct horse battery")
	w, _ := emptyWindow(t)
	im := w.importBundleFrom(path)
	w.wait()
	if im.ask == nil {
		t.Fatal("a sealed bundle should ask for the passphrase")
	}
	test.Type(im.passIn, "correct horse battery")
	im.passIn.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	im.passIn.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	w.wait()
	if im.reads != 1 {
		t.Fatalf("two Enters started %d reads, want 1", im.reads)
	}
}
