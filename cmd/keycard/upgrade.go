package main

import (
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"keycard/book"
	"keycard/locale"
	"keycard/storage"
	"keycard/ui"
)

// A database of an earlier Keycard is upgraded as it opens, in one
// transaction: a fraction of a second for a rep's book, ten seconds for a
// synced team's 10,000 accounts. Rather than show nothing meanwhile, the
// app shows a small window that says what is happening, and the main
// window takes its place when the upgrade is done (or the start-failure
// window, when it failed; the file is then as it was).

// upgradeWindow is the window shown while path is upgraded. It cannot be
// closed meanwhile: quitting halfway would only throw the work away.
func upgradeWindow(a fyne.App, path string) fyne.Window {
	w := a.NewWindow("Keycard")
	text := &widget.Label{Text: lang.L("start.upgrading", map[string]any{"Path": path}), Wrapping: fyne.TextWrapWord}
	bar := widget.NewProgressBarInfinite()
	w.SetContent(container.NewPadded(container.NewBorder(nil, bar, nil, nil, container.NewVScroll(text))))
	w.SetCloseIntercept(func() {})
	w.Resize(upgradeSize)
	w.CenterOnScreen()
	return w
}

// upgradeSize fits the sentence in either language, on any laptop screen.
var upgradeSize = fyne.NewSize(560, 170)

// startAfterUpgrade shows the upgrade window, opens (and so upgrades) the
// database at path on a goroutine, then shows the main window, or the
// start-failure window, in its place; it returns when the app quits.
func startAfterUpgrade(a fyne.App, path string, opts func(report string) ui.Options) {
	up := upgradeWindow(a, path)
	up.Show()
	var (
		b      *book.Book
		stop   func()
		report bool
		failed bool
	)
	go func() {
		s, err := storage.Open(path, storage.Options{})
		fyne.Do(func() {
			// Hidden, not closed: the graphics driver may still deliver a
			// mouse move for it in the same round of events, and for a
			// closed window Fyne crashes on it (seen on an upgrade of a
			// small book, which closed the window as soon as it opened).
			// The window that takes its place is the master: closing it
			// quits the app, hidden window and all.
			defer up.Hide()
			if err != nil {
				fmt.Fprintln(os.Stderr, "keycard:", locale.Error(ui.Language(), err))
				fw := failWindow(a, openFailure(path, err), restoreOffer(path, err))
				fw.SetMaster()
				fw.Show()
				failed = true
				return
			}
			report = true
			b = book.New(s, book.Options{})
			stop = ui.Show(a, b, opts(keepCrashReports(path)))
		})
	}()
	stopSignals := quitOnSignal(a.Quit)
	a.Run()
	stopSignals()
	if stop != nil {
		stop()
	}
	if b != nil {
		if err := b.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "keycard:", err)
		}
	}
	if report {
		endCrashReports(path)
	}
	if failed {
		os.Exit(1)
	}
}
