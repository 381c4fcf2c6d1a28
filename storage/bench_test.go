package storage

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"keycard/accounts"
)

// The large data set of the performance budgets: 10,000 accounts, 150,000
// contacts and 1,000,000 visits, one account having 200 contacts and 2,000
// visits. It is built once into the temp folder and reused; change
// largeVersion when the generator or the layout changes.
//
// KEYCARD_BENCH_SCALE=0.1 builds and measures a tenth of it (1,000
// accounts, 15,000 contacts, 100,000 visits; the big account stays whole)
// into a file of its own, to tell what grows with the portfolio from what
// grows only with the data a view shows.
const (
	largeVersion = "v8-no-idx-visits"
	bigName      = "Benchmark Big Account"
)

var (
	largeScale    = benchScale()
	largeAccounts = int(10_000 * largeScale)
	largeContacts = int(150_000 * largeScale)
	largeVisits   = int(1_000_000 * largeScale)
)

// benchScale is KEYCARD_BENCH_SCALE, 1 when unset or not a fraction in (0, 1].
func benchScale() float64 {
	f, err := strconv.ParseFloat(os.Getenv("KEYCARD_BENCH_SCALE"), 64)
	if err != nil || f <= 0 || f > 1 {
		return 1
	}
	return f
}

var largeNow = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

var (
	largeOnce sync.Once
	largePath string
	largeErr  error
)

func largeDB(b *testing.B) string {
	b.Helper()
	largeOnce.Do(func() {
		name := "keycard-bench-" + largeVersion
		if largeScale != 1 {
			name += fmt.Sprintf("-x%g", largeScale)
		}
		largePath = filepath.Join(os.TempDir(), name+".db")
		if _, err := os.Stat(largePath); err == nil {
			return
		}
		start := time.Now()
		tmp := largePath + ".building"
		os.Remove(tmp)
		largeErr = buildLarge(tmp)
		if largeErr == nil {
			largeErr = os.Rename(tmp, largePath)
		}
		fi, _ := os.Stat(largePath)
		if fi != nil {
			fmt.Fprintf(os.Stderr, "built %s in %v, %d MiB\n", largePath, time.Since(start).Round(time.Second), fi.Size()>>20)
		}
	})
	if largeErr != nil {
		b.Fatal(largeErr)
	}
	return largePath
}

func buildLarge(path string) error {
	s, err := Open(path, Options{NoSync: true, Now: func() time.Time { return largeNow }})
	if err != nil {
		return err
	}
	defer s.Close()
	r := rand.New(rand.NewPCG(42, 1))
	restC, restV := largeContacts-200, largeVisits-2000
	var batch []accounts.AccountData
	for i := 0; i < largeAccounts; i++ {
		nc, nv := 200, 2000
		if i > 0 {
			k := largeAccounts - 1
			nc, nv = restC/k, restV/k
			if i <= restC%k {
				nc++
			}
			if i <= restV%k {
				nv++
			}
		}
		batch = append(batch, genAccount(r, i, nc, nv))
		if len(batch) == 100 {
			if err := s.PutAccountData(batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if len(batch) > 0 {
		if err := s.PutAccountData(batch); err != nil {
			return err
		}
	}
	return saveYesterday(s)
}

// saveYesterday saves every account's risk snapshot of the day before
// largeNow, as a book used the day before has them: what a start shows
// before the day's first scan.
func saveYesterday(s *Store) error {
	day := accounts.DateOf(largeNow)
	var scores []accounts.RiskScore
	err := s.EachRiskInput(func(in accounts.RiskInput) error {
		scores = append(scores, accounts.ScoreRisk(in, day))
		return nil
	})
	if err != nil {
		return err
	}
	return s.SaveRiskSnapshots(day.AddDays(-1), scores)
}

var (
	genOwners = []string{"Li Wei", "Wang Fang", "Zhang Min", "Chen Jie", "Liu Yang", "Anna Schmidt", "Tom Baker", "Maria Rossi"}
	genTiers  = accounts.Tiers()
	genStages = accounts.Stages()
	genKinds  = accounts.VisitKinds()
	genRoles  = accounts.BuyingRoles()
	genAtt    = accounts.Attitudes()
)

func genAccount(r *rand.Rand, i, nc, nv int) accounts.AccountData {
	created := largeNow.AddDate(-3, 0, 0)
	name := fmt.Sprintf("Account %05d %s", i, []string{"Industrial", "医疗器械", "Logistics", "能源集团", "Retail"}[i%5])
	if i == 0 {
		name = bigName
	}
	a := accounts.Account{
		Meta:  accounts.Meta{ID: accounts.IDAt(created, r), Version: 1, CreatedAt: created, UpdatedAt: created},
		Name:  name,
		Owner: genOwners[r.IntN(len(genOwners))], Tier: genTiers[r.IntN(len(genTiers))], Stage: genStages[r.IntN(len(genStages))],
		Industry: "Manufacturing", Region: "East China", CadenceDays: 30,
		Revenue:     []accounts.RevenueEntry{{Period: "2025", Amount: accounts.Money{Minor: r.Int64N(1e9)}}},
		RenewalDate: accounts.DateOf(largeNow).AddDays(r.IntN(700) - 100),
	}
	d := accounts.AccountData{Account: a}
	for j := 0; j < nc; j++ {
		c := accounts.Contact{
			Meta:      accounts.Meta{ID: accounts.IDAt(created, r), Version: 1, CreatedAt: created, UpdatedAt: created},
			AccountID: a.ID, Name: fmt.Sprintf("Contact %d-%d", i, j), Title: "Manager",
			Role: genRoles[r.IntN(len(genRoles))], Influence: 1 + r.IntN(5), Attitude: genAtt[r.IntN(len(genAtt))],
			Status: accounts.StatusActive, Trust: accounts.TrustProfessional,
		}
		if j > 0 {
			c.ReportsTo = d.Contacts[r.IntN(j)].ID
		}
		d.Contacts = append(d.Contacts, c)
	}
	for j := 0; j < nv; j++ {
		at := largeNow.Add(-time.Duration(r.Int64N(int64(3 * 365 * 24 * time.Hour)))).Truncate(time.Minute)
		v := accounts.Visit{
			Meta:      accounts.Meta{ID: accounts.IDAt(at, r), Version: 1, CreatedAt: at, UpdatedAt: at},
			AccountID: a.ID, At: at, Kind: genKinds[r.IntN(len(genKinds))],
			Objective: "Review the quarterly orders and the service plan",
			Summary:   "Discussed delivery times, the new product line and next year's budget; they asked for a proposal.",
			Outcome:   accounts.OutcomePositive,
			OurPeople: []string{a.Owner},
		}
		if nc > 0 {
			v.ContactIDs = []accounts.ID{d.Contacts[r.IntN(nc)].ID}
		}
		if r.IntN(3) == 0 {
			due := accounts.DateOf(at).AddDays(14)
			v.NextSteps = []accounts.NextStep{{ID: accounts.IDAt(at, r), Text: "Send the proposal", Owner: a.Owner, Due: due,
				Done: due.Before(accounts.DateOf(largeNow).AddDays(-30))}}
			if v.NextSteps[0].Done {
				v.NextSteps[0].DoneOn = due
			}
		}
		d.Visits = append(d.Visits, v)
	}
	return d
}

// reportCPU adds the CPU milliseconds per operation to a benchmark's result;
// call it with the CPU time taken just before the loop.
func reportCPU(b *testing.B, start time.Duration) {
	if b.N > 0 && start > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
	}
}

func openLarge(b *testing.B, ro bool) *Store {
	b.Helper()
	s, err := Open(largeDB(b), Options{ReadOnly: ro})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

func BenchmarkOpen(b *testing.B) {
	path := largeDB(b)
	cpu := cpuTime()
	for b.Loop() {
		s, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	reportCPU(b, cpu)
}

// BenchmarkSummaries reads the summaries as the portfolio list does after
// the first read of a session (SummariesCold measures that one): from the
// store's memory. The warm-up read is outside the timing, so a run of five
// does not report a fifth of a cold read.
func BenchmarkSummaries(b *testing.B) {
	s := openLarge(b, true)
	if _, err := s.Summaries(); err != nil {
		b.Fatal(err)
	}
	cpu := cpuTime()
	for b.Loop() {
		sums, err := s.Summaries()
		if err != nil || len(sums) != largeAccounts {
			b.Fatal(len(sums), err)
		}
	}
	reportCPU(b, cpu)
}

func BenchmarkLoadAccount(b *testing.B) {
	s := openLarge(b, true)
	a, err := s.FindAccount(bigName)
	if err != nil {
		b.Fatal(err)
	}
	cpu := cpuTime()
	for b.Loop() {
		d, err := s.LoadAccount(a.ID)
		// CreateVisit's benchmark adds and removes visits; an interrupted
		// run may leave a few.
		if err != nil || len(d.Contacts) != 200 || len(d.Visits) < 2000 {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}

func BenchmarkCreateVisit(b *testing.B) {
	s := openLarge(b, false)
	a, err := s.FindAccount(bigName)
	if err != nil {
		b.Fatal(err)
	}
	var made []accounts.ID
	b.Cleanup(func() {
		for _, id := range made {
			s.DeleteVisit(id)
		}
	})
	write := func() {
		v := accounts.Visit{AccountID: a.ID, At: time.Now().UTC(), Kind: accounts.KindCall, Summary: "Benchmark call",
			NextSteps: []accounts.NextStep{{Text: "Call back", Due: accounts.DateOf(time.Now()).AddDays(7)}}}
		if err := s.CreateVisit(&v); err != nil {
			b.Fatal(err)
		}
		made = append(made, v.ID)
	}
	// The file was built without fsync: the first commit flushes what the
	// build left in the page cache, which is not the cost of a visit.
	write()
	cpu := cpuTime()
	for b.Loop() {
		write()
	}
	reportCPU(b, cpu)
}

// BenchmarkUpdateVisitNotes edits the notes of a visit of the largest
// account, with fsync: the most common edit, which changes no index entry
// and no figure of the list.
func BenchmarkUpdateVisitNotes(b *testing.B) {
	s := openLarge(b, false)
	a, err := s.FindAccount(bigName)
	if err != nil {
		b.Fatal(err)
	}
	v := accounts.Visit{AccountID: a.ID, At: largeNow.Add(-time.Hour), Kind: accounts.KindCall, Summary: "Benchmark call",
		NextSteps: []accounts.NextStep{{Text: "Call back", Due: accounts.DateOf(largeNow).AddDays(7)}}}
	if err := s.CreateVisit(&v); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.DeleteVisit(v.ID) })
	cpu := cpuTime()
	i := 0
	for b.Loop() {
		i++
		v.Summary = fmt.Sprintf("Edited %d times", i)
		if err := s.UpdateVisit(&v); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}

func BenchmarkCheck(b *testing.B) {
	s := openLarge(b, true)
	cpu := cpuTime()
	for b.Loop() {
		if err := s.Check(); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}

// BenchmarkSummariesCold reads the summaries from the file each time, as
// the first read after the start does (the store keeps them in memory
// from then on).
func BenchmarkSummariesCold(b *testing.B) {
	s := openLarge(b, true)
	cpu := cpuTime()
	for b.Loop() {
		s.sums.reset()
		sums, err := s.Summaries()
		if err != nil || len(sums) != largeAccounts {
			b.Fatal(len(sums), err)
		}
	}
	reportCPU(b, cpu)
}
