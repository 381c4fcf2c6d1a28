package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"keycard/accounts"
	"keycard/book"
	"keycard/storage"
	"keycard/ui"
)

// A second Keycard on the same file gets a sentence that says what to do,
// within about a second, not a hang or a Go error.
func TestSecondInstanceGetsTheLockedSentence(t *testing.T) {
	ui.Prepare(test.NewApp())
	path := filepath.Join(t.TempDir(), "keycard.db")
	first, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	_, err = storage.Open(path, storage.Options{})
	if err == nil {
		t.Fatal("a second open of the same file succeeded")
	}
	msg := openFailure(path, err)
	if !strings.Contains(msg, lang.L("error.locked")) || !strings.Contains(msg, path) {
		t.Errorf("message = %q, want the locked sentence and the path", msg)
	}
	if strings.Contains(msg, "bolt") || strings.Contains(msg, "timeout") {
		t.Errorf("message leaks internals: %q", msg)
	}
}

// A database that cannot be opened, with automatic backups beside it: the
// window says where they are and offers the newest, and the offer restores
// it, after which the database opens with the backup's data.
func TestStartFailureOffersTheNewestBackup(t *testing.T) {
	ui.Prepare(test.NewApp())
	path := filepath.Join(t.TempDir(), "keycard.db")
	day := time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local)
	b, err := book.Open(path, book.Options{Now: func() time.Time { return day }}, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.LoadDemo(book.CLI); err != nil {
		t.Fatal(err)
	}
	b.StartAutoBackups(func(err error) { t.Error(err) })
	b.Jobs().Wait()
	b.Close()
	if err := os.WriteFile(path, bytes.Repeat([]byte("damaged "), 2048), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = storage.Open(path, storage.Options{})
	if err == nil {
		t.Fatal("a damaged file opened")
	}
	msg := openFailure(path, err)
	if !strings.Contains(msg, book.BackupDir(path)) || !strings.Contains(msg, "2026-11-23") {
		t.Errorf("message %q does not say where the backups are", msg)
	}
	o := restoreOffer(path, err)
	if o == nil || !strings.Contains(o.label, "2026-11-23") {
		t.Fatalf("offer %+v", o)
	}
	got := o.run()
	kept, _ := filepath.Glob(filepath.Join(book.BackupDir(path), "keycard-*-damaged.db"))
	if len(kept) != 1 || got != lang.L("start.restored.damaged", map[string]any{"Date": "2026-11-23", "Kept": kept[0]}) {
		t.Fatalf("after the restore: %q, kept %v", got, kept)
	}
	if b, err := os.ReadFile(kept[0]); err != nil || !bytes.HasPrefix(b, []byte("damaged damaged")) {
		t.Errorf("the damaged file was not kept byte for byte: %v", err)
	}
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if sums, _ := s.Summaries(); len(sums) != 30 {
		t.Errorf("restored %d accounts, want the demo's 30", len(sums))
	}
	// Held by another Keycard: no offer.
	if restoreOffer(path, accounts.Errorf(accounts.ELOCKED, "error.locked")) != nil {
		t.Error("a restore is offered for a locked database")
	}
}

// The start-failure window keeps its size whatever the sentence and
// whatever width it is first laid out at: the sentences scroll inside it
// instead of stretching the window past the bottom of a laptop screen (a
// window system that lays it out narrow first, as Windows does at 125 %,
// made it 1008 pixels tall).
func TestFailWindowStaysSmall(t *testing.T) {
	a := test.NewApp()
	ui.Prepare(a)
	path := `C:\Users\王芳\AppData\Local\Keycard\keycard.db`
	msg := lang.L("start.noopen", map[string]any{"Path": path}) + "\n\n" + lang.L("error.locked")
	for _, o := range []*offer{nil, {label: "Restore the backup of 2026-11-23", run: func() string { return "" }}} {
		w := failWindow(a, msg, o)
		w.Show()
		// The narrowest first layout: the content at its own minimum width.
		w.Content().Resize(w.Content().MinSize())
		if min := w.Content().MinSize(); min.Height > failSize.Height {
			t.Errorf("laid out narrow, the window asks for %v, taller than its %v", min, failSize)
		}
		w.Close()
	}
}
