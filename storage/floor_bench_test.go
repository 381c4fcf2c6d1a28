package storage

import (
	"bytes"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
)

// Floors: the bare bbolt operation that reads or writes the same data as a
// Keycard figure, measured in the same run on the same file. A benchmark
// named XFloor (or XFloorSomething) is the floor of X; scripts/bench-big.sh
// prints each pair and their ratio.

// rawScan walks a bucket with a cursor, touching every key and value.
func rawScan(b *testing.B, s *Store, bucket []byte, pre []byte) int {
	b.Helper()
	n := 0
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucket).Cursor()
		k, v := c.First()
		if pre != nil {
			k, v = c.Seek(pre)
		}
		for ; k != nil && bytes.HasPrefix(k, pre); k, v = c.Next() {
			n += len(v)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// BenchmarkSummariesFloor: a cursor over the summaries (the portfolio list).
func BenchmarkSummariesFloor(b *testing.B) {
	s := openLarge(b, true)
	for b.Loop() {
		rawScan(b, s, bktSummary, nil)
	}
}

// BenchmarkLoadAccountFloor: the range scan of the largest account's keys.
func BenchmarkLoadAccountFloor(b *testing.B) {
	s := openLarge(b, true)
	a, err := s.FindAccount(bigName)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		rawScan(b, s, bktData, accountPrefix(a.ID))
	}
}

// BenchmarkEachRiskInputAndScoreFloor: a cursor over every record.
func BenchmarkEachRiskInputAndScoreFloor(b *testing.B) {
	s := openLarge(b, true)
	for b.Loop() {
		rawScan(b, s, bktData, nil)
	}
}

// BenchmarkCheckFloor: bbolt's own check of the file.
func BenchmarkCheckFloor(b *testing.B) {
	s := openLarge(b, true)
	for b.Loop() {
		err := s.db.View(func(tx *bolt.Tx) error {
			for err := range tx.Check() {
				return err
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateVisitFloor: one fsync'd bbolt update putting a value of a
// visit's size among the largest account's visits (its record, no index),
// after a warm-up commit as in BenchmarkCreateVisit.
func BenchmarkCreateVisitFloor(b *testing.B) {
	s := openLarge(b, false)
	a, err := s.FindAccount(bigName)
	if err != nil {
		b.Fatal(err)
	}
	val := bytes.Repeat([]byte("x"), 600)
	key := visitKey(a.ID, time.Now(), "bench-floor")
	put := func() {
		err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bktData).Put(key, val) })
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Cleanup(func() { s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bktData).Delete(key) }) })
	put()
	for b.Loop() {
		put()
	}
}

// BenchmarkCreateVisitFloorSameTrees: the pages a visit with a next step
// writes, put bare in one fsync'd update: its record, its fact, its id, its
// open step in idx_open and idx_due, and the account's summary row put back
// as it is. CreateVisitFloor is what the issue names the floor (one put in
// one tree); this one tells Keycard's own work (encoding, the summary
// recomputed, the checks) from what bbolt costs to change six trees: each
// tree is its own path of pages from root to leaf, copied and written at
// every commit, whoever writes it.
func BenchmarkCreateVisitFloorSameTrees(b *testing.B) {
	s := openLarge(b, false)
	a, err := s.FindAccount(bigName)
	if err != nil {
		b.Fatal(err)
	}
	var sumKey, sumRow []byte
	s.db.View(func(tx *bolt.Tx) error {
		sumKey = bytes.Clone(summaryAt(tx, a.ID))
		sumRow = bytes.Clone(tx.Bucket(bktSummary).Get(sumKey))
		return nil
	})
	if sumRow == nil {
		b.Fatal("the big account has no summary row")
	}
	record, fact := bytes.Repeat([]byte("x"), 600), bytes.Repeat([]byte("f"), 120)
	id, step := accounts.ID("bench-floor-visit"), accounts.ID("bench-floor-step")
	key := visitKey(a.ID, time.Now(), id)
	due := accounts.DateOf(time.Now()).AddDays(7)
	puts := []struct{ bucket, key, value []byte }{
		{bktData, key, record},
		{bktFacts, key, fact},
		{bktIDs, []byte(id), key},
		{bktOpen, openKey(a.ID, due, id, step), nil},
		{bktDue, dueKey(due, id, step), []byte(a.ID)},
		{bktSummary, sumKey, sumRow},
	}
	put := func() {
		err := s.db.Update(func(tx *bolt.Tx) error {
			for _, p := range puts {
				if err := tx.Bucket(p.bucket).Put(p.key, p.value); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Cleanup(func() {
		s.db.Update(func(tx *bolt.Tx) error {
			for _, p := range puts[:5] {
				tx.Bucket(p.bucket).Delete(p.key)
			}
			return nil
		})
	})
	put()
	for b.Loop() {
		put()
	}
}

// BenchmarkFollowUpsAndBirthdays is what Today reads from the store beyond
// the summaries: the follow-ups due within a week (the 40 it shows of each
// side of today, and the counts) and the birthdays of the next 14 days.
func BenchmarkFollowUpsAndBirthdays(b *testing.B) {
	s := openLarge(b, true)
	today := accounts.DateOf(largeNow)
	for b.Loop() {
		if _, err := s.FollowUpsDue(today, today.AddDays(7), 40); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Birthdays(today, 14); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFollowUpsAndBirthdaysFloor: the cursor over the due-date index
// up to the same day.
func BenchmarkFollowUpsAndBirthdaysFloor(b *testing.B) {
	s := openLarge(b, true)
	end := []byte(accounts.DateOf(largeNow).AddDays(7).String() + "\xff")
	for b.Loop() {
		s.db.View(func(tx *bolt.Tx) error {
			c := tx.Bucket(bktDue).Cursor()
			for k, _ := c.First(); k != nil && bytes.Compare(k, end) < 0; k, _ = c.Next() {
			}
			return nil
		})
	}
}
