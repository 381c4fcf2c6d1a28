package storage

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"

	"keycard/accounts"
)

// A visit's or a contact's fact carries a seal (visitFact.Seal,
// contactFact.Seal): the CRC-32C of the record followed by the fact's own
// fields. The integrity check reads the million visits and 150,000
// contacts of a large book; decoding their JSON was most of its time,
// though all the index entries, the summary and the fact itself are made of
// the fields the fact holds. So where the seal still matches (neither the
// record nor the fact has changed since they were written together, by
// putData or a rebuild, both of which decode the record), the check takes
// the record from its fact; where it does not, the check decodes the record
// as before and names what is wrong. CRC-32C is made to find damaged bytes,
// and the hardware computes it at several GB/s.

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// The facts' array heads and their last field: a byte string of four bytes.
const (
	factHead        = 0x80 | 7  // an array of visitFact's seven fields
	contactFactHead = 0x80 | 13 // an array of contactFact's thirteen
	sealHead        = 0x40 | 4  // a byte string of four
	sealLength      = 5
)

// sealedVisitFact encodes v's fact, sealed over record, the bytes v was
// read from.
func sealedVisitFact(v *accounts.Visit, record []byte) ([]byte, error) {
	f := visitFactOf(v)
	raw, err := factEnc.Marshal(&f) // a pointer: no copy into an interface
	return seal(raw, err, factHead, record)
}

// sealedContactFact is sealedVisitFact for a contact.
func sealedContactFact(c *accounts.Contact, record []byte) ([]byte, error) {
	f := contactFactOf(c)
	raw, err := factEnc.Marshal(&f)
	return seal(raw, err, contactFactHead, record)
}

// seal writes the seal of the fact raw (encoded as an array with the head
// head) over record into its last four bytes.
func seal(raw []byte, err error, head byte, record []byte) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	if len(raw) < 1+sealLength || raw[0] != head || raw[len(raw)-sealLength] != sealHead {
		panic("storage: the CBOR library wrote a fact in an unexpected shape") // TestSealIsTheLastFiveBytes
	}
	binary.BigEndian.PutUint32(raw[len(raw)-4:], sealOf(record, raw))
	return raw, nil
}

// sealOf is the seal of the record with the fact fact (whose own seal it
// leaves out).
func sealOf(record, fact []byte) uint32 {
	return crc32.Update(crc32.Checksum(record, castagnoli), castagnoli, fact[1:len(fact)-sealLength])
}

// sealed reports whether fact is a visit's or a contact's fact whose seal
// matches it and record.
func sealed(record, fact []byte) bool {
	return len(fact) > sealLength && (fact[0] == factHead || fact[0] == contactFactHead) &&
		fact[len(fact)-sealLength] == sealHead && binary.BigEndian.Uint32(fact[len(fact)-4:]) == sealOf(record, fact)
}

// visitBytes is what an account walk keeps of each of the account's visits
// beside its decoded form, in the same order: the record's bytes, the
// visit's data key, its stored fact when that was sealed with the record
// (nil otherwise), and its stored fact whatever it holds (nil when there
// is none; known only to a walk that reads the facts). All are the read
// transaction's memory.
type visitBytes struct {
	records, keys, facts, stored [][]byte
	contacts                     contactBytes
}

// contactBytes is visitBytes' like for the contacts: their records, and
// their stored facts where sealed with them.
type contactBytes struct {
	records, facts [][]byte
}

func (vb *visitBytes) reset() {
	vb.records, vb.keys, vb.facts, vb.stored = vb.records[:0], vb.keys[:0], vb.facts[:0], vb.stored[:0]
	vb.contacts.records, vb.contacts.facts = vb.contacts.records[:0], vb.contacts.facts[:0]
}

// isVisitFactKey reports whether a key of the facts bucket is a visit's
// (<account>/v/…; ids hold no slash).
func isVisitFactKey(k []byte) bool {
	i := bytes.IndexByte(k, '/')
	return i >= 0 && len(k) > i+2 && k[i+1] == kindVisit && k[i+2] == '/'
}

// key is the data key of the i-th visit.
func (vb *visitBytes) key(i int, acct accounts.ID, v *accounts.Visit) []byte {
	if vb != nil && i < len(vb.keys) && vb.keys[i] != nil {
		return vb.keys[i]
	}
	return visitKey(acct, v.At, v.ID)
}

// contact fills c from a sealed fact under key (account acct; the fact's
// bytes also in s), as decodeRiskContact would from the record; false if
// the fact cannot be read by hand.
func (sr *sealedReader) contact(acct accounts.ID, key []byte, s string, fact []byte, f *contactFact, c *accounts.Contact) bool {
	r := cborReader{b: fact, s: s}
	pre := len(acct) + 3 // "<acct>/c/"
	if !r.contactFact(f) || !r.end() || len(key) <= pre || key[pre-1] != '/' {
		return false
	}
	*c = contactOf(f, accounts.ID(borrow(key[pre:])), acct)
	return true
}

// sealedReader fills visits from their sealed facts (visit), keeping
// between calls what makes the next one cheaper.
type sealedReader struct {
	text []byte // a visit's time as its key has it
	zone lastZone
}

// visit fills v, whose list memory it reuses, from a sealed fact under key
// (account acct; the fact's bytes also in s), as decodeRiskVisit would from
// the record; false if the fact cannot be read by hand, or its key is not
// the one its visit's fields make.
func (sr *sealedReader) visit(acct accounts.ID, key []byte, s string, fact []byte, f *visitFact, v *accounts.Visit) bool {
	r := cborReader{b: fact, s: s}
	if !r.visitFact(f) || !r.end() {
		return false
	}
	pre := len(acct) + 3 // "<acct>/v/"
	if len(key) <= pre+len(visitTimeLayout) || key[pre-1] != '/' {
		return false
	}
	at := sr.zone.at(f)
	sr.text = appendVisitTime(sr.text[:0], at)
	if string(sr.text) != string(key[pre:pre+len(visitTimeLayout)]) {
		return false
	}
	id := accounts.ID(borrow(key[pre+len(visitTimeLayout):]))
	contacts, steps := v.ContactIDs[:0], v.NextSteps[:0]
	*v = accounts.Visit{Meta: accounts.Meta{ID: id}, AccountID: acct, At: at, Kind: f.Kind, Outcome: f.Outcome}
	if len(f.Contacts) > 0 {
		v.ContactIDs = append(contacts, f.Contacts...)
	}
	for i := range f.Steps {
		steps = append(steps, f.Steps[i].step())
	}
	if len(steps) > 0 {
		v.NextSteps = steps
	}
	return true
}
