// Command keycard is Keycard's desktop app. It only wires things together:
// flags, the database file, and the window from package ui.
package main

import (
	"flag"
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
	"keycard/locale"
	"keycard/storage"
	"keycard/ui"
)

func main() {
	dbFlag := flag.String("db", "", "database file (default: KEYCARD_DB, else keycard.db in the user's data folder)")
	langFlag := flag.String("lang", "", `interface language for this and later starts: "auto", "en" or "zh-Hans"`)
	flag.Parse()

	a := app.NewWithID("app.keycard.desktop")
	switch *langFlag {
	case "":
	case "auto", "en", "zh-Hans":
		a.Preferences().SetString("language", *langFlag)
	default:
		fmt.Fprintf(os.Stderr, "keycard: --lang must be auto, en or zh-Hans, not %q\n", *langFlag)
		os.Exit(2)
	}
	ui.Prepare(a)

	path, err := storage.ResolvePath(*dbFlag)
	if err != nil {
		fail(a, lang.L("start.nopath")+"\n\n"+locale.Error(ui.Language(), err), err)
		return
	}
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		fail(a, openFailure(path, err), err)
		return
	}
	b := book.New(s, book.Options{})
	ui.Run(a, b, ui.Options{AutoBackups: true})
	// Shutdown: the book waits for the background jobs still running (a
	// risk scan, a PDF export), up to its bound, before the store closes.
	if err := b.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "keycard:", err)
	}
}

// openFailure words why the database did not open: a file held by another
// Keycard gets the sentence that says what to do, anything else the domain's
// sentence.
func openFailure(path string, err error) string {
	what := lang.L("start.noopen", map[string]any{"Path": path})
	if accounts.ErrorCode(err) == accounts.ELOCKED {
		return what + "\n\n" + lang.L("error.locked")
	}
	return what + "\n\n" + locale.Error(ui.Language(), err)
}

// fail shows why Keycard cannot start in a small window, never a panic or a
// Go error dump, and also prints it for scripts.
func fail(a fyne.App, msg string, err error) {
	fmt.Fprintln(os.Stderr, "keycard:", locale.Error(ui.Language(), err))
	w := a.NewWindow("Keycard")
	quit := &widget.Button{Text: lang.L("menu.quit"), Importance: widget.HighImportance, OnTapped: a.Quit}
	quit.ExtendBaseWidget(quit)
	w.SetContent(container.NewPadded(container.NewBorder(nil, container.NewHBox(quit), nil, nil,
		&widget.Label{Text: msg, Wrapping: fyne.TextWrapWord})))
	w.Resize(fyne.NewSize(480, 200))
	w.CenterOnScreen()
	w.ShowAndRun()
	os.Exit(1)
}
