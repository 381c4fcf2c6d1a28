package book

import (
	"slices"
	"testing"
	"time"

	"keycard/accounts"
	"keycard/storage"
)

// wantChange checks what a write says it changed, and that the listeners
// got exactly that.
func wantChange(t *testing.T, what string, got, heard Change, src Source, acc, del []accounts.ID, portfolio bool) {
	t.Helper()
	if got.Source != src || !slices.Equal(got.Accounts, acc) || !slices.Equal(got.Deleted, del) || got.Portfolio != portfolio {
		t.Errorf("%s: change %+v, want source %v, accounts %v, deleted %v, portfolio %v", what, got, src, acc, del, portfolio)
	}
	if !slices.Equal(heard.Accounts, got.Accounts) || heard.Source != got.Source || heard.Portfolio != got.Portfolio {
		t.Errorf("%s: listeners heard %+v, the write returned %+v", what, heard, got)
	}
}

// Each kind of write says which accounts it changed and whether the
// portfolio-wide figures moved.
func TestEveryWriteSaysWhatChanged(t *testing.T) {
	b := newBook(t, Options{})
	var heard Change
	b.Subscribe(func(c Change) { heard = c })
	form := From("profile")
	ids := func(x ...accounts.ID) []accounts.ID { return x }

	a := accounts.Account{Name: "Acme", Owner: "Li Wei", Tier: accounts.TierKey, Stage: accounts.StageGrowth}
	c, err := b.CreateAccount(form, &a)
	must(t, err)
	wantChange(t, "create account", c, heard, form, ids(a.ID), nil, true)
	a.Owner = "Wang Fang"
	c, err = b.UpdateAccount(form, &a)
	must(t, err)
	wantChange(t, "update account", c, heard, form, ids(a.ID), nil, true)

	ct := accounts.Contact{AccountID: a.ID, Name: "Zhang Wei", Influence: 4}
	c, err = b.CreateContact(From("contacts"), &ct)
	must(t, err)
	wantChange(t, "create contact", c, heard, From("contacts"), ids(a.ID), nil, false)
	ct.Title = "CIO"
	c, err = b.UpdateContact(From("matrix"), &ct)
	must(t, err)
	wantChange(t, "update contact", c, heard, From("matrix"), ids(a.ID), nil, false)
	ct2 := accounts.Contact{AccountID: a.ID, Name: "Li Na", Influence: 3}
	_, err = b.CreateContact(CLI, &ct2)
	must(t, err)

	l := accounts.InfluenceLink{AccountID: a.ID, From: ct.ID, To: ct2.ID, Strength: 2}
	c, err = b.CreateLink(From("map"), &l)
	must(t, err)
	wantChange(t, "create link", c, heard, From("map"), ids(a.ID), nil, false)
	l.Strength = 3
	c, err = b.UpdateLink(From("map"), &l)
	must(t, err)
	wantChange(t, "update link", c, heard, From("map"), ids(a.ID), nil, false)
	c, err = b.DeleteLink(From("map"), a.ID, l.ID)
	must(t, err)
	wantChange(t, "delete link", c, heard, From("map"), ids(a.ID), nil, false)
	lay := accounts.MapLayout{AccountID: a.ID}
	c, err = b.SaveLayout(From("map"), &lay)
	must(t, err)
	wantChange(t, "save layout", c, heard, From("map"), ids(a.ID), nil, false)

	v := accounts.Visit{AccountID: a.ID, At: t0, Kind: accounts.KindOnSite, Summary: "met",
		NextSteps: []accounts.NextStep{{Text: "send the offer", Due: accounts.DateOf(t0).AddDays(3)}}}
	c, err = b.LogVisit(From("visits"), &v)
	must(t, err)
	wantChange(t, "log visit", c, heard, From("visits"), ids(a.ID), nil, false)
	v.Summary = "met the CIO"
	c, err = b.UpdateVisit(From("visits"), &v)
	must(t, err)
	wantChange(t, "update visit", c, heard, From("visits"), ids(a.ID), nil, false)
	fus, err := b.FollowUps(accounts.DateOf(t0).AddDays(30))
	must(t, err)
	if len(fus) != 1 {
		t.Fatalf("%d follow-ups", len(fus))
	}
	c, err = b.TickFollowUp(From("today"), fus[0], true, b.Today())
	must(t, err)
	wantChange(t, "tick follow-up", c, heard, From("today"), ids(a.ID), nil, false)
	c, err = b.DeleteVisit(From("visits"), a.ID, v.ID)
	must(t, err)
	wantChange(t, "delete visit", c, heard, From("visits"), ids(a.ID), nil, false)

	w := sign(b, a.ID, accounts.SeverityHigh)
	c, err = b.CreateWarning(From("warnings"), &w)
	must(t, err)
	wantChange(t, "create warning", c, heard, From("warnings"), ids(a.ID), nil, false)
	w.Evidence = "budget frozen"
	c, err = b.UpdateWarning(From("warnings"), &w)
	must(t, err)
	wantChange(t, "update warning", c, heard, From("warnings"), ids(a.ID), nil, false)
	c, err = b.DeleteWarning(From("warnings"), a.ID, w.ID)
	must(t, err)
	wantChange(t, "delete warning", c, heard, From("warnings"), ids(a.ID), nil, false)

	p := accounts.Plan{AccountID: a.ID, Opportunities: []accounts.Opportunity{{Product: "Renewal", Stage: accounts.StageQualified, Value: accounts.Amount(1000, ""), ExpectedClose: accounts.DateOf(t0).AddDays(60)}}}
	c, err = b.SavePlan(From("plan"), &p)
	must(t, err)
	wantChange(t, "save plan", c, heard, From("plan"), ids(a.ID), nil, false)

	other := mkAccount(t, b, "Other")
	moved, c, err := b.MoveContact(From("contacts"), ct2.ID, other.ID, b.Today())
	must(t, err)
	wantChange(t, "move contact", c, heard, From("contacts"), ids(a.ID, other.ID), nil, false)
	na := accounts.Account{Name: "Newco", Owner: "Li Wei", Tier: accounts.TierGrowth, Stage: accounts.StageProspect}
	_, c, err = b.MoveContactToNewAccount(From("contacts"), moved.ID, &na, b.Today())
	must(t, err)
	wantChange(t, "move contact to a new account", c, heard, From("contacts"), ids(other.ID, na.ID), nil, true)

	h := accounts.Handover{From: "Wang Fang", Status: accounts.HandoverDraft, Accounts: []accounts.HandoverAccount{{AccountID: a.ID, To: "Chen Jie"}}}
	c, err = b.CompleteHandover(From("handover"), &h)
	must(t, err)
	wantChange(t, "complete handover", c, heard, From("handover"), ids(a.ID), nil, true)
	if got, _ := b.Account(a.ID); got.Owner != "Chen Jie" {
		t.Errorf("owner after the handover: %s", got.Owner)
	}

	c, err = b.DeleteContact(From("map"), ct.ID)
	must(t, err)
	wantChange(t, "delete contact", c, heard, From("map"), ids(a.ID), nil, false)
	c, err = b.DeleteAccount(From("menu"), a.ID)
	must(t, err)
	wantChange(t, "delete account", c, heard, From("menu"), nil, ids(a.ID), true)
}

// A refused write changes nothing and tells nobody.
func TestAFailedWriteIsNotPublished(t *testing.T) {
	b := newBook(t, Options{})
	n := 0
	b.Subscribe(func(Change) { n++ })
	bad := accounts.Account{} // no name
	c, err := b.CreateAccount(CLI, &bad)
	if accounts.ErrorCode(err) != accounts.EINVALID || !c.Empty() || n != 0 {
		t.Errorf("invalid account: %v, change %+v, %d published", err, c, n)
	}
	if _, err := b.DeleteContact(CLI, "nobody"); accounts.ErrorCode(err) != accounts.ENOTFOUND || n != 0 {
		t.Errorf("delete of a missing contact: %v, %d published", err, n)
	}
}

// Accounts added whole (a CSV file, the demo) come in as an import.
func TestAddAccountsIsAnImport(t *testing.T) {
	b := newBook(t, Options{})
	batch := []accounts.AccountData{{Account: accounts.Account{Name: "One", Owner: "x", Tier: accounts.TierKey, Stage: accounts.StageGrowth}},
		{Account: accounts.Account{Name: "Two", Owner: "x", Tier: accounts.TierKey, Stage: accounts.StageGrowth}}}
	batch[0].Account.ID, batch[1].Account.ID = accounts.NewID(), accounts.NewID()
	c, err := b.AddAccounts(From("intake"), batch)
	must(t, err)
	if c.Source.Origin != Import || c.Source.View != "intake" || len(c.Accounts) != 2 || !c.Portfolio {
		t.Errorf("%+v", c)
	}
	if c, err := b.AddAccounts(CLI, nil); err != nil || !c.Empty() {
		t.Errorf("nothing to add: %+v %v", c, err)
	}
	sums, _ := b.Summaries()
	if len(sums) != 2 {
		t.Errorf("%d accounts", len(sums))
	}
}

func TestBackupCopiesTheDatabase(t *testing.T) {
	b := newBook(t, Options{})
	mkAccount(t, b, "Acme")
	path := t.TempDir() + "/copy.db"
	must(t, b.Backup(path))
	s, err := storage.Open(path, storage.Options{ReadOnly: true, Now: func() time.Time { return t0 }})
	must(t, err)
	defer s.Close()
	if sums, _ := s.Summaries(); len(sums) != 1 {
		t.Errorf("the backup holds %d accounts", len(sums))
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
