package storage

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
	"keycard/collation"
)

// entity names a kind of record in a sentence ("account", "influence link").
func entity(name string) accounts.Phrase {
	return accounts.Phrase{Key: "entity." + strings.ReplaceAll(name, " ", "_")}
}

// notSaved and notCompleted start a refusal: "The visit was not saved".
func notSaved(name string) accounts.Phrase {
	return accounts.Say("storage.not_saved", "Entity", entity(name))
}

func notFound(name string, id accounts.ID) error {
	return accounts.Errorf(accounts.ENOTFOUND, "storage.not_found", "Entity", entity(name), "ID", id)
}

func conflict(name string, stored, edited int64) error {
	return accounts.Errorf(accounts.ECONFLICT, "storage.conflict", "Entity", entity(name), "Stored", stored, "Edited", edited)
}

// invalid refuses a write with the sentence of key and its name/value pairs.
func invalid(key string, pairs ...any) error {
	return accounts.Errorf(accounts.EINVALID, key, pairs...)
}

func readOnlyError(path string) error {
	return accounts.Errorf(accounts.EINVALID, "storage.read_only", "Path", path)
}

func closedError() error {
	return accounts.Errorf(accounts.EINTERNAL, "storage.closed")
}

// update runs fn in one write transaction; any error rolls everything back.
func (s *Store) update(fn func(t *txn) error) error {
	s.writing.Lock()
	defer s.writing.Unlock()
	s.gate.enter()
	defer s.gate.leave()
	if s.db == nil {
		return closedError()
	}
	if s.readOnly {
		return readOnlyError(s.path)
	}
	if err := s.refuseDamaged(); err != nil {
		return err
	}
	now := s.now().UTC()
	return wrapTx(s.guard(func() error {
		return s.db.Update(func(tx *bolt.Tx) error {
			t := s.writeTxn(tx, now)
			if err := fn(t); err != nil {
				return err
			}
			if len(t.sums) > 0 {
				seq, sums := uint64(tx.ID()), t.sums
				tx.OnCommit(func() { s.sums.apply(seq, sums) })
			}
			return t.flushOutbox()
		})
	}))
}

// writeTxn wraps a write transaction: on a database that may be linked to
// a team server it records what the write changes, for the outbox.
func (s *Store) writeTxn(tx *bolt.Tx, now time.Time) *txn {
	t := &txn{tx: tx, now: now}
	if s.linked.Load() {
		t.out = &recorder{}
	}
	return t
}

func (s *Store) view(fn func(t *txn) error) error {
	s.gate.enter()
	defer s.gate.leave()
	if s.db == nil {
		return closedError()
	}
	return wrapTx(s.guard(func() error {
		return s.db.View(func(tx *bolt.Tx) error { return fn(&txn{tx: tx}) })
	}))
}

// wrapTx turns storage failures into a sentence; domain errors pass through.
func wrapTx(err error) error {
	if err == nil {
		return nil
	}
	var ke *accounts.Error
	if errors.As(err, &ke) {
		return err
	}
	return &accounts.Error{Code: accounts.EINTERNAL, Err: err, Msg: accounts.Say("storage.io_failed")}
}

func (t *txn) requireAccount(id accounts.ID) error {
	if id == "" || t.b(bktData).Get(accountKey(id)) == nil {
		return notFound("account", id)
	}
	return nil
}

func (s *Store) createAccount(a *accounts.Account) error {
	n := *a
	n.Normalize()
	if err := newID(&n.ID, notSaved("account")); err != nil {
		return err
	}
	if err := n.Validate(); err != nil {
		return err
	}
	err := s.update(func(t *txn) error {
		if t.b(bktData).Get(accountKey(n.ID)) != nil {
			return invalid("storage.account_exists", "ID", n.ID)
		}
		if err := t.checkParent(&n, nil); err != nil {
			return err
		}
		n.Version, n.CreatedAt, n.UpdatedAt = 1, t.now, t.now
		return t.writeAccount(nil, &n)
	})
	if err == nil {
		*a = n
	}
	return err
}

// writeAccount replaces old (nil when new) by n, with its index entries and
// summary.
func (t *txn) writeAccount(old, n *accounts.Account) error {
	if old != nil {
		if err := indexAccount(old, t.del); err != nil {
			return err
		}
	}
	if err := t.putJSON(accountKey(n.ID), n); err != nil {
		return err
	}
	if err := indexAccount(n, t.put); err != nil {
		return err
	}
	return t.refreshSummary(n.ID)
}

func (s *Store) updateAccount(a *accounts.Account) error {
	n := *a
	n.Normalize()
	if err := n.Validate(); err != nil {
		return err
	}
	err := s.update(func(t *txn) error {
		var old accounts.Account
		ok, err := t.get(accountKey(n.ID), &old)
		if err != nil {
			return err
		}
		if !ok {
			return notFound("account", n.ID)
		}
		if old.Version != n.Version {
			return conflict("account", old.Version, n.Version)
		}
		if err := t.checkParent(&n, nil); err != nil {
			return err
		}
		n.Version, n.CreatedAt, n.UpdatedAt = old.Version+1, old.CreatedAt, t.now
		return t.writeAccount(&old, &n)
	})
	if err == nil {
		*a = n
	}
	return err
}

func (s *Store) account(id accounts.ID) (*accounts.Account, error) {
	var a accounts.Account
	err := s.view(func(t *txn) error {
		ok, err := t.get(accountKey(id), &a)
		if err == nil && !ok {
			err = notFound("account", id)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &a, nil
}

func (s *Store) deleteAccount(id accounts.ID) error {
	return s.update(func(t *txn) error {
		if err := t.requireAccount(id); err != nil {
			return err
		}
		if err := t.deleteHistory(id); err != nil {
			return err
		}
		return t.deleteAccount(id)
	})
}

func (s *Store) findAccount(q string) (*accounts.Account, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, invalid("storage.find.empty")
	}
	var found *accounts.Account
	err := s.view(func(t *txn) error {
		var a accounts.Account
		if ok, err := t.get(accountKey(accounts.ID(q)), &a); err != nil || ok {
			found = &a
			return err
		}
		sums, err := t.summaries()
		if err != nil {
			return err
		}
		lq := strings.ToLower(q)
		var byName, exact, byID []Summary
		for _, s := range sums {
			ln := strings.ToLower(s.Name)
			if strings.HasPrefix(ln, lq) {
				byName = append(byName, s)
				if ln == lq {
					exact = append(exact, s)
				}
			}
			if len(q) >= 4 && strings.HasPrefix(strings.ToLower(string(s.ID)), lq) {
				byID = append(byID, s)
			}
		}
		matches := byName
		switch {
		case len(exact) == 1:
			matches = exact
		case len(byName) == 0:
			matches = byID
		}
		switch len(matches) {
		case 0:
			return accounts.Errorf(accounts.ENOTFOUND, "storage.find.none", "Query", q)
		case 1:
			ok, err := t.get(accountKey(matches[0].ID), &a)
			if err == nil && !ok {
				err = notFound("account", matches[0].ID)
			}
			found = &a
			return err
		}
		names := make([]accounts.Phrase, 0, 10)
		for i, m := range matches {
			if i == 10 {
				names = append(names, accounts.Say("storage.find.more", "Count", len(matches)-10))
				break
			}
			names = append(names, accounts.Say("storage.find.item", "Name", m.Name, "ID", m.ID))
		}
		return accounts.Errorf(accounts.EINVALID, "storage.find.many", "Query", q, "Count", len(matches), "Names", names)
	})
	if err != nil {
		return nil, err
	}
	return found, nil
}

// summaries reads every summary, in the list's order: the order of their
// keys (sumrow.go).
func (t *txn) summaries() ([]Summary, error) {
	b := t.b(bktSummary)
	// Counting the keys walks the pages without decoding them (a tenth of
	// a millisecond for 10,000); growing the slice instead copied it over
	// and over. The rows' bytes are copied into one buffer, which the
	// pages' bytes in use bound, and the strings are cut out of it: they
	// outlive the transaction, and a string each was most of the read.
	st := b.Stats()
	out := make([]Summary, st.KeyN)
	buf := make([]byte, 0, st.LeafInuse)
	lists := stringArena{chunk: 4096}
	i := 0
	err := b.ForEach(func(k, v []byte) error {
		if i == len(out) {
			return fmt.Errorf("the summaries changed under their read")
		}
		start := len(buf)
		buf = append(buf, v...) // within its capacity: what was cut from it stays
		raw := buf[start:]
		if err := decodeSummaryRow(raw, borrow(raw), &out[i], &lists); err != nil {
			return fmt.Errorf("decode summary %q: %w", k, err)
		}
		i++
		return nil
	})
	return out[:i], err
}

// sortSummaries orders by name as readers expect (collation: pinyin for
// Chinese, case ignored), then by id, with each name's key computed once.
func sortSummaries(out []Summary) {
	names := make([]string, len(out))
	for i := range out {
		names[i] = out[i].Name
	}
	keys := collation.Keys(names)
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(i, j int) bool {
		a, b := idx[i], idx[j]
		if c := bytes.Compare(keys[a], keys[b]); c != 0 {
			return c < 0
		}
		return out[a].ID < out[b].ID
	})
	sorted := make([]Summary, len(out))
	for i, j := range idx {
		sorted[i] = out[j]
	}
	copy(out, sorted)
}

func (t *txn) summary(id accounts.ID) (Summary, bool, error) { return readSummary(t.tx, id) }

// summaries serves the list from memory once it has been read (sumcache.go).
func (s *Store) summaries() (out []Summary, err error) {
	if out, ok := s.sums.list(nil); ok {
		return out, nil
	}
	// At start the list, Today and the reminders all ask at once: one of
	// them reads the file, the others wait for it and share what it read.
	s.sumRead.Lock()
	defer s.sumRead.Unlock()
	if out, ok := s.sums.list(nil); ok {
		return out, nil
	}
	err = s.view(func(t *txn) error {
		out, err = t.summaries()
		if err == nil {
			s.sums.fill(uint64(t.tx.ID()), out)
		}
		return err
	})
	return out, err
}

func (s *Store) summariesByOwner(owner string) ([]Summary, error) {
	if out, ok := s.sums.list(func(x *Summary) bool { return x.Owner == owner }); ok {
		return out, nil
	}
	var out []Summary
	err := s.view(func(t *txn) error {
		pre := append([]byte(owner), 0)
		c := t.b(bktOwner).Cursor()
		for k, _ := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, _ = c.Next() {
			sm, ok, err := t.summary(accounts.ID(k[len(pre):]))
			if err != nil {
				return err
			}
			if ok {
				out = append(out, sm)
			}
		}
		return nil
	})
	sortSummaries(out)
	return out, err
}

func (s *Store) owners() ([]string, error) {
	var out []string
	err := s.view(func(t *txn) error {
		c := t.b(bktOwner).Cursor()
		for k, _ := c.First(); k != nil; {
			i := bytes.IndexByte(k, 0)
			if i < 0 {
				k, _ = c.Next()
				continue
			}
			out = append(out, string(k[:i]))
			k, _ = c.Seek(append(append([]byte(nil), k[:i]...), 1))
		}
		return nil
	})
	return out, err
}

func (s *Store) renewals(from, to accounts.Date) ([]Summary, error) {
	var out []Summary
	err := s.view(func(t *txn) error {
		c := t.b(bktRenewal).Cursor()
		end := to.String()
		for k, v := c.Seek([]byte(from.String())); k != nil; k, v = c.Next() {
			i := bytes.IndexByte(k, 0)
			if i < 0 {
				continue
			}
			if !to.IsZero() && string(k[:i]) > end {
				break
			}
			sm, ok, err := t.summary(accounts.ID(v))
			if err != nil {
				return err
			}
			if ok {
				out = append(out, sm)
			}
		}
		return nil
	})
	return out, err
}

func (s *Store) loadAccount(id accounts.ID) (d *accounts.AccountData, err error) {
	err = s.view(func(t *txn) error {
		d, err = t.loadData(id)
		return err
	})
	return d, err
}

// prepareData fills in and checks one whole account before a bulk write.
func prepareData(d *accounts.AccountData, now func() accounts.ID) error {
	a := &d.Account
	a.Normalize()
	if a.ID == "" {
		a.ID = now()
	}
	if !validKeyID(a.ID) {
		return invalid("storage.bad_account_id", "ID", a.ID)
	}
	if err := a.Validate(); err != nil {
		return err
	}
	k := &recordIDs{acct: a.ID, now: now, seen: map[accounts.ID]bool{}}
	if err := prepareContacts(d.Contacts, k); err != nil {
		return err
	}
	if err := prepareLinks(d.Links, d.Contacts, k); err != nil {
		return err
	}
	if err := prepareVisits(d.Visits, k); err != nil {
		return err
	}
	if err := prepareWarnings(d.Warnings, k); err != nil {
		return err
	}
	if err := preparePlan(d.Plan, k); err != nil {
		return err
	}
	return prepareLayout(d.Layout, a.ID)
}

// recordIDs gives the records of one account their ids and account id, and
// refuses an id used twice or a record naming another account.
type recordIDs struct {
	acct accounts.ID
	now  func() accounts.ID
	seen map[accounts.ID]bool
}

func (k *recordIDs) check(entity string, id *accounts.ID, acct *accounts.ID) error {
	if *id == "" {
		*id = k.now()
	}
	if !validKeyID(*id) {
		return invalid("storage.bad_id", "ID", *id, "Entity", accounts.Phrase{Key: "entity." + strings.ReplaceAll(entity, " ", "_")})
	}
	if entity != "plan" {
		if k.seen[*id] {
			return invalid("storage.id_twice", "ID", *id)
		}
		k.seen[*id] = true
	}
	if *acct == "" {
		*acct = k.acct
	}
	if *acct != k.acct {
		return invalid("storage.other_account", "Entity", accounts.Phrase{Key: "entity." + strings.ReplaceAll(entity, " ", "_")}, "Account", *acct)
	}
	return nil
}

func prepareContacts(cs []accounts.Contact, k *recordIDs) error {
	for i := range cs {
		c := &cs[i]
		c.Normalize()
		if err := k.check("contact", &c.ID, &c.AccountID); err != nil {
			return err
		}
		if err := c.Validate(); err != nil {
			return err
		}
	}
	return accounts.ValidateReporting(cs)
}

func prepareLinks(ls []accounts.InfluenceLink, cs []accounts.Contact, k *recordIDs) error {
	contacts := map[accounts.ID]bool{}
	for _, c := range cs {
		contacts[c.ID] = true
	}
	for i := range ls {
		l := &ls[i]
		if err := k.check("influence link", &l.ID, &l.AccountID); err != nil {
			return err
		}
		if err := l.Validate(); err != nil {
			return err
		}
		if !contacts[l.From] || !contacts[l.To] {
			return invalid("storage.link_outsider")
		}
	}
	return nil
}

func prepareVisits(vs []accounts.Visit, k *recordIDs) error {
	for i := range vs {
		v := &vs[i]
		v.Normalize()
		if err := k.check("visit", &v.ID, &v.AccountID); err != nil {
			return err
		}
		if err := v.Validate(); err != nil {
			return err
		}
	}
	return nil
}

func prepareWarnings(ws []accounts.Warning, k *recordIDs) error {
	for i := range ws {
		w := &ws[i]
		if err := k.check("warning sign", &w.ID, &w.AccountID); err != nil {
			return err
		}
		if err := w.Validate(); err != nil {
			return err
		}
	}
	return nil
}

func preparePlan(p *accounts.Plan, k *recordIDs) error {
	if p == nil {
		return nil
	}
	p.Normalize()
	p.ID = k.acct
	if err := k.check("plan", &p.ID, &p.AccountID); err != nil {
		return err
	}
	return p.Validate()
}

func prepareLayout(l *accounts.MapLayout, acct accounts.ID) error {
	if l == nil {
		return nil
	}
	if l.AccountID == "" {
		l.AccountID = acct
	}
	if l.AccountID != acct {
		return invalid("storage.layout_other_account", "Account", l.AccountID)
	}
	return nil
}

func stamp(m *accounts.Meta, now time.Time) {
	if m.Version == 0 {
		m.Version = 1
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = now
	}
	if m.UpdatedAt.IsZero() {
		m.UpdatedAt = now
	}
}

// stampData stamps every record of d that lacks its version or times, as
// written at now.
func stampData(d *accounts.AccountData, now time.Time) {
	stamp(&d.Account.Meta, now)
	for j := range d.Contacts {
		stamp(&d.Contacts[j].Meta, now)
	}
	for j := range d.Links {
		stamp(&d.Links[j].Meta, now)
	}
	for j := range d.Visits {
		stamp(&d.Visits[j].Meta, now)
	}
	for j := range d.Warnings {
		stamp(&d.Warnings[j].Meta, now)
	}
	if d.Plan != nil {
		stamp(&d.Plan.Meta, now)
	}
	if d.Layout != nil && d.Layout.UpdatedAt.IsZero() {
		d.Layout.UpdatedAt = accounts.DateOf(now)
	}
}

func (s *Store) putAccountData(batch []accounts.AccountData) error {
	now := s.now().UTC()
	for i := range batch {
		d := &batch[i]
		if err := prepareData(d, accounts.NewID); err != nil {
			return inAccount(d.Account.Name, err)
		}
		stampData(d, now)
	}
	return s.update(func(t *txn) error {
		// The batch's own parents first: a file may name a parent in a
		// later row than its subsidiary.
		pending := map[accounts.ID]accounts.ID{}
		for i := range batch {
			pending[batch[i].Account.ID] = batch[i].Account.ParentID
		}
		for i := range batch {
			if err := t.checkParent(&batch[i].Account, pending); err != nil {
				return inAccount(batch[i].Account.Name, err)
			}
		}
		t.deferIndexes()
		for i := range batch {
			d := &batch[i]
			if t.b(bktData).Get(accountKey(d.Account.ID)) != nil {
				if err := t.deleteAccount(d.Account.ID); err != nil {
					return err
				}
			}
			if err := t.writeData(d); err != nil {
				return err
			}
		}
		return t.flushLater()
	})
}

// inAccount says which account of a batch a validation problem belongs to.
func inAccount(name string, err error) error {
	var ke *accounts.Error
	if !errors.As(err, &ke) {
		return err
	}
	out := *ke
	out.Msg = accounts.Say("storage.in_account", "Name", name, "Problem", accounts.ErrorPhrase(ke))
	return &out
}

// checkParent refuses a parent that is not stored (nor in pending, the
// parents of a batch being written) and a parent that would close a loop:
// a group's head cannot be its own subsidiary's subsidiary. The stored
// parents come from the summaries, one read per level.
func (t *txn) checkParent(a *accounts.Account, pending map[accounts.ID]accounts.ID) error {
	if a.ParentID == "" {
		return nil
	}
	parentOf := func(id accounts.ID) accounts.ID {
		if p, ok := pending[id]; ok {
			return p
		}
		s, ok, err := t.summary(id)
		if err != nil || !ok {
			return ""
		}
		return s.ParentID
	}
	if _, ok := pending[a.ParentID]; !ok && t.b(bktData).Get(accountKey(a.ParentID)) == nil {
		return invalid("storage.group.no_parent", "Name", a.Name)
	}
	loop := accounts.ParentLoop(a.ID, a.ParentID, parentOf)
	if loop == nil {
		return nil
	}
	names := make([]string, 0, len(loop)+1)
	names = append(names, a.Name)
	for _, id := range loop {
		names = append(names, t.accountName(id, a))
	}
	return invalid("storage.group.loop", "Name", a.Name, "Chain", strings.Join(names, " → "))
}

// accountName names id in a sentence: the account being written itself,
// else its summary's name, else its id.
func (t *txn) accountName(id accounts.ID, self *accounts.Account) string {
	if id == self.ID {
		return self.Name
	}
	if s, ok, err := t.summary(id); err == nil && ok {
		return s.Name
	}
	return string(id)
}
