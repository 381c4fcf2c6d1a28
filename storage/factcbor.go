package storage

import (
	"math"
	"unicode/utf8"

	"keycard/accounts"
)

// The facts are written by the CBOR library (factEnc) and read back here by
// hand. The risk scan reads the facts of every visit in the file (a million
// on a large book), and the library's reflection over six fields and a few
// strings was nine tenths of the scan: 2.4 µs a visit, against 0.2 µs for
// reading the same bytes in the one shape factEnc writes. Anything else (a
// map, an indefinite length, a tag, a null where a value was written, bytes
// past the end) is not guessed at: it goes to the library, which reads it
// or says what is wrong. FuzzFactReaders holds the two to the same answer on
// every input the hand reader takes.

// cborReader reads one fact. s holds b's bytes (a copy that outlives the
// transaction); the strings read are cut out of it, not allocated.
type cborReader struct {
	b []byte
	s string
	i int
}

// CBOR's major types and simple values, as factEnc writes them.
const (
	cborUint   = 0
	cborNeg    = 1
	cborBytes  = 2
	cborText   = 3
	cborArray  = 4
	cborFalse  = 0xf4
	cborTrue   = 0xf5
	cborNull   = 0xf6
	cborMaxArr = 131072 // the library's default MaxArrayElements
)

// head reads an item's head: its major type and its argument (a count, a
// length or an integer). Indefinite lengths and the simple values are not
// heads the facts' fields are read from.
func (r *cborReader) head() (major byte, arg uint64, ok bool) {
	if r.i >= len(r.b) {
		return 0, 0, false
	}
	c := r.b[r.i]
	major, info := c>>5, c&31
	r.i++
	if info < 24 {
		return major, uint64(info), true
	}
	if info > 27 || major == 7 {
		return 0, 0, false
	}
	n := 1 << (info - 24) // 1, 2, 4 or 8 bytes follow
	if len(r.b)-r.i < n {
		return 0, 0, false
	}
	for _, x := range r.b[r.i : r.i+n] {
		arg = arg<<8 | uint64(x)
	}
	r.i += n
	return major, arg, true
}

// array reads an array's head and returns its length.
func (r *cborReader) array() (int, bool) {
	m, n, ok := r.head()
	if !ok || m != cborArray || n > cborMaxArr {
		return 0, false
	}
	return int(n), true
}

// null reads a null if one comes next.
func (r *cborReader) null() bool {
	if r.i < len(r.b) && r.b[r.i] == cborNull {
		r.i++
		return true
	}
	return false
}

func (r *cborReader) int64() (int64, bool) {
	m, n, ok := r.head()
	if !ok || n > math.MaxInt64 {
		return 0, false
	}
	switch m {
	case cborUint:
		return int64(n), true
	case cborNeg:
		return -1 - int64(n), true
	}
	return 0, false
}

func (r *cborReader) int32() (int32, bool) {
	n, ok := r.int64()
	if !ok || n < math.MinInt32 || n > math.MaxInt32 {
		return 0, false
	}
	return int32(n), true
}

func (r *cborReader) bool() (bool, bool) {
	if r.i < len(r.b) && (r.b[r.i] == cborFalse || r.b[r.i] == cborTrue) {
		r.i++
		return r.b[r.i-1] == cborTrue, true
	}
	return false, false
}

// text reads a text string (valid UTF-8, as the library insists).
func (r *cborReader) text() (string, bool) {
	m, n, ok := r.head()
	if !ok || m != cborText || n > uint64(len(r.b)-r.i) {
		return "", false
	}
	start, end := r.i, r.i+int(n)
	r.i = end
	for _, c := range r.b[start:end] {
		if c >= utf8.RuneSelf {
			if !utf8.Valid(r.b[start:end]) {
				return "", false
			}
			break
		}
	}
	return r.s[start:end], true
}

func textOf[T ~string](r *cborReader) (T, bool) {
	s, ok := r.text()
	return T(s), ok
}

func (r *cborReader) end() bool { return r.i == len(r.b) }

// ids reads a list of ids (null: none) into into's memory.
func (r *cborReader) ids(into []accounts.ID) ([]accounts.ID, bool) {
	if r.null() {
		return nil, true
	}
	n, ok := r.array()
	if !ok {
		return nil, false
	}
	out := into[:0]
	if out == nil || cap(out) < n {
		out = make([]accounts.ID, 0, n)
	}
	for range n {
		id, ok := textOf[accounts.ID](r)
		if !ok {
			return nil, false
		}
		out = append(out, id)
	}
	return out, true
}

// visitFact reads a visitFact into f, reusing f's lists' memory.
func (r *cborReader) visitFact(f *visitFact) bool {
	if n, ok := r.array(); !ok || n != 7 {
		return false
	}
	var ok1, ok2, ok3, ok4, ok5 bool
	f.At, ok1 = r.int64()
	f.Offset, ok2 = r.int32()
	f.Kind, ok3 = textOf[accounts.VisitKind](r)
	f.Outcome, ok4 = textOf[accounts.Outcome](r)
	f.Contacts, ok5 = r.ids(f.Contacts)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 {
		return false
	}
	return r.steps(f) && r.seal(&f.Seal)
}

// steps reads a visit's next steps (null: none) into f.Steps' memory.
func (r *cborReader) steps(f *visitFact) bool {
	if r.null() {
		f.Steps = nil
		return true
	}
	n, ok := r.array()
	if !ok {
		return false
	}
	steps := f.Steps[:0]
	if steps == nil || cap(steps) < n {
		steps = make([]stepFact, 0, n)
	}
	for range n {
		var s stepFact
		if !r.stepFact(&s) {
			return false
		}
		steps = append(steps, s)
	}
	f.Steps = steps
	return true
}

func (r *cborReader) stepFact(s *stepFact) bool {
	if n, ok := r.array(); !ok || n != 6 {
		return false
	}
	var ok [6]bool
	s.ID, ok[0] = textOf[accounts.ID](r)
	s.Owner, ok[1] = r.text()
	s.Due, ok[2] = r.int32()
	s.Done, ok[3] = r.bool()
	s.DoneOn, ok[4] = r.int32()
	s.Text, ok[5] = r.text()
	return ok == [6]bool{true, true, true, true, true, true}
}

// contactFact reads a contactFact into f.
func (r *cborReader) contactFact(f *contactFact) bool {
	if n, ok := r.array(); !ok || n != 13 {
		return false
	}
	var ok [13]bool
	f.Placeholder, ok[0] = r.bool()
	f.Name, ok[1] = r.text()
	f.Title, ok[2] = r.text()
	f.ReportsTo, ok[3] = textOf[accounts.ID](r)
	f.Role, ok[4] = textOf[accounts.BuyingRole](r)
	var influence int64
	influence, ok[5] = r.int64()
	f.Influence = int(influence)
	f.Attitude, ok[6] = textOf[accounts.Attitude](r)
	f.Trust, ok[7] = textOf[accounts.Trust](r)
	f.Status, ok[8] = textOf[accounts.ContactStatus](r)
	f.LeftOn, ok[9] = r.int32()
	f.MovedTo, ok[10] = textOf[accounts.ID](r)
	f.Birthday, ok[11] = r.int32()
	ok[12] = r.seal(&f.Seal)
	return ok == [13]bool{true, true, true, true, true, true, true, true, true, true, true, true, true}
}

// seal reads a fact's seal: a byte string of exactly four bytes (the
// library would also take other lengths into the array).
func (r *cborReader) seal(s *[4]byte) bool {
	if m, n, ok := r.head(); !ok || m != cborBytes || n != 4 || len(r.b)-r.i < 4 {
		return false
	}
	r.i += copy(s[:], r.b[r.i:])
	return true
}

// decodeVisitFact reads raw (its bytes also in s) into f: by hand, or by
// the library when the hand reader does not take it.
func decodeVisitFact(raw []byte, s string, f *visitFact) error {
	r := cborReader{b: raw, s: s}
	if r.visitFact(f) && r.end() {
		return nil
	}
	*f = visitFact{}
	return factDec.Unmarshal(raw, f)
}

// decodeContactFact is decodeVisitFact for a contact's fact.
func decodeContactFact(raw []byte, s string, f *contactFact) error {
	r := cborReader{b: raw, s: s}
	if r.contactFact(f) && r.end() {
		return nil
	}
	*f = contactFact{}
	return factDec.Unmarshal(raw, f)
}
