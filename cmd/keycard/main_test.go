package main

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

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
