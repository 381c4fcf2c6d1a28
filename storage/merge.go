package storage

import (
	"bytes"
	"encoding/json"
	"slices"
	"time"

	"keycard/accounts"
)

// Importing a bundle merges it into the database record by record, by id:
// a record that is not here is added, one the bundle holds in a newer version
// replaces ours, an identical one is skipped, and one that is newer here or
// was changed on both sides is kept as it is here and listed as a conflict.
// Nothing is ever deleted by an import, so importing the same bundle twice
// changes nothing the second time.

// ImportItem is one record of an import preview or result.
type ImportItem struct {
	Kind   string          `json:"kind"` // account, contact, link, visit, warning, plan, layout
	ID     string          `json:"id"`
	Name   accounts.Phrase `json:"name"`   // what a person recognises, with its account
	Reason accounts.Phrase `json:"reason"` // why it lands in its list
}

// ImportPlan sorts the records of a bundle by what an import does with them.
// Every account is listed; of the other records (a bundle of 2,500
// accounts holds 250,000 visits) each list names the first ListedRecords
// and counts the rest by kind in More, so that a plan takes the same
// memory whatever the size of the bundle.
type ImportPlan struct {
	Added   []ImportItem `json:"added"`
	Updated []ImportItem `json:"updated"`
	Skipped []ImportItem `json:"skipped"`
	// Conflicts are records kept as they are here although the bundle holds
	// another version of them.
	Conflicts []ImportItem `json:"conflicts"`
	// More counts the records left out of the lists: list name (PlanAdded,
	// …) to kind to number.
	More map[string]map[string]int `json:"more,omitempty"`
	// others counts the records other than accounts each list names, in
	// the order of planLists.
	others [4]int
}

// ListedRecords is how many records other than accounts each list of an
// ImportPlan names one by one.
const ListedRecords = 1000

// The names of an ImportPlan's lists, as More counts them.
const (
	PlanAdded     = "added"
	PlanUpdated   = "updated"
	PlanSkipped   = "skipped"
	PlanConflicts = "conflicts"
)

// planLists orders ImportPlan.others.
var planLists = []string{PlanAdded, PlanUpdated, PlanSkipped, PlanConflicts}

// Count is the number of records in a list (PlanAdded, …), listed or not.
func (p ImportPlan) Count(list string) int {
	items := map[string][]ImportItem{PlanAdded: p.Added, PlanUpdated: p.Updated, PlanSkipped: p.Skipped, PlanConflicts: p.Conflicts}[list]
	n := len(items)
	for _, k := range p.More[list] {
		n += k
	}
	return n
}

// Changes is the number of records the import writes.
func (p ImportPlan) Changes() int { return p.Count(PlanAdded) + p.Count(PlanUpdated) }

// ImportOptions say how a bundle was made.
type ImportOptions struct {
	// PrivateIncluded says the bundle carries contacts' private remarks.
	// When it does not, a contact's empty remarks mean "left out", not
	// "deleted": the remarks here are kept, and a contact that differs only
	// by them is the same record.
	PrivateIncluded bool
}

// PlanImport says what Import would do with data, writing nothing. data is
// taken to carry private remarks as they are (see PlanImportWith).
func (s *Store) PlanImport(data []accounts.AccountData) (ImportPlan, error) {
	return s.PlanImportWith(data, ImportOptions{PrivateIncluded: true})
}

// Import merges data into the database, taking it to carry private remarks
// as they are (see ImportWith).
func (s *Store) Import(data []accounts.AccountData) (ImportPlan, error) {
	return s.ImportWith(data, ImportOptions{PrivateIncluded: true})
}

// PlanImportWith says what ImportWith would do with data, writing nothing.
func (s *Store) PlanImportWith(data []accounts.AccountData, opts ImportOptions) (ImportPlan, error) {
	return s.PlanImportStream(Accounts(data), opts)
}

// ImportWith merges data into the database in one transaction and reports
// what it did. Every account is validated, as it will be stored, before it
// is written; any problem leaves the database unchanged.
func (s *Store) ImportWith(data []accounts.AccountData, opts ImportOptions) (ImportPlan, error) {
	return s.ImportStream(Accounts(data), opts)
}

// An AccountStream hands accounts to yield one at a time, stopping at the
// first error yield returns and returning it, or its own error: a
// bundle's reader (bundle.Reader.Each) is one. The store keeps none of the
// accounts it is handed.
type AccountStream func(yield func(*accounts.AccountData) error) error

// Accounts streams the accounts of data; they are not changed.
func Accounts(data []accounts.AccountData) AccountStream {
	return func(yield func(*accounts.AccountData) error) error {
		for i := range data {
			if err := yield(&data[i]); err != nil {
				return err
			}
		}
		return nil
	}
}

// PlanImportStream says what ImportStream would do with the accounts of
// each, writing nothing. Only the plan is kept, not the accounts.
func (s *Store) PlanImportStream(each AccountStream, opts ImportOptions) (ImportPlan, error) {
	var plan ImportPlan
	in := newIncoming(s.now().UTC())
	err := s.view(func(t *txn) error {
		return streamIn(each, func(d *accounts.AccountData) error {
			prepared, err := in.prepare(d)
			if err != nil {
				return err
			}
			_, _, err = t.mergeAccount(prepared, &plan, opts)
			return err
		})
	})
	if err != nil {
		return ImportPlan{}, err
	}
	return plan, nil
}

// ImportStream merges the accounts of each into the database in one
// transaction, as they come, and reports what it did. Each account is
// validated, as it will be stored, before it is written; any problem, in
// an account or in the stream itself (a bundle whose checksum fails at
// its end), rolls the whole import back. What it holds in memory is the
// plan, the ids seen and the transaction's own pages, not the accounts.
func (s *Store) ImportStream(each AccountStream, opts ImportOptions) (ImportPlan, error) {
	var plan ImportPlan
	in := newIncoming(s.now().UTC())
	err := s.update(func(t *txn) error {
		// Accounts come in the bundle's order; their records and index
		// entries are put in key order at the end (later.go), so the
		// import's time is linear in its size.
		t.deferRecords()
		err := streamIn(each, func(d *accounts.AccountData) error {
			prepared, err := in.prepare(d)
			if err != nil {
				return err
			}
			return t.importAccount(prepared, &plan, opts)
		})
		if err != nil {
			return err
		}
		return t.flushLater()
	})
	if err != nil {
		return ImportPlan{}, err
	}
	return plan, nil
}

// importAccount merges one prepared account and writes it if it changed.
func (t *txn) importAccount(in *accounts.AccountData, plan *ImportPlan, opts ImportOptions) error {
	merged, changed, err := t.mergeAccount(in, plan, opts)
	if err != nil || !changed {
		return err
	}
	if err := prepareData(merged, accounts.NewID); err != nil {
		return mergedInvalid(merged.Account.Name, err)
	}
	if t.b(bktData).Get(accountKey(merged.Account.ID)) != nil {
		if err := t.deleteAccount(merged.Account.ID); err != nil {
			return err
		}
	}
	return t.writeData(merged)
}

// streamIn runs the caller's stream inside a transaction, each account
// going to fn. A panic of the stream is the caller's; a panic of fn, which
// reads the file, may be the file's damage, as anywhere else in a
// transaction.
func streamIn(each AccountStream, fn func(*accounts.AccountData) error) error {
	return callOut(func() error {
		return each(func(d *accounts.AccountData) error {
			defer func() {
				if r := recover(); r != nil {
					panic(storePanic{r})
				}
			}()
			return fn(d)
		})
	})
}

// incoming checks and normalises the accounts of one import as they come.
type incoming struct {
	now  time.Time
	seen map[accounts.ID]bool
}

func newIncoming(now time.Time) *incoming {
	return &incoming{now: now, seen: map[accounts.ID]bool{}}
}

// prepare checks and normalises a copy of d as a bulk write would, so
// that its records compare equal to what the database would store.
func (in *incoming) prepare(d *accounts.AccountData) (*accounts.AccountData, error) {
	if d.Account.ID == "" {
		return nil, invalid("storage.merge.no_id", "Name", d.Account.Name)
	}
	if in.seen[d.Account.ID] {
		return nil, invalid("storage.merge.twice", "Name", d.Account.Name)
	}
	in.seen[d.Account.ID] = true
	out := copyData(d)
	if err := prepareData(&out, func() accounts.ID { return "" }); err != nil {
		return nil, inAccount(out.Account.Name, err)
	}
	stampData(&out, in.now)
	return &out, nil
}

// mergedInvalid explains an account that is sound here and sound in the
// bundle but not once merged, e.g. reporting lines changed on both sides.
func mergedInvalid(name string, err error) error {
	out := &accounts.Error{Code: accounts.EINVALID, Err: err, Fields: accounts.FieldErrors(err)}
	detail := accounts.ErrorPhrase(err)
	if len(out.Fields) > 0 {
		parts := make([]accounts.Phrase, len(out.Fields))
		for i, f := range out.Fields {
			parts[i] = f.Msg
		}
		detail = accounts.Say("error.fields", "Problems", parts)
	}
	out.Msg = accounts.Say("storage.merge.invalid", "Name", name, "Detail", detail)
	return out
}

// copyData copies d deeply enough that normalising the copy leaves d as it
// was: every slice that Normalize writes into is copied.
func copyData(d *accounts.AccountData) accounts.AccountData {
	out := *d
	out.Contacts = append([]accounts.Contact(nil), d.Contacts...)
	out.Links = append([]accounts.InfluenceLink(nil), d.Links...)
	out.Warnings = append([]accounts.Warning(nil), d.Warnings...)
	out.Visits = append([]accounts.Visit(nil), d.Visits...)
	for i := range out.Visits {
		v := &out.Visits[i]
		v.NextSteps = append([]accounts.NextStep(nil), v.NextSteps...)
		v.Gifts = append([]accounts.Gift(nil), v.Gifts...)
	}
	if d.Plan != nil {
		p := *d.Plan
		p.Objectives = append([]accounts.Objective(nil), p.Objectives...)
		p.Strategies = append([]accounts.Strategy(nil), p.Strategies...)
		p.Actions = append([]accounts.Action(nil), p.Actions...)
		p.Opportunities = append([]accounts.Opportunity(nil), p.Opportunities...)
		out.Plan = &p
	}
	if d.Layout != nil {
		l := *d.Layout
		out.Layout = &l
	}
	return out
}

// verdict is what an import does with one record.
type verdict int

const (
	add verdict = iota
	update
	skip
	keep // a conflict: ours is kept
)

// decide compares our version of a record with the bundle's. The bundle's
// replaces ours only when it is newer by version and not older by time: a
// higher version with an older time, or the same version with other
// content, means both sides changed it, and ours is kept.
func decide(ours, theirs accounts.Meta, same bool) (verdict, accounts.Phrase) {
	when := func(m accounts.Meta) string { return m.UpdatedAt.UTC().Format("2006-01-02 15:04") }
	switch {
	case same:
		return skip, accounts.Phrase{Key: "import.reason.same"}
	case theirs.Version > ours.Version && !theirs.UpdatedAt.Before(ours.UpdatedAt):
		return update, accounts.Say("import.reason.newer_in_bundle", "Theirs", theirs.Version, "TheirsAt", when(theirs), "Ours", ours.Version, "OursAt", when(ours))
	case theirs.Version < ours.Version && !theirs.UpdatedAt.After(ours.UpdatedAt):
		return keep, accounts.Say("import.reason.newer_here", "Theirs", theirs.Version, "TheirsAt", when(theirs), "Ours", ours.Version, "OursAt", when(ours))
	default:
		return keep, accounts.Say("import.reason.both", "Theirs", theirs.Version, "TheirsAt", when(theirs), "Ours", ours.Version, "OursAt", when(ours))
	}
}

func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

func (p *ImportPlan) note(v verdict, item ImportItem) {
	list, name := &p.Conflicts, PlanConflicts
	switch v {
	case add:
		list, name = &p.Added, PlanAdded
	case update:
		list, name = &p.Updated, PlanUpdated
	case skip:
		list, name = &p.Skipped, PlanSkipped
	}
	i := slices.Index(planLists, name)
	if item.Kind == "account" || p.others[i] < ListedRecords {
		if item.Kind != "account" {
			p.others[i]++
		}
		*list = append(*list, item)
		return
	}
	if p.More == nil {
		p.More = map[string]map[string]int{}
	}
	if p.More[name] == nil {
		p.More[name] = map[string]int{}
	}
	p.More[name][item.Kind]++
}

// mergeAccount merges one incoming account with ours, notes every record's
// fate in plan and returns the merged account and whether it differs from
// what is stored.
func (t *txn) mergeAccount(in *accounts.AccountData, plan *ImportPlan, opts ImportOptions) (*accounts.AccountData, bool, error) {
	acct := in.Account.ID
	label := accounts.Say("import.name.plain", "Name", in.Account.Name)
	of := func(name any) accounts.Phrase {
		return accounts.Say("import.name.in_account", "Name", name, "Account", in.Account.Name)
	}
	linkName, planName, mapName := accounts.Phrase{Key: "entity.influence_link"}, accounts.Phrase{Key: "entity.plan"}, accounts.Phrase{Key: "import.name.map"}

	// A child id that another account's record already uses cannot be
	// stored; such a record stays out and is listed.
	usedElsewhere := func(id accounts.ID) bool {
		k := t.idGet([]byte(id))
		return k != nil && !bytes.HasPrefix(k, accountPrefix(acct))
	}
	elsewhere := accounts.Phrase{Key: "import.reason.id_elsewhere"}

	if t.b(bktData).Get(accountKey(acct)) == nil {
		out := *in
		plan.note(add, ImportItem{Kind: "account", ID: string(acct), Name: label, Reason: newAccount})
		out.Contacts = filterNew(in.Contacts, func(c *accounts.Contact) (accounts.ID, accounts.Phrase) { return c.ID, of(c.Who()) }, "contact", usedElsewhere, elsewhere, plan)
		out.Links = filterNew(in.Links, func(l *accounts.InfluenceLink) (accounts.ID, accounts.Phrase) { return l.ID, of(linkName) }, "link", usedElsewhere, elsewhere, plan)
		out.Visits = filterNew(in.Visits, func(v *accounts.Visit) (accounts.ID, accounts.Phrase) { return v.ID, of(visitName(v)) }, "visit", usedElsewhere, elsewhere, plan)
		out.Warnings = filterNew(in.Warnings, func(w *accounts.Warning) (accounts.ID, accounts.Phrase) { return w.ID, of(w.Kind.Label()) }, "warning", usedElsewhere, elsewhere, plan)
		if in.Plan != nil {
			plan.note(add, ImportItem{Kind: "plan", ID: string(acct), Name: of(planName), Reason: newAccount})
		}
		if in.Layout != nil {
			plan.note(add, ImportItem{Kind: "layout", ID: string(acct), Name: of(mapName), Reason: newAccount})
		}
		dropDanglingLinks(&out)
		return &out, true, nil
	}

	ours, err := t.loadData(acct)
	if err != nil {
		return nil, false, err
	}
	out := *ours
	changed := false

	v, why := decide(ours.Account.Meta, in.Account.Meta, sameJSON(ours.Account, in.Account))
	if v == update {
		out.Account, changed = in.Account, true
	}
	plan.note(v, ImportItem{Kind: "account", ID: string(acct), Name: label, Reason: why})

	if !opts.PrivateIncluded {
		keepPrivateRemarks(ours.Contacts, in.Contacts)
	}
	var c1, c2, c3, c4 bool
	out.Contacts, c1 = mergeChildren(ours.Contacts, in.Contacts, func(c *accounts.Contact) (accounts.Meta, accounts.Phrase) { return c.Meta, of(c.Who()) }, "contact", usedElsewhere, elsewhere, plan)
	out.Links, c2 = mergeChildren(ours.Links, in.Links, func(l *accounts.InfluenceLink) (accounts.Meta, accounts.Phrase) { return l.Meta, of(linkName) }, "link", usedElsewhere, elsewhere, plan)
	out.Visits, c3 = mergeChildren(ours.Visits, in.Visits, func(v *accounts.Visit) (accounts.Meta, accounts.Phrase) { return v.Meta, of(visitName(v)) }, "visit", usedElsewhere, elsewhere, plan)
	out.Warnings, c4 = mergeChildren(ours.Warnings, in.Warnings, func(w *accounts.Warning) (accounts.Meta, accounts.Phrase) { return w.Meta, of(w.Kind.Label()) }, "warning", usedElsewhere, elsewhere, plan)
	changed = changed || c1 || c2 || c3 || c4

	if in.Plan != nil {
		item := ImportItem{Kind: "plan", ID: string(acct), Name: of(planName)}
		if ours.Plan == nil {
			out.Plan, changed, item.Reason = in.Plan, true, notHereYet
			plan.note(add, item)
		} else {
			v, why := decide(ours.Plan.Meta, in.Plan.Meta, sameJSON(ours.Plan, in.Plan))
			if v == update {
				out.Plan, changed = in.Plan, true
			}
			item.Reason = why
			plan.note(v, item)
		}
	}
	if in.Layout != nil {
		// The map layout is where cards sit on the screen: it has no
		// version, and a difference is not worth a conflict.
		item := ImportItem{Kind: "layout", ID: string(acct), Name: of(mapName)}
		switch {
		case ours.Layout == nil:
			out.Layout, changed, item.Reason = in.Layout, true, notHereYet
			plan.note(add, item)
		case sameJSON(ours.Layout, in.Layout):
			item.Reason = accounts.Phrase{Key: "import.reason.same"}
			plan.note(skip, item)
		case in.Layout.UpdatedAt.After(ours.Layout.UpdatedAt):
			out.Layout, changed, item.Reason = in.Layout, true, accounts.Phrase{Key: "import.reason.layout_newer"}
			plan.note(update, item)
		default:
			item.Reason = accounts.Phrase{Key: "import.reason.layout_kept"}
			plan.note(skip, item)
		}
	}
	dropDanglingLinks(&out)
	return &out, changed, nil
}

// The reasons every list shares.
var (
	newAccount = accounts.Phrase{Key: "import.reason.new_account"}
	notHereYet = accounts.Phrase{Key: "import.reason.not_here"}
)

func visitName(v *accounts.Visit) accounts.Phrase {
	return accounts.Say("import.name.visit", "Kind", v.Kind.Label(), "Date", v.At.Format("2006-01-02"))
}

// filterNew lists the children of a new account and leaves out those whose
// id another account uses.
func filterNew[T any](in []T, who func(*T) (accounts.ID, accounts.Phrase), kind string, usedElsewhere func(accounts.ID) bool, elsewhere accounts.Phrase, plan *ImportPlan) []T {
	var out []T
	for i := range in {
		id, name := who(&in[i])
		item := ImportItem{Kind: kind, ID: string(id), Name: name, Reason: newAccount}
		if usedElsewhere(id) {
			item.Reason = elsewhere
			plan.note(keep, item)
			continue
		}
		plan.note(add, item)
		out = append(out, in[i])
	}
	return out
}

// mergeChildren merges one kind of child record by id: ours in their order,
// replaced where the bundle's is newer, then the bundle's new ones.
func mergeChildren[T any](ours, in []T, meta func(*T) (accounts.Meta, accounts.Phrase), kind string, usedElsewhere func(accounts.ID) bool, elsewhere accounts.Phrase, plan *ImportPlan) ([]T, bool) {
	out := append([]T(nil), ours...)
	at := make(map[accounts.ID]int, len(ours))
	for i := range out {
		m, _ := meta(&out[i])
		at[m.ID] = i
	}
	changed := false
	for i := range in {
		theirs := &in[i]
		m, name := meta(theirs)
		item := ImportItem{Kind: kind, ID: string(m.ID), Name: name}
		j, ok := at[m.ID]
		if !ok {
			if usedElsewhere(m.ID) {
				item.Reason = elsewhere
				plan.note(keep, item)
				continue
			}
			item.Reason = notHereYet
			plan.note(add, item)
			out = append(out, *theirs)
			changed = true
			continue
		}
		om, _ := meta(&out[j])
		v, why := decide(om, m, sameJSON(&out[j], theirs))
		if v == update {
			out[j] = *theirs
			changed = true
		}
		item.Reason = why
		plan.note(v, item)
	}
	return out, changed
}

// dropDanglingLinks removes influence links whose people were left out of
// the merge, which only happens when their ids belong to another account.
func dropDanglingLinks(d *accounts.AccountData) {
	ids := make(map[accounts.ID]bool, len(d.Contacts))
	for _, c := range d.Contacts {
		ids[c.ID] = true
	}
	links := d.Links[:0:0]
	for _, l := range d.Links {
		if ids[l.From] && ids[l.To] {
			links = append(links, l)
		}
	}
	d.Links = links
}

// keepPrivateRemarks gives the incoming contacts (a copy made for the
// import) the private remarks of ours, which a bundle made without them
// left out.
func keepPrivateRemarks(ours, in []accounts.Contact) {
	remarks := make(map[accounts.ID]string, len(ours))
	for i := range ours {
		if ours[i].PrivateRemarks != "" {
			remarks[ours[i].ID] = ours[i].PrivateRemarks
		}
	}
	for i := range in {
		if r, ok := remarks[in[i].ID]; ok && in[i].PrivateRemarks == "" {
			in[i].PrivateRemarks = r
		}
	}
}
