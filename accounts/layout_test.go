package accounts

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// randomOrg makes n contacts in several reporting trees of random shape:
// each contact reports to an earlier one or, now and then, to nobody or to
// someone not on the map.
func randomOrg(rng *rand.Rand, n int) []Contact {
	cs := make([]Contact, n)
	for i := range cs {
		cs[i] = Contact{Meta: Meta{ID: ID(fmt.Sprintf("c%04d", i))}, Name: fmt.Sprintf("P%d", rng.IntN(50)), Influence: 1 + rng.IntN(5)}
		switch r := rng.IntN(20); {
		case i == 0 || r == 0:
			// a root
		case r == 1:
			cs[i].ReportsTo = "someone-not-on-the-map"
		default:
			// Prefer recent managers so trees get deep as well as wide.
			lo := max(0, i-1-rng.IntN(12))
			cs[i].ReportsTo = cs[lo+rng.IntN(i-lo)].ID
		}
	}
	rng.Shuffle(n, func(a, b int) { cs[a], cs[b] = cs[b], cs[a] })
	return cs
}

func checkLayout(t *testing.T, cs []Contact, pos map[ID]Point) {
	t.Helper()
	if len(pos) != len(cs) {
		t.Fatalf("%d positions for %d contacts", len(pos), len(cs))
	}
	ids := make([]ID, 0, len(cs))
	for _, c := range cs {
		if _, ok := pos[c.ID]; !ok {
			t.Fatalf("no position for %s", c.ID)
		}
		ids = append(ids, c.ID)
	}
	for i := 0; i < len(ids); i++ {
		a := pos[ids[i]]
		for j := i + 1; j < len(ids); j++ {
			b := pos[ids[j]]
			if a.X < b.X+CardWidth && b.X < a.X+CardWidth && a.Y < b.Y+CardHeight && b.Y < a.Y+CardHeight {
				t.Fatalf("cards %s %v and %s %v overlap", ids[i], a, ids[j], b)
			}
		}
	}
	minX := float32(1e9)
	for _, p := range pos {
		minX = min(minX, p.X)
	}
	if minX != 0 {
		t.Errorf("leftmost card at x %v, want 0", minX)
	}
}

func TestLayoutMapRandomTrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 4))
	for n := 1; n <= 300; n++ {
		cs := randomOrg(rng, n)
		pos := LayoutMap(cs)
		checkLayout(t, cs, pos)
		byID := map[ID]bool{}
		for _, c := range cs {
			byID[c.ID] = true
		}
		for _, c := range cs {
			if byID[c.ReportsTo] && pos[c.ReportsTo].Y >= pos[c.ID].Y {
				t.Fatalf("n=%d: %s (y %v) is not below its manager %s (y %v)", n, c.ID, pos[c.ID].Y, c.ReportsTo, pos[c.ReportsTo].Y)
			}
			if !byID[c.ReportsTo] && pos[c.ID].Y != 0 {
				t.Fatalf("n=%d: root %s not in the top row", n, c.ID)
			}
		}
		checkTeams(t, cs, pos)
		checkLines(t, cs, pos)
		// Deterministic, whatever order the contacts come in.
		shuffled := append([]Contact(nil), cs...)
		rng.Shuffle(n, func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		if again := LayoutMap(shuffled); !reflect.DeepEqual(again, pos) {
			t.Fatalf("n=%d: a different order of the same contacts gives a different picture", n)
		}
	}
}

func TestLayoutMapTidyTree(t *testing.T) {
	c := func(id, boss string, infl int) Contact {
		return Contact{Meta: Meta{ID: ID(id)}, Name: id, ReportsTo: ID(boss), Influence: infl}
	}
	cs := []Contact{
		c("ceo", "", 5),
		c("cfo", "ceo", 4), c("cto", "ceo", 5), c("coo", "ceo", 4),
		c("dev1", "cto", 2), c("dev2", "cto", 3),
		c("other-root", "", 3),
	}
	pos := LayoutMap(cs)
	checkLayout(t, cs, pos)
	row := float32(CardHeight + LayerGap)
	// Siblings by influence desc, then name: cto, cfo, coo.
	if !(pos["cto"].X < pos["cfo"].X && pos["cfo"].X < pos["coo"].X) {
		t.Errorf("siblings not ordered by influence then name: %v", pos)
	}
	if pos["cto"].Y != row || pos["dev1"].Y != 2*row || pos["ceo"].Y != 0 {
		t.Errorf("layers wrong: %v", pos)
	}
	// Parents centred above their children.
	if mid := (pos["cto"].X + pos["coo"].X) / 2; pos["ceo"].X != mid {
		t.Errorf("ceo at %v, want centred at %v", pos["ceo"].X, mid)
	}
	if mid := (pos["dev2"].X + pos["dev1"].X) / 2; pos["cto"].X != mid {
		t.Errorf("cto at %v, want centred at %v", pos["cto"].X, mid)
	}
	// The ceo's tree comes first (influence 5), then the other root beside it.
	if pos["other-root"].X <= pos["coo"].X || pos["other-root"].Y != 0 {
		t.Errorf("second root at %v", pos["other-root"])
	}
	// Neighbouring cards in a row keep the gap, no more: the tree is tidy.
	if d := pos["cfo"].X - pos["cto"].X; d < CardWidth+CardGap {
		t.Errorf("cfo and cto %v apart", d)
	}
	if d := pos["dev2"].X - pos["dev1"].X; d != -(CardWidth+CardGap) && d != CardWidth+CardGap {
		t.Errorf("two leaves %v apart, want %v", d, CardWidth+CardGap)
	}
}

func TestLayoutMapSurvivesCycles(t *testing.T) {
	c := func(id, boss string) Contact {
		return Contact{Meta: Meta{ID: ID(id)}, Name: id, ReportsTo: ID(boss), Influence: 3}
	}
	cs := []Contact{
		c("a", "b"), c("b", "c"), c("c", "a"), // a cycle of three
		c("d", "a"),              // hangs off the cycle
		c("e", "e"),              // reports to themself
		c("f", "g"), c("g", "f"), // a cycle of two
		c("h", ""),
	}
	pos := LayoutMap(cs)
	checkLayout(t, cs, pos)
	for _, id := range []ID{"a", "b", "c", "e", "f", "g", "h"} {
		if pos[id].Y != 0 {
			t.Errorf("%s should be a root, y = %v", id, pos[id].Y)
		}
	}
	if pos["d"].Y != CardHeight+LayerGap || pos["d"].X != pos["a"].X {
		t.Errorf("d should sit under a: d %v a %v", pos["d"], pos["a"])
	}
}

func TestLayoutMapEdgeCases(t *testing.T) {
	if got := LayoutMap(nil); len(got) != 0 {
		t.Errorf("empty map: %v", got)
	}
	one := LayoutMap([]Contact{{Meta: Meta{ID: "x"}, Name: "x"}})
	if one["x"] != (Point{}) {
		t.Errorf("single card at %v", one["x"])
	}
	dup := LayoutMap([]Contact{{Meta: Meta{ID: "x"}, Name: "x"}, {Meta: Meta{ID: "x"}, Name: "x again"}})
	if len(dup) != 1 {
		t.Errorf("repeated id: %v", dup)
	}
}

func BenchmarkLayoutMap300(b *testing.B) {
	cs := randomOrg(rand.New(rand.NewPCG(300, 300)), 300)
	b.ReportAllocs()
	for b.Loop() {
		LayoutMap(cs)
	}
}

// checkTeams checks where each team sits: a small team, or one with a
// manager among them, centred in the row under its boss; a large team of
// people without reports stacked in at most two columns, each in one x and
// one row after another, right of the others on the team.
func checkTeams(t *testing.T, cs []Contact, pos map[ID]Point) {
	t.Helper()
	team := map[ID][]ID{}
	for _, c := range cs {
		if _, ok := pos[c.ReportsTo]; ok && c.ReportsTo != c.ID {
			team[c.ReportsTo] = append(team[c.ReportsTo], c.ID)
		}
	}
	row := float32(CardHeight + LayerGap)
	for boss, ids := range team {
		b := pos[boss]
		var leaves []ID
		var lo, hi float32 = 1e9, -1e9
		for _, id := range ids {
			if len(team[id]) == 0 {
				leaves = append(leaves, id)
			}
		}
		stacked := len(leaves) > 3
		for _, id := range ids {
			if stacked && len(team[id]) == 0 {
				continue
			}
			p := pos[id]
			if p.Y != b.Y+row {
				t.Fatalf("%s at y %v, not in the row under its manager %s (y %v)", id, p.Y, boss, b.Y)
			}
			lo, hi = min(lo, p.X), max(hi, p.X)
		}
		if !stacked {
			if mid := (lo + hi) / 2; b.X-mid > 0.01 || mid-b.X > 0.01 {
				t.Fatalf("%s at x %v, not centred above its reports (%v)", boss, b.X, mid)
			}
			continue
		}
		col := map[float32][]float32{}
		for _, id := range leaves {
			p := pos[id]
			col[p.X] = append(col[p.X], p.Y)
			if p.X <= hi {
				t.Fatalf("%s's stacked report %s at x %v, not right of the managers on the team (%v)", boss, id, p.X, hi)
			}
		}
		if len(col) > 2 || (len(leaves) <= 8) != (len(col) == 1) {
			t.Fatalf("%s's %d stacked reports in %d columns", boss, len(leaves), len(col))
		}
		for x, ys := range col {
			slices.Sort(ys)
			for i, y := range ys {
				if want := b.Y + float32(i+1)*row; y != want {
					t.Fatalf("%s's column at x %v: card %d at y %v, want %v", boss, x, i, y, want)
				}
			}
		}
	}
}

// checkLines checks that no reporting line of the automatic layout runs
// behind a card: the line would read as a different reporting line.
func checkLines(t *testing.T, cs []Contact, pos map[ID]Point) {
	t.Helper()
	for _, c := range cs {
		b, ok := pos[c.ReportsTo]
		if !ok || c.ReportsTo == c.ID {
			continue
		}
		line := ReportingLine(b, pos[c.ID])
		for i := 1; i < len(line); i++ {
			p, q := line[i-1], line[i]
			if p.X != q.X && p.Y != q.Y {
				t.Fatalf("line %s→%s has a slanted segment %v %v", c.ReportsTo, c.ID, p, q)
			}
			x0, x1, y0, y1 := min(p.X, q.X), max(p.X, q.X), min(p.Y, q.Y), max(p.Y, q.Y)
			for id, r := range pos {
				if x1 > r.X && x0 < r.X+CardWidth && y1 > r.Y && y0 < r.Y+CardHeight {
					t.Fatalf("line %s→%s runs through card %s at %v: segment %v %v", c.ReportsTo, c.ID, id, r, p, q)
				}
			}
		}
		if end := line[len(line)-1]; !onEdge(end, pos[c.ID]) || !onEdge(line[0], b) {
			t.Fatalf("line %s→%s %v does not join the two cards", c.ReportsTo, c.ID, line)
		}
	}
}

func onEdge(p, card Point) bool {
	inX, inY := p.X >= card.X && p.X <= card.X+CardWidth, p.Y >= card.Y && p.Y <= card.Y+CardHeight
	return inX && inY && (p.X == card.X || p.X == card.X+CardWidth || p.Y == card.Y || p.Y == card.Y+CardHeight)
}

// realisticOrg makes the organisation of a typical customer: a chief
// executive, five vice-presidents, directors under them in turn (three to
// five each in a 150-person company) and four to ten staff under each
// director, until n people.
func realisticOrg(rng *rand.Rand, n int) []Contact {
	cs := make([]Contact, 0, n)
	add := func(boss ID) ID {
		id := ID(fmt.Sprintf("r%04d", len(cs)))
		cs = append(cs, Contact{Meta: Meta{ID: id}, Name: fmt.Sprintf("P%d", rng.IntN(80)), ReportsTo: boss, Influence: 1 + rng.IntN(5)})
		return id
	}
	ceo := add("")
	var vps []ID
	for i := 0; i < 5 && len(cs) < n; i++ {
		vps = append(vps, add(ceo))
	}
	for d := 0; len(cs) < n; d++ {
		dir := add(vps[d%len(vps)])
		for k := 4 + rng.IntN(7); k > 0 && len(cs) < n; k-- {
			add(dir)
		}
	}
	return cs
}

func bounds(pos map[ID]Point) (w, h float32) {
	for _, p := range pos {
		w, h = max(w, p.X+CardWidth), max(h, p.Y+CardHeight)
	}
	return w, h
}

// A typical customer's organisation, mostly staff without reports, must fit
// a screen or a printed page at a readable scale: one row of all the staff
// made a 150-person company about 26,000 map units wide.
func TestLayoutMapRealisticOrgIsCompact(t *testing.T) {
	for n := 20; n <= 300; n += 10 {
		cs := realisticOrg(rand.New(rand.NewPCG(uint64(n), 7)), n)
		pos := LayoutMap(cs)
		checkLayout(t, cs, pos)
		checkTeams(t, cs, pos)
		checkLines(t, cs, pos)
		w, h := bounds(pos)
		if limit := 1200 + float32(n)*34; w > limit { // a row of everyone: about 170 a person
			t.Errorf("%d people: map %v wide, want at most %v", n, w, limit)
		}
		if n >= 50 && w > 7*h {
			t.Errorf("%d people: map %v x %v, too flat to read", n, w, h)
		}
	}
}

func TestLayoutMapStacksLargeTeams(t *testing.T) {
	c := func(id, boss string, infl int) Contact {
		return Contact{Meta: Meta{ID: ID(id)}, Name: id, ReportsTo: ID(boss), Influence: infl}
	}
	cs := []Contact{c("boss", "", 5), c("mgr", "boss", 4), c("mgr-staff", "mgr", 3)}
	for i := range 5 {
		cs = append(cs, c(fmt.Sprintf("s%d", i), "boss", 5-i%5))
	}
	for i := range 12 {
		cs = append(cs, c(fmt.Sprintf("t%02d", i), "mgr", 3))
	}
	pos := LayoutMap(cs)
	checkLayout(t, cs, pos)
	checkTeams(t, cs, pos)
	checkLines(t, cs, pos)
	row := float32(CardHeight + LayerGap)
	// boss's five staff: one column, most influential at the top, right of
	// the manager on the team
	for i := range 5 {
		p := pos[ID(fmt.Sprintf("s%d", i))]
		if p.X != pos["s0"].X || p.Y != float32(i+1)*row || p.X <= pos["mgr"].X {
			t.Errorf("s%d at %v, want in one column right of mgr %v, row %d", i, p, pos["mgr"], i+1)
		}
	}
	// mgr's thirteen people without reports: two columns of seven and six,
	// the boss centred over them
	left, right := pos["mgr-staff"].X, pos["mgr-staff"].X+CardWidth+CardGap
	if got := pos["t05"]; got.X != left || got.Y != pos["mgr"].Y+7*row {
		t.Errorf("t05 at %v, want the foot of the left column (x %v)", got, left)
	}
	if got := pos["t06"]; got.X != right || got.Y != pos["mgr"].Y+row {
		t.Errorf("t06 at %v, want the head of the right column (x %v)", got, right)
	}
	if mid := (left + right) / 2; pos["mgr"].X != mid {
		t.Errorf("mgr at x %v, want centred over the two columns at %v", pos["mgr"].X, mid)
	}
	// the route of a stacked report's line: down from the boss, along the
	// gap, down the lane left of the column, into the card's side
	b, s := pos["boss"], pos["s3"]
	want := []Point{{b.X + CardWidth/2, b.Y + CardHeight}, {b.X + CardWidth/2, b.Y + CardHeight + LayerGap/2},
		{s.X - CardGap/2, b.Y + CardHeight + LayerGap/2}, {s.X - CardGap/2, s.Y + CardHeight/2}, {s.X, s.Y + CardHeight/2}}
	if got := ReportingLine(b, s); !reflect.DeepEqual(got, want) {
		t.Errorf("line to a stacked report %v, want %v", got, want)
	}
	// three people without reports stay in a row
	small := LayoutMap([]Contact{c("a", "", 3), c("b", "a", 3), c("c", "a", 3), c("d", "a", 3)})
	if small["b"].Y != small["c"].Y || small["c"].Y != small["d"].Y {
		t.Errorf("a team of three stacked: %v", small)
	}
}

func TestReportingLineForMovedCards(t *testing.T) {
	// side by side: a straight line between the facing edges
	got := ReportingLine(Point{0, 0}, Point{300, 0})
	if want := []Point{{CardWidth, CardHeight / 2}, {300, CardHeight / 2}}; !reflect.DeepEqual(got, want) {
		t.Errorf("beside: %v, want %v", got, want)
	}
	// one row down: the usual elbow
	got = ReportingLine(Point{0, 0}, Point{400, 140})
	if want := []Point{{90, 84}, {90, 112}, {490, 112}, {490, 140}}; !reflect.DeepEqual(got, want) {
		t.Errorf("below: %v, want %v", got, want)
	}
}
