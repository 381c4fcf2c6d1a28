package ui

import (
	"fmt"
	"math"
	"strconv"
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

// planView is the Plan tab: the account plan the PDF prints — objectives,
// strategies, actions serving them, and opportunities (white space and live
// deals) with the account's pipeline summary above them. Each list is a
// table of aligned rows; the whole plan is saved or cancelled at once,
// because an action and the objective it serves belong together.
type planView struct {
	v    *accountView
	w    *MainWindow
	orig accounts.Plan // the stored plan; Version 0 while there is none

	objs   []*objectiveRow
	strats []*strategyRow
	acts   []*actionRow
	opps   []*opportunityRow

	objBox, stratBox, actBox, oppBox     *fyne.Container
	objHead, stratHead, actHead, oppHead *widget.Label
	objCols, actCols, oppCols            fyne.CanvasObject
	summary                              *fyne.Container
	addObj, addStrat, addAct, addOpp     *widget.Button
	body                                 *fyne.Container
	scroll                               *container.Scroll

	status  *widget.Label
	save    *widget.Button
	cancelB *widget.Button
	changed bool
	setting bool // set() is filling widgets; their change callbacks are not edits
	content fyne.CanvasObject
}

// Column weights of the tables; a zero is a column as wide as its content
// (the remove button).
var (
	objWeights = []float32{4, 3, 2, 1.6, 0}
	actWeights = []float32{3.4, 1.5, 2.3, 1.6, 2.4, 0}
	oppWeights = []float32{3.2, 1.7, 1.1, 1.8, 2, 0}
)

func newPlanView(v *accountView) *planView {
	p := &planView{v: v, w: v.w}
	p.objBox, p.stratBox, p.actBox, p.oppBox = container.NewVBox(), container.NewVBox(), container.NewVBox(), container.NewVBox()
	p.objHead, p.stratHead, p.actHead, p.oppHead = subheading(""), subheading(""), subheading(""), subheading("")
	p.summary = container.NewVBox()

	p.objCols = columnTitles(objWeights, "plan.col.objective", "plan.col.target", "plan.col.due", "plan.col.status")
	p.actCols = columnTitles(actWeights, "plan.col.action", "plan.col.owner", "plan.col.due", "plan.col.status", "plan.col.serves")
	p.oppCols = columnTitles(oppWeights, "plan.col.product", "plan.col.value", "plan.col.currency", "plan.col.stage", "plan.col.close")

	p.addObj = addButton(lang.L("plan.add.objective"), func() { p.addObjective(accounts.Objective{}, true) })
	p.addStrat = addButton(lang.L("plan.add.strategy"), func() { p.addStrategy(accounts.Strategy{}, true) })
	p.addAct = addButton(lang.L("plan.add.action"), func() { p.addAction(accounts.Action{}, true) })
	p.addOpp = addButton(lang.L("plan.add.opportunity"), func() { p.addOpportunity(accounts.Opportunity{}, true) })

	hint := func(key string) *widget.Label {
		return &widget.Label{Text: lang.L(key), Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}
	}
	section := func(head *widget.Label, help string, cols fyne.CanvasObject, box *fyne.Container, add *widget.Button) fyne.CanvasObject {
		parts := []fyne.CanvasObject{head, hint(help)}
		if cols != nil {
			parts = append(parts, cols)
		}
		parts = append(parts, box, container.NewHBox(add))
		return container.NewVBox(parts...)
	}
	p.body = container.NewVBox(
		subheading(lang.L("plan.pipeline")),
		p.summary,
		widget.NewSeparator(),
		section(p.objHead, "plan.hint.objectives", p.objCols, p.objBox, p.addObj),
		widget.NewSeparator(),
		section(p.stratHead, "plan.hint.strategies", nil, p.stratBox, p.addStrat),
		widget.NewSeparator(),
		section(p.actHead, "plan.hint.actions", p.actCols, p.actBox, p.addAct),
		widget.NewSeparator(),
		section(p.oppHead, "plan.hint.opportunities", p.oppCols, p.oppBox, p.addOpp),
	)

	p.status = &widget.Label{Wrapping: fyne.TextWrapWord}
	p.save = &widget.Button{Text: lang.L("form.save"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: p.doSave}
	p.save.ExtendBaseWidget(p.save)
	p.cancelB = &widget.Button{Text: lang.L("form.cancel"), OnTapped: p.cancel}
	p.cancelB.ExtendBaseWidget(p.cancelB)
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(p.cancelB, p.save), p.status)
	p.scroll = container.NewVScroll(container.NewPadded(p.body))
	p.content = container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), bar), nil, nil, p.scroll)

	pl := accounts.Plan{AccountID: v.id}
	if v.data != nil && v.data.Plan != nil {
		pl = *v.data.Plan
	}
	p.set(pl)
	return p
}

func addButton(text string, tap func()) *widget.Button {
	b := &widget.Button{Text: text, Icon: theme.ContentAddIcon(), Importance: widget.LowImportance, OnTapped: tap}
	b.ExtendBaseWidget(b)
	return b
}

func removeButton(tap func()) *widget.Button {
	b := &widget.Button{Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: tap}
	b.ExtendBaseWidget(b)
	return b
}

// columnTitles is the caption row above a table, laid out like its rows.
func columnTitles(weights []float32, keys ...string) fyne.CanvasObject {
	var objs []fyne.CanvasObject
	for _, k := range keys {
		objs = append(objs, &widget.Label{Text: lang.L(k), SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance, Truncation: fyne.TextTruncateEllipsis})
	}
	// An invisible remove button keeps the last column's width.
	spacer := removeButton(nil)
	spacer.Hide()
	objs = append(objs, spacer)
	return container.New(&columnsLayout{weights: weights}, objs...)
}

// set shows pl and makes it the saved state.
func (p *planView) set(pl accounts.Plan) {
	p.setting = true
	defer func() { p.setting = false }()
	p.orig = pl
	p.objs, p.strats, p.acts, p.opps = nil, nil, nil, nil
	p.objBox.Objects, p.stratBox.Objects, p.actBox.Objects, p.oppBox.Objects = nil, nil, nil, nil
	for _, o := range pl.Objectives {
		p.addObjective(o, false)
	}
	for _, s := range pl.Strategies {
		p.addStrategy(s, false)
	}
	for _, a := range pl.Actions {
		p.addAction(a, false)
	}
	for _, o := range pl.Opportunities {
		p.addOpportunity(o, false)
	}
	p.refreshObjectiveChoices()
	p.counts()
	p.showSummary()
	p.changed = false
	p.status.SetText("")
	p.relayout()
}

// relayout fits the tab to rows added or removed and to messages shown or
// hidden under them.
func (p *planView) relayout() {
	if p.scroll == nil {
		return
	}
	p.scroll.Refresh()
	p.body.Refresh()
}

// edited marks unsaved changes.
func (p *planView) edited() {
	if p.setting {
		return
	}
	p.changed = true
	if p.status.Text == "" || p.status.Importance == widget.SuccessImportance {
		p.status.Importance = widget.MediumImportance
		p.status.SetText(lang.L("plan.unsaved"))
	}
}

func (p *planView) dirty() bool { return p.changed }

func (p *planView) cancel() {
	p.set(p.orig)
}

// counts puts the number of rows in the section headings.
func (p *planView) counts() {
	p.objHead.SetText(lang.L("plan.objectives", map[string]any{"Count": len(p.objs)}))
	p.stratHead.SetText(lang.L("plan.strategies", map[string]any{"Count": len(p.strats)}))
	p.actHead.SetText(lang.L("plan.actions", map[string]any{"Count": len(p.acts)}))
	p.oppHead.SetText(lang.L("plan.opportunities", map[string]any{"Count": len(p.opps)}))
	show := func(c fyne.CanvasObject, n int) {
		if n > 0 {
			c.Show()
		} else {
			c.Hide()
		}
	}
	show(p.objCols, len(p.objs))
	show(p.actCols, len(p.acts))
	show(p.oppCols, len(p.opps))
}

// Rows. Each keeps the id of its item so that links (an action's
// objective) and the stage history survive editing.

type objectiveRow struct {
	id           accounts.ID
	text, target *widget.Entry
	due          *widget.DateEntry
	status       *enumSelect[accounts.Progress]
	del          *widget.Button
	err          *widget.Label
	content      fyne.CanvasObject
}

type strategyRow struct {
	id      accounts.ID
	text    *widget.Entry
	err     *widget.Label
	content fyne.CanvasObject
}

type actionRow struct {
	id        accounts.ID
	text      *widget.Entry
	owner     *widget.Entry
	due       *widget.DateEntry
	status    *enumSelect[accounts.Progress]
	objective *widget.Select
	objID     accounts.ID // the objective chosen in the select
	err       *widget.Label
	content   fyne.CanvasObject
}

type opportunityRow struct {
	id        accounts.ID
	product   *widget.Entry
	value     *widget.Entry
	currency  *widget.Select
	stage     *enumSelect[accounts.OpportunityStage]
	close     *widget.DateEntry
	notes     *widget.Entry
	since     *widget.Label
	history   []accounts.StageChange
	origStage accounts.OpportunityStage // the stage as stored; "" for a new row
	err       *widget.Label
	content   fyne.CanvasObject
}

func errLabel() *widget.Label {
	l := &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}
	l.Hide()
	return l
}

// onEdit hooks the change callbacks of a row's inputs to fn.
func onEdit(fn func(), objs ...any) {
	for _, o := range objs {
		switch x := o.(type) {
		case *widget.Entry:
			x.OnChanged = func(string) { fn() }
		case *widget.DateEntry:
			// The picker owns its entry's OnChanged; typed dates arrive
			// here once they read as dates.
			x.OnChanged = func(*time.Time) { fn() }
		case *widget.Select:
			prev := x.OnChanged
			x.OnChanged = func(s string) {
				if prev != nil {
					prev(s)
				}
				fn()
			}
		}
	}
}

func (p *planView) addObjective(o accounts.Objective, focus bool) {
	if o.ID == "" {
		o.ID = accounts.NewID()
	}
	if o.Status == "" {
		o.Status = accounts.ProgressPlanned
	}
	r := &objectiveRow{id: o.ID, text: entry(o.Text), target: entry(o.Target), due: dateEntry(o.Due),
		status: newEnumSelect(accounts.Progresses(), accounts.Progress.Label, o.Status, false), err: errLabel()}
	r.text.PlaceHolder = lang.L("plan.ph.objective")
	r.target.PlaceHolder = lang.L("plan.ph.target")
	del := removeButton(nil)
	r.del = del
	r.content = container.NewVBox(container.New(&columnsLayout{weights: objWeights}, r.text, r.target, r.due, r.status.Select, del), r.err)
	del.OnTapped = func() {
		p.objs = removeRow(p.objs, r)
		p.objBox.Remove(r.content)
		p.refreshObjectiveChoices()
		p.counts()
		p.edited()
		p.relayout()
	}
	onEdit(func() { p.refreshObjectiveChoices(); p.edited() }, r.text)
	onEdit(p.edited, r.target, r.due, r.status.Select)
	p.objs = append(p.objs, r)
	p.objBox.Add(r.content)
	p.added(focus, r.text)
}

func (p *planView) addStrategy(s accounts.Strategy, focus bool) {
	if s.ID == "" {
		s.ID = accounts.NewID()
	}
	r := &strategyRow{id: s.ID, text: entry(s.Text), err: errLabel()}
	r.text.PlaceHolder = lang.L("plan.ph.strategy")
	del := removeButton(nil)
	r.content = container.NewVBox(container.NewBorder(nil, nil, nil, del, r.text), r.err)
	del.OnTapped = func() {
		p.strats = removeRow(p.strats, r)
		p.stratBox.Remove(r.content)
		p.counts()
		p.edited()
		p.relayout()
	}
	onEdit(p.edited, r.text)
	p.strats = append(p.strats, r)
	p.stratBox.Add(r.content)
	p.added(focus, r.text)
}

func (p *planView) addAction(a accounts.Action, focus bool) {
	if a.ID == "" {
		a.ID = accounts.NewID()
	}
	if a.Status == "" {
		a.Status = accounts.ProgressPlanned
	}
	if a.Owner == "" && focus && p.v.data != nil {
		a.Owner = p.v.data.Account.Owner
	}
	r := &actionRow{id: a.ID, text: entry(a.Text), owner: entry(a.Owner), due: dateEntry(a.Due),
		status: newEnumSelect(accounts.Progresses(), accounts.Progress.Label, a.Status, false), objID: a.ObjectiveID, err: errLabel()}
	r.text.PlaceHolder = lang.L("plan.ph.action")
	r.owner.PlaceHolder = lang.L("plan.col.owner")
	r.objective = &widget.Select{PlaceHolder: lang.L("plan.serves.none")}
	r.objective.ExtendBaseWidget(r.objective)
	r.objective.OnChanged = func(string) {
		i := r.objective.SelectedIndex()
		switch {
		case i <= 0:
			r.objID = ""
		case i-1 < len(p.objs):
			r.objID = p.objs[i-1].id
		}
	}
	del := removeButton(nil)
	r.content = container.NewVBox(container.New(&columnsLayout{weights: actWeights}, r.text, r.owner, r.due, r.status.Select, r.objective, del), r.err)
	del.OnTapped = func() {
		p.acts = removeRow(p.acts, r)
		p.actBox.Remove(r.content)
		p.counts()
		p.edited()
		p.relayout()
	}
	p.acts = append(p.acts, r)
	p.actBox.Add(r.content)
	p.fillObjectiveChoice(r)
	onEdit(p.edited, r.text, r.owner, r.due, r.status.Select, r.objective)
	p.added(focus, r.text)
}

func (p *planView) addOpportunity(o accounts.Opportunity, focus bool) {
	if o.ID == "" {
		o.ID = accounts.NewID()
	}
	cur := accounts.DefaultCurrency
	if p.v.data != nil {
		cur = p.v.data.Account.CurrencyOrDefault()
	}
	if o.Value.Currency != "" {
		cur = o.Value.Currency
	}
	stage := o.Stage
	if stage == "" {
		stage = accounts.StageWhiteSpace
	}
	r := &opportunityRow{id: o.ID, product: entry(o.Product), value: entry(moneyText(o.Value)), close: dateEntry(o.ExpectedClose),
		stage:   newEnumSelect(accounts.OpportunityStages(), accounts.OpportunityStage.Label, stage, false),
		notes:   entry(o.Notes),
		since:   &widget.Label{Importance: widget.LowImportance, SizeName: theme.SizeNameCaptionText, Truncation: fyne.TextTruncateEllipsis},
		history: append([]accounts.StageChange(nil), o.StageHistory...), origStage: o.Stage, err: errLabel()}
	r.currency = &widget.Select{Options: currencyOptions(cur)}
	r.currency.ExtendBaseWidget(r.currency)
	r.currency.SetSelected(cur)
	r.product.PlaceHolder = lang.L("plan.ph.product")
	r.value.PlaceHolder = "0"
	r.notes.PlaceHolder = lang.L("plan.ph.notes")
	p.showSince(r)
	del := removeButton(nil)
	line := container.New(&columnsLayout{weights: oppWeights}, r.product, r.value, r.currency, r.stage.Select, r.close, del)
	second := container.New(&columnsLayout{weights: []float32{6, 3.8}}, r.notes, r.since)
	r.content = container.NewVBox(line, second, r.err, widget.NewSeparator())
	del.OnTapped = func() {
		p.opps = removeRow(p.opps, r)
		p.oppBox.Remove(r.content)
		p.counts()
		p.edited()
		p.relayout()
	}
	onEdit(p.edited, r.product, r.value, r.currency, r.close, r.notes)
	onEdit(func() { p.showSince(r); p.edited() }, r.stage.Select)
	p.opps = append(p.opps, r)
	p.oppBox.Add(r.content)
	p.added(focus, r.product)
}

// currencyOptions are the usual currencies and cur, if it is another.
func currencyOptions(cur string) []string {
	for _, c := range accounts.Currencies {
		if c == cur {
			return accounts.Currencies
		}
	}
	return append(append([]string(nil), accounts.Currencies...), cur)
}

// showSince says since when the opportunity is in its stage, or that the
// change is recorded when the plan is saved.
func (p *planView) showSince(r *opportunityRow) {
	st := r.stage.value()
	if r.origStage != "" && st == r.origStage {
		for i := len(r.history) - 1; i >= 0; i-- {
			if h := r.history[i]; h.Stage == st && !h.At.IsZero() {
				days := int(math.Floor(p.w.now().Sub(h.At).Hours() / 24))
				r.since.SetText(lang.L("plan.since", map[string]any{"Date": accounts.DateOf(h.At).String(), "Days": max(days, 0)}))
				return
			}
		}
		r.since.SetText("")
		return
	}
	r.since.SetText(lang.L("plan.since.new"))
}

// added refreshes after a row was added by the person and puts the cursor
// in its first field.
func (p *planView) added(focus bool, first fyne.Focusable) {
	if !focus {
		return
	}
	p.counts()
	p.edited()
	p.relayout()
	if c := fyne.CurrentApp().Driver().CanvasForObject(p.content); c != nil {
		c.Focus(first)
	}
}

func removeRow[T comparable](rows []T, r T) []T {
	for i, x := range rows {
		if x == r {
			return append(rows[:i:i], rows[i+1:]...)
		}
	}
	return rows
}

// objectiveChoices are the labels of the objective select of actions.
func (p *planView) objectiveChoices() []string {
	out := []string{lang.L("plan.serves.none")}
	for i, o := range p.objs {
		t := strings.TrimSpace(o.text.Text)
		if t == "" {
			t = lang.L("plan.serves.unnamed", map[string]any{"N": i + 1})
		}
		out = append(out, t)
	}
	return out
}

func (p *planView) fillObjectiveChoice(r *actionRow) {
	opts := p.objectiveChoices()
	prev := r.objective.OnChanged
	r.objective.OnChanged = nil
	r.objective.Options = opts
	idx := 0
	for i, o := range p.objs {
		if o.id == r.objID {
			idx = i + 1
		}
	}
	if r.objID != "" && idx == 0 {
		r.objID = "" // its objective was removed
	}
	r.objective.SetSelectedIndex(idx)
	r.objective.OnChanged = prev
	r.objective.Refresh()
}

func (p *planView) refreshObjectiveChoices() {
	for _, r := range p.acts {
		p.fillObjectiveChoice(r)
	}
}

// read collects the plan from the rows. Input that cannot be read (a
// value that is no amount, a date that is no date) is reported by field.
func (p *planView) read() (accounts.Plan, []accounts.FieldError) {
	var errs []accounts.FieldError
	pl := p.orig
	pl.AccountID = p.v.id
	pl.Objectives, pl.Strategies, pl.Actions, pl.Opportunities = nil, nil, nil, nil
	for i, r := range p.objs {
		f := fmt.Sprintf("objectives[%d]", i)
		pl.Objectives = append(pl.Objectives, accounts.Objective{ID: r.id, Text: r.text.Text, Target: strings.TrimSpace(r.target.Text),
			Due: readDate(f+".due", r.due, &errs), Status: r.status.value()})
	}
	for _, r := range p.strats {
		pl.Strategies = append(pl.Strategies, accounts.Strategy{ID: r.id, Text: r.text.Text})
	}
	for i, r := range p.acts {
		f := fmt.Sprintf("actions[%d]", i)
		pl.Actions = append(pl.Actions, accounts.Action{ID: r.id, Text: r.text.Text, Owner: strings.TrimSpace(r.owner.Text),
			Due: readDate(f+".due", r.due, &errs), Status: r.status.value(), ObjectiveID: r.objID})
	}
	now := p.w.now()
	for i, r := range p.opps {
		f := fmt.Sprintf("opportunities[%d]", i)
		o := accounts.Opportunity{ID: r.id, Product: r.product.Text, Stage: r.stage.value(),
			Value:         readMoney(f+".value", r.value, r.currency.Selected, &errs),
			ExpectedClose: readDate(f+".expected_close", r.close, &errs),
			Notes:         strings.TrimSpace(r.notes.Text),
			StageHistory:  append([]accounts.StageChange(nil), r.history...)}
		// Entering a stage is recorded when the plan is saved, so the
		// pipeline can tell how long deals sit in each stage.
		if o.Stage != r.origStage {
			o.StageHistory = append(o.StageHistory, accounts.StageChange{Stage: o.Stage, At: now})
		}
		pl.Opportunities = append(pl.Opportunities, o)
	}
	return pl, errs
}

// showProblems puts each problem under its row and counts them in the
// status line.
func (p *planView) showProblems(errs []accounts.FieldError) {
	labels := map[string]*widget.Label{}
	for i, r := range p.objs {
		labels[fmt.Sprintf("objectives[%d]", i)] = r.err
	}
	for i, r := range p.strats {
		labels[fmt.Sprintf("strategies[%d]", i)] = r.err
	}
	for i, r := range p.acts {
		labels[fmt.Sprintf("actions[%d]", i)] = r.err
	}
	for i, r := range p.opps {
		labels[fmt.Sprintf("opportunities[%d]", i)] = r.err
	}
	for _, l := range labels {
		l.SetText("")
		l.Hide()
	}
	msg := lang.L("form.problems", map[string]any{"Count": len(errs)})
	for _, e := range errs {
		key := e.Field
		if i := strings.IndexByte(key, ']'); i > 0 {
			key = key[:i+1]
		}
		l, ok := labels[key]
		if !ok {
			msg += " " + tx(e.Msg)
			continue
		}
		t := tx(e.Msg)
		if l.Text != "" {
			t = l.Text + "\n" + t
		}
		l.SetText(t)
		l.Show()
	}
	p.status.Importance = widget.DangerImportance
	p.status.SetText(msg)
	p.relayout()
}

func (p *planView) clearProblems() {
	p.showProblems(nil)
	p.status.SetText("")
}

// doSave validates and stores the plan. Bad input is shown under its row
// and nothing is written.
func (p *planView) doSave() {
	pl, errs := p.read()
	check := pl
	check.Normalize()
	if err := check.Validate(); err != nil {
		errs = append(errs, accounts.FieldErrors(err)...)
	}
	if len(errs) > 0 {
		p.showProblems(errs)
		return
	}
	p.clearProblems()
	var err error
	p.save.Disable()
	p.w.background("save plan "+string(pl.AccountID), func() { _, err = p.w.book.SavePlan(from(viewPlan), &pl) }, func() {
		p.save.Enable()
		switch {
		case accounts.ErrorCode(err) == accounts.ECONFLICT:
			p.showConflict()
		case accounts.ErrorCode(err) == accounts.EINVALID:
			p.showProblems(accounts.FieldErrors(err))
		case err != nil:
			p.status.Importance = widget.DangerImportance
			p.status.SetText(errorSentence(err))
		default:
			if p.v.data != nil {
				saved := pl
				p.v.data.Plan = &saved
			}
			p.set(pl)
			p.status.Importance = widget.SuccessImportance
			p.status.SetText(lang.L("plan.saved"))
		}
	})
}

// showConflict explains that the plan was saved elsewhere first and offers
// to load that version.
func (p *planView) showConflict() {
	p.status.Importance = widget.DangerImportance
	p.status.SetText(lang.L("plan.conflict"))
	d := dialog.NewCustomConfirm(lang.L("conflict.title"), lang.L("conflict.reload"), lang.L("conflict.keep"),
		&widget.Label{Text: lang.L("plan.conflict"), Wrapping: fyne.TextWrapWord}, func(reload bool) {
			if reload {
				p.reload()
			}
		}, p.w.win)
	d.Resize(fyne.NewSize(460, 200))
	d.Show()
}

// reload reads the stored plan again, dropping edits.
func (p *planView) reload() {
	var pl *accounts.Plan
	var err error
	id := p.v.id
	p.w.background("load plan "+string(id), func() { pl, err = p.w.book.Plan(id) }, func() {
		switch {
		case accounts.ErrorCode(err) == accounts.ENOTFOUND:
			p.set(accounts.Plan{AccountID: id})
		case err != nil:
			p.status.Importance = widget.DangerImportance
			p.status.SetText(errorSentence(err))
		default:
			if p.v.data != nil {
				cp := *pl
				p.v.data.Plan = &cp
			}
			p.set(*pl)
		}
	})
}

// showSummary is the account's pipeline as saved: per stage the count, the
// value and the average days opportunities stay there.
func (p *planView) showSummary() {
	cur := accounts.DefaultCurrency
	if p.v.data != nil {
		cur = p.v.data.Account.CurrencyOrDefault()
	}
	stats := stageSummary(withCurrency(p.orig.Opportunities, cur), p.w.now())
	p.summary.Objects = nil
	if len(p.orig.Opportunities) == 0 {
		p.summary.Add(&widget.Label{Text: lang.L("plan.pipeline.none"), Importance: widget.LowImportance})
		p.summary.Refresh()
		return
	}
	p.summary.Add(stageTable(stats, false))
	p.summary.Refresh()
}

var stageWeights = []float32{1.6, 1, 4.4, 1.6}

// stageTable lays out a pipeline summary: stage, count, value, average
// days in stage. all keeps stages that hold nothing.
func stageTable(stats []stageStat, all bool) fyne.CanvasObject {
	cell := func(s string, bold bool, imp widget.Importance) *widget.Label {
		return &widget.Label{Text: s, TextStyle: fyne.TextStyle{Bold: bold}, Importance: imp, Truncation: fyne.TextTruncateEllipsis}
	}
	head := func(k string) *widget.Label {
		return &widget.Label{Text: lang.L(k), SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance, Truncation: fyne.TextTruncateEllipsis}
	}
	rows := container.NewVBox(container.New(&columnsLayout{weights: stageWeights},
		head("pipeline.col.stage"), head("pipeline.col.count"), head("pipeline.col.value"), head("pipeline.col.days")))
	var open []accounts.Money
	count := 0
	for _, s := range stats {
		if !all && s.Count == 0 && s.Spells == 0 {
			continue
		}
		days := "—"
		if s.Spells > 0 {
			days = lang.L("pipeline.days", map[string]any{"Days": strconv.FormatFloat(math.Round(s.Days*10)/10, 'f', -1, 64)})
		}
		imp := widget.MediumImportance
		if !s.Stage.Open() {
			imp = widget.LowImportance
		} else {
			open = append(open, s.Values...)
			count += s.Count
		}
		rows.Add(container.New(&columnsLayout{weights: stageWeights},
			cell(tx(s.Stage.Label()), false, imp), cell(strconv.Itoa(s.Count), false, imp), cell(valuesText(s.Values), false, imp), cell(days, false, imp)))
	}
	sums := map[string]int64{}
	for _, m := range open {
		sums[m.Currency] += m.Minor
	}
	rows.Add(widget.NewSeparator())
	// the total spans the value and days columns: a sum in several
	// currencies is the longest text of the table
	totalWeights := []float32{stageWeights[0], stageWeights[1], stageWeights[2] + stageWeights[3]}
	rows.Add(container.New(&columnsLayout{weights: totalWeights},
		cell(lang.L("pipeline.open"), true, widget.MediumImportance), cell(strconv.Itoa(count), true, widget.MediumImportance),
		cell(valuesText(moneyByCurrency(sums)), true, widget.MediumImportance)))
	return rows
}

// columnsLayout puts objects side by side with widths in proportion to
// weights, so that the rows of a table and its header line up whatever the
// content. A zero weight is a column as wide as its object needs.
type columnsLayout struct{ weights []float32 }

func (l *columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	fixed, total := float32(0), float32(0)
	for i, o := range objs {
		w := l.weight(i)
		if w == 0 {
			fixed += o.MinSize().Width
		}
		total += w
	}
	free := size.Width - fixed - pad*float32(max(len(objs)-1, 0))
	x := float32(0)
	for i, o := range objs {
		w := l.weight(i)
		cw := o.MinSize().Width
		if w > 0 && total > 0 {
			cw = free * w / total
		}
		h := o.MinSize().Height
		o.Move(fyne.NewPos(x, (size.Height-h)/2))
		o.Resize(fyne.NewSize(cw, h))
		x += cw + pad
	}
}

func (l *columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for i, o := range objs {
		if !o.Visible() && l.weight(i) > 0 {
			continue
		}
		ms := o.MinSize()
		if l.weight(i) == 0 {
			w += ms.Width
		} else {
			w += min(ms.Width, 48)
		}
		h = max(h, ms.Height)
	}
	return fyne.NewSize(w+theme.Padding()*float32(max(len(objs)-1, 0)), h)
}

func (l *columnsLayout) weight(i int) float32 {
	if i < len(l.weights) {
		return l.weights[i]
	}
	return 1
}
