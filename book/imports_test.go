package book

import (
	"strings"
	"testing"

	"keycard/accounts"
	"keycard/storage"
)

const calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" +
	"BEGIN:VEVENT\r\nUID:1\r\nDTSTART:20261110T090000Z\r\nSUMMARY:Quarterly review\r\n" +
	"ATTENDEE:mailto:ADA@acme.example\r\nEND:VEVENT\r\n" +
	"BEGIN:VEVENT\r\nUID:2\r\nDTSTART:20261111T010000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\n" +
	"END:VCALENDAR\r\n"

// The calendar import that keycardctl and the app share: events become
// visits of the account whose contact attends, once.
func TestCalendarImportAddsEachEventOnce(t *testing.T) {
	b := newBook(t, Options{})
	a := mkAccount(t, b, "Acme")
	c := accounts.Contact{AccountID: a.ID, Name: "Ada", Email: "ada@acme.example", Influence: 3}
	must(t, errOf(b.CreateContact(CLI, &c)))
	p, err := b.PlanCalendar(strings.NewReader(calendar))
	must(t, err)
	if len(p.Add) != 1 || p.Add[0].AccountID != a.ID || len(p.Have) != 0 || len(p.Problems) != 1 {
		t.Fatalf("plan %+v", p)
	}
	var heard []Change
	b.Subscribe(func(c Change) { heard = append(heard, c) })
	n, ch, err := b.AddVisits(From("intake"), p.Add)
	must(t, err)
	if n != 1 || ch.Source.Origin != Import || !ch.Touches(a.ID) || ch.Portfolio || len(heard) != 1 {
		t.Errorf("added %d, change %+v, heard %d", n, ch, len(heard))
	}
	again, err := b.PlanCalendar(strings.NewReader(calendar))
	must(t, err)
	if len(again.Add) != 0 || len(again.Have) != 1 {
		t.Errorf("a second read of the same file: %+v", again)
	}
	if n, ch, err := b.AddVisits(CLI, nil); n != 0 || !ch.Empty() || err != nil {
		t.Errorf("nothing to add: %d %+v %v", n, ch, err)
	}
}

// Contacts from a file: the people an account has are left out; a failed
// contact refuses the whole file, so nothing of it is stored or published.
func TestContactImport(t *testing.T) {
	b := newBook(t, Options{})
	a := mkAccount(t, b, "Acme")
	match, err := b.AccountMatcher()
	must(t, err)
	if id, ok := match(" acme "); !ok || id != a.ID {
		t.Fatalf("the matcher did not find Acme: %v %v", id, ok)
	}
	have := accounts.Contact{AccountID: a.ID, Name: "Ada", Influence: 3}
	must(t, errOf(b.CreateContact(CLI, &have)))
	add, known, err := b.NewContacts([]accounts.Contact{{AccountID: a.ID, Name: "Ada"}, {AccountID: a.ID, Name: "Bo", Influence: 3}})
	must(t, err)
	if len(add) != 1 || add[0].Name != "Bo" || len(known) != 1 {
		t.Fatalf("add %v, have %v", add, known)
	}
	// A bad record refuses the whole file: nothing is stored or published.
	bad := accounts.Contact{AccountID: a.ID} // no name
	n, ch, err := b.AddContacts(From("intake"), append(add, bad))
	if err == nil || n != 0 || !ch.Empty() {
		t.Errorf("added %d with a bad record, change %+v, err %v", n, ch, err)
	}
	if cs, _ := b.Contacts(a.ID); len(cs) != 1 {
		t.Errorf("a refused file left %d contacts, want the 1 there before", len(cs))
	}
	n, ch, err = b.AddContacts(From("intake"), add)
	if err != nil || n != 1 || !ch.Touches(a.ID) || ch.Source.Origin != Import {
		t.Errorf("added %d, change %+v, err %v", n, ch, err)
	}
}

func TestNewAccountsLeavesOutKnownNames(t *testing.T) {
	b := newBook(t, Options{})
	mkAccount(t, b, "Acme")
	add, have, err := b.NewAccounts([]accounts.Account{{Name: "ACME"}, {Name: "Globex"}})
	must(t, err)
	if len(add) != 1 || add[0].Name != "Globex" || len(have) != 1 {
		t.Errorf("add %v, have %v", add, have)
	}
}

// A bundle merge is an import; merging the same bundle twice changes
// nothing the second time, and says so with an empty change.
func TestMergeBundle(t *testing.T) {
	src := newBook(t, Options{})
	a := mkAccount(t, src, "Acme")
	d, err := src.LoadAccount(a.ID)
	must(t, err)
	dst := newBook(t, Options{})
	data := []accounts.AccountData{*d}
	p, err := dst.PlanMerge(data, storage.ImportOptions{})
	must(t, err)
	if len(p.Added) != 1 {
		t.Fatalf("plan %+v", p)
	}
	p, ch, err := dst.MergeBundle(From("bundle"), data, storage.ImportOptions{})
	must(t, err)
	if len(p.Added) != 1 || ch.Source.Origin != Import || !ch.Touches(a.ID) || !ch.Portfolio {
		t.Errorf("merge: %+v, change %+v", p, ch)
	}
	if _, ch, err := dst.MergeBundle(From("bundle"), data, storage.ImportOptions{}); err != nil || !ch.Empty() {
		t.Errorf("the second merge: %+v %v", ch, err)
	}
}

func errOf(_ Change, err error) error { return err }
