package storage

import (
	"bytes"
	"fmt"
	"strings"

	"keycard/accounts"
)

// CompleteHandover carries out a handover in one transaction: each account
// passes to its successor, with the change written to its ownership history
// (who, when, why and which handover), the open next steps the departing
// owner held (or that had no owner, and so were the owner's) pass to the
// successor too, and the handover is saved as done. An account that is no
// longer the departing owner's, or any other problem, changes nothing. A
// handover never saved is saved by it; a saved one must carry the stored
// Version. On success h is the stored, completed handover.
func (s *Store) CompleteHandover(h *accounts.Handover) error {
	n := *h
	n.Accounts = append([]accounts.HandoverAccount(nil), h.Accounts...)
	n.From = strings.TrimSpace(n.From)
	for i := range n.Accounts {
		n.Accounts[i].To = strings.TrimSpace(n.Accounts[i].To)
	}
	if err := newID(&n.ID, accounts.Say("storage.not_completed", "Entity", entity("handover"))); err != nil {
		return err
	}
	n.Status = accounts.HandoverDone
	if err := n.Validate(); err != nil {
		return err
	}
	err := s.update(func(t *txn) error {
		err := t.stampHandover(&n, func(old *accounts.Handover) error {
			if old.Status == accounts.HandoverDone {
				return invalid("storage.handover.done", "Date", old.CompletedAt.Format("2006-01-02"))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, ha := range n.Accounts {
			if err := t.handOver(&n, ha); err != nil {
				return err
			}
		}
		n.CompletedAt = t.now
		return t.putHandover(&n)
	})
	if err == nil {
		*h = n
	}
	return err
}

// stampHandover gives n the version and times it is stored with. A stored
// handover must be the version n was edited from; refuse, when not nil, may
// turn it down first.
func (t *txn) stampHandover(n *accounts.Handover, refuse func(old *accounts.Handover) error) error {
	if raw := t.b(bktHandovers).Get([]byte(n.ID)); raw != nil {
		var old accounts.Handover
		if err := decodeRecord(raw, &old); err != nil {
			return fmt.Errorf("decode handover %s: %w", n.ID, err)
		}
		if refuse != nil {
			if err := refuse(&old); err != nil {
				return err
			}
		}
		if old.Version != n.Version {
			return conflict("handover", old.Version, n.Version)
		}
		n.Version, n.CreatedAt = old.Version+1, old.CreatedAt
	} else {
		n.Version, n.CreatedAt = 1, t.now
	}
	n.UpdatedAt = t.now
	return nil
}

// handOver passes one account of the handover to its successor.
func (t *txn) handOver(h *accounts.Handover, ha accounts.HandoverAccount) error {
	var a accounts.Account
	ok, err := t.get(accountKey(ha.AccountID), &a)
	if err != nil {
		return err
	}
	if !ok {
		return accounts.Errorf(accounts.ENOTFOUND, "storage.handover.gone", "ID", ha.AccountID)
	}
	if !strings.EqualFold(strings.TrimSpace(a.Owner), h.From) {
		return accounts.Errorf(accounts.ECONFLICT, "storage.handover.owner", "Name", a.Name, "Owner", a.Owner, "From", h.From)
	}
	n := a
	n.OwnerHistory = append(append([]accounts.OwnershipChange(nil), a.OwnerHistory...), accounts.OwnershipChange{
		From: a.Owner, To: ha.To, At: t.now, Reason: h.Reason, HandoverID: h.ID})
	n.Owner = ha.To
	n.Version, n.UpdatedAt = a.Version+1, t.now
	if err := t.writeAccount(&a, &n); err != nil {
		return err
	}
	// Each moved step's visit write refreshes the summary again.
	return t.moveOpenSteps(n.ID, a.Owner, ha.To)
}

// moveOpenSteps gives the successor the account's open next steps that
// belonged to the departing owner or to no one. The account's open steps
// are found through idx_open, so only visits that have one are read.
func (t *txn) moveOpenSteps(acct accounts.ID, from, to string) error {
	var visitIDs []accounts.ID
	seen := map[accounts.ID]bool{}
	pre := append([]byte(acct), 0)
	c := t.b(bktOpen).Cursor()
	for k, _ := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, _ = c.Next() {
		parts := bytes.Split(k, []byte{0})
		if len(parts) != 4 {
			continue
		}
		id := accounts.ID(parts[2])
		if !seen[id] {
			seen[id] = true
			visitIDs = append(visitIDs, id)
		}
	}
	for _, id := range visitIDs {
		old, key, err := t.storedVisit(id)
		if err != nil {
			return err
		}
		n := *old
		n.NextSteps = append([]accounts.NextStep(nil), old.NextSteps...)
		changed := false
		for i := range n.NextSteps {
			st := &n.NextSteps[i]
			if st.Done {
				continue
			}
			if owner := strings.TrimSpace(st.Owner); owner == "" || strings.EqualFold(owner, from) {
				st.Owner = to
				changed = true
			}
		}
		if !changed {
			continue
		}
		n.Version, n.UpdatedAt = old.Version+1, t.now
		if err := t.writeVisit(old, key, &n); err != nil {
			return err
		}
	}
	return nil
}
