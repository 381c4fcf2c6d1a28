package ui

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"keycard/demo"
	"keycard/documents"
	"keycard/storage"
)

// shutdownWindow is a main window on its own store, which the test closes
// itself the way cmd/keycard does.
func shutdownWindow(t *testing.T) (*MainWindow, *storage.Store) {
	t.Helper()
	s, err := storage.Open(filepath.Join(t.TempDir(), "keycard.db"), storage.Options{Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutAccountData(demo.Generate(demo.Options{Seed: 1, Now: testNow})); err != nil {
		t.Fatal(err)
	}
	a := test.NewApp()
	t.Cleanup(a.Quit)
	return NewMainWindow(a, testBook(s), Options{Now: func() time.Time { return testNow }, queued: true}), s
}

// shutdown is what cmd/keycard does when the window closes.
func shutdown(t *testing.T, w *MainWindow) {
	t.Helper()
	w.win.Close()
	if err := w.book.Close(); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if left := w.book.Jobs().Running(); len(left) > 0 {
		t.Errorf("jobs still running after shutdown: %v", left)
	}
}

// Shutdown must not close the store under a risk scan still reading it
// (go test -race saw the store's close race with the scan's read).
func TestShutdownWaitsForTheRiskScan(t *testing.T) {
	w, _ := shutdownWindow(t)
	w.refreshBoard() // a scan in the background, as after every reload
	shutdown(t, w)
}

// Nor under a PDF export: the export finishes, its file whole.
func TestShutdownWaitsForAPDFExport(t *testing.T) {
	w, s := shutdownWindow(t)
	sums, err := s.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "plan.pdf")
	w.exportTo(path, sums[0].ID, kindPlan, documents.Options{Now: testNow}, func(string, error) {})
	shutdown(t, w)
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		t.Errorf("the export did not finish before the store closed: %v", err)
	}
}
