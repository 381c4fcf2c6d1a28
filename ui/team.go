package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/book"
)

// teamTimeout bounds a connect or a "Sync now" started from the dialog.
const teamTimeout = 2 * time.Minute

// syncBadge is the toolbar's sync state: hidden without a team server;
// otherwise "Synced 14:05", "Syncing…", "3 waiting to go up", "Offline" or
// "Sync problem", and a tap opens the team server dialog, which says why.
type syncBadge struct {
	btn   *widget.Button
	state book.TeamStatus
}

// badgeLook is the badge's icon and importance per state; the text comes
// from badgeText. The icons are theme functions, called when the badge is
// drawn: called here, at start-up, they would ask for the app before there
// is one (and log an error each) and miss a later theme change.
var badgeLook = map[book.TeamState]struct {
	icon func() fyne.Resource
	imp  widget.Importance
}{
	book.TeamSynced:  {theme.ConfirmIcon, widget.LowImportance},
	book.TeamSyncing: {theme.ViewRefreshIcon, widget.LowImportance},
	book.TeamWaiting: {theme.UploadIcon, widget.MediumImportance},
	book.TeamOffline: {theme.WarningIcon, widget.WarningImportance},
	book.TeamProblem: {theme.ErrorIcon, widget.DangerImportance},
}

func newSyncBadge(open func()) *syncBadge {
	s := &syncBadge{}
	s.btn = &widget.Button{Importance: widget.LowImportance, OnTapped: open}
	s.btn.ExtendBaseWidget(s.btn)
	s.btn.Hide()
	return s
}

// show draws st; on the UI goroutine.
func (s *syncBadge) show(st book.TeamStatus) {
	s.state = st
	look, ok := badgeLook[st.State]
	if !ok {
		s.btn.Hide()
		return
	}
	if st.State == book.TeamSynced && st.Conflicts > 0 {
		look.icon, look.imp = theme.WarningIcon, widget.WarningImportance // a choice waits for the person
	}
	s.btn.SetText(badgeText(st))
	s.btn.SetIcon(look.icon())
	s.btn.Importance = look.imp
	s.btn.Show()
	s.btn.Refresh()
}

// badgeText words the state in a few words.
func badgeText(st book.TeamStatus) string {
	switch st.State {
	case book.TeamSynced:
		if st.Conflicts > 0 {
			return lang.L("sync.badge.conflicts", map[string]any{"Count": st.Conflicts})
		}
		if st.LastSync.IsZero() {
			return lang.L("sync.badge.connected")
		}
		return lang.L("sync.badge.synced", map[string]any{"Time": st.LastSync.Local().Format("15:04")})
	case book.TeamSyncing:
		return lang.L("sync.badge.syncing")
	case book.TeamWaiting:
		return lang.L("sync.badge.waiting", map[string]any{"Count": st.Waiting})
	case book.TeamOffline:
		if st.Waiting > 0 {
			return lang.L("sync.badge.offline_waiting", map[string]any{"Count": st.Waiting})
		}
		return lang.L("sync.badge.offline")
	}
	return lang.L("sync.badge.problem")
}

// startTeam shows the badge and follows the book's sync status.
func (w *MainWindow) startTeam(run bool) {
	w.badge = newSyncBadge(w.showTeam)
	w.unsubTeam = w.book.SubscribeTeam(func(st book.TeamStatus) {
		w.onUI(func() {
			w.badge.show(st)
			if w.team != nil {
				w.team.status(st)
			}
		})
	})
	w.badge.show(w.book.TeamStatus())
	if run {
		w.whenListed(w.book.StartTeamSync)
	}
}

// teamDialog is File → Team server…: connect this database to the
// company's team server, or see how sync stands and sync now.
type teamDialog struct {
	w   *shell
	dlg *dialog.CustomDialog
	box *fyne.Container

	// connect form
	server, login, password *widget.Entry
	connect                 *widget.Button
	problem                 *widget.Label

	// status
	rows    *widget.Form
	state   *widget.Label
	syncNow *widget.Button
	done    string // the last sentence shown, for tests
}

func (w *MainWindow) showTeam() {
	w.team = newTeamDialog(w.shell, w.book.TeamStatus())
	w.team.dlg.SetOnClosed(func() { w.team = nil })
}

func newTeamDialog(w *shell, st book.TeamStatus) *teamDialog {
	d := &teamDialog{w: w}
	d.box = container.NewVBox()
	closeBtn := &widget.Button{Text: lang.L("dialog.close")}
	closeBtn.ExtendBaseWidget(closeBtn)
	d.dlg = dialog.NewCustomWithoutButtons(lang.L("team.title"), container.NewVScroll(d.box), w.win)
	closeBtn.OnTapped = d.dlg.Hide
	d.dlg.SetButtons([]fyne.CanvasObject{closeBtn})
	d.status(st)
	d.dlg.Resize(dialogSize(w.win, 640, 460))
	d.dlg.Show()
	return d
}

// status shows the connect form or the state of sync.
func (d *teamDialog) status(st book.TeamStatus) {
	if !st.Linked() {
		if d.server == nil {
			d.buildConnect()
		}
		return
	}
	if d.rows == nil {
		d.buildStatus()
	}
	d.fillStatus(st)
}

func (d *teamDialog) buildConnect() {
	intro := &widget.Label{Text: lang.L("team.connect.intro"), Wrapping: fyne.TextWrapWord}
	d.server = widget.NewEntry()
	d.server.SetPlaceHolder(lang.L("team.server.hint"))
	d.login = widget.NewEntry()
	d.password = widget.NewPasswordEntry()
	d.problem = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance}
	d.problem.Hide()
	form := widget.NewForm(
		widget.NewFormItem(lang.L("team.server"), d.server),
		widget.NewFormItem(lang.L("team.login"), d.login),
		widget.NewFormItem(lang.L("team.password"), d.password),
	)
	d.password.OnSubmitted = func(string) { d.doConnect() }
	d.connect = &widget.Button{Text: lang.L("team.connect"), Icon: theme.LoginIcon(), Importance: widget.HighImportance, OnTapped: d.doConnect}
	d.connect.ExtendBaseWidget(d.connect)
	hint := &widget.Label{Text: lang.L("team.connect.hint"), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance}
	d.box.Objects = []fyne.CanvasObject{intro, form, d.problem, container.NewHBox(d.connect), hint}
	d.box.Refresh()
}

// doConnect signs in off the UI goroutine; a refusal is shown as its
// sentence under the form and changes nothing.
func (d *teamDialog) doConnect() {
	server, login, pw := d.server.Text, d.login.Text, d.password.Text
	if server == "" || login == "" || pw == "" {
		d.fail(lang.L("team.connect.missing"))
		return
	}
	d.problem.Hide() // a new try; a refusal shows again below
	d.connect.Disable()
	var res book.Connected
	var err error
	d.w.background("save team connect", func() {
		ctx, cancel := context.WithTimeout(context.Background(), teamTimeout)
		defer cancel()
		res, err = d.w.book.Connect(ctx, server, login, pw)
	}, func() {
		d.connect.Enable()
		if err != nil {
			d.fail(errorSentence(err))
			return
		}
		d.password.SetText("")
		d.rows = nil
		d.buildStatus()
		d.fillStatus(d.w.book.TeamStatus())
		d.done = lang.L("team.connected", map[string]any{"Name": res.Me.Name, "Count": res.Queued})
		d.state.SetText(d.done)
	})
}

func (d *teamDialog) fail(msg string) {
	d.done = msg
	d.problem.SetText(msg)
	d.problem.Show()
}

func (d *teamDialog) buildStatus() {
	d.rows = widget.NewForm()
	d.state = &widget.Label{Wrapping: fyne.TextWrapWord}
	d.syncNow = &widget.Button{Text: lang.L("team.sync_now"), Icon: theme.ViewRefreshIcon(), Importance: widget.HighImportance, OnTapped: d.doSync}
	d.syncNow.ExtendBaseWidget(d.syncNow)
	disconnect := &widget.Button{Text: lang.L("team.disconnect"), Icon: theme.LogoutIcon(), OnTapped: d.askDisconnect}
	disconnect.ExtendBaseWidget(disconnect)
	d.box.Objects = []fyne.CanvasObject{d.rows, widget.NewSeparator(), d.state, container.NewHBox(d.syncNow, disconnect)}
	d.box.Refresh()
}

// fillStatus shows who is signed in where and how sync stands.
func (d *teamDialog) fillStatus(st book.TeamStatus) {
	last := lang.L("team.never")
	if !st.LastSync.IsZero() {
		last = st.LastSync.Local().Format("2006-01-02 15:04")
	}
	d.rows.Items = []*widget.FormItem{
		widget.NewFormItem(lang.L("team.server"), wrapLabel(st.Server)),
		widget.NewFormItem(lang.L("team.signed_in"), wrapLabel(lang.L("team.who", map[string]any{"Name": st.Name, "Login": st.Login, "Role": lang.L(roleKey[st.Role])}))),
		widget.NewFormItem(lang.L("team.last_sync"), wrapLabel(last)),
		widget.NewFormItem(lang.L("team.waiting"), wrapLabel(lang.L("team.waiting.count", map[string]any{"Count": st.Waiting}))),
	}
	if st.Conflicts > 0 {
		d.rows.Append(lang.L("team.conflicts"), wrapLabel(lang.L("team.conflicts.count", map[string]any{"Count": st.Conflicts})))
	}
	if st.LocalOnly > 0 {
		d.rows.Append(lang.L("team.local_only"), wrapLabel(lang.L("team.local_only.count", map[string]any{"Count": st.LocalOnly})))
	}
	d.rows.Refresh()
	d.state.SetText(stateSentence(st))
	d.state.Importance = widget.MediumImportance
	if st.State == book.TeamProblem || st.State == book.TeamOffline {
		d.state.Importance = widget.DangerImportance
	}
	d.state.Refresh()
	if st.State == book.TeamSyncing {
		d.syncNow.Disable()
	} else {
		d.syncNow.Enable()
	}
}

// stateSentence says what the badge means, with the failure's own
// sentence (wrong password, disabled, unreachable, too new) when there is one.
func stateSentence(st book.TeamStatus) string {
	if st.Err != nil {
		return errorSentence(st.Err)
	}
	return lang.L(stateKey[st.State])
}

// roleKey and stateKey are the words of the server's roles and of sync's states.
var (
	roleKey  = map[string]string{"rep": "team.role.rep", "manager": "team.role.manager", "admin": "team.role.admin"}
	stateKey = map[book.TeamState]string{
		book.TeamSynced: "team.state.synced", book.TeamSyncing: "team.state.syncing", book.TeamWaiting: "team.state.waiting",
		book.TeamOffline: "team.state.offline", book.TeamProblem: "team.state.problem",
	}
)

func wrapLabel(s string) *widget.Label {
	return &widget.Label{Text: s, Wrapping: fyne.TextWrapWord}
}

// doSync runs a round now; the badge and this dialog follow its status.
func (d *teamDialog) doSync() {
	d.w.background("save team sync", func() {
		ctx, cancel := context.WithTimeout(context.Background(), teamTimeout)
		defer cancel()
		_, _ = d.w.book.SyncOnce(ctx) // its failure is in the status the dialog shows
	}, nil)
}

func (d *teamDialog) askDisconnect() {
	dialog.ShowConfirm(lang.L("team.disconnect.title"), lang.L("team.disconnect.confirm"), func(yes bool) {
		if !yes {
			return
		}
		var err error
		d.w.background("save team disconnect", func() { err = d.w.book.Disconnect() }, func() {
			if err != nil {
				d.w.showError(err)
				return
			}
			d.rows, d.server = nil, nil
			d.buildConnect()
		})
	}, d.w.win)
}

// teamPeople are the names of the active people on the team server, for
// choosing a successor; none without a server or when it cannot be reached
// (the owners of this database are offered either way). Off the UI goroutine.
func (w *shell) teamPeople() []string {
	if !w.book.TeamStatus().Linked() {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	users, err := w.book.TeamUsers(ctx)
	if err != nil {
		return nil
	}
	var names []string
	for _, u := range users {
		if !u.Disabled && u.Name != "" {
			names = append(names, u.Name)
		}
	}
	return names
}
