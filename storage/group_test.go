package storage

import (
	"strings"
	"testing"

	"keycard/accounts"
	"keycard/locale"
)

// mkGroup stores a group of three levels: 华润集团 ← 华润医药 ← 华润三九.
func mkGroup(t *testing.T, s *Store) (group, sub, plant accounts.Account) {
	t.Helper()
	group = mkAccount(t, s, "华润集团", "Li Wei")
	sub = accounts.Account{Name: "华润医药", Owner: "Li Wei", Tier: accounts.TierKey, Stage: accounts.StageGrowth, ParentID: group.ID}
	if err := s.CreateAccount(&sub); err != nil {
		t.Fatal(err)
	}
	plant = accounts.Account{Name: "华润三九", Owner: "Li Wei", Tier: accounts.TierKey, Stage: accounts.StageGrowth, ParentID: sub.ID}
	if err := s.CreateAccount(&plant); err != nil {
		t.Fatal(err)
	}
	return group, sub, plant
}

func TestSummaryCarriesParent(t *testing.T) {
	s, _ := newStore(t)
	group, sub, plant := mkGroup(t, s)
	sums, err := s.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	parents := map[accounts.ID]accounts.ID{}
	for _, sm := range sums {
		parents[sm.ID] = sm.ParentID
	}
	if parents[group.ID] != "" || parents[sub.ID] != group.ID || parents[plant.ID] != sub.ID {
		t.Fatalf("parents in summaries %v", parents)
	}
	if err := s.Check(); err != nil {
		t.Fatalf("check: %v", err)
	}
}

func TestParentLoopRefused(t *testing.T) {
	s, _ := newStore(t)
	group, _, plant := mkGroup(t, s)
	stored, err := s.Account(group.ID)
	if err != nil {
		t.Fatal(err)
	}
	edit := *stored
	edit.ParentID = plant.ID
	err = s.UpdateAccount(&edit)
	if err == nil {
		t.Fatal("a loop of parents was stored")
	}
	msg := locale.Error("en", err)
	if !strings.Contains(msg, "华润集团 → 华润三九 → 华润医药 → 华润集团") {
		t.Errorf("sentence %q", msg)
	}
	after, _ := s.Account(group.ID)
	if after.ParentID != "" || after.Version != stored.Version {
		t.Error("a refused write changed the account")
	}
	unknown := *stored
	unknown.ParentID = accounts.NewID()
	if err := s.UpdateAccount(&unknown); err == nil || !strings.Contains(locale.Error("en", err), "华润集团") {
		t.Errorf("unknown parent: %v", err)
	}
}

func TestPutAccountDataParents(t *testing.T) {
	s, _ := newStore(t)
	a := accounts.Account{Meta: accounts.Meta{ID: accounts.NewID()}, Name: "Sub", Owner: "o", Tier: accounts.TierKey, Stage: accounts.StageGrowth}
	b := accounts.Account{Meta: accounts.Meta{ID: accounts.NewID()}, Name: "Head", Owner: "o", Tier: accounts.TierKey, Stage: accounts.StageGrowth}
	a.ParentID = b.ID // the parent comes later in the batch
	if err := s.PutAccountData([]accounts.AccountData{{Account: a}, {Account: b}}); err != nil {
		t.Fatal(err)
	}
	c := accounts.Account{Meta: accounts.Meta{ID: accounts.NewID()}, Name: "C", Owner: "o", Tier: accounts.TierKey, Stage: accounts.StageGrowth}
	d := accounts.Account{Meta: accounts.Meta{ID: accounts.NewID()}, Name: "D", Owner: "o", Tier: accounts.TierKey, Stage: accounts.StageGrowth}
	c.ParentID, d.ParentID = d.ID, c.ID
	if err := s.PutAccountData([]accounts.AccountData{{Account: c}, {Account: d}}); err == nil {
		t.Fatal("a batch with a loop was stored")
	}
	if st, _ := s.Stats(); st.Accounts != 2 {
		t.Errorf("accounts %d after a refused batch", st.Accounts)
	}
}

func TestAddDealsOneTransaction(t *testing.T) {
	s, _ := newStore(t)
	a := mkAccount(t, s, "Acme", "Li Wei")
	b := mkAccount(t, s, "Beta", "Li Wei")
	deals := []accounts.Deal{
		{AccountID: a.ID, Opportunity: accounts.Opportunity{Product: "GTX Pro", Value: accounts.Amount(1000, "USD"), Stage: accounts.StageWon}},
		{AccountID: b.ID, Opportunity: accounts.Opportunity{Product: "MG Special", Stage: accounts.StageQualified}},
		{AccountID: a.ID, Opportunity: accounts.Opportunity{Product: "GTX Basic", Stage: accounts.StageLost}},
	}
	if _, err := s.AddDeals(deals); err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats()
	if err != nil || st.Opportunities != 3 || st.Plans != 2 {
		t.Fatalf("stats %+v %v", st, err)
	}
	all, err := s.DealsOf()
	if err != nil || len(all[a.ID]) != 2 || len(all[b.ID]) != 1 {
		t.Fatalf("deals %v %v", all, err)
	}
	// A bad deal (no product) refuses the whole batch.
	bad := []accounts.Deal{{AccountID: b.ID, Opportunity: accounts.Opportunity{Product: "ok", Stage: accounts.StageWon}},
		{AccountID: a.ID, Opportunity: accounts.Opportunity{Stage: accounts.StageWon}}}
	if _, err := s.AddDeals(bad); err == nil {
		t.Fatal("a bad deal was stored")
	}
	if st, _ := s.Stats(); st.Opportunities != 3 {
		t.Errorf("opportunities %d after a refused batch", st.Opportunities)
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestPeopleDirectory(t *testing.T) {
	s, _ := newStore(t)
	if ps, err := s.People(); err != nil || len(ps) != 0 {
		t.Fatalf("empty directory %v %v", ps, err)
	}
	people := []accounts.Person{{Name: "Anna Snelling", Manager: "Dustin Brinkmann", Region: "Central"},
		{Name: "Cara Losch", Manager: "Melvin Marxen", Region: "East"}}
	if n, err := s.PutPeople(people); err != nil || n != 2 {
		t.Fatalf("put %d %v", n, err)
	}
	if n, err := s.PutPeople(people); err != nil || n != 0 {
		t.Fatalf("twice: %d %v", n, err)
	}
	people[1].Region = "West"
	if n, _ := s.PutPeople(people); n != 1 {
		t.Errorf("changed region: %d", n)
	}
	ps, _ := s.People()
	if len(ps) != 2 || ps[1].Region != "West" {
		t.Errorf("people %v", ps)
	}
	if _, err := s.PutPeople([]accounts.Person{{Name: "Self", Manager: "self"}}); err == nil {
		t.Error("own manager stored")
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
}
