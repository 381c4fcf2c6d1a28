package intake

import (
	"strconv"
	"strings"

	"keycard/accounts"
)

// The rules below decide, for the records a reader returned, which
// accounts they belong to and which of them Keycard already has. The CLI
// and the desktop app import through the same rules, so a file brings in
// the same records whichever way it comes, and importing it twice adds
// nothing the second time.

// MatchAccounts returns the matcher CSVOptions.Account wants: it finds an
// account by its exact name (ignoring case and surrounding space) or by
// its whole id. ids[i] is the id of names[i].
func MatchAccounts(ids []accounts.ID, names []string) func(nameOrID string) (accounts.ID, bool) {
	by := make(map[string]accounts.ID, 2*len(ids))
	for i, id := range ids {
		by[nameKey(names[i])] = id
		by[strings.ToLower(string(id))] = id
	}
	return func(s string) (accounts.ID, bool) {
		id, ok := by[nameKey(s)]
		return id, ok
	}
}

// NewAccountsOnly splits the accounts read from a file into those to add
// and those already in Keycard under the same name (ignoring case), whose
// names are returned. existing are the names of the stored accounts.
func NewAccountsOnly(recs []accounts.Account, existing []string) (add []accounts.Account, have []string) {
	known := make(map[string]bool, len(existing))
	for _, n := range existing {
		known[nameKey(n)] = true
	}
	for _, a := range recs {
		if known[nameKey(a.Name)] {
			have = append(have, a.Name)
			continue
		}
		known[nameKey(a.Name)] = true
		add = append(add, a)
	}
	return add, have
}

// NewContactsOnly splits the contacts read from a file into those to add
// and those their account already has: the same e-mail address or the same
// name, ignoring case. A person twice in the file is added once. stored
// returns an account's contacts; it is called once per account.
func NewContactsOnly(recs []accounts.Contact, stored func(accounts.ID) ([]accounts.Contact, error)) (add, have []accounts.Contact, err error) {
	known := map[accounts.ID]map[string]bool{}
	for _, c := range recs {
		keys, ok := known[c.AccountID]
		if !ok {
			list, err := stored(c.AccountID)
			if err != nil {
				return nil, nil, err
			}
			keys = map[string]bool{}
			for _, k := range list {
				addContactKeys(keys, k)
			}
			known[c.AccountID] = keys
		}
		if keys["n:"+nameKey(c.Name)] || (c.Email != "" && keys["e:"+nameKey(c.Email)]) {
			have = append(have, c)
			continue
		}
		addContactKeys(keys, c)
		add = append(add, c)
	}
	return add, have, nil
}

func addContactKeys(keys map[string]bool, c accounts.Contact) {
	keys["n:"+nameKey(c.Name)] = true
	if c.Email != "" {
		keys["e:"+nameKey(c.Email)] = true
	}
}

// Attendees ties calendar events to accounts through the e-mail addresses
// of the people Keycard knows: an event is a visit of the account of its
// first known attendee. People who left their company are not matched.
type Attendees struct {
	byEmail   map[string]accounts.ID
	accountOf map[accounts.ID]accounts.ID
}

// NewAttendees indexes the contacts of all accounts.
func NewAttendees(contacts []accounts.Contact) *Attendees {
	m := &Attendees{byEmail: map[string]accounts.ID{}, accountOf: map[accounts.ID]accounts.ID{}}
	for _, c := range contacts {
		if c.Email != "" && c.Active() {
			m.byEmail[strings.ToLower(c.Email)] = c.ID
			m.accountOf[c.ID] = c.AccountID
		}
	}
	return m
}

// Options returns the options for ReadICalendar that use the index.
func (m *Attendees) Options() ICSOptions { return m.OptionsFor("") }

// OptionsFor is Options where an event without a known attendee (most
// personal calendars invite no one) is a visit of the account fallback;
// "" leaves such events out.
func (m *Attendees) OptionsFor(fallback accounts.ID) ICSOptions {
	return ICSOptions{
		ContactByEmail: func(email string) (accounts.ID, bool) { id, ok := m.byEmail[email]; return id, ok },
		Account: func(ev Event) (accounts.ID, bool) {
			if len(ev.ContactIDs) == 0 {
				return fallback, fallback != ""
			}
			return m.accountOf[ev.ContactIDs[0]], true
		},
	}
}

// NewVisitsOnly splits the visits read from a calendar into those to add
// and those already logged (same account, minute and objective). Attendees
// of another account than the visit's are taken off it: a visit belongs to
// one account. logged returns an account's visits; it is called once per
// account.
func (m *Attendees) NewVisitsOnly(recs []accounts.Visit, logged func(accounts.ID) ([]accounts.Visit, error)) (add, have []accounts.Visit, err error) {
	seenBy := map[accounts.ID]map[string]bool{}
	for _, v := range recs {
		var mine []accounts.ID
		for _, c := range v.ContactIDs {
			if m.accountOf[c] == v.AccountID {
				mine = append(mine, c)
			}
		}
		v.ContactIDs = mine
		seen, ok := seenBy[v.AccountID]
		if !ok {
			list, err := logged(v.AccountID)
			if err != nil {
				return nil, nil, err
			}
			seen = map[string]bool{}
			for _, old := range list {
				seen[visitKey(old)] = true
			}
			seenBy[v.AccountID] = seen
		}
		if seen[visitKey(v)] {
			have = append(have, v)
			continue
		}
		seen[visitKey(v)] = true
		add = append(add, v)
	}
	return add, have, nil
}

func visitKey(v accounts.Visit) string {
	return v.At.UTC().Format("20060102T1504") + "|" + strings.ToLower(v.Objective)
}

func nameKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// AccountKey is what an import can find a stored account by.
type AccountKey struct {
	ID         accounts.ID
	Name       string
	ExternalID string // its id in the CRM it came from
	ParentID   accounts.ID
}

// MatchAccountKeys is MatchAccounts that also knows CRM ids: a reference
// is first a CRM id (exactly, as Salesforce's ids differ in case), then a
// name (ignoring case), then a Keycard id.
func MatchAccountKeys(keys []AccountKey) func(ref string) (accounts.ID, bool) {
	ext := make(map[string]accounts.ID, len(keys))
	ids, names := make([]accounts.ID, len(keys)), make([]string, len(keys))
	for i, k := range keys {
		if k.ExternalID != "" {
			ext[k.ExternalID] = k.ID
		}
		ids[i], names[i] = k.ID, k.Name
	}
	byName := MatchAccounts(ids, names)
	return func(ref string) (accounts.ID, bool) {
		ref = strings.TrimSpace(ref)
		if id, ok := ext[ref]; ok && ref != "" {
			return id, true
		}
		return byName(ref)
	}
}

// ResolveParents gives the accounts read from a file (with new ids) the
// parents their rows name (refs[i] for recs[i]): another row of the file
// in any order, or a stored account, by name or CRM id. A parent found
// nowhere, the account itself, or a parent that would close a loop is a
// kept problem: the account comes in without a group. rows[i] is the row
// of recs[i].
func ResolveParents(recs []accounts.Account, refs []string, rows []int, stored []AccountKey) []Problem {
	keys := make([]AccountKey, 0, len(recs)+len(stored))
	parentOf := map[accounts.ID]accounts.ID{}
	for _, k := range stored {
		parentOf[k.ID] = k.ParentID
	}
	// Stored accounts first, so a file row of the same name (which the
	// import leaves out as existing) means the stored account.
	keys = append(keys, stored...)
	for _, a := range recs {
		keys = append(keys, AccountKey{ID: a.ID, Name: a.Name, ExternalID: a.ExternalID})
	}
	find := MatchAccountKeys(keys)
	var probs []Problem
	for i := range recs {
		ref := ""
		if i < len(refs) {
			ref = strings.TrimSpace(refs[i])
		}
		if ref == "" {
			continue
		}
		a := &recs[i]
		self, _ := find(a.Name)
		pid, ok := find(ref)
		switch {
		case !ok:
			probs = append(probs, Problem{Row: rows[i], Field: "parent_id", Kept: true, Msg: accounts.Say("intake.group.no_parent", "Name", ref)})
		case pid == a.ID || pid == self:
			probs = append(probs, Problem{Row: rows[i], Field: "parent_id", Kept: true, Msg: accounts.Phrase{Key: "field.account.group.own_parent"}})
		default:
			a.ParentID = pid
			parentOf[a.ID] = pid
		}
	}
	return append(probs, breakFileLoops(recs, rows, parentOf)...)
}

// breakFileLoops takes the parent off each account of a loop the file
// made, so the rest of the file still comes in.
func breakFileLoops(recs []accounts.Account, rows []int, parentOf map[accounts.ID]accounts.ID) []Problem {
	var probs []Problem
	for i := range recs {
		a := &recs[i]
		if a.ParentID == "" {
			continue
		}
		loop := accounts.ParentLoop(a.ID, a.ParentID, func(id accounts.ID) accounts.ID { return parentOf[id] })
		if loop == nil {
			continue
		}
		parentOf[a.ID], a.ParentID = "", ""
		probs = append(probs, Problem{Row: rows[i], Field: "parent_id", Kept: true, Msg: accounts.Say("intake.group.loop", "Name", a.Name)})
	}
	return probs
}

// NewDealsOnly splits the opportunities read from a file into those to add
// and those their account has already: the same CRM id, or, without one,
// the same name, product, owner, close date and value. stored are the
// accounts' opportunities (Store.DealsOf).
func NewDealsOnly(recs []accounts.Deal, stored map[accounts.ID][]accounts.Opportunity) (add, have []accounts.Deal) {
	known := map[string]bool{}
	for acct, list := range stored {
		for i := range list {
			known[dealKey(acct, &list[i])] = true
		}
	}
	for _, d := range recs {
		k := dealKey(d.AccountID, &d.Opportunity)
		if known[k] {
			have = append(have, d)
			continue
		}
		known[k] = true
		add = append(add, d)
	}
	return add, have
}

func dealKey(acct accounts.ID, o *accounts.Opportunity) string {
	if o.ExternalID != "" {
		return string(acct) + "|x:" + o.ExternalID
	}
	return strings.Join([]string{string(acct), nameKey(o.Name), nameKey(o.Product), nameKey(o.Owner),
		o.ExpectedClose.String(), strconv.FormatInt(o.Value.Minor, 10), o.Value.Currency}, "|")
}
