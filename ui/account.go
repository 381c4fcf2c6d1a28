package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/storage"
)

// accountView is the right pane for one account: a header and the tabs
// Profile, Decision makers, Visits, Warnings and Plan.
type accountView struct {
	w    *MainWindow
	id   accounts.ID
	data *storage.AccountData

	title    *widget.Label
	subtitle *widget.Label
	tabs     *container.AppTabs
	profile  *profileEditor
	contacts *contactsView
	visits   *visitsView
	warnings *container.Scroll
	plan     *container.Scroll
	body     *fyne.Container
	content  fyne.CanvasObject
}

func newAccountView(w *MainWindow, id accounts.ID) *accountView {
	v := &accountView{w: w, id: id}
	v.title = heading("")
	v.subtitle = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	v.body = container.NewStack(&widget.Label{Text: lang.L("account.loading"), Importance: widget.LowImportance})
	actions := container.NewHBox(
		v.actionButton(lang.L("action.logvisit"), theme.DocumentCreateIcon(), func() { v.logVisit() }),
		v.actionButton(lang.L("action.logcall"), theme.MailReplyIcon(), func() { v.logCall() }),
		v.actionButton(lang.L("action.newcontact"), theme.ContentAddIcon(), func() { v.newContact() }),
	)
	head := container.NewBorder(nil, nil, nil, container.NewVBox(actions), container.NewVBox(v.title, v.subtitle))
	v.content = container.NewBorder(head, nil, nil, nil, v.body)
	return v
}

// newAccountDraft is the view of an account not stored yet: only its profile card.
func newAccountDraft(w *MainWindow) *accountView {
	v := &accountView{w: w}
	a := accounts.Account{Tier: accounts.TierGrowth, Stage: accounts.StageProspect, CadenceDays: 30,
		Owner: w.app.Preferences().String(prefLastOwner)}
	v.profile = newProfileEditor(w, a, true)
	v.profile.onSaved = func(a *accounts.Account) {
		w.account = nil
		w.changed()
		w.openAccount(a.ID)
	}
	v.title = heading(lang.L("account.new"))
	v.content = container.NewBorder(container.NewVBox(v.title,
		&widget.Label{Text: lang.L("account.new.hint"), Importance: widget.LowImportance}), nil, nil, nil, v.profile.content)
	return v
}

func (v *accountView) actionButton(text string, icon fyne.Resource, tap func()) *widget.Button {
	b := &widget.Button{Text: text, Icon: icon, OnTapped: tap}
	b.ExtendBaseWidget(b)
	return b
}

// load reads the account off the UI goroutine and builds the tabs.
func (v *accountView) load() {
	var d *storage.AccountData
	var err error
	v.w.background(func() { d, err = v.w.store.LoadAccount(v.id) }, func() {
		if v.w.account != v {
			return // the user moved on
		}
		if err != nil {
			v.body.Objects = []fyne.CanvasObject{&widget.Label{Text: errorSentence(err), Wrapping: fyne.TextWrapWord}}
			v.body.Refresh()
			return
		}
		v.show(d)
	})
}

// reload refreshes the data after a write, keeping the selected tab.
func (v *accountView) reload() {
	sel := 0
	if v.tabs != nil {
		sel = v.tabs.SelectedIndex()
	}
	var d *storage.AccountData
	var err error
	v.w.background(func() { d, err = v.w.store.LoadAccount(v.id) }, func() {
		if v.w.account != v {
			return
		}
		if err != nil {
			v.w.showError(err)
			return
		}
		v.show(d)
		v.tabs.SelectIndex(sel)
	})
}

func (v *accountView) show(d *storage.AccountData) {
	v.data = d
	a := &d.Account
	v.title.SetText(a.Name)
	parts := []string{}
	for _, s := range []string{a.LegalName, tx(a.Tier.Label()), tx(a.Stage.Label()), a.Owner} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	v.subtitle.SetText(strings.Join(parts, " · "))
	v.w.win.SetTitle(a.Name + " — " + lang.L("app.title"))

	v.profile = newProfileEditor(v.w, *a, false)
	v.profile.onSaved = func(*accounts.Account) { v.w.changed(); v.reload() }
	v.profile.onReload = v.reload
	v.contacts = newContactsView(v)
	v.visits = newVisitsView(v)
	risk := riskOf(d, v.w.day())
	v.warnings = container.NewVScroll(warningsTab(d, risk))
	v.plan = container.NewVScroll(planTab(d))
	v.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("tab.profile"), theme.AccountIcon(), v.profile.content),
		container.NewTabItemWithIcon(lang.L("tab.contacts"), theme.GridIcon(), v.contacts.content),
		container.NewTabItemWithIcon(lang.L("tab.visits"), theme.HistoryIcon(), v.visits.content),
		container.NewTabItemWithIcon(lang.L("tab.warnings"), theme.WarningIcon(), v.warnings),
		container.NewTabItemWithIcon(lang.L("tab.plan"), theme.ListIcon(), v.plan),
	)
	v.body.Objects = []fyne.CanvasObject{v.tabs}
	v.body.Refresh()
}

// dirty reports unsaved edits anywhere in the account.
func (v *accountView) dirty() bool {
	if v.profile != nil && v.profile.dirty() {
		return true
	}
	if v.contacts != nil && v.contacts.dirty() {
		return true
	}
	return v.visits != nil && v.visits.dirty()
}

// discard drops unsaved edits.
func (v *accountView) discard() {
	if v.profile != nil {
		v.profile.cancel()
	}
	if v.contacts != nil {
		v.contacts.cancel()
	}
	if v.visits != nil {
		v.visits.cancel()
	}
}

func (v *accountView) selectTab(i int) {
	if v.tabs != nil {
		v.tabs.SelectIndex(i)
	}
}

func (v *accountView) logVisit() {
	if v.visits == nil {
		return
	}
	v.selectTab(2)
	v.visits.newVisit(accounts.KindOnSite)
}

func (v *accountView) logCall() {
	if v.data == nil {
		return
	}
	showLogCall(v)
}

func (v *accountView) newContact() {
	if v.contacts == nil {
		return
	}
	v.selectTab(1)
	v.contacts.newContact()
}

// contactName returns the display name of one of the account's contacts.
func (v *accountView) contactName(id accounts.ID) string {
	for i := range v.data.Contacts {
		if v.data.Contacts[i].ID == id {
			return v.data.Contacts[i].DisplayName(uiLang)
		}
	}
	return ""
}
