package ui

import (
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"keycard/demo"
	"keycard/storage"
)

// Shutdown must not close the store under a risk scan still reading it.
func TestShutdownWaitsForTheRiskScan(t *testing.T) {
	s, err := storage.Open(filepath.Join(t.TempDir(), "keycard.db"), storage.Options{Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutAccountData(demo.Generate(demo.Options{Seed: 1, Now: testNow})); err != nil {
		t.Fatal(err)
	}
	a := test.NewApp()
	defer a.Quit()
	b := testBook(s)
	w := NewMainWindow(a, b, Options{Now: func() time.Time { return testNow }, queued: true})
	w.refreshBoard() // a scan in the background, as after every reload
	// what cmd/keycard does when the window closes
	w.win.Close()
	if err := b.Close(); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if left := b.Jobs().Running(); len(left) > 0 {
		t.Errorf("jobs still running after shutdown: %v", left)
	}
}
