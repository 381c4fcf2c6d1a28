package intake

import (
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
func (m *Attendees) Options() ICSOptions {
	return ICSOptions{
		ContactByEmail: func(email string) (accounts.ID, bool) { id, ok := m.byEmail[email]; return id, ok },
		Account: func(ev Event) (accounts.ID, bool) {
			if len(ev.ContactIDs) == 0 {
				return "", false
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
