package storage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"keycard/accounts"
)

// The map's change history is written by the same transaction as the
// contact edit it comes from, so the history can never tell of an edit that
// was rolled back, nor miss one that was kept. Bulk writes (PutAccountData,
// imports) replace records wholesale and record nothing: a bundle's edits
// were made, and noted, elsewhere.

func historyPrefix(acct accounts.ID) []byte { return append([]byte(acct), 0) }

func changeKey(acct accounts.ID, at time.Time, seq uint64) []byte {
	return fmt.Appendf(historyPrefix(acct), "%s\x00%016x", visitTime(at), seq)
}

// recordChanges stores changes under their accounts.
func (t *txn) recordChanges(changes []accounts.MapChange) error {
	if len(changes) == 0 {
		return nil
	}
	b, err := t.tx.CreateBucketIfNotExists(bktChanges)
	if err != nil {
		return err
	}
	for i := range changes {
		c := &changes[i]
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		raw, err := json.Marshal(c)
		if err != nil {
			return fmt.Errorf("encode map change: %w", err)
		}
		if err := b.Put(changeKey(c.AccountID, c.At, seq), raw); err != nil {
			return err
		}
	}
	return nil
}

// recordContactChange stores what changed on the map between two versions
// of a contact (old nil: added; n nil: removed).
func (t *txn) recordContactChange(old, n *accounts.Contact) error {
	return t.recordChanges(accounts.DiffContact(old, n, t.now))
}

// deleteHistory removes an account's risk snapshots and map changes.
func (t *txn) deleteHistory(acct accounts.ID) error {
	pre := historyPrefix(acct)
	for _, name := range historyBuckets {
		b := t.b(name)
		if b == nil {
			continue
		}
		var keys [][]byte
		c := b.Cursor()
		for k, _ := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, _ = c.Next() {
			keys = append(keys, append([]byte(nil), k...))
		}
		for _, k := range keys {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
	}
	return nil
}

// MapChanges returns the history of the account's decision-maker map,
// oldest first; accounts.ChangesSince picks what changed since a visit.
func (s *Store) MapChanges(accountID accounts.ID) ([]accounts.MapChange, error) {
	var out []accounts.MapChange
	err := s.view(func(t *txn) error {
		if err := t.requireAccount(accountID); err != nil {
			return err
		}
		b := t.b(bktChanges)
		if b == nil {
			return nil
		}
		pre := historyPrefix(accountID)
		c := b.Cursor()
		for k, v := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, v = c.Next() {
			var m accounts.MapChange
			if err := decodeRecord(v, &m); err != nil {
				return fmt.Errorf("decode map change %q: %w", k, err)
			}
			out = append(out, m)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
