// Command keycard is Keycard's desktop app. It only wires things together:
// flags, the database file, and the window from package ui.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"

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
	if !hasDisplay(runtime.GOOS, os.Getenv) {
		// No window can open: the sentence goes where the person typed
		// the command, instead of the graphics library's panic.
		fmt.Fprintln(os.Stderr, "keycard: "+lang.L("start.nodisplay"))
		os.Exit(1)
	}

	path, err := storage.ResolvePath(*dbFlag)
	if err != nil {
		fail(a, lang.L("start.nopath")+"\n\n"+locale.Error(ui.Language(), err), err, nil)
		return
	}
	if storage.NeedsUpgrade(path) {
		startAfterUpgrade(a, path, appOptions)
		return
	}
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		fail(a, openFailure(path, err), err, restoreOffer(path, err))
		return
	}
	report := keepCrashReports(path)
	defer endCrashReports(path)
	b := book.New(s, book.Options{})
	stopSignals := quitOnSignal(a.Quit)
	ui.Run(a, b, appOptions(report))
	stopSignals()
	// Shutdown: the book waits for the background jobs still running (a
	// risk scan, a PDF export), up to its bound, before the store closes.
	if err := b.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "keycard:", err)
	}
}

// appOptions are the main window's options in the app (tests leave the
// background work out); report is the crash report of the last run, if any.
func appOptions(report string) ui.Options {
	return ui.Options{AutoBackups: true, AutoBackupDelay: 2 * time.Minute, TeamSync: true, Reminders: true,
		Screen: workArea(), CrashReport: report}
}

// openFailure words why the database did not open: a file held by another
// Keycard gets the sentence that says what to do, anything else the domain's
// sentence and, when there are automatic backups, where they are.
func openFailure(path string, err error) string {
	what := lang.L("start.noopen", map[string]any{"Path": path})
	if accounts.ErrorCode(err) == accounts.ELOCKED {
		return what + "\n\n" + lang.L("error.locked")
	}
	msg := what + "\n\n" + locale.Error(ui.Language(), err)
	if f, lerr := book.LatestBackup(path); lerr == nil {
		msg += "\n\n" + lang.L("start.backups", map[string]any{"Dir": book.BackupDir(path), "Date": f.Day.String()})
	}
	return msg
}

// offer is a button of the start-failure window: its label, and what it
// does, returning the sentence to show then.
type offer struct {
	label string
	run   func() string
}

// restoreOffer offers to restore the newest automatic backup when the
// database cannot be opened (damaged, unreadable); none while another
// Keycard holds it or when it is from a newer Keycard, where a restore
// would throw away good data.
func restoreOffer(path string, err error) *offer {
	switch accounts.ErrorCode(err) {
	case accounts.ELOCKED, accounts.EVERSION:
		return nil
	}
	f, lerr := book.LatestBackup(path)
	if lerr != nil {
		return nil
	}
	date := f.Day.String()
	return &offer{label: lang.L("start.restore", map[string]any{"Date": date}), run: func() string {
		r, err := book.RestoreFile(f.Path, path, time.Now())
		switch {
		case err != nil:
			return locale.Error(ui.Language(), err)
		case r.Saved == "" && r.Damaged != "":
			return lang.L("start.restored.damaged", map[string]any{"Date": date, "Kept": r.Damaged})
		}
		return lang.L("start.restored", map[string]any{"Date": date})
	}}
}

// fail shows why Keycard cannot start in a small window, never a panic or a
// Go error dump, and also prints it for scripts. With an offer (restore
// the newest backup) the window has its button too.
func fail(a fyne.App, msg string, err error, o *offer) {
	fmt.Fprintln(os.Stderr, "keycard:", locale.Error(ui.Language(), err))
	failWindow(a, msg, o).ShowAndRun()
	os.Exit(1)
}

// failSize is the start-failure window's size: small enough for any laptop
// screen, wide enough for the sentences to read as sentences.
var failSize = fyne.NewSize(560, 260)

// failWindow builds the start-failure window. The sentences scroll inside
// it: a wrapped label asks for the height of one word per line until it
// knows its width, and the window would grow to that (480×1008 under
// Windows' scaling), with its buttons off the bottom of the screen.
func failWindow(a fyne.App, msg string, o *offer) fyne.Window {
	w := a.NewWindow("Keycard")
	quit := &widget.Button{Text: lang.L("menu.quit"), Importance: widget.HighImportance, OnTapped: a.Quit}
	quit.ExtendBaseWidget(quit)
	text := &widget.Label{Text: msg, Wrapping: fyne.TextWrapWord}
	buttons := container.NewHBox(quit)
	if o != nil {
		var restore *widget.Button
		restore = widget.NewButton(o.label, func() {
			restore.Disable()
			text.SetText(o.run())
		})
		// The restore is what the person came for; Quit steps back.
		restore.Importance, quit.Importance = widget.HighImportance, widget.MediumImportance
		buttons.Add(restore)
	}
	w.SetContent(container.NewPadded(container.NewBorder(nil, buttons, nil, nil, container.NewVScroll(text))))
	w.Resize(failSize)
	w.CenterOnScreen()
	return w
}
