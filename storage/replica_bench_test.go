package storage

import (
	"encoding/json"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
)

// A rep's first sync: 200 accounts, 3,000 contacts and 20,000 visits come
// down in pages of 2,000 records (accounts first, as the server sends
// them), each page one ApplyIncoming. BenchmarkApplyFirstSyncRawBolt puts
// the same bytes under the same number of keys with bbolt alone, one
// transaction per page: the floor no bookkeeping can beat.
const (
	syncAccounts = 200
	syncContacts = 15  // per account
	syncVisits   = 100 // per account
	syncPage     = 2000
)

func firstSyncPages(b *testing.B) [][]Incoming {
	b.Helper()
	r := rand.New(rand.NewPCG(7, 11))
	var accts, children []Incoming
	rev := int64(0)
	add := func(to *[]Incoming, kind Kind, id, acct string, v any) {
		raw, err := json.Marshal(v)
		if err != nil {
			b.Fatal(err)
		}
		rev++
		*to = append(*to, Incoming{Ref: Ref{Kind: kind, ID: accounts.ID(id)}, Account: accounts.ID(acct), Rev: rev, Body: raw})
	}
	for i := 0; i < syncAccounts; i++ {
		d := genAccount(r, i+1, syncContacts, syncVisits)
		add(&accts, KindAccount, string(d.Account.ID), string(d.Account.ID), &d.Account)
		for j := range d.Contacts {
			add(&children, KindContact, string(d.Contacts[j].ID), string(d.Account.ID), &d.Contacts[j])
		}
		for j := range d.Visits {
			add(&children, KindVisit, string(d.Visits[j].ID), string(d.Account.ID), &d.Visits[j])
		}
	}
	all := append(accts, children...)
	var pages [][]Incoming
	for len(all) > 0 {
		n := min(syncPage, len(all))
		pages = append(pages, all[:n])
		all = all[n:]
	}
	return pages
}

func BenchmarkApplyFirstSync(b *testing.B) {
	pages := firstSyncPages(b)
	defer func(strict bool) { strictJSON = strict }(strictJSON)
	strictJSON = false // as the app reads
	var pageTimes []time.Duration
	for b.Loop() {
		b.StopTimer()
		s, err := Open(filepath.Join(b.TempDir(), "sync.db"), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Link(testLink, nil); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for i, p := range pages {
			start := time.Now()
			l := testLink
			l.Cursor = string(rune('a' + i))
			res, err := s.ApplyIncoming(p, nil, fakeMerge, &l)
			if err != nil || res.Skipped != 0 {
				b.Fatal(res, err)
			}
			pageTimes = append(pageTimes, time.Since(start))
		}
		b.StopTimer()
		if st, _ := s.Stats(); st.Accounts != syncAccounts || st.Visits != syncAccounts*syncVisits {
			b.Fatalf("%+v", st)
		}
		s.Close()
		b.StartTimer()
	}
	var worst time.Duration
	for _, d := range pageTimes {
		worst = max(worst, d)
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "worst-page-ms")
	b.ReportMetric(float64(len(pages)), "pages")
}

func BenchmarkApplyFirstSyncRawBolt(b *testing.B) {
	pages := firstSyncPages(b)
	for b.Loop() {
		b.StopTimer()
		db, err := bolt.Open(filepath.Join(b.TempDir(), "raw.db"), 0o600, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for _, p := range pages {
			err := db.Update(func(tx *bolt.Tx) error {
				bk, err := tx.CreateBucketIfNotExists([]byte("data"))
				if err != nil {
					return err
				}
				for i := range p {
					if err := bk.Put([]byte(outKey(p[i].Ref)), p[i].Body); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
}

// BenchmarkOutboxAfterLink reads the first batch of 500 records to push
// right after linking a database of 200 accounts (23,200 records waiting).
func BenchmarkOutboxAfterLink(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "link.db"), Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	r := rand.New(rand.NewPCG(7, 11))
	for i := 0; i < syncAccounts; i++ {
		if err := s.PutAccountData([]accounts.AccountData{genAccount(r, i+1, syncContacts, syncVisits)}); err != nil {
			b.Fatal(err)
		}
	}
	res, err := s.Link(testLink, nil)
	if err != nil || res.Queued != syncAccounts*(1+syncContacts+syncVisits) {
		b.Fatal(res, err)
	}
	defer func(strict bool) { strictJSON = strict }(strictJSON)
	strictJSON = false // as the app reads
	for b.Loop() {
		out, err := s.Outbox(500)
		if err != nil || len(out) != 500 {
			b.Fatal(len(out), err)
		}
	}
}

// BenchmarkCreateVisitLinked is one visit written with its fsync, on a
// database that is not linked and on one that is (the outbox entry is
// part of the same transaction).
func BenchmarkCreateVisitLinked(b *testing.B) {
	for _, linked := range []bool{false, true} {
		name := map[bool]string{false: "unlinked", true: "linked"}[linked]
		b.Run(name, func(b *testing.B) {
			s, err := Open(filepath.Join(b.TempDir(), "v.db"), Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			r := rand.New(rand.NewPCG(7, 11))
			d := genAccount(r, 1, syncContacts, syncVisits)
			if err := s.PutAccountData([]accounts.AccountData{d}); err != nil {
				b.Fatal(err)
			}
			if linked {
				if _, err := s.Link(testLink, nil); err != nil {
					b.Fatal(err)
				}
			}
			at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			for b.Loop() {
				at = at.Add(time.Minute)
				v := accounts.Visit{AccountID: d.Account.ID, At: at, Kind: accounts.KindCall, Summary: "call"}
				if err := s.CreateVisit(&v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
