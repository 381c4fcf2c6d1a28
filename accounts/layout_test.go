package accounts

import (
	"fmt"
	"math/rand/v2"
	"reflect"
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
		// Each manager centred above their direct reports.
		lo, hi := map[ID]float32{}, map[ID]float32{}
		for _, c := range cs {
			if !byID[c.ReportsTo] {
				continue
			}
			x := pos[c.ID].X
			if l, ok := lo[c.ReportsTo]; !ok || x < l {
				lo[c.ReportsTo] = x
			}
			if h, ok := hi[c.ReportsTo]; !ok || x > h {
				hi[c.ReportsTo] = x
			}
		}
		for boss, l := range lo {
			if mid := (l + hi[boss]) / 2; pos[boss].X-mid > 0.01 || mid-pos[boss].X > 0.01 {
				t.Fatalf("n=%d: %s at x %v, not centred above its reports (%v)", n, boss, pos[boss].X, mid)
			}
		}
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
