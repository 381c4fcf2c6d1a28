package ui

import (
	"bytes"
	"slices"
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
// the current filter shows. The search texts are lower-cased and indexed
// by byte pairs once (haystack), and each order is sorted once when first
// asked for, so a keystroke looks only at the rows that may match.
type portfolioModel struct {
	rows   []book.Summary
	hay    *haystack            // lower-cased names, legal names, tags and contact names; nil until built
	risk   []accounts.RiskLevel // parallel to rows; "" when unknown
	card   []int                // card completeness, parallel to rows; -1 when unknown
	orders [sortKeyCount][]int
	keys   [][]byte // collation keys of the names, parallel to rows; nil until first sort
	// inNameOrder is set once the rows are known to be in name order
	// (the book's list is), so that a search walks them as they are.
	inNameOrder bool
	// picked and marks are a search's scratch: the rows its first word
	// picked, and a mark on each of them for a walk in another order.
	picked []int
	marks  []bool
	view   []int // indexes into rows, in display order

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
		m.orders[sortByName], m.inNameOrder = o, true
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

// haystack is the rows' search texts (names, legal names, tags and contact
// names, lower-cased) in one string, row after row, each ended by a NUL,
// and for every pair of bytes the rows that hold it. A word of two bytes
// or more is looked for only in the rows that hold its rarest pair (a pair
// is exact for a word of two letters, "al"), so a keystroke costs what it
// finds, not the 2.5 MB of text of 10,000 accounts; a word of one byte is
// one strings.Index over all of the text, which skips what cannot match
// many bytes at a time.
type haystack struct {
	all  string
	ends []int // ends[i] is where row i's NUL is
	// The rows holding the pair of bytes a, b one after the other, in row
	// order and once each, are rows[start[k]:start[k+1]] with k = a<<8|b:
	// two counted passes over the text, two allocations.
	start []int32
	rows  []int32
}

// haystacks builds the search texts of rows.
func haystacks(rows []book.Summary) *haystack {
	h := &haystack{ends: make([]int, len(rows))}
	var b, all strings.Builder
	size := 0
	for i := range rows {
		size += len(rows[i].Name) + len(rows[i].LegalName) + 2
		for _, t := range rows[i].Tags {
			size += len(t) + 1
		}
		for _, c := range rows[i].ContactNames {
			size += len(c) + 1
		}
	}
	all.Grow(size) // lower case is most often as long
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
		all.WriteString(strings.ToLower(b.String()))
		h.ends[i] = all.Len()
		all.WriteByte(0)
	}
	h.all = all.String()
	h.index()
	return h
}

// index lists each pair's rows: a first pass counts them, a second puts
// each row in its place. last[k] is one more than the last row that noted
// pair k, so a row notes a pair once however often it holds it.
func (h *haystack) index() {
	last := make([]int32, 1<<16)
	next := make([]int32, 1<<16+1)
	h.eachPair(last, next, false)
	for k := 1; k < len(next); k++ {
		next[k] += next[k-1]
	}
	h.start = slices.Clone(next)
	h.rows = make([]int32, next[len(next)-1])
	clear(last)
	h.eachPair(last, next, true)
}

// eachPair goes through every pair of bytes of every row, once per row:
// counting them into next[k+1], or (fill) putting the row at next[k].
func (h *haystack) eachPair(last, next []int32, fill bool) {
	row := int32(0)
	for j := 0; j+1 < len(h.all); j++ {
		if j == h.ends[row] { // the NUL between two rows
			row++
			continue
		}
		k := pairOf(h.all, j)
		if last[k] == row+1 {
			continue
		}
		last[k] = row + 1
		if fill {
			h.rows[next[k]] = row
			next[k]++
		} else {
			next[k+1]++
		}
	}
}

func pairOf(s string, j int) int { return int(s[j])<<8 | int(s[j+1]) }

// pair is the list of rows holding the pair of bytes at w[j:j+2].
func (h *haystack) pair(w string, j int) []int32 {
	k := pairOf(w, j)
	return h.rows[h.start[k]:h.start[k+1]]
}

// row is row i's search text.
func (h *haystack) row(i int) string {
	start := 0
	if i > 0 {
		start = h.ends[i-1] + 1
	}
	return h.all[start:h.ends[i]]
}

// rarest is the shortest list of rows that may hold w (two bytes or more):
// those holding its rarest pair.
func (h *haystack) rarest(w string) []int32 {
	best := h.pair(w, 0)
	for j := 1; j+1 < len(w) && len(best) > 0; j++ {
		if p := h.pair(w, j); len(p) < len(best) {
			best = p
		}
	}
	return best
}

// find appends to out, in row order, the rows whose text holds w (a word
// without a NUL, as strings.Fields makes them from what is typed).
func (h *haystack) find(w string, out []int) []int {
	if len(w) < 2 {
		return h.holding(w, out)
	}
	for _, r := range h.rarest(w) {
		if len(w) == 2 || strings.Contains(h.row(int(r)), w) {
			out = append(out, int(r))
		}
	}
	return out
}

// cost is about how many rows find looks at for w.
func (h *haystack) cost(w string) int {
	if len(w) < 2 {
		return len(h.ends)
	}
	return len(h.rarest(w))
}

// holding appends to out, in row order, the rows whose text holds w (a
// word without a NUL, as strings.Fields makes them from what is typed).
func (h *haystack) holding(w string, out []int) []int {
	row := 0
	for at := 0; ; {
		j := strings.Index(h.all[at:], w)
		if j < 0 {
			return out
		}
		for h.ends[row] < at+j {
			row++
		}
		out = append(out, row)
		at = h.ends[row] + 1 // on to the next row
	}
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
func (m *portfolioModel) setHay(hay *haystack) {
	if m.hay == nil && hay != nil && len(hay.ends) == len(m.rows) {
		m.hay = hay
	}
}

// builtTexts are a model's search texts (nil until built) with the rows
// they were built for.
type builtTexts struct {
	rows []book.Summary
	hay  *haystack
}

// texts are m's search texts and their rows, taken on the UI goroutine
// (setHay changes m.hay there); a haystack never changes once built.
func (m *portfolioModel) texts() builtTexts { return builtTexts{m.rows, m.hay} }

// forRows returns the search texts if rows, row by row, have the same
// names, legal names, tags and contact names as the rows they were built
// for, else nil. Rows the book did not change share their strings with
// the ones before, so this is a comparison of pointers, not of texts: a
// fraction of a millisecond for 10,000 accounts, against the 40-50 ms of
// building them again.
func (t builtTexts) forRows(rows []book.Summary) *haystack {
	if t.hay == nil || len(t.rows) != len(rows) {
		return nil
	}
	for i := range rows {
		a, b := &t.rows[i], &rows[i]
		if a.Name != b.Name || a.LegalName != b.LegalName || !slices.Equal(a.Tags, b.Tags) || !slices.Equal(a.ContactNames, b.ContactNames) {
			return nil
		}
	}
	return t.hay
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
	if key == sortByName {
		m.inNameOrder = slices.IsSorted(o)
	}
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
	var picked []bool
	if len(words) > 0 && m.searchesTexts(words[0], narrows) {
		// The first word picks the rows from the search texts' index;
		// the others (if any) are looked for in what it picked. Rows in
		// name order are walked as picked; in another order, the order
		// is walked and what was not picked passed over.
		m.picked = m.hay.find(words[0], m.picked[:0])
		words = words[1:]
		if f.Sort == sortByName && m.inNameOrder {
			src = m.picked
		} else {
			picked = m.mark(m.picked, true)
			defer m.mark(m.picked, false)
		}
	}
rows:
	for _, i := range src {
		if picked != nil && !picked[i] || !m.selects(f, i) {
			continue
		}
		for _, w := range words {
			if !strings.Contains(m.hay.row(i), w) {
				continue rows
			}
		}
		view = append(view, i)
	}
	m.view = view
}

// searchesTexts reports whether the search's first word w is best looked
// for in the search texts' index: not when a short view of the search
// before is left to narrow, which is quicker to look through itself.
func (m *portfolioModel) searchesTexts(w string, narrows bool) bool {
	return !strings.ContainsRune(w, 0) && (!narrows || len(m.view) > m.hay.cost(w))
}

// mark sets (or clears) the rows' marks and returns them all, one per row.
func (m *portfolioModel) mark(rows []int, on bool) []bool {
	if len(m.marks) != len(m.rows) {
		m.marks = make([]bool, len(m.rows))
	}
	for _, i := range rows {
		m.marks[i] = on
	}
	return m.marks
}

// selects reports whether row i passes f's selects (owner, tier, stage, risk).
func (m *portfolioModel) selects(f portfolioFilter, i int) bool {
	r := &m.rows[i]
	return (f.Owner == "" || r.Owner == f.Owner) && (f.Tier == "" || r.Tier == f.Tier) &&
		(f.Stage == "" || r.Stage == f.Stage) && (f.Risk == "" || m.risk[i] == f.Risk)
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
