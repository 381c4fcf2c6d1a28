package storage

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"keycard/accounts"
)

// importStore opens a fresh database whose clock starts at start.
func importStore(t testing.TB, name string, start time.Time) *Store {
	t.Helper()
	c := &testClock{t: start}
	s, err := Open(filepath.Join(t.TempDir(), name+".db"), Options{Now: c.now, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// exportedPortfolio fills a source database with n accounts and everything
// that hangs off them, and returns them as a bundle carries them.
func exportedPortfolio(t testing.TB, src *Store, n int) []accounts.AccountData {
	return portfolioOf(t, src, n, 4, 5)
}

func portfolioOf(t testing.TB, src *Store, n, contactsEach, visitsEach int) []accounts.AccountData {
	t.Helper()
	var batch []accounts.AccountData
	for i := 0; i < n; i++ {
		d := accounts.AccountData{Account: accounts.Account{
			Name: fmt.Sprintf("Import %02d 客户", i), Owner: "Wang Fang", Tier: accounts.TierKey, Stage: accounts.StageMature,
			RenewalDate: accounts.NewDate(2027, 1, 1+i), CadenceDays: 30, Tags: []string{"east"},
		}}
		for j := 0; j < contactsEach; j++ {
			d.Contacts = append(d.Contacts, accounts.Contact{Meta: accounts.Meta{ID: accounts.NewID()}, Name: fmt.Sprintf("Contact %d-%d", i, j), Influence: 1 + j%5, Status: accounts.StatusActive, Trust: accounts.TrustAcquainted, PrivateRemarks: "likes tea"})
		}
		d.Contacts[1].ReportsTo = d.Contacts[0].ID
		d.Links = []accounts.InfluenceLink{{From: d.Contacts[2].ID, To: d.Contacts[0].ID, Strength: 2}}
		for j := 0; j < visitsEach; j++ {
			at := t0.AddDate(0, 0, -7*j)
			d.Visits = append(d.Visits, accounts.Visit{At: at, Kind: accounts.KindOnSite, Summary: fmt.Sprintf("visit %d", j),
				ContactIDs: []accounts.ID{d.Contacts[0].ID},
				NextSteps:  []accounts.NextStep{{Text: "send offer", Due: accounts.DateOf(at).AddDays(10)}}})
		}
		d.Warnings = []accounts.Warning{{Kind: accounts.WarnPricePressure, Observed: accounts.NewDate(2026, 10, 1), Severity: accounts.SeverityHigh, Status: accounts.WarningOpen}}
		d.Plan = &accounts.Plan{Objectives: []accounts.Objective{{Text: "Grow share of wallet"}}}
		d.Layout = &accounts.MapLayout{Positions: map[accounts.ID]accounts.Point{d.Contacts[0].ID: {X: 1, Y: 2}}}
		batch = append(batch, d)
	}
	if err := src.PutAccountData(batch); err != nil {
		t.Fatal(err)
	}
	return loadAll(t, src)
}

// loadAll reads every account of s with its records, in a stable order.
func loadAll(t testing.TB, s *Store) []accounts.AccountData {
	t.Helper()
	sums, err := s.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	var out []accounts.AccountData
	for _, sum := range sums {
		d, err := s.LoadAccount(sum.ID)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Account.ID < out[j].Account.ID })
	return out
}

func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sameData compares every entity of two databases' accounts.
func sameData(t *testing.T, got, want []accounts.AccountData) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d accounts, want %d", len(got), len(want))
	}
	for i := range want {
		for _, c := range []struct {
			what      string
			got, want any
		}{
			{"account", got[i].Account, want[i].Account},
			{"contacts", got[i].Contacts, want[i].Contacts},
			{"links", got[i].Links, want[i].Links},
			{"visits", got[i].Visits, want[i].Visits},
			{"warnings", got[i].Warnings, want[i].Warnings},
			{"plan", got[i].Plan, want[i].Plan},
			{"layout", got[i].Layout, want[i].Layout},
		} {
			if g, w := asJSON(t, c.got), asJSON(t, c.want); g != w {
				t.Fatalf("account %s: %s differ\n got %s\nwant %s", want[i].Account.Name, c.what, g, w)
			}
		}
	}
}

func kinds(items []ImportItem) map[string]int {
	out := map[string]int{}
	for _, it := range items {
		out[it.Kind]++
	}
	return out
}

func TestImportIntoEmptyDatabaseEqualsSource(t *testing.T) {
	src := importStore(t, "source", t0)
	data := exportedPortfolio(t, src, 3)
	dst := importStore(t, "successor", t0.AddDate(0, 0, 30))
	given := asJSON(t, data)

	preview, err := dst.PlanImport(data)
	if err != nil {
		t.Fatal(err)
	}
	if sums, _ := dst.Summaries(); len(sums) != 0 {
		t.Fatalf("PlanImport wrote %d accounts", len(sums))
	}
	plan, err := dst.Import(data)
	if err != nil {
		t.Fatal(err)
	}
	if asJSON(t, data) != given {
		t.Fatal("Import changed the caller's records")
	}
	if asJSON(t, plan) != asJSON(t, preview) {
		t.Fatal("the preview differs from what the import did")
	}
	want := map[string]int{"account": 3, "contact": 12, "link": 3, "visit": 15, "warning": 3, "plan": 3, "layout": 3}
	if got := kinds(plan.Added); asJSON(t, got) != asJSON(t, want) || len(plan.Updated)+len(plan.Skipped)+len(plan.Conflicts) != 0 {
		t.Fatalf("added %v, updated %d, skipped %d, conflicts %d", got, len(plan.Updated), len(plan.Skipped), len(plan.Conflicts))
	}
	sameData(t, loadAll(t, dst), loadAll(t, src))

	// The indexes behind the portfolio views came along too.
	ss, _ := src.Summaries()
	ds, _ := dst.Summaries()
	if asJSON(t, ss) != asJSON(t, ds) {
		t.Fatal("the portfolio lists differ")
	}
	sf, _ := src.FollowUps(accounts.NewDate(2030, 1, 1))
	df, _ := dst.FollowUps(accounts.NewDate(2030, 1, 1))
	if len(sf) != 15 || asJSON(t, sf) != asJSON(t, df) {
		t.Fatalf("follow-ups: source %d, imported %d", len(sf), len(df))
	}
	if err := dst.Check(); err != nil {
		t.Fatalf("integrity check after import: %v", err)
	}
}

func TestReimportChangesNothing(t *testing.T) {
	src := importStore(t, "source", t0)
	data := exportedPortfolio(t, src, 2)
	dst := importStore(t, "successor", t0.AddDate(0, 0, 30))
	if _, err := dst.Import(data); err != nil {
		t.Fatal(err)
	}
	before := loadAll(t, dst)

	plan, err := dst.Import(data)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Changes() != 0 || len(plan.Conflicts) != 0 {
		t.Fatalf("second import: %d added, %d updated, %d conflicts", len(plan.Added), len(plan.Updated), len(plan.Conflicts))
	}
	if len(plan.Skipped) != 2*(1+4+1+5+1+1+1) {
		t.Fatalf("second import skipped %d records", len(plan.Skipped))
	}
	for _, it := range plan.Skipped {
		if sayP(it.Reason) != "already the same here" {
			t.Fatalf("%s %s skipped because %q", it.Kind, it.Name, it.Reason)
		}
	}
	sameData(t, loadAll(t, dst), before)
}

func TestImportKeepsNewerLocalEditsAndReportsConflicts(t *testing.T) {
	src := importStore(t, "source", t0)
	data := exportedPortfolio(t, src, 2)
	dst := importStore(t, "successor", t0.AddDate(0, 0, 30))
	if _, err := dst.Import(data); err != nil {
		t.Fatal(err)
	}

	// The successor edits a contact and an account card on their computer.
	c := data[0].Contacts[1]
	c.Phone = "+86 138 0000 0000"
	if err := dst.UpdateContact(&c); err != nil {
		t.Fatal(err)
	}
	a := data[1].Account
	a.Notes = "met the new CFO"
	if err := dst.UpdateAccount(&a); err != nil {
		t.Fatal(err)
	}
	// Meanwhile, in the bundle, a visit was changed after the first import,
	// and a warning sign was changed on both sides from the same version.
	later := data[0].Visits[0]
	later.Summary, later.Version, later.UpdatedAt = "signed", later.Version+1, t0.AddDate(0, 2, 0)
	data[0].Visits[0] = later
	w := data[1].Warnings[0]
	w.Evidence = "seen here"
	if err := dst.UpdateWarning(&w); err != nil {
		t.Fatal(err)
	}
	data[1].Warnings[0].Evidence, data[1].Warnings[0].Version = "seen there", w.Version
	data[1].Warnings[0].UpdatedAt = w.UpdatedAt.Add(time.Hour)

	plan, err := dst.Import(data)
	if err != nil {
		t.Fatal(err)
	}
	conflicts := map[string]string{}
	for _, it := range plan.Conflicts {
		conflicts[it.ID] = sayP(it.Reason)
	}
	if len(conflicts) != 3 ||
		!strings.Contains(conflicts[string(c.ID)], "changed here since the bundle was made") ||
		!strings.Contains(conflicts[string(a.ID)], "changed here since the bundle was made") ||
		!strings.Contains(conflicts[string(w.ID)], "changed both here") {
		t.Fatalf("conflicts %v", conflicts)
	}
	if len(plan.Updated) != 1 || plan.Updated[0].ID != string(later.ID) {
		t.Fatalf("updated %+v", plan.Updated)
	}

	gotC, _ := dst.Contact(c.ID)
	gotA, _ := dst.Account(a.ID)
	gotV, _ := dst.Visit(later.ID)
	ws, _ := dst.Warnings(w.AccountID)
	if gotC.Phone != c.Phone || gotA.Notes != a.Notes || ws[0].Evidence != "seen here" {
		t.Fatal("an edit made on this computer was overwritten by the bundle")
	}
	if gotV.Summary != "signed" || gotV.Version != later.Version {
		t.Fatalf("the newer visit in the bundle was not taken: %q v%d", gotV.Summary, gotV.Version)
	}

	// Importing the same bundle again changes nothing more.
	again, err := dst.Import(data)
	if err != nil {
		t.Fatal(err)
	}
	if again.Changes() != 0 || len(again.Conflicts) != 3 {
		t.Fatalf("third import: %d changes, %d conflicts", again.Changes(), len(again.Conflicts))
	}
}

func TestImportOfABadAccountWritesNothing(t *testing.T) {
	src := importStore(t, "source", t0)
	data := exportedPortfolio(t, src, 2)
	data[1].Contacts[0].Influence = 9
	dst := importStore(t, "successor", t0)

	_, err := dst.Import(data)
	if accounts.ErrorCode(err) != accounts.EINVALID || !strings.Contains(say(err), data[1].Account.Name) {
		t.Fatalf("got %v", err)
	}
	if sums, _ := dst.Summaries(); len(sums) != 0 {
		t.Fatalf("a refused import wrote %d accounts", len(sums))
	}
}

func TestImportThatWouldMakeAReportingCycleWritesNothing(t *testing.T) {
	src := importStore(t, "source", t0)
	data := exportedPortfolio(t, src, 1)
	dst := importStore(t, "successor", t0.AddDate(0, 0, 30))
	if _, err := dst.Import(data); err != nil {
		t.Fatal(err)
	}
	// Contact 1 reports to contact 0. Here contact 1 gets a phone number; on
	// the sender's computer the line was turned round (contact 0 now reports
	// to contact 1). Contact 0 is newer in the bundle and taken, contact 1
	// changed on both sides and ours is kept. Each side alone is sound;
	// merged, the two would report to each other.
	c1 := data[0].Contacts[1]
	c1.Phone = "+86 10 1234 5678"
	if err := dst.UpdateContact(&c1); err != nil {
		t.Fatal(err)
	}
	c0 := &data[0].Contacts[0]
	c0.ReportsTo, c0.Version, c0.UpdatedAt = c1.ID, c0.Version+1, t0.AddDate(1, 0, 0)
	b1 := &data[0].Contacts[1]
	b1.ReportsTo, b1.Version, b1.UpdatedAt = "", c1.Version, t0.AddDate(1, 0, 0)
	data[0].Visits[0].Summary, data[0].Visits[0].Version = "changed", data[0].Visits[0].Version+1
	data[0].Visits[0].UpdatedAt = t0.AddDate(1, 0, 0)
	before := loadAll(t, dst)

	if _, err := dst.PlanImport(data); err != nil {
		t.Fatalf("the preview failed: %v", err)
	}
	_, err := dst.Import(data)
	if accounts.ErrorCode(err) != accounts.EINVALID || !strings.Contains(say(err), "merging the two would leave it invalid") {
		t.Fatalf("got %v", err)
	}
	sameData(t, loadAll(t, dst), before)
}

// BenchmarkImport500 imports a departing owner's 500 accounts (15 contacts
// and 100 visits each) into an empty database, then again (all skipped).
func BenchmarkImport500(b *testing.B) {
	src := importStore(b, "source", t0)
	data := portfolioOf(b, src, 500, 15, 100)
	b.Run("into-empty", func(b *testing.B) { importIntoEmpty(b, data) })
	b.Run("again", func(b *testing.B) {
		dst := importStore(b, "successor", t0)
		if _, err := dst.Import(data); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := dst.Import(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// importIntoEmpty times importing data into a new empty file per run.
func importIntoEmpty(b *testing.B, data []accounts.AccountData) {
	for b.Loop() {
		b.StopTimer()
		dst := importStore(b, "successor", t0)
		b.StartTimer()
		if _, err := dst.Import(data); err != nil {
			b.Fatal(err)
		}
	}
}

// How an import into an empty file grows with the bundle: linear since the
// index entries are put in key order at the end (it was quadratic: 1.7 s
// for 250 accounts, 30 s for 1,000).
func BenchmarkImportGrowth(b *testing.B) {
	for _, n := range []int{250, 1000} {
		b.Run(fmt.Sprintf("%d", n), func(b *testing.B) {
			src := importStore(b, "source", t0)
			data := portfolioOf(b, src, n, 15, 100)
			importIntoEmpty(b, data)
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "µs/account")
		})
	}
}
