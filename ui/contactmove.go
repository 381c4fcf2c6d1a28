package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
)

// contactMove is the contact editor's "Moved to another account…": a person
// who left for another account we serve keeps their history here and shows
// up there as a known relationship (book.MoveContact). It also shows,
// for a person who came from another account, where they were before.
type contactMove struct {
	e      *contactEditor
	button *widget.Button
	from   *widget.Label // "previously CFO at 华东精密制造"

	dialog  *dialog.CustomDialog
	search  *widget.Entry
	list    *widget.List
	all     []book.Summary
	shown   []book.Summary
	picked  accounts.ID
	left    *widget.DateEntry
	msg     *widget.Label
	confirm *widget.Button
	// newAcct moves the person to an account Keycard does not hold yet,
	// named as typed in the search; shown when no account has that name.
	newAcct *widget.Button
}

func newContactMove(e *contactEditor) *contactMove {
	cm := &contactMove{e: e}
	cm.button = &widget.Button{Text: lang.L("move.button"), Icon: theme.MailForwardIcon(), OnTapped: cm.open}
	cm.button.ExtendBaseWidget(cm.button)
	cm.from = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.HighImportance}
	cm.from.ExtendBaseWidget(cm.from)
	cm.from.Hide()
	return cm
}

// show follows the contact the editor shows.
func (cm *contactMove) show(c accounts.Contact, isNew bool) {
	if isNew || c.Placeholder || c.MovedTo != "" {
		cm.button.Disable()
	} else {
		cm.button.Enable()
	}
	cm.from.Hide()
	if c.MovedFrom == "" {
		return
	}
	w := cm.e.v.w
	var name string
	w.background("load moved from "+string(c.ID), func() {
		old, err := w.book.Contact(c.MovedFrom)
		if err != nil {
			return
		}
		if a, err := w.book.Account(old.AccountID); err == nil {
			name = a.Name
		}
	}, func() {
		if cm.e.contact.ID != c.ID {
			return // the editor moved on
		}
		role := c.PreviousRole
		if role == "" {
			role = lang.L("move.someone")
		}
		if name == "" {
			name = lang.L("move.other_account")
		}
		cm.from.SetText(lang.L("move.previously", map[string]any{"Role": role, "Account": name}))
		cm.from.Show()
	})
}

// open asks which account the person moved to and when they left.
func (cm *contactMove) open() {
	c := cm.e.contact
	if cm.e.isNew || c.ID == "" {
		return
	}
	w := cm.e.v.w
	var sums []book.Summary
	var err error
	w.background("load move targets", func() { sums, err = w.book.Summaries() }, func() {
		if err != nil {
			w.showError(err)
			return
		}
		cm.all = cm.all[:0]
		for _, s := range sums {
			if s.ID != c.AccountID {
				cm.all = append(cm.all, s)
			}
		}
		cm.showDialog(c)
	})
}

func (cm *contactMove) showDialog(c accounts.Contact) {
	w := cm.e.v.w
	cm.picked = ""
	cm.search = entry("")
	cm.search.PlaceHolder = lang.L("move.search")
	cm.search.OnChanged = func(string) { cm.filter() }
	cm.list = widget.NewList(
		func() int { return len(cm.shown) },
		func() fyne.CanvasObject { return &widget.Label{Truncation: fyne.TextTruncateEllipsis} },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			s := cm.shown[i]
			text := s.Name
			if s.Owner != "" {
				text += " · " + s.Owner
			}
			o.(*widget.Label).SetText(text)
		})
	cm.list.OnSelected = func(i widget.ListItemID) {
		cm.picked = cm.shown[i].ID
		cm.msg.SetText("")
	}
	left := c.LeftOn
	if left.IsZero() {
		left = w.day()
	}
	cm.left = dateEntry(left)
	cm.msg = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance}
	intro := &widget.Label{Text: lang.L("move.intro", map[string]any{"Name": tx(c.Who())}), Wrapping: fyne.TextWrapWord}
	cm.confirm = &widget.Button{Text: lang.L("move.confirm"), Importance: widget.HighImportance, OnTapped: func() { cm.move(c) }}
	cm.confirm.ExtendBaseWidget(cm.confirm)
	cancel := &widget.Button{Text: lang.L("form.cancel"), OnTapped: func() { cm.dialog.Hide() }}
	cancel.ExtendBaseWidget(cancel)
	form := widget.NewForm(widget.NewFormItem(lang.L("move.left_on"), cm.left))
	cm.newAcct = &widget.Button{Icon: theme.ContentAddIcon(), Alignment: widget.ButtonAlignLeading, OnTapped: func() { cm.moveToNew(c) }}
	cm.newAcct.ExtendBaseWidget(cm.newAcct)
	cm.newAcct.Hide()
	top := container.NewVBox(intro, cm.search, cm.newAcct)
	bottom := container.NewVBox(form, cm.msg)
	body := container.NewBorder(top, bottom, nil, nil, cm.list)
	cm.filter()
	cm.dialog = dialog.NewCustomWithoutButtons(lang.L("move.title"), body, w.win)
	cm.dialog.SetButtons([]fyne.CanvasObject{cancel, cm.confirm})
	cm.dialog.Resize(fyne.NewSize(480, 460))
	cm.dialog.Show()
	w.win.Canvas().Focus(cm.search)
}

// filter shows the accounts whose name, legal name or owner contains every
// word typed.
func (cm *contactMove) filter() {
	words := strings.Fields(strings.ToLower(cm.search.Text))
	cm.shown = cm.shown[:0]
	for _, s := range cm.all {
		hay := strings.ToLower(s.Name + " " + s.LegalName + " " + s.Owner)
		ok := true
		for _, wd := range words {
			ok = ok && strings.Contains(hay, wd)
		}
		if ok {
			cm.shown = append(cm.shown, s)
		}
	}
	cm.list.UnselectAll()
	cm.picked = ""
	cm.list.Refresh()
	if cm.newAcct != nil {
		name := strings.TrimSpace(cm.search.Text)
		exact := false
		for _, s := range cm.shown {
			exact = exact || strings.EqualFold(s.Name, name)
		}
		if name == "" || exact {
			cm.newAcct.Hide()
		} else {
			cm.newAcct.SetText(lang.L("move.new_account", map[string]any{"Name": name}))
			cm.newAcct.Show()
		}
	}
	if len(cm.shown) == 1 {
		cm.list.Select(0)
	}
}

func (cm *contactMove) move(c accounts.Contact) {
	var errs []accounts.FieldError
	left := readDate("left_on", cm.left, &errs)
	switch {
	case cm.picked == "":
		cm.msg.SetText(lang.L("move.pick"))
		return
	case len(errs) > 0:
		cm.msg.SetText(tx(errs[0].Msg))
		return
	}
	to := cm.picked
	toName := ""
	for _, s := range cm.all {
		if s.ID == to {
			toName = s.Name
		}
	}
	w := cm.e.v.w
	var err error
	cm.confirm.Disable()
	w.background("move contact "+string(c.ID), func() { _, _, err = w.book.MoveContact(from(viewContacts), c.ID, to, left) }, func() {
		cm.confirm.Enable()
		if err != nil {
			cm.msg.SetText(errorSentence(err))
			return
		}
		cm.dialog.Hide()
		dialog.ShowInformation(lang.L("move.title"), lang.L("move.done", map[string]any{"Name": tx(c.Who()), "Account": toName}), w.win)
	})
}

// moveToNew creates the account typed in the search, owned like the
// person's current account, and moves the person there in one write.
func (cm *contactMove) moveToNew(c accounts.Contact) {
	var errs []accounts.FieldError
	left := readDate("left_on", cm.left, &errs)
	if len(errs) > 0 {
		cm.msg.SetText(tx(errs[0].Msg))
		return
	}
	v, w := cm.e.v, cm.e.v.w
	owner := ""
	if v.data != nil {
		owner = v.data.Account.Owner
	}
	a := accounts.Account{Name: strings.TrimSpace(cm.search.Text), Owner: owner,
		Tier: accounts.TierGrowth, Stage: accounts.StageProspect}
	var err error
	cm.newAcct.Disable()
	w.background("move contact "+string(c.ID), func() { _, _, err = w.book.MoveContactToNewAccount(from(viewContacts), c.ID, &a, left) }, func() {
		cm.newAcct.Enable()
		if err != nil {
			cm.msg.SetText(errorSentence(err))
			return
		}
		cm.dialog.Hide()
		dialog.ShowInformation(lang.L("move.title"), lang.L("move.done", map[string]any{"Name": tx(c.Who()), "Account": a.Name}), w.win)
	})
}
