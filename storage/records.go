package storage

import (
	"fmt"

	"keycard/accounts"
)

func (s *Store) saveWarning(w *accounts.Warning, create bool) error {
	return saveChild(s, w, create, kindWarning, "warning sign",
		func(w *accounts.Warning) (*accounts.Meta, accounts.ID) { return &w.Meta, w.AccountID },
		(*accounts.Warning).Validate, nil)
}

// saveChild creates (create) or updates a record kept under its account
// with no more to it than an id and a version: a warning sign or an
// influence link. meta points at the record's Meta and names its account;
// check, if any, runs in the transaction before the write.
func saveChild[T any](s *Store, rec *T, create bool, kind byte, what string,
	meta func(*T) (*accounts.Meta, accounts.ID), validate func(*T) error, check func(*txn, *T) error) error {
	n := *rec
	m, acct := meta(&n)
	refused := notSaved(what)
	if create {
		if err := newID(&m.ID, refused); err != nil {
			return err
		}
	}
	if err := validate(&n); err != nil {
		return err
	}
	err := s.update(func(t *txn) error {
		key := childKey(acct, kind, m.ID)
		if create {
			if err := t.claimNewID(acct, m.ID, refused); err != nil {
				return err
			}
			m.Version, m.CreatedAt = 1, t.now
		} else {
			old, ok := t.lookup(m.ID, kind)
			if !ok {
				return notFound(what, m.ID)
			}
			var o T
			if _, err := t.get(old, &o); err != nil {
				return err
			}
			om, oacct := meta(&o)
			if om.Version != m.Version {
				return conflict(what, om.Version, m.Version)
			}
			if oacct != acct {
				return invalid("storage.no_move", "Refused", refused)
			}
			m.Version, m.CreatedAt = om.Version+1, om.CreatedAt
		}
		if check != nil {
			if err := check(t, &n); err != nil {
				return err
			}
		}
		m.UpdatedAt = t.now
		if err := t.putJSON(key, &n); err != nil {
			return err
		}
		return indexChild(m.ID, key, t.put)
	})
	if err == nil {
		*rec = n
	}
	return err
}

func (s *Store) deleteWarning(id accounts.ID) error {
	return s.deleteChildByID(id, kindWarning, "warning sign")
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
			err = accounts.Errorf(accounts.ENOTFOUND, "storage.no_plan")
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
	if err := newID(&n.ID, notSaved("handover")); err != nil {
		return err
	}
	if err := n.Validate(); err != nil {
		return err
	}
	err := s.update(func(t *txn) error {
		if err := t.stampHandover(&n, nil); err != nil {
			return err
		}
		return t.putHandover(&n)
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
		return decodeRecord(raw, &h)
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
			if err := decodeRecord(v, &h); err != nil {
				return fmt.Errorf("decode handover %s: %w", k, err)
			}
			out = append(out, h)
			return nil
		})
	})
	return out, err
}
