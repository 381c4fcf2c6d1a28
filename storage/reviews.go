package storage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
)

// The weekly card reviews are history, like the risk snapshots and the map
// changes: each says that someone checked an account's card at a moment,
// and nothing in "data" can rebuild it. They live in the bucket "reviews"
// under <accountID>\x00<at>\x00<seq> (the key layout of "changes"), so an
// account's reviews are one range scan, newest first read backwards, and
// "the reviews since" is a seek. They are deleted with the account and kept
// by PutAccountData and imports. On a linked database each new review goes
// up to the team server as a record of the kind "review" (review_replica.go,
// docs/sync.md).

// PutReview stores a new review of an existing account: the review gets an
// id, version 1 and the store's clock as CreatedAt/UpdatedAt, and At when
// it has none. An invalid review or an unknown account changes nothing; the
// caller's review is filled in only when the commit succeeded.
func (s *Store) PutReview(r *accounts.Review) error {
	n := *r
	n.Normalize()
	n.ID = ""
	if err := newID(&n.ID, notSaved("review")); err != nil {
		return err
	}
	now := s.now().UTC()
	if n.At.IsZero() {
		n.At = now
	}
	n.At = n.At.UTC()
	n.Version, n.CreatedAt, n.UpdatedAt = 1, now, now
	if err := n.Validate(); err != nil {
		return err
	}
	raw, err := json.Marshal(&n)
	if err != nil {
		return fmt.Errorf("encode review: %w", err)
	}
	err = s.update(func(t *txn) error {
		if err := t.requireAccount(n.AccountID); err != nil {
			return err
		}
		b, err := t.tx.CreateBucketIfNotExists(bktReviews)
		if err != nil {
			return err
		}
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		t.noteReview(&n)
		return b.Put(changeKey(n.AccountID, n.At, seq), raw)
	})
	if err != nil {
		return err
	}
	*r = n
	return nil
}

// Reviews returns the account's reviews, newest first.
func (s *Store) Reviews(accountID accounts.ID) ([]accounts.Review, error) {
	var out []accounts.Review
	err := s.view(func(t *txn) error {
		if err := t.requireAccount(accountID); err != nil {
			return err
		}
		b := t.b(bktReviews)
		if b == nil {
			return nil
		}
		pre := historyPrefix(accountID)
		c := b.Cursor()
		for k, v := lastBefore(c, afterHistory(accountID)); k != nil && bytes.HasPrefix(k, pre); k, v = c.Prev() {
			r, err := decodeReview(k, v)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// LatestReviews returns each reviewed account's newest review. It walks the
// bucket backwards and jumps over the older reviews of each account (one
// seek per account), so it decodes one review per account however long the
// history is.
func (s *Store) LatestReviews() (map[accounts.ID]accounts.Review, error) {
	out := map[accounts.ID]accounts.Review{}
	err := s.view(func(t *txn) error {
		b := t.b(bktReviews)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.Last(); k != nil; {
			r, err := decodeReview(k, v)
			if err != nil {
				return err
			}
			out[r.AccountID] = r
			// The account's oldest key is the first at or after its prefix;
			// the one before it is the newest review of the previous account.
			c.Seek(historyPrefix(r.AccountID))
			k, v = c.Prev()
		}
		return nil
	})
	return out, err
}

// EachReview calls fn with every review made at or after since, account by
// account, each account's oldest first. One pass over the bucket.
func (s *Store) EachReview(since time.Time, fn func(accounts.Review) error) error {
	return s.view(func(t *txn) error {
		b := t.b(bktReviews)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			r, err := decodeReview(k, v)
			if err != nil {
				return err
			}
			if r.At.Before(since) {
				return nil
			}
			return fn(r)
		})
	})
}

// lastBefore moves c to the last key before end (nil when there is none).
func lastBefore(c *bolt.Cursor, end []byte) ([]byte, []byte) {
	if k, _ := c.Seek(end); k == nil {
		return c.Last()
	}
	return c.Prev()
}

// afterHistory is the smallest key after every history key of the account.
func afterHistory(acct accounts.ID) []byte { return append([]byte(acct), 1) }

func decodeReview(k, v []byte) (accounts.Review, error) {
	var r accounts.Review
	if err := decodeRecord(v, &r); err != nil {
		return r, fmt.Errorf("decode review %q: %w", k, err)
	}
	return r, nil
}

// Activity is what happened to an account after a moment, as a review
// needs it: read from keys where it can be (visits, map changes), so a
// portfolio of 10,000 accounts costs a few seeks per account.
type Activity struct {
	// AccountUpdated is the profile card's UpdatedAt when it is after the
	// moment, else zero.
	AccountUpdated time.Time
	// OverdueReceivables is the account's overdue receivables (they are not
	// in the summary).
	OverdueReceivables accounts.Money
	// MapChanges counts the changes to the decision-maker map after the
	// moment; LatestMapChanges are the newest of them, newest first.
	MapChanges       int
	LatestMapChanges []accounts.MapChange
	// Visits counts the visits dated after the moment; LatestVisits are the
	// times of the newest, newest first.
	Visits       int
	LatestVisits []time.Time
	// Warnings are the warning signs created or changed after the moment,
	// newest change first (all of them: an account has few).
	Warnings []accounts.Warning
}

// accountFacts is the part of an account record Activity needs.
type accountFacts struct {
	UpdatedAt          time.Time      `json:"updated_at"`
	OverdueReceivables accounts.Money `json:"overdue_receivables"`
}

// ReviewActivity returns, for each account in since, what happened to it
// strictly after its moment, keeping at most keep of the newest map changes
// and visits. Accounts that are not here are left out.
// A large portfolio is read in two halves on two goroutines, each in its
// own read transaction (the seeks are independent and bbolt reads in
// parallel): 10,000 accounts took 129 ms on one.
func (s *Store) ReviewActivity(since map[accounts.ID]time.Time, keep int) (map[accounts.ID]Activity, error) {
	ids := make([]accounts.ID, 0, len(since))
	for id := range since {
		ids = append(ids, id)
	}
	slices.Sort(ids) // each half reads its part of the file in key order
	parts := [][]accounts.ID{ids}
	if len(ids) >= activitySplit {
		parts = [][]accounts.ID{ids[:len(ids)/2], ids[len(ids)/2:]}
	}
	found := make([]map[accounts.ID]Activity, len(parts))
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i, part := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			found[i], errs[i] = s.activities(part, since, keep)
		}()
	}
	wg.Wait()
	out := make(map[accounts.ID]Activity, len(since))
	for i := range parts {
		if errs[i] != nil {
			return nil, errs[i]
		}
		maps.Copy(out, found[i])
	}
	return out, nil
}

// activitySplit is the portfolio size from which ReviewActivity reads on
// two goroutines.
const activitySplit = 2000

func (s *Store) activities(ids []accounts.ID, since map[accounts.ID]time.Time, keep int) (map[accounts.ID]Activity, error) {
	out := make(map[accounts.ID]Activity, len(ids))
	err := s.view(func(t *txn) error {
		for _, id := range ids {
			a, ok, err := t.activity(id, since[id].UTC(), keep)
			if err != nil {
				return err
			}
			if ok {
				out[id] = a
			}
		}
		return nil
	})
	return out, err
}

func (t *txn) activity(id accounts.ID, since time.Time, keep int) (Activity, bool, error) {
	var a Activity
	raw := t.b(bktData).Get(accountKey(id))
	if raw == nil {
		return a, false, nil
	}
	var f accountFacts
	if err := json.Unmarshal(raw, &f); err != nil {
		return a, false, fmt.Errorf("decode account %s: %w", id, err)
	}
	a.OverdueReceivables = f.OverdueReceivables
	if f.UpdatedAt.After(since) {
		a.AccountUpdated = f.UpdatedAt
	}
	if err := t.mapChangesAfter(id, since, keep, &a); err != nil {
		return a, false, err
	}
	t.visitsAfter(id, since, keep, &a)
	return a, true, t.warningsAfter(id, since, &a)
}

// mapChangesAfter counts the map changes after since, newest first.
func (t *txn) mapChangesAfter(id accounts.ID, since time.Time, keep int, a *Activity) error {
	b := t.b(bktChanges)
	if b == nil {
		return nil
	}
	from := append(historyPrefix(id), visitTime(since)...)
	from = append(from, 1) // after every change at since itself
	c := b.Cursor()
	for k, v := lastBefore(c, afterHistory(id)); k != nil && bytes.Compare(k, from) >= 0; k, v = c.Prev() {
		a.MapChanges++
		if len(a.LatestMapChanges) < keep {
			var m accounts.MapChange
			if err := decodeRecord(v, &m); err != nil {
				return fmt.Errorf("decode map change %q: %w", k, err)
			}
			a.LatestMapChanges = append(a.LatestMapChanges, m)
		}
	}
	return nil
}

// visitsAfter counts the visits dated after since from their keys alone.
func (t *txn) visitsAfter(id accounts.ID, since time.Time, keep int, a *Activity) {
	pre := []byte(string(id) + "/v/")
	from := append(append(append([]byte(nil), pre...), visitTime(since)...), 0xff)
	c := t.b(bktData).Cursor()
	for k, _ := lastBefore(c, afterPrefix(pre)); k != nil && bytes.HasPrefix(k, pre) && bytes.Compare(k, from) >= 0; k, _ = c.Prev() {
		a.Visits++
		if len(a.LatestVisits) < keep {
			at, err := time.Parse(visitTimeLayout, string(k[len(pre):len(pre)+len(visitTimeLayout)]))
			if err == nil {
				a.LatestVisits = append(a.LatestVisits, at)
			}
		}
	}
}

// warningsAfter lists the warning signs created or changed after since.
func (t *txn) warningsAfter(id accounts.ID, since time.Time, a *Activity) error {
	pre := []byte(string(id) + "/w/")
	c := t.b(bktData).Cursor()
	for k, v := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, v = c.Next() {
		var w accounts.Warning
		if err := decodeRecord(v, &w); err != nil {
			return fmt.Errorf("decode %s: %w", k, err)
		}
		if w.UpdatedAt.After(since) {
			a.Warnings = append(a.Warnings, w)
		}
	}
	slices.SortFunc(a.Warnings, func(x, y accounts.Warning) int { return y.UpdatedAt.Compare(x.UpdatedAt) })
	return nil
}

// OpenStepsDueBefore counts, per account, the open next steps due before
// the day (overdue on that day), from the keys of idx_due alone: no visit
// is decoded.
func (s *Store) OpenStepsDueBefore(day accounts.Date) (map[accounts.ID]int, error) {
	out := map[accounts.ID]int{}
	end := []byte(day.String())
	err := s.view(func(t *txn) error {
		c := t.b(bktDue).Cursor()
		for k, v := c.First(); k != nil && bytes.Compare(k, end) < 0; k, v = c.Next() {
			out[accounts.ID(v)]++
		}
		return nil
	})
	return out, err
}
