package storage

import (
	"bytes"
	"encoding/json"

	"keycard/accounts"
)

// Weekly card reviews travel through the team server as records of the
// kind "review" (see docs/sync.md). Here they stay in the bucket "reviews"
// under <accountID>\x00<at>\x00<seq>; a review is found by its id within
// its account's range (an account has a few dozen reviews a year). Reviews
// are append-only: one is never edited, so two laptops never conflict over
// one, and a review that arrives again (pulls may bring a row twice) is
// already here and changes nothing.

func decodeReviewRecord(raw []byte, in Incoming) (*record, error) {
	var r accounts.Review
	if err := decodeRecord(raw, &r); err != nil {
		return nil, err
	}
	r.Normalize()
	acct, err := accountOf(r.AccountID, in.Account)
	if err != nil || r.ID != in.ID || !validKeyID(r.ID) || r.At.IsZero() {
		return nil, errNotThisRecord
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	r.At = r.At.UTC()
	return &record{v: &r, m: &r.Meta, acct: acct}, nil
}

// writeReviewRecord stores a review from the server unless it is here
// already. No outbox entry: the bucket "reviews" is not noted, and the
// server's review is the server's already.
func writeReviewRecord(t *txn, r *record) ([]accounts.ID, error) {
	n := r.v.(*accounts.Review)
	if k, _ := t.findReview(n.AccountID, n.ID); k != nil {
		return nil, nil
	}
	n.Version = 1
	raw, err := json.Marshal(n)
	if err != nil {
		return nil, err
	}
	b, err := t.tx.CreateBucketIfNotExists(bktReviews)
	if err != nil {
		return nil, err
	}
	seq, err := b.NextSequence()
	if err != nil {
		return nil, err
	}
	return []accounts.ID{n.AccountID}, b.Put(changeKey(n.AccountID, n.At, seq), raw)
}

// removeReview deletes a review the server deleted (only an administrator
// can: reviews are never deleted by Keycard).
func removeReview(t *txn, ref Ref) (accounts.ID, error) {
	acct := t.reviewAccount(ref)
	k, raw := t.findReview(acct, ref.ID)
	if k == nil {
		return acct, nil
	}
	if acct == "" {
		var r accounts.Review
		if err := decodeRecord(raw, &r); err == nil {
			acct = r.AccountID
		}
	}
	return acct, t.b(bktReviews).Delete(k)
}

// findReview returns the key and a copy of the JSON of the review with this
// id: within the account's range when the account is known, else in the
// whole bucket. Nil when it is not here.
func (t *txn) findReview(acct, id accounts.ID) ([]byte, []byte) {
	b := t.b(bktReviews)
	if b == nil || id == "" {
		return nil, nil
	}
	var pre []byte
	if acct != "" {
		pre = historyPrefix(acct)
	}
	c := b.Cursor()
	for k, v := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, v = c.Next() {
		var r struct {
			ID accounts.ID `json:"id"`
		}
		if json.Unmarshal(v, &r) == nil && r.ID == id {
			return append([]byte(nil), k...), append([]byte(nil), v...)
		}
	}
	return nil, nil
}

// reviewAccount is the account of a review as the outbox or the base knows
// it ("" when neither does).
func (t *txn) reviewAccount(ref Ref) accounts.ID {
	key := outKey(ref)
	if e, ok, err := t.outEntryOf(key); err == nil && ok && e.Account != "" {
		return e.Account
	}
	if base, ok, err := t.baseOf(key); err == nil && ok && len(base.Body) > 0 {
		var r struct {
			AccountID accounts.ID `json:"account_id"`
		}
		if json.Unmarshal(base.Body, &r) == nil {
			return r.AccountID
		}
	}
	return ""
}

// noteReview queues a review written here to go up.
func (t *txn) noteReview(r *accounts.Review) {
	if t.out != nil {
		t.out.note(outKey(Ref{Kind: KindReview, ID: r.ID}), outEntry{Account: r.AccountID})
	}
}
