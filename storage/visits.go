package storage

import (
	"bytes"
	"cmp"
	"slices"

	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
)

func (s *Store) createVisit(v *accounts.Visit) error {
	n := *v
	n.NextSteps = append([]accounts.NextStep(nil), v.NextSteps...)
	n.Normalize()
	if err := newID(&n.ID, notSaved("visit")); err != nil {
		return err
	}
	if err := n.Validate(); err != nil {
		return err
	}
	err := s.update(func(t *txn) error {
		if err := t.claimNewID(n.AccountID, n.ID, notSaved("visit")); err != nil {
			return err
		}
		n.Version, n.CreatedAt, n.UpdatedAt = 1, t.now, t.now
		return t.writeVisit(nil, nil, &n)
	})
	if err == nil {
		*v = n
	}
	return err
}

// writeVisit replaces old (stored under oldKey; nil when new) by n, moving
// the record when its time changed, with its index entries and the
// account's summary.
func (t *txn) writeVisit(old *accounts.Visit, oldKey []byte, n *accounts.Visit) error {
	key := visitKey(n.AccountID, n.At, n.ID)
	if old != nil && !bytes.Equal(oldKey, key) {
		if err := t.delData(oldKey); err != nil {
			return err
		}
	}
	if err := t.putJSON(key, n); err != nil {
		return err
	}
	if err := t.reindexVisit(old, oldKey, n, key); err != nil {
		return err
	}
	return t.visitSummary(n.AccountID, old, n)
}

// reindexVisit moves a visit's index entries from old's (nil: none) to
// n's, leaving alone the entries both have: every tree a
// write touches is a path of pages copied and written at commit, so an
// edit of a visit's notes, which keeps its key and its steps, writes no
// index page.
func (t *txn) reindexVisit(old *accounts.Visit, oldKey []byte, n *accounts.Visit, key []byte) error {
	var before, after []indexEntry
	collect := func(into *[]indexEntry) emit {
		return func(bucket, key, value []byte) error {
			*into = append(*into, indexEntry{bucket, key, value})
			return nil
		}
	}
	if old != nil {
		if err := indexVisit(old, oldKey, collect(&before)); err != nil {
			return err
		}
	}
	if err := indexVisit(n, key, collect(&after)); err != nil {
		return err
	}
	for _, e := range before {
		if !slices.ContainsFunc(after, e.same) {
			if err := t.del(e.bucket, e.key, nil); err != nil {
				return err
			}
		}
	}
	for _, e := range after {
		if !slices.ContainsFunc(before, e.same) {
			if err := t.put(e.bucket, e.key, e.value); err != nil {
				return err
			}
		}
	}
	return nil
}

// indexEntry is one index entry a record calls for.
type indexEntry struct{ bucket, key, value []byte }

func (e indexEntry) same(o indexEntry) bool {
	return bytes.Equal(e.bucket, o.bucket) && bytes.Equal(e.key, o.key) && bytes.Equal(e.value, o.value)
}

// visitSummary brings the account's summary up to date after one of its
// visits changed from old to n (either nil: created, deleted). Only the
// fields visits make can have changed, so they are worked out from the
// stored summary, the newest visit's facts and the first open step,
// instead of decoding the account's record and counting all its open
// steps (a fifth of a visit's write on the largest account); the row is
// written only when one of them changed (putSummaryRow). A bulk write,
// whose index entries wait for the end of the transaction, recomputes
// the summary.
func (t *txn) visitSummary(acct accounts.ID, old, n *accounts.Visit) error {
	if t.later != nil {
		return t.refreshSummary(acct)
	}
	s, ok, err := t.summary(acct)
	if err != nil || !ok {
		return t.refreshSummary(acct)
	}
	s.OpenFollowUps += openSteps(n) - openSteps(old)
	if s.OpenFollowUps < 0 { // a row out of step with the index: start again
		return t.refreshSummary(acct)
	}
	if s.LastVisit, err = t.lastVisit(acct); err != nil {
		return err
	}
	s.NextFollowUp = t.nextFollowUp(acct)
	return t.putSummary(&s)
}

// openSteps counts v's open next steps (v nil: none).
func openSteps(v *accounts.Visit) int {
	n := 0
	if v != nil {
		for _, st := range v.NextSteps {
			if !st.Done {
				n++
			}
		}
	}
	return n
}

func (t *txn) storedVisit(id accounts.ID) (*accounts.Visit, []byte, error) {
	key, ok := t.lookup(id, kindVisit)
	if !ok {
		return nil, nil, notFound("visit", id)
	}
	var v accounts.Visit
	if _, err := t.get(key, &v); err != nil {
		return nil, nil, err
	}
	return &v, key, nil
}

func (s *Store) updateVisit(v *accounts.Visit) error {
	n := *v
	n.NextSteps = append([]accounts.NextStep(nil), v.NextSteps...)
	n.Normalize()
	if err := n.Validate(); err != nil {
		return err
	}
	err := s.update(func(t *txn) error {
		old, key, err := t.storedVisit(n.ID)
		if err != nil {
			return err
		}
		if old.Version != n.Version {
			return conflict("visit", old.Version, n.Version)
		}
		if old.AccountID != n.AccountID {
			return invalid("storage.visit.no_move")
		}
		n.Version, n.CreatedAt, n.UpdatedAt = old.Version+1, old.CreatedAt, t.now
		return t.writeVisit(old, key, &n)
	})
	if err == nil {
		*v = n
	}
	return err
}

func (s *Store) deleteVisit(id accounts.ID) error {
	return s.update(func(t *txn) error {
		old, key, err := t.storedVisit(id)
		if err != nil {
			return err
		}
		if err := indexVisit(old, key, t.del); err != nil {
			return err
		}
		if err := t.delData(key); err != nil {
			return err
		}
		return t.visitSummary(old.AccountID, old, nil)
	})
}

func (s *Store) visits(acct accounts.ID) ([]accounts.Visit, error) {
	out, err := listOf[accounts.Visit](s, acct, kindVisit)
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, err
}

// recentVisits returns the portfolio's n newest visits (planned ones
// included), newest first, in their keys' order: time, then id. The
// summaries (in memory) give each account's last visit date, so only the
// accounts whose visits could be among the n are looked at, newest first,
// each from its newest visit back: a dozen range scans, where schema 4
// kept a million keys in idx_visits for this.
func (s *Store) recentVisits(n int) ([]accounts.Visit, error) {
	if n <= 0 {
		return nil, nil
	}
	sums, err := s.summaries()
	if err != nil {
		return nil, err
	}
	order := make([]lastVisitOf, 0, len(sums))
	for i := range sums {
		if !sums[i].LastVisit.IsZero() {
			order = append(order, lastVisitOf{dateNum(sums[i].LastVisit), sums[i].ID})
		}
	}
	slices.SortFunc(order, func(a, b lastVisitOf) int { return cmp.Compare(b.last, a.last) })
	var out []accounts.Visit
	err = s.view(func(t *txn) error {
		newest := newestVisits(t.b(bktData), order, n)
		for _, key := range newest {
			var v accounts.Visit
			ok, err := t.get(key, &v)
			if err != nil {
				return err
			}
			if ok {
				out = append(out, v)
			}
		}
		return nil
	})
	return out, err
}

// lastVisitOf is an account with its last visit's date (dateNum).
type lastVisitOf struct {
	last int32
	id   accounts.ID
}

// newestVisits returns the data keys of the n newest visits of the
// accounts in order (last visit first), newest first. A visit's date is
// in its own time zone, its key's time in UTC: an account whose last
// visit is on day D has none after D+2 at 00:00 UTC, so once the n found
// are all later than that, no account further down can add one.
func newestVisits(data *bolt.Bucket, order []lastVisitOf, n int) [][]byte {
	type found struct{ key, tail []byte } // tail: the key after the account's "/v/", time then id
	var best []found
	c := data.Cursor()
	for _, a := range order {
		bound := appendVisitTime(nil, numDate(a.last).AddDays(2).Time())
		if len(best) == n && bytes.Compare(best[n-1].tail, bound) >= 0 {
			break
		}
		pre := childKey(a.id, kindVisit, "")
		k, _ := c.Seek(afterPrefix(pre))
		if k == nil {
			k, _ = c.Last()
		} else {
			k, _ = c.Prev()
		}
		for ; k != nil && bytes.HasPrefix(k, pre); k, _ = c.Prev() {
			tail := k[len(pre):]
			if len(best) == n && bytes.Compare(tail, best[n-1].tail) <= 0 {
				break // this account's older visits come later than the n found
			}
			key := bytes.Clone(k)
			f := found{key, key[len(pre):]}
			i, _ := slices.BinarySearchFunc(best, f, func(x, y found) int { return bytes.Compare(y.tail, x.tail) })
			best = slices.Insert(best, i, f)
			if len(best) > n {
				best = best[:n]
			}
		}
	}
	keys := make([][]byte, len(best))
	for i := range best {
		keys[i] = best[i].key
	}
	return keys
}

func (s *Store) setStepDone(visitID, stepID accounts.ID, done bool, on accounts.Date) error {
	return s.update(func(t *txn) error {
		old, key, err := t.storedVisit(visitID)
		if err != nil {
			return err
		}
		n := *old
		n.NextSteps = append([]accounts.NextStep(nil), old.NextSteps...)
		found := false
		for i := range n.NextSteps {
			st := &n.NextSteps[i]
			if st.ID != stepID {
				continue
			}
			found = true
			st.Done, st.DoneOn = done, accounts.Date{}
			if done {
				st.DoneOn = on
				if on.IsZero() {
					st.DoneOn = accounts.DateOf(t.now)
				}
			}
		}
		if !found {
			return accounts.Errorf(accounts.ENOTFOUND, "storage.visit.no_step", "Visit", visitID, "Step", stepID)
		}
		n.Version, n.UpdatedAt = old.Version+1, t.now
		return t.writeVisit(old, key, &n)
	})
}

func (s *Store) followUps(d accounts.Date) ([]FollowUp, error) {
	var out []FollowUp
	err := s.view(func(t *txn) error {
		r := followUpReader{t: t, sums: map[string]Summary{}}
		end := d.String()
		c := t.b(bktDue).Cursor()
		for k, acct := c.First(); k != nil; k, acct = c.Next() {
			due, _, _ := bytes.Cut(k, []byte{0})
			if string(due) > end {
				break
			}
			var err error
			if out, err = r.add(out, k, acct); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// DueFollowUps are the open next steps due up to a day, split at today.
type DueFollowUps struct {
	Overdue, Soon           []FollowUp // the first ones of each, in due order
	OverdueCount, SoonCount int        // all of them
}

// followUpsDue reads the first limit open steps due before today and the
// first limit due from today to end; the rest are only counted, from the
// keys of idx_due, so a book with 13,000 overdue steps reads 2×limit visits'
// facts, not 13,000.
func (s *Store) followUpsDue(today, end accounts.Date, limit int) (DueFollowUps, error) {
	var out DueFollowUps
	err := s.view(func(t *txn) error {
		r := followUpReader{t: t, sums: map[string]Summary{}}
		from, last := today.String(), end.String()
		c := t.b(bktDue).Cursor()
		for k, acct := c.First(); k != nil; k, acct = c.Next() {
			due, _, _ := bytes.Cut(k, []byte{0})
			if string(due) > last {
				break
			}
			list, n := &out.Soon, &out.SoonCount
			if string(due) < from {
				list, n = &out.Overdue, &out.OverdueCount
			}
			*n++
			if len(*list) >= limit {
				continue
			}
			var err error
			if *list, err = r.add(*list, k, acct); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// followUpReader reads the follow-ups named by idx_due entries, with a
// visit's facts and an account's summary read once.
type followUpReader struct {
	t      *txn
	visits map[string]*accounts.Visit
	sums   map[string]Summary
}

// add appends the follow-up of the idx_due entry k (value acct) to out; an
// entry whose visit is gone adds nothing.
func (r *followUpReader) add(out []FollowUp, k, acct []byte) ([]FollowUp, error) {
	parts := bytes.Split(k, []byte{0})
	if len(parts) != 3 {
		return out, nil
	}
	vid, sid := string(parts[1]), accounts.ID(parts[2])
	if r.visits == nil {
		r.visits = map[string]*accounts.Visit{}
	}
	v, ok := r.visits[vid]
	if !ok {
		key, found := r.t.lookup(accounts.ID(vid), kindVisit)
		if !found {
			return out, nil
		}
		// The facts carry the steps with their texts: Today lists
		// follow-ups without reading a visit's notes.
		v = &accounts.Visit{}
		p, _ := parseKey(key)
		if err := visitOfFact(p, r.t.b(bktFacts).Get(key), v); err != nil {
			return out, err
		}
		r.visits[vid] = v
	}
	sm, ok := r.sums[string(acct)]
	if !ok {
		var err error
		if sm, _, err = r.t.summary(accounts.ID(acct)); err != nil {
			return out, err
		}
		r.sums[string(acct)] = sm
	}
	for _, st := range v.NextSteps {
		if st.ID == sid {
			out = append(out, FollowUp{AccountID: accounts.ID(acct), AccountName: sm.Name, Owner: sm.Owner,
				VisitID: v.ID, VisitAt: v.At, Step: st})
		}
	}
	return out, nil
}
