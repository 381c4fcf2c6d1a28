package storage

import (
	"encoding/binary"
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"keycard/accounts"
)

// decodeSummary reads a Summary as written by json.Marshal. The portfolio
// list decodes every summary in the file, and encoding/json's reflection
// made that list miss its budget at 10,000 accounts, so the flat shape is
// read by hand here; anything unexpected (a field it does not know among
// them) falls back to encoding/json, strictly in tests (strict.go).
func decodeSummary(raw []byte, s *Summary) error {
	// One copy of the whole value; the strings are cut out of it.
	r := jsonReader{b: raw, s: string(raw)}
	if r.summary(s) && r.end() {
		return nil
	}
	*s = Summary{}
	return decodeRecord(raw, s)
}

// decodeIDIn reads only the "id" of a record (a link's, a warning's): what
// its index entries are made of. The other fields are passed over; what the
// hand reader cannot read goes to encoding/json.
// s holds raw's bytes (a copy, or the transaction's memory: see
// accountWalk); the id is cut out of it.
func decodeIDIn(raw []byte, s string) (accounts.ID, error) {
	var id accounts.ID
	r := jsonReader{b: raw, s: s}
	if r.object(func(k string) bool {
		if k != "id" {
			return r.skip()
		}
		var ok bool
		id, ok = strOf[accounts.ID](&r)
		return ok
	}) && r.end() {
		return id, nil
	}
	var x struct {
		ID accounts.ID `json:"id"`
	}
	err := json.Unmarshal(raw, &x)
	return x.ID, err
}

type jsonReader struct {
	b []byte
	s string // b as a string, so unescaped strings need no allocation
	i int
}

func (r *jsonReader) ws() {
	// json.Marshal writes no space: one comparison settles most calls.
	for r.i < len(r.b) && r.b[r.i] <= ' ' && (r.b[r.i] == ' ' || r.b[r.i] == '\n' || r.b[r.i] == '\t' || r.b[r.i] == '\r') {
		r.i++
	}
}

func (r *jsonReader) byte(c byte) bool {
	r.ws()
	if r.i < len(r.b) && r.b[r.i] == c {
		r.i++
		return true
	}
	return false
}

func (r *jsonReader) end() bool { r.ws(); return r.i == len(r.b) }

// str reads a string; escaped strings are unquoted by encoding/json.
func (r *jsonReader) str() (string, bool) {
	r.ws()
	if r.i >= len(r.b) || r.b[r.i] != '"' {
		return "", false
	}
	start := r.i
	escaped, long := false, false
	var seen byte // every byte looked at, ORed: ASCII needs no UTF-8 check
	for j := r.i + 1; j < len(r.b); j++ {
		if !long && j-start > 24 {
			// A long string: eight bytes and more a step from here
			// (keys and ids, most of what is read, are shorter).
			long = true
			if j = plainRun(r.b, j); j >= len(r.b) {
				break
			}
		}
		c := r.b[j]
		seen |= c
		switch {
		case c == '\\':
			escaped = true
			j++
		case c < 0x20:
			return "", false
		case c == '"':
			r.i = j + 1
			// Invalid UTF-8 too goes to encoding/json, which reads it as
			// U+FFFD (json.Marshal never writes it: only damage does).
			if !escaped && (seen < 0x80 && !long || utf8.Valid(r.b[start+1:j])) {
				return r.s[start+1 : j], true
			}
			var s string
			if json.Unmarshal(r.b[start:j+1], &s) != nil {
				return "", false
			}
			return s, true
		}
	}
	return "", false
}

// plainRun returns the index of the first byte from i on that a JSON
// string cannot hold as it is (a quote, a backslash, a control character),
// or one at which fewer than eight bytes are left, looking at eight bytes at
// a time: reading strings was the largest part of decoding a million visits.
func plainRun(b []byte, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	special := func(w uint64) uint64 {
		q, bs := w^(ones*'"'), w^(ones*'\\')
		// Each term has a high bit set if some byte is below 0x20, or is
		// zero after the XOR (the classic has-less and has-zero tests,
		// exact about whether there is one); the byte loop then finds it.
		return ((w-ones*0x20)&^w | (q-ones)&^q | (bs-ones)&^bs) & highs
	}
	// Sixteen bytes a step while they last (texts are most of a record),
	// then eight.
	for ; i+16 <= len(b); i += 16 {
		c := b[i : i+16 : i+16]
		if special(binary.LittleEndian.Uint64(c))|special(binary.LittleEndian.Uint64(c[8:])) != 0 {
			break
		}
	}
	for ; i+8 <= len(b); i += 8 {
		if special(binary.LittleEndian.Uint64(b[i:])) != 0 {
			break
		}
	}
	return i
}

// strOf reads a string as one of the domain's string types (an id, a code).
func strOf[T ~string](r *jsonReader) (T, bool) {
	s, ok := r.str()
	return T(s), ok
}

func (r *jsonReader) int() (int64, bool) {
	r.ws()
	j := r.i
	if j < len(r.b) && r.b[j] == '-' {
		j++
	}
	digits := j
	for j < len(r.b) && r.b[j] >= '0' && r.b[j] <= '9' {
		j++
	}
	if j-digits > 1 && r.b[digits] == '0' {
		return 0, false // JSON has no leading zeros
	}
	n, err := strconv.ParseInt(string(r.b[r.i:j]), 10, 64)
	r.i = j
	return n, err == nil
}

func (r *jsonReader) strs() ([]string, bool) {
	if r.byte('n') {
		return nil, r.lit("ull")
	}
	// Counted first (skipping is a search for quotes), so that the list is
	// made once: growing it was a fifth of reading the summaries.
	n := 0
	look := *r
	look.array(func() bool { n++; return look.skip() })
	out := make([]string, 0, n)
	ok := r.array(func() bool {
		s, ok := r.str()
		out = append(out, s)
		return ok
	})
	return out, ok
}

func (r *jsonReader) lit(rest string) bool {
	if len(r.b)-r.i < len(rest) || string(r.b[r.i:r.i+len(rest)]) != rest {
		return false
	}
	r.i += len(rest)
	return true
}

// date reads a date as encoding/json does, through the date's own parser
// (its fast path for the stored "2006-01-02" allocates nothing).
func (r *jsonReader) date() (accounts.Date, bool) {
	s, ok := r.str()
	if !ok {
		return accounts.Date{}, false
	}
	v, err := accounts.ParseDate(s)
	return v, err == nil
}

func (r *jsonReader) money(m *accounts.Money) bool {
	return r.object(func(k string) bool {
		ok := false
		switch k {
		case "minor":
			m.Minor, ok = r.int()
		case "currency":
			m.Currency, ok = r.str()
		}
		return ok
	})
}

func (r *jsonReader) summary(s *Summary) bool {
	return r.object(func(k string) bool {
		ok := false
		var n int64
		switch k {
		case "id":
			s.ID, ok = strOf[accounts.ID](r)
		case "name":
			s.Name, ok = r.str()
		case "legal_name":
			s.LegalName, ok = r.str()
		case "owner":
			s.Owner, ok = r.str()
		case "tier":
			s.Tier, ok = strOf[accounts.Tier](r)
		case "stage":
			s.Stage, ok = strOf[accounts.Stage](r)
		case "industry":
			s.Industry, ok = r.str()
		case "region":
			s.Region, ok = r.str()
		case "tags":
			s.Tags, ok = r.strs()
		case "contact_names":
			s.ContactNames, ok = r.strs()
		case "revenue":
			ok = r.money(&s.Revenue)
		case "renewal_date":
			s.RenewalDate, ok = r.date()
		case "cadence_days":
			n, ok = r.int()
			s.CadenceDays = int(n)
		case "last_visit":
			s.LastVisit, ok = r.date()
		case "next_follow_up":
			s.NextFollowUp, ok = r.date()
		case "open_follow_ups":
			n, ok = r.int()
			s.OpenFollowUps = int(n)
		case "version":
			s.Version, ok = r.int()
		case "parent_id":
			s.ParentID, ok = strOf[accounts.ID](r)
		case "external_id":
			s.ExternalID, ok = r.str()
		}
		return ok
	})
}

// object reads {"key": value, ...}, handing each key to field, which reads
// the value.
func (r *jsonReader) object(field func(k string) bool) bool {
	if !r.byte('{') {
		return false
	}
	if r.byte('}') {
		return true
	}
	for {
		k, ok := r.str()
		if !ok || !r.byte(':') || !field(k) {
			return false
		}
		if r.byte('}') {
			return true
		}
		if !r.byte(',') {
			return false
		}
	}
}

// array reads [value, ...], handing each element to elem, which reads it;
// null reads as no elements.
func (r *jsonReader) array(elem func() bool) bool {
	if r.byte('n') {
		return r.lit("ull")
	}
	if !r.byte('[') {
		return false
	}
	if r.byte(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if r.byte(']') {
			return true
		}
		if !r.byte(',') {
			return false
		}
	}
}
