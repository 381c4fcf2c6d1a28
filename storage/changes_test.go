package storage

import (
	"testing"

	"keycard/accounts"
)

// fields lists the changes as "field from→to" for comparing.
func fields(cs []accounts.MapChange) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.Field+" "+c.From+"→"+c.To)
	}
	return out
}

func TestMapChangesFollowContactEdits(t *testing.T) {
	s, _ := newStore(t)
	a := mkAccount(t, s, "Alpha", "Li Wei")
	boss := mkContact(t, s, a.ID, "Wang", "")
	cfo := mkContact(t, s, a.ID, "Chen", boss.ID)

	boss.Attitude, boss.Influence = accounts.AttitudeSupporter, 5
	if err := s.UpdateContact(&boss); err != nil {
		t.Fatal(err)
	}
	// The "last visit": changes after it are what the map shows as new.
	cs, _ := s.MapChanges(a.ID)
	lastVisit := cs[len(cs)-1].At

	boss.Phone = "+86 10 1234" // not shown on the map: no change recorded
	if err := s.UpdateContact(&boss); err != nil {
		t.Fatal(err)
	}
	cfo.Role = accounts.RoleEconomic
	if err := s.UpdateContact(&cfo); err != nil {
		t.Fatal(err)
	}
	boss.Status, boss.LeftOn = accounts.StatusLeft, accounts.NewDate(2026, 11, 20)
	if err := s.UpdateContact(&boss); err != nil {
		t.Fatal(err)
	}
	// A refused edit records nothing.
	stale := cfo
	stale.Version--
	stale.Attitude = accounts.AttitudeOpponent
	wantCode(t, s.UpdateContact(&stale), accounts.ECONFLICT)
	newbie := mkContact(t, s, a.ID, "Liu", "")
	if err := s.DeleteContact(newbie.ID); err != nil {
		t.Fatal(err)
	}

	all, err := s.MapChanges(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "the whole history", fields(all), []string{
		"added →", "added →", "attitude →supporter", "influence 3→5",
		"role →economic", "left active→left", "added →", "removed →"})
	for i := 1; i < len(all); i++ {
		if all[i].At.Before(all[i-1].At) {
			t.Fatalf("history out of order at %d", i)
		}
	}
	since := accounts.ChangesSince(all, lastVisit)
	same(t, "changes since the last visit", fields(since), []string{"role →economic", "left active→left", "added →", "removed →"})
	if since[0].ContactID != cfo.ID || since[1].ContactID != boss.ID || since[3].ContactID != newbie.ID {
		t.Fatalf("changes name the wrong people: %+v", since)
	}

	// Deleting the account deletes its history.
	b := mkAccount(t, s, "Beta", "Li Wei")
	mkContact(t, s, b.ID, "Zhao", "")
	if err := s.DeleteAccount(a.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.MapChanges(a.ID)
	wantCode(t, err, accounts.ENOTFOUND)
	if err := s.view(func(tx *txn) error {
		n := 0
		c := tx.b(bktChanges).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			n++
		}
		if n != 1 {
			t.Fatalf("%d changes left after deleting Alpha, want Beta's 1", n)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func TestMoveContact(t *testing.T) {
	s, _ := newStore(t)
	from := mkAccount(t, s, "Alpha", "Li Wei")
	to := mkAccount(t, s, "Beta", "Tom Baker")
	boss := mkContact(t, s, from.ID, "Wang Lei", "")
	cfo := accounts.Contact{AccountID: from.ID, Name: "Chen Jie", Title: "CFO", Role: accounts.RoleEconomic, Influence: 5,
		Attitude: accounts.AttitudeSupporter, ReportsTo: boss.ID, Phone: "138 0000 0000", PrivateRemarks: "two children",
		Relationships: []accounts.Relationship{{Person: "Li Wei", Level: accounts.LevelAdvisor}}}
	if err := s.CreateContact(&cfo); err != nil {
		t.Fatal(err)
	}
	v := mkVisit(t, s, from.ID, t0.Add(-48*3600))
	v.ContactIDs = []accounts.ID{cfo.ID}
	if err := s.UpdateVisit(&v); err != nil {
		t.Fatal(err)
	}
	left := accounts.NewDate(2026, 11, 1)

	n, err := s.MoveContact(cfo.ID, to.ID, left)
	if err != nil {
		t.Fatal(err)
	}
	old, err := s.Contact(cfo.ID)
	if err != nil {
		t.Fatal(err)
	}
	if old.Status != accounts.StatusLeft || old.LeftOn != left || old.MovedTo != n.ID || old.Version != cfo.Version+1 || old.LeftTo != "Beta" {
		t.Fatalf("the old record: %+v", old)
	}
	stored, err := s.Contact(n.ID)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "the new record as returned and stored", *stored, *n)
	if n.AccountID != to.ID || n.MovedFrom != cfo.ID || n.Name != "Chen Jie" || n.Phone != cfo.Phone || n.ReportsTo != "" ||
		n.Role != "" || !n.Active() || n.Version != 1 || n.PreviousRole != "CFO, Economic buyer" || len(n.Relationships) != 1 {
		t.Fatalf("the new record: %+v", n)
	}
	// Both portfolio rows know the person; the visit still names the old record.
	sums, _ := s.Summaries()
	for _, sm := range sums {
		found := false
		for _, name := range sm.ContactNames {
			found = found || name == "Chen Jie"
		}
		if !found {
			t.Fatalf("%s's summary lacks Chen Jie: %v", sm.Name, sm.ContactNames)
		}
	}
	if got, _ := s.Visit(v.ID); got.ContactIDs[0] != cfo.ID {
		t.Fatal("the visit lost its contact")
	}
	fc, _ := s.MapChanges(from.ID)
	tc, _ := s.MapChanges(to.ID)
	if last := fc[len(fc)-1]; last.Field != accounts.ChangeLeft || last.ContactID != cfo.ID {
		t.Fatalf("Alpha's history ends with %+v", last)
	}
	same(t, "Beta's history", fields(tc), []string{"added →"})
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}

	// Refusals change nothing.
	_, err = s.MoveContact(cfo.ID, to.ID, left)
	wantCode(t, err, accounts.EINVALID) // already moved
	_, err = s.MoveContact(boss.ID, from.ID, left)
	wantCode(t, err, accounts.EINVALID) // same account
	_, err = s.MoveContact(boss.ID, "no-such-account", left)
	wantCode(t, err, accounts.ENOTFOUND)
	_, err = s.MoveContact("no-such-contact", to.ID, left)
	wantCode(t, err, accounts.ENOTFOUND)
	if got, _ := s.Contact(boss.ID); got.Version != boss.Version || !got.Active() {
		t.Fatalf("a refused move changed the contact: %+v", got)
	}
	if cs, _ := s.Contacts(to.ID); len(cs) != 1 {
		t.Fatalf("Beta has %d contacts after refused moves", len(cs))
	}
}

func TestMoveContactToNewAccount(t *testing.T) {
	s, _ := newStore(t)
	from := mkAccount(t, s, "Alpha", "Li Wei")
	cfo := mkContact(t, s, from.ID, "Chen Jie", "")
	left := accounts.NewDate(2026, 11, 1)

	a := accounts.Account{Name: "Gamma Robotics", Owner: "Li Wei", Tier: accounts.TierGrowth, Stage: accounts.StageProspect}
	n, err := s.MoveContactToNewAccount(cfo.ID, &a, left)
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == "" || a.Version != 1 || n.AccountID != a.ID || n.MovedFrom != cfo.ID {
		t.Fatalf("account %+v, moved contact %+v", a, n)
	}
	if got, err := s.Account(a.ID); err != nil || got.Name != "Gamma Robotics" {
		t.Fatalf("the new account is not stored: %v %v", got, err)
	}
	if old, _ := s.Contact(cfo.ID); old.MovedTo != n.ID || old.LeftTo != "Gamma Robotics" {
		t.Fatalf("the old record: %+v", old)
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}

	// A move that cannot happen leaves no empty account behind.
	before, _ := s.Summaries()
	b := accounts.Account{Name: "Delta", Owner: "Li Wei", Tier: accounts.TierGrowth, Stage: accounts.StageProspect}
	_, err = s.MoveContactToNewAccount(cfo.ID, &b, left) // already moved
	wantCode(t, err, accounts.EINVALID)
	bad := accounts.Account{Owner: "Li Wei", Tier: accounts.TierGrowth, Stage: accounts.StageProspect} // no name
	_, err = s.MoveContactToNewAccount(cfo.ID, &bad, left)
	wantCode(t, err, accounts.EINVALID)
	if after, _ := s.Summaries(); len(after) != len(before) {
		t.Fatalf("refused moves left %d accounts, want %d", len(after), len(before))
	}
}

func TestAllContactsCoversEveryAccount(t *testing.T) {
	s, _ := newStore(t)
	a := mkAccount(t, s, "Alpha", "Li Wei")
	b := mkAccount(t, s, "Beta", "Tom Baker")
	mkContact(t, s, a.ID, "Wang Lei", "")
	mkContact(t, s, b.ID, "Chen Jie", "")
	mkContact(t, s, b.ID, "Anna Weber", "")
	all, err := s.AllContacts()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]accounts.ID{}
	for _, c := range all {
		names[c.Name] = c.AccountID
	}
	if len(all) != 3 || names["Wang Lei"] != a.ID || names["Chen Jie"] != b.ID || names["Anna Weber"] != b.ID {
		t.Fatalf("AllContacts gave %v", names)
	}
}
