package ui

import (
	"bytes"
	"testing"

	"fyne.io/fyne/v2"

	"keycard/assets"
)

// Every text style is drawn with the bundled Latin+CJK font, so Chinese and
// English in one line never switch font and the GUI matches the PDFs.
func TestThemeUsesTheBundledFontForAllText(t *testing.T) {
	th := newTheme()
	for _, s := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Bold: true, Italic: true}} {
		if !bytes.Equal(th.Font(s).Content(), assets.FontRegular) {
			t.Errorf("style %+v does not use the bundled font", s)
		}
	}
	if len(assets.FontRegular) < 1<<20 {
		t.Fatalf("the bundled font is only %d bytes; CJK glyphs are missing", len(assets.FontRegular))
	}
}
