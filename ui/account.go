package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
)

// prefLastTab is the account tab last shown, opened again on the next start.
const prefLastTab = "last_account_tab"

// accountView is the right pane for one account: a header and the tabs
// Profile, Decision makers, Visits, Warnings and Plan.
type accountView struct {
	w    *shell
	id   accounts.ID
	data *accounts.AccountData

	title    *widget.Label
	subtitle *widget.Label
	tabs     *container.AppTabs
	profile  *profileEditor
	contacts *contactsView
	visits   *visitsView
	warnings *warningsView
	plan     *planView
	review   *reviewNote // the manager's latest review comment (reviewnote.go)
	// conflicts shows the fields changed here and on the team server at once.
	conflicts *conflictPanel
	// startTab is the tab to show once the account has loaded (the
	// Pipeline view opens the Plan tab).
	startTab int
	// playbooksOpen are the warning signs whose counter-measures are shown;
	// it outlives the Warnings tab, which is built again after each change.
	playbooksOpen map[accounts.ID]bool
	slots         []*fyne.Container // tab contents, built on first show
	body          *fyne.Container
	content       fyne.CanvasObject
}

func newAccountView(w *shell, id accounts.ID) *accountView {
	v := &accountView{w: w, id: id, playbooksOpen: map[accounts.ID]bool{}}
	v.title = heading("")
	v.subtitle = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	v.body = container.NewStack(&widget.Label{Text: lang.L("account.loading"), Importance: widget.LowImportance})
	actions := container.NewHBox(
		v.actionButton(lang.L("action.logvisit"), theme.DocumentCreateIcon(), func() { v.logVisit() }),
		v.actionButton(lang.L("action.logcall"), theme.MailReplyIcon(), func() { v.logCall() }),
		v.actionButton(lang.L("action.newcontact"), theme.ContentAddIcon(), func() { v.newContact() }),
	)
	head := container.NewBorder(nil, nil, nil, container.NewVBox(actions), container.NewVBox(v.title, v.subtitle))
	v.conflicts = newConflictPanel(v)
	top := container.NewVBox(head, v.conflicts.box)
	v.conflicts.relayout = top.Refresh // the panel's height changes the header's
	v.content = container.NewBorder(top, nil, nil, nil, v.body)
	return v
}

// newAccountDraft is the view of an account not stored yet: only its profile card.
func newAccountDraft(w *shell) *accountView {
	v := &accountView{w: w}
	a := accounts.Account{Tier: accounts.TierGrowth, Stage: accounts.StageProspect, CadenceDays: 30,
		Owner: w.app.Preferences().String(prefLastOwner)}
	v.profile = newProfileEditor(w, a, true)
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
	var d *accounts.AccountData
	var err error
	v.w.background("load account "+string(v.id), func() { d, err = v.w.book.LoadAccount(v.id) }, func() {
		if v.w.current() != v {
			return // the user moved on
		}
		if err != nil {
			v.body.Objects = []fyne.CanvasObject{&widget.Label{Text: errorSentence(err), Wrapping: fyne.TextWrapWord}}
			v.body.Refresh()
			return
		}
		v.show(d)
		if v.startTab > 0 && v.startTab < len(v.slots) {
			v.selectTab(v.startTab)
		}
		v.w.app.Preferences().SetInt(prefLastTab, v.tabs.SelectedIndex())
	})
}

// refresh follows a change to this account, whatever made it: the stored
// data is read again and each part of the view refreshes in place; a form
// with unsaved edits keeps them. A deleted account gives way to Today.
func (v *accountView) refresh(ch book.Change) {
	if ch.IsDeleted(v.id) {
		v.discard()
		v.w.home()
		return
	}
	if v.tabs == nil {
		v.load() // still loading: a load after it reads the change
		return
	}
	var d *accounts.AccountData
	var err error
	v.w.background("load account "+string(v.id), func() { d, err = v.w.book.LoadAccount(v.id) }, func() {
		if v.w.current() != v {
			return
		}
		if err != nil {
			v.w.showError(err)
			return
		}
		v.update(d, ch)
	})
}

// reload reads the stored account again and shows it everywhere, dropping
// unsaved edits (the Reload offered after a conflict or a change made
// elsewhere).
func (v *accountView) reload() {
	var d *accounts.AccountData
	var err error
	v.w.background("load account "+string(v.id), func() { d, err = v.w.book.LoadAccount(v.id) }, func() {
		if v.w.current() != v {
			return
		}
		if err != nil {
			v.w.showError(err)
			return
		}
		v.discard()
		v.update(d, book.Change{Source: book.From(viewReload)})
	})
}

// heading shows the account's name and key facts above the tabs.
func (v *accountView) heading(a *accounts.Account) {
	v.title.SetText(a.Name)
	parts := []string{}
	for _, s := range []string{a.LegalName, tx(a.Tier.Label()), tx(a.Stage.Label()), a.Owner} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	v.subtitle.SetText(strings.Join(parts, " · "))
	v.w.win.SetTitle(a.Name + " — " + lang.L("app.title"))
}

func (v *accountView) show(d *accounts.AccountData) {
	v.data = d
	v.heading(&d.Account)
	v.profile = newProfileEditor(v.w, d.Account, false)
	v.profile.onSaved = func(*accounts.Account) {}
	v.profile.onReload = v.reload
	v.profile.showCard(d)
	v.contacts, v.visits, v.plan, v.warnings = nil, nil, nil, nil
	// Only the profile is built now; the other tabs are built when first
	// shown, so opening an account with thousands of visits stays quick.
	slots := make([]*fyne.Container, 5)
	for i := range slots {
		slots[i] = container.NewStack()
	}
	slots[0].Objects = []fyne.CanvasObject{v.withReviewNote()}
	v.slots = slots
	v.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("tab.profile"), theme.AccountIcon(), slots[0]),
		container.NewTabItemWithIcon(lang.L("tab.contacts"), theme.GridIcon(), slots[1]),
		container.NewTabItemWithIcon(lang.L("tab.visits"), theme.HistoryIcon(), slots[2]),
		container.NewTabItemWithIcon(lang.L("tab.warnings"), theme.WarningIcon(), slots[3]),
		container.NewTabItemWithIcon(lang.L("tab.plan"), theme.ListIcon(), slots[4]),
	)
	v.tabs.OnSelected = func(*container.TabItem) {
		v.build(v.tabs.SelectedIndex())
		v.w.app.Preferences().SetInt(prefLastTab, v.tabs.SelectedIndex())
	}
	v.body.Objects = []fyne.CanvasObject{v.tabs}
	v.body.Refresh()
	v.conflicts.load()
}

// update shows newly stored data in the tabs already built, in place: the
// tabs, the selected one and the profile card stay. A form with unsaved
// edits keeps them; when somebody else changed what it edits, it says so
// and offers to reload. A tab without edits shows the new data; the tab
// whose form made the change has shown its result already.
func (v *accountView) update(d *accounts.AccountData, ch book.Change) {
	v.data = d
	v.heading(&d.Account)
	v.conflicts.load()
	v.profile.changed(d.Account)
	v.profile.showCard(d)
	v.review.load()
	for i, part := range v.parts() {
		if part == nil || part.mine(ch) {
			continue
		}
		if part.dirty() {
			part.keepEdits(d)
			continue
		}
		v.rebuild(i)
	}
}

// rebuild builds tab i anew from the stored data, dropping its edits.
func (v *accountView) rebuild(i int) {
	v.slots[i].Objects = nil
	v.build(i)
}

// tabPart is a tab beside the profile card, as update refreshes it.
type tabPart interface {
	dirty() bool
	// mine reports a change the tab made and has shown already.
	mine(ch book.Change) bool
	// keepEdits follows a change while the tab has unsaved edits.
	keepEdits(d *accounts.AccountData)
}

// parts are the tabs by index, nil where not built yet.
func (v *accountView) parts() []tabPart {
	out := make([]tabPart, len(v.slots))
	if v.contacts != nil {
		out[1] = v.contacts
	}
	if v.visits != nil {
		out[2] = v.visits
	}
	if v.warnings != nil {
		out[3] = v.warnings
	}
	if v.plan != nil {
		out[4] = v.plan
	}
	return out
}

// build fills tab i on first use.
func (v *accountView) build(i int) {
	if i < 0 || i >= len(v.slots) || len(v.slots[i].Objects) > 0 {
		return
	}
	var obj fyne.CanvasObject
	switch i {
	case 1:
		v.contacts = newContactsView(v)
		obj = v.contacts.content
	case 2:
		v.visits = newVisitsView(v)
		obj = v.visits.content
	case 3:
		v.warnings = newWarningsView(v)
		obj = v.warnings.content
	case 4:
		v.plan = newPlanView(v)
		obj = v.plan.content
	default:
		return
	}
	v.slots[i].Objects = []fyne.CanvasObject{obj}
	v.slots[i].Refresh()
}

// dirty reports unsaved edits anywhere in the account.
func (v *accountView) dirty() bool {
	if v.profile != nil && v.profile.dirty() {
		return true
	}
	if v.contacts != nil && v.contacts.dirty() {
		return true
	}
	if v.plan != nil && v.plan.dirty() {
		return true
	}
	if v.warnings != nil && v.warnings.dirty() {
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
	if v.plan != nil {
		v.plan.cancel()
	}
	if v.warnings != nil {
		v.warnings.cancel()
	}
}

func (v *accountView) selectTab(i int) {
	if v.tabs != nil {
		v.tabs.SelectIndex(i)
		v.build(i)
	}
}

func (v *accountView) logVisit() {
	if v.data == nil {
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
	if v.data == nil {
		return
	}
	v.selectTab(1)
	v.contacts.newContact()
}

// The tabs as update refreshes them (tabPart). The plan shows its own save
// at once; the other tabs are built anew from the stored data after their
// own saves, as they are after anybody else's, unless they hold edits
// (keepEdits, beside each tab's form).

func (pv *planView) mine(ch book.Change) bool  { return ch.Mine(viewPlan) }
func (vv *visitsView) mine(book.Change) bool   { return false }
func (wv *warningsView) mine(book.Change) bool { return false }
