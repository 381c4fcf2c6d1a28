package ui

import (
	"bytes"
	"sort"
	"strings"

	"keycard/accounts"
	"keycard/book"
	"keycard/collation"
)

// sortKey is an order of the portfolio list.
type sortKey int

const (
	sortByName sortKey = iota
	sortByFollowUp
	sortByLastVisit
	sortByRevenue
	sortKeyCount
)

// portfolioFilter is what the search box and the filter selects ask for. An
// empty field does not filter.
type portfolioFilter struct {
	Query string
	Owner string
	Tier  accounts.Tier
	Stage accounts.Stage
	Risk  accounts.RiskLevel
	Sort  sortKey
}

// portfolioModel holds the summaries behind the portfolio list and the rows
// the current filter shows. The search text of each row is lower-cased once
// when the model is built, and each order is sorted once when first asked
// for, so a keystroke is one pass over pre-computed strings.
type portfolioModel struct {
	rows   []book.Summary
	hay    []string             // lower-cased names, legal names, tags and contact names
	risk   []accounts.RiskLevel // parallel to rows; "" when unknown
	card   []int                // card completeness, parallel to rows; -1 when unknown
	orders [sortKeyCount][]int
	keys   [][]byte // collation keys of the names, parallel to rows; nil until first sort
	view   []int    // indexes into rows, in display order

	// Groups: with no filter, a group's subsidiaries are folded under
	// its head until it is expanded; a filter lists every match flat.
	groups   *accounts.Groups
	index    map[accounts.ID]int // row of each account
	expanded map[accounts.ID]bool
	folded   bool  // the view shows groups folded
	depth    []int // depth of each visible row in the folded view

	// last is the filter the view shows, when it was a search that a
	// longer one can narrow (lastOK): typing one more letter looks only
	// at the rows the search before it kept.
	last   portfolioFilter
	lastOK bool
}

func newPortfolioModel(rows []book.Summary, risk []accounts.RiskLevel) *portfolioModel {
	return newModel(rows, risk, false)
}

// newListModel is the model of the book's list: its rows come in name
// order (book.Summaries sorts them by the same collation, then by id), so
// the name order needs no sort, and the search texts are left to
// searchable, so that the list shows without waiting for them.
func newListModel(rows []book.Summary) *portfolioModel { return newModel(rows, nil, true) }

func newModel(rows []book.Summary, risk []accounts.RiskLevel, inNameOrder bool) *portfolioModel {
	m := &portfolioModel{rows: rows, risk: risk, card: make([]int, len(rows))}
	if len(m.risk) != len(rows) {
		m.risk = make([]accounts.RiskLevel, len(rows))
	}
	for i := range m.card {
		m.card[i] = -1
	}
	if inNameOrder {
		o := make([]int, len(rows))
		for i := range o {
			o[i] = i
		}
		m.orders[sortByName] = o
	} else {
		m.hay = haystacks(rows)
	}
	m.groups = book.GroupsOf(rows)
	m.index = make(map[accounts.ID]int, len(rows))
	for i := range rows {
		m.index[rows[i].ID] = i
	}
	m.expanded = map[accounts.ID]bool{}
	m.apply(portfolioFilter{})
	return m
}

// haystacks are the rows' search texts: names, legal names, tags and
// contact names, lower-cased.
func haystacks(rows []book.Summary) []string {
	hay := make([]string, len(rows))
	var b strings.Builder
	for i := range rows {
		r := &rows[i]
		b.Reset()
		b.WriteString(r.Name)
		b.WriteByte('\n')
		b.WriteString(r.LegalName)
		for _, t := range r.Tags {
			b.WriteByte('\n')
			b.WriteString(t)
		}
		for _, c := range r.ContactNames {
			b.WriteByte('\n')
			b.WriteString(c)
		}
		hay[i] = strings.ToLower(b.String())
	}
	return hay
}

// searchable makes sure the search texts are there (a list model leaves
// them to the background, setHay, and a search that comes first builds
// them itself).
func (m *portfolioModel) searchable() {
	if m.hay == nil {
		m.hay = haystacks(m.rows)
	}
}

// setHay hands over search texts built off the UI goroutine for m's rows,
// unless a search built them first.
func (m *portfolioModel) setHay(hay []string) {
	if m.hay == nil && len(hay) == len(m.rows) {
		m.hay = hay
	}
}

// hasGroups reports whether any account has subsidiaries.
func (m *portfolioModel) hasGroups() bool { return len(m.groups.Roots) < len(m.rows) }

// order returns the row indexes sorted by key, computed on first use.
func (m *portfolioModel) order(key sortKey) []int {
	if o := m.orders[key]; o != nil {
		return o
	}
	o := make([]int, len(m.rows))
	for i := range o {
		o[i] = i
	}
	rows := m.rows
	keys := m.nameKeys()
	byName := func(a, b int) bool { return bytes.Compare(keys[a], keys[b]) < 0 }
	var less func(a, b int) bool
	switch key {
	case sortByFollowUp: // soonest open follow-up first, accounts without one last
		less = func(a, b int) bool {
			da, db := rows[a].NextFollowUp, rows[b].NextFollowUp
			if da.IsZero() != db.IsZero() {
				return db.IsZero()
			}
			if da != db {
				return da.Before(db)
			}
			return byName(a, b)
		}
	case sortByLastVisit: // longest without a visit first: that is who needs one
		less = func(a, b int) bool {
			da, db := rows[a].LastVisit, rows[b].LastVisit
			if da != db {
				return da.Before(db)
			}
			return byName(a, b)
		}
	case sortByRevenue: // biggest first
		less = func(a, b int) bool {
			ra, rb := rows[a].Revenue.Minor, rows[b].Revenue.Minor
			if ra != rb {
				return ra > rb
			}
			return byName(a, b)
		}
	default:
		less = byName
	}
	sort.SliceStable(o, func(i, j int) bool { return less(o[i], o[j]) })
	m.orders[key] = o
	return o
}

// nameKeys are the rows' collation keys (pinyin for Chinese names),
// computed once per model: a comparison of two names is then a byte
// comparison.
func (m *portfolioModel) nameKeys() [][]byte {
	if m.keys == nil {
		names := make([]string, len(m.rows))
		for i := range m.rows {
			names[i] = m.rows[i].Name
		}
		m.keys = collation.Keys(names)
	}
	return m.keys
}

// apply recomputes the visible rows for f.
func (m *portfolioModel) apply(f portfolioFilter) {
	words := strings.Fields(strings.ToLower(f.Query))
	src := m.order(f.Sort)
	narrows := m.narrows(f)
	m.last, m.lastOK = f, len(words) > 0 && f.Risk == ""
	m.folded = len(words) == 0 && f.Owner == "" && f.Tier == "" && f.Stage == "" && f.Risk == "" && m.hasGroups()
	if m.folded {
		m.fold(src)
		return
	}
	if len(words) > 0 {
		m.searchable()
	}
	if narrows {
		// Every row the longer search keeps, the shorter one kept: each
		// of its words holds one of the shorter search's. The view is
		// filtered in place, in its order.
		src = m.view
	}
	view := m.view[:0]
	if cap(view) < len(src) {
		view = make([]int, 0, len(src))
	}
rows:
	for _, i := range src {
		r := &m.rows[i]
		if f.Owner != "" && r.Owner != f.Owner ||
			f.Tier != "" && r.Tier != f.Tier ||
			f.Stage != "" && r.Stage != f.Stage ||
			f.Risk != "" && m.risk[i] != f.Risk {
			continue
		}
		for _, w := range words {
			if !strings.Contains(m.hay[i], w) {
				continue rows
			}
		}
		view = append(view, i)
	}
	m.view = view
}

// narrows reports whether f only adds letters to the search the view
// shows, with the same filters and order. Risk levels change under a view
// as the day's scan comes in, so a risk filter is always applied whole.
func (m *portfolioModel) narrows(f portfolioFilter) bool {
	l := m.last
	return m.lastOK && f.Risk == "" && f.Owner == l.Owner && f.Tier == l.Tier && f.Stage == l.Stage && f.Sort == l.Sort &&
		strings.HasPrefix(strings.ToLower(f.Query), strings.ToLower(l.Query))
}

// fold shows the heads of groups (and accounts in none) in the order
// src, each expanded group followed by its subsidiaries in the same order.
func (m *portfolioModel) fold(src []int) {
	pos := make([]int, len(m.rows))
	for p, i := range src {
		pos[i] = p
	}
	view, depth := m.view[:0], m.depth[:0]
	var add func(i, d int)
	add = func(i, d int) {
		view, depth = append(view, i), append(depth, d)
		id := m.rows[i].ID
		if !m.expanded[id] {
			return
		}
		kids := m.groups.Children(id)
		idx := make([]int, 0, len(kids))
		for _, k := range kids {
			idx = append(idx, m.index[k])
		}
		sort.Slice(idx, func(a, b int) bool { return pos[idx[a]] < pos[idx[b]] })
		for _, k := range idx {
			add(k, d+1)
		}
	}
	for _, i := range src {
		if m.groups.Parent(m.rows[i].ID) == "" {
			add(i, 0)
		}
	}
	m.view, m.depth = view, depth
}

// DepthAt is how far visible row i is indented under its group's head.
func (m *portfolioModel) DepthAt(i int) int {
	if !m.folded {
		return 0
	}
	return m.depth[i]
}

// GroupAt says whether visible row i heads a group (has subsidiaries),
// and whether they are shown.
func (m *portfolioModel) GroupAt(i int) (group, expanded bool) {
	id := m.rows[m.view[i]].ID
	return m.groups.IsGroup(id), m.expanded[id]
}

// Toggle folds or unfolds the group of visible row i.
func (m *portfolioModel) Toggle(id accounts.ID, f portfolioFilter) {
	m.expanded[id] = !m.expanded[id]
	m.apply(f)
}

// GroupLine says what a group's row adds: how many subsidiaries it has
// and its revenue with theirs, per currency.
func (m *portfolioModel) GroupLine(i int) (subs int, revenue []accounts.Money) {
	id := m.rows[m.view[i]].ID
	all := m.groups.Subsidiaries(id)
	t := m.groups.GroupRevenue(id, func(a accounts.ID) accounts.Money {
		if j, ok := m.index[a]; ok {
			return m.rows[j].Revenue
		}
		return accounts.Money{}
	}, accounts.DefaultCurrency)
	return len(all), t.Amounts()
}

// ParentName names the group head of visible row i in a flat (filtered)
// list, "" when it has none or the list is folded.
func (m *portfolioModel) ParentName(i int) string {
	if m.folded {
		return ""
	}
	p := m.groups.Parent(m.rows[m.view[i]].ID)
	if j, ok := m.index[p]; ok && p != "" {
		return m.rows[j].Name
	}
	return ""
}

// Len is the number of visible rows.
func (m *portfolioModel) Len() int { return len(m.view) }

// At returns the visible row i and its risk level.
func (m *portfolioModel) At(i int) (*book.Summary, accounts.RiskLevel) {
	j := m.view[i]
	return &m.rows[j], m.risk[j]
}

// CardAt is the card completeness of visible row i, -1 when not scored yet.
func (m *portfolioModel) CardAt(i int) int { return m.card[m.view[i]] }

// IndexOf returns the visible position of the account, or -1.
func (m *portfolioModel) IndexOf(id accounts.ID) int {
	for i, j := range m.view {
		if m.rows[j].ID == id {
			return i
		}
	}
	return -1
}

// Owners lists the distinct owners, sorted, for the owner filter.
func (m *portfolioModel) Owners() []string {
	seen := map[string]bool{}
	var out []string
	for i := range m.rows {
		if o := m.rows[i].Owner; o != "" && !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	collation.Strings(out)
	return out
}
