package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"

	"keycard/accounts"
)

// accounts.json is read as a stream, one record at a time, never as a whole:
// a few kilobytes of deflated "[{},{},…]" unpack to millions of records, and
// decoding them all before counting them took gigabytes. The reader instead
//
//   - refuses a manifest that announces more records than maxCounts,
//   - counts every record before decoding it and refuses the first one the
//     manifest does not announce,
//   - decodes each record (an account, a contact, a visit …) on its own,
//     bounded to maxRecordBytes of JSON and maxRecordValues objects and
//     arrays,
//   - checks each record as soon as it is decoded, so an invalid one is
//     refused before the next is read and only valid records are kept, and
//   - weighs each record as decoded and refuses the bundle once its records
//     take more than keptPerByte times the size limit, or more than
//     keptPerJSONByte times the JSON read so far (see size.go).
//
// What reading any bundle costs is therefore the records it returns, at
// most keptPerByte × the size limit and keptPerJSONByte × their JSON, plus
// a working set of a few records' size (see hostile_test.go).

// maxCounts bounds what one bundle may announce. A departing owner's whole
// portfolio is a few hundred accounts; these leave a hundredfold margin.
var maxCounts = Counts{
	Accounts: 50_000,
	Contacts: 1_000_000,
	Links:    2_000_000,
	Visits:   5_000_000,
	Warnings: 1_000_000,
	Plans:    50_000,
}

const (
	// maxRecordBytes bounds the JSON of one record: an account without its
	// lists, one contact, one visit, one plan. Keycard's largest are a few
	// kilobytes; a visit with pages of notes stays far below this.
	maxRecordBytes = 2 << 20
	// maxRecordValues bounds the objects and arrays in one record, so that
	// "[{},{},…]" inside a plan cannot unpack into millions of structures.
	maxRecordValues = 10_000
	// maxTokenBytes bounds a field name or a bracket with the white space
	// before it.
	maxTokenBytes = 4 << 10
	// readChunk is the most the decoder is given per read, so it never
	// holds more than a chunk beyond the record it decodes.
	readChunk = 32 << 10
)

// errRecordTooLarge and errTokenTooLarge stop the decoder when a record or
// a token outgrows its bound.
var (
	errRecordTooLarge = errors.New("record larger than the bound")
	errTokenTooLarge  = errors.New("token larger than the bound")
)

// budget hands the decoder bytes up to a position it sets before each
// token or record, in chunks of at most readChunk.
type budget struct {
	r    io.Reader
	read int64 // bytes handed out so far
	stop int64 // no byte at or past this position is handed out
	err  error // returned when stop is reached
}

func (b *budget) Read(p []byte) (int, error) {
	if b.read >= b.stop {
		return 0, b.err
	}
	p = p[:min(len(p), readChunk, int(b.stop-b.read))]
	n, err := b.r.Read(p)
	b.read += int64(n)
	return n, err
}

// source is the decompressed entry: it counts what it gives, refuses to
// give more than max bytes and remembers the first read error, which says
// the file itself is damaged rather than its JSON.
type source struct {
	r   io.Reader
	n   int64
	max int64
	err error
}

var errContentTooLarge = errors.New("content larger than the bound")

func (s *source) Read(p []byte) (int, error) {
	if s.n > s.max {
		return 0, errContentTooLarge
	}
	n, err := s.r.Read(p)
	s.n += int64(n)
	if err != nil && err != io.EOF && s.err == nil {
		s.err = err
	}
	if s.n > s.max {
		s.err = errContentTooLarge
		return n, errContentTooLarge
	}
	return n, err
}

// decoder reads accounts.json record by record.
type decoder struct {
	dec     *json.Decoder
	in      *budget
	want    Counts // what the manifest announces
	got     Counts // what was met so far
	private bool   // the manifest says private remarks are included
	check   *checker
	fn      func(*accounts.AccountData) error // takes each account read
	kept    int64                             // what the records decoded so far take in memory
	maxKept int64
}

func newDecoder(r io.Reader, m Manifest, maxKept int64, fn func(*accounts.AccountData) error) *decoder {
	in := &budget{r: r}
	return &decoder{dec: json.NewDecoder(in), in: in, want: m.Counts, private: m.IncludePrivate,
		check: newChecker(), maxKept: maxKept, fn: fn}
}

// consumerError is the failure of the function an account was handed to,
// told apart from a refusal of the bundle.
type consumerError struct{ err error }

func (e consumerError) Error() string { return e.err.Error() }

// checkCounts refuses a manifest announcing more than maxCounts.
func checkCounts(c Counts) error {
	for _, k := range countKinds {
		n, max := *k.of(&c), *k.of(&maxCounts)
		if n < 0 {
			return damaged(fmt.Errorf("manifest counts %d %s", n, k.kind))
		}
		if n > max {
			return &accounts.Error{Code: accounts.EFORMAT, Msg: accounts.Say("bundle.too_many_records",
				"Kind", accounts.Phrase{Key: k.kind}, "N", n, "Max", max)}
		}
	}
	return nil
}

var countKinds = []struct {
	kind string
	of   func(*Counts) *int
}{
	{"bundle.kind.account", func(c *Counts) *int { return &c.Accounts }},
	{"bundle.kind.contact", func(c *Counts) *int { return &c.Contacts }},
	{"bundle.kind.link", func(c *Counts) *int { return &c.Links }},
	{"bundle.kind.visit", func(c *Counts) *int { return &c.Visits }},
	{"bundle.kind.warning", func(c *Counts) *int { return &c.Warnings }},
	{"bundle.kind.plan", func(c *Counts) *int { return &c.Plans }},
}

// one counts a record of a kind before it is decoded, refusing one the
// manifest does not announce.
func one(got *int, want int) error {
	if *got >= want {
		return countsMismatch()
	}
	*got++
	return nil
}

func countsMismatch() error {
	return &accounts.Error{Code: accounts.EFORMAT, Msg: accounts.Phrase{Key: "bundle.counts_mismatch"}}
}

func recordTooLarge() error {
	return &accounts.Error{Code: accounts.EFORMAT,
		Msg: accounts.Say("bundle.record_too_large", "Size", fmt.Sprintf("%d MiB", maxRecordBytes>>20))}
}

// token reads the next token, at most maxTokenBytes away.
func (d *decoder) token() (json.Token, error) {
	d.in.stop, d.in.err = d.dec.InputOffset()+maxTokenBytes+readChunk, errTokenTooLarge
	return d.dec.Token()
}

// more reports whether the array or object goes on.
func (d *decoder) more() bool {
	d.in.stop, d.in.err = d.dec.InputOffset()+maxTokenBytes+readChunk, errTokenTooLarge
	return d.dec.More()
}

// delim reads the delimiter want; with orNull, a null instead is reported
// as false.
func (d *decoder) delim(want json.Delim, orNull bool) (bool, error) {
	t, err := d.token()
	if err != nil {
		return false, err
	}
	if t == nil && orNull {
		return false, nil
	}
	if t != want {
		return false, damaged(fmt.Errorf("%s: %v where %v belongs", contentName, t, want))
	}
	return true, nil
}

// record decodes the next value into v, within the bounds of one record;
// it reports false for null.
func (d *decoder) record(v any) (bool, error) {
	d.in.stop, d.in.err = d.dec.InputOffset()+maxRecordBytes+readChunk, errRecordTooLarge
	var raw json.RawMessage
	if err := d.dec.Decode(&raw); err != nil {
		return false, err
	}
	if len(raw) > maxRecordBytes || values(raw) > maxRecordValues {
		return false, recordTooLarge()
	}
	if bytes.Equal(raw, []byte("null")) {
		return false, nil
	}
	if err := accounts.DecodeStrict(raw, v); err != nil {
		return false, undecodable(contentName, err)
	}
	// The record, the slack of the list it is appended to (up to its own
	// size again) and its id in the checker's map.
	d.kept += weigh(v) + int64(reflect.TypeOf(v).Elem().Size()) + 128
	if d.kept > d.maxKept {
		return false, tooLarge(d.maxKept)
	}
	if d.kept > keptPerJSONByte*d.in.read+keptFloor {
		return false, &accounts.Error{Code: accounts.EFORMAT, Msg: accounts.Phrase{Key: "bundle.inflated"},
			Err: fmt.Errorf("%s: records of %d bytes from %d bytes of JSON", contentName, d.kept, d.in.read)}
	}
	return true, nil
}

// values counts the objects and arrays in a JSON text.
func values(raw []byte) int {
	n, inString, escaped := 0, false, false
	for _, c := range raw {
		switch {
		case escaped:
			escaped = false
		case inString:
			escaped = c == '\\'
			inString = c != '"'
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			n++
		}
	}
	return n
}

// all reads the whole array of accounts and checks that nothing follows.
func (d *decoder) all() error {
	if _, err := d.delim('[', false); err != nil {
		return err
	}
	for d.more() {
		if err := one(&d.got.Accounts, d.want.Accounts); err != nil {
			return err
		}
		if err := d.accountData(); err != nil {
			return err
		}
	}
	if _, err := d.delim(']', false); err != nil {
		return err
	}
	if _, err := d.token(); err != io.EOF {
		if err == nil {
			err = errors.New("data after the accounts")
		}
		return err
	}
	return nil
}

// accountData reads one element of the array: the account first, then
// what hangs off it, each record checked as soon as it is decoded.
func (d *decoder) accountData() error {
	if _, err := d.delim('{', false); err != nil {
		return err
	}
	var ad accounts.AccountData
	var s *scope
	seen := map[string]bool{}
	for d.more() {
		t, err := d.token()
		if err != nil {
			return err
		}
		key, ok := t.(string)
		if !ok {
			return damaged(fmt.Errorf("%s: %v where a field name belongs", contentName, t))
		}
		field, known := fields[key]
		if !known {
			return &accounts.Error{Code: accounts.EVERSION, Err: fmt.Errorf("%s: unknown field %q", contentName, key),
				Msg: accounts.Say("bundle.unknown_field", "Field", `"`+printable(key)+`"`)}
		}
		if seen[key] {
			return damaged(fmt.Errorf("%s: field %q twice", contentName, key))
		}
		seen[key] = true
		if s == nil && key != "account" {
			// Keycard writes the account first; without it nothing
			// after it can be checked, and a missing one is invalid.
			if s, err = d.account(&ad.Account); err != nil {
				return err
			}
		}
		if s, err = field(d, &ad, s); err != nil {
			return err
		}
	}
	if _, err := d.delim('}', false); err != nil {
		return err
	}
	if s == nil {
		if _, err := d.account(&ad.Account); err != nil {
			return err
		}
	}
	if err := d.fn(&ad); err != nil {
		return consumerError{err}
	}
	return nil
}

// account checks the account just decoded (or missing) and opens the scope
// of its records.
func (d *decoder) account(a *accounts.Account) (*scope, error) {
	s, bad := d.check.account(d.got.Accounts, a)
	if bad != nil {
		return nil, bad.forRead()
	}
	return s, nil
}

// fields decode the members of an accounts.AccountData; s is nil until the
// account is read.
var fields = map[string]func(d *decoder, ad *accounts.AccountData, s *scope) (*scope, error){
	"account": func(d *decoder, ad *accounts.AccountData, s *scope) (*scope, error) {
		if _, err := d.record(&ad.Account); err != nil {
			return nil, err
		}
		return d.account(&ad.Account)
	},
	"contacts": func(d *decoder, ad *accounts.AccountData, s *scope) (*scope, error) {
		var err error
		ad.Contacts, err = list(d, &d.got.Contacts, d.want.Contacts, func(_ int, c *accounts.Contact) *badRecord {
			if !d.private && c.PrivateRemarks != "" {
				return &badRecord{err: errPrivate}
			}
			return s.contact(c)
		})
		if err != nil {
			return nil, err
		}
		return s, badErr(s.reporting(ad.Contacts))
	},
	"links": func(d *decoder, ad *accounts.AccountData, s *scope) (*scope, error) {
		var err error
		ad.Links, err = list(d, &d.got.Links, d.want.Links, s.link)
		return s, err
	},
	"visits": func(d *decoder, ad *accounts.AccountData, s *scope) (*scope, error) {
		var err error
		ad.Visits, err = list(d, &d.got.Visits, d.want.Visits, func(_ int, v *accounts.Visit) *badRecord { return s.visit(v) })
		return s, err
	},
	"warnings": func(d *decoder, ad *accounts.AccountData, s *scope) (*scope, error) {
		var err error
		ad.Warnings, err = list(d, &d.got.Warnings, d.want.Warnings, func(_ int, w *accounts.Warning) *badRecord { return s.warning(w) })
		return s, err
	},
	"plan": func(d *decoder, ad *accounts.AccountData, s *scope) (*scope, error) {
		p := new(accounts.Plan)
		ok, err := d.record(p)
		if err != nil || !ok {
			return s, err
		}
		if err := one(&d.got.Plans, d.want.Plans); err != nil {
			return nil, err
		}
		ad.Plan = p
		return s, badErr(s.plan(p))
	},
	"layout": func(d *decoder, ad *accounts.AccountData, s *scope) (*scope, error) {
		l := new(accounts.MapLayout)
		ok, err := d.record(l)
		if err != nil || !ok {
			return s, err
		}
		ad.Layout = l
		return s, badErr(s.layout(l))
	},
}

// errPrivate marks a contact carrying private remarks the manifest says
// were left out.
var errPrivate = errors.New("private remarks the manifest denies")

func badErr(b *badRecord) error {
	switch {
	case b == nil:
		return nil
	case b.err == errPrivate:
		return &accounts.Error{Code: accounts.EFORMAT, Msg: accounts.Phrase{Key: "bundle.private_denied"}}
	}
	return b.forRead()
}

// list reads an array of records (or null), counting each against the
// manifest before decoding it and checking it right after.
func list[T any](d *decoder, got *int, want int, check func(n int, v *T) *badRecord) ([]T, error) {
	open, err := d.delim('[', true)
	if err != nil || !open {
		return nil, err
	}
	var out []T
	for d.more() {
		if err := one(got, want); err != nil {
			return nil, err
		}
		var v T
		if _, err := d.record(&v); err != nil {
			return nil, err
		}
		if err := badErr(check(len(out)+1, &v)); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if _, err := d.delim(']', false); err != nil {
		return nil, err
	}
	return out, nil
}

// readContent decodes accounts.json from f, whose SHA-256 must be sum, and
// hands each account to fn as soon as it is read and checked. The
// checksum and the counts are known only at the end: a caller that keeps
// the accounts must drop them all on an error. A damaged file is reported
// as damaged before anything its JSON says: on any refusal the rest of the
// entry is read through the checksum (without keeping it), and a mismatch
// wins; fn's own error comes back as it is.
func readContent(f *zip.File, max, limit int64, m Manifest, sum func([]byte) bool, fn func(*accounts.AccountData) error) error {
	rc, err := f.Open()
	if err != nil {
		return damaged(fmt.Errorf("open %s: %w", f.Name, err))
	}
	defer rc.Close()
	src := &source{r: rc, max: max}
	h := sha256.New()
	tee := io.TeeReader(src, h)
	d := newDecoder(tee, m, keptPerByte*limit, fn)
	err = d.all()
	if err == nil && src.err == nil {
		if _, err = io.Copy(io.Discard, tee); err == nil {
			err = src.err
		}
	}
	if src.err != nil {
		return readFailure(f.Name, limit, src.err)
	}
	if err != nil {
		if _, derr := io.Copy(io.Discard, tee); src.err != nil || derr != nil {
			return readFailure(f.Name, limit, firstErr(src.err, derr))
		}
		if !sum(h.Sum(nil)) {
			return checksumMismatch(nil)
		}
		return decodeFailure(err)
	}
	if uint64(src.n) != f.UncompressedSize64 {
		return damaged(fmt.Errorf("read %s: %d bytes, %d declared", f.Name, src.n, f.UncompressedSize64))
	}
	if !sum(h.Sum(nil)) {
		return checksumMismatch(nil)
	}
	if d.got != d.want {
		return countsMismatch()
	}
	return nil
}

// readFailure words a failure to decompress the entry; limit is the size
// limit of the whole bundle.
func readFailure(name string, limit int64, err error) error {
	switch {
	case errors.Is(err, errContentTooLarge):
		return tooLarge(limit)
	case errors.Is(err, zip.ErrChecksum):
		return checksumMismatch(fmt.Errorf("read %s: %w", name, err))
	}
	return damaged(fmt.Errorf("read %s: %w", name, err))
}

// decodeFailure words a refusal of the JSON of an intact entry.
func decodeFailure(err error) error {
	var e *accounts.Error
	var c consumerError
	switch {
	case errors.As(err, &c):
		return c.err
	case errors.As(err, &e):
		return err
	case errors.Is(err, errRecordTooLarge):
		return recordTooLarge()
	}
	return damaged(fmt.Errorf("decode %s: %w", contentName, err))
}
