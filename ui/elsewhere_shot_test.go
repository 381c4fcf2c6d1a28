package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestShotChangedElsewhere saves pictures of the "changed elsewhere" notice
// on the profile card and the visit form when KEYCARD_SHOTS names a folder,
// so a person can look at it in each language (LANG picks it). Without the
// variable it only checks that the notices show.
func TestShotChangedElsewhere(t *testing.T) {
	s, w, r := openDemoAccount(t, 0)
	p := w.account.profile
	test.Type(p.notes, " Typed here.")
	a, err := s.Account(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	a.Website = "https://changed.example"
	if err := s.UpdateAccount(a); err != nil {
		t.Fatal(err)
	}
	w.book.Apply(serverChange(r.ID))
	w.wait()
	if !p.notice.visible() {
		t.Fatal("the profile card does not show the notice")
	}
	dir := os.Getenv("KEYCARD_SHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, "elsewhere-profile.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// The profile card alone, in a window of a small laptop's size: the
	// software painter of the test driver trips over the zero-sized
	// framed boxes of the collapsed parts of the whole window.
	tw := test.NewTempWindow(t, p.content)
	tw.Resize(fyne.NewSize(1000, 700))
	if err := png.Encode(f, tw.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}
