// Package ui is Keycard's desktop app: the main window with the portfolio
// list, today's work, the account view (profile card, decision makers, visit
// log, warning signs, plan), menus and dialogs. It is one of the two packages
// that import Fyne; it talks to the application layer (book) and the domain
// (accounts), never to the store or the file formats directly.
package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/assets"
	"keycard/book"
)

// Preferences keys besides the language.
const (
	prefWidth       = "window.width"
	prefHeight      = "window.height"
	prefLastAccount = "last_account"
	prefLastOwner   = "last_owner"

	firstWidth, firstHeight = 1400, 880 // window size on first start
)

// Options tune the main window.
type Options struct {
	// Now is the clock; nil means time.Now. Tests pass a fixed day.
	Now func() time.Time

	// AutoBackups turns the book's automatic backups on (the app does; tests
	// that are not about backups leave them off), and a failed one is shown.
	AutoBackups bool
	// AutoBackupDelay puts off the start's backup check (the app: a backup
	// copies and checks the whole file, which nobody waits for while the
	// window fills); the first change of the day still makes it at once.
	AutoBackupDelay time.Duration

	// TeamSync runs the team server's sync in the background (the app
	// does; tests drive rounds themselves). The sync badge shows either way
	// once the database is connected.
	TeamSync bool

	// Screen is the usable part of the screen the window opens on, in
	// Fyne's units (cmd/keycard asks the platform); zero when unknown. The
	// window is made to fit it, title bar included.
	Screen fyne.Size

	// Reminders sends desktop notifications of follow-ups due and key
	// contacts' birthdays, on start and while the app runs (reminders.go);
	// the app does, tests that are not about them leave them off.
	Reminders bool

	// CrashReport is the report the last run left when it crashed; the
	// window says where it is, so the person can send it.
	CrashReport string

	// queued makes background results wait for wait() instead of going
	// through fyne.Do. The test driver runs fyne.Do at once on the calling
	// goroutine, which would touch widgets from two goroutines; the queue
	// keeps tests single-threaded like the real event loop.
	queued bool
}

// MainWindow is Keycard's one window: the portfolio on the left and, on the
// right, either today's work or the open account.
type MainWindow struct {
	*shell // what the views share: the book, the window, the clock, background work
	unsub  func()

	portfolio *portfolioView
	today     *todayView
	account   *accountView // the open account, nil while Today shows
	riskView  *riskView    // the risk view, built on first show
	churnView *churnView   // the lost accounts, built on first show
	pipeline  *pipelineView
	right     *fyne.Container
	split     *container.Split

	reviewView *reviewView // the weekly card review, built on first show (review.go)

	// dialogs kept for tests
	firstStart *dialog.CustomDialog
	deleting   *dialog.ConfirmDialog
	backups    *backupsDialog
	team       *teamDialog
	crashed    *widget.Label // what the window says about the last run's crash

	badge     *syncBadge
	unsubTeam func()

	// notify replaces the app's SendNotification in tests; stopReminders
	// ends the reminders' timer.
	notify        func(*fyne.Notification)
	stopReminders func()
	rates         *ratesDialog // View → Exchange rates, while open

	// listed is set once the portfolio list has shown for the first time;
	// afterList waits for that (whenListed).
	listed    bool
	afterList []func()
}

// whenListed runs fn on the UI goroutine once the portfolio list has shown
// for the first time, at once if it has: start-up work nobody waits for
// (the first reminders, the first team sync round) goes after what the
// person opened Keycard to see, and does not share the two cores with it.
func (w *MainWindow) whenListed(fn func()) {
	if w.listed {
		fn()
		return
	}
	w.afterList = append(w.afterList, fn)
}

// markListed runs what waited for the list.
func (w *MainWindow) markListed() {
	if w.listed {
		return
	}
	w.listed = true
	for _, fn := range w.afterList {
		fn()
	}
	w.afterList = nil
}

// Run opens the main window on b and blocks until the app quits. The caller
// closes b afterwards, which waits for the background jobs still running.
func Run(a fyne.App, b *book.Book, opts Options) {
	stop := Show(a, b, opts)
	a.Run()
	stop()
}

// Show builds and shows the main window in an app that runs already, or is
// about to (Run is Show, then the app's loop); stop lets go of what the
// window holds once the loop has ended.
func Show(a fyne.App, b *book.Book, opts Options) (stop func()) {
	w := NewMainWindow(a, b, opts)
	w.win.Show()
	return func() {
		if w.stopReminders != nil {
			w.stopReminders()
		}
		w.unsub()
		w.unsubTeam()
	}
}

// Prepare applies the language setting and the theme to a. It must run
// before any window is built; NewMainWindow calls it, cmd/keycard calls it
// earlier to word its own messages.
func Prepare(a fyne.App) {
	setupLanguage(a.Preferences().StringWithFallback(prefLanguage, "auto"))
	a.Settings().SetTheme(newTheme())
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
}

// NewMainWindow builds the main window without showing it.
func NewMainWindow(a fyne.App, b *book.Book, opts Options) *MainWindow {
	Prepare(a)
	w := &MainWindow{shell: &shell{app: a, book: b, now: opts.Now, queued: opts.queued}}
	if w.now == nil {
		w.now = b.Now
	}
	w.open, w.home, w.rescore = w.openAccount, w.showToday, w.refreshBoard
	w.current = func() *accountView { return w.account }
	// Every change, whatever made it, comes back through apply.
	w.unsub = b.Subscribe(func(ch book.Change) { w.onUI(func() { w.apply(ch) }) })
	w.win = a.NewWindow(lang.L("app.title"))
	p := a.Preferences()
	// Fyne cannot tell the screen size, so the first start opens at a size
	// that suits a laptop screen, centred; later starts reuse the last size.
	first := p.FloatWithFallback(prefWidth, 0) == 0
	w.win.Resize(fitScreen(fyne.NewSize(
		float32(p.FloatWithFallback(prefWidth, firstWidth)),
		float32(p.FloatWithFallback(prefHeight, firstHeight))), opts.Screen))
	if first {
		w.win.CenterOnScreen()
	}

	w.startTeam(opts.TeamSync)
	w.portfolio = newPortfolioView(w.shell)
	w.shell.accountList = func() *portfolioModel { return w.portfolio.model }
	w.today = newTodayView(w.shell)
	w.right = container.NewStack(w.today.content)
	w.split = container.NewHSplit(w.portfolio.content, w.right)
	w.split.Offset = 0.27
	w.win.SetContent(container.NewBorder(w.newToolbar(), nil, nil, nil, w.split))
	w.win.SetMainMenu(w.newMenu())
	w.addShortcuts()
	w.win.SetCloseIntercept(w.closeIntercept)
	w.win.SetMaster()

	// Today loads beside the list, unless the last account is to open in
	// its place: Today loads again whenever it is shown.
	last := accounts.ID(p.String(prefLastAccount))
	w.portfolio.reload(func(n int) {
		// The rest waits until the list has been drawn: the last account's
		// view is a tenth of a second of building and drawing, which the
		// list's first frame waited for.
		w.afterFrame(func() {
			defer w.markListed()
			if w.account != nil {
				return // the person opened one in the meantime
			}
			if last != "" && w.portfolio.has(last) {
				w.openAccount(last)
				if w.account != nil { // it loads in the background and then shows this tab
					w.account.startTab = p.Int(prefLastTab)
				}
				return
			}
			if last != "" {
				w.today.reload() // the last account is gone; Today shows after all
			}
			if n == 0 {
				w.offerFirstStart()
			}
		})
	})
	w.loadLastKnown() // beside the summaries: the list's badges until the day's scan
	if last == "" {
		// Today's reads wait for the list's: they would share the two
		// cores with the summaries and the first frames.
		w.whenListed(w.today.reload)
	}
	if opts.AutoBackups {
		b.StartAutoBackupsAfter(opts.AutoBackupDelay, w.reportBackupFailure)
	}
	if opts.Reminders {
		w.stopReminders = w.startReminders(reminderEvery)
	}
	if opts.CrashReport != "" {
		w.crashed = &widget.Label{Text: lang.L("crash.message", map[string]any{"Path": opts.CrashReport}), Wrapping: fyne.TextWrapWord, Selectable: true}
		d := dialog.NewCustom(lang.L("crash.title"), lang.L("dialog.close"), w.crashed, w.win)
		d.Resize(fyne.NewSize(560, 0))
		d.Show()
	}
	return w
}

// Room the window leaves on the screen: its title bar and frame, which the
// window's size does not include, and a margin so that it can be grabbed.
const (
	frameWidth  = 24
	frameHeight = 56
)

// fitScreen is want made small enough for the whole window, title bar
// included, to be on screen (a 1366×768 laptop, a 14" one at 150 %); a
// remembered size from a bigger monitor shrinks too. An unknown screen
// (zero) changes nothing.
func fitScreen(want, screen fyne.Size) fyne.Size {
	if screen.Width > frameWidth && want.Width > screen.Width-frameWidth {
		want.Width = screen.Width - frameWidth
	}
	if screen.Height > frameHeight && want.Height > screen.Height-frameHeight {
		want.Height = screen.Height - frameHeight
	}
	return want
}

// Window returns the Fyne window, for tests and cmd/keycard.
func (w *MainWindow) Window() fyne.Window { return w.win }

// showToday puts today's work on the right, after the unsaved-changes guard.
func (w *MainWindow) showToday() {
	w.leave(func() {
		w.account = nil
		w.win.SetTitle(lang.L("app.title"))
		w.app.Preferences().SetString(prefLastAccount, "")
		w.right.Objects = []fyne.CanvasObject{w.today.content}
		w.right.Refresh()
		w.portfolio.list.UnselectAll()
		w.today.reload()
	})
}

// openAccount shows the account on the right, after the unsaved-changes guard.
func (w *MainWindow) openAccount(id accounts.ID) {
	if w.account != nil && w.account.id == id {
		return
	}
	w.leave(func() {
		v := newAccountView(w.shell, id)
		w.account = v
		w.app.Preferences().SetString(prefLastAccount, string(id))
		w.right.Objects = []fyne.CanvasObject{v.content}
		w.right.Refresh()
		w.portfolio.selectID(id)
		v.load()
	})
}

// newAccount opens an empty profile card for a new account.
func (w *MainWindow) newAccount() {
	w.leave(func() {
		v := newAccountDraft(w.shell)
		v.profile.onSaved = func(a *accounts.Account) {
			w.account = nil
			w.openAccount(a.ID) // the change itself reloads the list
		}
		w.account = v
		w.right.Objects = []fyne.CanvasObject{v.content}
		w.right.Refresh()
		w.portfolio.list.UnselectAll()
	})
}

// leave runs next unless the open account has unsaved edits, in which case
// it asks first.
func (w *MainWindow) leave(next func()) {
	if w.account == nil || !w.account.dirty() {
		next()
		return
	}
	confirmDiscard(w.shell, func() {
		w.account.discard()
		next()
	}, func() {
		if w.account != nil {
			w.portfolio.selectID(w.account.id)
		}
	})
}

// confirmDiscard asks whether to drop unsaved edits; next runs on yes, stay
// (if any) on no.
func confirmDiscard(w *shell, next, stay func()) {
	d := dialog.NewConfirm(lang.L("unsaved.title"), lang.L("unsaved.message"), func(discard bool) {
		if discard {
			next()
		} else if stay != nil {
			stay()
		}
	}, w.win)
	d.SetDismissText(lang.L("unsaved.stay"))
	d.SetConfirmText(lang.L("unsaved.discard"))
	w.unsaved = d
	d.Show()
}

func (w *MainWindow) closeIntercept() {
	w.leave(func() {
		sz := w.win.Canvas().Size()
		p := w.app.Preferences()
		p.SetFloat(prefWidth, float64(sz.Width))
		p.SetFloat(prefHeight, float64(sz.Height))
		w.win.Close()
	})
}

// apply is the one way a change reaches the screen, whatever made it (a
// form here, an import, a team server): the portfolio list reloads its rows
// and the risk board rescores what changed, Today and the pipeline reload
// when shown, and the open account refreshes in place, keeping unsaved
// edits of a change somebody else made.
func (w *MainWindow) apply(ch book.Change) {
	w.portfolio.reload(nil)
	if w.account == nil && !ch.Mine(viewToday) {
		w.today.reload() // ticking a follow-up on Today leaves its row in place
	}
	if pv := w.pipeline; pv != nil && w.showing(pv.content) {
		pv.reload()
	}
	if v := w.account; v != nil && v.id != "" && ch.Touches(v.id) {
		v.refresh(ch)
	}
}

// errorSentence words err in the interface language.
func errorSentence(err error) string {
	switch accounts.ErrorCode(err) {
	case accounts.ECONFLICT:
		return lang.L("error.conflict")
	case accounts.ENOTFOUND:
		return lang.L("error.notfound")
	case accounts.ELOCKED:
		return lang.L("error.locked")
	case accounts.EINTERNAL:
		return lang.L("error.internal")
	}
	// Anything else says what the domain said, in either language: an
	// invalid record lists its problems.
	return sayErr(err)
}

// heading is a large label for a view's title.
func heading(text string) *widget.Label {
	return &widget.Label{Text: text, SizeName: theme.SizeNameHeadingText, Truncation: fyne.TextTruncateEllipsis}
}

// subheading is a section title inside a view.
func subheading(text string) *widget.Label {
	return &widget.Label{Text: text, SizeName: theme.SizeNameSubHeadingText, Importance: widget.HighImportance}
}

// showOnRight puts a portfolio-wide view (risk, review, churn, route,
// regional plan) on the right: no account is open, the title names the
// view, the next start opens Today rather than an account, and the
// portfolio list has no selection. Call it inside leave.
func (w *MainWindow) showOnRight(titleKey string, content fyne.CanvasObject) {
	w.account = nil
	w.win.SetTitle(lang.L(titleKey) + " — " + lang.L("app.title"))
	w.app.Preferences().SetString(prefLastAccount, "")
	w.right.Objects = []fyne.CanvasObject{content}
	w.right.Refresh()
	w.portfolio.list.UnselectAll()
}
