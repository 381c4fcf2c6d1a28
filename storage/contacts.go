package storage

import (
	"bytes"
	"fmt"

	"keycard/accounts"
)

// lookup finds the data key of a contact, link, visit or warning by its id.
func (t *txn) lookup(id accounts.ID, kind byte) ([]byte, bool) {
	if id == "" {
		return nil, false
	}
	k := t.idGet([]byte(id))
	if k == nil {
		return nil, false
	}
	p, ok := parseKey(k)
	if !ok || p.kind != kind {
		return nil, false
	}
	return append([]byte(nil), k...), true
}

// decodeAll decodes every record of one kind under an account, in key order.
func decodeAll[T any](t *txn, acct accounts.ID, kind byte) ([]T, error) {
	var out []T
	pre := childKey(acct, kind, "")
	c := t.b(bktData).Cursor()
	for k, v := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, v = c.Next() {
		var x T
		if err := decodeRecord(v, &x); err != nil {
			return nil, fmt.Errorf("decode %s: %w", k, err)
		}
		out = append(out, x)
	}
	return out, nil
}

// checkReporting validates the reporting lines of the account's contacts
// with c added or replacing its stored self.
func (t *txn) checkReporting(c *accounts.Contact) error {
	all, err := decodeAll[accounts.Contact](t, c.AccountID, kindContact)
	if err != nil {
		return err
	}
	replaced := false
	for i := range all {
		if all[i].ID == c.ID {
			all[i], replaced = *c, true
		}
	}
	if !replaced {
		all = append(all, *c)
	}
	return accounts.ValidateReporting(all)
}

func (s *Store) createContact(c *accounts.Contact) error {
	n := *c
	n.Normalize()
	if err := newID(&n.ID, notSaved("contact")); err != nil {
		return err
	}
	if err := n.Validate(); err != nil {
		return err
	}
	err := s.update(func(t *txn) error {
		if err := t.claimNewID(n.AccountID, n.ID, notSaved("contact")); err != nil {
			return err
		}
		if err := t.checkReporting(&n); err != nil {
			return err
		}
		n.Version, n.CreatedAt, n.UpdatedAt = 1, t.now, t.now
		key := childKey(n.AccountID, kindContact, n.ID)
		if err := t.putJSON(key, &n); err != nil {
			return err
		}
		if err := indexChild(n.ID, key, t.put); err != nil {
			return err
		}
		if err := t.recordContactChange(nil, &n); err != nil {
			return err
		}
		return t.refreshSummary(n.AccountID)
	})
	if err == nil {
		*c = n
	}
	return err
}

func (s *Store) updateContact(c *accounts.Contact) error {
	n := *c
	n.Normalize()
	if err := n.Validate(); err != nil {
		return err
	}
	err := s.update(func(t *txn) error {
		key, ok := t.lookup(n.ID, kindContact)
		if !ok {
			return notFound("contact", n.ID)
		}
		var old accounts.Contact
		if _, err := t.get(key, &old); err != nil {
			return err
		}
		if old.Version != n.Version {
			return conflict("contact", old.Version, n.Version)
		}
		if old.AccountID != n.AccountID {
			return invalid("storage.contact.no_move")
		}
		if err := t.checkReporting(&n); err != nil {
			return err
		}
		n.Version, n.CreatedAt, n.UpdatedAt = old.Version+1, old.CreatedAt, t.now
		if err := t.putJSON(key, &n); err != nil {
			return err
		}
		if err := t.recordContactChange(&old, &n); err != nil {
			return err
		}
		return t.refreshSummary(n.AccountID)
	})
	if err == nil {
		*c = n
	}
	return err
}

func getByID[T any](s *Store, id accounts.ID, kind byte, entity string) (*T, error) {
	var x T
	err := s.view(func(t *txn) error {
		key, ok := t.lookup(id, kind)
		if !ok {
			return notFound(entity, id)
		}
		_, err := t.get(key, &x)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &x, nil
}

func listOf[T any](s *Store, acct accounts.ID, kind byte) ([]T, error) {
	var out []T
	err := s.view(func(t *txn) error {
		if err := t.requireAccount(acct); err != nil {
			return err
		}
		var err error
		out, err = decodeAll[T](t, acct, kind)
		return err
	})
	return out, err
}

// AllContacts returns the contacts of every account, in one read
// transaction, for matching people across the portfolio (a calendar import
// finds an event's account through its attendees' e-mail addresses).
func (s *Store) AllContacts() ([]accounts.Contact, error) {
	var out []accounts.Contact
	err := s.view(func(t *txn) error {
		c := t.b(bktSumKeys).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			list, err := decodeAll[accounts.Contact](t, accounts.ID(k), kindContact)
			if err != nil {
				return err
			}
			out = append(out, list...)
		}
		return nil
	})
	return out, err
}

// deleteContact removes the contact, clears the reporting line of those who
// reported to them, removes the influence links touching them and their
// place on the map. Visits keep their history.
func (s *Store) deleteContact(id accounts.ID) error {
	return s.update(func(t *txn) error {
		key, ok := t.lookup(id, kindContact)
		if !ok {
			return notFound("contact", id)
		}
		var old accounts.Contact
		if _, err := t.get(key, &old); err != nil {
			return err
		}
		acct := old.AccountID
		contacts, err := decodeAll[accounts.Contact](t, acct, kindContact)
		if err != nil {
			return err
		}
		for i := range contacts {
			c := &contacts[i]
			if c.ReportsTo == id {
				c.ReportsTo = ""
				c.Version++
				c.UpdatedAt = t.now
				if err := t.putJSON(childKey(acct, kindContact, c.ID), c); err != nil {
					return err
				}
			}
		}
		links, err := decodeAll[accounts.InfluenceLink](t, acct, kindLink)
		if err != nil {
			return err
		}
		for _, l := range links {
			if l.From == id || l.To == id {
				if err := t.deleteChild(acct, kindLink, l.ID); err != nil {
					return err
				}
			}
		}
		var layout accounts.MapLayout
		if ok, err := t.get(singleKey(acct, kindLayout), &layout); err != nil {
			return err
		} else if ok {
			if _, placed := layout.Positions[id]; placed {
				delete(layout.Positions, id)
				if err := t.putJSON(singleKey(acct, kindLayout), &layout); err != nil {
					return err
				}
			}
		}
		if err := t.deleteChild(acct, kindContact, id); err != nil {
			return err
		}
		if err := t.recordContactChange(&old, nil); err != nil {
			return err
		}
		return t.refreshSummary(acct)
	})
}

func (t *txn) deleteChild(acct accounts.ID, kind byte, id accounts.ID) error {
	key := childKey(acct, kind, id)
	if err := indexChild(id, key, t.del); err != nil {
		return err
	}
	return t.delData(key)
}

func (s *Store) saveLink(l *accounts.InfluenceLink, create bool) error {
	return saveChild(s, l, create, kindLink, "influence link",
		func(l *accounts.InfluenceLink) (*accounts.Meta, accounts.ID) { return &l.Meta, l.AccountID },
		(*accounts.InfluenceLink).Validate,
		func(t *txn, n *accounts.InfluenceLink) error {
			for _, c := range []accounts.ID{n.From, n.To} {
				if t.b(bktData).Get(childKey(n.AccountID, kindContact, c)) == nil {
					return invalid("storage.link.outsider")
				}
			}
			return nil
		})
}

func (s *Store) deleteLink(id accounts.ID) error {
	return s.deleteChildByID(id, kindLink, "influence link")
}

// deleteChildByID removes a record that nothing else points at (an
// influence link, a warning sign) with its index entries.
func (s *Store) deleteChildByID(id accounts.ID, kind byte, what string) error {
	return s.update(func(t *txn) error {
		key, ok := t.lookup(id, kind)
		if !ok {
			return notFound(what, id)
		}
		p, _ := parseKey(key)
		return t.deleteChild(p.account, kind, id)
	})
}

func (s *Store) saveLayout(l *accounts.MapLayout) error {
	n := *l
	if n.AccountID == "" {
		return invalid("storage.layout.no_account")
	}
	err := s.update(func(t *txn) error {
		if err := t.requireAccount(n.AccountID); err != nil {
			return err
		}
		n.UpdatedAt = accounts.DateOf(t.now)
		return t.putJSON(singleKey(n.AccountID, kindLayout), &n)
	})
	if err == nil {
		*l = n
	}
	return err
}

func (s *Store) layout(acct accounts.ID) (*accounts.MapLayout, error) {
	l := &accounts.MapLayout{AccountID: acct}
	err := s.view(func(t *txn) error {
		if err := t.requireAccount(acct); err != nil {
			return err
		}
		_, err := t.get(singleKey(acct, kindLayout), l)
		return err
	})
	if err != nil {
		return nil, err
	}
	if l.Positions == nil {
		l.Positions = map[accounts.ID]accounts.Point{}
	}
	return l, nil
}

// MoveContact records that the contact left for another account we serve
// (accounts.MoveContact): in one transaction the record here is marked left
// on the day left (today when zero), pointing at a new record at toAccount,
// which carries the person over and points back. Both accounts' summaries
// and map histories are updated. It returns the new record.
func (s *Store) MoveContact(contactID, toAccount accounts.ID, left accounts.Date) (*accounts.Contact, error) {
	var moved accounts.Contact
	err := s.update(func(t *txn) (err error) {
		moved, err = t.moveContact(contactID, toAccount, left)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &moved, nil
}

// MoveContactToNewAccount is MoveContact to an account that Keycard does not
// hold yet: the account is created from a (a name and owner are enough) and
// the person moved there in the same transaction, so a failed move leaves no
// empty account behind. a gets its id and version on success.
func (s *Store) MoveContactToNewAccount(contactID accounts.ID, a *accounts.Account, left accounts.Date) (*accounts.Contact, error) {
	n := *a
	n.Normalize()
	if err := newID(&n.ID, notSaved("account")); err != nil {
		return nil, err
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var moved accounts.Contact
	err := s.update(func(t *txn) (err error) {
		if t.b(bktData).Get(accountKey(n.ID)) != nil {
			return invalid("storage.account_exists", "ID", n.ID)
		}
		n.Version, n.CreatedAt, n.UpdatedAt = 1, t.now, t.now
		if err := t.writeAccount(nil, &n); err != nil {
			return err
		}
		moved, err = t.moveContact(contactID, n.ID, left)
		return err
	})
	if err != nil {
		return nil, err
	}
	*a = n
	return &moved, nil
}

// moveContact is the transactional core of both moves.
func (t *txn) moveContact(contactID, toAccount accounts.ID, left accounts.Date) (accounts.Contact, error) {
	var moved accounts.Contact
	err := func() error {
		key, ok := t.lookup(contactID, kindContact)
		if !ok {
			return notFound("contact", contactID)
		}
		var old accounts.Contact
		if _, err := t.get(key, &old); err != nil {
			return err
		}
		var to accounts.Account
		if ok, err := t.get(accountKey(toAccount), &to); err != nil {
			return err
		} else if !ok {
			return notFound("account", toAccount)
		}
		switch {
		case toAccount == old.AccountID:
			return invalid("storage.move.already_here", "Name", old.Who())
		case old.Placeholder:
			return invalid("storage.move.seat", "Name", old.Who())
		case old.MovedTo != "":
			return invalid("storage.move.moved", "Name", old.Who())
		}
		if left.IsZero() {
			left = old.LeftOn
		}
		if left.IsZero() {
			left = accounts.DateOf(t.now)
		}
		leftVersion, n := accounts.MoveContact(old, toAccount, left, t.now)
		leftVersion.Version, leftVersion.UpdatedAt = old.Version+1, t.now
		if leftVersion.LeftTo == "" {
			leftVersion.LeftTo = to.Name
		}
		n.Version, n.CreatedAt, n.UpdatedAt = 1, t.now, t.now
		n.Normalize()
		for _, c := range []*accounts.Contact{&leftVersion, &n} {
			if err := c.Validate(); err != nil {
				return err
			}
		}
		if t.idGet([]byte(n.ID)) != nil {
			return invalid("storage.move.id_used", "Name", old.Who(), "ID", n.ID)
		}
		if err := t.putJSON(key, &leftVersion); err != nil {
			return err
		}
		nkey := childKey(n.AccountID, kindContact, n.ID)
		if err := t.putJSON(nkey, &n); err != nil {
			return err
		}
		if err := indexChild(n.ID, nkey, t.put); err != nil {
			return err
		}
		if err := t.recordContactChange(&old, &leftVersion); err != nil {
			return err
		}
		if err := t.recordContactChange(nil, &n); err != nil {
			return err
		}
		if err := t.refreshSummary(old.AccountID); err != nil {
			return err
		}
		moved = n
		return t.refreshSummary(n.AccountID)
	}()
	return moved, err
}
