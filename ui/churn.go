package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
)

// The churn view (客户退出管理): per month, quarter or year, how many of the
// accounts held at the start were lost, why, and what a year of their
// business was worth, with the lost accounts; a lost key or strategic
// account offers a win-back plan (流失挽回). It reads the risk board, which
// carries every account's stage and exit record, so it opens at once on
// 10,000 accounts and follows every change like the risk view.

// churnSpan is how many periods of each kind the view shows by default:
// a year of quarters or months, three years.
// viewChurn names the churn view's writes (a win-back plan).
const viewChurn = "churn"

var churnSpan = map[accounts.PeriodKind]int{accounts.PeriodMonth: 12, accounts.PeriodQuarter: 4, accounts.PeriodYear: 3}

// showChurn puts the churn view on the right.
func (w *MainWindow) showChurn() {
	w.leave(func() {
		if w.churnView == nil {
			w.churnView = newChurnView(w.shell)
		}
		v := w.churnView
		w.showOnRight("churn.title", v.content)
		if w.board != nil {
			v.setBoard(w.board)
		}
		w.rescore()
	})
}

// churnView is the lost-accounts view.
type churnView struct {
	w      *shell
	board  *book.Board
	kind   accounts.PeriodKind
	period *enumSelect[accounts.PeriodKind]

	periods *fyne.Container // the table of periods
	reasons *widget.Label
	loss    *widget.Label
	count   *widget.Label
	lost    []accounts.Account // lost in the periods shown, latest first
	list    *widget.List
	planned map[accounts.ID]bool // win-backs planned from this view
	content fyne.CanvasObject
}

func newChurnView(w *shell) *churnView {
	v := &churnView{w: w, kind: accounts.PeriodQuarter, planned: map[accounts.ID]bool{}}
	v.period = newEnumSelect(accounts.PeriodKinds(), accounts.PeriodKind.Label, v.kind, false)
	v.period.OnChanged = func(string) {
		if k := v.period.value(); k != "" && k != v.kind {
			v.kind = k
			v.apply()
		}
	}
	v.periods = container.NewVBox()
	// Short lines, unwrapped: the side is as wide as its longest line.
	v.reasons = &widget.Label{}
	v.loss = &widget.Label{}
	v.count = &widget.Label{Text: lang.L("riskview.loading"), TextStyle: fyne.TextStyle{Bold: true}}
	v.list = &widget.List{
		Length:     func() int { return len(v.lost) },
		CreateItem: newLostRow,
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(v.lost) {
				v.updateLostRow(o, &v.lost[i])
			}
		},
		OnSelected: func(i widget.ListItemID) {
			if i < len(v.lost) {
				id := v.lost[i].ID
				v.list.UnselectAll()
				v.w.open(id)
			}
		},
	}
	v.list.ExtendBaseWidget(v.list)

	pick := container.NewHBox(&widget.Label{Text: lang.L("churn.period")}, v.period.Select)
	head := container.NewVBox(heading(lang.L("churn.title")),
		&widget.Label{Text: lang.L("churn.hint"), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance},
		pick)
	side := container.NewVBox(subheading(lang.L("churn.reasons")), v.reasons, subheading(lang.L("churn.loss.total")), v.loss)
	// The table takes what the reasons and totals leave.
	summary := container.NewBorder(nil, nil, nil, container.NewPadded(side), v.periods)
	top := container.NewVBox(head, widget.NewSeparator(), summary, widget.NewSeparator(), v.count)
	v.content = container.NewBorder(top, nil, nil, nil, v.list)
	return v
}

func (v *churnView) setBoard(b *book.Board) {
	v.board = b
	v.apply()
}

// span is the first and last day of the periods shown, the running one last.
func (v *churnView) span() (from, to accounts.Date) {
	to = v.w.day()
	n := churnSpan[v.kind]
	switch v.kind {
	case accounts.PeriodMonth:
		return accounts.NewDate(to.Year, to.Month-time.Month(n-1), 1), to
	case accounts.PeriodYear:
		return accounts.NewDate(to.Year-(n-1), 1, 1), to
	}
	q := (to.Month-1)/3*3 + 1
	return accounts.NewDate(to.Year, q-time.Month(3*(n-1)), 1), to
}

// apply works out the figures of the periods shown.
func (v *churnView) apply() {
	if v.board == nil {
		return
	}
	all := v.board.ChurnAccounts()
	from, to := v.span()
	ps := accounts.Churn(all, from, to, v.kind)
	v.showPeriods(ps)
	v.showTotals(ps)
	v.lost = v.lost[:0]
	for _, a := range all {
		if a.Stage == accounts.StageExit && a.Exit != nil && !a.Exit.Date.Before(from) && !a.Exit.Date.After(to) {
			v.lost = append(v.lost, a)
		}
	}
	slices.SortStableFunc(v.lost, func(x, y accounts.Account) int {
		return cmp.Or(strings.Compare(y.Exit.Date.String(), x.Exit.Date.String()), strings.Compare(x.Name, y.Name))
	})
	v.count.SetText(lang.L("churn.lost", map[string]any{"Count": len(v.lost)}))
	v.list.Refresh()
}

// churnWeights are the table's columns: the loss, one amount per
// currency, gets the room.
var churnWeights = []float32{1, 1.1, 0.7, 0.9, 2.6}

// showPeriods fills the table: one row per period, the latest last.
func (v *churnView) showPeriods(ps []accounts.ChurnPeriod) {
	cell := func(s string, bold bool) fyne.CanvasObject {
		return &widget.Label{Text: s, TextStyle: fyne.TextStyle{Bold: bold}, Truncation: fyne.TextTruncateEllipsis}
	}
	row := func(cells ...fyne.CanvasObject) fyne.CanvasObject {
		return container.New(&columnsLayout{weights: churnWeights}, cells...)
	}
	objs := []fyne.CanvasObject{row(cell(lang.L("churn.col.period"), true), cell(lang.L("churn.col.atstart"), true),
		cell(lang.L("churn.col.lost"), true), cell(lang.L("churn.col.rate"), true), cell(lang.L("churn.col.loss"), true))}
	for _, p := range ps {
		objs = append(objs, row(cell(p.Period, false), cell(fmt.Sprint(p.AtStart), false), cell(fmt.Sprint(p.Lost), false),
			cell(lang.L("churn.rate", map[string]any{"Pct": fmt.Sprintf("%.1f", p.Rate*100)}), false), cell(moneyList(p.Loss), false)))
	}
	v.periods.Objects = objs
	v.periods.Refresh()
}

// showTotals sums the reasons and the loss over the periods shown.
func (v *churnView) showTotals(ps []accounts.ChurnPeriod) {
	counts := map[accounts.ExitReason]int{}
	loss := map[string]int64{}
	for _, p := range ps {
		for _, r := range p.Reasons {
			counts[r.Reason] += r.Count
		}
		for _, m := range p.Loss {
			loss[m.Currency] += m.Minor
		}
	}
	reasons := accounts.ExitReasons()
	slices.SortStableFunc(reasons, func(a, b accounts.ExitReason) int { return counts[b] - counts[a] })
	var lines []string
	for _, r := range reasons {
		if counts[r] > 0 {
			lines = append(lines, lang.L("churn.reason.row", map[string]any{"Reason": tx(r.Label()), "Count": counts[r]}))
		}
	}
	if len(lines) == 0 {
		lines = []string{lang.L("churn.noreasons")}
	}
	v.reasons.SetText(strings.Join(lines, "\n"))
	var ms []accounts.Money
	for cur, m := range loss {
		ms = append(ms, accounts.Money{Minor: m, Currency: cur})
	}
	slices.SortFunc(ms, func(a, b accounts.Money) int { return strings.Compare(a.Currency, b.Currency) })
	v.loss.SetText(strings.ReplaceAll(moneyList(ms), ", ", "\n"))
}

// moneyList shows amounts of several currencies, never added together.
func moneyList(ms []accounts.Money) string {
	if len(ms) == 0 {
		return "0"
	}
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = m.String()
	}
	return strings.Join(parts, ", ")
}

func newLostRow() fyne.CanvasObject {
	name := &widget.Label{Text: lang.L("pipeline.col.account"), TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	detail := &widget.Label{Text: lang.L("pipeline.col.owner"), SizeName: theme.SizeNameCaptionText, Truncation: fyne.TextTruncateEllipsis}
	note := &widget.Label{SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance, Truncation: fyne.TextTruncateEllipsis}
	btn := &widget.Button{Text: lang.L("churn.winback"), Icon: theme.ContentAddIcon()}
	btn.ExtendBaseWidget(btn)
	return container.NewBorder(nil, nil, nil, container.NewCenter(btn), container.New(&tightVBox{}, name, detail, note))
}

func (v *churnView) updateLostRow(o fyne.CanvasObject, a *accounts.Account) {
	c := o.(*fyne.Container)
	text := c.Objects[0].(*fyne.Container)
	btn := c.Objects[1].(*fyne.Container).Objects[0].(*widget.Button)
	text.Objects[0].(*widget.Label).SetText(a.Name)
	e := a.Exit
	loss := e.YearlyLoss
	if loss.Currency == "" {
		loss.Currency = a.CurrencyOrDefault()
	}
	text.Objects[1].(*widget.Label).SetText(lang.L("churn.lost.detail", map[string]any{"Owner": a.Owner, "Tier": tx(a.Tier.Label()),
		"Date": e.Date.String(), "Reason": tx(e.Reason.Label()), "Loss": loss.String()}))
	text.Objects[2].(*widget.Label).SetText(strings.ReplaceAll(e.Note, "\n", " "))
	d := &accounts.AccountData{Account: *a}
	if accounts.WinBackPlan(d, v.w.day(), tx) == nil {
		btn.Hide()
		return
	}
	btn.Show()
	id := a.ID
	btn.OnTapped = func() { v.planWinBack(btn, d) }
	if v.planned[id] {
		btn.SetText(lang.L("churn.winback.done"))
		btn.Disable()
	} else {
		btn.SetText(lang.L("churn.winback"))
		btn.Enable()
	}
}

// planWinBack adds the win-back actions to the lost account's plan in one
// write and opens the plan.
func (v *churnView) planWinBack(btn *widget.Button, d *accounts.AccountData) {
	id := d.Account.ID
	acts := accounts.WinBackPlan(d, v.w.day(), tx)
	btn.Disable()
	var err error
	started := v.w.background("save plan "+string(id), func() {
		_, err = v.w.book.AddPlanActions(from(viewChurn), id, acts)
	}, func() {
		if err != nil {
			btn.Enable()
			v.w.showError(err)
			return
		}
		v.planned[id] = true
		v.list.Refresh()
		v.w.open(id)
		if cur := v.w.current(); cur != nil && cur.id == id {
			cur.startTab = 4 // the Plan tab, once the account has loaded
		}
	})
	if !started {
		btn.Enable()
	}
}
