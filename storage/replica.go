package storage

// The team-server replica: what a linked database keeps beside its records
// so that sync loses nothing (see docs/sync.md).
//
//	team        link                  TeamLink JSON (server, login, pull cursor, last sync)
//	outbox      <kind>/<id>           Waiting: the record changed here and not yet on the
//	                                  server; written by the same transaction as the change
//	base        <kind>/<id>           Base: the server's revision and body this laptop last
//	                                  agreed with (the "version both started from" of a merge)
//	conflicts   <kind>/<id>\x00<path> Conflict: a field both sides changed; theirs is in the
//	                                  record, mine is kept here until the person chooses
//	handed      <accountID>           Revoked: an account handed over to someone else, no
//	                                  longer shown here
//
// A database that is not linked has none of them (but handed, which Unlink
// keeps: it is history) and writes no outbox. Every write of a record
// queues it in the same transaction (outbox.go); ApplyIncoming (apply.go)
// writes what comes from the server and queues nothing.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
)

// Kind names a kind of record on the team server.
type Kind string

const (
	KindAccount  Kind = "account"
	KindContact  Kind = "contact"
	KindLink     Kind = "link"
	KindLayout   Kind = "layout"
	KindPlan     Kind = "plan"
	KindVisit    Kind = "visit"
	KindWarning  Kind = "warning"
	KindHandover Kind = "handover"
	// KindReview is a weekly card review: append-only history, kept in the
	// bucket "reviews" rather than "data", never merged.
	KindReview Kind = "review"
)

// Ref names one record: a plan's and a layout's ID is their account's.
type Ref struct {
	Kind Kind        `json:"kind"`
	ID   accounts.ID `json:"id"`
}

// TeamLink ties a database to a team server. The password is never here
// (it is in the system's credential store).
type TeamLink struct {
	Server   string    `json:"server"` // the URL without a password
	Login    string    `json:"login"`
	Name     string    `json:"name"` // display name on the server (the owner name of their accounts)
	Role     string    `json:"role"`
	Cursor   string    `json:"cursor,omitempty"`
	LinkedAt time.Time `json:"linked_at"`
	LastSync time.Time `json:"last_sync"`
	// LocalOnly counts records the server refused (e.g. accounts of other
	// people in a demo database): they stay on this laptop only.
	LocalOnly int `json:"local_only,omitempty"`
}

// LinkResult says what linking queued.
type LinkResult struct {
	Queued    int // records queued to go up
	KeptLocal int // accounts left on this laptop only (share refused them)
}

// Base is the server's revision and body a laptop last agreed with.
type Base struct {
	Rev  int64           `json:"rev"`
	Body json.RawMessage `json:"body,omitempty"`
}

// Outgoing is one record waiting to go up: its current body (nil when it
// was deleted here) and the base it was changed from.
type Outgoing struct {
	Ref
	Account  accounts.ID   // "" for a handover
	Accounts []accounts.ID // a handover's accounts
	Seq      uint64        // the outbox entry's sequence: MarkPushed removes it only if unchanged
	Body     json.RawMessage
	Base     Base
}

// Pushed is the server's acceptance of one Outgoing.
type Pushed struct {
	Ref
	Seq  uint64
	Rev  int64
	Body json.RawMessage // the body as now on the server (nil: deleted)
}

// Incoming is one record from the server.
type Incoming struct {
	Ref
	Account accounts.ID
	Rev     int64
	Deleted bool
	Body    json.RawMessage
	By      string // display name or login of who wrote it, for a conflict
}

// Revoked is an account no longer this person's to see.
type Revoked struct {
	Account accounts.ID `json:"account"`
	Name    string      `json:"name"`
	To      string      `json:"to"`
	At      time.Time   `json:"at"`
}

// MergeFunc merges two edits of one record against their base
// (accounts.MergeRecord).
type MergeFunc func(base, mine, theirs json.RawMessage) (json.RawMessage, []accounts.FieldConflict, error)

// Applied says what ApplyIncoming changed here.
type Applied struct {
	Changed   []accounts.ID // accounts whose records changed
	Deleted   []accounts.ID // accounts removed (deleted on the server or revoked)
	Handovers bool          // a handover record changed
	Conflicts int           // new conflicts kept for the person
	Skipped   int           // records from the server that were not valid and were left out
	Seen      int           // records this laptop had already (a pull sends some twice, and back what it pushed)
}

// Conflict is a field both sides changed: theirs is in the record, mine here.
type Conflict struct {
	Ref
	Account accounts.ID     `json:"account"`
	Path    string          `json:"path"`
	Mine    json.RawMessage `json:"mine"`
	Theirs  json.RawMessage `json:"theirs"`
	By      string          `json:"by"`
	At      time.Time       `json:"at"`
}

// baseEntry is the value of a base entry: the server's revision and body
// (without a contact's private remarks, which go up as a note) and the
// private remarks last agreed with the server.
type baseEntry struct {
	Rev     int64           `json:"rev"`
	Body    json.RawMessage `json:"body,omitempty"`
	Remarks string          `json:"remarks,omitempty"`
}

// replicaBuckets are what Unlink removes; handed stays (it is history).
var replicaBuckets = [][]byte{bktTeam, bktOutbox, bktBase, bktConflicts}

func notLinked() error { return accounts.Errorf(accounts.EINVALID, "storage.replica.not_linked") }

// maybeLinked reads whether the database is linked, for the Store's cached
// flag; when it cannot tell, it says yes (each write then looks itself).
func (s *Store) maybeLinked() bool {
	linked := true
	_ = s.view(func(t *txn) error {
		linked = t.b(bktTeam) != nil
		return nil
	})
	return linked
}

func (t *txn) teamLink() (*TeamLink, error) {
	team := t.b(bktTeam)
	if team == nil {
		return nil, nil
	}
	var l TeamLink
	if raw := team.Get(keyLink); raw != nil {
		if err := decodeRecord(raw, &l); err != nil {
			return nil, fmt.Errorf("decode team link: %w", err)
		}
	}
	return &l, nil
}

func (t *txn) putTeamLink(l *TeamLink) error {
	team := t.b(bktTeam)
	if team == nil {
		return notLinked()
	}
	raw, err := json.Marshal(l)
	if err != nil {
		return err
	}
	return team.Put(keyLink, raw)
}

// TeamLinkInfo returns the database's link, or nil when it is not linked.
func (s *Store) TeamLinkInfo() (l *TeamLink, err error) {
	err = s.view(func(t *txn) error {
		l, err = t.teamLink()
		return err
	})
	return l, err
}

// SaveTeamLink updates the stored link (cursor, last sync) of a linked database.
func (s *Store) SaveTeamLink(l TeamLink) error {
	return s.update(func(t *txn) error { return t.putTeamLink(&l) })
}

// Link ties the database to a server and, in the same transaction, queues
// every record of the accounts share accepts (and every handover) to go up.
// The accounts share refuses stay on this laptop only: later changes to
// them are not queued either. Linking a linked database starts afresh
// (outbox, bases and conflicts are dropped and everything is queued again).
func (s *Store) Link(l TeamLink, share func(a *accounts.Account) bool) (LinkResult, error) {
	was := s.linked.Load()
	// Before the transaction: a write that starts after Link commits must
	// look for the link.
	s.linked.Store(true)
	var res LinkResult
	err := s.update(func(t *txn) error {
		t.out = nil // Link queues everything itself
		res = LinkResult{}
		for _, b := range replicaBuckets {
			if t.b(b) != nil {
				if err := t.tx.DeleteBucket(b); err != nil {
					return err
				}
			}
		}
		team, err := t.tx.CreateBucket(bktTeam)
		if err != nil {
			return err
		}
		if l.LinkedAt.IsZero() {
			l.LinkedAt = t.now
		}
		if err := t.putTeamLink(&l); err != nil {
			return err
		}
		ob, err := t.tx.CreateBucket(bktOutbox)
		if err != nil {
			return err
		}
		if err := t.queueShared(team, ob, share, &res); err != nil {
			return err
		}
		return t.b(bktHandovers).ForEach(func(k, v []byte) error {
			var h accounts.Handover
			if err := decodeRecord(v, &h); err != nil {
				return fmt.Errorf("decode handover %s: %w", k, err)
			}
			res.Queued++
			return queue(ob, outKey(Ref{Kind: KindHandover, ID: accounts.ID(k)}), outEntry{Accounts: handoverAccounts(&h)})
		})
	})
	if err != nil {
		s.linked.Store(was)
		return LinkResult{}, err
	}
	return res, nil
}

// queueShared queues every record of the accounts share accepts, each
// account before its records, and marks the others local.
func (t *txn) queueShared(team, ob *bolt.Bucket, share func(a *accounts.Account) bool, res *LinkResult) error {
	var cur accounts.ID
	shared := false
	c := t.b(bktData).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		ref, acct, ok := refOfKey(k)
		if !ok {
			continue
		}
		if ref.Kind == KindAccount {
			var a accounts.Account
			if err := decodeRecord(v, &a); err != nil {
				return fmt.Errorf("decode account %s: %w", acct, err)
			}
			cur, shared = acct, true
			if share != nil {
				if err := callOut(func() error { shared = share(&a); return nil }); err != nil {
					return err
				}
			}
			if !shared {
				res.KeptLocal++
				if err := team.Put(localKey(acct), nil); err != nil {
					return err
				}
			}
		}
		if acct != cur || !shared {
			continue
		}
		res.Queued++
		if err := queue(ob, outKey(ref), outEntry{Account: acct}); err != nil {
			return err
		}
	}
	return nil
}

// Unlink removes the link, the outbox, the bases and the conflicts; the
// records stay.
func (s *Store) Unlink() error {
	err := s.update(func(t *txn) error {
		t.out = nil
		for _, b := range replicaBuckets {
			if t.b(b) != nil {
				if err := t.tx.DeleteBucket(b); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err == nil {
		// After the commit: until then a write must still queue.
		s.linked.Store(false)
	}
	return err
}

// kindLetters maps a record kind kept in "data" to its key letter.
var kindLetters = map[Kind]byte{
	KindAccount: kindAccount, KindContact: kindContact, KindLink: kindLink, KindLayout: kindLayout,
	KindPlan: kindPlan, KindVisit: kindVisit, KindWarning: kindWarning,
}

// dataKey finds where a record is kept in "data" (false: it is not here).
func (t *txn) dataKey(ref Ref) ([]byte, bool) {
	letter, ok := kindLetters[ref.Kind]
	if !ok || !validKeyID(ref.ID) {
		return nil, false
	}
	var key []byte
	switch letter {
	case kindAccount:
		key = accountKey(ref.ID)
	case kindPlan, kindLayout:
		key = singleKey(ref.ID, letter)
	default:
		return t.lookup(ref.ID, letter)
	}
	return key, t.b(bktData).Get(key) != nil
}

// currentRaw returns a copy of the record's stored JSON, nil when it is not
// here.
func (t *txn) currentRaw(ref Ref) []byte {
	var raw []byte
	if ref.Kind == KindHandover {
		raw = t.b(bktHandovers).Get([]byte(ref.ID))
	} else if ref.Kind == KindReview {
		_, raw = t.findReview(t.reviewAccount(ref), ref.ID)
	} else if key, ok := t.dataKey(ref); ok {
		raw = t.b(bktData).Get(key)
	}
	if raw == nil {
		return nil
	}
	return append([]byte(nil), raw...)
}

func (t *txn) baseOf(key string) (baseEntry, bool, error) {
	var e baseEntry
	b := t.b(bktBase)
	if b == nil {
		return e, false, nil
	}
	raw := b.Get([]byte(key))
	if raw == nil {
		return e, false, nil
	}
	if err := decodeRecord(raw, &e); err != nil {
		return e, false, fmt.Errorf("decode base %s: %w", key, err)
	}
	return e, true, nil
}

func (t *txn) putBase(key string, e baseEntry) error {
	b, err := t.tx.CreateBucketIfNotExists(bktBase)
	if err != nil {
		return err
	}
	return b.Put([]byte(key), encodeBase(e))
}

// encodeBase writes a base entry as encoding/json would, without scanning
// the body again: every body stored as a base was decoded or validated
// first, and a first sync writes one base per record.
func encodeBase(e baseEntry) []byte {
	out := make([]byte, 0, len(e.Body)+len(e.Remarks)+40)
	out = append(out, `{"rev":`...)
	out = strconv.AppendInt(out, e.Rev, 10)
	if len(e.Body) > 0 {
		out = append(out, `,"body":`...)
		out = append(out, e.Body...)
	}
	if e.Remarks != "" {
		r, _ := json.Marshal(e.Remarks)
		out = append(out, `,"remarks":`...)
		out = append(out, r...)
	}
	return append(out, '}')
}

func (t *txn) outEntryOf(key string) (outEntry, bool, error) {
	var e outEntry
	ob := t.b(bktOutbox)
	if ob == nil {
		return e, false, nil
	}
	raw := ob.Get([]byte(key))
	if raw == nil {
		return e, false, nil
	}
	if err := decodeRecord(raw, &e); err != nil {
		return e, false, fmt.Errorf("decode outbox entry %s: %w", key, err)
	}
	return e, true, nil
}

func (t *txn) dropOut(key string) error {
	if ob := t.b(bktOutbox); ob != nil {
		return ob.Delete([]byte(key))
	}
	return nil
}

// remarksOf reads a contact's private remarks from its stored JSON.
func remarksOf(raw []byte) string {
	var c struct {
		PrivateRemarks string `json:"private_remarks"`
	}
	_ = json.Unmarshal(raw, &c)
	return c.PrivateRemarks
}

// serverForm is a record's JSON as the server keeps it: a contact's private
// remarks never go there (they go as the author's note).
func serverForm(kind Kind, raw []byte) []byte {
	if kind != KindContact || raw == nil || !bytes.Contains(raw, []byte(`"private_remarks"`)) {
		return raw
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return raw
	}
	delete(m, "private_remarks")
	out, err := json.Marshal(m)
	if err != nil {
		return raw
	}
	return out
}

// sameRecord compares two bodies of a record as the server sees them: the
// local version number (every laptop counts its own) and a contact's
// private remarks are left out.
func sameRecord(kind Kind, a, b []byte) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	ca, ok1 := canonical(kind, a)
	cb, ok2 := canonical(kind, b)
	return ok1 && ok2 && bytes.Equal(ca, cb)
}

func canonical(kind Kind, raw []byte) ([]byte, bool) {
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		return nil, false
	}
	delete(m, "version")
	if kind == KindContact {
		delete(m, "private_remarks")
	}
	out, err := json.Marshal(m)
	return out, err == nil
}

// unchanged says whether a waiting record holds nothing the server does not
// have already.
func unchanged(kind Kind, body []byte, base baseEntry) bool {
	if !sameRecord(kind, body, base.Body) {
		return false
	}
	return kind != KindContact || body == nil || remarksOf(body) == base.Remarks
}

// entrySeq reads the sequence of an outbox entry as queue writes it (the
// last field); anything else is decoded in full.
func entrySeq(raw []byte) (uint64, bool) {
	i := bytes.LastIndex(raw, []byte(`"seq":`))
	if i < 0 || len(raw) == 0 || raw[len(raw)-1] != '}' {
		return 0, false
	}
	n, err := strconv.ParseUint(string(raw[i+len(`"seq":`):len(raw)-1]), 10, 64)
	return n, err == nil
}

type waiting struct {
	key   string
	ref   Ref
	entry outEntry
}

// waitingEntries lists the outbox, accounts first (their records need them
// on the server), then by sequence: oldest change first.
func (t *txn) waitingEntries() ([]waiting, error) {
	ob := t.b(bktOutbox)
	if ob == nil {
		return nil, nil
	}
	var out []waiting
	err := ob.ForEach(func(k, v []byte) error {
		w := waiting{key: string(k)}
		i := bytes.IndexByte(k, '/')
		if i < 0 {
			return fmt.Errorf("outbox entry %q has no kind", k)
		}
		w.ref = Ref{Kind: Kind(k[:i]), ID: accounts.ID(k[i+1:])}
		// Only the sequence is needed to sort; right after Link every
		// record of the database waits, and Outbox is read once per batch.
		if seq, ok := entrySeq(v); ok {
			w.entry.Seq = seq
		} else if err := decodeRecord(v, &w.entry); err != nil {
			return fmt.Errorf("decode outbox entry %s: %w", k, err)
		}
		out = append(out, w)
		return nil
	})
	sort.Slice(out, func(i, j int) bool {
		ai, aj := out[i].ref.Kind == KindAccount, out[j].ref.Kind == KindAccount
		if ai != aj {
			return ai
		}
		return out[i].entry.Seq < out[j].entry.Seq
	})
	return out, err
}

// Outbox returns up to max records waiting to go up (max ≤ 0: all),
// accounts first, then oldest change first. Body is the record as stored
// here (a contact's with its private remarks: the caller sends them as a
// note); nil means deleted. A waiting record that holds nothing the server
// does not have (changed and changed back, created and deleted, rewritten
// as it was) is dropped from the outbox instead.
func (s *Store) Outbox(max int) ([]Outgoing, error) {
	var out []Outgoing
	var drop []waiting
	err := s.view(func(t *txn) error {
		all, err := t.waitingEntries()
		if err != nil {
			return err
		}
		for _, w := range all {
			if max > 0 && len(out) == max {
				break
			}
			if w.entry, _, err = t.outEntryOf(w.key); err != nil {
				return err
			}
			body := t.currentRaw(w.ref)
			base, _, err := t.baseOf(w.key)
			if err != nil {
				return err
			}
			if unchanged(w.ref.Kind, body, base) {
				drop = append(drop, w)
				continue
			}
			out = append(out, Outgoing{Ref: w.ref, Account: w.entry.Account, Accounts: w.entry.Accounts, Seq: w.entry.Seq,
				Body: body, Base: Base{Rev: base.Rev, Body: base.Body}})
		}
		return nil
	})
	if err != nil || len(drop) == 0 || s.readOnly {
		return out, err
	}
	err = s.update(func(t *txn) error {
		for _, w := range drop {
			// Only if nothing changed the record since it was read.
			if e, ok, err := t.outEntryOf(w.key); err != nil {
				return err
			} else if ok && e.Seq == w.entry.Seq {
				if err := t.dropOut(w.key); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return out, err
}

// OutboxLen counts the records waiting to go up.
func (s *Store) OutboxLen() (int, error) {
	n := 0
	err := s.view(func(t *txn) error {
		if ob := t.b(bktOutbox); ob != nil {
			n = ob.Stats().KeyN
		}
		return nil
	})
	return n, err
}

// MarkPushed records the server's acceptance: the base becomes the pushed
// body and revision, and the outbox entry goes unless the record changed
// again since (its Seq differs).
func (s *Store) MarkPushed(p []Pushed) error {
	return s.update(func(t *txn) error {
		if t.b(bktTeam) == nil {
			return notLinked()
		}
		for i := range p {
			if err := t.markPushed(&p[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

func (t *txn) markPushed(p *Pushed) error {
	key := outKey(p.Ref)
	old, _, err := t.baseOf(key)
	if err != nil {
		return err
	}
	body := p.Body
	if !json.Valid(body) {
		body = nil
	}
	nb := baseEntry{Rev: p.Rev, Body: serverForm(p.Kind, body), Remarks: old.Remarks}
	e, waiting, err := t.outEntryOf(key)
	if err != nil {
		return err
	}
	if waiting && e.Seq == p.Seq {
		// Nothing changed the record since it was read to go up: what is
		// here is what the server has, private remarks included.
		if cur := t.currentRaw(p.Ref); p.Kind == KindContact && cur != nil {
			nb.Remarks = remarksOf(cur)
		}
		if err := t.dropOut(key); err != nil {
			return err
		}
	}
	return t.putBase(key, nb)
}

// KeepLocal takes records the server's rules refused out of the outbox:
// they stay on this laptop only (TeamLink.LocalOnly counts them).
func (s *Store) KeepLocal(refs []Ref) error {
	return s.update(func(t *txn) error {
		l, err := t.teamLink()
		if err != nil {
			return err
		}
		if l == nil {
			return notLinked()
		}
		for _, r := range refs {
			key := outKey(r)
			if _, ok, err := t.outEntryOf(key); err != nil {
				return err
			} else if ok {
				l.LocalOnly++
				if err := t.dropOut(key); err != nil {
					return err
				}
			}
		}
		return t.putTeamLink(l)
	})
}

// SetPrivateRemarks sets a contact's private remarks from the person's own
// note on the server (another laptop of theirs wrote it); no outbox entry.
// Remarks changed here and not yet sent win (they go up next).
func (s *Store) SetPrivateRemarks(contact accounts.ID, text string) (accounts.ID, error) {
	var acct accounts.ID
	err := s.update(func(t *txn) error {
		t.out = nil
		key, ok := t.lookup(contact, kindContact)
		if !ok {
			return notFound("contact", contact)
		}
		var c accounts.Contact
		if _, err := t.get(key, &c); err != nil {
			return err
		}
		acct = c.AccountID
		bk := outKey(Ref{Kind: KindContact, ID: contact})
		base, hasBase, err := t.baseOf(bk)
		if err != nil {
			return err
		}
		if _, waiting, err := t.outEntryOf(bk); err != nil || (waiting && c.PrivateRemarks != base.Remarks) {
			return err
		}
		if hasBase {
			base.Remarks = text
			if err := t.putBase(bk, base); err != nil {
				return err
			}
		}
		if c.PrivateRemarks == text {
			return nil
		}
		c.PrivateRemarks = text
		c.Version++
		return t.putJSON(key, &c)
	})
	return acct, err
}

// Conflicts lists the conflicts kept for one account ("" for all).
func (s *Store) Conflicts(acct accounts.ID) ([]Conflict, error) {
	var out []Conflict
	err := s.view(func(t *txn) error {
		b := t.b(bktConflicts)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var c Conflict
			if err := decodeRecord(v, &c); err != nil {
				return fmt.Errorf("decode conflict %q: %w", k, err)
			}
			if acct == "" || c.Account == acct {
				out = append(out, c)
			}
			return nil
		})
	})
	return out, err
}

func conflictKey(r Ref, path string) []byte { return []byte(outKey(r) + "\x00" + path) }

// saveConflict keeps a field both sides changed; a conflict not yet
// settled on the same field keeps the person's first value.
func (t *txn) saveConflict(c Conflict) error {
	b, err := t.tx.CreateBucketIfNotExists(bktConflicts)
	if err != nil {
		return err
	}
	key := conflictKey(c.Ref, c.Path)
	if raw := b.Get(key); raw != nil {
		var old Conflict
		if decodeRecord(raw, &old) == nil {
			c.Mine = old.Mine
		}
	}
	c.Mine, c.Theirs = jsonValue(c.Mine), jsonValue(c.Theirs)
	raw, err := json.Marshal(&c)
	if err != nil {
		return fmt.Errorf("encode conflict: %w", err)
	}
	return b.Put(key, raw)
}

// jsonValue keeps a value that is not JSON as a JSON string, so that it can
// be stored and shown.
func jsonValue(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 || json.Valid(raw) {
		return raw
	}
	s, _ := json.Marshal(string(raw))
	return s
}

// dropConflicts forgets every conflict of one record.
func (t *txn) dropConflicts(r Ref) error {
	b := t.b(bktConflicts)
	if b == nil {
		return nil
	}
	pre := []byte(outKey(r) + "\x00")
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, _ = c.Next() {
		keys = append(keys, append([]byte(nil), k...))
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// ResolveConflict keeps mine (writing it into the record, which then goes
// up) or theirs (the record stays) and forgets the conflict.
func (s *Store) ResolveConflict(ref Ref, path string, keepMine bool) (accounts.ID, error) {
	var acct accounts.ID
	err := s.update(func(t *txn) error {
		b := t.b(bktConflicts)
		var raw []byte
		if b != nil {
			raw = b.Get(conflictKey(ref, path))
		}
		if raw == nil {
			return accounts.Errorf(accounts.ENOTFOUND, "storage.replica.no_conflict")
		}
		var c Conflict
		if err := decodeRecord(raw, &c); err != nil {
			return fmt.Errorf("decode conflict: %w", err)
		}
		acct = c.Account
		if keepMine {
			if err := t.keepMine(&c); err != nil {
				return err
			}
		}
		return b.Delete(conflictKey(ref, path))
	})
	return acct, err
}

// keepMine writes the person's value of a conflict into the record, as an
// edit made here (version +1, queued to go up).
func (t *txn) keepMine(c *Conflict) error {
	ops, ok := replicaKinds[c.Kind]
	cur := t.currentRaw(c.Ref)
	if !ok || cur == nil {
		return notFound(kindEntity[c.Kind], c.ID)
	}
	next := []byte(c.Mine)
	if c.Path != "" {
		var err error
		next, err = accounts.SetField(serverForm(c.Kind, cur), c.Path, c.Mine)
		if err != nil {
			return &accounts.Error{Code: accounts.EINVALID, Err: err, Msg: accounts.Say("storage.replica.keep_mine_failed", "Path", c.Path)}
		}
	}
	rec, err := ops.decode(next, Incoming{Ref: c.Ref, Account: c.Account})
	var ke *accounts.Error
	if err != nil && !errors.As(err, &ke) {
		err = &accounts.Error{Code: accounts.EINVALID, Err: err, Msg: accounts.Say("storage.replica.keep_mine_failed", "Path", c.Path)}
	}
	if err != nil {
		return err
	}
	if c.Kind != KindAccount && rec.acct != "" {
		if err := t.requireAccount(rec.acct); err != nil {
			return err
		}
	}
	if m := rec.meta(); m != nil {
		m.UpdatedAt = t.now
	}
	touched, err := ops.write(t, rec)
	if err != nil {
		return err
	}
	for _, acct := range touched {
		if err := t.refreshSummary(acct); err != nil {
			return err
		}
	}
	return nil
}

// HandedOver lists the accounts revoked from this laptop, newest first.
func (s *Store) HandedOver() ([]Revoked, error) {
	var out []Revoked
	err := s.view(func(t *txn) error {
		b := t.b(bktHanded)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var r Revoked
			if err := decodeRecord(v, &r); err != nil {
				return fmt.Errorf("decode handed-over account %s: %w", k, err)
			}
			out = append(out, r)
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out, err
}

// checkReplica is the integrity check's look at the replica buckets: the
// link and every entry decode, every key names a kind of record, and a
// database that is not linked has no outbox, bases or conflicts.
func checkReplica(tx *bolt.Tx, add func(string, ...any)) {
	team := tx.Bucket(bktTeam)
	if team == nil {
		for _, b := range replicaBuckets[1:] {
			if tx.Bucket(b) != nil {
				add("the bucket %s is there, but the database is not linked to a team server", b)
			}
		}
	} else if raw := team.Get(keyLink); raw == nil {
		add("the team bucket holds no link")
	} else if err := decodeRecord(raw, &TeamLink{}); err != nil {
		add("the team link cannot be read: %v", err)
	}
	each := func(name []byte, v any, keyOK func(k []byte) bool) {
		b := tx.Bucket(name)
		if b == nil {
			return
		}
		_ = b.ForEach(func(k, raw []byte) error {
			if !keyOK(k) {
				add("%s has the entry %q, which names no record", name, k)
			} else if err := decodeRecord(raw, v); err != nil {
				add("%s entry %q cannot be read: %v", name, k, err)
			}
			return nil
		})
	}
	refKey := func(k []byte) bool {
		i := bytes.IndexByte(k, '/')
		_, known := replicaKinds[Kind(k[:max(i, 0)])]
		return i > 0 && known && validKeyID(accounts.ID(k[i+1:]))
	}
	each(bktOutbox, &outEntry{}, refKey)
	each(bktBase, &baseEntry{}, refKey)
	each(bktConflicts, &Conflict{}, func(k []byte) bool {
		i := bytes.IndexByte(k, 0)
		return i > 0 && refKey(k[:i])
	})
	each(bktHanded, &Revoked{}, func(k []byte) bool { return validKeyID(accounts.ID(k)) })
}
