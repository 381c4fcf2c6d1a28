package storage

import (
	"bytes"

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
	if old != nil {
		if err := indexVisit(old, oldKey, t.del); err != nil {
			return err
		}
		if err := t.delData(oldKey); err != nil {
			return err
		}
	}
	key := visitKey(n.AccountID, n.At, n.ID)
	if err := t.putJSON(key, n); err != nil {
		return err
	}
	if err := indexVisit(n, key, t.put); err != nil {
		return err
	}
	return t.refreshSummary(n.AccountID)
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
		return t.refreshSummary(old.AccountID)
	})
}

func (s *Store) visits(acct accounts.ID) ([]accounts.Visit, error) {
	out, err := listOf[accounts.Visit](s, acct, kindVisit)
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, err
}

func (s *Store) recentVisits(n int) ([]accounts.Visit, error) {
	var out []accounts.Visit
	err := s.view(func(t *txn) error {
		c := t.b(bktVisits).Cursor()
		for k, key := c.Last(); k != nil && len(out) < n; k, key = c.Prev() {
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
		end := d.String()
		visits := map[string]*accounts.Visit{}
		sums := map[string]Summary{}
		c := t.b(bktDue).Cursor()
		for k, acct := c.First(); k != nil; k, acct = c.Next() {
			parts := bytes.Split(k, []byte{0})
			if len(parts) != 3 {
				continue
			}
			if string(parts[0]) > end {
				break
			}
			vid, sid := string(parts[1]), accounts.ID(parts[2])
			v, ok := visits[vid]
			if !ok {
				key, found := t.lookup(accounts.ID(vid), kindVisit)
				if !found {
					continue
				}
				// The facts carry the steps with their texts: Today
				// lists hundreds of follow-ups without a visit's notes.
				v = &accounts.Visit{}
				p, _ := parseKey(key)
				if err := visitOfFact(p, t.b(bktFacts).Get(key), v); err != nil {
					return err
				}
				visits[vid] = v
			}
			sm, ok := sums[string(acct)]
			if !ok {
				raw := t.b(bktSummary).Get(acct)
				if raw != nil {
					if err := decodeSummary(raw, &sm); err != nil {
						return err
					}
				}
				sums[string(acct)] = sm
			}
			for _, st := range v.NextSteps {
				if st.ID == sid {
					out = append(out, FollowUp{AccountID: accounts.ID(acct), AccountName: sm.Name, Owner: sm.Owner,
						VisitID: v.ID, VisitAt: v.At, Step: st})
				}
			}
		}
		return nil
	})
	return out, err
}
