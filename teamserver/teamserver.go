// Package teamserver is Keycard's side of the PostgreSQL team server: the
// schema and its row-level-security policies (created and migrated by
// Init), the administrative commands IT runs (add and disable people,
// status), and the wire operations of sync (push, pull, listen). It is the
// only importer of the PostgreSQL driver. Nothing of Keycard runs on the
// server: PostgreSQL enforces who sees and changes what.
package teamserver

import "time"

// Role is what a person may see and change on the server.
type Role string

const (
	RoleRep     Role = "rep"     // their own accounts and those whose account team they are on
	RoleManager Role = "manager" // every account of the people in the teams they manage
	RoleAdmin   Role = "admin"   // everything
)

// NewUser is what IT gives to add a person.
type NewUser struct {
	Login    string
	Name     string // display name, as shown as an account's owner (e.g. 王芳)
	Role     Role
	Teams    []string // a rep is a member of these teams; a manager manages them
	Password string
}

// User is one person on the server, as `team status` lists them.
type User struct {
	Login    string
	Name     string
	Role     Role
	Teams    []string
	Disabled bool
	LastSync time.Time // zero: never synced
}

// Status is what `team status` prints.
type Status struct {
	Schema int
	Users  []User
	Teams  []Team
}

// Team is a named group of reps and the managers who manage it.
type Team struct {
	Name     string
	Members  []string // logins
	Managers []string // logins
}

// Identity is the person a connection signed in as.
type Identity struct {
	Login string
	Name  string
	Role  Role
}

// Record is one record on the server: Kind is "account", "contact", "link",
// "layout", "plan", "visit", "warning" or "handover"; ID is the record's id
// (the account's id for a plan or layout); Account the account it belongs
// to ("" for a handover, whose Accounts lists the accounts it moves); Body
// the record's JSON as Keycard stores it, without a contact's private
// remarks; Rev the server's revision, which rises on every change.
type Record struct {
	Kind     string
	ID       string
	Account  string
	Accounts []string
	Body     []byte
	Deleted  bool
	Rev      int64
	By       string // login of the last writer
}

// Push is one record going up, with the revision the change started from
// (0 when the record is new to the server).
type Push struct {
	Record
	BaseRev int64
}

// PushResult is the server's answer for one pushed record.
type PushResult struct {
	Kind string
	ID   string
	// Rev is the record's new revision when it was stored.
	Rev int64
	// Conflict is set when the server holds another revision than BaseRev;
	// Theirs is then the server's record (nil when it is not visible any
	// more to this person).
	Conflict bool
	Theirs   *Record
	// Refused is set when the server's rules refused the write (e.g. an
	// account of another rep, or a rep changing an owner).
	Refused bool
}

// Note is a contact's private remarks, visible only to the person who
// wrote them.
type Note struct {
	ContactID string
	Account   string
	Text      string // "" removes the note
}

// Revocation tells a laptop that an account is no longer this person's to
// see (handed over, or its owner changed), and to whom it went.
type Revocation struct {
	Account string
	Name    string // the account's name when it was revoked
	To      string // the new owner's display name
}

// Page is one part of a pull: accounts come before the records under them.
type Page struct {
	Records []Record
	Notes   []Note
	Revoked []Revocation
}
