package book

import (
	"io"

	"keycard/accounts"
	"keycard/bundle"
	"keycard/intake"
	"keycard/storage"
)

// Imports bring records from files. What a file would add is worked out
// first (a preview, which writes nothing), then added; the same functions
// serve keycardctl and the app, so both skip the same records.

// PlanMerge says what MergeBundle would do with data, writing nothing.
func (b *Book) PlanMerge(data []accounts.AccountData, opts storage.ImportOptions) (storage.ImportPlan, error) {
	return b.st().PlanImportWith(data, opts)
}

// MergeBundle merges the accounts of a bundle record by record (see
// storage.ImportWith): nothing is deleted, conflicts are kept as they are here.
func (b *Book) MergeBundle(src Source, data []accounts.AccountData, opts storage.ImportOptions) (storage.ImportPlan, Change, error) {
	p, err := b.st().ImportWith(data, opts)
	if err != nil || p.Changes() == 0 {
		return p, Change{}, err
	}
	ids := make([]accounts.ID, len(data))
	for i := range data {
		ids[i] = data[i].Account.ID
	}
	src.Origin = Import
	return p, b.publish(Change{Source: src, Accounts: dedupe(ids), Portfolio: true}), nil
}

// BundleFile is a bundle opened for an import: its archive, its manifest
// and its passphrase checked, its accounts not read yet. PlanBundle and
// ImportBundle read them as a stream.
type BundleFile struct {
	path string
	r    *bundle.Reader
}

// OpenBundle opens the bundle at path, with passphrase if it is sealed (an
// error with code EPASSPHRASE if that is missing or wrong). Close it when
// done.
func OpenBundle(path, passphrase string) (*BundleFile, error) {
	r, err := bundle.OpenFile(path, bundle.ReadOptions{Passphrase: passphrase})
	if err != nil {
		return nil, err
	}
	return &BundleFile{path: path, r: r}, nil
}

// Manifest says who made the bundle, when, and what it holds.
func (f *BundleFile) Manifest() Manifest { return f.r.Manifest() }

// Close closes the file.
func (f *BundleFile) Close() error { return f.r.Close() }

// options merge with the bundle's privacy setting: a bundle made without
// private remarks must not read as if the remarks had been deleted on the
// other computer.
func (f *BundleFile) options() storage.ImportOptions {
	return storage.ImportOptions{PrivateIncluded: f.r.Manifest().IncludePrivate}
}

// staged says whether the bundle is large enough to be imported staged
// (storage.ImportStaged): one transaction would hold all of it in memory.
func (f *BundleFile) staged() bool {
	c := f.r.Manifest().Counts
	return c.Accounts+c.Contacts+c.Links+c.Visits+c.Warnings+c.Plans >= storage.StageFrom
}

// PlanBundle reads the bundle as a stream and says what ImportBundle
// would do with it, writing nothing. Only the plan is kept, never the
// accounts, so a preview takes the same memory for 50 accounts as for
// 5,000.
func (b *Book) PlanBundle(f *BundleFile) (storage.ImportPlan, error) {
	return b.st().PlanImportStream(f.r.Each, f.options())
}

// ImportBundle merges the bundle into the database record by record (see
// MergeBundle), reading it as a stream: a checksum that fails at the end
// of the bundle or a bad last account rolls everything back. A large
// bundle goes through a copy of the database (storage.ImportStaged), so
// that its memory stays bounded. When previewed is not empty, it is the
// content checksum of the bundle the person saw in the preview, and a
// file changed since is refused.
func (b *Book) ImportBundle(src Source, f *BundleFile, previewed string) (storage.ImportPlan, Change, error) {
	if previewed != "" && f.Manifest().ContentSHA256 != previewed {
		return storage.ImportPlan{}, Change{}, accounts.Errorf(accounts.ECONFLICT, "bundle.changed_since_preview", "Path", f.path)
	}
	var ids []accounts.ID
	each := func(yield func(*accounts.AccountData) error) error {
		return f.r.Each(func(d *accounts.AccountData) error {
			ids = append(ids, d.Account.ID)
			return yield(d)
		})
	}
	importer := b.st().ImportStream
	if f.staged() {
		importer = b.st().ImportStaged
	}
	p, err := importer(each, f.options())
	if err != nil || p.Changes() == 0 {
		return p, Change{}, err
	}
	src.Origin = Import
	return p, b.publish(Change{Source: src, Accounts: dedupe(ids), Portfolio: true}), nil
}

// NewAccounts leaves out of records the accounts Keycard has (same name);
// have are those left out.
func (b *Book) NewAccounts(records []accounts.Account) (add []accounts.Account, have []string, err error) {
	sums, err := b.st().Summaries()
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, len(sums))
	for i, sm := range sums {
		names[i] = sm.Name
	}
	add, have = intake.NewAccountsOnly(records, names)
	return add, have, nil
}

// AccountMatcher matches the exact account name (ignoring case and
// surrounding space) or a whole account id, for a contacts file's company
// column.
func (b *Book) AccountMatcher() (func(string) (accounts.ID, bool), error) {
	sums, err := b.st().Summaries()
	if err != nil {
		return nil, err
	}
	ids, names := make([]accounts.ID, len(sums)), make([]string, len(sums))
	for i, sm := range sums {
		ids[i], names[i] = sm.ID, sm.Name
	}
	return intake.MatchAccounts(ids, names), nil
}

// NewContacts leaves out of records the people each account already has
// (same e-mail, or same name), so importing a file twice adds nothing the
// second time.
func (b *Book) NewContacts(records []accounts.Contact) (add, have []accounts.Contact, err error) {
	return intake.NewContactsOnly(records, b.st().Contacts)
}

// AddContacts stores the contacts read from a file in one transaction:
// all of them (added = len(cs)) or, on any error, none (added = 0), so a
// kill, a full disk or a bad record never leaves half a file behind.
func (b *Book) AddContacts(src Source, cs []accounts.Contact) (added int, c Change, err error) {
	return addAll(b, src, cs, b.st().AddContacts, func(c *accounts.Contact) accounts.ID { return c.AccountID })
}

// CalendarPlan is what a calendar file would add: each event becomes a
// visit of the account whose contact is among its attendees.
type CalendarPlan struct {
	Add      []accounts.Visit // the visits not logged yet
	Have     []accounts.Visit // events logged already (same account, time and objective)
	Problems []intake.Problem // events left out, and why
}

// PlanCalendar reads an iCalendar file and matches its events to accounts
// by their attendees' e-mail addresses, writing nothing.
func (b *Book) PlanCalendar(r io.Reader) (CalendarPlan, error) {
	return b.PlanCalendarFor(r, "")
}

// PlanCalendarFor is PlanCalendar where the events without a known
// attendee are visits of the account fallback (none: left out).
func (b *Book) PlanCalendarFor(r io.Reader, fallback accounts.ID) (CalendarPlan, error) {
	all, err := b.st().AllContacts()
	if err != nil {
		return CalendarPlan{}, err
	}
	if fallback != "" {
		if _, err := b.st().Account(fallback); err != nil {
			return CalendarPlan{}, err
		}
	}
	match := intake.NewAttendees(all)
	res, err := intake.ReadICalendar(r, match.OptionsFor(fallback))
	if err != nil {
		return CalendarPlan{}, err
	}
	add, have, err := match.NewVisitsOnly(res.Records, b.st().Visits)
	if err != nil {
		return CalendarPlan{}, err
	}
	return CalendarPlan{Add: add, Have: have, Problems: res.Problems}, nil
}

// AddVisits stores the visits read from a file in one transaction: all of
// them or, on any error, none (added = 0).
func (b *Book) AddVisits(src Source, vs []accounts.Visit) (added int, c Change, err error) {
	return addAll(b, src, vs, b.st().AddVisits, func(v *accounts.Visit) accounts.ID { return v.AccountID })
}

// addAll stores the records of one file with store (one transaction) and
// publishes the change of the accounts they belong to.
func addAll[T any](b *Book, src Source, rs []T, store func([]T) ([]T, error), account func(*T) accounts.ID) (int, Change, error) {
	if len(rs) == 0 {
		return 0, Change{}, nil
	}
	stored, err := store(rs)
	if err != nil {
		return 0, Change{}, err
	}
	ids := make([]accounts.ID, len(stored))
	for i := range stored {
		ids[i] = account(&stored[i])
	}
	return len(stored), b.imported(src, ids), nil
}

// imported publishes the change of an import that stored records under ids.
func (b *Book) imported(src Source, ids []accounts.ID) Change {
	src.Origin = Import
	return b.publish(accountChange(src, ids...))
}
