package storage

import (
	"errors"
	"strings"

	"keycard/accounts"
)

// Imports from files (contacts from a CSV or vCard file, visits from a
// calendar) add many records at once. Each file is one transaction: it comes
// in whole or not at all, so a kill, a full disk or a bad record never
// leaves half a file behind, and 3,000 records cost one fsync, not 3,000.
// Each account's summary is recomputed once, after its records are in.

// batchFailed says which record stopped an import and that nothing of the
// file was stored.
func batchFailed(key, name string, err error) error {
	code := accounts.EINTERNAL
	if ke := (*accounts.Error)(nil); errors.As(err, &ke) {
		code = ke.Code
	}
	return &accounts.Error{Code: code, Err: err, Msg: accounts.Say(key, "Name", name, "Problem", accounts.ErrorPhrase(err))}
}

// AddContacts creates new contacts in one transaction, with the same rules
// as CreateContact (the account exists, the id is new, reporting lines hold
// across the account's contacts, old and new). It returns them as stored,
// with ids, versions and timestamps; on any error nothing was stored.
func (s *Store) AddContacts(cs []accounts.Contact) ([]accounts.Contact, error) {
	ns := make([]accounts.Contact, len(cs))
	for i := range cs {
		n := cs[i]
		n.Normalize()
		if err := newID(&n.ID, notSaved("contact")); err != nil {
			return nil, batchFailed("storage.batch.contact_failed", n.Name, err)
		}
		if err := n.Validate(); err != nil {
			return nil, batchFailed("storage.batch.contact_failed", n.Name, err)
		}
		ns[i] = n
	}
	err := s.update(func(t *txn) error {
		var touched []accounts.ID
		seen := map[accounts.ID]bool{}
		for i := range ns {
			n := &ns[i]
			if err := t.addContact(n); err != nil {
				return batchFailed("storage.batch.contact_failed", n.Name, err)
			}
			if !seen[n.AccountID] {
				seen[n.AccountID] = true
				touched = append(touched, n.AccountID)
			}
		}
		for _, acct := range touched {
			all, err := decodeAll[accounts.Contact](t, acct, kindContact)
			if err == nil {
				err = accounts.ValidateReporting(all)
			}
			if err != nil {
				return batchFailed("storage.batch.refused", "", err)
			}
			if err := t.refreshSummary(acct); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ns, nil
}

// addContact writes one new contact with its index entries and map
// history; the caller checks reporting lines and refreshes the summary.
func (t *txn) addContact(n *accounts.Contact) error {
	if err := t.claimNewID(n.AccountID, n.ID, notSaved("contact")); err != nil {
		return err
	}
	n.Version, n.CreatedAt, n.UpdatedAt = 1, t.now, t.now
	key := childKey(n.AccountID, kindContact, n.ID)
	if err := t.putJSON(key, n); err != nil {
		return err
	}
	if err := indexChild(n.ID, key, t.put); err != nil {
		return err
	}
	return t.recordContactChange(nil, n)
}

// AddVisits creates new visits in one transaction, with the same rules as
// CreateVisit. It returns them as stored; on any error nothing was stored.
func (s *Store) AddVisits(vs []accounts.Visit) ([]accounts.Visit, error) {
	ns := make([]accounts.Visit, len(vs))
	for i := range vs {
		n := vs[i]
		n.NextSteps = append([]accounts.NextStep(nil), vs[i].NextSteps...)
		n.Normalize()
		if err := newID(&n.ID, notSaved("visit")); err != nil {
			return nil, batchFailed("storage.batch.visit_failed", visitLabel(&n), err)
		}
		if err := n.Validate(); err != nil {
			return nil, batchFailed("storage.batch.visit_failed", visitLabel(&n), err)
		}
		ns[i] = n
	}
	err := s.update(func(t *txn) error {
		var touched []accounts.ID
		seen := map[accounts.ID]bool{}
		for i := range ns {
			n := &ns[i]
			if err := t.claimNewID(n.AccountID, n.ID, notSaved("visit")); err != nil {
				return batchFailed("storage.batch.visit_failed", visitLabel(n), err)
			}
			n.Version, n.CreatedAt, n.UpdatedAt = 1, t.now, t.now
			key := visitKey(n.AccountID, n.At, n.ID)
			if err := t.putJSON(key, n); err != nil {
				return err
			}
			if err := indexVisit(n, key, t.put); err != nil {
				return err
			}
			if !seen[n.AccountID] {
				seen[n.AccountID] = true
				touched = append(touched, n.AccountID)
			}
		}
		for _, acct := range touched {
			if err := t.refreshSummary(acct); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ns, nil
}

// visitLabel names a visit in a sentence: its time and objective.
func visitLabel(v *accounts.Visit) string {
	return strings.TrimSpace(v.At.Format("2006-01-02 15:04") + " " + v.Objective)
}
