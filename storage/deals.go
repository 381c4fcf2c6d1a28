package storage

import (
	"encoding/json"
	"sort"

	"keycard/accounts"
)

// Opportunities and the team directory from files. Opportunities live in
// their account's plan, so an import of deals rewrites the plans of the
// accounts it touches, all in one transaction: the file comes in whole or
// not at all.

// AddDeals appends each deal to its account's plan (creating the plan
// where the account has none), in one transaction. The accounts must
// exist; each plan must still validate. It returns the deals as stored,
// with ids; on any error nothing was stored.
func (s *Store) AddDeals(deals []accounts.Deal) ([]accounts.Deal, error) {
	out := append([]accounts.Deal(nil), deals...)
	var order []accounts.ID
	by := map[accounts.ID][]int{}
	for i := range out {
		if out[i].ID == "" {
			out[i].ID = accounts.NewID()
		}
		a := out[i].AccountID
		if _, ok := by[a]; !ok {
			order = append(order, a)
		}
		by[a] = append(by[a], i)
	}
	err := s.update(func(t *txn) error {
		for _, acct := range order {
			if err := t.addDeals(acct, out, by[acct]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (t *txn) addDeals(acct accounts.ID, deals []accounts.Deal, idx []int) error {
	if err := t.requireAccount(acct); err != nil {
		return batchFailed("storage.batch.deal_failed", deals[idx[0]].Product, err)
	}
	key := singleKey(acct, kindPlan)
	var p accounts.Plan
	ok, err := t.get(key, &p)
	if err != nil {
		return err
	}
	if ok {
		p.Version++
	} else {
		p = accounts.Plan{Meta: accounts.Meta{ID: acct, Version: 1, CreatedAt: t.now}, AccountID: acct}
	}
	p.UpdatedAt = t.now
	for _, i := range idx {
		p.Opportunities = append(p.Opportunities, deals[i].Opportunity)
	}
	p.Normalize()
	if err := p.Validate(); err != nil {
		return batchFailed("storage.batch.deal_failed", deals[idx[0]].Product, err)
	}
	return t.putJSON(key, &p)
}

// DealsOf returns every opportunity of every account that has a plan, by
// account: what an import compares a file with so that it adds nothing
// twice. Only the plans are read.
func (s *Store) DealsOf() (map[accounts.ID][]accounts.Opportunity, error) {
	out := map[accounts.ID][]accounts.Opportunity{}
	err := s.view(func(t *txn) error {
		// One seek per account (its id, from summary_keys), not a walk
		// over every visit.
		return t.b(bktSumKeys).ForEach(func(k, _ []byte) error {
			acct := accounts.ID(k)
			v := t.b(bktData).Get(singleKey(acct, kindPlan))
			if v == nil {
				return nil
			}
			var pl struct {
				Opportunities []accounts.Opportunity `json:"opportunities"`
			}
			if err := json.Unmarshal(v, &pl); err != nil {
				return err
			}
			if len(pl.Opportunities) > 0 {
				out[acct] = pl.Opportunities
			}
			return nil
		})
	})
	return out, err
}

var bktPeople = []byte("people")

// PutPeople adds or replaces entries of the team directory (keyed by the
// person's name, ignoring case), in one transaction. changed counts the
// entries that were new or different; the same file twice changes
// nothing the second time.
func (s *Store) PutPeople(people []accounts.Person) (changed int, err error) {
	ns := make([]accounts.Person, len(people))
	for i, p := range people {
		p.Normalize()
		if err := p.Validate(); err != nil {
			return 0, batchFailed("storage.batch.person_failed", p.Name, err)
		}
		ns[i] = p
	}
	err = s.update(func(t *txn) error {
		b, err := t.tx.CreateBucketIfNotExists(bktPeople)
		if err != nil {
			return err
		}
		for i := range ns {
			raw, err := json.Marshal(&ns[i])
			if err != nil {
				return err
			}
			key := []byte(accounts.PersonKey(ns[i].Name))
			if old := b.Get(key); string(old) == string(raw) {
				continue
			}
			if err := b.Put(key, raw); err != nil {
				return err
			}
			changed++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return changed, nil
}

// People returns the team directory by name.
func (s *Store) People() ([]accounts.Person, error) {
	var out []accounts.Person
	err := s.view(func(t *txn) error {
		b := t.b(bktPeople)
		if b == nil {
			return nil // a file from before the directory
		}
		return b.ForEach(func(_, v []byte) error {
			var p accounts.Person
			if err := decodeRecord(v, &p); err != nil {
				return err
			}
			out = append(out, p)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return accounts.PersonKey(out[i].Name) < accounts.PersonKey(out[j].Name) })
	return out, err
}
