package ui

import (
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
	"keycard/collation"
)

// The handover wizard passes a departing owner's accounts to successors in
// five steps: who leaves, which accounts go to whom, the notes and
// introductions per account, the dossier PDFs, and a review before the
// owners change. Its state lives in handoverRow values rather than in the
// widgets of one step, so Back and Next never lose what was typed, and a
// half-done handover can be stored as a draft at any step and resumed.

const handoverSteps = 5

// handoverWizard is one open handover.
type handoverWizard struct {
	// people are the team server's people (their names), offered as
	// successors beside the owners of this database; empty without a server.
	people []string
	// successors are the names offered as successors for this owner.
	successors []string
	w          *shell
	h          accounts.Handover // ID and Version once saved
	step       int               // 0-based
	owner      string            // the departing owner whose rows are loaded
	rows       []*handoverRow    // the departing owner's accounts, by name
	done       bool
	shown      bool

	dlg      *dialog.CustomDialog
	progress *widget.Label
	title    *widget.Label
	body     *fyne.Container
	status   *widget.Label
	foot     *fyne.Container
	back     *widget.Button
	next     *widget.Button
	later    *widget.Button
	cancel   *widget.Button

	// step 1
	from   *widget.Select
	reason *widget.Entry
	// step 2
	oneForAll *widget.SelectEntry
	applyAll  *widget.Button
	// step 3
	accList  *widget.List
	current  *handoverRow
	notes    *widget.Entry
	notesFor *widget.Label
	introBox *fyne.Container
	// step 4
	folder    *widget.Entry
	private   *widget.Check
	generate  *widget.Button
	generated []string // paths of the dossiers written
	// step 5 and after
	review *widget.Label
	result *widget.Label
}

// handoverRow is one of the departing owner's accounts and what the wizard
// decided for it so far.
type handoverRow struct {
	sum    book.Summary
	data   *accounts.AccountData
	risk   accounts.RiskLevel
	key    []accounts.Contact // the contacts the successor must meet
	intros []accounts.Introduction
	notes  string

	pick   *widget.Check
	to     *widget.SelectEntry
	checks []*widget.Check // one per key contact
}

// handOver is File → Hand over accounts…: it offers the unfinished drafts
// to resume, or starts a new handover when there are none.
func (w *MainWindow) handOver() {
	w.chooseHandover(nil)
}

// handoverChooser lists the unfinished handovers.
type handoverChooser struct {
	dlg    *dialog.CustomDialog
	resume []*widget.Button // one per draft, newest first
	fresh  *widget.Button
	opened *handoverWizard
}

// chooseHandover loads the drafts and shows the chooser, or the wizard at
// once when there is no draft. shown (tests) receives the chooser.
func (w *MainWindow) chooseHandover(shown func(*handoverChooser)) {
	var all []accounts.Handover
	var err error
	w.background("load handovers", func() { all, err = w.book.Handovers() }, func() {
		if err != nil {
			w.showError(err)
			return
		}
		var drafts []accounts.Handover
		for i := len(all) - 1; i >= 0; i-- {
			if all[i].Status == accounts.HandoverDraft {
				drafts = append(drafts, all[i])
			}
		}
		if len(drafts) == 0 {
			w.newHandoverWizard(nil).show()
			if shown != nil {
				shown(nil)
			}
			return
		}
		ch := &handoverChooser{}
		rows := container.NewVBox()
		for i := range drafts {
			d := drafts[i]
			b := &widget.Button{Text: lang.L("handover.resume"), Importance: widget.HighImportance, OnTapped: func() {
				ch.dlg.Hide()
				ch.opened = w.newHandoverWizard(&d)
				ch.opened.show()
			}}
			b.ExtendBaseWidget(b)
			ch.resume = append(ch.resume, b)
			line := lang.L("handover.draftline", map[string]any{
				"From": d.From, "N": len(d.Accounts), "Saved": d.UpdatedAt.In(w.now().Location()).Format("2006-01-02 15:04")})
			rows.Add(container.NewBorder(nil, nil, nil, b, &widget.Label{Text: line, Truncation: fyne.TextTruncateEllipsis}))
		}
		ch.fresh = &widget.Button{Text: lang.L("handover.startnew"), OnTapped: func() {
			ch.dlg.Hide()
			ch.opened = w.newHandoverWizard(nil)
			ch.opened.show()
		}}
		ch.fresh.ExtendBaseWidget(ch.fresh)
		intro := &widget.Label{Text: lang.L("handover.drafts"), Wrapping: fyne.TextWrapWord}
		content := container.NewBorder(intro, container.NewHBox(ch.fresh), nil, nil, container.NewVScroll(rows))
		ch.dlg = dialog.NewCustom(lang.L("handover.title"), lang.L("form.cancel"), content, w.win)
		ch.dlg.Resize(fyne.NewSize(620, 360))
		ch.dlg.Show()
		if shown != nil {
			shown(ch)
		}
	})
}

// newHandoverWizard builds the wizard, empty or from a stored draft.
func (w *MainWindow) newHandoverWizard(draft *accounts.Handover) *handoverWizard {
	z := &handoverWizard{w: w.shell}
	if draft != nil {
		z.h = *draft
	}
	z.progress = &widget.Label{SizeName: theme.SizeNameCaptionText, Importance: widget.HighImportance}
	z.title = heading("")
	z.status = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	z.body = container.NewStack()
	btn := func(key string, imp widget.Importance, tap func()) *widget.Button {
		b := &widget.Button{Text: lang.L(key), Importance: imp, OnTapped: tap}
		b.ExtendBaseWidget(b)
		return b
	}
	z.back = btn("handover.back", widget.MediumImportance, func() { z.goTo(z.step - 1) })
	z.back.Icon = theme.NavigateBackIcon()
	z.next = btn("handover.next", widget.HighImportance, z.forward)
	z.next.Icon, z.next.IconPlacement = theme.NavigateNextIcon(), widget.ButtonIconTrailingText
	z.later = btn("handover.later", widget.MediumImportance, z.saveDraft)
	z.cancel = btn("form.cancel", widget.LowImportance, func() { z.dlg.Hide() })

	z.buildStep1()
	z.oneForAll = widget.NewSelectEntry(nil)
	z.oneForAll.PlaceHolder = lang.L("handover.successor")
	z.applyAll = btn("handover.applyall", widget.MediumImportance, z.applyToAll)
	z.buildStep3()
	z.buildStep4()
	z.review = &widget.Label{Wrapping: fyne.TextWrapWord}
	z.result = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.SuccessImportance}

	head := container.NewVBox(z.progress, z.title, widget.NewSeparator())
	buttons := container.NewBorder(nil, nil, container.NewHBox(z.cancel, z.later), container.NewHBox(z.back, z.next))
	foot := container.NewVBox(z.status, widget.NewSeparator(), buttons)
	z.foot = foot
	content := container.NewBorder(head, foot, nil, nil, z.body)
	z.dlg = dialog.NewCustomWithoutButtons(lang.L("handover.title"), content, w.win)
	z.dlg.Resize(fyne.NewSize(980, 680))

	if draft != nil {
		z.reason.SetText(draft.Reason)
		z.step = 1
	}
	return z
}

func (z *handoverWizard) show() {
	z.shown = true
	z.dlg.Show()
	z.goTo(z.step)
}

// buildStep1: who leaves, and why.
func (z *handoverWizard) buildStep1() {
	z.from = &widget.Select{PlaceHolder: lang.L("handover.pickowner")}
	z.from.ExtendBaseWidget(z.from)
	z.from.OnChanged = func(owner string) { z.loadOwner(owner) }
	z.reason = entry("")
	z.reason.PlaceHolder = lang.L("handover.reason.hint")
	var owners []string
	var err error
	z.w.background("load owners", func() {
		owners, err = z.w.book.Owners()
		z.people = z.w.teamPeople()
	}, func() {
		if err != nil {
			z.fail(err)
			return
		}
		z.from.Options = owners
		z.from.Refresh()
		z.oneForAll.SetOptions(owners)
		if z.h.From != "" && z.from.Selected == "" {
			z.from.SetSelected(z.h.From) // a draft: loads its rows
		}
	})
}

// loadOwner reads the departing owner's accounts with everything a
// handover shows: risk, open follow-ups, key contacts.
func (z *handoverWizard) loadOwner(owner string) {
	if owner == z.owner {
		return
	}
	z.owner = owner
	today := z.w.day()
	var rows []*handoverRow
	var err error
	z.w.background("load handover rows", func() {
		var sums []book.Summary
		sums, err = z.w.book.SummariesByOwner(owner)
		if err != nil {
			return
		}
		for _, s := range sums {
			d, lerr := z.w.book.LoadAccount(s.ID)
			if lerr != nil {
				err = lerr
				return
			}
			rows = append(rows, &handoverRow{sum: s, data: d, risk: riskOf(d, today).Level, key: accounts.KeyContacts(d.Contacts)})
		}
		collation.SortBy(rows, func(r **handoverRow) string { return (*r).sum.Name })
	}, func() {
		if owner != z.owner {
			return // another owner was picked meanwhile
		}
		if err != nil {
			z.fail(err)
			return
		}
		z.setRows(rows)
		if z.shown {
			z.goTo(z.step)
		}
	})
}

// setRows makes the widgets of each row and fills them from the draft when
// it is for this owner (all accounts are ticked for a new handover).
func (z *handoverWizard) setRows(rows []*handoverRow) {
	saved := map[accounts.ID]accounts.HandoverAccount{}
	fromDraft := z.h.From == z.owner && len(z.h.Accounts) > 0
	if fromDraft {
		for _, a := range z.h.Accounts {
			saved[a.AccountID] = a
		}
	}
	var successors []string
	for _, o := range append(append([]string(nil), z.from.Options...), z.people...) {
		if o != z.owner && !slices.Contains(successors, o) {
			successors = append(successors, o)
		}
	}
	z.oneForAll.SetOptions(successors)
	z.successors = successors
	for _, r := range rows {
		r := r
		ha, inDraft := saved[r.sum.ID]
		r.pick = widget.NewCheck("", nil)
		r.pick.SetChecked(!fromDraft || inDraft)
		r.to = widget.NewSelectEntry(successors)
		r.to.PlaceHolder = lang.L("handover.successor")
		r.to.SetText(ha.To)
		r.notes = ha.Notes
		done := map[accounts.ID]accounts.Introduction{}
		for _, in := range ha.Introductions {
			done[in.ContactID] = in
		}
		r.intros = make([]accounts.Introduction, len(r.key))
		r.checks = make([]*widget.Check, len(r.key))
		for i, c := range r.key {
			i := i
			r.intros[i] = accounts.Introduction{ContactID: c.ID}
			if old, ok := done[c.ID]; ok {
				r.intros[i] = old
			}
			chk := widget.NewCheck(contactLine(c), nil)
			chk.SetChecked(r.intros[i].Done)
			chk.OnChanged = func(on bool) {
				r.intros[i].Done = on
				r.intros[i].DoneOn = accounts.Date{}
				if on {
					r.intros[i].DoneOn = z.w.day()
				}
				z.accList.Refresh()
			}
			r.checks[i] = chk
		}
	}
	z.rows = rows
	z.current = nil
}

func contactLine(c accounts.Contact) string {
	parts := []string{tx(c.Who())}
	if c.Title != "" {
		parts = append(parts, c.Title)
	}
	if c.Role != "" {
		parts = append(parts, tx(c.Role.Label()))
	}
	return strings.Join(parts, " · ") + " · " + lang.L("handover.influence", map[string]any{"N": c.Influence})
}

// picked returns the ticked rows.
func (z *handoverWizard) picked() []*handoverRow {
	var out []*handoverRow
	for _, r := range z.rows {
		if r.pick != nil && r.pick.Checked {
			out = append(out, r)
		}
	}
	return out
}

// goTo shows step i (0-based).
func (z *handoverWizard) goTo(i int) {
	if i < 0 || i >= handoverSteps || z.done {
		return
	}
	z.step = i
	z.status.SetText("")
	titles := []string{"handover.step1", "handover.step2", "handover.step3", "handover.step4", "handover.step5"}
	z.title.SetText(lang.L(titles[i]))
	z.progress.SetText(lang.L("handover.progress", map[string]any{"Step": i + 1, "Of": handoverSteps}))
	var content fyne.CanvasObject
	switch i {
	case 0:
		content = z.step1()
	case 1:
		content = z.step2()
	case 2:
		content = z.step3()
	case 3:
		content = z.step4()
	case 4:
		content = z.step5()
	}
	z.body.Objects = []fyne.CanvasObject{content}
	z.body.Refresh()
	z.back.Enable()
	if i == 0 {
		z.back.Disable()
	}
	z.next.SetText(lang.L("handover.next"))
	z.next.Icon = theme.NavigateNextIcon()
	if i == handoverSteps-1 {
		z.next.SetText(lang.L("handover.confirm"))
		z.next.Icon = theme.ConfirmIcon()
	}
	z.next.Refresh()
	z.foot.Refresh() // the button's width follows its text
}

// forward checks the current step and moves on; on the last step it
// completes the handover.
func (z *handoverWizard) forward() {
	if z.done {
		z.dlg.Hide()
		return
	}
	if msg := z.problem(z.step); msg != "" {
		z.status.SetText(msg)
		return
	}
	if z.step == handoverSteps-1 {
		z.complete()
		return
	}
	z.goTo(z.step + 1)
}

// problem says what stops step i from being left forwards.
func (z *handoverWizard) problem(i int) string {
	switch i {
	case 0:
		if z.from.Selected == "" {
			return lang.L("handover.err.owner")
		}
		if z.rows == nil && z.owner != "" {
			return lang.L("handover.loading")
		}
		if len(z.rows) == 0 {
			return lang.L("handover.err.noaccounts", map[string]any{"Owner": z.owner})
		}
	case 1:
		p := z.picked()
		if len(p) == 0 {
			return lang.L("handover.err.none")
		}
		for _, r := range p {
			to := strings.TrimSpace(r.to.Text)
			if to == "" {
				return lang.L("handover.err.successor", map[string]any{"Name": r.sum.Name})
			}
			if strings.EqualFold(to, z.owner) {
				return lang.L("handover.err.self", map[string]any{"Name": r.sum.Name})
			}
		}
	}
	return ""
}

func (z *handoverWizard) step1() fyne.CanvasObject {
	intro := &widget.Label{Text: lang.L("handover.step1.intro"), Wrapping: fyne.TextWrapWord}
	form := widget.NewForm(
		widget.NewFormItem(lang.L("handover.from"), z.from),
		widget.NewFormItem(lang.L("handover.reason"), z.reason),
	)
	return container.NewVBox(intro, form)
}

func (z *handoverWizard) step2() fyne.CanvasObject {
	intro := &widget.Label{Text: lang.L("handover.step2.intro", map[string]any{"Owner": z.owner}), Wrapping: fyne.TextWrapWord}
	all := container.NewBorder(nil, nil, &widget.Label{Text: lang.L("handover.oneforall")}, z.applyAll, z.oneForAll)
	list := container.NewVBox()
	for _, r := range z.rows {
		badge := riskBadge(r.risk)
		fu := &widget.Label{Text: lang.L("handover.followups", map[string]any{"N": r.sum.OpenFollowUps}), Importance: widget.LowImportance}
		if r.sum.OpenFollowUps > 0 {
			fu.Importance = widget.MediumImportance
		}
		right := container.NewHBox(container.NewGridWrap(fyne.NewSize(110, badge.MinSize().Height), badge),
			container.NewGridWrap(fyne.NewSize(150, fu.MinSize().Height), fu),
			container.NewGridWrap(fyne.NewSize(230, r.to.MinSize().Height), r.to))
		name := &widget.Label{Text: r.sum.Name, Truncation: fyne.TextTruncateEllipsis}
		list.Add(container.NewBorder(nil, nil, r.pick, right, name))
	}
	head := container.NewBorder(nil, nil, nil, container.NewHBox(
		container.NewGridWrap(fyne.NewSize(110, 10), captionLabel(lang.L("handover.col.risk"))),
		container.NewGridWrap(fyne.NewSize(150, 10), captionLabel(lang.L("handover.col.followups"))),
		container.NewGridWrap(fyne.NewSize(230, 10), captionLabel(lang.L("handover.col.successor")))),
		captionLabel(lang.L("handover.col.account")))
	return container.NewBorder(container.NewVBox(intro, all, widget.NewSeparator(), head), nil, nil, nil, container.NewVScroll(list))
}

func captionLabel(s string) *widget.Label {
	return &widget.Label{Text: s, SizeName: theme.SizeNameCaptionText, Truncation: fyne.TextTruncateEllipsis}
}

// riskBadge words a risk level with the colour the portfolio uses.
func riskBadge(r accounts.RiskLevel) *widget.Label {
	l := &widget.Label{Text: tx(r.Label()), Importance: widget.SuccessImportance}
	switch r {
	case accounts.RiskHigh, accounts.RiskCritical:
		l.Importance = widget.DangerImportance
	case accounts.RiskElevated:
		l.Importance = widget.WarningImportance
	case "":
		l.Text, l.Importance = "—", widget.LowImportance
	}
	return l
}

// applyToAll gives every ticked account the "one for all" successor.
func (z *handoverWizard) applyToAll() {
	to := strings.TrimSpace(z.oneForAll.Text)
	if to == "" {
		z.status.SetText(lang.L("handover.err.oneforall"))
		return
	}
	z.status.SetText("")
	for _, r := range z.picked() {
		r.to.SetText(to)
	}
}

// buildStep3 makes the list of accounts and the editor of the one selected.
func (z *handoverWizard) buildStep3() {
	z.notes = multiline("")
	z.notes.SetMinRowsVisible(7)
	z.notes.PlaceHolder = lang.L("handover.notes.hint")
	z.notes.OnChanged = func(s string) {
		if z.current != nil {
			z.current.notes = s
			z.accList.RefreshItem(z.indexOf(z.current))
		}
	}
	z.notesFor = subheading("")
	z.notesFor.Truncation = fyne.TextTruncateEllipsis
	z.introBox = container.NewVBox()
	z.accList = &widget.List{
		Length: func() int { return len(z.picked()) },
		CreateItem: func() fyne.CanvasObject {
			return container.New(tightVBox{}, &widget.Label{Truncation: fyne.TextTruncateEllipsis, TextStyle: fyne.TextStyle{Bold: true}}, captionLabel(""))
		},
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) {
			p := z.picked()
			if i >= len(p) {
				return
			}
			r := p[i]
			objs := o.(*fyne.Container).Objects
			objs[0].(*widget.Label).SetText(r.sum.Name)
			n := 0
			for _, in := range r.intros {
				if in.Done {
					n++
				}
			}
			state := lang.L("handover.nonotes")
			if strings.TrimSpace(r.notes) != "" {
				state = lang.L("handover.hasnotes")
			}
			objs[1].(*widget.Label).SetText(lang.L("handover.rowstate", map[string]any{
				"To": strings.TrimSpace(r.to.Text), "Notes": state, "Done": n, "Of": len(r.intros)}))
		},
		OnSelected: func(i widget.ListItemID) { z.edit(i) },
	}
	z.accList.ExtendBaseWidget(z.accList)
}

func (z *handoverWizard) indexOf(r *handoverRow) int {
	for i, p := range z.picked() {
		if p == r {
			return i
		}
	}
	return -1
}

// edit shows the notes and introductions of the i-th ticked account.
func (z *handoverWizard) edit(i int) {
	p := z.picked()
	if i < 0 || i >= len(p) {
		return
	}
	r := p[i]
	z.current = nil // keep OnChanged from writing the old row's text into r
	z.notes.SetText(r.notes)
	z.current = r
	z.notesFor.SetText(lang.L("handover.notesfor", map[string]any{"Name": r.sum.Name, "To": strings.TrimSpace(r.to.Text)}))
	z.introBox.Objects = nil
	if len(r.checks) == 0 {
		z.introBox.Add(&widget.Label{Text: lang.L("handover.nokey"), Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord})
	}
	for _, c := range r.checks {
		z.introBox.Add(c)
	}
	z.introBox.Refresh()
}

func (z *handoverWizard) step3() fyne.CanvasObject {
	z.accList.Refresh()
	p := z.picked()
	i := z.indexOf(z.current)
	if i < 0 && len(p) > 0 {
		i = 0
	}
	if i >= 0 {
		z.accList.Select(i)
		z.edit(i)
		if i == 0 {
			z.accList.ScrollToTop()
		}
	}
	intro := &widget.Label{Text: lang.L("handover.step3.intro"), Wrapping: fyne.TextWrapWord}
	intros := container.NewVBox(subheading(lang.L("handover.introductions")),
		&widget.Label{Text: lang.L("handover.introductions.hint"), Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord},
		z.introBox)
	editor := container.NewVScroll(container.NewVBox(z.notesFor,
		&widget.Label{Text: lang.L("handover.notes"), TextStyle: fyne.TextStyle{Bold: true}}, z.notes, intros))
	split := container.NewHSplit(z.accList, editor)
	split.Offset = 0.3
	return container.NewBorder(intro, nil, nil, nil, split)
}

// buildStep4 makes the dossier controls; the folder defaults to Documents.
func (z *handoverWizard) buildStep4() {
	z.folder = entry(defaultFolder())
	z.private = widget.NewCheck(lang.L("handover.private"), nil)
	z.generate = &widget.Button{Text: lang.L("handover.generate"), Icon: theme.DocumentPrintIcon(), Importance: widget.HighImportance, OnTapped: func() {
		z.writeDossiers(strings.TrimSpace(z.folder.Text), nil)
	}}
	z.generate.ExtendBaseWidget(z.generate)
}

// defaultFolder is where dossiers go unless the person chooses another:
// their Documents folder, wherever the system really keeps it.
func defaultFolder() string { return book.DocumentsFolder() }

func (z *handoverWizard) step4() fyne.CanvasObject {
	intro := &widget.Label{Text: lang.L("handover.step4.intro", map[string]any{"N": len(z.picked())}), Wrapping: fyne.TextWrapWord}
	choose := &widget.Button{Text: lang.L("handover.choosefolder"), Icon: theme.FolderOpenIcon(), OnTapped: func() {
		d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				z.folder.SetText(u.Path())
			}
		}, z.w.win)
		d.Resize(fyne.NewSize(820, 560))
		d.Show()
	}}
	folderRow := container.NewBorder(nil, nil, &widget.Label{Text: lang.L("handover.folder")}, choose, z.folder)
	privNote := &widget.Label{Text: lang.L("handover.private.note"), Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	files := container.NewVBox()
	if len(z.generated) > 0 {
		files.Add(&widget.Label{Text: lang.L("handover.generated", map[string]any{"N": len(z.generated), "Folder": filepath.Dir(z.generated[0])}), Importance: widget.SuccessImportance, Wrapping: fyne.TextWrapWord})
		for _, p := range z.generated {
			files.Add(&widget.Label{Text: filepath.Base(p), Truncation: fyne.TextTruncateEllipsis})
		}
	} else {
		files.Add(&widget.Label{Text: lang.L("handover.notgenerated"), Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord})
	}
	return container.NewBorder(container.NewVBox(intro, folderRow, z.private, privNote, container.NewHBox(z.generate), widget.NewSeparator()), nil, nil, nil,
		container.NewVScroll(files))
}

// writeDossiers prints one handover dossier per ticked account into dir;
// then (tests) runs after the files are written or the error is shown.
func (z *handoverWizard) writeDossiers(dir string, then func()) {
	if dir == "" {
		z.status.SetText(lang.L("handover.err.folder"))
		return
	}
	h := z.collect(accounts.HandoverDraft)
	rows := z.picked()
	opts := book.DocumentOptions{Lang: dossierLang(), Paper: "A4", Now: z.w.now(), IncludePrivate: z.private.Checked}
	var paths []string
	var err error
	z.generate.Disable()
	z.status.SetText("")
	data := make([]*accounts.AccountData, len(rows))
	for i, r := range rows {
		data[i] = r.data
	}
	started := z.w.background("export dossiers "+dir, func() {
		paths, err = book.ExportDossiers(dir, data, h, opts)
	}, func() {
		z.generate.Enable()
		if err != nil {
			z.fail(err)
		} else {
			z.generated = paths
		}
		if z.step == 3 {
			z.goTo(3)
			if err != nil {
				z.fail(err)
			}
		}
		if then != nil {
			then()
		}
	})
	if !started {
		z.generate.Enable() // already under way: background said so
	}
}

// dossierLang is the documents' language code for the interface language.
func dossierLang() string {
	if uiLang == "zh-Hans" {
		return "zh"
	}
	return "en"
}

func (z *handoverWizard) step5() fyne.CanvasObject {
	p := z.picked()
	var b strings.Builder
	b.WriteString(lang.L("handover.review.head", map[string]any{"From": z.owner, "N": len(p), "Reason": strings.TrimSpace(z.reason.Text)}))
	b.WriteString("\n")
	for _, r := range p {
		n := 0
		for _, in := range r.intros {
			if in.Done {
				n++
			}
		}
		notes := lang.L("handover.nonotes")
		if strings.TrimSpace(r.notes) != "" {
			notes = lang.L("handover.hasnotes")
		}
		b.WriteString("\n• " + lang.L("handover.review.line", map[string]any{
			"Name": r.sum.Name, "To": strings.TrimSpace(r.to.Text), "Notes": notes, "Done": n, "Of": len(r.intros), "Steps": movedSteps(r, z.owner)}))
	}
	b.WriteString("\n\n")
	if len(z.generated) > 0 {
		b.WriteString(lang.L("handover.review.dossiers", map[string]any{"N": len(z.generated)}))
	} else {
		b.WriteString(lang.L("handover.review.nodossiers"))
	}
	b.WriteString("\n" + lang.L("handover.review.effect"))
	z.review.SetText(b.String())
	if z.done {
		return container.NewVBox(z.result)
	}
	return container.NewVScroll(z.review)
}

// movedSteps counts the open next steps that pass to the successor: those
// of the departing owner and those without an owner.
func movedSteps(r *handoverRow, from string) int {
	n := 0
	for _, v := range r.data.Visits {
		for _, st := range v.NextSteps {
			if o := strings.TrimSpace(st.Owner); !st.Done && (o == "" || strings.EqualFold(o, from)) {
				n++
			}
		}
	}
	return n
}

// collect turns the wizard's state into the handover to store.
func (z *handoverWizard) collect(status accounts.HandoverStatus) accounts.Handover {
	h := z.h
	h.From = z.owner
	h.Reason = strings.TrimSpace(z.reason.Text)
	h.Date = z.w.day()
	h.Status = status
	h.Accounts = nil
	for _, r := range z.picked() {
		h.Accounts = append(h.Accounts, accounts.HandoverAccount{
			AccountID:     r.sum.ID,
			To:            strings.TrimSpace(r.to.Text),
			Notes:         strings.TrimSpace(r.notes),
			Introductions: append([]accounts.Introduction(nil), r.intros...),
		})
	}
	return h
}

// saveDraft stores the handover as it is and closes the wizard.
func (z *handoverWizard) saveDraft() {
	h := z.collect(accounts.HandoverDraft)
	var err error
	z.w.background("save handover", func() { _, err = z.w.book.SaveHandover(from(viewHandover), &h) }, func() {
		if err != nil {
			z.fail(err)
			return
		}
		z.h = h
		z.dlg.Hide()
		dialog.ShowInformation(lang.L("handover.title"), lang.L("handover.saved", map[string]any{"From": h.From}), z.w.win)
	})
}

// complete changes the owners in one transaction and says what changed.
func (z *handoverWizard) complete() {
	h := z.collect(accounts.HandoverDone)
	p := z.picked()
	moved := 0
	per := map[string]int{}
	var order []string
	for _, r := range p {
		moved += movedSteps(r, z.owner)
		to := strings.TrimSpace(r.to.Text)
		if per[to] == 0 {
			order = append(order, to)
		}
		per[to]++
	}
	var err error
	z.next.Disable()
	z.w.background("complete handover", func() {
		if err = z.w.book.MayHandOver(); err == nil {
			_, err = z.w.book.CompleteHandover(from(viewHandover), &h)
		}
	}, func() {
		z.next.Enable()
		if err != nil {
			z.fail(err)
			return
		}
		z.h = h
		z.done = true
		parts := make([]string, len(order))
		for i, to := range order {
			parts[i] = lang.L("handover.done.part", map[string]any{"To": to, "N": per[to]})
		}
		z.result.SetText(lang.L("handover.done", map[string]any{
			"From": h.From, "N": len(p), "To": strings.Join(parts, lang.L("handover.done.sep")), "Steps": moved}))
		z.body.Objects = []fyne.CanvasObject{container.NewVBox(z.result)}
		z.body.Refresh()
		z.title.SetText(lang.L("handover.donetitle"))
		z.status.SetText("")
		z.back.Hide()
		z.later.Hide()
		z.cancel.Hide()
		z.next.SetText(lang.L("dialog.close"))
		z.next.Icon = nil
		z.next.Refresh()
		z.progress.Hide()
		z.foot.Refresh()
	})
}

// fail shows err under the step, as a sentence.
func (z *handoverWizard) fail(err error) {
	z.status.SetText(errorSentence(err))
}
