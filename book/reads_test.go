package book

import (
	"testing"

	"keycard/accounts"
)

// The reads pass through to the store.
func TestReadsPassThrough(t *testing.T) {
	b := newBook(t, Options{})
	a := mkAccount(t, b, "Acme")
	c := accounts.Contact{AccountID: a.ID, Name: "Ada", Influence: 3}
	must(t, errOf(b.CreateContact(CLI, &c)))
	v := accounts.Visit{AccountID: a.ID, At: t0, Kind: accounts.KindCall, Summary: "called"}
	must(t, errOf(b.LogVisit(CLI, &v)))
	checks := []struct {
		what string
		ok   func() bool
	}{
		{"summaries", func() bool { s, err := b.Summaries(); return err == nil && len(s) == 1 }},
		{"by owner", func() bool { s, err := b.SummariesByOwner("Li Wei"); return err == nil && len(s) == 1 }},
		{"owners", func() bool { o, err := b.Owners(); return err == nil && len(o) == 1 }},
		{"account", func() bool { x, err := b.Account(a.ID); return err == nil && x.Name == "Acme" }},
		{"find", func() bool { x, err := b.FindAccount("acme"); return err == nil && x.ID == a.ID }},
		{"load", func() bool { d, err := b.LoadAccount(a.ID); return err == nil && len(d.Contacts) == 1 }},
		{"contact", func() bool { x, err := b.Contact(c.ID); return err == nil && x.Name == "Ada" }},
		{"contacts", func() bool { x, err := b.Contacts(a.ID); return err == nil && len(x) == 1 }},
		{"all contacts", func() bool { x, err := b.AllContacts(); return err == nil && len(x) == 1 }},
		{"visits", func() bool { x, err := b.Visits(a.ID); return err == nil && len(x) == 1 }},
		{"recent", func() bool { x, err := b.RecentVisits(5); return err == nil && len(x) == 1 }},
		{"follow-ups", func() bool { _, err := b.FollowUps(b.Today()); return err == nil }},
		{"renewals", func() bool { _, err := b.Renewals(b.Today(), b.Today().AddDays(90)); return err == nil }},
		{"plan", func() bool { _, err := b.Plan(a.ID); return accounts.ErrorCode(err) == accounts.ENOTFOUND }},
		{"handovers", func() bool { x, err := b.Handovers(); return err == nil && len(x) == 0 }},
		{"handover", func() bool { _, err := b.Handover("x"); return accounts.ErrorCode(err) == accounts.ENOTFOUND }},
		{"map changes", func() bool { _, err := b.MapChanges(a.ID); return err == nil }},
		{"risk history", func() bool { _, err := b.RiskHistory(a.ID, b.Today().AddDays(-7)); return err == nil }},
		{"risk on", func() bool { _, err := b.RiskOn(b.Today()); return err == nil }},
		{"risk input", func() bool { in, err := b.RiskInputFor(a.ID); return err == nil && in.Account.ID == a.ID }},
		{"each risk input", func() bool {
			n := 0
			err := b.EachRiskInput(func(accounts.RiskInput) error { n++; return nil })
			return err == nil && n == 1
		}},
		{"stats", func() bool { s, err := b.Stats(); return err == nil && s.Accounts == 1 }},
		{"check", func() bool { return b.Check() == nil }},
		{"path", func() bool { return b.Path() != "" }},
	}
	for _, c := range checks {
		if !c.ok() {
			t.Errorf("%s did not read what was stored", c.what)
		}
	}
}
