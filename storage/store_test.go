package storage

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"keycard/accounts"
)

var t0 = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)

// testClock advances one second per reading, so timestamps differ; it may
// be read from several goroutines.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func newStore(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sub", "keycard.db")
	c := &testClock{t: t0}
	s, err := Open(path, Options{Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func mkAccount(t testing.TB, s *Store, name, owner string) accounts.Account {
	t.Helper()
	a := accounts.Account{Name: name, Owner: owner, Tier: accounts.TierKey, Stage: accounts.StageGrowth}
	if err := s.CreateAccount(&a); err != nil {
		t.Fatal(err)
	}
	return a
}

func mkContact(t testing.TB, s *Store, acct accounts.ID, name string, reportsTo accounts.ID) accounts.Contact {
	t.Helper()
	c := accounts.Contact{AccountID: acct, Name: name, Influence: 3, ReportsTo: reportsTo}
	if err := s.CreateContact(&c); err != nil {
		t.Fatal(err)
	}
	return c
}

func mkVisit(t testing.TB, s *Store, acct accounts.ID, at time.Time, due ...accounts.Date) accounts.Visit {
	t.Helper()
	v := accounts.Visit{AccountID: acct, At: at, Kind: accounts.KindOnSite, Summary: "met"}
	for _, d := range due {
		v.NextSteps = append(v.NextSteps, accounts.NextStep{Text: "follow up", Due: d})
	}
	if err := s.CreateVisit(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if accounts.ErrorCode(err) != code {
		t.Fatalf("want error code %s, got %v (%v)", code, accounts.ErrorCode(err), err)
	}
}

func same(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\n got  %+v\n want %+v", what, got, want)
	}
}

func TestAccountRoundTrip(t *testing.T) {
	s, _ := newStore(t)
	a := accounts.Account{
		Name: "  Acme 上海  ", LegalName: "Acme Shanghai Co., Ltd.", Owner: "Li Wei", Team: []string{"Tom"},
		Tier: accounts.TierStrategic, Stage: accounts.StageMature, Tags: []string{"steel", "east"},
		Revenue:     []accounts.RevenueEntry{{Period: "2025", Amount: accounts.Amount(1000, "")}, {Period: "2026", Amount: accounts.Amount(2000, "")}},
		RenewalDate: accounts.NewDate(2027, 3, 31), CadenceDays: 30,
		Competitors: []accounts.Competitor{{Name: "Rival", Share: 0.3}},
	}
	if err := s.CreateAccount(&a); err != nil {
		t.Fatal(err)
	}
	if a.ID == "" || a.Version != 1 || a.CreatedAt.IsZero() || !a.UpdatedAt.Equal(a.CreatedAt) || a.Name != "Acme 上海" {
		t.Fatalf("create did not fill id, version, timestamps or normalise: %+v", a.Meta)
	}
	got, err := s.Account(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "account", *got, a)

	a.Owner = "Wang Fang"
	if err := s.UpdateAccount(&a); err != nil {
		t.Fatal(err)
	}
	if a.Version != 2 || !a.UpdatedAt.After(a.CreatedAt) {
		t.Fatalf("update did not bump version/updated: %+v", a.Meta)
	}
	got, _ = s.Account(a.ID)
	same(t, "updated account", *got, a)

	sums, err := s.Summaries()
	if err != nil || len(sums) != 1 {
		t.Fatal(sums, err)
	}
	if sums[0].Owner != "Wang Fang" || sums[0].Revenue.Minor != 200000 || sums[0].Version != 2 || sums[0].RenewalDate != a.RenewalDate {
		t.Fatalf("summary not kept up to date: %+v", sums[0])
	}
}

func TestChildRoundTrips(t *testing.T) {
	s, _ := newStore(t)
	a := mkAccount(t, s, "Acme", "Li Wei")
	boss := mkContact(t, s, a.ID, "Boss", "")
	c := accounts.Contact{AccountID: a.ID, Name: " Zhang San ", Title: "CFO", ReportsTo: boss.ID, Influence: 5,
		Role: accounts.RoleEconomic, Attitude: accounts.AttitudeSupporter, Style: accounts.StyleDriver,
		Birthday: accounts.NewDate(1975, 5, 1), Email: "zs@example.com", PrivateRemarks: "likes tea",
		Relationships: []accounts.Relationship{{Person: "Li Wei", Level: accounts.LevelCredible, Wanted: accounts.LevelAdvisor}}}
	if err := s.CreateContact(&c); err != nil {
		t.Fatal(err)
	}
	gotC, err := s.Contact(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "contact", *gotC, c)
	if c.Name != "Zhang San" || c.Status != accounts.StatusActive {
		t.Fatalf("contact not normalised: %+v", c)
	}

	l := accounts.InfluenceLink{AccountID: a.ID, From: c.ID, To: boss.ID, Strength: 2, Note: "golf"}
	if err := s.CreateLink(&l); err != nil {
		t.Fatal(err)
	}
	links, _ := s.Links(a.ID)
	same(t, "links", links, []accounts.InfluenceLink{l})
	l.Strength = 3
	if err := s.UpdateLink(&l); err != nil || l.Version != 2 {
		t.Fatal(err, l.Version)
	}

	lay := accounts.MapLayout{AccountID: a.ID, Positions: map[accounts.ID]accounts.Point{c.ID: {X: 10, Y: 20}}}
	if err := s.SaveLayout(&lay); err != nil {
		t.Fatal(err)
	}
	gotL, _ := s.Layout(a.ID)
	same(t, "layout", *gotL, lay)

	v := accounts.Visit{AccountID: a.ID, At: t0.Add(-48 * time.Hour), Kind: accounts.KindMeal, ContactIDs: []accounts.ID{c.ID},
		OurPeople: []string{"Li Wei"}, Objective: "renewal", Situation: "s", Problem: "p", Implication: "i", NeedPayoff: "n",
		Outcome: accounts.OutcomePositive, NextSteps: []accounts.NextStep{{Text: "send quote", Due: accounts.NewDate(2026, 12, 1)}},
		Gifts: []accounts.Gift{{Item: "tea", Value: accounts.Amount(200, "CNY"), ContactID: c.ID}}}
	if err := s.CreateVisit(&v); err != nil {
		t.Fatal(err)
	}
	gotV, _ := s.Visit(v.ID)
	same(t, "visit", *gotV, v)
	if v.NextSteps[0].ID == "" {
		t.Fatal("next step got no id")
	}

	w := accounts.Warning{AccountID: a.ID, Kind: accounts.WarnLatePayment, Observed: accounts.NewDate(2026, 11, 1),
		Severity: accounts.SeverityHigh, Status: accounts.WarningOpen, Evidence: "60 days late"}
	if err := s.CreateWarning(&w); err != nil {
		t.Fatal(err)
	}
	ws, _ := s.Warnings(a.ID)
	same(t, "warnings", ws, []accounts.Warning{w})
	w.Status, w.ResolvedOn = accounts.WarningResolved, accounts.NewDate(2026, 11, 20)
	if err := s.UpdateWarning(&w); err != nil {
		t.Fatal(err)
	}

	p := accounts.Plan{AccountID: a.ID, Objectives: []accounts.Objective{{Text: "grow share", Target: "40 %"}},
		Opportunities: []accounts.Opportunity{{Product: "sensors", Value: accounts.Amount(5e5, "")}}}
	if err := s.SavePlan(&p); err != nil {
		t.Fatal(err)
	}
	gotP, _ := s.Plan(a.ID)
	same(t, "plan", *gotP, p)
	if p.ID != a.ID || p.Version != 1 || p.Objectives[0].Status != accounts.ProgressPlanned {
		t.Fatalf("plan: %+v", p)
	}

	h := accounts.Handover{From: "Li Wei", Date: accounts.NewDate(2026, 12, 1), Status: accounts.HandoverDraft,
		Accounts: []accounts.HandoverAccount{{AccountID: a.ID, To: "Wang Fang", Introductions: []accounts.Introduction{{ContactID: c.ID}}}}}
	if err := s.SaveHandover(&h); err != nil {
		t.Fatal(err)
	}
	gotH, _ := s.Handover(h.ID)
	same(t, "handover", *gotH, h)
	h.Status = accounts.HandoverDone
	if err := s.SaveHandover(&h); err != nil || h.Version != 2 {
		t.Fatal(err, h.Version)
	}
	hs, _ := s.Handovers()
	same(t, "handovers", hs, []accounts.Handover{h})

	d, err := s.LoadAccount(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Account.ID != a.ID || len(d.Contacts) != 2 || len(d.Links) != 1 || len(d.Visits) != 1 || len(d.Warnings) != 1 || d.Plan == nil || d.Layout == nil {
		t.Fatalf("LoadAccount incomplete: %+v", d)
	}
	sums, _ := s.Summaries()
	if sums[0].LastVisit != accounts.DateOf(v.At) || sums[0].OpenFollowUps != 1 || sums[0].NextFollowUp != accounts.NewDate(2026, 12, 1) ||
		!reflect.DeepEqual(sums[0].ContactNames, []string{"Boss", "Zhang San"}) {
		t.Fatalf("summary: %+v", sums[0])
	}
	st, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Accounts != 1 || st.Contacts != 2 || st.Links != 1 || st.Visits != 1 || st.Warnings != 1 || st.Plans != 1 || st.Handovers != 1 || st.Schema != schemaVersion {
		t.Fatalf("stats: %+v", st)
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestStaleVersionIsRefused(t *testing.T) {
	s, _ := newStore(t)
	a := mkAccount(t, s, "Acme", "Li Wei")
	mine, theirs := a, a
	theirs.Notes = "their edit"
	if err := s.UpdateAccount(&theirs); err != nil {
		t.Fatal(err)
	}
	mine.Notes = "my edit"
	err := s.UpdateAccount(&mine)
	wantCode(t, err, accounts.ECONFLICT)
	want := "This account was changed elsewhere since you opened it (version 2 is stored, you edited version 1). Reload it to see the other change, then make your edit again."
	if say(err) != want {
		t.Fatalf("message %q", err)
	}
	got, _ := s.Account(a.ID)
	if got.Notes != "their edit" || mine.Version != 1 {
		t.Fatalf("stale update changed something: %q v%d", got.Notes, mine.Version)
	}

	c := mkContact(t, s, a.ID, "Zhang", "")
	c2 := c
	c2.Title = "CEO"
	if err := s.UpdateContact(&c2); err != nil {
		t.Fatal(err)
	}
	c.Title = "CTO"
	err = s.UpdateContact(&c)
	wantCode(t, err, accounts.ECONFLICT)
	if !strings.HasPrefix(say(err), "This contact was changed elsewhere") {
		t.Fatal(err)
	}
	v := mkVisit(t, s, a.ID, t0)
	v2 := v
	if err := s.UpdateVisit(&v2); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.UpdateVisit(&v), accounts.ECONFLICT)
	p := accounts.Plan{AccountID: a.ID}
	if err := s.SavePlan(&p); err != nil {
		t.Fatal(err)
	}
	p2 := p
	if err := s.SavePlan(&p2); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.SavePlan(&p), accounts.ECONFLICT)
}

func TestNotFound(t *testing.T) {
	s, _ := newStore(t)
	missing := accounts.NewID()
	_, err := s.Account(missing)
	wantCode(t, err, accounts.ENOTFOUND)
	if !strings.Contains(say(err), string(missing)) {
		t.Fatal(err)
	}
	_, err = s.Contact(missing)
	wantCode(t, err, accounts.ENOTFOUND)
	_, err = s.Visit(missing)
	wantCode(t, err, accounts.ENOTFOUND)
	wantCode(t, s.DeleteAccount(missing), accounts.ENOTFOUND)
	c := accounts.Contact{AccountID: missing, Name: "x", Influence: 1}
	wantCode(t, s.CreateContact(&c), accounts.ENOTFOUND)
	u := accounts.Account{Meta: accounts.Meta{ID: missing, Version: 1}, Name: "x", Owner: "y", Tier: accounts.TierKey, Stage: accounts.StageGrowth}
	wantCode(t, s.UpdateAccount(&u), accounts.ENOTFOUND)
}

func TestFailedValidationWritesNothing(t *testing.T) {
	s, path := newStore(t)
	a := mkAccount(t, s, "Acme", "Li Wei")
	boss := mkContact(t, s, a.ID, "Boss", "")
	deputy := mkContact(t, s, a.ID, "Deputy", boss.ID)
	before, _ := s.Stats()

	bad := accounts.Account{Name: "", Owner: "x", Tier: accounts.TierKey, Stage: accounts.StageGrowth}
	wantCode(t, s.CreateAccount(&bad), accounts.EINVALID)
	if bad.ID != "" {
		t.Fatal("a refused create changed the caller's record")
	}
	cycle := boss
	cycle.ReportsTo = deputy.ID
	wantCode(t, s.UpdateContact(&cycle), accounts.EINVALID)
	v := accounts.Visit{AccountID: a.ID, At: t0, Kind: accounts.KindCall, NextSteps: []accounts.NextStep{{Text: "x", Due: accounts.DateOf(t0).AddDays(-1)}}}
	wantCode(t, s.CreateVisit(&v), accounts.EINVALID)
	l := accounts.InfluenceLink{AccountID: a.ID, From: boss.ID, To: accounts.NewID(), Strength: 1}
	wantCode(t, s.CreateLink(&l), accounts.EINVALID)
	batch := []accounts.AccountData{{Account: accounts.Account{Name: "Good", Owner: "x", Tier: accounts.TierKey, Stage: accounts.StageGrowth}},
		{Account: accounts.Account{Name: "Bad", Owner: "", Tier: accounts.TierKey, Stage: accounts.StageGrowth}}}
	err := s.PutAccountData(batch)
	wantCode(t, err, accounts.EINVALID)
	if !strings.Contains(say(err), `"Bad"`) {
		t.Fatalf("batch error does not name the account: %v", err)
	}

	after, _ := s.Stats()
	same(t, "stats after refused writes", after, before)
	got, _ := s.Contact(boss.ID)
	if got.ReportsTo != "" || got.Version != 1 {
		t.Fatal("refused contact update was stored")
	}
	_ = path
}

func TestDeleteAccountCascades(t *testing.T) {
	s, _ := newStore(t)
	keep := mkAccount(t, s, "Keep", "Li Wei")
	mkVisit(t, s, keep.ID, t0, accounts.NewDate(2026, 12, 1))
	a := mkAccount(t, s, "Gone", "Wang Fang")
	a.RenewalDate = accounts.NewDate(2027, 1, 1)
	if err := s.UpdateAccount(&a); err != nil {
		t.Fatal(err)
	}
	c := mkContact(t, s, a.ID, "Zhang", "")
	d := mkContact(t, s, a.ID, "Li", c.ID)
	s.CreateLink(&accounts.InfluenceLink{AccountID: a.ID, From: c.ID, To: d.ID, Strength: 1})
	v := mkVisit(t, s, a.ID, t0, accounts.NewDate(2026, 12, 2), accounts.Date{})
	w := accounts.Warning{AccountID: a.ID, Kind: accounts.WarnBudgetCut, Observed: accounts.NewDate(2026, 1, 1), Severity: accounts.SeverityLow, Status: accounts.WarningOpen}
	s.CreateWarning(&w)
	s.SavePlan(&accounts.Plan{AccountID: a.ID})
	s.SaveLayout(&accounts.MapLayout{AccountID: a.ID})

	if err := s.DeleteAccount(a.ID); err != nil {
		t.Fatal(err)
	}
	for _, id := range []accounts.ID{c.ID, d.ID} {
		_, err := s.Contact(id)
		wantCode(t, err, accounts.ENOTFOUND)
	}
	_, err := s.Visit(v.ID)
	wantCode(t, err, accounts.ENOTFOUND)
	st, _ := s.Stats()
	if st.Accounts != 1 || st.Contacts != 0 || st.Visits != 1 || st.Warnings != 0 || st.Plans != 0 || st.Links != 0 {
		t.Fatalf("left behind: %+v", st)
	}
	owners, _ := s.Owners()
	same(t, "owners", owners, []string{"Li Wei"})
	fu, _ := s.FollowUps(accounts.NewDate(2030, 1, 1))
	if len(fu) != 1 || fu[0].AccountID != keep.ID {
		t.Fatalf("follow-ups: %+v", fu)
	}
	r, _ := s.Renewals(accounts.Date{}, accounts.Date{})
	if len(r) != 0 {
		t.Fatalf("renewals: %+v", r)
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestDeleteContactClearsReportsAndLinks(t *testing.T) {
	s, _ := newStore(t)
	a := mkAccount(t, s, "Acme", "Li Wei")
	boss := mkContact(t, s, a.ID, "Boss", "")
	rep := mkContact(t, s, a.ID, "Report", boss.ID)
	other := mkContact(t, s, a.ID, "Other", "")
	l := accounts.InfluenceLink{AccountID: a.ID, From: other.ID, To: boss.ID, Strength: 2}
	if err := s.CreateLink(&l); err != nil {
		t.Fatal(err)
	}
	keep := accounts.InfluenceLink{AccountID: a.ID, From: other.ID, To: rep.ID, Strength: 2}
	s.CreateLink(&keep)
	s.SaveLayout(&accounts.MapLayout{AccountID: a.ID, Positions: map[accounts.ID]accounts.Point{boss.ID: {X: 1}, rep.ID: {X: 2}}})

	if err := s.DeleteContact(boss.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Contact(rep.ID)
	if got.ReportsTo != "" || got.Version != 2 {
		t.Fatalf("report still points at the deleted boss: %+v", got)
	}
	links, _ := s.Links(a.ID)
	same(t, "links", links, []accounts.InfluenceLink{keep})
	lay, _ := s.Layout(a.ID)
	if _, ok := lay.Positions[boss.ID]; ok || len(lay.Positions) != 1 {
		t.Fatalf("layout: %+v", lay)
	}
	sums, _ := s.Summaries()
	same(t, "contact names", sums[0].ContactNames, []string{"Report", "Other"})
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestFindAccount(t *testing.T) {
	s, _ := newStore(t)
	acme := mkAccount(t, s, "Acme Steel", "a")
	mkAccount(t, s, "Acorn Foods", "a")
	mkAccount(t, s, "Acme", "a")
	hua := mkAccount(t, s, "华为技术", "a")

	cases := []struct {
		q    string
		want accounts.ID
		code string
	}{
		{string(acme.ID), acme.ID, ""},
		{"acme s", acme.ID, ""},
		{"华为", hua.ID, ""},
		{"ac", "", accounts.EINVALID},
		{"zzz", "", accounts.ENOTFOUND},
		{"", "", accounts.EINVALID},
	}
	for _, c := range cases {
		got, err := s.FindAccount(c.q)
		if c.code != "" {
			wantCode(t, err, c.code)
			continue
		}
		if err != nil || got.ID != c.want {
			t.Errorf("FindAccount(%q) = %v, %v", c.q, got, err)
		}
	}
	_, err := s.FindAccount("ac")
	if !strings.Contains(say(err), "Acorn Foods") || !strings.Contains(say(err), "3 accounts") {
		t.Fatalf("ambiguous message does not list the matches: %v", err)
	}
	// An exact name wins over longer names that start with it.
	got, err := s.FindAccount("ACME")
	if err != nil || got.Name != "Acme" {
		t.Fatal(got, err)
	}
}

func TestPortfolioViews(t *testing.T) {
	s, _ := newStore(t)
	b := mkAccount(t, s, "beta", "Wang Fang")
	a := mkAccount(t, s, "Alpha", "Li Wei")
	mkAccount(t, s, "Gamma", "Li Wei")
	d1, d2 := accounts.NewDate(2026, 12, 1), accounts.NewDate(2026, 12, 5)
	v1 := mkVisit(t, s, a.ID, t0.Add(-time.Hour), d2, accounts.Date{})
	v2 := mkVisit(t, s, b.ID, t0.Add(-2*time.Hour), d1)
	v3 := mkVisit(t, s, b.ID, t0.Add(-30*time.Hour))

	sums, _ := s.Summaries()
	if len(sums) != 3 || sums[0].Name != "Alpha" || sums[1].Name != "beta" || sums[2].Name != "Gamma" {
		t.Fatalf("not sorted by name: %+v", sums)
	}
	byOwner, _ := s.SummariesByOwner("Li Wei")
	if len(byOwner) != 2 || byOwner[0].Name != "Alpha" {
		t.Fatalf("by owner: %+v", byOwner)
	}
	owners, _ := s.Owners()
	same(t, "owners", owners, []string{"Li Wei", "Wang Fang"})

	fu, _ := s.FollowUps(d2)
	if len(fu) != 2 || fu[0].VisitID != v2.ID || fu[1].VisitID != v1.ID || fu[0].AccountName != "beta" || fu[0].Owner != "Wang Fang" {
		t.Fatalf("follow-ups: %+v", fu)
	}
	fu, _ = s.FollowUps(d1)
	if len(fu) != 1 {
		t.Fatalf("follow-ups up to %s: %+v", d1, fu)
	}
	if err := s.SetStepDone(v2.ID, v2.NextSteps[0].ID, true, accounts.NewDate(2026, 11, 30)); err != nil {
		t.Fatal(err)
	}
	fu, _ = s.FollowUps(d2)
	if len(fu) != 1 || fu[0].VisitID != v1.ID {
		t.Fatalf("done step still listed: %+v", fu)
	}
	got, _ := s.Visit(v2.ID)
	if !got.NextSteps[0].Done || got.NextSteps[0].DoneOn != accounts.NewDate(2026, 11, 30) {
		t.Fatalf("step: %+v", got.NextSteps[0])
	}
	bs, _ := s.SummariesByOwner("Wang Fang")
	if bs[0].OpenFollowUps != 0 || !bs[0].NextFollowUp.IsZero() || bs[0].LastVisit != accounts.DateOf(v2.At) {
		t.Fatalf("summary after SetStepDone: %+v", bs[0])
	}
	wantCode(t, s.SetStepDone(v2.ID, accounts.NewID(), true, accounts.Date{}), accounts.ENOTFOUND)

	recent, _ := s.RecentVisits(2)
	if len(recent) != 2 || recent[0].ID != v1.ID || recent[1].ID != v2.ID {
		t.Fatalf("recent: %+v", recent)
	}
	vs, _ := s.Visits(b.ID)
	if len(vs) != 2 || vs[0].ID != v2.ID || vs[1].ID != v3.ID {
		t.Fatal("visits not newest first")
	}

	a.RenewalDate = accounts.NewDate(2027, 2, 1)
	s.UpdateAccount(&a)
	b.RenewalDate = accounts.NewDate(2027, 1, 1)
	s.UpdateAccount(&b)
	r, _ := s.Renewals(accounts.NewDate(2026, 12, 1), accounts.NewDate(2027, 1, 31))
	if len(r) != 1 || r[0].ID != b.ID {
		t.Fatalf("renewals: %+v", r)
	}
	r, _ = s.Renewals(accounts.NewDate(2026, 12, 1), accounts.NewDate(2027, 2, 1))
	if len(r) != 2 || r[0].ID != b.ID {
		t.Fatalf("renewals by date: %+v", r)
	}
}

func TestPutAccountDataUpserts(t *testing.T) {
	s, _ := newStore(t)
	created := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	acct := accounts.Account{Meta: accounts.Meta{ID: accounts.NewID(), Version: 7, CreatedAt: created, UpdatedAt: created},
		Name: "Imported", Owner: "Li Wei", Tier: accounts.TierKey, Stage: accounts.StageGrowth}
	c := accounts.Contact{Meta: accounts.Meta{ID: accounts.NewID()}, Name: "Zhang", Influence: 2}
	v := accounts.Visit{At: t0, Kind: accounts.KindCall, NextSteps: []accounts.NextStep{{Text: "x", Due: accounts.NewDate(2026, 12, 24)}}}
	batch := []accounts.AccountData{{Account: acct, Contacts: []accounts.Contact{c}, Visits: []accounts.Visit{v}}}
	if err := s.PutAccountData(batch); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Account(acct.ID)
	if got.Version != 7 || !got.CreatedAt.Equal(created) {
		t.Fatalf("given version/timestamps not kept: %+v", got.Meta)
	}
	gc, _ := s.Contact(c.ID)
	if gc.AccountID != acct.ID || gc.Version != 1 {
		t.Fatalf("contact: %+v", gc)
	}
	// Again, with the visit gone: the account is replaced whole.
	batch = []accounts.AccountData{{Account: acct, Contacts: []accounts.Contact{c}}}
	if err := s.PutAccountData(batch); err != nil {
		t.Fatal(err)
	}
	d, _ := s.LoadAccount(acct.ID)
	if len(d.Visits) != 0 || len(d.Contacts) != 1 {
		t.Fatalf("upsert kept old records: %+v", d)
	}
	fu, _ := s.FollowUps(accounts.NewDate(2030, 1, 1))
	if len(fu) != 0 {
		t.Fatal("follow-up of the replaced visit is still indexed")
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	// A child id taken by another account is refused.
	other := accounts.AccountData{Account: accounts.Account{Name: "Other", Owner: "x", Tier: accounts.TierKey, Stage: accounts.StageGrowth},
		Contacts: []accounts.Contact{{Meta: accounts.Meta{ID: c.ID}, Name: "Dup", Influence: 1}}}
	wantCode(t, s.PutAccountData([]accounts.AccountData{other}), accounts.EINVALID)
	// So is an id used twice inside one account.
	dup := accounts.NewID()
	twice := accounts.AccountData{Account: accounts.Account{Name: "Twice", Owner: "x", Tier: accounts.TierKey, Stage: accounts.StageGrowth},
		Contacts: []accounts.Contact{{Meta: accounts.Meta{ID: dup}, Name: "A", Influence: 1}},
		Visits:   []accounts.Visit{{Meta: accounts.Meta{ID: dup}, At: t0, Kind: accounts.KindCall}}}
	wantCode(t, s.PutAccountData([]accounts.AccountData{twice}), accounts.EINVALID)
	if _, err := Open(filepath.Join(t.TempDir(), "none.db"), Options{ReadOnly: true}); accounts.ErrorCode(err) != accounts.ENOTFOUND {
		t.Fatalf("read-only open of a missing file: %v", err)
	}
}

func TestReadOnlyRefusesWrites(t *testing.T) {
	s, path := newStore(t)
	mkAccount(t, s, "Acme", "Li Wei")
	s.Close()
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	a := accounts.Account{Name: "x", Owner: "y", Tier: accounts.TierKey, Stage: accounts.StageGrowth}
	err = ro.CreateAccount(&a)
	if err == nil || !strings.Contains(say(err), "read-only") {
		t.Fatal(err)
	}
	if sums, err := ro.Summaries(); err != nil || len(sums) != 1 {
		t.Fatal(sums, err)
	}
	var ke *accounts.Error
	if !errors.As(err, &ke) {
		t.Fatal("not a domain error")
	}
}

func TestSummaryDecoderMatchesEncodingJSON(t *testing.T) {
	cases := []Summary{
		{},
		{ID: "x", Name: `Quote " and \ backslash`, LegalName: "控股\u2028集团", Owner: "Li\tWei", Tier: accounts.TierKey,
			Tags: []string{"a", "", "é"}, ContactNames: []string{"张三", "O'Brien"}, Revenue: accounts.Money{Minor: -5, Currency: "USD"},
			RenewalDate: accounts.NewDate(2027, 2, 28), CadenceDays: 30, LastVisit: accounts.NewDate(1999, 12, 31),
			NextFollowUp: accounts.NewDate(2026, 1, 1), OpenFollowUps: 3, Version: 1 << 40},
		{Name: "emoji 😀 \x01 control", Tags: []string{}},
	}
	for _, want := range cases {
		raw, _ := json.Marshal(want)
		var viaJSON, got Summary
		json.Unmarshal(raw, &viaJSON)
		if err := decodeSummary(raw, &got); err != nil {
			t.Fatal(err)
		}
		same(t, string(raw), got, viaJSON)
	}
	// A field a summary does not have is refused in tests (strict.go),
	// naming the field; the app falls back to encoding/json and reads on.
	unknown := []byte(`{"id":"a","risk":{"x":[1,2]},"name":"N"}`)
	var got Summary
	if err := decodeSummary(unknown, &got); err == nil || !strings.Contains(err.Error(), `unknown field "risk"`) {
		t.Fatalf("strict: %v, want the unknown field named", err)
	}
	lenient(t)
	got = Summary{}
	if err := decodeSummary(unknown, &got); err != nil || got.Name != "N" {
		t.Fatal(got, err)
	}
}
