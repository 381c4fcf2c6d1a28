package storage

import (
	"testing"

	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
)

func TestCompleteHandover(t *testing.T) {
	s, _ := newStore(t)
	a := mkAccount(t, s, "Alpha", "Li Wei")
	b := mkAccount(t, s, "Beta", "li wei") // owners are matched without case
	keep := mkAccount(t, s, "Gamma", "Li Wei")
	due := accounts.NewDate(2026, 12, 1)
	v := accounts.Visit{AccountID: a.ID, At: t0, Kind: accounts.KindOnSite, NextSteps: []accounts.NextStep{
		{Text: "his", Owner: "Li Wei", Due: due},
		{Text: "nobody's", Due: due.AddDays(1)},
		{Text: "a colleague's", Owner: "Tom Baker", Due: due},
		{Text: "done", Owner: "Li Wei", Due: due, Done: true, DoneOn: due},
	}}
	if err := s.CreateVisit(&v); err != nil {
		t.Fatal(err)
	}
	other := mkVisit(t, s, a.ID, t0.Add(-3600)) // no open step: not rewritten

	h := accounts.Handover{From: "Li Wei", Reason: "left the company", Status: accounts.HandoverDraft,
		Accounts: []accounts.HandoverAccount{{AccountID: a.ID, To: "Wang Fang", Notes: "likes tea"}, {AccountID: b.ID, To: "Zhang Min"}}}
	if err := s.SaveHandover(&h); err != nil {
		t.Fatal(err)
	}
	if err := s.CompleteHandover(&h); err != nil {
		t.Fatal(err)
	}
	if h.Status != accounts.HandoverDone || h.CompletedAt.IsZero() || h.Version != 2 {
		t.Fatalf("the handover as returned: %+v", h)
	}
	stored, _ := s.Handover(h.ID)
	same(t, "the stored handover", *stored, h)

	for id, want := range map[accounts.ID]string{a.ID: "Wang Fang", b.ID: "Zhang Min"} {
		acc, _ := s.Account(id)
		if acc.Owner != want || len(acc.OwnerHistory) != 1 {
			t.Fatalf("%s: owner %q, history %+v", acc.Name, acc.Owner, acc.OwnerHistory)
		}
		oc := acc.OwnerHistory[0]
		if oc.To != want || oc.Reason != "left the company" || oc.HandoverID != h.ID || !oc.At.Equal(h.CompletedAt) ||
			(id == a.ID && oc.From != "Li Wei") || (id == b.ID && oc.From != "li wei") {
			t.Fatalf("%s: history %+v", acc.Name, oc)
		}
	}
	if acc, _ := s.Account(keep.ID); acc.Owner != "Li Wei" || len(acc.OwnerHistory) != 0 {
		t.Fatal("an account outside the handover changed")
	}
	got, _ := s.Visit(v.ID)
	owners := []string{}
	for _, st := range got.NextSteps {
		owners = append(owners, st.Owner)
	}
	same(t, "next step owners", owners, []string{"Wang Fang", "Wang Fang", "Tom Baker", "Li Wei"})
	if got, _ := s.Visit(other.ID); got.Version != other.Version {
		t.Fatal("a visit without open steps was rewritten")
	}

	// The owner index and the follow-ups see the new owners.
	byOwner := func(o string) []string {
		sums, err := s.SummariesByOwner(o)
		if err != nil {
			t.Fatal(err)
		}
		out := []string{}
		for _, sm := range sums {
			out = append(out, sm.Name)
		}
		return out
	}
	same(t, "Li Wei's accounts", byOwner("Li Wei"), []string{"Gamma"})
	same(t, "li wei's accounts", byOwner("li wei"), []string{})
	same(t, "Wang Fang's accounts", byOwner("Wang Fang"), []string{"Alpha"})
	same(t, "Zhang Min's accounts", byOwner("Zhang Min"), []string{"Beta"})
	fus, _ := s.FollowUps(due.AddDays(1))
	for _, f := range fus {
		if f.AccountID == a.ID && f.Owner != "Wang Fang" {
			t.Fatalf("follow-up %+v still shows the old owner", f)
		}
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}

	// Completing it again is refused.
	wantCode(t, s.CompleteHandover(&h), accounts.EINVALID)
}

func TestFailedHandoverChangesNothing(t *testing.T) {
	s, path := newStore(t)
	a := mkAccount(t, s, "Alpha", "Li Wei")
	b := mkAccount(t, s, "Beta", "Tom Baker") // not Li Wei's any more
	mkVisit(t, s, a.ID, t0, accounts.NewDate(2026, 12, 1))
	before := fileDigest(t, s)

	for name, tc := range map[string]struct {
		h    accounts.Handover
		code string
	}{
		"no successor": {accounts.Handover{From: "Li Wei", Status: accounts.HandoverDraft,
			Accounts: []accounts.HandoverAccount{{AccountID: a.ID, To: "Wang Fang"}, {AccountID: a.ID + "x"}}}, accounts.EINVALID},
		"owned by another": {accounts.Handover{From: "Li Wei",
			Accounts: []accounts.HandoverAccount{{AccountID: a.ID, To: "Wang Fang"}, {AccountID: b.ID, To: "Wang Fang"}}}, accounts.ECONFLICT},
		"missing account": {accounts.Handover{From: "Li Wei",
			Accounts: []accounts.HandoverAccount{{AccountID: a.ID, To: "Wang Fang"}, {AccountID: "gone", To: "Wang Fang"}}}, accounts.ENOTFOUND},
		"successor is the departing owner": {accounts.Handover{From: "Li Wei",
			Accounts: []accounts.HandoverAccount{{AccountID: a.ID, To: "li wei"}}}, accounts.EINVALID},
	} {
		h := tc.h
		err := s.CompleteHandover(&h)
		if accounts.ErrorCode(err) != tc.code {
			t.Fatalf("%s: got %v, want %s", name, err, tc.code)
		}
		if h.Status == accounts.HandoverDone || h.ID != tc.h.ID {
			t.Fatalf("%s: the caller's handover changed: %+v", name, h)
		}
		if after := fileDigest(t, s); after != before {
			t.Fatalf("%s: the database changed (%s)", name, path)
		}
	}
	// A stale draft is refused too.
	h := accounts.Handover{From: "Li Wei", Status: accounts.HandoverDraft, Accounts: []accounts.HandoverAccount{{AccountID: a.ID, To: "Wang Fang"}}}
	if err := s.SaveHandover(&h); err != nil {
		t.Fatal(err)
	}
	stale := h
	h.Reason = "edited elsewhere"
	if err := s.SaveHandover(&h); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.CompleteHandover(&stale), accounts.ECONFLICT)
	if acc, _ := s.Account(a.ID); acc.Owner != "Li Wei" {
		t.Fatal("a stale handover changed the owner")
	}
}

// fileDigest is every key and value of every bucket, for "nothing changed".
func fileDigest(t *testing.T, s *Store) string {
	t.Helper()
	var out []byte
	err := s.view(func(tx *txn) error {
		return tx.tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			return b.ForEach(func(k, v []byte) error {
				out = append(out, name...)
				out = append(out, 0)
				out = append(out, k...)
				out = append(out, 0)
				out = append(out, v...)
				out = append(out, 1)
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
