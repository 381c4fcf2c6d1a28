package ui

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
)

// visitsView is the Visits tab: the timeline, newest first, and the form of
// the selected or new visit.
type visitsView struct {
	v        *accountView
	timeline *widget.List
	form     *visitForm
	content  fyne.CanvasObject
}

func newVisitsView(v *accountView) *visitsView {
	vv := &visitsView{v: v}
	vv.timeline = &widget.List{
		Length: func() int { return len(v.data.Visits) },
		CreateItem: func() fyne.CanvasObject {
			return container.New(&tightVBox{},
				&widget.Label{Text: "2026-01-01 10:00 · " + lang.L("visit.kind"), TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis},
				&widget.Label{Text: lang.L("visit.summary"), SizeName: theme.SizeNameCaptionText, Truncation: fyne.TextTruncateEllipsis})
		},
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) {
			vis := &v.data.Visits[i]
			box := o.(*fyne.Container)
			head := vis.At.Format("2006-01-02 15:04") + " · " + tx(vis.Kind.Label())
			if vis.Outcome != "" {
				head += " · " + tx(vis.Outcome.Label())
			}
			l := box.Objects[0].(*widget.Label)
			l.Importance = widget.MediumImportance
			if vis.Outcome == accounts.OutcomeNegative {
				l.Importance = widget.DangerImportance
			}
			l.SetText(head)
			s := firstLine(vis.Summary)
			if s == "" {
				s = firstLine(vis.Objective)
			}
			box.Objects[1].(*widget.Label).SetText(s)
		},
		OnSelected: func(i widget.ListItemID) {
			if vv.form.visit.ID == v.data.Visits[i].ID {
				return
			}
			sel := v.data.Visits[i]
			guard(vv.form.dirty(), v.w, func() { vv.form.set(sel, false) }, func() { vv.timeline.UnselectAll() })
		},
	}
	vv.timeline.ExtendBaseWidget(vv.timeline)
	vv.form = newVisitForm(v)
	add := &widget.Button{Text: lang.L("action.logvisit"), Icon: theme.ContentAddIcon(), OnTapped: func() { vv.newVisit(accounts.KindOnSite) }}
	add.ExtendBaseWidget(add)
	left := container.NewBorder(container.NewHBox(add), nil, nil, nil, vv.timeline)
	split := container.NewHSplit(left, vv.form.content)
	split.Offset = 0.3
	vv.content = split
	if len(v.data.Visits) > 0 {
		vv.timeline.Select(0)
	} else {
		vv.form.set(vv.blank(accounts.KindOnSite), true)
	}
	return vv
}

func (vv *visitsView) blank(kind accounts.VisitKind) accounts.Visit {
	now := vv.v.w.now()
	return accounts.Visit{AccountID: vv.v.id, At: now.Truncate(time.Minute), Kind: kind, Outcome: accounts.OutcomeNeutral,
		OurPeople: []string{vv.v.data.Account.Owner}}
}

func (vv *visitsView) newVisit(kind accounts.VisitKind) {
	guard(vv.form.dirty(), vv.v.w, func() {
		vv.timeline.UnselectAll()
		vv.form.set(vv.blank(kind), true)
		vv.v.w.win.Canvas().Focus(vv.form.objective)
	}, nil)
}

func (vv *visitsView) dirty() bool { return vv.form.dirty() }

// keepEdits follows a change while the form holds unsaved edits: the
// timeline shows the new data, the form keeps the edits, and says so when
// the visit it edits was changed (or deleted) elsewhere.
func (vv *visitsView) keepEdits(d *accounts.AccountData) {
	vv.timeline.Refresh()
	f := vv.form
	if f.isNew {
		return
	}
	if !storedAsLoaded(len(d.Visits), func(i int) accounts.Meta { return d.Visits[i].Meta }, f.visit.Meta) {
		f.notice.show()
	}
}

// reloadForm drops the form's edits and shows the visit as stored now, or
// a new one when it is gone.
func (vv *visitsView) reloadForm() {
	for _, s := range vv.v.data.Visits {
		if s.ID == vv.form.visit.ID {
			vv.form.set(s, false)
			return
		}
	}
	vv.timeline.UnselectAll()
	vv.form.set(vv.blank(accounts.KindOnSite), true)
}
func (vv *visitsView) cancel() { vv.form.set(vv.form.visit, vv.form.isNew) }

// visitForm edits one visit: when, how, who, SPIN, outcome, next steps, gifts.
type visitForm struct {
	v     *accountView
	visit accounts.Visit
	isNew bool

	date                                  *widget.DateEntry
	clock                                 *widget.Entry
	kind                                  *enumSelect[accounts.VisitKind]
	attendees                             *fyne.Container // a grid of checks, two columns
	attendeeChecks                        []*widget.Check
	attendeeIDs                           []accounts.ID
	ourPeople                             *widget.Entry
	objective, situation, problem, implic *widget.Entry
	needPayoff, summary                   *widget.Entry
	outcome                               *enumSelect[accounts.Outcome]
	steps                                 *rowList[accounts.NextStep]
	gifts                                 *rowList[accounts.Gift]
	errs                                  fieldErrors
	heading, status                       *widget.Label
	saveButton                            *widget.Button
	notice                                *elsewhereNotice // the visit changed elsewhere under unsaved edits
	content                               fyne.CanvasObject
}

func newVisitForm(v *accountView) *visitForm {
	f := &visitForm{v: v, errs: fieldErrors{}}
	fe := f.errs
	f.date = dateEntry(accounts.Date{})
	f.clock = entry("")
	f.clock.PlaceHolder = "14:30"
	f.kind = newEnumSelect(accounts.VisitKinds(), accounts.VisitKind.Label, "", false)
	f.attendees = container.NewGridWithColumns(2)
	f.ourPeople = entry("")
	f.ourPeople.PlaceHolder = lang.L("form.list.hint")
	f.objective = entry("")
	f.situation, f.problem, f.implic, f.needPayoff = multiline(""), multiline(""), multiline(""), multiline("")
	f.summary = multiline("")
	f.outcome = newEnumSelect(accounts.Outcomes(), accounts.Outcome.Label, "", true)
	f.steps = newRowList(lang.L("visit.step.add"), f.stepRow)
	f.gifts = newRowList(lang.L("visit.gift.add"), f.giftRow)

	when := container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(90, f.clock.MinSize().Height), f.clock), f.date)
	meeting := group(lang.L("visit.group.meeting"),
		fe.item("visit.when", "at", when),
		fe.item("visit.kind", "kind", f.kind.Select),
		fe.item("visit.attendees", "contact_ids", f.attendees),
		fe.item("visit.ourpeople", "our_people", f.ourPeople),
		fe.item("visit.objective", "objective", f.objective),
	)
	spin := group(lang.L("visit.group.spin"),
		fe.item("visit.situation", "situation", f.situation),
		fe.item("visit.problem", "problem", f.problem),
		fe.item("visit.implication", "implication", f.implic),
		fe.item("visit.needpayoff", "need_payoff", f.needPayoff),
	)
	result := group(lang.L("visit.group.result"),
		fe.item("visit.summary", "summary", f.summary),
		fe.item("visit.outcome", "outcome", f.outcome.Select),
		fe.item("visit.steps", "next_steps", f.steps.content),
		fe.item("visit.gifts", "gifts", f.gifts.content),
	)
	f.heading = subheading("")
	f.status = &widget.Label{Wrapping: fyne.TextWrapWord}
	var bar fyne.CanvasObject
	bar, f.saveButton = saveBar(f.status, f.save, func() { f.set(f.visit, f.isNew) })
	f.notice = newElsewhereNotice("elsewhere.visit", func() { v.visits.reloadForm() })
	f.content = container.NewBorder(container.NewVBox(f.notice.content, f.heading), container.NewVBox(widget.NewSeparator(), bar), nil, nil,
		container.NewVScroll(container.NewVBox(meeting, spin, result)))
	return f
}

func (f *visitForm) stepRow(n accounts.NextStep) rowEditor[accounts.NextStep] {
	text, owner, due := entry(n.Text), entry(n.Owner), dateEntry(n.Due)
	text.PlaceHolder = lang.L("visit.step.text")
	owner.PlaceHolder = lang.L("visit.step.owner")
	due.PlaceHolder = lang.L("visit.step.due")
	done := &widget.Check{Text: lang.L("visit.step.done"), Checked: n.Done}
	done.ExtendBaseWidget(done)
	return rowEditor[accounts.NextStep]{
		content: container.NewVBox(text, container.NewGridWithColumns(3, owner, due, done)),
		widgets: []fyne.CanvasObject{text, owner, due, done},
		read: func(i int, errs *[]accounts.FieldError) accounts.NextStep {
			s := n
			s.Text, s.Owner = strings.TrimSpace(text.Text), strings.TrimSpace(owner.Text)
			s.Due = readDate(fmt.Sprintf("next_steps[%d].due", i), due, errs)
			if done.Checked && !n.Done {
				s.DoneOn = f.v.w.day()
			}
			s.Done = done.Checked
			return s
		},
	}
}

func (f *visitForm) giftRow(g accounts.Gift) rowEditor[accounts.Gift] {
	item, value := entry(g.Item), entry(moneyText(g.Value))
	item.PlaceHolder = lang.L("visit.gift.item")
	value.PlaceHolder = lang.L("visit.gift.value")
	return rowEditor[accounts.Gift]{
		content: container.NewGridWithColumns(2, item, value),
		read: func(i int, errs *[]accounts.FieldError) accounts.Gift {
			out := g
			out.Item = strings.TrimSpace(item.Text)
			out.Value = readMoney(fmt.Sprintf("gifts[%d].value", i), value, g.Value.Currency, errs)
			return out
		},
	}
}

func (f *visitForm) set(vis accounts.Visit, isNew bool) {
	f.visit, f.isNew = vis, isNew
	f.notice.hide()
	if isNew {
		f.heading.SetText(lang.L("visit.new"))
	} else {
		f.heading.SetText(vis.At.Format("2006-01-02 15:04") + " · " + tx(vis.Kind.Label()))
	}
	setDate(f.date, accounts.DateOf(vis.At))
	f.clock.SetText(clock(vis.At))
	f.kind.set(vis.Kind)
	// attendees: the account's active contacts, plus anyone already recorded
	f.attendeeIDs = nil
	f.attendeeChecks = nil
	var checks []fyne.CanvasObject
	for _, c := range f.v.data.Contacts {
		was := false
		for _, id := range vis.ContactIDs {
			was = was || id == c.ID
		}
		if !was && (!c.Active() || c.Placeholder) {
			continue
		}
		name := tx(c.Who())
		if c.Title != "" {
			name += " (" + c.Title + ")"
		}
		check := &widget.Check{Text: name, Checked: was}
		check.ExtendBaseWidget(check)
		f.attendeeChecks = append(f.attendeeChecks, check)
		f.attendeeIDs = append(f.attendeeIDs, c.ID)
		checks = append(checks, check)
	}
	f.attendees.Objects = checks
	f.attendees.Refresh()
	f.ourPeople.SetText(joinList(vis.OurPeople))
	f.objective.SetText(vis.Objective)
	f.situation.SetText(vis.Situation)
	f.problem.SetText(vis.Problem)
	f.implic.SetText(vis.Implication)
	f.needPayoff.SetText(vis.NeedPayoff)
	f.summary.SetText(vis.Summary)
	f.outcome.set(vis.Outcome)
	f.steps.set(vis.NextSteps)
	f.gifts.set(vis.Gifts)
	f.errs.show(nil)
	f.status.SetText("")
}

func (f *visitForm) read() (accounts.Visit, []accounts.FieldError) {
	var errs []accounts.FieldError
	v := f.visit
	day := readDate("at", f.date, &errs)
	loc := time.Local
	if !v.At.IsZero() {
		loc = v.At.Location()
	}
	v.At = readClock("at", day, f.clock.Text, loc, &errs)
	v.Kind = f.kind.value()
	v.ContactIDs = nil
	for i, c := range f.attendeeChecks {
		if c.Checked {
			v.ContactIDs = append(v.ContactIDs, f.attendeeIDs[i])
		}
	}
	v.OurPeople = splitList(f.ourPeople.Text)
	v.Objective, v.Situation, v.Problem = f.objective.Text, f.situation.Text, f.problem.Text
	v.Implication, v.NeedPayoff, v.Summary = f.implic.Text, f.needPayoff.Text, f.summary.Text
	v.Outcome = f.outcome.value()
	v.NextSteps = f.steps.read(&errs)
	v.Gifts = f.gifts.read(&errs)
	return v, errs
}

func (f *visitForm) dirty() bool {
	v, errs := f.read()
	if len(errs) > 0 {
		return true
	}
	o := f.visit
	if f.isNew {
		return strings.TrimSpace(v.Objective+v.Summary+v.Situation+v.Problem+v.Implication+v.NeedPayoff) != "" || len(v.NextSteps) > 0 || len(v.Gifts) > 0
	}
	norm := func(x *accounts.Visit) {
		x.Normalize()
		if len(x.ContactIDs) == 0 {
			x.ContactIDs = nil
		}
		x.ContactIDs = append([]accounts.ID(nil), x.ContactIDs...)
		sort.Slice(x.ContactIDs, func(i, j int) bool { return x.ContactIDs[i] < x.ContactIDs[j] })
		if len(x.NextSteps) == 0 {
			x.NextSteps = nil
		}
		if len(x.Gifts) == 0 {
			x.Gifts = nil
		}
		x.At = x.At.Truncate(time.Minute)
	}
	norm(&v)
	norm(&o)
	return !reflect.DeepEqual(v, o)
}

func (f *visitForm) save() {
	v, errs := f.read()
	v.Normalize()
	if err := v.Validate(); err != nil {
		errs = append(errs, accounts.FieldErrors(err)...)
	}
	if len(errs) > 0 {
		f.errs.report(f.status, errs)
		return
	}
	saveVisit(f.v, &v, f.isNew, func(err error) {
		if err != nil {
			f.errs.show(accounts.FieldErrors(err))
			f.status.Importance = widget.DangerImportance
			f.status.SetText(errorSentence(err))
			return
		}
		f.set(v, false)
		f.status.Importance = widget.SuccessImportance
		f.status.SetText(lang.L("visit.saved"))
	})
}

// saveVisit stores a visit off the UI goroutine and refreshes what shows
// follow-ups and last visits.
func saveVisit(av *accountView, v *accounts.Visit, isNew bool, done func(error)) {
	var err error
	av.w.background("save visit "+string(v.ID), func() {
		if isNew {
			_, err = av.w.book.LogVisit(from(viewVisits), v)
		} else {
			_, err = av.w.book.UpdateVisit(from(viewVisits), v)
		}
	}, func() { done(err) })
}

// showLogCall is the fast path: who, one line of what was said and
// optionally the next step; Enter saves.
func showLogCall(av *accountView) {
	var names []string
	var ids []accounts.ID
	for _, c := range av.data.Contacts {
		if c.Active() && !c.Placeholder {
			names = append(names, tx(c.Who()))
			ids = append(ids, c.ID)
		}
	}
	who := &widget.Select{Options: names, PlaceHolder: lang.L("call.who")}
	who.ExtendBaseWidget(who)
	if len(names) > 0 {
		who.SetSelectedIndex(0)
	}
	summary := entry("")
	summary.PlaceHolder = lang.L("call.summary.hint")
	step := entry("")
	step.PlaceHolder = lang.L("call.step.hint")
	due := dateEntry(av.w.day().AddDays(7))
	problemLabel := &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	var d *dialog.CustomDialog
	submit := func() {
		var errs []accounts.FieldError
		v := accounts.Visit{AccountID: av.id, At: av.w.now().Truncate(time.Minute), Kind: accounts.KindCall,
			Summary: strings.TrimSpace(summary.Text), OurPeople: []string{av.data.Account.Owner}}
		if i := who.SelectedIndex(); i >= 0 {
			v.ContactIDs = []accounts.ID{ids[i]}
		}
		if t := strings.TrimSpace(step.Text); t != "" {
			v.NextSteps = []accounts.NextStep{{Text: t, Owner: av.data.Account.Owner, Due: readDate("next_steps[0].due", due, &errs)}}
		}
		if v.Summary == "" {
			errs = append(errs, accounts.FieldError{Field: "summary", Msg: accounts.Phrase{Key: "visit.call_summary_needed"}})
		}
		v.Normalize()
		if err := v.Validate(); err != nil {
			errs = append(errs, accounts.FieldErrors(err)...)
		}
		if len(errs) > 0 {
			var msgs []string
			for _, e := range errs {
				msgs = append(msgs, tx(e.Msg))
			}
			problemLabel.SetText(strings.Join(msgs, "\n"))
			return
		}
		saveVisit(av, &v, true, func(err error) {
			if err != nil {
				problemLabel.SetText(errorSentence(err))
				return
			}
			d.Hide()
		})
	}
	summary.OnSubmitted = func(string) { submit() }
	step.OnSubmitted = func(string) { submit() }
	form := &widget.Form{Items: []*widget.FormItem{
		formItem(lang.L("call.who.label"), who),
		formItem(lang.L("call.summary"), summary),
		formItem(lang.L("call.step"), step),
		formItem(lang.L("call.due"), due),
	}}
	form.ExtendBaseWidget(form)
	ok := &widget.Button{Text: lang.L("form.save"), Importance: widget.HighImportance, OnTapped: submit}
	ok.ExtendBaseWidget(ok)
	cancel := &widget.Button{Text: lang.L("form.cancel"), OnTapped: func() { d.Hide() }}
	cancel.ExtendBaseWidget(cancel)
	d = dialog.NewCustomWithoutButtons(lang.L("call.title", map[string]any{"Name": av.data.Account.Name}),
		container.NewVBox(form, problemLabel), av.w.win)
	d.SetButtons([]fyne.CanvasObject{cancel, ok})
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
	av.w.win.Canvas().Focus(summary)
	av.w.lastCall = d
	av.w.lastCallSummary = summary
}
