package ui

import (
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
)

// The pipeline arithmetic of the Plan tab and the portfolio Pipeline view:
// value and count by stage, and how long opportunities sit in a stage. It
// is plain functions over the domain's values so that tables of cases pin
// it down without a window.

// stageStat is one stage's line of a pipeline summary.
type stageStat struct {
	Stage accounts.OpportunityStage
	Count int
	// Values holds one sum per currency: opportunities in different
	// currencies are never added up as if they were one.
	Values []accounts.Money
	// Days is the average number of days an opportunity stayed in the
	// stage, over Spells stays. A stay still going counts up to now, so a
	// deal stuck in negotiation shows even before it moves on.
	Days   float64
	Spells int
}

// pipelineOpp is an opportunity with the account it belongs to.
type pipelineOpp struct {
	AccountID accounts.ID
	Account   string
	Owner     string
	accounts.Opportunity
}

// withCurrency gives opportunities without a currency the account's one.
func withCurrency(opps []accounts.Opportunity, cur string) []accounts.Opportunity {
	out := make([]accounts.Opportunity, len(opps))
	for i, o := range opps {
		if o.Value.Currency == "" {
			o.Value.Currency = cur
		}
		out[i] = o
	}
	return out
}

// stageSummary sums opps by stage, one line per stage in pipeline order
// (white space first, lost last), stages without anything included so the
// lines of two summaries read alike.
func stageSummary(opps []accounts.Opportunity, now time.Time) []stageStat {
	stages := accounts.OpportunityStages()
	at := map[accounts.OpportunityStage]int{}
	out := make([]stageStat, len(stages))
	sums := make([]map[string]int64, len(stages))
	days := make([]float64, len(stages))
	for i, s := range stages {
		at[s] = i
		out[i].Stage = s
		sums[i] = map[string]int64{}
	}
	for _, o := range opps {
		if i, ok := at[o.Stage]; ok {
			out[i].Count++
			sums[i][o.Value.Currency] += o.Value.Minor
		}
		for _, sp := range stageSpells(o, now) {
			if i, ok := at[sp.stage]; ok {
				out[i].Spells++
				days[i] += sp.days
			}
		}
	}
	for i := range out {
		out[i].Values = moneyByCurrency(sums[i])
		if out[i].Spells > 0 {
			out[i].Days = days[i] / float64(out[i].Spells)
		}
	}
	return out
}

type spell struct {
	stage accounts.OpportunityStage
	days  float64
}

// stageSpells reads an opportunity's stage history as stays in stages. The
// last stay runs until now while the deal is open; a won or lost deal has
// arrived and its final stage is no stay.
func stageSpells(o accounts.Opportunity, now time.Time) []spell {
	h := append([]accounts.StageChange(nil), o.StageHistory...)
	sort.SliceStable(h, func(i, j int) bool { return h[i].At.Before(h[j].At) })
	var out []spell
	for i, c := range h {
		if c.At.IsZero() {
			continue
		}
		var end time.Time
		switch {
		case i+1 < len(h):
			end = h[i+1].At
		case c.Stage == o.Stage && o.Stage.Open():
			end = now
		default:
			continue
		}
		if end.Before(c.At) {
			continue
		}
		out = append(out, spell{c.Stage, end.Sub(c.At).Hours() / 24})
	}
	return out
}

// moneyByCurrency orders sums the way forms offer currencies, the common
// ones first, leaving out zero sums.
func moneyByCurrency(sums map[string]int64) []accounts.Money {
	rank := map[string]int{}
	for i, c := range accounts.Currencies {
		rank[c] = i
	}
	var out []accounts.Money
	for c, v := range sums {
		if v != 0 {
			out = append(out, accounts.Money{Minor: v, Currency: c})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		ri, oki := rank[out[i].Currency]
		rj, okj := rank[out[j].Currency]
		if oki != okj {
			return oki
		}
		if ri != rj {
			return ri < rj
		}
		return out[i].Currency < out[j].Currency
	})
	return out
}

// valuesText writes sums in several currencies as "CNY 1,200,000 + USD 50,000".
func valuesText(ms []accounts.Money) string {
	if len(ms) == 0 {
		return "—"
	}
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = m.String()
	}
	return strings.Join(parts, " + ")
}

// openByClose keeps the open opportunities, soonest expected close first;
// those without a date come last, larger deals before smaller ones.
func openByClose(opps []pipelineOpp) []pipelineOpp {
	var out []pipelineOpp
	for _, o := range opps {
		if o.Stage.Open() {
			out = append(out, o)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.ExpectedClose.IsZero() != b.ExpectedClose.IsZero() {
			return !a.ExpectedClose.IsZero()
		}
		if a.ExpectedClose != b.ExpectedClose {
			return a.ExpectedClose.Before(b.ExpectedClose)
		}
		if a.Value.Minor != b.Value.Minor {
			return a.Value.Minor > b.Value.Minor
		}
		return a.Account+a.Product < b.Account+b.Product
	})
	return out
}

// pipelineView is the portfolio's pipeline on the right pane: value, count
// and days in stage for all accounts or one owner, and the open
// opportunities by expected close; a row opens its account's Plan tab.
type pipelineView struct {
	w       *shell
	owner   *widget.Select
	count   *widget.Label
	total   *widget.Label // the open pipeline converted, with its rate date, or why not
	stages  *fyne.Container
	list    *widget.List
	rows    []pipelineOpp // open, by expected close
	content fyne.CanvasObject
}

var oppListWeights = []float32{1.3, 2.6, 2.6, 1.4, 1.8, 1.3}

// openPipeline shows the pipeline, after the unsaved-changes guard.
func (w *MainWindow) openPipeline() *pipelineView {
	var pv *pipelineView
	w.leave(func() {
		pv = newPipelineView(w.shell, w.portfolio.filter.Owner)
		w.pipeline = pv
		w.account = nil
		w.win.SetTitle(lang.L("pipeline.title") + " — " + lang.L("app.title"))
		w.app.Preferences().SetString(prefLastAccount, "")
		w.right.Objects = []fyne.CanvasObject{pv.content}
		w.right.Refresh()
		w.portfolio.list.UnselectAll()
		pv.reload()
	})
	return pv
}

// owner is the owner the portfolio list shows, shown first.
func newPipelineView(w *shell, owner string) *pipelineView {
	pv := &pipelineView{w: w}
	all := lang.L("pipeline.allowners")
	pv.owner = &widget.Select{Options: []string{all}}
	pv.owner.ExtendBaseWidget(pv.owner)
	pv.owner.SetSelected(all)
	if o := owner; o != "" {
		pv.owner.Options = append(pv.owner.Options, o)
		pv.owner.SetSelected(o)
	}
	pv.owner.OnChanged = func(string) { pv.reload() }
	pv.count = &widget.Label{Importance: widget.LowImportance, Truncation: fyne.TextTruncateEllipsis}
	pv.stages = container.NewVBox()
	pv.total = &widget.Label{Wrapping: fyne.TextWrapWord}
	pv.list = &widget.List{
		Length: func() int { return len(pv.rows) },
		CreateItem: func() fyne.CanvasObject {
			var cells []fyne.CanvasObject
			for range oppListWeights {
				cells = append(cells, &widget.Label{Truncation: fyne.TextTruncateEllipsis})
			}
			return container.New(&columnsLayout{weights: oppListWeights}, cells...)
		},
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(pv.rows) {
				return
			}
			r := pv.rows[i]
			cells := o.(*fyne.Container).Objects
			set := func(k int, s string, imp widget.Importance) {
				l := cells[k].(*widget.Label)
				l.Text, l.Importance = s, imp
				l.Refresh()
			}
			closeText, imp := "—", widget.MediumImportance
			if !r.ExpectedClose.IsZero() {
				closeText = r.ExpectedClose.String()
				if r.ExpectedClose.Before(w.day()) {
					imp = widget.DangerImportance
				}
			}
			set(0, closeText, imp)
			set(1, r.Account, widget.MediumImportance)
			set(2, r.Product, widget.MediumImportance)
			set(3, tx(r.Stage.Label()), widget.MediumImportance)
			set(4, r.Value.String(), widget.MediumImportance)
			set(5, r.Owner, widget.LowImportance)
		},
		OnSelected: func(i widget.ListItemID) {
			if i < len(pv.rows) {
				pv.openRow(i)
			}
		},
	}
	pv.list.ExtendBaseWidget(pv.list)

	head := func(k string) fyne.CanvasObject {
		return &widget.Label{Text: lang.L(k), SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance, Truncation: fyne.TextTruncateEllipsis}
	}
	cols := container.New(&columnsLayout{weights: oppListWeights}, head("pipeline.col.close"), head("pipeline.col.account"),
		head("plan.col.product"), head("pipeline.col.stage"), head("pipeline.col.value"), head("pipeline.col.owner"))
	// The owner choice and the count sit on the title line, and the hint
	// beside its section title, so the list keeps the room.
	middle := func(o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewVBox(layout.NewSpacer(), o, layout.NewSpacer())
	}
	ownerBox := middle(container.NewHBox(&widget.Label{Text: lang.L("pipeline.owner")}, pv.owner))
	title := container.NewBorder(nil, nil, &widget.Label{Text: lang.L("pipeline.title"), SizeName: theme.SizeNameHeadingText}, ownerBox, middle(pv.count))
	hint := &widget.Label{Text: lang.L("pipeline.openlist.hint"), Importance: widget.LowImportance, SizeName: theme.SizeNameCaptionText, Truncation: fyne.TextTruncateEllipsis}
	top := container.NewVBox(
		title,
		widget.NewSeparator(),
		subheading(lang.L("pipeline.bystage")),
		pv.stages,
		pv.total,
		widget.NewSeparator(),
		container.NewBorder(nil, nil, subheading(lang.L("pipeline.openlist")), nil, middle(hint)),
		cols,
	)
	pv.content = container.NewPadded(container.NewBorder(top, nil, nil, nil, pv.list))
	return pv
}

// openRow opens the account of row i on its Plan tab.
func (pv *pipelineView) openRow(i int) {
	id := pv.rows[i].AccountID
	pv.list.UnselectAll()
	pv.w.open(id)
	if v := pv.w.current(); v != nil && v.id == id {
		v.startTab = 4
		if v.tabs != nil {
			v.selectTab(4)
		}
	}
}

// reload reads every plan of the chosen owner's accounts off the UI
// goroutine.
func (pv *pipelineView) reload() {
	owner := pv.owner.Selected
	if owner == lang.L("pipeline.allowners") {
		owner = ""
	}
	w := pv.w
	var opps []pipelineOpp
	var owners []string
	var accountsWith int
	var err, totalErr error
	var total accounts.Total
	w.background("load pipeline", func() {
		defer func() {
			if err == nil {
				total, totalErr = w.book.Sum(openValues(opps)...)
			}
		}()
		var sums []book.Summary
		if sums, err = summariesOf(w.book, owner); err != nil {
			return
		}
		owners, err = w.book.Owners()
		if err != nil {
			return
		}
		for _, s := range sums {
			pl, perr := w.book.Plan(s.ID)
			if accounts.ErrorCode(perr) == accounts.ENOTFOUND {
				continue
			}
			if perr != nil {
				err = perr
				return
			}
			cur := s.Revenue.Currency
			if cur == "" {
				cur = accounts.DefaultCurrency
			}
			if len(pl.Opportunities) > 0 {
				accountsWith++
			}
			for _, o := range withCurrency(pl.Opportunities, cur) {
				opps = append(opps, pipelineOpp{AccountID: s.ID, Account: s.Name, Owner: s.Owner, Opportunity: o})
			}
		}
	}, func() {
		if err != nil {
			pv.count.Importance = widget.DangerImportance
			pv.count.SetText(errorSentence(err))
			return
		}
		all := lang.L("pipeline.allowners")
		cb := pv.owner.OnChanged
		pv.owner.OnChanged = nil
		pv.owner.Options = append([]string{all}, owners...)
		if owner == "" {
			pv.owner.SetSelected(all)
		}
		pv.owner.OnChanged = cb
		plain := make([]accounts.Opportunity, len(opps))
		for i, o := range opps {
			plain[i] = o.Opportunity
		}
		pv.stages.Objects = []fyne.CanvasObject{stageTable(stageSummary(plain, w.now()), true)}
		pv.stages.Refresh()
		pv.rows = openByClose(opps)
		pv.total.Importance, pv.total.Text = totalText(total, totalErr)
		pv.total.Refresh()
		pv.count.Importance = widget.LowImportance
		pv.count.SetText(lang.L("pipeline.count", map[string]any{"Open": len(pv.rows), "Total": len(opps), "Accounts": accountsWith}))
		pv.list.Refresh()
	})
}

// openValues are the values of the open opportunities.
func openValues(opps []pipelineOpp) []accounts.Money {
	var out []accounts.Money
	for _, o := range opps {
		if o.Stage.Open() {
			out = append(out, o.Value)
		}
	}
	return out
}

// totalText says a converted total with the date of its rates, a total in
// one currency as it is, or the sentence why there is none.
func totalText(t accounts.Total, err error) (widget.Importance, string) {
	switch {
	case err != nil:
		return widget.WarningImportance, sayErr(err)
	case t.Converted:
		return widget.MediumImportance, lang.L("rates.total.converted", map[string]any{"Total": t.Money.String(), "Date": t.RateDate.String()})
	default:
		return widget.MediumImportance, lang.L("rates.total.plain", map[string]any{"Total": t.Money.String()})
	}
}

// summariesOf lists the accounts of owner, or all accounts when owner is "".
func summariesOf(s *book.Book, owner string) ([]book.Summary, error) {
	if owner != "" {
		return s.SummariesByOwner(owner)
	}
	return s.Summaries()
}
