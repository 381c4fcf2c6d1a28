package main

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"keycard/ui"
)

// The window shown while an older database is upgraded names the file and
// says to wait, with a moving bar, in a small window that does not grow
// when it is first laid out narrow.
func TestUpgradeWindowSaysWhatIsHappening(t *testing.T) {
	a := test.NewApp()
	ui.Prepare(a)
	path := `C:\Users\王芳\AppData\Local\Keycard\keycard.db`
	w := upgradeWindow(a, path)
	w.Show()
	defer w.Close()
	var texts []string
	bars := 0
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			texts = append(texts, x.Text)
		case *widget.ProgressBarInfinite:
			bars++
		case fyne.Widget:
			walk(test.TempWidgetRenderer(t, x).Objects()[0])
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(w.Content())
	shown := strings.Join(texts, " ")
	if want := lang.L("start.upgrading", map[string]any{"Path": path}); !strings.Contains(shown, want) || !strings.Contains(shown, path) {
		t.Errorf("the window says %q, want %q", shown, want)
	}
	if bars != 1 {
		t.Errorf("%d moving bars, want one", bars)
	}
	w.Content().Resize(w.Content().MinSize())
	if min := w.Content().MinSize(); min.Height > upgradeSize.Height {
		t.Errorf("laid out narrow, the window asks for %v, taller than %v", min, upgradeSize)
	}
}
