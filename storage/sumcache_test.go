package storage

import (
	"reflect"
	"testing"

	"keycard/accounts"
)

// Commit handlers may arrive out of order: an older write never replaces a
// newer one, and a read replaces only what is older than it.
func TestSummaryCacheKeepsTheNewest(t *testing.T) {
	var c sumCache
	if _, ok := c.list(nil); ok {
		t.Fatal("an empty cache answered")
	}
	a5, a4 := &Summary{ID: "a", Name: "Five"}, &Summary{ID: "a", Name: "Four"}
	c.apply(5, map[accounts.ID]*Summary{"a": a5})
	c.apply(4, map[accounts.ID]*Summary{"a": a4})
	c.fill(3, []Summary{{ID: "a", Name: "Three"}, {ID: "b", Name: "Bee"}})
	got, ok := c.list(nil)
	if !ok || len(got) != 2 || got[0].Name != "Bee" || got[1].Name != "Five" {
		t.Fatalf("%v", got)
	}
	c.apply(6, map[accounts.ID]*Summary{"b": nil})
	c.fill(5, []Summary{{ID: "a", Name: "Five"}, {ID: "b", Name: "Bee"}}) // a read older than the delete
	if got, _ := c.list(nil); len(got) != 1 || got[0].ID != "a" {
		t.Fatalf("after the delete: %v", got)
	}
	c.apply(7, map[accounts.ID]*Summary{"c": {ID: "c", Name: "Cee", Owner: "Li Wei"}})
	c.fill(8, []Summary{{ID: "a", Name: "Five"}}) // c was deleted by 8
	if got, _ := c.list(nil); len(got) != 1 {
		t.Fatalf("a read newer than the write: %v", got)
	}
}

// After writes of every kind, the summaries served from memory are the
// ones stored, per owner too.
func TestCachedSummariesMatchTheFile(t *testing.T) {
	s, _ := newStore(t)
	if _, err := s.Summaries(); err != nil { // fills the cache while empty
		t.Fatal(err)
	}
	a := mkAccount(t, s, "Acme", "Li Wei")
	b := mkAccount(t, s, "Globex", "Wang Fang")
	gone := mkAccount(t, s, "Initech", "Li Wei")
	c := mkContact(t, s, a.ID, "Zhang", "")
	mkVisit(t, s, a.ID, t0, accounts.NewDate(2026, 12, 1))
	b.Name = "Globex Asia"
	if err := s.UpdateAccount(&b); err != nil {
		t.Fatal(err)
	}
	c.Name = "Zhang Wei"
	if err := s.UpdateContact(&c); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteAccount(gone.ID); err != nil {
		t.Fatal(err)
	}
	cached, _ := s.Summaries()
	var stored []Summary
	if err := s.view(func(t *txn) (err error) { stored, err = t.summaries(); return err }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cached, stored) || len(cached) != 2 || cached[0].ContactNames[0] != "Zhang Wei" {
		t.Fatalf("cached %+v\nstored %+v", cached, stored)
	}
	mine, _ := s.SummariesByOwner("Li Wei")
	if len(mine) != 1 || mine[0].ID != a.ID {
		t.Fatalf("by owner: %+v", mine)
	}
}

// The list kept in memory is shared, not copied: a list once handed out
// never changes (a change builds a new one), and a caller's append does
// not write into it.
func TestSharedSummariesNeverChange(t *testing.T) {
	var c sumCache
	c.fill(1, []Summary{{ID: "a", Name: "Alpha"}, {ID: "b", Name: "Beta"}})
	first, _ := c.list(nil)
	_ = append(first, Summary{ID: "z", Name: "Zeta"})
	c.apply(2, map[accounts.ID]*Summary{"a": {ID: "a", Name: "Aleph"}})
	second, _ := c.list(nil)
	if first[0].Name != "Alpha" || len(first) != 2 {
		t.Fatalf("a list handed out changed: %v", first)
	}
	if second[0].Name != "Aleph" || len(second) != 2 {
		t.Fatalf("the new list: %v", second)
	}
	again, _ := c.list(nil)
	if &again[0] != &second[0] {
		t.Fatal("the list is copied on every read")
	}
}

// Readers that ask for the summaries at once, before any is in memory
// (the list, Today and the reminders at start), read the file once.
func TestSummariesAreReadOnceByReadersAtOnce(t *testing.T) {
	s, _ := newStore(t)
	for _, name := range []string{"Acme", "Globex", "Initech"} {
		if err := s.CreateAccount(&accounts.Account{Name: name, Owner: "Li Wei", Tier: accounts.TierKey, Stage: accounts.StageMature}); err != nil {
			t.Fatal(err)
		}
	}
	s.sums.reset()
	got := make(chan []Summary, 4)
	for range 4 {
		go func() {
			sums, err := s.Summaries()
			if err != nil {
				t.Error(err)
			}
			got <- sums
		}()
	}
	var first []Summary
	for range 4 {
		sums := <-got
		if len(sums) != 3 {
			t.Fatalf("%d summaries", len(sums))
		}
		if first == nil {
			first = sums
		} else if &sums[0] != &first[0] {
			t.Fatal("readers at once read the file each")
		}
	}
}
