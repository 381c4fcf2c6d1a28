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
// A database that is not linked has none of them and writes no outbox.

import (
	"encoding/json"
	"errors"
	"time"

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

var errNotBuilt = errors.New("not built yet")

// TeamLinkInfo returns the database's link, or nil when it is not linked.
func (s *Store) TeamLinkInfo() (*TeamLink, error) { return nil, nil }

// SaveTeamLink updates the stored link (cursor, last sync) of a linked database.
func (s *Store) SaveTeamLink(l TeamLink) error { return errNotBuilt }

// Link ties the database to a server and, in the same transaction, queues
// every record of the accounts share accepts (and every handover) to go up.
func (s *Store) Link(l TeamLink, share func(a *accounts.Account) bool) (LinkResult, error) {
	return LinkResult{}, errNotBuilt
}

// Unlink removes the link, the outbox, the bases and the conflicts; the
// records stay.
func (s *Store) Unlink() error { return errNotBuilt }

// Outbox returns up to max records waiting to go up, oldest change first.
func (s *Store) Outbox(max int) ([]Outgoing, error) { return nil, errNotBuilt }

// OutboxLen counts the records waiting to go up.
func (s *Store) OutboxLen() (int, error) { return 0, errNotBuilt }

// MarkPushed records the server's acceptance: the base becomes the pushed
// body and revision, and the outbox entry goes unless the record changed
// again since (its Seq differs).
func (s *Store) MarkPushed(p []Pushed) error { return errNotBuilt }

// KeepLocal takes records the server's rules refused out of the outbox:
// they stay on this laptop only (TeamLink.LocalOnly counts them).
func (s *Store) KeepLocal(refs []Ref) error { return errNotBuilt }

// ApplyIncoming stores records from the server and removes revoked
// accounts, in one transaction that also saves link (the new cursor) when
// it is not nil. Nothing it writes goes into the outbox.
func (s *Store) ApplyIncoming(in []Incoming, revoked []Revoked, merge MergeFunc, link *TeamLink) (Applied, error) {
	return Applied{}, errNotBuilt
}

// SetPrivateRemarks sets a contact's private remarks from the person's own
// note on the server (another laptop of theirs wrote it); no outbox entry.
func (s *Store) SetPrivateRemarks(contact accounts.ID, text string) (accounts.ID, error) {
	return "", errNotBuilt
}

// Conflicts lists the conflicts kept for one account ("" for all).
func (s *Store) Conflicts(acct accounts.ID) ([]Conflict, error) { return nil, errNotBuilt }

// ResolveConflict keeps mine (writing it into the record, which then goes
// up) or theirs (the record stays) and forgets the conflict.
func (s *Store) ResolveConflict(ref Ref, path string, keepMine bool) (accounts.ID, error) {
	return "", errNotBuilt
}

// HandedOver lists the accounts revoked from this laptop, newest first.
func (s *Store) HandedOver() ([]Revoked, error) { return nil, errNotBuilt }
