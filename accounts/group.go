package accounts

import "sort"

// Group accounts (集团客户): an account may name a parent, so that a group
// and its subsidiaries are seen, planned and totalled together. The tree
// is worked out from the list of accounts each time it is needed (the
// portfolio holds every account's parent id in its summary), so no stored
// index can disagree with the records.

// maxGroupDepth bounds every walk up a chain of parents: a chain this long
// is damage or a loop, never a real group.
const maxGroupDepth = 64

// Membership is one account's place in a group: its id and its parent's
// (empty for an account that belongs to no group, or heads one).
type Membership struct {
	ID       ID
	ParentID ID
}

// Groups is the group tree of a list of accounts. A parent that is not in
// the list (deleted, or not visible to this person) makes its subsidiary a
// root; accounts whose parents loop are roots too, and listed in Cycles,
// so a damaged file still shows every account once.
type Groups struct {
	parent   map[ID]ID
	children map[ID][]ID
	depth    map[ID]int
	Roots    []ID   // in the order of the list
	Cycles   [][]ID // each loop of parents found, in walking order
}

// NewGroups builds the tree of list; children keep the list's order.
func NewGroups(list []Membership) *Groups {
	g := &Groups{parent: map[ID]ID{}, children: map[ID][]ID{}, depth: map[ID]int{}}
	known := make(map[ID]bool, len(list))
	for _, m := range list {
		known[m.ID] = true
	}
	for _, m := range list {
		if m.ParentID != "" && m.ParentID != m.ID && known[m.ParentID] {
			g.parent[m.ID] = m.ParentID
		}
	}
	g.breakCycles(list)
	for _, m := range list {
		if p, ok := g.parent[m.ID]; ok {
			g.children[p] = append(g.children[p], m.ID)
		} else {
			g.Roots = append(g.Roots, m.ID)
		}
	}
	for _, r := range g.Roots {
		g.setDepth(r, 0)
	}
	return g
}

// breakCycles finds each loop of parents and cuts every link in it: no
// member of a loop can be said to head the others.
func (g *Groups) breakCycles(list []Membership) {
	state := map[ID]int{} // 0 unseen, 1 on the current walk, 2 done
	for _, m := range list {
		var walk []ID
		id := m.ID
		for state[id] == 0 {
			state[id] = 1
			walk = append(walk, id)
			p, ok := g.parent[id]
			if !ok {
				break
			}
			id = p
		}
		if state[id] == 1 && len(walk) > 0 {
			if _, ok := g.parent[walk[len(walk)-1]]; ok {
				loop := loopFrom(walk, id)
				for _, c := range loop {
					delete(g.parent, c)
				}
				g.Cycles = append(g.Cycles, loop)
			}
		}
		for _, w := range walk {
			state[w] = 2
		}
	}
}

func loopFrom(walk []ID, start ID) []ID {
	for i, w := range walk {
		if w == start {
			return append([]ID(nil), walk[i:]...)
		}
	}
	return nil
}

func (g *Groups) setDepth(id ID, d int) {
	g.depth[id] = d
	for _, c := range g.children[id] {
		g.setDepth(c, d+1)
	}
}

// Parent returns the account's parent in the tree ("" for a root).
func (g *Groups) Parent(id ID) ID { return g.parent[id] }

// Children returns the account's direct subsidiaries.
func (g *Groups) Children(id ID) []ID { return g.children[id] }

// Depth is 0 for a root, 1 for its subsidiaries, and so on.
func (g *Groups) Depth(id ID) int { return g.depth[id] }

// IsGroup reports whether the account has subsidiaries.
func (g *Groups) IsGroup(id ID) bool { return len(g.children[id]) > 0 }

// Root returns the head of the account's group (the account itself when it
// is a root).
func (g *Groups) Root(id ID) ID {
	for i := 0; i < maxGroupDepth; i++ {
		p, ok := g.parent[id]
		if !ok {
			break
		}
		id = p
	}
	return id
}

// Path returns the chain from the head of the group down to the account.
func (g *Groups) Path(id ID) []ID {
	var up []ID
	for i := 0; i <= maxGroupDepth && id != ""; i++ {
		up = append(up, id)
		id = g.parent[id]
	}
	for i, j := 0, len(up)-1; i < j; i, j = i+1, j-1 {
		up[i], up[j] = up[j], up[i]
	}
	return up
}

// Subsidiaries returns every account below id, depth first, each
// subsidiary before its own.
func (g *Groups) Subsidiaries(id ID) []ID {
	var out []ID
	var walk func(ID)
	walk = func(p ID) {
		for _, c := range g.children[p] {
			out = append(out, c)
			walk(c)
		}
	}
	walk(id)
	return out
}

// Order returns every account depth first: each root followed by its
// subsidiaries, so a list can show groups folded under their head.
func (g *Groups) Order() []ID {
	var out []ID
	for _, r := range g.Roots {
		out = append(out, r)
		out = append(out, g.Subsidiaries(r)...)
	}
	return out
}

// ParentLoop says whether giving account child the parent parent would
// close a loop: it walks up from parent through parentOf (the stored
// parents) and returns the chain from parent back to child when it meets
// child, nil when it does not. An account cannot be its own parent.
func ParentLoop(child, parent ID, parentOf func(ID) ID) []ID {
	if parent == "" {
		return nil
	}
	chain := []ID{}
	for id, i := parent, 0; id != "" && i <= maxGroupDepth; id, i = parentOf(id), i+1 {
		chain = append(chain, id)
		if id == child {
			return chain
		}
	}
	return nil
}

// Totals are amounts kept apart by currency: a group's revenue in CNY and
// in USD is two numbers until someone says at which rate to add them.
type Totals map[string]int64

// Add adds m, whose empty currency means def.
func (t Totals) Add(m Money, def string) {
	cur := m.Currency
	if cur == "" {
		cur = def
	}
	if cur == "" {
		cur = DefaultCurrency
	}
	t[cur] += m.Minor
}

// Amounts returns the totals as Money, largest currency code first by
// amount, then by code, so a display is stable.
func (t Totals) Amounts() []Money {
	out := make([]Money, 0, len(t))
	for c, v := range t {
		out = append(out, Money{Minor: v, Currency: c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Minor != out[j].Minor {
			return out[i].Minor > out[j].Minor
		}
		return out[i].Currency < out[j].Currency
	})
	return out
}

// Converter turns an amount into currency to (an exchange-rate table);
// it fails when it has no rate.
type Converter func(m Money, to string) (Money, error)

// In adds the totals in one currency through conv; the first amount conv
// cannot convert is the error, never a silent zero.
func (t Totals) In(to string, conv Converter) (Money, error) {
	sum := Money{Currency: to}
	for _, m := range t.Amounts() {
		if m.Currency == to {
			sum.Minor += m.Minor
			continue
		}
		c, err := conv(m, to)
		if err != nil {
			return Money{}, err
		}
		sum.Minor += c.Minor
	}
	return sum, nil
}

// GroupRevenue is the revenue of account id and all its subsidiaries,
// per currency; revenue returns one account's (latest) revenue, whose empty
// currency means def.
func (g *Groups) GroupRevenue(id ID, revenue func(ID) Money, def string) Totals {
	t := Totals{}
	t.Add(revenue(id), def)
	for _, s := range g.Subsidiaries(id) {
		t.Add(revenue(s), def)
	}
	return t
}

// GroupInfo is what a document says of an account's group: the chain of
// parents above it, the subsidiaries below it and their revenue together.
type GroupInfo struct {
	Path    []string      // the head of the group down to the account's parent
	Members []GroupMember // the subsidiaries, depth first
	Revenue []Money       // the account's latest revenue with theirs, per currency
}

// GroupMember is one subsidiary in a GroupInfo.
type GroupMember struct {
	Name    string
	Owner   string
	Depth   int // 1 for a direct subsidiary
	Revenue Money
}
