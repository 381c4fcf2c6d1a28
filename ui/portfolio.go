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

// portfolioView is the left pane: search, filters, sort and the list of
// accounts. The list is a pooled widget.List with uniform rows, so 10,000
// accounts cost no more than the rows on screen.
type portfolioView struct {
	w      *shell
	model  *portfolioModel
	filter portfolioFilter
	// known is each account's last saved risk snapshot, shown until the
	// first board comes (MainWindow.loadLastKnown); nil after it.
	known map[accounts.ID]book.RiskPoint

	search  *widget.Entry
	owner   *widget.Select
	tier    *widget.Select
	stage   *widget.Select
	risk    *widget.Select
	sortBy  *widget.Select
	count   *widget.Label
	list    *widget.List
	content fyne.CanvasObject

	selecting bool // set while the list is selected from code
}

func newPortfolioView(w *shell) *portfolioView {
	p := &portfolioView{w: w, model: newPortfolioModel(nil, nil)}
	p.search = &widget.Entry{PlaceHolder: lang.L("portfolio.search"), OnChanged: func(s string) {
		p.filter.Query = s
		p.apply()
	}}
	p.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	p.owner = filterSelect(lang.L("filter.owner"), nil, func(s string) { p.filter.Owner = s; p.apply() })
	tiers, tierCodes := enumOptions(accounts.Tiers(), accounts.Tier.Label)
	p.tier = filterSelect(lang.L("filter.tier"), tiers, func(s string) { p.filter.Tier = pick(tiers, tierCodes, s); p.apply() })
	stages, stageCodes := enumOptions(accounts.Stages(), accounts.Stage.Label)
	p.stage = filterSelect(lang.L("filter.stage"), stages, func(s string) { p.filter.Stage = pick(stages, stageCodes, s); p.apply() })
	risks, riskCodes := enumOptions(accounts.RiskLevels(), accounts.RiskLevel.Label)
	p.risk = filterSelect(lang.L("filter.risk"), risks, func(s string) { p.filter.Risk = pick(risks, riskCodes, s); p.apply() })
	sorts := []string{lang.L("sort.name"), lang.L("sort.followup"), lang.L("sort.lastvisit"), lang.L("sort.revenue")}
	p.sortBy = &widget.Select{Options: sorts, Selected: sorts[0], OnChanged: func(s string) {
		for i, o := range sorts {
			if o == s {
				p.filter.Sort = sortKey(i)
			}
		}
		p.apply()
	}}
	p.sortBy.ExtendBaseWidget(p.sortBy)
	p.count = &widget.Label{SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance}

	p.list = &widget.List{
		Length:     func() int { return p.model.Len() },
		CreateItem: newGroupRow,
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) {
			s, r := p.model.At(i)
			core := updateGroupRow(o, p, i)
			updatePortfolioRow(core, s, r, p.model.CardAt(i), p.w.day())
			p.groupDetail(core, i)
		},
		OnSelected: func(i widget.ListItemID) {
			if p.selecting || i >= p.model.Len() {
				return
			}
			s, _ := p.model.At(i)
			p.w.open(s.ID)
		},
	}
	p.list.ExtendBaseWidget(p.list)

	filters := container.NewGridWithColumns(2, p.owner, p.tier, p.stage, p.risk)
	sortRow := container.NewBorder(nil, nil, &widget.Label{Text: lang.L("sort.label")}, nil, p.sortBy)
	top := container.NewVBox(p.search, filters, sortRow, p.count)
	p.content = container.NewBorder(top, nil, nil, nil, p.list)
	return p
}

// filterSelect is a filter's select. Its placeholder names the filter;
// choosing "All" goes back to it, which calls set with "" (no filter).
func filterSelect(name string, options []string, set func(string)) *widget.Select {
	all := lang.L("filter.all")
	var sel *widget.Select
	sel = &widget.Select{PlaceHolder: name, Options: append([]string{all}, options...), OnChanged: func(s string) {
		if s == all {
			sel.ClearSelected()
			return
		}
		set(s)
	}}
	sel.ExtendBaseWidget(sel)
	return sel
}

// enumOptions returns the labels of codes in the interface language.
func enumOptions[E ~string](codes []E, label func(E) accounts.Phrase) ([]string, []E) {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = tx(label(c))
	}
	return out, codes
}

// pick maps a selected label back to its code; "" for "All" or nothing.
func pick[E ~string](labels []string, codes []E, s string) E {
	for i, l := range labels {
		if l == s {
			return codes[i]
		}
	}
	return ""
}

func newPortfolioRow() fyne.CanvasObject {
	name := &widget.Label{Text: lang.L("pipeline.col.account"), Truncation: fyne.TextTruncateEllipsis, TextStyle: fyne.TextStyle{Bold: true}}
	detail := &widget.Label{Text: lang.L("pipeline.col.owner") + " · " + tx(accounts.TierStrategic.Label()), Truncation: fyne.TextTruncateEllipsis, SizeName: theme.SizeNameCaptionText}
	badge := &widget.Label{Text: "", SizeName: theme.SizeNameCaptionText, Alignment: fyne.TextAlignTrailing}
	// The card's completeness sits under the risk badge, quiet: it is for
	// the weekly review, not an alarm.
	card := &widget.Label{Text: cardBadge(100), SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance, Alignment: fyne.TextAlignTrailing}
	return container.NewBorder(nil, nil, nil, container.New(&tightVBox{}, badge, card), container.New(&tightVBox{}, name, detail))
}

func updatePortfolioRow(o fyne.CanvasObject, s *book.Summary, risk accounts.RiskLevel, card int, today accounts.Date) {
	c := o.(*fyne.Container)
	inner := c.Objects[0].(*fyne.Container)
	right := c.Objects[1].(*fyne.Container)
	badge := right.Objects[0].(*widget.Label)
	right.Objects[1].(*widget.Label).SetText(cardBadge(card))
	inner.Objects[0].(*widget.Label).SetText(s.Name)
	parts := []string{s.Owner, tx(s.Tier.Label()), tx(s.Stage.Label())}
	if !s.NextFollowUp.IsZero() {
		parts = append(parts, lang.L("portfolio.next", map[string]any{"Date": s.NextFollowUp.String()}))
	}
	inner.Objects[1].(*widget.Label).SetText(strings.Join(parts, " · "))
	badge.Importance = widget.LowImportance
	badge.Text = ""
	switch {
	case risk == accounts.RiskHigh || risk == accounts.RiskCritical:
		badge.Text, badge.Importance = tx(risk.Label()), widget.DangerImportance
	case risk == accounts.RiskElevated:
		badge.Text, badge.Importance = tx(risk.Label()), widget.WarningImportance
	case !s.NextFollowUp.IsZero() && s.NextFollowUp.Before(today):
		badge.Text, badge.Importance = lang.L("portfolio.overdue"), widget.WarningImportance
	}
	badge.Refresh()
}

// groupRow is a portfolio row with its place in a group: indented under
// the group's head, with a button that folds or unfolds a group.
type groupRow struct {
	widget.BaseWidget
	indent  float32
	reserve bool // room for the toggle: the portfolio has groups
	toggle  *widget.Button
	core    fyne.CanvasObject
}

func newGroupRow() fyne.CanvasObject {
	r := &groupRow{core: newPortfolioRow()}
	r.toggle = &widget.Button{Icon: theme.MenuExpandIcon(), Importance: widget.LowImportance}
	r.toggle.ExtendBaseWidget(r.toggle)
	r.ExtendBaseWidget(r)
	return r
}

func (r *groupRow) CreateRenderer() fyne.WidgetRenderer {
	return &groupRowRenderer{r: r}
}

type groupRowRenderer struct{ r *groupRow }

// groupIndent is how far each level of a group is indented.
const groupIndent = 18

func (g *groupRowRenderer) Layout(size fyne.Size) {
	r := g.r
	tw := float32(0)
	if r.reserve {
		tw = r.toggle.MinSize().Width
	}
	r.toggle.Resize(fyne.NewSize(tw, size.Height))
	r.toggle.Move(fyne.NewPos(r.indent, 0))
	left := r.indent + tw
	r.core.Move(fyne.NewPos(left, 0))
	r.core.Resize(fyne.NewSize(size.Width-left, size.Height))
}

func (g *groupRowRenderer) MinSize() fyne.Size {
	c := g.r.core.MinSize()
	return fyne.NewSize(c.Width+g.r.toggle.MinSize().Width, max(c.Height, g.r.toggle.MinSize().Height))
}

func (g *groupRowRenderer) Refresh() {
	g.Layout(g.r.Size())
	g.r.toggle.Refresh()
	g.r.core.Refresh()
}

func (g *groupRowRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{g.r.core, g.r.toggle}
}

func (g *groupRowRenderer) Destroy() {}

// updateGroupRow sets the row's indent and toggle for visible row i and
// returns its inner row.
func updateGroupRow(o fyne.CanvasObject, p *portfolioView, i int) fyne.CanvasObject {
	r := o.(*groupRow)
	r.indent = float32(p.model.DepthAt(i) * groupIndent)
	r.reserve = p.model.folded
	group, open := p.model.GroupAt(i)
	switch {
	case group && p.model.folded:
		r.toggle.Icon = theme.MenuExpandIcon()
		if open {
			r.toggle.Icon = theme.MenuDropDownIcon()
		}
		s, _ := p.model.At(i)
		id := s.ID
		r.toggle.OnTapped = func() { p.model.Toggle(id, p.filter); p.refreshList() }
		r.toggle.Show()
	default:
		r.toggle.OnTapped = nil
		r.toggle.Hide()
	}
	r.Refresh()
	return r.core
}

// groupDetail adds to a row's second line what the group adds: the
// head's number of subsidiaries and the group's revenue, or, in a
// filtered list, the group a subsidiary belongs to.
func (p *portfolioView) groupDetail(core fyne.CanvasObject, i int) {
	detail := core.(*fyne.Container).Objects[0].(*fyne.Container).Objects[1].(*widget.Label)
	if group, _ := p.model.GroupAt(i); group {
		n, rev := p.model.GroupLine(i)
		parts := make([]string, len(rev))
		for k, m := range rev {
			parts[k] = m.String()
		}
		detail.SetText(lang.L("portfolio.group.line", map[string]any{"N": n, "Revenue": strings.Join(parts, " + ")}) + " · " + detail.Text)
		return
	}
	if parent := p.model.ParentName(i); parent != "" {
		detail.SetText(lang.L("portfolio.group.in", map[string]any{"Group": parent}) + " · " + detail.Text)
	}
}

// refreshList shows the rows again after a group was folded or unfolded.
func (p *portfolioView) refreshList() {
	p.count.SetText(lang.L("portfolio.count", map[string]any{"Shown": p.model.Len(), "Total": len(p.model.rows)}))
	p.list.Refresh()
	if p.w.current() != nil {
		p.selectID(p.w.current().id)
	}
}

// apply re-filters the list for the current filter.
func (p *portfolioView) apply() {
	p.model.apply(p.filter)
	p.count.SetText(lang.L("portfolio.count", map[string]any{"Shown": p.model.Len(), "Total": len(p.model.rows)}))
	p.list.Refresh()
	if p.w.current() != nil {
		p.selectID(p.w.current().id)
	}
}

// reload reads the summaries off the UI goroutine, rebuilds the model and
// then calls then with the number of accounts. Risk levels follow from the
// book's risk board, which rescores what changed since the last one.
func (p *portfolioView) reload(then func(n int)) {
	var rows []book.Summary
	var model *portfolioModel
	var err error
	// The model (search texts, groups, the order by name) is built off the
	// UI goroutine too: 16 ms for 10,000 accounts that the first frame
	// would otherwise wait for. The search texts of the model before are
	// kept when no account's changed (most changes are visits and steps).
	before := p.model.texts()
	p.w.background("load summaries", func() {
		if rows, err = p.w.book.Summaries(); err == nil {
			model = newListModel(rows)
			model.setHay(before.forRows(rows))
		}
	}, func() {
		if err != nil {
			p.w.showError(err)
			return
		}
		type known struct {
			risk accounts.RiskLevel
			card int
		}
		old := make(map[accounts.ID]known, len(p.model.rows))
		for i := range p.model.rows {
			old[p.model.rows[i].ID] = known{p.model.risk[i], p.model.card[i]}
		}
		model.expanded = p.model.expanded
		for i := range rows {
			if k, ok := old[rows[i].ID]; ok {
				model.risk[i], model.card[i] = k.risk, k.card
			}
		}
		p.model = model
		if p.known != nil && p.w.board == nil {
			p.markKnown() // the first rows: the snapshots came first
		}
		owners := append([]string{lang.L("filter.all")}, p.model.Owners()...)
		p.owner.Options = owners
		p.owner.Refresh()
		p.apply()
		if then != nil {
			then(len(rows))
		}
		p.w.afterFirstFrames(func() {
			p.w.rescore()
			p.loadSearch(model)
		})
	})
}

// loadSearch builds the search texts of m off the UI goroutine, once the
// list shows: a search typed before they come builds them itself.
func (p *portfolioView) loadSearch(m *portfolioModel) {
	if m.hay != nil {
		return
	}
	var hay *haystack
	p.w.background("load search", func() { hay = haystacks(m.rows) }, func() { m.setHay(hay) })
}

// setBoard shows the board's risk levels in the list.
func (p *portfolioView) setBoard(b *book.Board) {
	p.known = nil
	for i := range p.model.rows {
		id := p.model.rows[i].ID
		p.model.risk[i] = b.Level(id)
		p.model.card[i] = -1
		if c, ok := b.Card(id); ok {
			p.model.card[i] = c.Score
		}
	}
	p.apply()
}

// riskOf scores one loaded account.
func riskOf(d *accounts.AccountData, today accounts.Date) accounts.RiskScore {
	return accounts.ScoreRisk(d.RiskInput(), today)
}

// setKnown shows the last saved risk levels and cards in the list while
// the board is not there yet; an account without a snapshot shows none.
func (p *portfolioView) setKnown(known map[accounts.ID]book.RiskPoint) {
	p.known = known // the rows may come after the snapshots
	p.markKnown()
	p.apply()
}

// markKnown puts the known levels and cards on the model's rows.
func (p *portfolioView) markKnown() {
	for i := range p.model.rows {
		pt, ok := p.known[p.model.rows[i].ID]
		p.model.risk[i], p.model.card[i] = pt.Level, -1
		if ok && pt.Card != nil {
			p.model.card[i] = *pt.Card
		}
	}
}

func (p *portfolioView) has(id accounts.ID) bool {
	for i := range p.model.rows {
		if p.model.rows[i].ID == id {
			return true
		}
	}
	return false
}

// selectID highlights the account's row without reopening it.
func (p *portfolioView) selectID(id accounts.ID) {
	i := p.model.IndexOf(id)
	p.selecting = true
	defer func() { p.selecting = false }()
	if i < 0 {
		p.list.UnselectAll()
		return
	}
	p.list.Select(i)
}

// focusSearch puts the cursor in the search box (Ctrl+F).
func (p *portfolioView) focusSearch() {
	p.w.win.Canvas().Focus(p.search)
}

// tightVBox stacks its objects with no padding, so a two-line row stays compact.
type tightVBox struct{}

func (tightVBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height - theme.Padding()
	}
	return s
}

func (tightVBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		h := o.MinSize().Height - theme.Padding()
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h+theme.Padding()))
		y += h
	}
}
