package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/storage"
)

// This file holds the portfolio's risk: one pass over every account's risk
// input (storage.EachRiskInput) gives the scores, the lifetime values, the
// ABC classes and the value ranks that the portfolio list, the risk view,
// its chart and the Warnings tab show, and the daily risk snapshots that
// Today's "risk rose since last week" compares.

// riskEntry is one account as the risk view ranks it.
type riskEntry struct {
	ID         accounts.ID
	Name       string
	Owner      string
	Tier       accounts.Tier
	TierManual bool
	Potential  int64
	Currency   string
	Score      accounts.RiskScore
	CLV        accounts.CLV
	Class      accounts.ABCClass
	Rank       float64 // value percentile by lifetime value, 0 … 1
}

// suggestedTier is the tier the value rules propose for the entry.
func (e *riskEntry) suggestedTier() accounts.Tier {
	return accounts.SuggestTier(e.Class, e.Score.Level, e.Potential, e.CLV.Yearly)
}

func (e *riskEntry) clvMoney() accounts.Money {
	return accounts.Money{Minor: (e.CLV.Total + 50) / 100 * 100, Currency: e.Currency}
}

// riskBoard is the scored portfolio of one day, highest risk first.
type riskBoard struct {
	day     accounts.Date
	entries []riskEntry
	index   map[accounts.ID]int
}

// newRiskEntry scores one account's risk input. Class and Rank are left for
// the caller: they compare the account with the whole portfolio.
func newRiskEntry(in accounts.RiskInput, day accounts.Date) riskEntry {
	a := in.Account
	return riskEntry{
		ID: a.ID, Name: a.Name, Owner: a.Owner, Tier: a.Tier, TierManual: a.TierManual,
		Potential: a.Potential.Minor, Currency: a.CurrencyOrDefault(),
		Score: accounts.ScoreRisk(in, day), CLV: accounts.LifetimeValue(a, day),
	}
}

// scanRisk scores every account. The ABC class is by share of the latest
// year's revenue and the value rank by lifetime value, both across the
// whole database, like keycardctl risk.
func scanRisk(s *storage.Store, day accounts.Date) (*riskBoard, error) {
	b := &riskBoard{day: day}
	err := s.EachRiskInput(func(in accounts.RiskInput) error {
		b.entries = append(b.entries, newRiskEntry(in, day))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("score the accounts: %w", err)
	}
	yearly := make(map[accounts.ID]int64, len(b.entries))
	value := make(map[accounts.ID]int64, len(b.entries))
	for i := range b.entries {
		yearly[b.entries[i].ID] = b.entries[i].CLV.Yearly
		value[b.entries[i].ID] = b.entries[i].CLV.Total
	}
	classes, ranks := accounts.ClassifyABC(yearly), accounts.ValueRanks(value)
	for i := range b.entries {
		b.entries[i].Class, b.entries[i].Rank = classes[b.entries[i].ID], ranks[b.entries[i].ID]
	}
	b.sort()
	return b, nil
}

// sort ranks the entries, highest risk first, and indexes them.
func (b *riskBoard) sort() {
	slices.SortStableFunc(b.entries, func(x, y riskEntry) int {
		return cmp.Or(
			cmp.Compare(y.Score.Score, x.Score.Score),
			cmp.Compare(y.CLV.Total, x.CLV.Total), // the more valuable of two equal risks first
			strings.Compare(x.Name, y.Name),
			strings.Compare(string(x.ID), string(y.ID)))
	})
	b.index = make(map[accounts.ID]int, len(b.entries))
	for i := range b.entries {
		b.index[b.entries[i].ID] = i
	}
}

// with returns a copy of the board with e in place of the entry of the same
// account, which must be on the board, keeping that entry's class and value
// rank. The copy leaves views that still hold b untouched.
func (b *riskBoard) with(e riskEntry) *riskBoard {
	nb := &riskBoard{day: b.day, entries: slices.Clone(b.entries)}
	i := b.index[e.ID]
	e.Class, e.Rank = b.entries[i].Class, b.entries[i].Rank
	nb.entries[i] = e
	nb.sort()
	return nb
}

func (b *riskBoard) get(id accounts.ID) *riskEntry {
	if b == nil {
		return nil
	}
	if i, ok := b.index[id]; ok {
		return &b.entries[i]
	}
	return nil
}

func (b *riskBoard) level(id accounts.ID) accounts.RiskLevel {
	if e := b.get(id); e != nil {
		return e.Score.Level
	}
	return ""
}

func (b *riskBoard) scores() []accounts.RiskScore {
	out := make([]accounts.RiskScore, len(b.entries))
	for i := range b.entries {
		out[i] = b.entries[i].Score
	}
	return out
}

// riskState is the main window's share of the portfolio's risk.
type riskState struct {
	board   *riskBoard
	seq     int           // numbers the scans and rescores, so an older one finishing late is dropped
	applied int           // the seq of board's last full scan
	snapped accounts.Date // the day every account's snapshot was saved
	view    *riskView     // the risk view, built on first show
	// skip counts the portfolio reloads that follow a change to accounts
	// rescored on their own (accountChanged): they keep the board instead of
	// scanning every account again.
	skip int
	// rescored keeps each account's latest rescore, with its seq, so a full
	// scan that read the database before the change cannot undo it.
	rescored map[accounts.ID]rescore
}

type rescore struct {
	seq   int
	entry riskEntry
}

// scoreAll scores the whole portfolio off the UI goroutine and hands the
// board to then, to the risk view and to the open Warnings tab. The first
// scan of each day also saves every account's snapshot of the day.
func (w *MainWindow) scoreAll(then func(*riskBoard)) {
	day := w.day()
	if w.risk.skip > 0 {
		w.risk.skip--
		if b := w.risk.board; b != nil && b.day == day {
			if then != nil {
				then(b)
			}
			return
		}
	}
	snap := w.risk.snapped != day
	if snap {
		w.risk.snapped = day
	}
	w.risk.seq++
	seq := w.risk.seq
	var b *riskBoard
	var err, snapErr error
	w.background(func() {
		b, err = scanRisk(w.store, day)
		if err == nil && snap {
			snapErr = w.store.SaveRiskSnapshots(day, b.scores())
		}
	}, func() {
		if err != nil {
			fyne.LogError("score the portfolio", err)
			return
		}
		if snapErr != nil {
			fyne.LogError("save the risk snapshots", snapErr)
		}
		if seq < w.risk.applied {
			return
		}
		for id, r := range w.risk.rescored {
			switch {
			case r.seq < seq:
				delete(w.risk.rescored, id) // the scan read the change too
			case b.get(id) != nil:
				b = b.with(r.entry)
			}
		}
		w.risk.applied = seq
		if then != nil {
			then(b)
		}
		w.setBoard(b)
		if snap && snapErr == nil && w.showing(w.today.content) {
			w.today.reload() // "risk rose" compares with today's snapshots
		}
	})
}

// setBoard makes b the portfolio's board and shows it in the risk view and
// the open Warnings tab.
func (w *MainWindow) setBoard(b *riskBoard) {
	w.risk.board = b
	if v := w.risk.view; v != nil && w.showing(v.content) {
		v.setBoard(b)
	}
	if w.account != nil && w.account.warnings != nil {
		w.account.warnings.boardChanged(b)
	}
}

// accountChanged follows a write that changed only the given accounts: the
// portfolio reloads its summaries but, instead of scoring every account
// again, only these are rescored.
func (w *MainWindow) accountChanged(ids ...accounts.ID) {
	w.listChanged(ids...)
	if w.account == nil {
		w.today.reload()
	}
}

// listChanged is accountChanged without reloading Today, for a change made
// on Today itself (ticking a follow-up leaves its row in place).
func (w *MainWindow) listChanged(ids ...accounts.ID) {
	w.risk.skip++
	w.portfolio.reload(nil)
	w.rescore(ids...)
}

// rescore scores the given accounts again off the UI goroutine and puts
// them on the board, the risk view and the portfolio list. Class and value
// rank are kept from the last full scan: they compare the account with the
// whole portfolio, whose other accounts have not changed. An account the
// board does not know yet (or no longer has) needs a full scan.
func (w *MainWindow) rescore(ids ...accounts.ID) {
	day := w.day()
	w.risk.seq++
	seq := w.risk.seq
	ins := make([]accounts.RiskInput, len(ids))
	var err error
	w.background(func() {
		for i, id := range ids {
			if ins[i], err = w.store.RiskInputFor(id); err != nil {
				return
			}
		}
	}, func() {
		b := w.risk.board
		if b == nil || b.day != day {
			return // the scan under way scores them
		}
		for _, in := range ins {
			if err != nil || b.get(in.Account.ID) == nil {
				w.portfolio.scoreRisk(w.portfolio.scoring, nil)
				return
			}
		}
		if w.risk.rescored == nil {
			w.risk.rescored = map[accounts.ID]rescore{}
		}
		levels := map[accounts.ID]accounts.RiskLevel{}
		for _, in := range ins {
			e := newRiskEntry(in, day)
			if r, ok := w.risk.rescored[e.ID]; ok && r.seq > seq {
				continue // a later rescore is already on the board
			}
			b = b.with(e)
			w.risk.rescored[e.ID] = rescore{seq: seq, entry: e}
			levels[e.ID] = e.Score.Level
		}
		p := w.portfolio
		for i := range p.model.rows {
			if l, ok := levels[p.model.rows[i].ID]; ok {
				p.model.risk[i] = l
			}
		}
		p.apply()
		w.setBoard(b)
	})
}

// showing reports whether o is what the right pane shows.
func (w *MainWindow) showing(o fyne.CanvasObject) bool {
	return len(w.right.Objects) == 1 && w.right.Objects[0] == o
}

// snapshotAccount scores one account after a change and saves it as the
// account's snapshot of the day. Failing to save a snapshot must not stop
// the person's work, so it is only logged.
func snapshotAccount(s *storage.Store, d *storage.AccountData, day accounts.Date) {
	if d == nil {
		return
	}
	if err := s.SaveRiskSnapshots(day, []accounts.RiskScore{riskOf(d, day)}); err != nil {
		fyne.LogError("save the risk snapshot", err)
	}
}

// showRisk puts the portfolio's risk view on the right.
func (w *MainWindow) showRisk() {
	w.leave(func() {
		w.account = nil
		if w.risk.view == nil {
			w.risk.view = newRiskView(w)
		}
		v := w.risk.view
		w.win.SetTitle(lang.L("riskview.title") + " — " + lang.L("app.title"))
		w.app.Preferences().SetString(prefLastAccount, "")
		w.right.Objects = []fyne.CanvasObject{v.content}
		w.right.Refresh()
		w.portfolio.list.UnselectAll()
		if w.risk.board != nil {
			v.setBoard(w.risk.board)
		}
		w.portfolio.reload(nil) // a fresh scan follows
	})
}

// riskView ranks the accounts by risk, with their top reasons, beside the
// value/risk chart.
type riskView struct {
	w       *MainWindow
	board   *riskBoard
	shown   []int // indexes into board.entries after the filters
	owner   *widget.Select
	tier    *widget.Select
	fOwner  string
	fTier   accounts.Tier
	count   *widget.Label
	list    *widget.List
	chart   *riskChart
	content fyne.CanvasObject
}

func newRiskView(w *MainWindow) *riskView {
	v := &riskView{w: w}
	v.owner = filterSelect(lang.L("filter.owner"), nil, func(s string) { v.fOwner = s; v.apply() })
	tiers, tierCodes := enumOptions(accounts.Tiers(), accounts.Tier.Label)
	v.tier = filterSelect(lang.L("filter.tier"), tiers, func(s string) { v.fTier = pick(tiers, tierCodes, s); v.apply() })
	v.count = &widget.Label{Text: lang.L("riskview.loading"), Importance: widget.LowImportance}
	v.list = &widget.List{
		Length:     func() int { return len(v.shown) },
		CreateItem: newRiskRow,
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(v.shown) {
				updateRiskRow(o, &v.board.entries[v.shown[i]])
			}
		},
		OnSelected: func(i widget.ListItemID) {
			if i < len(v.shown) {
				id := v.board.entries[v.shown[i]].ID
				v.list.UnselectAll()
				v.w.openAccount(id)
			}
		},
	}
	v.list.ExtendBaseWidget(v.list)
	v.chart = newRiskChart(func(id accounts.ID) { v.w.openAccount(id) })

	filters := container.NewHBox(v.owner, v.tier, v.count)
	head := container.NewVBox(heading(lang.L("riskview.title")),
		&widget.Label{Text: lang.L("riskview.hint"), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance},
		filters, widget.NewSeparator())
	legend := &widget.Label{Text: lang.L("riskchart.legend"), Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance}
	chart := container.NewBorder(subheading(lang.L("riskchart.title")), legend, nil, nil, v.chart)
	split := container.NewHSplit(v.list, chart)
	split.Offset = 0.5
	v.content = container.NewBorder(head, nil, nil, nil, split)
	return v
}

func (v *riskView) setBoard(b *riskBoard) {
	v.board = b
	seen := map[string]bool{}
	owners := []string{lang.L("filter.all")}
	var names []string
	for i := range b.entries {
		if o := b.entries[i].Owner; o != "" && !seen[o] {
			seen[o] = true
			names = append(names, o)
		}
	}
	slices.Sort(names)
	v.owner.Options = append(owners, names...)
	v.owner.Refresh()
	v.apply()
}

// apply filters the board by owner and tier and redraws list and chart.
func (v *riskView) apply() {
	if v.board == nil {
		return
	}
	v.shown = v.shown[:0]
	dots := make([]chartDot, 0, len(v.board.entries))
	for i := range v.board.entries {
		e := &v.board.entries[i]
		if v.fOwner != "" && e.Owner != v.fOwner || v.fTier != "" && e.Tier != v.fTier {
			continue
		}
		v.shown = append(v.shown, i)
		dots = append(dots, chartDot{ID: e.ID, Name: e.Name, Rank: e.Rank, Score: e.Score.Score, Level: e.Score.Level})
	}
	// The riskiest are drawn last, on top of the crowd.
	slices.Reverse(dots)
	v.count.SetText(lang.L("portfolio.count", map[string]any{"Shown": len(v.shown), "Total": len(v.board.entries)}))
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

func updateRiskRow(o fyne.CanvasObject, e *riskEntry) {
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
		"Owner": e.Owner, "Tier": tx(e.Tier.Label()), "Class": string(e.Class), "CLV": e.clvMoney().String()}))
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
	storage.Summary
	from, to int
	reason   string
}

// loadRisen compares today's snapshots with those of a week ago: accounts
// whose score is higher now, the largest rise first, each with the top
// reason of its current score.
func loadRisen(s *storage.Store, today accounts.Date, sums []storage.Summary) ([]risenAccount, error) {
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
