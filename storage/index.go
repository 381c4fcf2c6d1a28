package storage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"
	"time"
	"unsafe"

	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
)

// txn is one write (or read) transaction with its buckets at hand.
type txn struct {
	tx  *bolt.Tx
	now time.Time
	// out collects the records this write changes, for the outbox of a
	// linked database (outbox.go); nil when nothing is to be queued.
	out *recorder
	// named holds the accounts whose contacts this transaction wrote
	// (putFact notes them): any other account's summary keeps its list of
	// contact names, so a visit written to an account of 200 contacts does
	// not read them.
	named map[accounts.ID]bool
	// later holds a bulk write's index entries until they can be put in
	// key order (later.go); nil for every other write.
	later *laterWrites
	// sums are the summaries this transaction stored (nil: deleted), for
	// the store's copy in memory once it commits (sumcache.go).
	sums map[accounts.ID]*Summary
}

// noteSummary records a summary stored or deleted (s nil).
func (t *txn) noteSummary(id accounts.ID, s *Summary) {
	if t.sums == nil {
		t.sums = map[accounts.ID]*Summary{}
	}
	t.sums[id] = s
}

func (t *txn) b(name []byte) *bolt.Bucket { return t.tx.Bucket(name) }

func (t *txn) get(key []byte, v any) (bool, error) {
	raw := t.b(bktData).Get(key)
	if raw == nil {
		return false, nil
	}
	if err := decodeRecord(raw, v); err != nil {
		return true, fmt.Errorf("decode %s: %w", key, err)
	}
	return true, nil
}

func (t *txn) putJSON(key []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	return t.putData(key, raw)
}

// afterPrefix returns the smallest key after every key starting with pre,
// which ends in '/'.
func afterPrefix(pre []byte) []byte {
	out := append([]byte(nil), pre...)
	out[len(out)-1]++
	return out
}

// emit writes (or deletes) one index entry.
type emit func(bucket, key, value []byte) error

func (t *txn) put(bucket, key, value []byte) error {
	if t.later != nil {
		t.later.put(bucket, key, value)
		return nil
	}
	return t.b(bucket).Put(key, value)
}

func (t *txn) del(bucket, key, _ []byte) error {
	if t.later != nil {
		delete(t.later.buckets[string(bucket)], string(key))
	}
	return t.b(bucket).Delete(key)
}

func indexAccount(a *accounts.Account, f emit) error {
	if err := f(bktOwner, ownerKey(a.Owner, a.ID), nil); err != nil {
		return err
	}
	if !a.RenewalDate.IsZero() {
		return f(bktRenewal, renewalKey(a.RenewalDate, a.ID), []byte(a.ID))
	}
	return nil
}

func indexChild(id accounts.ID, dataKey []byte, f emit) error {
	return f(bktIDs, []byte(id), dataKey)
}

// indexVisit emits a visit's entries: its id, and its open next steps.
// (Until schema 5 every visit also had an entry in idx_visits, a million
// keys in time order for the ten newest visits Today lists; recentVisits
// now finds those from the summaries' last visits, and a visit's write
// has five pages less to write.)
func indexVisit(v *accounts.Visit, dataKey []byte, f emit) error {
	// The id is the data key's end (visitKey): no copy of it, unless a
	// damaged record's key says otherwise.
	id := dataKey[max(0, len(dataKey)-len(v.ID)):]
	if string(id) != string(v.ID) {
		id = []byte(v.ID)
	}
	if err := f(bktIDs, id, dataKey); err != nil {
		return err
	}
	for _, n := range v.NextSteps {
		if n.Done {
			continue
		}
		if err := f(bktOpen, openKey(v.AccountID, n.Due, v.ID, n.ID), nil); err != nil {
			return err
		}
		if !n.Due.IsZero() {
			if err := f(bktDue, dueKey(n.Due, v.ID, n.ID), []byte(v.AccountID)); err != nil {
				return err
			}
		}
	}
	return nil
}

// claimID refuses an id that a record of another account already uses.
func (t *txn) claimID(bucket, key, value []byte) error {
	if !bytes.Equal(bucket, bktIDs) {
		return nil
	}
	if old := t.idGet(key); old != nil && !bytes.Equal(old, value) {
		return invalid("storage.id_used", "ID", key)
	}
	return nil
}

// indexData emits every index entry of one whole account, except its summary.
func indexData(d *accounts.AccountData, visitKeys visitKeys, f emit) error {
	if err := indexAccount(&d.Account, f); err != nil {
		return err
	}
	acct := d.Account.ID
	for i := range d.Contacts {
		if err := indexChild(d.Contacts[i].ID, childKey(acct, kindContact, d.Contacts[i].ID), f); err != nil {
			return err
		}
	}
	for i := range d.Links {
		if err := indexChild(d.Links[i].ID, childKey(acct, kindLink, d.Links[i].ID), f); err != nil {
			return err
		}
	}
	for i := range d.Warnings {
		if err := indexChild(d.Warnings[i].ID, childKey(acct, kindWarning, d.Warnings[i].ID), f); err != nil {
			return err
		}
	}
	for i := range d.Visits {
		v := &d.Visits[i]
		// The key is visitKey of v (made here, or so made or checked by
		// the caller).
		if err := indexVisit(v, visitKeys.of(i, acct, v), f); err != nil {
			return err
		}
	}
	return nil
}

// summaryOf computes an account's summary from all of its records. Check
// compares it with the summary kept up to date by refreshSummary.
func summaryOf(d *accounts.AccountData) Summary {
	a := &d.Account
	s := baseSummary(a)
	// The names in contact id order: the order the records are stored in,
	// so a copy to sort is needed only when d came from elsewhere.
	contacts := d.Contacts
	byID := func(a, b accounts.Contact) int { return strings.Compare(string(a.ID), string(b.ID)) }
	if !slices.IsSortedFunc(contacts, byID) {
		contacts = slices.SortedFunc(slices.Values(contacts), byID)
	}
	for i := range contacts {
		if c := &contacts[i]; c.Name != "" {
			s.ContactNames = append(s.ContactNames, c.Name)
		}
	}
	// The last visit in key order (time, then id).
	var last *accounts.Visit
	for i := range d.Visits {
		v := &d.Visits[i]
		if last == nil || visitKeyAfter(v, last) {
			last, s.LastVisit = v, accounts.DateOf(v.At)
		}
		for _, n := range v.NextSteps {
			if n.Done {
				continue
			}
			s.OpenFollowUps++
			if !n.Due.IsZero() && (s.NextFollowUp.IsZero() || n.Due.Before(s.NextFollowUp)) {
				s.NextFollowUp = n.Due
			}
		}
	}
	return s
}

// visitKeyAfter reports whether v's key sorts after w's: visitTime is
// fixed width in UTC, so for the years it keeps fixed (0-9999) the key
// order is the order of the instants, then of the ids; other years compare
// their keys' text.
func visitKeyAfter(v, w *accounts.Visit) bool {
	if inFixedYears(v.At) && inFixedYears(w.At) {
		// UTC also drops a monotonic reading, which Compare would
		// prefer to the wall time the key is made of.
		if c := v.At.UTC().Compare(w.At.UTC()); c != 0 {
			return c > 0
		}
		return v.ID > w.ID
	}
	return visitTime(v.At)+string(v.ID) > visitTime(w.At)+string(w.ID)
}

func inFixedYears(t time.Time) bool { y := t.UTC().Year(); return y >= 0 && y <= 9999 }

func baseSummary(a *accounts.Account) Summary {
	s := Summary{
		ID: a.ID, Name: a.Name, LegalName: a.LegalName, Owner: a.Owner, Tier: a.Tier, Stage: a.Stage,
		Industry: a.Industry, Region: a.Region, Tags: a.Tags, RenewalDate: a.RenewalDate,
		CadenceDays: a.CadenceDays, Version: a.Version, ParentID: a.ParentID, ExternalID: a.ExternalID,
	}
	if r, ok := a.LatestRevenue(); ok {
		s.Revenue = r.Amount
	}
	return s
}

// refreshSummary recomputes the summary of one account from its record,
// its contacts' names and the index keys, without decoding its visits
// (but the newest), so that a write to a large account stays fast.
func (t *txn) refreshSummary(acct accounts.ID) error {
	var a accounts.Account
	ok, err := t.get(accountKey(acct), &a)
	if err != nil || !ok {
		return err
	}
	s := baseSummary(&a)
	if err := t.contactNames(acct, &s); err != nil {
		return err
	}
	if s.LastVisit, err = t.lastVisit(acct); err != nil {
		return err
	}
	s.NextFollowUp = t.nextFollowUp(acct)
	opre := append([]byte(acct), 0)
	oc := t.b(bktOpen).Cursor()
	for k, _ := oc.Seek(opre); k != nil && bytes.HasPrefix(k, opre); k, _ = oc.Next() {
		s.OpenFollowUps++
	}
	return t.putSummary(&s)
}

// lastVisit is the date of the account's newest visit, zero when it has
// none. The newest visit's facts (written before the summary, in the same
// transaction) give its time without its texts.
func (t *txn) lastVisit(acct accounts.ID) (accounts.Date, error) {
	vpre := childKey(acct, kindVisit, "")
	c := t.b(bktData).Cursor()
	k, _ := c.Seek(afterPrefix(vpre))
	if k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}
	if k == nil || !bytes.HasPrefix(k, vpre) {
		return accounts.Date{}, nil
	}
	var last accounts.Visit
	p, _ := parseKey(k)
	if err := visitOfFact(p, t.b(bktFacts).Get(k), &last); err != nil {
		return accounts.Date{}, err
	}
	return accounts.DateOf(last.At), nil
}

// nextFollowUp is the earliest due date of the account's open next steps,
// zero when none has one: its first key in idx_open, where undated steps
// ("~") sort after every date.
func (t *txn) nextFollowUp(acct accounts.ID) accounts.Date {
	opre := append([]byte(acct), 0)
	k, _ := t.b(bktOpen).Cursor().Seek(opre)
	if k == nil || !bytes.HasPrefix(k, opre) {
		return accounts.Date{}
	}
	due, _, _ := bytes.Cut(k[len(opre):], []byte{0})
	if string(due) == "~" {
		return accounts.Date{}
	}
	d, _ := accounts.ParseDate(string(due))
	return d
}

// contactNames fills the summary's contact names: the stored summary's
// when this transaction wrote none of the account's contacts, else read
// from the contacts.
func (t *txn) contactNames(acct accounts.ID, s *Summary) error {
	if !t.named[acct] {
		if old, ok, err := t.summary(acct); ok && err == nil {
			s.ContactNames = old.ContactNames
			return nil
		}
	}
	c := t.b(bktData).Cursor()
	pre := childKey(acct, kindContact, "")
	for k, v := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, v = c.Next() {
		// Projections (here and below) read a field or two and write
		// nothing back, so encoding/json's leniency loses nothing.
		var n struct {
			Name string `json:"name"`
		}
		if err := json.Unmarshal(v, &n); err != nil {
			return fmt.Errorf("decode %s: %w", k, err)
		}
		if n.Name != "" {
			s.ContactNames = append(s.ContactNames, n.Name)
		}
	}
	return nil
}

func (t *txn) putSummary(s *Summary) error {
	cp := *s
	t.noteSummary(s.ID, &cp)
	return putSummaryRow(t.tx, s)
}

// deleteAccount removes the account, everything under its prefix and every
// index entry that points at them. Index keys are derived from the data keys
// and the account's open-step index, so no visit is decoded.
func (t *txn) deleteAccount(acct accounts.ID) error {
	if err := t.settle(acct); err != nil {
		return err
	}
	var a accounts.Account
	ok, err := t.get(accountKey(acct), &a)
	if err != nil {
		return err
	}
	if ok {
		if err := indexAccount(&a, t.del); err != nil {
			return err
		}
	}
	data := t.b(bktData)
	var keys [][]byte
	pre := accountPrefix(acct)
	c := data.Cursor()
	for k, _ := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, _ = c.Next() {
		keys = append(keys, append([]byte(nil), k...))
	}
	for _, k := range keys {
		if p, ok := parseKey(k); ok && p.id != "" {
			if err := t.idDelete([]byte(p.id)); err != nil {
				return err
			}
		}
		if err := t.delData(k); err != nil {
			return err
		}
	}
	open := t.b(bktOpen)
	var okeys [][]byte
	opre := append([]byte(acct), 0)
	oc := open.Cursor()
	for k, _ := oc.Seek(opre); k != nil && bytes.HasPrefix(k, opre); k, _ = oc.Next() {
		okeys = append(okeys, append([]byte(nil), k...))
	}
	for _, k := range okeys {
		parts := bytes.Split(k, []byte{0})
		if len(parts) == 4 && string(parts[1]) != "~" {
			if err := t.b(bktDue).Delete(join0(string(parts[1]), string(parts[2]), string(parts[3]))); err != nil {
				return err
			}
		}
		if err := open.Delete(k); err != nil {
			return err
		}
	}
	t.noteSummary(acct, nil)
	return deleteSummaryRow(t.tx, acct)
}

// writeData writes one whole account as given (ids, versions and timestamps
// kept), with all of its index entries and its summary. The caller has
// removed any previous version of the account.
func (t *txn) writeData(d *accounts.AccountData) error {
	acct := d.Account.ID
	if t.later != nil {
		t.later.written[acct] = true
	}
	if err := indexData(d, nil, t.claimID); err != nil {
		return err
	}
	if err := t.putJSON(accountKey(acct), &d.Account); err != nil {
		return err
	}
	for i := range d.Contacts {
		if err := t.putJSON(childKey(acct, kindContact, d.Contacts[i].ID), &d.Contacts[i]); err != nil {
			return err
		}
	}
	for i := range d.Links {
		if err := t.putJSON(childKey(acct, kindLink, d.Links[i].ID), &d.Links[i]); err != nil {
			return err
		}
	}
	for i := range d.Warnings {
		if err := t.putJSON(childKey(acct, kindWarning, d.Warnings[i].ID), &d.Warnings[i]); err != nil {
			return err
		}
	}
	for i := range d.Visits {
		v := &d.Visits[i]
		if err := t.putJSON(visitKey(acct, v.At, v.ID), v); err != nil {
			return err
		}
	}
	if d.Plan != nil {
		if err := t.putJSON(singleKey(acct, kindPlan), d.Plan); err != nil {
			return err
		}
	}
	if d.Layout != nil {
		if err := t.putJSON(singleKey(acct, kindLayout), d.Layout); err != nil {
			return err
		}
	}
	if err := indexData(d, nil, t.put); err != nil {
		return err
	}
	s := summaryOf(d)
	return t.putSummary(&s)
}

// loadData reads everything of one account; visits newest first.
func (t *txn) loadData(acct accounts.ID) (*accounts.AccountData, error) {
	d := &accounts.AccountData{}
	ok, err := t.get(accountKey(acct), &d.Account)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, notFound("account", acct)
	}
	if err := decodeRange(t.b(bktData), accountPrefix(acct), d); err != nil {
		return nil, err
	}
	for i, j := 0, len(d.Visits)-1; i < j; i, j = i+1, j-1 {
		d.Visits[i], d.Visits[j] = d.Visits[j], d.Visits[i]
	}
	return d, nil
}

// decodeVisits decodes raw visits into out, on two goroutines when there
// are many: opening a large account is mostly JSON decoding.
func decodeVisits(raws [][]byte, out []accounts.Visit) error {
	if len(raws) < 256 {
		for i, raw := range raws {
			if err := decodeVisitRecord(raw, &out[i]); err != nil {
				return fmt.Errorf("decode visit: %w", err)
			}
		}
		return nil
	}
	half := len(raws) / 2
	errc := make(chan error, 1)
	go func() {
		// raws point into the mapped file: a fault here is damage, as in guard.
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer func() {
			if r := recover(); r != nil {
				errc <- fmt.Errorf("%w: decoding visits: %v", ErrDamaged, r)
			}
		}()
		errc <- decodeVisits(raws[half:], out[half:])
	}()
	err := decodeVisits(raws[:half], out[:half])
	if err2 := <-errc; err == nil {
		err = err2
	}
	return err
}

// decodeRange decodes the children under pre into d (visits oldest first).
func decodeRange(data *bolt.Bucket, pre []byte, d *accounts.AccountData) error {
	var raws [][]byte // valid until the transaction ends
	c := data.Cursor()
	for k, v := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, v = c.Next() {
		var err error
		switch k[len(pre)] {
		case kindAccount:
			continue
		case kindContact:
			d.Contacts = append(d.Contacts, accounts.Contact{})
			err = decodeRecord(v, &d.Contacts[len(d.Contacts)-1])
		case kindLink:
			d.Links = append(d.Links, accounts.InfluenceLink{})
			err = decodeRecord(v, &d.Links[len(d.Links)-1])
		case kindVisit:
			raws = append(raws, v)
		case kindWarning:
			d.Warnings = append(d.Warnings, accounts.Warning{})
			err = decodeRecord(v, &d.Warnings[len(d.Warnings)-1])
		case kindPlan:
			d.Plan = &accounts.Plan{}
			err = decodeRecord(v, d.Plan)
		case kindLayout:
			d.Layout = &accounts.MapLayout{}
			err = decodeRecord(v, d.Layout)
		default:
			err = errors.New("unknown kind of record")
		}
		if err != nil {
			return fmt.Errorf("decode %s: %w", k, err)
		}
	}
	d.Visits = make([]accounts.Visit, len(raws))
	return decodeVisits(raws, d.Visits)
}

// decodeIndexed decodes the children under pre into d, keeping only what the
// indexes, the summary and the facts are made of (contacts and visits as
// the risk inputs read them, without their texts); plans and layouts are
// skipped. Check and the index rebuild read every record of the file, and a
// full decode of a million visits would take most of their time. These are
// projections that write nothing back; visits go through the strict
// decodeRiskVisit. own copies a record out of the transaction's memory: the
// strings decoded are cut out of the copy.
func decodeIndexed(data *bolt.Bucket, pre []byte, d *accounts.AccountData, own func([]byte) string, vis *visitReader) error {
	c := data.Cursor()
	for k, v := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, v = c.Next() {
		var err error
		switch k[len(pre)] {
		case kindContact:
			d.Contacts = grow(d.Contacts)
			err = vis.contact(d.Account.ID, k, v, own, &d.Contacts[len(d.Contacts)-1])
		case kindLink, kindWarning:
			var id accounts.ID
			id, err = decodeIDIn(v, own(v))
			if k[len(pre)] == kindLink {
				d.Links = append(d.Links, accounts.InfluenceLink{Meta: accounts.Meta{ID: id}})
			} else {
				d.Warnings = append(d.Warnings, accounts.Warning{Meta: accounts.Meta{ID: id}})
			}
		case kindVisit:
			d.Visits = grow(d.Visits)
			err = vis.read(d.Account.ID, k, v, own, &d.Visits[len(d.Visits)-1])
		case kindAccount, kindPlan, kindLayout:
		default:
			err = errors.New("unknown kind of record")
		}
		if err != nil {
			return fmt.Errorf("decode %s: %w", k, err)
		}
	}
	return nil
}

// visitReader reads the visits of an account walk, noting their bytes
// (visitBytes). With facts set (the integrity check) it takes a visit from
// its fact where that is sealed with the record (sealed.go), and decodes the
// record only where it is not.
type visitReader struct {
	vb     visitBytes
	facts  *bolt.Cursor // over the facts bucket; nil: decode every record
	onFact bool         // facts is on the last visit's fact, or near it
	fact   visitFact    // decoded into again and again
	cfact  contactFact
	sealed sealedReader
}

func (r *visitReader) read(acct accounts.ID, k, raw []byte, own func([]byte) string, v *accounts.Visit) error {
	r.vb.records = append(r.vb.records, raw)
	f := r.factOf(k)
	r.vb.stored = append(r.vb.stored, f)
	if sealed(raw, f) && f[0] == factHead && r.sealed.visit(acct, k, own(f), f, &r.fact, v) {
		r.vb.keys, r.vb.facts = append(r.vb.keys, k), append(r.vb.facts, f)
		return nil
	}
	r.vb.keys, r.vb.facts = append(r.vb.keys, nil), append(r.vb.facts, nil)
	return decodeRiskVisitIn(raw, own(raw), v)
}

func (r *visitReader) contact(acct accounts.ID, k, raw []byte, own func([]byte) string, c *accounts.Contact) error {
	cb := &r.vb.contacts
	cb.records = append(cb.records, raw)
	if f := r.factOf(k); sealed(raw, f) && f[0] == contactFactHead && r.sealed.contact(acct, k, own(f), f, &r.cfact, c) {
		cb.facts = append(cb.facts, f)
		return nil
	}
	cb.facts = append(cb.facts, nil)
	return decodeRiskContactIn(raw, own(raw), c)
}

// factOf is the stored fact under k, found by stepping the facts cursor
// forward: the facts and the data share their keys' order, so the walk
// meets them in step.
func (r *visitReader) factOf(k []byte) []byte {
	if r.facts == nil {
		return nil
	}
	var fk, fv []byte
	if r.onFact {
		fk, fv = r.facts.Next()
	}
	if !r.onFact || !bytes.Equal(fk, k) {
		fk, fv = r.facts.Seek(k) // an account's first visit, or a fact missing
	}
	r.onFact = fk != nil
	if !bytes.Equal(fk, k) {
		return nil
	}
	return fv
}

// grow lengthens s by one element. Unlike append it leaves an element
// already in the memory as it was, so that a reused visit keeps the memory
// of its lists (riskVisit empties them).
func grow[T any](s []T) []T {
	if len(s) < cap(s) {
		return s[:len(s)+1]
	}
	var zero T
	return append(s, zero)
}

// forEachAccount decodes every account in turn with what its index entries
// and summary are made of (see decodeIndexed; visits oldest first); orphan is
// called for records whose account is missing.
func forEachAccount(tx *bolt.Tx, fn func(d *accounts.AccountData, vb *visitBytes) error, orphan func(key []byte)) error {
	return forEachAccountIn(tx, nil, nil, fn, orphan)
}

// forEachAccountIn is forEachAccount over the keys in [from, to); nil
// leaves that end open. Bounds at account prefixes keep each account whole.
func forEachAccountIn(tx *bolt.Tx, from, to []byte, fn func(d *accounts.AccountData, vb *visitBytes) error, orphan func(key []byte)) error {
	return (&accountWalk{}).run(tx, from, to, fn, orphan)
}

// accountWalk walks the accounts as forEachAccountIn does. With reuse set
// it decodes every account into the same AccountData, and the strings it
// decodes are not copies but the transaction's own memory, so a walk of a
// large book allocates and copies almost nothing. fn must then keep nothing
// of d, not even after the walk (the transaction's memory is the file's
// mapping): the integrity check, which only hashes what it is given, walks
// so.
//
// With sealed set, visits come from their facts where the seal allows
// (visitReader): only the check, which compares what it derives with what
// is stored, walks so.
type accountWalk struct {
	reuse, sealed bool
	d             accounts.AccountData
}

func (w *accountWalk) run(tx *bolt.Tx, from, to []byte, fn func(d *accounts.AccountData, vb *visitBytes) error, orphan func(key []byte)) error {
	own := func(b []byte) string { return string(b) }
	if w.reuse {
		own = borrow
	}
	var vis visitReader
	if facts := tx.Bucket(bktFacts); w.sealed && w.reuse && facts != nil { // its ids are the transaction's memory
		vis.facts = facts.Cursor()
	}
	data := tx.Bucket(bktData)
	c := data.Cursor()
	k, _ := c.First()
	if from != nil {
		k, _ = c.Seek(from)
	}
	for k != nil && (to == nil || bytes.Compare(k, to) < 0) {
		p, ok := parseKey(k)
		if !ok {
			orphan(k)
			k, _ = c.Next()
			continue
		}
		pre := accountPrefix(p.account)
		d := w.next()
		raw := data.Get(accountKey(p.account))
		if raw == nil {
			orphan(k)
		} else {
			if err := decodeRecord(raw, &d.Account); err != nil {
				return fmt.Errorf("decode account %s: %w", p.account, err)
			}
			vis.vb.reset()
			if err := decodeIndexed(data, pre, d, own, &vis); err != nil {
				return err
			}
			if err := fn(d, &vis.vb); err != nil {
				return err
			}
		}
		// Skip to the first key after this account's range.
		k, _ = c.Seek(afterPrefix(pre))
	}
	return nil
}

// next is the AccountData the next account decodes into.
func (w *accountWalk) next() *accounts.AccountData {
	if !w.reuse {
		return &accounts.AccountData{}
	}
	w.d = accounts.AccountData{Contacts: w.d.Contacts[:0], Links: w.d.Links[:0], Warnings: w.d.Warnings[:0], Visits: w.d.Visits[:0]}
	return &w.d
}

// borrow is b as a string without a copy: only for bytes that stay as
// they are for as long as the string is used (a read transaction's records,
// while it is open).
func borrow(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// rebuildIndexes empties every index bucket and fills it again from the
// records: the migration to schema 2, and a repair.
func rebuildIndexes(tx *bolt.Tx) error {
	for _, b := range indexBuckets {
		if tx.Bucket(b) != nil {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		if _, err := tx.CreateBucket(b); err != nil {
			return err
		}
	}
	t := &txn{tx: tx}
	return forEachAccount(tx, func(d *accounts.AccountData, vb *visitBytes) error {
		if err := indexData(d, nil, t.put); err != nil {
			return err
		}
		if tx.Bucket(bktFacts) != nil { // schema 3 on: see rebuildFacts
			if err := factData(d, vb, t.put); err != nil {
				return err
			}
		}
		s := summaryOf(d)
		return t.putSummary(&s)
	}, func([]byte) {})
}
