package storage

import (
	"bytes"
	"encoding/json"
	"fmt"

	"keycard/accounts"
)

// ApplyIncoming stores records from the server and removes revoked
// accounts, in one transaction that also saves link (the new cursor) when
// it is not nil. Nothing it writes goes into the outbox.
//
// Per record (accounts first, so that a new account's records find it):
// a revision not newer than the base is skipped (pulls may bring a row
// twice); with no change waiting here, theirs is written (fast-forward);
// with a change waiting, the two are merged against the base and the merge
// is written, theirs becomes the base, and the change keeps waiting unless
// the merge is theirs; each field both changed is kept in conflicts. An
// edit beats a delete either way. A record that does not decode, is not
// the record it is sent as, or fails Validate is skipped and counted; a
// record whose account is not here is skipped. A revocation of an account
// that arrives alive in the same call is stale and ignored.
func (s *Store) ApplyIncoming(in []Incoming, revoked []Revoked, merge MergeFunc, link *TeamLink) (Applied, error) {
	var res Applied
	err := s.update(func(t *txn) error {
		t.out = nil
		if t.b(bktTeam) == nil {
			return notLinked()
		}
		res = Applied{}
		a := &applier{t: t, merge: merge, res: &res, alive: map[accounts.ID]bool{}, touched: map[accounts.ID]bool{}, gone: map[accounts.ID]bool{}}
		for _, accountsFirst := range []bool{true, false} {
			for i := range in {
				if (in[i].Kind == KindAccount) != accountsFirst {
					continue
				}
				if err := a.one(&in[i]); err != nil {
					return err
				}
			}
		}
		for _, r := range revoked {
			if err := a.revoke(r); err != nil {
				return err
			}
		}
		if err := a.finish(); err != nil {
			return err
		}
		if link != nil {
			return t.putTeamLink(link)
		}
		return nil
	})
	if err != nil {
		return Applied{}, err
	}
	return res, nil
}

// applier is one ApplyIncoming call.
type applier struct {
	t     *txn
	merge MergeFunc
	res   *Applied
	alive map[accounts.ID]bool // accounts that arrived, not deleted, in this call
	// touched accounts need their summary refreshed; gone ones were removed.
	touched, gone map[accounts.ID]bool
	order         []accounts.ID
}

func (a *applier) touch(ids ...accounts.ID) {
	for _, id := range ids {
		if id != "" && !a.touched[id] {
			a.touched[id] = true
			a.order = append(a.order, id)
		}
	}
}

func (a *applier) removed(id accounts.ID) {
	if id != "" && !a.gone[id] {
		a.gone[id] = true
		a.res.Deleted = append(a.res.Deleted, id)
	}
}

// finish refreshes the summaries of the accounts that changed.
func (a *applier) finish() error {
	for _, id := range a.order {
		if a.t.b(bktData).Get(accountKey(id)) == nil {
			a.removed(id)
			continue
		}
		a.gone[id] = false
		if err := a.t.refreshSummary(id); err != nil {
			return err
		}
		a.res.Changed = append(a.res.Changed, id)
	}
	// An account removed and then written again in the same call is changed.
	deleted := a.res.Deleted[:0]
	for _, id := range a.res.Deleted {
		if a.gone[id] {
			deleted = append(deleted, id)
		}
	}
	a.res.Deleted = deleted
	return nil
}

func (a *applier) one(in *Incoming) error {
	ops, ok := replicaKinds[in.Kind]
	if !ok || !validKeyID(in.ID) {
		a.res.Skipped++
		return nil
	}
	key := outKey(in.Ref)
	base, hasBase, err := a.t.baseOf(key)
	if err != nil {
		return err
	}
	if hasBase && in.Rev <= base.Rev {
		a.res.Seen++
		return nil // seen already
	}
	if in.Deleted {
		return a.deleted(in, ops, key)
	}
	rec, err := ops.decode(in.Body, *in)
	if err != nil {
		a.res.Skipped++
		return nil
	}
	if in.Kind == KindAccount {
		// On the server and visible to this person: no longer local only.
		a.alive[in.ID] = true
		if err := a.t.b(bktTeam).Delete(localKey(in.ID)); err != nil {
			return err
		}
	} else if rec.acct != "" && a.t.b(bktData).Get(accountKey(rec.acct)) == nil {
		return nil // its account is not here (not visible, or revoked)
	}
	_, pending, err := a.t.outEntryOf(key)
	if err != nil {
		return err
	}
	var mine []byte
	if pending {
		mine = a.t.currentRaw(in.Ref)
	}
	theirs := serverForm(in.Kind, in.Body)
	nb := baseEntry{Rev: in.Rev, Body: theirs, Remarks: base.Remarks}
	if !pending || mine == nil || in.Kind == KindReview {
		// Fast-forward; or mine was deleted while they edited: theirs is
		// restored and my deletion forgotten. A review is never edited: the
		// server's is mine, already sent.
		if err := a.write(ops, rec); err != nil {
			return a.skipIfRefused(err)
		}
		if pending {
			if err := a.t.dropOut(key); err != nil {
				return err
			}
		}
		if in.Kind == KindContact {
			nb.Remarks = remarksOf(a.t.currentRaw(in.Ref))
		}
		return a.t.putBase(key, nb)
	}
	if err := a.mergeInto(in, ops, rec, mine, base, hasBase); err != nil {
		return err
	}
	return a.t.putBase(key, nb)
}

// skipIfRefused counts a record whose id another record here uses; any
// other error is the store's and ends the call.
func (a *applier) skipIfRefused(err error) error {
	if err == errIDElsewhere {
		a.res.Skipped++
		return nil
	}
	return err
}

func (a *applier) write(ops kindOps, rec *record) error {
	touched, err := ops.write(a.t, rec)
	if err != nil {
		return err
	}
	a.touch(touched...)
	if rec.acct == "" {
		a.res.Handovers = true
	}
	return nil
}

// mergeInto merges theirs with my waiting change against the base.
func (a *applier) mergeInto(in *Incoming, ops kindOps, theirs *record, mine []byte, base baseEntry, hasBase bool) error {
	key := outKey(in.Ref)
	mineSrv, theirsSrv := serverForm(in.Kind, mine), serverForm(in.Kind, in.Body)
	var baseBody json.RawMessage
	if hasBase {
		baseBody = base.Body
	}
	merged, conflicts, err := safeMerge(a.merge, baseBody, mineSrv, theirsSrv)
	var mrec *record
	if err == nil {
		mrec, err = ops.decode(merged, *in)
	}
	if err == nil && mrec.acct != "" && a.t.b(bktData).Get(accountKey(mrec.acct)) == nil {
		err = errNotThisRecord
	}
	if err != nil {
		// The two cannot be merged: theirs goes into the record and mine is
		// kept whole for the person to choose.
		if err := a.write(ops, theirs); err != nil {
			return a.skipIfRefused(err)
		}
		a.res.Conflicts++
		if err := a.t.dropOut(key); err != nil {
			return err
		}
		return a.t.saveConflict(Conflict{Ref: in.Ref, Account: theirs.acct, Mine: mineSrv, Theirs: theirsSrv, By: in.By, At: a.t.now})
	}
	if err := a.write(ops, mrec); err != nil {
		return a.skipIfRefused(err)
	}
	for _, c := range conflicts {
		a.res.Conflicts++
		if err := a.t.saveConflict(Conflict{Ref: in.Ref, Account: mrec.acct, Path: c.Path, Mine: c.Mine, Theirs: c.Theirs, By: in.By, At: a.t.now}); err != nil {
			return err
		}
	}
	if unchanged(in.Kind, a.t.currentRaw(in.Ref), baseEntry{Body: theirsSrv, Remarks: base.Remarks}) {
		return a.t.dropOut(key) // the merge is theirs: nothing to send
	}
	return nil
}

// safeMerge runs the merge; a merge that fails in any way leaves the
// record to the person.
func safeMerge(m MergeFunc, base, mine, theirs json.RawMessage) (out json.RawMessage, cs []accounts.FieldConflict, err error) {
	if m == nil {
		return nil, nil, fmt.Errorf("no merge")
	}
	defer func() {
		if r := recover(); r != nil {
			out, cs, err = nil, nil, fmt.Errorf("merge: %v", r)
		}
	}()
	out, cs, err = m(base, mine, theirs)
	if err == nil && !json.Valid(out) {
		err = fmt.Errorf("merge: not JSON")
	}
	return out, cs, err
}

// deleted applies a deletion from the server. An edit waiting here beats
// it: the record stays, and goes up again.
func (a *applier) deleted(in *Incoming, ops kindOps, key string) error {
	pending, err := a.pending(in.Ref, key)
	if err != nil {
		return err
	}
	here := a.t.currentRaw(in.Ref) != nil
	switch {
	case !here:
		if err := a.t.dropOut(key); err != nil {
			return err
		}
	case pending:
		if _, queued, err := a.t.outEntryOf(key); err != nil {
			return err
		} else if !queued {
			ob, err := a.t.tx.CreateBucketIfNotExists(bktOutbox)
			if err != nil {
				return err
			}
			if err := queue(ob, key, outEntry{Account: in.ID}); err != nil {
				return err
			}
		}
	default:
		acct, err := ops.remove(a.t, in.Ref)
		if err != nil {
			return err
		}
		if err := a.t.dropConflicts(in.Ref); err != nil {
			return err
		}
		if in.Kind == KindAccount {
			a.removed(acct)
		} else if in.Kind == KindHandover {
			a.res.Handovers = true
		} else {
			a.touch(acct)
		}
	}
	return a.t.putBase(key, baseEntry{Rev: in.Rev})
}

// pending says whether a change to the record waits to go up; for an
// account, a change to any of its records counts.
func (a *applier) pending(r Ref, key string) (bool, error) {
	if _, ok, err := a.t.outEntryOf(key); err != nil || ok || r.Kind != KindAccount {
		return ok, err
	}
	found := false
	err := a.t.eachWaitingOf(r.ID, func(string) error { found = true; return errStop })
	if err == errStop {
		err = nil
	}
	return found, err
}

// eachWaitingOf calls fn with the key of every outbox entry of an account.
func (t *txn) eachWaitingOf(acct accounts.ID, fn func(key string) error) error {
	ob := t.b(bktOutbox)
	if ob == nil {
		return nil
	}
	var keys []string
	err := ob.ForEach(func(k, v []byte) error {
		var e outEntry
		if err := decodeRecord(v, &e); err != nil {
			return fmt.Errorf("decode outbox entry %s: %w", k, err)
		}
		if e.Account == acct {
			keys = append(keys, string(k))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := fn(k); err != nil {
			return err
		}
	}
	return nil
}

// revoke removes an account that is no longer this person's to see, with
// everything under it and its replica entries, and remembers it in
// handed. An account not here is not remembered.
func (a *applier) revoke(r Revoked) error {
	if !validKeyID(r.Account) || a.alive[r.Account] {
		return nil
	}
	t := a.t
	var acc accounts.Account
	if ok, err := t.get(accountKey(r.Account), &acc); err != nil || !ok {
		return err
	}
	if err := t.forgetAccount(r.Account); err != nil {
		return err
	}
	if err := t.deleteHistory(r.Account); err != nil {
		return err
	}
	if err := t.deleteAccount(r.Account); err != nil {
		return err
	}
	if r.Name == "" {
		r.Name = acc.Name
	}
	if r.At.IsZero() {
		r.At = t.now
	}
	b, err := t.tx.CreateBucketIfNotExists(bktHanded)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(&r)
	if err != nil {
		return err
	}
	a.removed(r.Account)
	return b.Put([]byte(r.Account), raw)
}

// forgetAccount drops the outbox, base and conflict entries of an
// account's records: what is left of it here is not this laptop's to send,
// and were it ever given back, its records must come down again in full.
func (t *txn) forgetAccount(acct accounts.ID) error {
	var keys []string
	pre := accountPrefix(acct)
	c := t.b(bktData).Cursor()
	for k, _ := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, _ = c.Next() {
		if r, _, ok := refOfKey(k); ok {
			keys = append(keys, outKey(r))
		}
	}
	if err := t.eachWaitingOf(acct, func(k string) error { keys = append(keys, k); return nil }); err != nil {
		return err
	}
	for _, k := range keys {
		if err := t.dropOut(k); err != nil {
			return err
		}
		if b := t.b(bktBase); b != nil {
			if err := b.Delete([]byte(k)); err != nil {
				return err
			}
		}
	}
	return t.dropConflictsOf(acct)
}

// dropConflictsOf forgets every conflict of an account.
func (t *txn) dropConflictsOf(acct accounts.ID) error {
	b := t.b(bktConflicts)
	if b == nil {
		return nil
	}
	var keys [][]byte
	err := b.ForEach(func(k, v []byte) error {
		var c Conflict
		if decodeRecord(v, &c) != nil || c.Account == acct {
			keys = append(keys, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
