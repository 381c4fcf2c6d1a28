// Package storage keeps Keycard's data in one bbolt file: buckets, JSON
// encoding with a schema version, the indexes behind the portfolio views,
// migrations, hot backups, restore and the integrity check. bbolt is imported
// nowhere else.
package storage

import (
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
)

// Options tune Open.
type Options struct {
	// LockTimeout is how long Open waits for another process to release the
	// file before it gives up with an ELOCKED error. Zero means one second.
	LockTimeout time.Duration
	// ReadOnly opens the file for reading only (the CLI's list/show/stats).
	ReadOnly bool
	// NoSync skips fsync on commit; only the bulk generator uses it.
	NoSync bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Store is an open Keycard database.
type Store struct {
	path     string
	now      func() time.Time
	db       *bolt.DB
	readOnly bool
	// damaged is set once a transaction met a damaged page: from then on
	// nothing is written to the file or backed up from it.
	damaged atomic.Bool
	// linked is false when the database is certainly not linked to a team
	// server, so writes record no outbox; when true, each write looks for
	// the team bucket (Link sets it before its transaction, Unlink clears it
	// after, so no write of a linked database can miss it).
	linked atomic.Bool
	// sums holds the summaries in memory once read (sumcache.go); sumRead
	// lets one reader at a time fill it.
	sums    sumCache
	sumRead sync.Mutex
	// gate lets a staged import swap the file under every transaction
	// (gate.go); writing keeps writers in line ahead of bbolt's own lock,
	// so that the import can hold them while it works on its copy.
	gate    gate
	writing sync.Mutex
	// bopts are the options db was opened with, to open the file again
	// after a staged import.
	bopts bolt.Options
}

// Summary is the compact record behind one row of the portfolio list. The
// store keeps it up to date on every write that touches the account, so the
// list of 10,000 accounts is one bucket scan without decoding any visit.
type Summary struct {
	ID            accounts.ID    `json:"id"`
	Name          string         `json:"name"`
	LegalName     string         `json:"legal_name,omitempty"`
	Owner         string         `json:"owner"`
	Tier          accounts.Tier  `json:"tier"`
	Stage         accounts.Stage `json:"stage"`
	Industry      string         `json:"industry,omitempty"`
	Region        string         `json:"region,omitempty"`
	Tags          []string       `json:"tags,omitempty"`
	ContactNames  []string       `json:"contact_names,omitempty"` // active and left, for search
	Revenue       accounts.Money `json:"revenue"`                 // latest period
	RenewalDate   accounts.Date  `json:"renewal_date"`
	CadenceDays   int            `json:"cadence_days,omitempty"`
	LastVisit     accounts.Date  `json:"last_visit"`     // date of the newest visit
	NextFollowUp  accounts.Date  `json:"next_follow_up"` // earliest due date of an open next step
	OpenFollowUps int            `json:"open_follow_ups"`
	Version       int64          `json:"version"`
	// ParentID is the account's parent in a group, so the portfolio folds
	// groups from the summaries alone; ExternalID is its id in the CRM it
	// came from, so an import's references find it.
	ParentID   accounts.ID `json:"parent_id,omitempty"`
	ExternalID string      `json:"external_id,omitempty"`
}

// FollowUp is an open next step with where it came from.
type FollowUp struct {
	AccountID   accounts.ID       `json:"account_id"`
	AccountName string            `json:"account_name"`
	Owner       string            `json:"owner"`
	VisitID     accounts.ID       `json:"visit_id"`
	VisitAt     time.Time         `json:"visit_at"`
	Step        accounts.NextStep `json:"step"`
}

// Stats counts what the file holds.
type Stats struct {
	Path      string `json:"path"`
	SizeBytes int64  `json:"size_bytes"`
	Schema    int    `json:"schema"`
	Accounts  int    `json:"accounts"`
	Contacts  int    `json:"contacts"`
	Links     int    `json:"links"`
	Visits    int    `json:"visits"`
	Warnings  int    `json:"warnings"`
	Plans     int    `json:"plans"`
	// Opportunities counts the opportunities of all plans.
	Opportunities int `json:"opportunities"`
	Handovers     int `json:"handovers"`
}

// Open opens or creates the database at path (owner-only permissions).
func Open(path string, opts Options) (*Store, error) { return open(path, opts) }

// NeedsUpgrade reports whether the database at path was written by an
// earlier Keycard, so that Open will first bring it to this version's
// schema: seconds on a large book, which the app says in a window of its
// own rather than show nothing. Any doubt (no file, a file that cannot be
// read, or one held by another Keycard) is false: Open then says what is
// wrong.
func NeedsUpgrade(path string) bool {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() == 0 || checkFile(path) != nil {
		return false
	}
	st, err := probe(path, upgradeProbeTimeout)
	return err == nil && !st.fresh && st.schema < schemaVersion
}

// upgradeProbeTimeout bounds how long NeedsUpgrade waits for a file that
// another program holds: Open waits longer, and says so.
const upgradeProbeTimeout = 200 * time.Millisecond

// DefaultPath is keycard.db in the user's data folder for this OS.
func DefaultPath() (string, error) { return hostPlatform().defaultPath() }

// ResolvePath picks the database path: the --db flag if set, else KEYCARD_DB,
// else DefaultPath.
func ResolvePath(flagValue string) (string, error) { return hostPlatform().resolve(flagValue) }

func (s *Store) Close() error { return s.close() }
func (s *Store) Path() string { return s.path }

// Accounts. Create sets ID (if empty), Version 1 and timestamps on a;
// Update refuses a stale Version with ECONFLICT and bumps it on success.
func (s *Store) CreateAccount(a *accounts.Account) error           { return s.createAccount(a) }
func (s *Store) UpdateAccount(a *accounts.Account) error           { return s.updateAccount(a) }
func (s *Store) Account(id accounts.ID) (*accounts.Account, error) { return s.account(id) }
func (s *Store) DeleteAccount(id accounts.ID) error                { return s.deleteAccount(id) }
func (s *Store) FindAccount(idOrPrefix string) (*accounts.Account, error) {
	return s.findAccount(idOrPrefix)
}

// Summaries lists every account's summary in list order. The slice and the
// summaries in it may be shared with other callers: read them, do not
// change them (copy first).
func (s *Store) Summaries() ([]Summary, error) { return s.summaries() }

func (s *Store) SummariesByOwner(owner string) ([]Summary, error)          { return s.summariesByOwner(owner) }
func (s *Store) Owners() ([]string, error)                                 { return s.owners() }
func (s *Store) LoadAccount(id accounts.ID) (*accounts.AccountData, error) { return s.loadAccount(id) }
func (s *Store) PutAccountData(batch []accounts.AccountData) error         { return s.putAccountData(batch) }

// Contacts and influence links.
func (s *Store) CreateContact(c *accounts.Contact) error { return s.createContact(c) }
func (s *Store) UpdateContact(c *accounts.Contact) error { return s.updateContact(c) }
func (s *Store) Contact(id accounts.ID) (*accounts.Contact, error) {
	return getByID[accounts.Contact](s, id, kindContact, "contact")
}
func (s *Store) DeleteContact(id accounts.ID) error { return s.deleteContact(id) }
func (s *Store) Contacts(accountID accounts.ID) ([]accounts.Contact, error) {
	return listOf[accounts.Contact](s, accountID, kindContact)
}
func (s *Store) CreateLink(l *accounts.InfluenceLink) error { return s.saveLink(l, true) }
func (s *Store) UpdateLink(l *accounts.InfluenceLink) error { return s.saveLink(l, false) }
func (s *Store) DeleteLink(id accounts.ID) error            { return s.deleteLink(id) }
func (s *Store) Links(accountID accounts.ID) ([]accounts.InfluenceLink, error) {
	return listOf[accounts.InfluenceLink](s, accountID, kindLink)
}
func (s *Store) SaveLayout(l *accounts.MapLayout) error { return s.saveLayout(l) }
func (s *Store) Layout(accountID accounts.ID) (*accounts.MapLayout, error) {
	return s.layout(accountID)
}

// Visits and follow-ups.
func (s *Store) CreateVisit(v *accounts.Visit) error { return s.createVisit(v) }
func (s *Store) UpdateVisit(v *accounts.Visit) error { return s.updateVisit(v) }
func (s *Store) Visit(id accounts.ID) (*accounts.Visit, error) {
	return getByID[accounts.Visit](s, id, kindVisit, "visit")
}
func (s *Store) DeleteVisit(id accounts.ID) error                       { return s.deleteVisit(id) }
func (s *Store) Visits(accountID accounts.ID) ([]accounts.Visit, error) { return s.visits(accountID) }
func (s *Store) RecentVisits(n int) ([]accounts.Visit, error)           { return s.recentVisits(n) }
func (s *Store) SetStepDone(visitID, stepID accounts.ID, done bool, on accounts.Date) error {
	return s.setStepDone(visitID, stepID, done, on)
}
func (s *Store) FollowUps(dueOnOrBefore accounts.Date) ([]FollowUp, error) {
	return s.followUps(dueOnOrBefore)
}
func (s *Store) Renewals(from, to accounts.Date) ([]Summary, error) { return s.renewals(from, to) }

// FollowUpsDue returns the first limit open next steps due before today
// and the first limit due from today to end, and how many there are of
// each (Today's sections); see followUpsDue.
func (s *Store) FollowUpsDue(today, end accounts.Date, limit int) (DueFollowUps, error) {
	return s.followUpsDue(today, end, limit)
}

// Birthdays returns the contacts with a birthday from from to days days
// after it (29 February on 1 March in other years), with their name, title, role,
// influence, attitude, trust, status, account and birthday.
func (s *Store) Birthdays(from accounts.Date, days int) ([]accounts.Contact, error) {
	return s.birthdays(from, days)
}

// Warning signs, plans, handovers.
func (s *Store) CreateWarning(w *accounts.Warning) error { return s.saveWarning(w, true) }
func (s *Store) UpdateWarning(w *accounts.Warning) error { return s.saveWarning(w, false) }
func (s *Store) DeleteWarning(id accounts.ID) error      { return s.deleteWarning(id) }
func (s *Store) Warnings(accountID accounts.ID) ([]accounts.Warning, error) {
	return listOf[accounts.Warning](s, accountID, kindWarning)
}
func (s *Store) SavePlan(p *accounts.Plan) error                     { return s.savePlan(p) }
func (s *Store) Plan(accountID accounts.ID) (*accounts.Plan, error)  { return s.plan(accountID) }
func (s *Store) SaveHandover(h *accounts.Handover) error             { return s.saveHandover(h) }
func (s *Store) Handover(id accounts.ID) (*accounts.Handover, error) { return s.handover(id) }
func (s *Store) Handovers() ([]accounts.Handover, error)             { return s.handovers() }

// Administration.
func (s *Store) Backup(w io.Writer) (int64, error) { return s.backup(w) }
func (s *Store) BackupFile(path string) error      { return s.backupFile(path) }
func Restore(backupPath, dbPath string) error      { return restore(backupPath, dbPath) }
func (s *Store) Check() error                      { return s.check() }
func (s *Store) Stats() (Stats, error)             { return s.stats() }
