package storage

import (
	"bytes"
	"fmt"
	"sync"
	"time"

	"github.com/fxamacker/cbor/v2"
	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
)

// Facts are the few fields of a contact or a visit that the portfolio-wide
// reads need (the risk rules, Today's follow-ups and birthdays), kept in
// the bucket `facts` under the record's own data key, CBOR-encoded as
// arrays. On a large book the visit texts are nine tenths of the file: the
// risk scan read 2.9 GB of JSON to use a few fields of each record, and
// Today decoded 32,000 whole visits to show a dozen follow-ups.
//
// They are written by the one funnel every record write goes through
// (putData, delData), from the record's stored bytes, so no write path can
// forget them; Check compares them with the records, and the migration to
// schema 3 builds them. The contacts' birthdays are indexed by month and day
// in `idx_birthday` beside them.

// visitFact is what the risk rules and Today read of a visit. The visit's
// id and account are in its key.
//
// Seal (schema 4) is the CRC-32C of the visit's record followed by the
// fact's own fields (its encoding between the array's head and the seal):
// while both are as they were written, the integrity check takes the visit
// from its fact and need not decode the record's JSON, which was most of
// its time on a large book (sealed.go). It is always the fact's last five
// bytes: a byte string of four.
type visitFact struct {
	_        struct{} `cbor:",toarray"`
	At       int64    // Unix nanoseconds
	Offset   int32    // seconds east of UTC the time was written with
	Kind     accounts.VisitKind
	Outcome  accounts.Outcome
	Contacts []accounts.ID
	Steps    []stepFact
	Seal     [4]byte
}

// stepFact is a next step with its text: Today lists it.
type stepFact struct {
	_      struct{} `cbor:",toarray"`
	ID     accounts.ID
	Owner  string
	Due    int32 // dateNum
	Done   bool
	DoneOn int32
	Text   string
}

// step is the next step the fact describes.
func (s *stepFact) step() accounts.NextStep {
	return accounts.NextStep{ID: s.ID, Owner: s.Owner, Due: numDate(s.Due), Done: s.Done, DoneOn: numDate(s.DoneOn), Text: s.Text}
}

// lastZone keeps the zone of the last visit time read from a fact: a
// book's visits have a handful of offsets, mostly one, and looking each
// up in zones was a tenth of reading a fact.
type lastZone struct {
	zone   *time.Location
	offset int32
}

// at is the fact's time in the zone it was written with.
func (z *lastZone) at(f *visitFact) time.Time {
	if z.zone == nil || z.offset != f.Offset {
		z.zone, z.offset = zoneAt(f.Offset), f.Offset
	}
	return time.Unix(0, f.At).In(z.zone)
}

// contactOf is the contact the fact under a key (id, account) describes,
// with only the fields of contactFact.
func contactOf(f *contactFact, id, acct accounts.ID) accounts.Contact {
	return accounts.Contact{Meta: accounts.Meta{ID: id}, AccountID: acct, Placeholder: f.Placeholder, Name: f.Name,
		Title: f.Title, ReportsTo: f.ReportsTo, Role: f.Role, Influence: f.Influence, Attitude: f.Attitude, Trust: f.Trust,
		Status: f.Status, LeftOn: numDate(f.LeftOn), MovedTo: f.MovedTo, Birthday: numDate(f.Birthday)}
}

// contactFact is what the risk rules, the decision map's score and Today's
// birthdays read of a contact; the id and account are in its key.
type contactFact struct {
	_           struct{} `cbor:",toarray"`
	Placeholder bool
	Name        string
	Title       string
	ReportsTo   accounts.ID
	Role        accounts.BuyingRole
	Influence   int
	Attitude    accounts.Attitude
	Trust       accounts.Trust
	Status      accounts.ContactStatus
	LeftOn      int32
	MovedTo     accounts.ID
	Birthday    int32
	Seal        [4]byte // as visitFact's, over the contact's record (schema 4)
}

var (
	factEnc cbor.EncMode
	factDec cbor.DecMode
)

func init() {
	var err error
	if factEnc, err = (cbor.EncOptions{}).EncMode(); err != nil {
		panic(err) // the options are constants
	}
	if factDec, err = (cbor.DecOptions{}).DecMode(); err != nil {
		panic(err)
	}
}

// dateNum packs a date as yyyymmdd (0 for none), the smallest CBOR integer
// that keeps its order.
func dateNum(d accounts.Date) int32 {
	if d.IsZero() {
		return 0
	}
	return int32(d.Year*10000 + int(d.Month)*100 + d.Day)
}

func numDate(n int32) accounts.Date {
	if n == 0 {
		return accounts.Date{}
	}
	return accounts.Date{Year: int(n / 10000), Month: time.Month(n / 100 % 100), Day: int(n % 100)}
}

// factOf encodes the fact of the record raw under the data key; nil for a
// record of a kind that has none. It decodes the record as the risk inputs
// and Check do (decodeIndexed), so a fact written here is the one Check
// expects.
func factOf(key, raw []byte) ([]byte, error) {
	p, ok := parseKey(key)
	if !ok {
		return nil, nil
	}
	switch p.kind {
	case kindVisit:
		var v accounts.Visit
		if err := decodeRiskVisit(raw, &v); err != nil {
			return nil, fmt.Errorf("decode %s: %w", key, err)
		}
		return sealedVisitFact(&v, raw)
	case kindContact:
		var c accounts.Contact
		if err := decodeRiskContact(raw, &c); err != nil {
			return nil, fmt.Errorf("decode %s: %w", key, err)
		}
		return sealedContactFact(&c, raw)
	}
	return nil, nil
}

// factData emits the facts and birthday entries of one whole account, as
// decodeIndexed reads it: for Check and the rebuild. vb holds the visits'
// records, which their facts' seals cover, and the facts already found
// sealed (emitted as they are).
func factData(d *accounts.AccountData, vb *visitBytes, f emit) error {
	if err := contactFacts(d, &vb.contacts, f); err != nil {
		return err
	}
	return visitFacts(d, vb, f)
}

// contactFacts emits the facts and birthday entries of d's contacts: sealed
// already (cb.facts), or sealed here over their records.
func contactFacts(d *accounts.AccountData, cb *contactBytes, f emit) error {
	acct := d.Account.ID
	for i := range d.Contacts {
		c := &d.Contacts[i]
		key := childKey(acct, kindContact, c.ID)
		raw := cb.facts[i]
		if raw == nil {
			var err error
			if raw, err = sealedContactFact(c, cb.records[i]); err != nil {
				return err
			}
		}
		if err := f(bktFacts, key, raw); err != nil {
			return err
		}
		if !c.Birthday.IsZero() {
			if err := f(bktBirthdays, birthdayKey(c.Birthday, key), nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// visitFacts emits the facts of d's visits: sealed already (vb.facts), or
// sealed here over their records.
func visitFacts(d *accounts.AccountData, vb *visitBytes, f emit) error {
	acct := d.Account.ID
	for i := range d.Visits {
		v := &d.Visits[i]
		raw := vb.facts[i]
		if raw == nil {
			var err error
			if raw, err = sealedVisitFact(v, vb.records[i]); err != nil {
				return err
			}
		}
		if err := f(bktFacts, vb.key(i, acct, v), raw); err != nil {
			return err
		}
	}
	return nil
}

// visitKeys are the data keys of an account's visits, in the order of its
// visits, when a caller has already built them (nil: built here).
type visitKeys [][]byte

func (ks visitKeys) of(i int, acct accounts.ID, v *accounts.Visit) []byte {
	if ks != nil {
		return ks[i]
	}
	return visitKey(acct, v.At, v.ID)
}

func visitFactOf(v *accounts.Visit) visitFact {
	_, off := v.At.Zone()
	// An empty list and none encode alike, whichever decoder read the visit.
	f := visitFact{At: v.At.UnixNano(), Offset: int32(off), Kind: v.Kind, Outcome: v.Outcome}
	if len(v.ContactIDs) > 0 {
		f.Contacts = v.ContactIDs
	}
	for _, s := range v.NextSteps {
		f.Steps = append(f.Steps, stepFact{ID: s.ID, Owner: s.Owner, Due: dateNum(s.Due), Done: s.Done, DoneOn: dateNum(s.DoneOn), Text: s.Text})
	}
	return f
}

func contactFactOf(c *accounts.Contact) contactFact {
	return contactFact{Placeholder: c.Placeholder, Name: c.Name, Title: c.Title, ReportsTo: c.ReportsTo, Role: c.Role,
		Influence: c.Influence, Attitude: c.Attitude, Trust: c.Trust, Status: c.Status, LeftOn: dateNum(c.LeftOn),
		MovedTo: c.MovedTo, Birthday: dateNum(c.Birthday)}
}

// visitOfFact is the visit the fact under key describes, without its texts
// (the next steps keep theirs).
func visitOfFact(p parsedKey, raw []byte, v *accounts.Visit) error {
	return (&riskArena{}).visitOfFact(p, raw, string(raw), v)
}

// zones are the fixed zones of the offsets visit times were written with,
// made once each: a FixedZone per visit was a third of the risk walk's
// allocations, and a book has a handful of offsets.
var zones sync.Map // int32 → *time.Location

// zoneAt is the zone offset seconds east of UTC; UTC for 0.
func zoneAt(offset int32) *time.Location {
	if offset == 0 {
		return time.UTC
	}
	if z, ok := zones.Load(offset); ok {
		return z.(*time.Location)
	}
	z, _ := zones.LoadOrStore(offset, time.FixedZone("", int(offset)))
	return z.(*time.Location)
}

// contactOfFact is the contact the fact under key describes, with only the
// fields of contactFact.
func contactOfFact(p parsedKey, raw []byte, c *accounts.Contact) error {
	return contactOfFactIn(p, raw, string(raw), c)
}

// contactOfFactIn is contactOfFact with raw's bytes already in s, which the
// contact's strings are cut out of.
func contactOfFactIn(p parsedKey, raw []byte, s string, c *accounts.Contact) error {
	var f contactFact
	if err := decodeContactFact(raw, s, &f); err != nil {
		return fmt.Errorf("decode the facts of contact %s: %w", p.id, err)
	}
	*c = contactOf(&f, p.id, p.account)
	return nil
}

// birthdayKey is a contact's entry in idx_birthday: "MM-DD", NUL, its data key.
func birthdayKey(d accounts.Date, dataKey []byte) []byte {
	return append([]byte(fmt.Sprintf("%02d-%02d\x00", int(d.Month), d.Day)), dataKey...)
}

// putFact keeps the facts and the birthday index of the record under key
// in step with raw, its new value (nil: deleted).
func (t *txn) putFact(key, raw []byte) error {
	p, ok := parseKey(key)
	if !ok || (p.kind != kindVisit && p.kind != kindContact) {
		return nil
	}
	facts := t.b(bktFacts)
	if p.kind == kindContact {
		if t.named == nil {
			t.named = map[accounts.ID]bool{}
		}
		t.named[p.account] = true
		if err := t.dropBirthday(key, facts.Get(key)); err != nil {
			return err
		}
	}
	if raw == nil {
		return facts.Delete(key)
	}
	f, err := factOf(key, raw)
	if err != nil {
		return err
	}
	if err := facts.Put(key, f); err != nil {
		return err
	}
	if p.kind == kindContact {
		return t.addBirthday(p, key, f)
	}
	return nil
}

func (t *txn) dropBirthday(key, old []byte) error {
	if old == nil {
		return nil
	}
	var c accounts.Contact
	if err := contactOfFact(parsedKey{}, old, &c); err != nil || c.Birthday.IsZero() {
		return nil // a damaged fact is rewritten below; Check names it
	}
	return t.del(bktBirthdays, birthdayKey(c.Birthday, key), nil)
}

func (t *txn) addBirthday(p parsedKey, key, f []byte) error {
	var c accounts.Contact
	if err := contactOfFact(p, f, &c); err != nil {
		return err
	}
	if c.Birthday.IsZero() {
		return nil
	}
	return t.put(bktBirthdays, birthdayKey(c.Birthday, key), nil)
}

// rebuildFacts empties the facts and the birthday index and fills them
// again from the records: the migrations to schema 3 and 4, and a repair.
func rebuildFacts(tx *bolt.Tx) error {
	for _, b := range factBuckets {
		if tx.Bucket(b) != nil {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		nb, err := tx.CreateBucket(b)
		if err != nil {
			return err
		}
		// The facts come in key order: full pages, not bbolt's half-full
		// default, which suits random inserts.
		nb.FillPercent = 0.9
	}
	t := &txn{tx: tx}
	return forEachAccount(tx, func(d *accounts.AccountData, vb *visitBytes) error { return factData(d, vb, t.put) }, func([]byte) {})
}

// birthdays returns the contacts whose birthday (month and day) falls from
// from to days days after it, with the fields of their facts; a 29 February
// birthday falls on 1 March in other years, as NextAnniversary has it.
func (s *Store) birthdays(from accounts.Date, days int) ([]accounts.Contact, error) {
	var out []accounts.Contact
	err := s.view(func(t *txn) error {
		seen := map[string]bool{}
		c, facts := t.b(bktBirthdays).Cursor(), t.b(bktFacts)
		var prefixes [][]byte
		for i := 0; i <= days; i++ {
			d := from.AddDays(i)
			prefixes = append(prefixes, birthdayKey(d, nil))
			if d.Month == time.March && d.Day == 1 && d.AddDays(-1).Day == 28 {
				prefixes = append(prefixes, []byte("02-29\x00"))
			}
		}
		for _, pre := range prefixes {
			if seen[string(pre)] {
				continue
			}
			seen[string(pre)] = true
			for k, _ := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, _ = c.Next() {
				key := k[len(pre):]
				p, ok := parseKey(key)
				raw := facts.Get(key)
				if !ok || raw == nil {
					return fmt.Errorf("idx_birthday names %q, which has no facts", key)
				}
				out = append(out, accounts.Contact{})
				if err := contactOfFact(p, raw, &out[len(out)-1]); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return out, err
}
