package intake

import (
	"testing"

	"keycard/accounts"
)

func TestNewContactsOnlySkipsKnownPeopleAndFileDuplicates(t *testing.T) {
	stored := map[accounts.ID][]accounts.Contact{
		"a1": {{Name: "Ada Lovelace", Email: "ada@example.com"}},
	}
	calls := 0
	lookup := func(id accounts.ID) ([]accounts.Contact, error) { calls++; return stored[id], nil }
	recs := []accounts.Contact{
		{AccountID: "a1", Name: "ada lovelace "},                         // same name, other case
		{AccountID: "a1", Name: "A. Lovelace", Email: "ADA@example.com"}, // same e-mail
		{AccountID: "a1", Name: "Grace Hopper"},
		{AccountID: "a1", Name: "Grace Hopper"}, // twice in the file
		{AccountID: "a2", Name: "Ada Lovelace"}, // another account's people are not the same
	}
	add, have, err := NewContactsOnly(recs, lookup)
	if err != nil {
		t.Fatal(err)
	}
	if len(add) != 2 || add[0].Name != "Grace Hopper" || add[1].AccountID != "a2" || len(have) != 3 {
		t.Errorf("add %v, have %v", add, have)
	}
	if calls != 2 {
		t.Errorf("stored contacts looked up %d times, want once per account", calls)
	}
}

func TestNewAccountsOnlyAndMatchAccounts(t *testing.T) {
	add, have := NewAccountsOnly([]accounts.Account{{Name: "Acme"}, {Name: "Beta"}}, []string{" ACME"})
	if len(add) != 1 || add[0].Name != "Beta" || len(have) != 1 || have[0] != "Acme" {
		t.Errorf("add %v, have %v", add, have)
	}
	match := MatchAccounts([]accounts.ID{"0190-AB"}, []string{"Acme Ltd"})
	for _, s := range []string{"acme ltd", " Acme Ltd ", "0190-ab"} {
		if id, ok := match(s); !ok || id != "0190-AB" {
			t.Errorf("%q not matched", s)
		}
	}
	if _, ok := match("Acme"); ok {
		t.Error("a part of a name must not match")
	}
}
