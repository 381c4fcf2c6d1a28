package storage

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"keycard/accounts"
)

// TestIndexesMatchFullScan runs a random series of writes and then checks
// that every index scan returns exactly what a full scan of the records
// computes.
func TestIndexesMatchFullScan(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { randomOps(t, seed) })
	}
}

func randomOps(t *testing.T, seed uint64) {
	s, _ := newStore(t)
	r := rand.New(rand.NewPCG(seed, 7))
	owners := []string{"Li Wei", "Wang Fang", "Zhang Min"}
	day := accounts.DateOf(t0)
	randDate := func() accounts.Date {
		if r.IntN(4) == 0 {
			return accounts.Date{}
		}
		return day.AddDays(r.IntN(60))
	}
	randSteps := func() []accounts.NextStep {
		var out []accounts.NextStep
		for i := r.IntN(3); i > 0; i-- {
			out = append(out, accounts.NextStep{Text: "step", Due: randDate(), Done: r.IntN(3) == 0})
		}
		return out
	}
	var accts []accounts.ID
	pick := func() (accounts.ID, bool) {
		if len(accts) == 0 {
			return "", false
		}
		return accts[r.IntN(len(accts))], true
	}
	for i := 0; i < 300; i++ {
		switch op := r.IntN(12); {
		case op == 0 || len(accts) < 2:
			a := accounts.Account{Name: fmt.Sprintf("Acct %d", r.IntN(1000)), Owner: owners[r.IntN(3)], Tier: accounts.TierKey,
				Stage: accounts.StageGrowth, RenewalDate: randDate(),
				Revenue: []accounts.RevenueEntry{{Period: "2025", Amount: accounts.Money{Minor: r.Int64N(1000)}}}}
			if err := s.CreateAccount(&a); err != nil {
				t.Fatal(err)
			}
			accts = append(accts, a.ID)
		case op == 1:
			id, _ := pick()
			a, _ := s.Account(id)
			a.Owner, a.RenewalDate, a.Name = owners[r.IntN(3)], randDate(), fmt.Sprintf("Renamed %d", r.IntN(1000))
			if err := s.UpdateAccount(a); err != nil {
				t.Fatal(err)
			}
		case op == 2 && r.IntN(3) == 0:
			j := r.IntN(len(accts))
			if err := s.DeleteAccount(accts[j]); err != nil {
				t.Fatal(err)
			}
			accts = append(accts[:j], accts[j+1:]...)
		case op == 3:
			id, _ := pick()
			cs, _ := s.Contacts(id)
			c := accounts.Contact{AccountID: id, Name: fmt.Sprintf("C%d", r.IntN(1000)), Influence: 1 + r.IntN(5)}
			if len(cs) > 0 && r.IntN(2) == 0 {
				c.ReportsTo = cs[r.IntN(len(cs))].ID
			}
			if err := s.CreateContact(&c); err != nil {
				t.Fatal(err)
			}
		case op == 4:
			id, _ := pick()
			cs, _ := s.Contacts(id)
			if len(cs) > 0 {
				if err := s.DeleteContact(cs[r.IntN(len(cs))].ID); err != nil {
					t.Fatal(err)
				}
			}
		case op <= 7:
			id, _ := pick()
			v := accounts.Visit{AccountID: id, At: t0.Add(-time.Duration(r.IntN(1000)) * time.Hour), Kind: accounts.KindCall, NextSteps: randSteps()}
			if err := s.CreateVisit(&v); err != nil {
				t.Fatal(err)
			}
		case op == 8:
			id, _ := pick()
			vs, _ := s.Visits(id)
			if len(vs) > 0 {
				v := vs[r.IntN(len(vs))]
				v.At = t0.Add(-time.Duration(r.IntN(1000)) * time.Hour)
				v.NextSteps = randSteps()
				if err := s.UpdateVisit(&v); err != nil {
					t.Fatal(err)
				}
			}
		case op == 9:
			id, _ := pick()
			vs, _ := s.Visits(id)
			if len(vs) > 0 {
				if err := s.DeleteVisit(vs[r.IntN(len(vs))].ID); err != nil {
					t.Fatal(err)
				}
			}
		case op == 10:
			id, _ := pick()
			vs, _ := s.Visits(id)
			for _, v := range vs {
				if len(v.NextSteps) > 0 {
					st := v.NextSteps[r.IntN(len(v.NextSteps))]
					if err := s.SetStepDone(v.ID, st.ID, !st.Done, day); err != nil {
						t.Fatal(err)
					}
					break
				}
			}
		default:
			id, _ := pick()
			d, _ := s.LoadAccount(id)
			if len(d.Visits) > 0 {
				d.Visits = d.Visits[1:]
			}
			d.Account.Owner = owners[r.IntN(3)]
			if err := s.PutAccountData([]accounts.AccountData{*d}); err != nil {
				t.Fatal(err)
			}
		}
	}
	compareWithFullScan(t, s, accts)
}

func compareWithFullScan(t *testing.T, s *Store, ids []accounts.ID) {
	t.Helper()
	var all []*accounts.AccountData
	ownerSet := map[string][]Summary{}
	type due struct {
		date         string
		visit, step  accounts.ID
		accountOwner string
	}
	var dues []due
	var renewals []Summary
	var visits []accounts.Visit
	var want []Summary
	for _, id := range ids {
		d, err := s.LoadAccount(id)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, d)
		a := d.Account
		sm := Summary{ID: a.ID, Name: a.Name, Owner: a.Owner, Tier: a.Tier, Stage: a.Stage, RenewalDate: a.RenewalDate, Version: a.Version}
		if r, ok := a.LatestRevenue(); ok {
			sm.Revenue = r.Amount
		}
		cs := append([]accounts.Contact(nil), d.Contacts...)
		sort.Slice(cs, func(i, j int) bool { return cs[i].ID < cs[j].ID })
		for _, c := range cs {
			sm.ContactNames = append(sm.ContactNames, c.Name)
		}
		for _, v := range d.Visits {
			visits = append(visits, v)
			if vd := accounts.DateOf(v.At); vd.After(sm.LastVisit) {
				sm.LastVisit = vd
			}
			for _, st := range v.NextSteps {
				if st.Done {
					continue
				}
				sm.OpenFollowUps++
				if !st.Due.IsZero() {
					dues = append(dues, due{st.Due.String(), v.ID, st.ID, a.Owner})
					if sm.NextFollowUp.IsZero() || st.Due.Before(sm.NextFollowUp) {
						sm.NextFollowUp = st.Due
					}
				}
			}
		}
		want = append(want, sm)
		ownerSet[a.Owner] = append(ownerSet[a.Owner], sm)
		if !a.RenewalDate.IsZero() {
			renewals = append(renewals, sm)
		}
	}
	byName := func(list []Summary) {
		sort.Slice(list, func(i, j int) bool {
			if a, b := strings.ToLower(list[i].Name), strings.ToLower(list[j].Name); a != b {
				return a < b
			}
			return list[i].ID < list[j].ID
		})
	}
	byName(want)
	got, err := s.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	same(t, "summaries", got, want)

	var wantOwners []string
	for o, list := range ownerSet {
		wantOwners = append(wantOwners, o)
		byName(list)
		g, _ := s.SummariesByOwner(o)
		same(t, "summaries of "+o, g, list)
	}
	sort.Strings(wantOwners)
	gotOwners, _ := s.Owners()
	same(t, "owners", gotOwners, wantOwners)

	sort.Slice(dues, func(i, j int) bool {
		a, b := dues[i], dues[j]
		return a.date+"\x00"+string(a.visit)+"\x00"+string(a.step) < b.date+"\x00"+string(b.visit)+"\x00"+string(b.step)
	})
	fu, err := s.FollowUps(accounts.DateOf(t0).AddDays(1000))
	if err != nil {
		t.Fatal(err)
	}
	if len(fu) != len(dues) {
		t.Fatalf("follow-ups: index has %d, full scan %d", len(fu), len(dues))
	}
	for i := range fu {
		if fu[i].VisitID != dues[i].visit || fu[i].Step.ID != dues[i].step || fu[i].Owner != dues[i].accountOwner {
			t.Fatalf("follow-up %d: %+v, want %+v", i, fu[i], dues[i])
		}
	}

	sort.SliceStable(renewals, func(i, j int) bool {
		return renewals[i].RenewalDate.String()+string(renewals[i].ID) < renewals[j].RenewalDate.String()+string(renewals[j].ID)
	})
	gotR, _ := s.Renewals(accounts.Date{}, accounts.Date{})
	if len(renewals) == 0 {
		renewals = nil
	}
	same(t, "renewals", gotR, renewals)

	sort.Slice(visits, func(i, j int) bool {
		if !visits[i].At.Equal(visits[j].At) {
			return visits[i].At.After(visits[j].At)
		}
		return visits[i].ID > visits[j].ID
	})
	rv, _ := s.RecentVisits(len(visits) + 5)
	if len(rv) != len(visits) {
		t.Fatalf("recent visits: %d, want %d", len(rv), len(visits))
	}
	for i := range rv {
		if rv[i].ID != visits[i].ID {
			t.Fatalf("recent visit %d is %s, want %s", i, rv[i].ID, visits[i].ID)
		}
	}
	for _, d := range all {
		for _, c := range d.Contacts {
			if got, err := s.Contact(c.ID); err != nil || got.ID != c.ID {
				t.Fatalf("contact %s not found by id: %v", c.ID, err)
			}
		}
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
}

// The newest visits come from the summaries' last visits and each
// account's newest keys: the same visits, in the same order, as a sort of
// all of them by time (then id), whatever zone each was written in (a
// visit's date is in its zone, its key in UTC) and however many are asked
// for.
func TestRecentVisitsAcrossZones(t *testing.T) {
	s, _ := newStore(t)
	r := rand.New(rand.NewPCG(7, 7))
	var all []accounts.Visit
	for i := range 40 {
		a := mkAccount(t, s, fmt.Sprintf("Acct %02d", i), "Li Wei")
		for range r.IntN(6) {
			zone := time.FixedZone("z", (r.IntN(27)-12)*3600)
			at := t0.Add(time.Duration(r.IntN(96)-48) * time.Hour).Add(time.Duration(r.IntN(60)) * time.Minute).In(zone)
			v := accounts.Visit{AccountID: a.ID, At: at, Kind: accounts.KindCall}
			if err := s.CreateVisit(&v); err != nil {
				t.Fatal(err)
			}
			all = append(all, v)
		}
	}
	slices.SortFunc(all, func(a, b accounts.Visit) int {
		if c := b.At.Compare(a.At); c != 0 {
			return c
		}
		return strings.Compare(string(b.ID), string(a.ID))
	})
	for _, n := range []int{0, 1, 2, 5, 10, 37, len(all), len(all) + 3} {
		got, err := s.RecentVisits(n)
		if err != nil {
			t.Fatal(err)
		}
		want := all[:min(n, len(all))]
		if len(got) != len(want) {
			t.Fatalf("RecentVisits(%d): %d visits, want %d", n, len(got), len(want))
		}
		for i := range want {
			if got[i].ID != want[i].ID {
				t.Fatalf("RecentVisits(%d)[%d] is %s at %s, want %s at %s", n, i, got[i].ID, got[i].At.UTC(), want[i].ID, want[i].At.UTC())
			}
		}
	}
}
