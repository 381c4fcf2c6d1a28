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
	"keycard/collation"
)

// This file shows the portfolio's risk: the board that the book keeps
// (book/risk.go: scores, lifetime values, ABC classes, value ranks, the daily
// snapshots) in the risk view with its chart, and Today's "risk rose since
// last week".

// refreshBoard asks the book for the risk board with every change so far
// (the last one, the changed accounts rescored, or a full scan) off the UI
// goroutine, and shows it in the portfolio list, the risk view and the open
// Warnings tab. A failed scan leaves the board shown and is only logged:
// the book keeps the changes pending, so the next refresh scores them.
func (w *MainWindow) refreshBoard() {
	var b *book.Board
	var err error
	w.background("scan risk", func() { b, err = w.book.Board(w.book.Jobs().Context()) }, func() {
		if err != nil {
			fyne.LogError("score the portfolio", err)
		}
		if b == nil {
			return
		}
		w.setBoard(b)
		if b.Snapped && w.showing(w.today.content) {
			w.today.reload() // "risk rose" compares with today's snapshots
		}
	})
}

// startDelay is how long the work that waits for the window's first frames
// with the list waits after the list first shows: the day's first risk scan
// (it keeps both cores busy for a second or more on a large book) and the
// search texts. The frames are drawn on the same two cores just then; the
// list's badges and risk filter already work from the last snapshots
// (loadLastKnown), and a search typed meanwhile builds its texts itself.
const startDelay = 600 * time.Millisecond

// afterFirstFrames runs fn on the UI goroutine startDelay after the list
// first showed, or at once later on and in tests (their queue runs
// background work when they ask).
func (w *shell) afterFirstFrames(fn func()) {
	if w.started || w.queued {
		w.started = true
		fn()
		return
	}
	time.AfterFunc(startDelay, func() {
		fyne.Do(func() {
			w.started = true
			fn()
		})
	})
}

// loadLastKnown reads, at start and beside the summaries, each account's
// risk level and card as the last saved snapshot has them (today's, after
// a restart; yesterday's, on the first start of a day), to show until the
// first board comes. On a large book the day's first scan takes seconds;
// the snapshots are one read of tens of milliseconds, so the list's badges
// and its risk filter work at once and the scan then puts today's figures
// in their place.
func (w *MainWindow) loadLastKnown() {
	var known map[accounts.ID]book.RiskPoint
	var err error
	w.background("load snapshots", func() { known, err = w.book.RiskOn(w.book.Today()) }, func() {
		if err != nil {
			fyne.LogError("read the last risk snapshots", err)
			return
		}
		if w.board == nil {
			w.portfolio.setKnown(known)
		}
	})
}

// setBoard makes b the portfolio's board and shows it in the portfolio
// list, the risk view and the open Warnings tab.
func (w *MainWindow) setBoard(b *book.Board) {
	w.board = b
	w.portfolio.setBoard(b)
	if v := w.riskView; v != nil && w.showing(v.content) {
		v.setBoard(b)
	}
	if v := w.churnView; v != nil && w.showing(v.content) {
		v.setBoard(b)
	}
	if w.account != nil && w.account.warnings != nil {
		w.account.warnings.boardChanged(b)
	}
	// Every change rescores the board: the weekly review reads it again.
	if v := w.reviewView; v != nil && w.showing(v.content) {
		v.boardChanged()
	}
}

// showing reports whether o is what the right pane shows.
func (w *MainWindow) showing(o fyne.CanvasObject) bool {
	return len(w.right.Objects) == 1 && w.right.Objects[0] == o
}

// showRisk puts the portfolio's risk view on the right.
func (w *MainWindow) showRisk() {
	w.leave(func() {
		if w.riskView == nil {
			w.riskView = newRiskView(w.shell)
		}
		v := w.riskView
		w.showOnRight("riskview.title", v.content)
		if w.board != nil {
			v.setBoard(w.board)
		}
		w.portfolio.reload(nil) // a fresh scan follows
	})
}

// riskView ranks the accounts by risk, with their top reasons, beside the
// value/risk chart.
type riskView struct {
	w       *shell
	board   *book.Board
	shown   []int // indexes into board.Entries after the filters
	owner   *widget.Select
	tier    *widget.Select
	fOwner  string
	fTier   accounts.Tier
	count   *widget.Label
	rates   *widget.Label // how the classes compared currencies
	list    *widget.List
	chart   *riskChart
	content fyne.CanvasObject
}

func newRiskView(w *shell) *riskView {
	v := &riskView{w: w}
	v.owner = filterSelect(lang.L("filter.owner"), nil, func(s string) { v.fOwner = s; v.apply() })
	tiers, tierCodes := enumOptions(accounts.Tiers(), accounts.Tier.Label)
	v.tier = filterSelect(lang.L("filter.tier"), tiers, func(s string) { v.fTier = pick(tiers, tierCodes, s); v.apply() })
	v.count = &widget.Label{Text: lang.L("riskview.loading"), Importance: widget.LowImportance}
	v.rates = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance}
	v.list = &widget.List{
		Length:     func() int { return len(v.shown) },
		CreateItem: newRiskRow,
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(v.shown) {
				updateRiskRow(o, &v.board.Entries[v.shown[i]])
			}
		},
		OnSelected: func(i widget.ListItemID) {
			if i < len(v.shown) {
				id := v.board.Entries[v.shown[i]].ID
				v.list.UnselectAll()
				v.w.open(id)
			}
		},
	}
	v.list.ExtendBaseWidget(v.list)
	v.chart = newRiskChart(func(id accounts.ID) { v.w.open(id) })

	filters := container.NewHBox(v.owner, v.tier, v.count)
	head := container.NewVBox(heading(lang.L("riskview.title")),
		&widget.Label{Text: lang.L("riskview.hint"), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance},
		filters, v.rates, widget.NewSeparator())
	legend := &widget.Label{Text: lang.L("riskchart.legend"), Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance}
	chart := container.NewBorder(subheading(lang.L("riskchart.title")), legend, nil, nil, v.chart)
	split := container.NewHSplit(v.list, chart)
	split.Offset = 0.5
	v.content = container.NewBorder(head, nil, nil, nil, split)
	return v
}

// boardRatesText says how the board's classes and ranks compared amounts
// in different currencies: converted at the rates of a day, or as recorded
// and why; nothing when everything is in one currency.
func boardRatesText(b *book.Board) (widget.Importance, string) {
	switch {
	case b.RatesErr != nil:
		return widget.WarningImportance, tx(accounts.Say("rates.board.missing", "Problem", accounts.ErrorPhrase(b.RatesErr)))
	case b.Rates.Converted:
		return widget.LowImportance, tx(accounts.Say("rates.board.used", "Currency", b.Rates.Money.Currency, "Date", b.Rates.RateDate.String()))
	}
	return widget.LowImportance, ""
}

func (v *riskView) setBoard(b *book.Board) {
	v.board = b
	seen := map[string]bool{}
	owners := []string{lang.L("filter.all")}
	var names []string
	for i := range b.Entries {
		if o := b.Entries[i].Owner; o != "" && !seen[o] {
			seen[o] = true
			names = append(names, o)
		}
	}
	collation.Strings(names)
	v.owner.Options = append(owners, names...)
	v.owner.Refresh()
	v.rates.Importance, v.rates.Text = boardRatesText(b)
	v.rates.Hidden = v.rates.Text == ""
	v.rates.Refresh()
	v.apply()
}

// apply filters the board by owner and tier and redraws list and chart.
func (v *riskView) apply() {
	if v.board == nil {
		return
	}
	v.shown = v.shown[:0]
	dots := make([]chartDot, 0, len(v.board.Entries))
	for i := range v.board.Entries {
		e := &v.board.Entries[i]
		if v.fOwner != "" && e.Owner != v.fOwner || v.fTier != "" && e.Tier != v.fTier {
			continue
		}
		v.shown = append(v.shown, i)
		dots = append(dots, chartDot{ID: e.ID, Name: e.Name, Rank: e.Rank, Score: e.Score.Score, Level: e.Score.Level})
	}
	// The riskiest are drawn last, on top of the crowd.
	slices.Reverse(dots)
	v.count.SetText(lang.L("portfolio.count", map[string]any{"Shown": len(v.shown), "Total": len(v.board.Entries)}))
	v.list.Refresh()
	v.chart.setDots(dots)
}

func newRiskRow() fyne.CanvasObject {
	score := &widget.Label{Text: "100", TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText, Alignment: fyne.TextAlignCenter}
	level := &widget.Label{Text: tx(accounts.RiskCritical.Label()), SizeName: theme.SizeNameCaptionText, Alignment: fyne.TextAlignCenter}
	name := &widget.Label{Text: lang.L("pipeline.col.account"), TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	detail := &widget.Label{Text: lang.L("pipeline.col.owner"), SizeName: theme.SizeNameCaptionText, Truncation: fyne.TextTruncateEllipsis}
	r1 := &widget.Label{Text: "+0", SizeName: theme.SizeNameCaptionText, Truncation: fyne.TextTruncateEllipsis}
	r2 := &widget.Label{Text: "+0", SizeName: theme.SizeNameCaptionText, Truncation: fyne.TextTruncateEllipsis}
	badge := container.NewGridWrap(fyne.NewSize(72, 56), container.New(&tightVBox{}, score, level))
	return container.NewBorder(nil, nil, badge, nil, container.New(&tightVBox{}, name, detail, r1, r2))
}

func updateRiskRow(o fyne.CanvasObject, e *book.RiskEntry) {
	c := o.(*fyne.Container)
	text := c.Objects[0].(*fyne.Container)
	badge := c.Objects[1].(*fyne.Container).Objects[0].(*fyne.Container)
	score, level := badge.Objects[0].(*widget.Label), badge.Objects[1].(*widget.Label)
	imp := levelImportance(e.Score.Level)
	score.Text, score.Importance = fmt.Sprint(e.Score.Score), imp
	level.Text, level.Importance = tx(e.Score.Level.Label()), imp
	score.Refresh()
	level.Refresh()
	text.Objects[0].(*widget.Label).SetText(e.Name)
	text.Objects[1].(*widget.Label).SetText(lang.L("riskview.detail", map[string]any{
		"Owner": e.Owner, "Tier": tx(e.Tier.Label()), "Class": string(e.Class), "CLV": e.CLVMoney().String()}))
	for i := range 2 {
		l := text.Objects[2+i].(*widget.Label)
		l.Importance = widget.LowImportance
		switch {
		case i < len(e.Score.Reasons) && e.Score.Reasons[i].Code != accounts.SignalCap:
			l.Importance = widget.MediumImportance
			l.SetText(reasonLine(e.Score.Reasons[i]))
		case i == 0:
			l.SetText(lang.L("risk.noreasons"))
		default:
			l.SetText("")
		}
	}
}

// risenAccount is a row of Today's "risk rose since last week".
type risenAccount struct {
	book.Summary
	from, to int
	reason   string
}

// loadRisen compares today's snapshots with those of a week ago: accounts
// whose score is higher now, the largest rise first, each with the top
// reason of its current score.
func loadRisen(s *book.Book, today accounts.Date, sums []book.Summary) ([]risenAccount, error) {
	now, err := s.RiskOn(today)
	if err != nil {
		return nil, err
	}
	before, err := s.RiskOn(today.AddDays(-7))
	if err != nil {
		return nil, err
	}
	var out []risenAccount
	for _, a := range sums {
		n, ok1 := now[a.ID]
		b, ok2 := before[a.ID]
		if ok1 && ok2 && n.Score > b.Score {
			out = append(out, risenAccount{Summary: a, from: b.Score, to: n.Score})
		}
	}
	slices.SortStableFunc(out, func(x, y risenAccount) int {
		return cmp.Or(cmp.Compare(y.to-y.from, x.to-x.from), cmp.Compare(y.to, x.to), strings.Compare(x.Name, y.Name))
	})
	for i := range limit(out) {
		in, err := s.RiskInputFor(out[i].ID)
		if err != nil {
			continue // deleted meanwhile: the row still says how much it rose
		}
		if rs := accounts.ScoreRisk(in, today); len(rs.Reasons) > 0 {
			out[i].reason = reasonLine(rs.Reasons[0])
		}
	}
	return out, nil
}

// risenRows are the rows of Today's section.
func (t *todayView) risenRows(rs []risenAccount) []fyne.CanvasObject {
	var rows []fyne.CanvasObject
	for _, r := range limit(rs) {
		text := lang.L("today.risen.row", map[string]any{"Name": r.Name, "From": r.from, "To": r.to, "Delta": r.to - r.from})
		if r.reason != "" {
			text += " — " + r.reason
		}
		rows = append(rows, t.openRow(r.ID, text, r.Owner))
	}
	return rows
}
