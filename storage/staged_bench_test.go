package storage

import (
	"fmt"
	"runtime"
	"testing"

	"keycard/accounts"
)

// generatedStream makes n accounts (contactsEach contacts, visitsEach
// visits) one at a time as a bundle's reader hands them over, keeping
// none, so that what a benchmark measures is the import's own memory.
func generatedStream(n, contactsEach, visitsEach int) AccountStream {
	return func(yield func(*accounts.AccountData) error) error {
		for i := range n {
			d := accounts.AccountData{Account: accounts.Account{Meta: accounts.Meta{ID: accounts.NewID(), Version: 1, CreatedAt: t0, UpdatedAt: t0},
				Name: fmt.Sprintf("Bundle %05d 客户", i), Owner: "Wang Fang", Tier: accounts.TierKey, Stage: accounts.StageMature,
				RenewalDate: accounts.NewDate(2027, 1, 1+i%28), CadenceDays: 30}}
			for j := range contactsEach {
				d.Contacts = append(d.Contacts, accounts.Contact{Meta: accounts.Meta{ID: accounts.NewID(), Version: 1, CreatedAt: t0, UpdatedAt: t0},
					AccountID: d.Account.ID, Name: fmt.Sprintf("Contact %d-%d", i, j), Influence: 1 + j%5, Status: accounts.StatusActive, Trust: accounts.TrustAcquainted})
			}
			for j := range visitsEach {
				at := t0.AddDate(0, 0, -7*j)
				d.Visits = append(d.Visits, accounts.Visit{Meta: accounts.Meta{ID: accounts.NewID(), Version: 1, CreatedAt: t0, UpdatedAt: t0},
					AccountID: d.Account.ID, At: at, Kind: accounts.KindOnSite, Summary: fmt.Sprintf("visit %d: pricing review with procurement", j),
					ContactIDs: []accounts.ID{d.Contacts[j%contactsEach].ID},
					NextSteps:  []accounts.NextStep{{Text: "send offer", Due: accounts.DateOf(at).AddDays(10)}}})
			}
			if err := yield(&d); err != nil {
				return err
			}
		}
		return nil
	}
}

// sampledPeak wraps a stream to sample the heap in use every 50 accounts
// (bbolt's pages and the batch waiting to be written included).
func sampledPeak(each AccountStream, peak *uint64) AccountStream {
	return func(yield func(*accounts.AccountData) error) error {
		k := 0
		return each(func(d *accounts.AccountData) error {
			if k++; k%50 == 0 {
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				*peak = max(*peak, ms.HeapInuse)
			}
			return yield(d)
		})
	}
}

// BenchmarkImportStaged imports bundles of 250, 1,000 and 2,500 accounts
// (15 contacts, 100 visits each: 2,500 accounts are 290,000 records)
// into an empty file, staged, and beside them the same in one
// transaction up to 1,000 accounts (2,500 take 1.8 GB that way). It
// reports the time per account, which stays flat when the import is
// linear, and the peak heap in use, which should not grow with the
// bundle.
func BenchmarkImportStaged(b *testing.B) {
	type way struct {
		name string
		max  int
		run  func(*Store, AccountStream) (ImportPlan, error)
	}
	ways := []way{
		{"staged", 2500, func(s *Store, each AccountStream) (ImportPlan, error) { return s.ImportStaged(each, ImportOptions{}) }},
		{"one-transaction", 1000, func(s *Store, each AccountStream) (ImportPlan, error) { return s.ImportStream(each, ImportOptions{}) }},
	}
	for _, w := range ways {
		for _, n := range []int{250, 1000, 2500} {
			if n > w.max {
				continue
			}
			b.Run(fmt.Sprintf("%s-%d", w.name, n), func(b *testing.B) {
				var peak uint64
				for b.Loop() {
					b.StopTimer()
					dst := importStore(b, "successor", t0)
					runtime.GC()
					b.StartTimer()
					p, err := w.run(dst, sampledPeak(generatedStream(n, 15, 100), &peak))
					if err != nil || p.Count(PlanAdded) != n*116 {
						b.Fatalf("%d added: %v", p.Count(PlanAdded), err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "µs/account")
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			})
		}
	}
}
