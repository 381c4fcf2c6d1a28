package ui

import (
	"time"

	"fyne.io/fyne/v2/lang"

	"keycard/accounts"
)

// lastVisitAt is when the newest visit that has already happened took
// place; ok is false before the first visit.
func lastVisitAt(visits []accounts.Visit, now time.Time) (at time.Time, ok bool) {
	for i := range visits {
		t := visits[i].At
		if t.IsZero() || t.After(now) {
			continue
		}
		if !ok || t.After(at) {
			at, ok = t, true
		}
	}
	return at, ok
}

// mapChangesText is the heading and the sentences of "what changed on the
// map since the last visit", in the interface language. Before the first
// visit every recorded change is news.
func mapChangesText(all []accounts.MapChange, visits []accounts.Visit, contacts []accounts.Contact, now time.Time) (title string, lines []string) {
	since, ok := lastVisitAt(visits, now)
	changes := all
	if ok {
		changes = accounts.ChangesSince(all, since)
		title = lang.L("changes.since", map[string]any{"Date": accounts.DateOf(since).String()})
	} else {
		changes = accounts.ChangesSince(all, time.Time{})
		title = lang.L("changes.all")
	}
	names := make(map[accounts.ID]string, len(contacts))
	for i := range contacts {
		names[contacts[i].ID] = tx(contacts[i].Who())
	}
	// newest first: the last thing that happened is what a visit will be about
	for i := len(changes) - 1; i >= 0; i-- {
		c := changes[i]
		name, ok := names[c.ContactID]
		if !ok {
			name = lang.L("changes.someone")
		}
		lines = append(lines, accounts.DateOf(c.At).String()+"  "+tx(c.Describe(accounts.Say("contact.who", "Name", name))))
	}
	return title, lines
}
