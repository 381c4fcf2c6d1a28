package ui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
)

// shell is what the views share of the window around them, and all they
// keep of it: the book (every use case, the background jobs), the Fyne
// window their dialogs belong to, the clock, the way to run work off the
// UI goroutine, the risk board, and the way to another screen. A view
// holds a *shell, never the *MainWindow, so it cannot reach into the other
// views; the main window fills in the navigation when it is built.
type shell struct {
	app  fyne.App
	win  fyne.Window
	book *book.Book
	now  func() time.Time

	board *book.Board // the risk board the views show, nil until the first scan

	// Navigation, set by the main window.
	open    func(id accounts.ID) // show an account, after the unsaved-edits guard
	home    func()               // show Today, after the unsaved-edits guard
	current func() *accountView  // the open account, nil while another screen shows
	rescore func()               // score the portfolio again
	// started is set once the work that waits for the first frames has
	// run (afterFirstFrames).
	started bool
	// accountList is the portfolio's list in memory (names, groups), for
	// pickers; nil where there is none (tests of a lone form).
	accountList func() *portfolioModel

	lastDM *dmTab // the last Decision makers tab shown, whose place a new one keeps

	queued bool
	mu     sync.Mutex
	queue  []func()

	// dialogs and sentences kept for tests
	lastCall        *dialog.CustomDialog
	lastCallSummary *widget.Entry
	unsaved         *dialog.ConfirmDialog
	refused         string // the last "already under way" sentence shown
}

// day returns the current calendar day.
func (w *shell) day() accounts.Date { return accounts.DateOf(w.now()) }

// jobPolicy says, by the first word of a job's name, what a second start
// does while the job runs: loads and scans run once more afterwards (their
// result must include what changed meanwhile), and so do the writes whose
// last value must win (a follow-up ticked and unticked, cards dragged
// twice); a cell of the matrix queues, so every quick edit is stored;
// anything else (a save, an import, an export, a bundle read) is refused,
// so a double click or a second Enter never runs it twice, and the person
// is told it is already under way (runningKey).
var jobPolicy = map[string]book.Policy{
	"load":         book.Again,
	"scan":         book.Again,
	"tick":         book.Again,
	"layout":       book.Again,
	"relationship": book.Queue,
}

// runningKey is the sentence a refused second start shows, by the first
// word of the job's name; others show job.running.
var runningKey = map[string]string{
	"export": "job.running.export",
	"write":  "job.running.export",
	"read":   "job.running.read",
	"import": "job.running.import",
	"merge":  "job.running.import",
	"save":   "job.running.save",
}

// background runs work as the book's job name, off the UI goroutine, and
// then on the UI goroutine, so a slow disk never freezes the window. It
// reports false when the job was not started: one of the same name runs
// (and refuses a second: the person is told so), or the book is closing.
func (w *shell) background(name string, work func(), then func()) bool {
	kind, _, _ := strings.Cut(name, " ")
	err := w.book.Jobs().Start(name, jobPolicy[kind], func(context.Context) {
		work()
		if then != nil {
			w.onUI(then)
		}
	})
	if errors.Is(err, book.ErrRunning) {
		w.alreadyRunning(kind)
	}
	// While a restore runs, a load or scan is not needed (the restore's
	// change reloads every view); anything else is told to wait.
	if errors.Is(err, book.ErrBusy) && jobPolicy[kind] != book.Again {
		w.refused = sayErr(err)
		dialog.ShowInformation(lang.L("job.running.title"), w.refused, w.win)
	}
	return err == nil
}

// alreadyRunning tells the person that what they started again is still
// under way, so a refused start is never silent.
func (w *shell) alreadyRunning(kind string) {
	key, ok := runningKey[kind]
	if !ok {
		key = "job.running"
	}
	w.refused = lang.L(key)
	dialog.ShowInformation(lang.L("job.running.title"), w.refused, w.win)
}

// frameTime is a little more than a frame at 60 Hz.
const frameTime = 20 * time.Millisecond

// afterFrame runs fn on the UI goroutine once the window has had the time
// to draw what it shows now. Fyne draws between the functions it runs on
// that goroutine, at most once a frame, and does not say when it has; a
// function handed over at once would run before the drawing. The tests'
// queue (wait) runs fn at once.
func (w *shell) afterFrame(fn func()) {
	if w.queued {
		fn()
		return
	}
	time.AfterFunc(frameTime, func() { w.onUI(fn) })
}

// onUI runs f on the UI goroutine: through fyne.Do, or with a queue, when
// the tests call wait().
func (w *shell) onUI(f func()) {
	if !w.queued {
		fyne.Do(f)
		return
	}
	w.mu.Lock()
	w.queue = append(w.queue, f)
	w.mu.Unlock()
}

// wait blocks until all background work has come back and, with a queue,
// runs the results on the calling goroutine (tests use it).
func (w *shell) wait() {
	for {
		w.book.Jobs().Wait()
		w.mu.Lock()
		q := w.queue
		w.queue = nil
		w.mu.Unlock()
		if len(q) == 0 {
			return
		}
		for _, f := range q {
			f()
		}
	}
}

// showError shows err as a sentence the person can act on.
func (w *shell) showError(err error) {
	dialog.ShowInformation(lang.L("error.title"), errorSentence(err), w.win)
}
