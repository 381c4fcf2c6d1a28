package storage

import (
	"encoding/json"
	"fmt"

	"keycard/accounts"
)

func (s *Store) saveWarning(w *accounts.Warning, create bool) error {
	n := *w
	if create {
		if n.ID == "" {
			n.ID = accounts.NewID()
		} else if !validKeyID(n.ID) {
			return invalid("The warning sign was not saved: %q cannot be used as an id.", n.ID)
		}
	}
	if err := n.Validate(); err != nil {
		return err
	}
	err := s.update(func(t *txn) error {
		key := childKey(n.AccountID, kindWarning, n.ID)
		if create {
			if err := t.requireAccount(n.AccountID); err != nil {
				return err
			}
			if t.b(bktIDs).Get([]byte(n.ID)) != nil {
				return invalid("The warning sign was not saved: the id %s is already used.", n.ID)
			}
			n.Version, n.CreatedAt = 1, t.now
		} else {
			old, ok := t.lookup(n.ID, kindWarning)
			if !ok {
				return notFound("warning sign", n.ID)
			}
			var o accounts.Warning
			if _, err := t.get(old, &o); err != nil {
				return err
			}
			if o.Version != n.Version {
				return conflict("warning sign", o.Version, n.Version)
			}
			if o.AccountID != n.AccountID {
				return invalid("The warning sign was not saved: it cannot move to another account.")
			}
			n.Version, n.CreatedAt = o.Version+1, o.CreatedAt
		}
		n.UpdatedAt = t.now
		if err := t.putJSON(key, &n); err != nil {
			return err
		}
		return indexChild(n.ID, key, t.put)
	})
	if err == nil {
		*w = n
	}
	return err
}

func (s *Store) deleteWarning(id accounts.ID) error {
	return s.update(func(t *txn) error {
		key, ok := t.lookup(id, kindWarning)
		if !ok {
			return notFound("warning sign", id)
		}
		p, _ := parseKey(key)
		return t.deleteChild(p.account, kindWarning, id)
	})
}

// savePlan creates the account's plan (Version 0) or updates it (the stored
// Version must match).
func (s *Store) savePlan(p *accounts.Plan) error {
	n := *p
	n.Objectives = append([]accounts.Objective(nil), p.Objectives...)
	n.Strategies = append([]accounts.Strategy(nil), p.Strategies...)
	n.Actions = append([]accounts.Action(nil), p.Actions...)
	n.Opportunities = append([]accounts.Opportunity(nil), p.Opportunities...)
	n.Normalize()
	n.ID = n.AccountID
	if err := n.Validate(); err != nil {
		return err
	}
	err := s.update(func(t *txn) error {
		if err := t.requireAccount(n.AccountID); err != nil {
			return err
		}
		key := singleKey(n.AccountID, kindPlan)
		var old accounts.Plan
		ok, err := t.get(key, &old)
		if err != nil {
			return err
		}
		switch {
		case ok && old.Version != n.Version:
			return conflict("account plan", old.Version, n.Version)
		case ok:
			n.Version, n.CreatedAt = old.Version+1, old.CreatedAt
		case n.Version != 0:
			return conflict("account plan", 0, n.Version)
		default:
			n.Version, n.CreatedAt = 1, t.now
		}
		n.UpdatedAt = t.now
		return t.putJSON(key, &n)
	})
	if err == nil {
		*p = n
	}
	return err
}

// plan returns the account's plan, or ENOTFOUND when it has none yet.
func (s *Store) plan(acct accounts.ID) (*accounts.Plan, error) {
	var p accounts.Plan
	err := s.view(func(t *txn) error {
		if err := t.requireAccount(acct); err != nil {
			return err
		}
		ok, err := t.get(singleKey(acct, kindPlan), &p)
		if err == nil && !ok {
			err = &accounts.Error{Code: accounts.ENOTFOUND, Message: "This account has no plan yet."}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// saveHandover creates the handover when it is new (no id, or an id not
// stored yet) and updates it otherwise.
func (s *Store) saveHandover(h *accounts.Handover) error {
	n := *h
	n.Accounts = append([]accounts.HandoverAccount(nil), h.Accounts...)
	if n.ID == "" {
		n.ID = accounts.NewID()
	} else if !validKeyID(n.ID) {
		return invalid("The handover was not saved: %q cannot be used as an id.", n.ID)
	}
	if err := n.Validate(); err != nil {
		return err
	}
	err := s.update(func(t *txn) error {
		b := t.b(bktHandovers)
		var old accounts.Handover
		if raw := b.Get([]byte(n.ID)); raw != nil {
			if err := json.Unmarshal(raw, &old); err != nil {
				return fmt.Errorf("decode handover %s: %w", n.ID, err)
			}
			if old.Version != n.Version {
				return conflict("handover", old.Version, n.Version)
			}
			n.Version, n.CreatedAt = old.Version+1, old.CreatedAt
		} else {
			n.Version, n.CreatedAt = 1, t.now
		}
		n.UpdatedAt = t.now
		raw, err := json.Marshal(&n)
		if err != nil {
			return err
		}
		return b.Put([]byte(n.ID), raw)
	})
	if err == nil {
		*h = n
	}
	return err
}

func (s *Store) handover(id accounts.ID) (*accounts.Handover, error) {
	var h accounts.Handover
	err := s.view(func(t *txn) error {
		raw := t.b(bktHandovers).Get([]byte(id))
		if raw == nil {
			return notFound("handover", id)
		}
		return json.Unmarshal(raw, &h)
	})
	if err != nil {
		return nil, err
	}
	return &h, nil
}

// handovers returns every handover, oldest first (ids are time-ordered).
func (s *Store) handovers() ([]accounts.Handover, error) {
	var out []accounts.Handover
	err := s.view(func(t *txn) error {
		return t.b(bktHandovers).ForEach(func(k, v []byte) error {
			var h accounts.Handover
			if err := json.Unmarshal(v, &h); err != nil {
				return fmt.Errorf("decode handover %s: %w", k, err)
			}
			out = append(out, h)
			return nil
		})
	})
	return out, err
}
