package ui

import (
	"reflect"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
	"keycard/collation"
)

// contactsView is the Decision makers tab: the list of contacts, the editor
// of the selected one and, on the right, the decision-maker map with its
// coverage panel and the "who knows whom" matrix (decisionmap_tab.go).
type contactsView struct {
	v       *accountView
	list    *widget.List
	editor  *contactEditor
	mapArea *fyne.Container
	dm      *dmTab // the decision-maker map, coverage and matrix (decisionmap_tab.go)
	content fyne.CanvasObject
}

func newContactsView(v *accountView) *contactsView {
	c := &contactsView{v: v}
	sortContacts(v.data.Contacts)
	c.list = &widget.List{
		Length: func() int { return len(v.data.Contacts) },
		CreateItem: func() fyne.CanvasObject {
			return container.New(&tightVBox{},
				&widget.Label{Text: lang.L("contact.name"), TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis},
				&widget.Label{Text: lang.L("contact.title"), SizeName: theme.SizeNameCaptionText, Truncation: fyne.TextTruncateEllipsis})
		},
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) {
			ct := &v.data.Contacts[i]
			box := o.(*fyne.Container)
			name := box.Objects[0].(*widget.Label)
			name.Importance = widget.MediumImportance
			text := tx(ct.Who())
			if !ct.Active() {
				text += " · " + lang.L("contact.left.badge")
				name.Importance = widget.LowImportance
			}
			name.SetText(text)
			var parts []string
			if ct.Title != "" {
				parts = append(parts, ct.Title)
			}
			if ct.Role != "" {
				parts = append(parts, tx(ct.Role.Label()))
			}
			if ct.Attitude != "" {
				parts = append(parts, tx(ct.Attitude.Label()))
			}
			box.Objects[1].(*widget.Label).SetText(strings.Join(parts, " · "))
		},
		OnSelected: func(i widget.ListItemID) {
			if c.editor.contact.ID == v.data.Contacts[i].ID {
				return
			}
			sel := v.data.Contacts[i]
			guard(c.editor.dirty(), v.w, func() { c.editor.set(sel, false) }, func() { c.list.UnselectAll() })
		},
	}
	c.list.ExtendBaseWidget(c.list)
	c.editor = newContactEditor(v)
	prev := v.w.lastDM
	if prev != nil && prev.v.id != v.id {
		prev = nil
	}
	c.dm = newDMTab(c)
	c.mapArea = container.NewStack(c.dm.content)
	// the list keeps room for five or six people above the editor; the
	// divider can be dragged either way
	left := container.NewVSplit(c.list, c.editor.content)
	left.Offset = 0.42
	// the map is the main thing here: the list and editor keep a narrow
	// column, their labels above the fields
	split := container.NewHSplit(left, c.mapArea)
	split.Offset = 0.27
	c.content = split
	c.dm.selectFirst(prev)
	return c
}

// sortContacts puts the people who can still decide first, the most
// influential on top, and people of equal influence by name.
func sortContacts(cs []accounts.Contact) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := &cs[i], &cs[j]
		if a.Active() != b.Active() {
			return a.Active()
		}
		if a.Influence != b.Influence {
			return a.Influence > b.Influence
		}
		return collation.Compare(a.Name, b.Name) < 0 // pinyin for Chinese names
	})
}

func (c *contactsView) dirty() bool { return c.editor.dirty() }

// mine: the map shows its own layout and links at once.
func (c *contactsView) mine(ch book.Change) bool { return ch.Mine(viewMap) }

// keepEdits follows a change while the editor holds unsaved edits: the list
// shows the new data, the editor keeps the edits, and says so when the
// contact it edits was changed (or deleted) elsewhere.
func (c *contactsView) keepEdits(d *accounts.AccountData) {
	sortContacts(d.Contacts)
	c.list.Refresh()
	e := c.editor
	if e.isNew {
		return
	}
	if !storedAsLoaded(len(d.Contacts), func(i int) accounts.Meta { return d.Contacts[i].Meta }, e.contact.Meta) {
		e.notice.show()
	}
}
func (c *contactsView) cancel() { c.editor.set(c.editor.contact, c.editor.isNew) }
func (c *contactsView) newContact() {
	guard(c.editor.dirty(), c.v.w, func() {
		c.list.UnselectAll()
		c.editor.set(accounts.Contact{AccountID: c.v.id, Influence: 3, Status: accounts.StatusActive, Trust: accounts.TrustUnknown}, true)
		c.v.w.win.Canvas().Focus(c.editor.name)
	}, nil)
}

// guard runs next at once, or after the person agrees to drop unsaved edits.
func guard(dirty bool, w *shell, next, stay func()) {
	if !dirty {
		next()
		return
	}
	confirmDiscard(w, next, stay)
}

// contactEditor edits every field of one contact.
type contactEditor struct {
	v       *accountView
	contact accounts.Contact
	isNew   bool

	placeholder                          *widget.Check
	name, title, dept, phone, email, msg *widget.Entry
	reportsTo                            *widget.Select
	reportIDs                            []accounts.ID
	birthday                             *widget.DateEntry
	role                                 *enumSelect[accounts.BuyingRole]
	influence                            *widget.Select
	attitude                             *enumSelect[accounts.Attitude]
	trust                                *enumSelect[accounts.Trust]
	style                                *enumSelect[accounts.Style]
	interests, wins, private             *widget.Entry
	left                                 *widget.Check
	leftOn                               *widget.DateEntry
	leftTo                               *widget.Entry
	relations                            *rowList[accounts.Relationship]
	errs                                 fieldErrors
	status                               *widget.Label
	heading                              *widget.Label
	saveButton                           *widget.Button
	move                                 *contactMove // "Moved to another account…" (contactmove.go)
	notice                               *elsewhereNotice
	content                              fyne.CanvasObject
}

func newContactEditor(v *accountView) *contactEditor {
	e := &contactEditor{v: v, errs: fieldErrors{}}
	fe := e.errs
	e.placeholder = &widget.Check{Text: lang.L("contact.placeholder")}
	e.placeholder.ExtendBaseWidget(e.placeholder)
	e.name, e.title, e.dept = entry(""), entry(""), entry("")
	e.phone, e.email, e.msg = entry(""), entry(""), entry("")
	e.email.PlaceHolder = "name@example.com"
	e.reportsTo = &widget.Select{}
	e.reportsTo.ExtendBaseWidget(e.reportsTo)
	e.birthday = dateEntry(accounts.Date{})
	e.role = newEnumSelect(accounts.BuyingRoles(), accounts.BuyingRole.Label, "", true)
	e.influence = &widget.Select{Options: []string{"1", "2", "3", "4", "5"}}
	e.influence.ExtendBaseWidget(e.influence)
	e.attitude = newEnumSelect(accounts.Attitudes(), accounts.Attitude.Label, "", true)
	e.trust = newEnumSelect(accounts.Trusts(), accounts.Trust.Label, "", true)
	e.style = newEnumSelect(accounts.Styles(), accounts.Style.Label, "", true)
	e.interests, e.wins, e.private = multiline(""), multiline(""), multiline("")
	e.private.PlaceHolder = lang.L("contact.private.hint")
	e.leftOn = dateEntry(accounts.Date{})
	e.leftTo = entry("")
	e.leftTo.PlaceHolder = lang.L("contact.leftto.hint")
	e.left = &widget.Check{Text: lang.L("contact.left"), OnChanged: func(b bool) {
		if b {
			e.leftOn.Enable()
			e.leftTo.Enable()
			if e.leftOn.Text == "" {
				setDate(e.leftOn, v.w.day())
			}
		} else {
			e.leftOn.Disable()
			e.leftTo.Disable()
		}
	}}
	e.left.ExtendBaseWidget(e.left)
	e.relations = newRowList(lang.L("contact.rel.add"), func(r accounts.Relationship) rowEditor[accounts.Relationship] {
		person := entry(r.Person)
		person.PlaceHolder = lang.L("contact.rel.person")
		level := newEnumSelect(accounts.RelationshipLevels(), accounts.RelationshipLevel.Label, r.Level, false)
		level.PlaceHolder = lang.L("contact.rel.level")
		wanted := newEnumSelect(accounts.RelationshipLevels(), accounts.RelationshipLevel.Label, r.Wanted, true)
		wanted.PlaceHolder = lang.L("contact.rel.wanted")
		return rowEditor[accounts.Relationship]{
			content: container.NewVBox(person, container.NewGridWithColumns(2, level.Select, wanted.Select)), // two rows: the editor shares the tab with the map
			read: func(int, *[]accounts.FieldError) accounts.Relationship {
				return accounts.Relationship{Person: strings.TrimSpace(person.Text), Level: level.value(), Wanted: wanted.value()}
			},
		}
	})

	e.heading = subheading("")
	e.move = newContactMove(e)
	e.status = &widget.Label{Wrapping: fyne.TextWrapWord}
	var bar fyne.CanvasObject
	bar, e.saveButton = saveBar(e.status, e.save, func() { e.set(e.contact, e.isNew) })

	who := stackedGroup(lang.L("contact.group.person"),
		formItem("", e.placeholder),
		fe.item("contact.name", "name", e.name),
		fe.item("contact.title", "title", e.title),
		fe.item("contact.dept", "department", e.dept),
		fe.item("contact.reportsto", "reports_to", e.reportsTo),
		fe.item("contact.phone", "phone", e.phone),
		fe.item("contact.email", "email", e.email),
		fe.item("contact.msg", "messaging_id", e.msg),
		fe.item("contact.birthday", "birthday", e.birthday),
	)
	buying := stackedGroup(lang.L("contact.group.buying"),
		fe.item("contact.role", "role", e.role.Select),
		fe.item("contact.influence", "influence", e.influence),
		fe.item("contact.attitude", "attitude", e.attitude.Select),
		fe.item("contact.trust", "trust", e.trust.Select),
		fe.item("contact.style", "style", e.style.Select),
		fe.item("contact.relations", "relationships", e.relations.content),
	)
	personal := stackedGroup(lang.L("contact.group.personal"),
		fe.item("contact.interests", "personal_interests", e.interests),
		fe.item("contact.wins", "personal_wins", e.wins),
		fe.item("contact.private", "private_remarks", e.private),
	)
	status := stackedGroup(lang.L("contact.group.status"),
		formItem("", fe.field("status", e.left)),
		fe.item("contact.lefton", "left_on", e.leftOn),
		fe.item("contact.leftto", "left_to", e.leftTo),
		formItem("", e.move.button),
	)
	// Reload shows the stored contacts again: the tab is built anew.
	e.notice = newElsewhereNotice("elsewhere.contact", func() { v.rebuild(1) })
	e.content = container.NewBorder(container.NewVBox(e.notice.content, e.heading, e.move.from), container.NewVBox(widget.NewSeparator(), bar), nil, nil,
		container.NewVScroll(container.NewVBox(who, buying, personal, status)))
	e.set(accounts.Contact{AccountID: v.id, Influence: 3}, true)
	return e
}

func (e *contactEditor) set(c accounts.Contact, isNew bool) {
	e.contact, e.isNew = c, isNew
	e.notice.hide()
	if isNew {
		e.heading.SetText(lang.L("contact.new"))
	} else {
		e.heading.SetText(tx(c.Who()))
	}
	e.placeholder.SetChecked(c.Placeholder)
	e.name.SetText(c.Name)
	e.title.SetText(c.Title)
	e.dept.SetText(c.Department)
	e.phone.SetText(c.Phone)
	e.email.SetText(c.Email)
	e.msg.SetText(c.MessagingID)
	none := lang.L("contact.reportsto.none")
	e.reportsTo.Options = []string{none}
	e.reportIDs = []accounts.ID{""}
	sel := 0
	for _, o := range e.v.data.Contacts {
		if o.ID == c.ID {
			continue
		}
		if o.ID == c.ReportsTo {
			sel = len(e.reportIDs)
		}
		e.reportsTo.Options = append(e.reportsTo.Options, tx(o.Who()))
		e.reportIDs = append(e.reportIDs, o.ID)
	}
	e.reportsTo.SetSelectedIndex(sel)
	setDate(e.birthday, c.Birthday)
	e.role.set(c.Role)
	e.influence.ClearSelected()
	if c.Influence >= 1 && c.Influence <= 5 {
		e.influence.SetSelectedIndex(c.Influence - 1)
	}
	e.attitude.set(c.Attitude)
	e.trust.set(c.Trust)
	e.style.set(c.Style)
	e.interests.SetText(c.PersonalInterests)
	e.wins.SetText(c.PersonalWins)
	e.private.SetText(c.PrivateRemarks)
	setDate(e.leftOn, c.LeftOn)
	e.leftTo.SetText(c.LeftTo)
	e.left.SetChecked(c.Status == accounts.StatusLeft)
	e.left.OnChanged(e.left.Checked)
	e.relations.set(c.Relationships)
	e.move.show(c, isNew)
	e.errs.show(nil)
	e.status.SetText("")
}

func (e *contactEditor) read() (accounts.Contact, []accounts.FieldError) {
	var errs []accounts.FieldError
	c := e.contact
	c.Placeholder = e.placeholder.Checked
	c.Name, c.Title, c.Department = e.name.Text, e.title.Text, e.dept.Text
	c.Phone, c.Email, c.MessagingID = e.phone.Text, e.email.Text, e.msg.Text
	if i := e.reportsTo.SelectedIndex(); i >= 0 {
		c.ReportsTo = e.reportIDs[i]
	}
	c.Birthday = readDate("birthday", e.birthday, &errs)
	c.Role = e.role.value()
	c.Influence, _ = strconv.Atoi(e.influence.Selected)
	c.Attitude, c.Trust, c.Style = e.attitude.value(), e.trust.value(), e.style.value()
	c.PersonalInterests, c.PersonalWins, c.PrivateRemarks = e.interests.Text, e.wins.Text, e.private.Text
	if e.left.Checked {
		c.Status = accounts.StatusLeft
		c.LeftOn = readDate("left_on", e.leftOn, &errs)
		c.LeftTo = e.leftTo.Text
	} else {
		c.Status, c.LeftOn, c.LeftTo = accounts.StatusActive, accounts.Date{}, ""
	}
	c.Relationships = e.relations.read(&errs)
	return c, errs
}

func (e *contactEditor) dirty() bool {
	c, errs := e.read()
	if len(errs) > 0 {
		return true
	}
	o := e.contact
	c.Normalize()
	o.Normalize()
	if len(o.Relationships) == 0 {
		o.Relationships = nil
	}
	if e.isNew {
		// an untouched new-contact form holds nothing worth keeping
		return c.Name != "" || c.Title != "" || c.Phone != "" || c.Email != ""
	}
	return !reflect.DeepEqual(c, o)
}

func (e *contactEditor) save() {
	c, errs := e.read()
	c.Normalize()
	if err := c.Validate(); err != nil {
		errs = append(errs, accounts.FieldErrors(err)...)
	}
	if len(errs) > 0 {
		e.errs.report(e.status, errs)
		return
	}
	var err error
	isNew := e.isNew
	e.v.w.background("save contact "+string(c.ID), func() {
		if isNew {
			_, err = e.v.w.book.CreateContact(from(viewContacts), &c)
		} else {
			_, err = e.v.w.book.UpdateContact(from(viewContacts), &c)
		}
	}, func() {
		if err != nil {
			if fe := accounts.FieldErrors(err); len(fe) > 0 {
				e.errs.show(fe)
			}
			e.status.Importance = widget.DangerImportance
			e.status.SetText(errorSentence(err))
			return
		}
		e.set(c, false)
		e.status.Importance = widget.SuccessImportance
		e.status.SetText(lang.L("contact.saved"))
	})
}
