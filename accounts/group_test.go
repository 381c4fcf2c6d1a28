package accounts

import (
	"errors"
	"reflect"
	"testing"
)

func TestGroupTree(t *testing.T) {
	cases := []struct {
		name   string
		list   []Membership
		roots  []ID
		order  []ID
		depth  map[ID]int
		cycles int
	}{
		{"no groups", []Membership{{"a", ""}, {"b", ""}}, []ID{"a", "b"}, []ID{"a", "b"}, map[ID]int{"a": 0, "b": 0}, 0},
		{"three levels in any order",
			[]Membership{{"plant", "sub"}, {"sub", "group"}, {"group", ""}, {"other", ""}},
			[]ID{"group", "other"}, []ID{"group", "sub", "plant", "other"},
			map[ID]int{"group": 0, "sub": 1, "plant": 2, "other": 0}, 0},
		{"unknown parent is a root", []Membership{{"a", "gone"}}, []ID{"a"}, []ID{"a"}, map[ID]int{"a": 0}, 0},
		{"own parent is a root", []Membership{{"a", "a"}}, []ID{"a"}, []ID{"a"}, map[ID]int{"a": 0}, 0},
		{"loop of two", []Membership{{"a", "b"}, {"b", "a"}, {"c", "a"}}, []ID{"a", "b"}, []ID{"a", "c", "b"},
			map[ID]int{"a": 0, "b": 0, "c": 1}, 1},
		{"loop of three under a tail", []Membership{{"t", "x"}, {"x", "y"}, {"y", "z"}, {"z", "x"}},
			[]ID{"x", "y", "z"}, []ID{"x", "t", "y", "z"}, map[ID]int{"t": 1}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := NewGroups(c.list)
			if !reflect.DeepEqual(g.Roots, c.roots) {
				t.Errorf("roots %v, want %v", g.Roots, c.roots)
			}
			if got := g.Order(); !reflect.DeepEqual(got, c.order) {
				t.Errorf("order %v, want %v", got, c.order)
			}
			for id, d := range c.depth {
				if g.Depth(id) != d {
					t.Errorf("depth of %s %d, want %d", id, g.Depth(id), d)
				}
			}
			if len(g.Cycles) != c.cycles {
				t.Errorf("cycles %v, want %d", g.Cycles, c.cycles)
			}
			if len(g.Order()) != len(c.list) {
				t.Errorf("every account once: %v", g.Order())
			}
		})
	}
}

func TestGroupPathAndRoot(t *testing.T) {
	g := NewGroups([]Membership{{"plant", "sub"}, {"sub", "group"}, {"group", ""}})
	if got := g.Path("plant"); !reflect.DeepEqual(got, []ID{"group", "sub", "plant"}) {
		t.Errorf("path %v", got)
	}
	if g.Root("plant") != "group" || g.Root("group") != "group" || g.Parent("sub") != "group" {
		t.Errorf("root/parent wrong")
	}
	if !g.IsGroup("group") || g.IsGroup("plant") {
		t.Errorf("IsGroup wrong")
	}
}

func TestParentLoop(t *testing.T) {
	stored := map[ID]ID{"sub": "group", "plant": "sub"}
	of := func(id ID) ID { return stored[id] }
	cases := []struct {
		child, parent ID
		loop          []ID
	}{
		{"group", "plant", []ID{"plant", "sub", "group"}},
		{"group", "group", []ID{"group"}},
		{"group", "", nil},
		{"plant", "group", nil},
		{"new", "plant", nil},
	}
	for _, c := range cases {
		if got := ParentLoop(c.child, c.parent, of); !reflect.DeepEqual(got, c.loop) {
			t.Errorf("%s under %s: %v, want %v", c.child, c.parent, got, c.loop)
		}
	}
	// A damaged chain that loops without the child ends.
	bad := map[ID]ID{"x": "y", "y": "x"}
	if ParentLoop("c", "x", func(id ID) ID { return bad[id] }) != nil {
		t.Error("a loop above must not hang or blame the child")
	}
}

func TestGroupRevenue(t *testing.T) {
	g := NewGroups([]Membership{{"plant", "sub"}, {"sub", "group"}, {"group", ""}, {"other", ""}})
	rev := map[ID]Money{"group": Amount(100, ""), "sub": Amount(50, "USD"), "plant": Amount(20, "CNY"), "other": Amount(999, "")}
	tot := g.GroupRevenue("group", func(id ID) Money { return rev[id] }, "CNY")
	want := Totals{"CNY": 12000, "USD": 5000}
	if !reflect.DeepEqual(tot, want) {
		t.Fatalf("totals %v, want %v", tot, want)
	}
	if got := tot.Amounts(); got[0].Currency != "CNY" || got[1].Currency != "USD" {
		t.Errorf("amounts order %v", got)
	}
	conv := func(m Money, to string) (Money, error) {
		if m.Currency == "USD" && to == "CNY" {
			return Money{Minor: m.Minor * 7, Currency: to}, nil
		}
		return Money{}, errors.New("no rate")
	}
	if m, err := tot.In("CNY", conv); err != nil || m.Minor != 12000+35000 {
		t.Errorf("converted %v %v", m, err)
	}
	if _, err := tot.In("EUR", conv); err == nil {
		t.Error("a missing rate must be an error, not a zero")
	}
}

func TestAccountOwnParent(t *testing.T) {
	a := Account{Meta: Meta{ID: "x"}, Name: "A", Owner: "o", Tier: TierMaintain, Stage: StageProspect, ParentID: "x"}
	if !hasField(a.Validate(), "parent_id") {
		t.Error("an account cannot be its own parent")
	}
	a.ParentID = "y"
	if err := a.Validate(); err != nil {
		t.Error(err)
	}
}

func hasField(err error, f string) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	for _, x := range e.Fields {
		if x.Field == f {
			return true
		}
	}
	return false
}
