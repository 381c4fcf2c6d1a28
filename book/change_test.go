package book

import (
	"testing"

	"keycard/accounts"
)

// Every listener gets every change, in order of subscription, until it
// unsubscribes.
func TestSubscribersGetEveryChange(t *testing.T) {
	b := newBook(t, Options{})
	var first, second []Change
	var order []int
	b.Subscribe(func(c Change) { first = append(first, c); order = append(order, 1) })
	stop := b.Subscribe(func(c Change) { second = append(second, c); order = append(order, 2) })
	a := mkAccount(t, b, "Acme")
	stop()
	c := accounts.Contact{AccountID: a.ID, Name: "Zhang", Influence: 3}
	if _, err := b.CreateContact(From("contacts"), &c); err != nil {
		t.Fatal(err)
	}
	if len(first) != 2 || len(second) != 1 || order[0] != 1 || order[1] != 2 {
		t.Fatalf("first got %d, second %d, order %v", len(first), len(second), order)
	}
	if !first[1].Touches(a.ID) || !first[1].Mine("contacts") || first[1].Mine("profile") {
		t.Errorf("contact change %+v", first[1])
	}
}

// A change the person did not make comes in through Apply: listeners get it
// as it is, with its origin, and the board scores the account again.
func TestApplyPublishesAServerChange(t *testing.T) {
	b := newBook(t, Options{})
	a := mkAccount(t, b, "Acme")
	before, err := b.Board(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var got []Change
	b.Subscribe(func(c Change) { got = append(got, c) })
	// another person's warning sign, written by the sync to the store
	w := accounts.Warning{AccountID: a.ID, Kind: accounts.WarnBudgetCut, Severity: accounts.SeverityCritical,
		Status: accounts.WarningOpen, Observed: b.Today()}
	if err := b.st().CreateWarning(&w); err != nil {
		t.Fatal(err)
	}
	ch := Change{Source: Source{Origin: Server, View: "team"}, Accounts: []accounts.ID{a.ID}}
	b.Apply(ch)
	if len(got) != 1 || got[0].Source.Origin != Server || got[0].Mine("team") {
		t.Fatalf("listeners got %+v", got)
	}
	after, err := b.Board(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if after.Get(a.ID).Score.Score <= before.Get(a.ID).Score.Score {
		t.Errorf("the server's warning sign did not raise the score: %d → %d", before.Get(a.ID).Score.Score, after.Get(a.ID).Score.Score)
	}
	if after.Scan != before.Scan {
		t.Error("a change to one account scanned every account again")
	}
}

func TestEmptyChangesAreNotPublished(t *testing.T) {
	b := newBook(t, Options{})
	n := 0
	b.Subscribe(func(Change) { n++ })
	b.Apply(Change{Source: Source{Origin: Server}})
	a := mkAccount(t, b, "Acme")
	n = 0
	h := accounts.Handover{From: "Li Wei", Status: accounts.HandoverDraft, Accounts: []accounts.HandoverAccount{{AccountID: a.ID, To: "Wang Fang"}}}
	if c, err := b.SaveHandover(From("handover"), &h); err != nil || !c.Empty() {
		t.Fatalf("a handover draft: %+v %v", c, err)
	}
	if n != 0 {
		t.Errorf("%d empty changes published", n)
	}
}

func TestChangeHelpers(t *testing.T) {
	c := accountChange(From("visits"), "a", "b", "a", "")
	if len(c.Accounts) != 2 || !c.Touches("b") || c.Touches("c") || c.IsDeleted("a") || c.Empty() {
		t.Errorf("%+v", c)
	}
	d := Change{Deleted: []accounts.ID{"x"}}
	if !d.IsDeleted("x") || !d.Touches("x") || d.Mine("") {
		t.Errorf("%+v", d)
	}
}
