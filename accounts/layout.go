package accounts

import (
	"math"
	"sort"
)

// The automatic arrangement of the decision-maker map ("Arrange"). People
// read an organisation top-down, so cards are layered by reporting line:
// bosses above, their reports in the row below, centred under them. The
// layout is a tidy tree (Reingold–Tilford style): each subtree is packed as
// close to its left neighbour as its contour allows, so cards never overlap
// yet wide teams do not push unrelated ones far away. Siblings are sorted by
// influence, then name, then id, so the same data always gives the same
// picture and the most influential people sit on the left where the eye
// starts. A large team of people without reports of their own is stacked
// in one or two columns under its boss instead of one long row, as
// organisation charts do, so a real organisation, where most people are such
// leaves, fits a screen and a page.

// Sizes of the map, in map units. The GUI draws cards of exactly this size
// at the positions LayoutMap returns.
const (
	CardWidth  = 180
	CardHeight = 84
	// LayerGap is the vertical space between a row of cards and the next,
	// room for the reporting lines.
	LayerGap = 56
	// CardGap is the least horizontal space between two cards in a row.
	CardGap = 24
)

// A team of more than stackAfter people without reports of their own is
// stacked in a column under its boss, or in two columns when larger than
// twoColumnsAfter. A lone column is indented stackIndent from its boss's
// left edge, so that it reads as that boss's team and its reporting lines
// can run down its left side.
const (
	stackAfter      = 3
	twoColumnsAfter = 8
	stackIndent     = CardWidth / 4
)

// LayoutMap returns the top-left corner of each contact's card. Contacts whose
// manager is not on the map are roots in the top row, their trees side by
// side (most influential root first); reporting
// cycles (validation refuses them, but an import or an old file may hold one)
// are broken by treating every contact on the cycle as a root. The leftmost
// card is at x 0 and the top row at y 0.
func LayoutMap(contacts []Contact) map[ID]Point {
	out := make(map[ID]Point, len(contacts))
	if len(contacts) == 0 {
		return out
	}
	t := newOrgTree(contacts)
	l := newTreeLayout(t)
	// Walking the breadth-first order backwards lays out every subtree
	// before its parent, without recursion.
	for k := len(t.order) - 1; k >= 0; k-- {
		l.arrange(t.order[k])
	}
	l.place(out)
	return out
}

// cardSep is the least distance between the centres of two cards in a row.
const cardSep = CardWidth + CardGap

// orgTree is the reporting structure of the map, by index into nodes.
type orgTree struct {
	nodes    []*Contact
	parent   []int // -1 for a root
	children [][]int
	roots    []int
	order    []int // breadth-first: parents before children
}

// newOrgTree indexes the contacts (skipping repeated ids), breaks reporting
// cycles and sorts roots and siblings into reading order.
func newOrgTree(contacts []Contact) *orgTree {
	t := &orgTree{}
	idx := make(map[ID]int, len(contacts))
	t.nodes = make([]*Contact, 0, len(contacts))
	for i := range contacts {
		if _, dup := idx[contacts[i].ID]; dup {
			continue
		}
		idx[contacts[i].ID] = len(t.nodes)
		t.nodes = append(t.nodes, &contacts[i])
	}
	n := len(t.nodes)
	t.parent = make([]int, n)
	for i, c := range t.nodes {
		t.parent[i] = -1
		if p, ok := idx[c.ReportsTo]; ok && c.ReportsTo != "" && p != i {
			t.parent[i] = p
		}
	}
	breakCycles(t.parent)

	t.children = make([][]int, n)
	for i, p := range t.parent {
		if p < 0 {
			t.roots = append(t.roots, i)
		} else {
			t.children[p] = append(t.children[p], i)
		}
	}
	less := func(s []int) func(a, b int) bool {
		return func(a, b int) bool { return contactLess(t.nodes[s[a]], t.nodes[s[b]]) }
	}
	sort.SliceStable(t.roots, less(t.roots))
	for _, cs := range t.children {
		if len(cs) > 1 {
			sort.SliceStable(cs, less(cs))
		}
	}
	t.order = make([]int, 0, n)
	t.order = append(t.order, t.roots...)
	for k := 0; k < len(t.order); k++ {
		t.order = append(t.order, t.children[t.order[k]]...)
	}
	return t
}

// treeLayout is the tidy-tree pass: every node's place relative to its
// parent and the contour of its subtree.
type treeLayout struct {
	t       *orgTree
	offset  []float64 // centre relative to the parent's centre
	rel     []int     // rows below the parent
	contour []shape
	items   []shape // scratch, reused across nodes
	leaves  []int   // scratch, reused across nodes
}

func newTreeLayout(t *orgTree) *treeLayout {
	n := len(t.nodes)
	return &treeLayout{t: t, offset: make([]float64, n), rel: make([]int, n), contour: make([]shape, n)}
}

// arrange places the children of v under it, their subtrees being laid out
// already, and records v's contour.
func (l *treeLayout) arrange(v int) {
	children := l.t.children
	cs := children[v]
	if len(cs) == 0 {
		l.contour[v] = shape{l: []float64{0}, r: []float64{0}}
		return
	}
	// A large team of people without reports of their own is stacked
	// in columns rather than spread along a row: in a real organisation
	// most people are such leaves, and one row of them makes the map
	// tens of cards wide.
	l.leaves = l.leaves[:0]
	for _, c := range cs {
		if len(children[c]) == 0 {
			l.leaves = append(l.leaves, c)
		}
	}
	stacked := len(l.leaves) > stackAfter
	inRow := func(c int) bool { return !stacked || len(children[c]) > 0 }
	l.items = l.items[:0]
	for _, c := range cs {
		if inRow(c) {
			l.items = append(l.items, l.contour[c])
		}
	}
	cols, height := 0, 0
	if stacked {
		cols, height = stackColumns(len(l.leaves))
		l.items = append(l.items, columns(len(l.leaves), cols, cardSep))
	}
	acc, offs := pack(l.items, cardSep)
	last := len(offs) - 1
	mid := (offs[0] + offs[last]) / 2
	if stacked && last == 0 {
		// A team that is all stack: the boss sits up and left of a
		// single column, over the middle of two.
		mid = offs[0] - stackIndent
		if cols == 2 {
			mid = offs[0] + cardSep/2
		}
	}
	i := 0
	for _, c := range cs {
		if inRow(c) {
			l.offset[c], l.rel[c] = offs[i]-mid, 1
			i++
		}
		l.contour[c] = shape{} // no longer needed; its slices live on in acc
	}
	if stacked {
		for j, c := range l.leaves {
			l.offset[c], l.rel[c] = offs[last]+float64(j/height)*cardSep-mid, 1+j%height
		}
	}
	l.contour[v] = shifted(acc, mid)
}

// stackColumns is how many columns a stacked team of k leaves takes, and how
// many cards high they are.
func stackColumns(k int) (cols, height int) {
	cols = 1
	if k > twoColumnsAfter {
		cols = 2
	}
	return cols, (k + cols - 1) / cols
}

// shifted is the contour of a parent whose children's packed contour is acc,
// the parent's centre being at mid: one row for the parent on top.
func shifted(acc shape, mid float64) shape {
	s := shape{l: make([]float64, 1, len(acc.l)+1), r: make([]float64, 1, len(acc.r)+1)}
	for d := range acc.l {
		s.l = append(s.l, acc.l[d]-mid)
		s.r = append(s.r, acc.r[d]-mid)
	}
	return s
}

// place turns the relative offsets into top-left corners. Separate trees
// sit side by side, each wholly right of the one before, so two
// organisations never interleave.
func (l *treeLayout) place(out map[ID]Point) {
	t := l.t
	n := len(t.nodes)
	centre := make([]float64, n)
	right := 0.0
	for i, r := range t.roots {
		lo, hi := extent(l.contour[r])
		if i > 0 {
			centre[r] = right + cardSep - lo
		}
		right = centre[r] + hi
	}
	minX := centre[t.roots[0]]
	row := make([]int, n)
	for _, v := range t.order {
		if p := t.parent[v]; p >= 0 {
			centre[v] = centre[p] + l.offset[v]
			row[v] = row[p] + l.rel[v]
		}
		if centre[v] < minX {
			minX = centre[v]
		}
	}
	for _, v := range t.order {
		out[t.nodes[v].ID] = Point{
			X: float32(centre[v] - minX),
			Y: float32(row[v] * (CardHeight + LayerGap)),
		}
	}
}

// ReportingLine is the route of the reporting line from a boss's card to a
// report's card, given their top-left corners: the polyline, in map units,
// that the map and the printed plan draw, so that both agree and no line
// runs behind a card of the automatic layout. A report in the row below
// gets an elbow from the boss's bottom centre to the report's top centre.
// A report further down (a stacked team) gets a line that leaves the
// boss's bottom centre, turns along the gap under the boss to a lane half a
// card gap left of the report, runs down that lane and enters the report's
// left side at mid-height. A report beside or above its boss (a card the
// user moved) gets a straight line between the two cards' edges.
func ReportingLine(boss, report Point) []Point {
	bx, bottom := boss.X+CardWidth/2, boss.Y+CardHeight
	switch gap := report.Y - bottom; {
	case gap >= LayerGap+CardHeight:
		bus, lane, mid := bottom+LayerGap/2, report.X-CardGap/2, report.Y+CardHeight/2
		return []Point{{bx, bottom}, {bx, bus}, {lane, bus}, {lane, mid}, {report.X, mid}}
	case gap > 0:
		mid, rx := bottom+gap/2, report.X+CardWidth/2
		return []Point{{bx, bottom}, {bx, mid}, {rx, mid}, {rx, report.Y}}
	}
	a := Point{boss.X + CardWidth/2, boss.Y + CardHeight/2}
	b := Point{report.X + CardWidth/2, report.Y + CardHeight/2}
	return []Point{edgeToward(a, b), edgeToward(b, a)}
}

// edgeToward is where the line from the centre a of a card to b leaves the
// card.
func edgeToward(a, b Point) Point {
	dx, dy := b.X-a.X, b.Y-a.Y
	if dx == 0 && dy == 0 {
		return a
	}
	s := float32(math.Inf(1))
	if dx != 0 {
		s = min(s, CardWidth/2/float32(math.Abs(float64(dx))))
	}
	if dy != 0 {
		s = min(s, CardHeight/2/float32(math.Abs(float64(dy))))
	}
	s = min(s, 1)
	return Point{a.X + dx*s, a.Y + dy*s}
}

// shape is a subtree's contour: per row below its root (row 0 is the root),
// the leftmost and rightmost card centre relative to the root's centre.
type shape struct{ l, r []float64 }

// pack places the subtrees of siblings left to right, each as far left as the
// contours of those already placed allow, and returns the combined contour
// and each sibling's centre (the first at 0).
func pack(sibs []shape, sep float64) (shape, []float64) {
	offs := make([]float64, len(sibs))
	acc := sibs[0]
	for i := 1; i < len(sibs); i++ {
		c := sibs[i]
		shift := acc.r[0] + sep - c.l[0]
		for d := 1; d < len(c.l) && d < len(acc.l); d++ {
			if s := acc.r[d] + sep - c.l[d]; s > shift {
				shift = s
			}
		}
		offs[i] = shift
		for d := range c.l {
			if d < len(acc.l) {
				acc.r[d] = c.r[d] + shift
			} else {
				acc.l = append(acc.l, c.l[d]+shift)
				acc.r = append(acc.r, c.r[d]+shift)
			}
		}
	}
	return acc, offs
}

// columns is the contour of a stack of k cards in cols columns, filled
// top to bottom and then left to right, relative to the first column. The
// rows of the stack are the rows of the team, so a stack packs against its
// neighbours like any subtree and the lane left of each column, where its
// reporting line runs down, stays a card gap wide.
func columns(k, cols int, sep float64) shape {
	height := (k + cols - 1) / cols
	s := shape{l: make([]float64, height), r: make([]float64, height)}
	for d := range s.r {
		if d < k-height {
			s.r[d] = sep
		}
	}
	return s
}

// extent returns the leftmost and rightmost card centre of a subtree.
func extent(s shape) (lo, hi float64) {
	for d := range s.l {
		lo, hi = min(lo, s.l[d]), max(hi, s.r[d])
	}
	return lo, hi
}

// breakCycles cuts every reporting cycle by making each contact on it a root.
// Contacts who report into a cycle from outside keep their manager.
func breakCycles(parent []int) {
	const (
		unseen = iota
		onPath
		done
	)
	state := make([]uint8, len(parent))
	var path []int
	for start := range parent {
		if state[start] != unseen {
			continue
		}
		path = path[:0]
		v := start
		for v >= 0 && state[v] == unseen {
			state[v] = onPath
			path = append(path, v)
			v = parent[v]
		}
		if v >= 0 && state[v] == onPath {
			// v is on the current path: the part from v on is a cycle.
			for i := len(path) - 1; i >= 0; i-- {
				u := path[i]
				parent[u] = -1
				if u == v {
					break
				}
			}
		}
		for _, u := range path {
			state[u] = done
		}
	}
}
