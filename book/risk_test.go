package book

import (
	"context"
	"testing"

	"keycard/accounts"
)

func sign(b *Book, id accounts.ID, sev accounts.Severity) accounts.Warning {
	return accounts.Warning{AccountID: id, Kind: accounts.WarnBudgetCut, Severity: sev, Status: accounts.WarningOpen, Observed: b.Today()}
}

// The board is reused while nothing changed, rescored for the accounts a
// change touched (a new account, a saved profile), with the classes and
// ranks worked out again, and scanned whole after a change that names no
// account.
func TestBoardFollowsTheChanges(t *testing.T) {
	b := newBook(t, Options{})
	calm, stormy := mkAccount(t, b, "Calm"), mkAccount(t, b, "Stormy")
	w := sign(b, stormy.ID, accounts.SeverityMedium)
	if _, err := b.CreateWarning(CLI, &w); err != nil {
		t.Fatal(err)
	}
	first, err := b.Board(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !first.Snapped || first.Entries[0].ID != stormy.ID {
		t.Fatalf("first board: snapped %v, first %s", first.Snapped, first.Entries[0].Name)
	}
	if again, _ := b.Board(t.Context()); again != first {
		t.Error("nothing changed, yet the board was made again")
	}
	pts, err := b.RiskOn(b.Today())
	if err != nil || len(pts) != 2 {
		t.Fatalf("the first scan of the day saved %d snapshots (%v)", len(pts), err)
	}
	if c := pts[stormy.ID].Card; c == nil || *c != first.Get(stormy.ID).Card.Score {
		t.Fatalf("the snapshot's card is %v, the board's %d", c, first.Get(stormy.ID).Card.Score)
	}

	before := *first.Get(calm.ID)
	w2 := sign(b, calm.ID, accounts.SeverityCritical)
	if _, err := b.CreateWarning(From("warnings"), &w2); err != nil {
		t.Fatal(err)
	}
	next, err := b.Board(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if next.Scan != first.Scan || next.Snapped {
		t.Errorf("a change to one account scanned everything (scan %d → %d)", first.Scan, next.Scan)
	}
	e := next.Get(calm.ID)
	if next.Entries[0].ID != calm.ID || e.Score.Score <= before.Score.Score || e.Class != before.Class || e.Rank != before.Rank {
		t.Errorf("Calm after the change: %+v (before %+v)", e, before)
	}
	if first.Get(calm.ID).Score.Score != before.Score.Score {
		t.Error("the rescore changed a board already handed out")
	}
	if pts, _ := b.RiskOn(b.Today()); pts[calm.ID].Score != e.Score.Score || pts[calm.ID].Card == nil || *pts[calm.ID].Card != e.Card.Score {
		t.Errorf("today's snapshot of Calm is %+v, want score %d card %d", pts[calm.ID], e.Score.Score, e.Card.Score)
	}

	added := mkAccount(t, b, "New")
	withNew, err := b.Board(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if withNew.Scan != next.Scan || len(withNew.Entries) != 3 || withNew.Get(added.ID) == nil {
		t.Errorf("a new account: scan %d, %d entries", withNew.Scan, len(withNew.Entries))
	}

	// Saving a profile with a year's revenue makes it the A account
	// without a scan.
	a, _ := b.Account(calm.ID)
	a.Revenue = []accounts.RevenueEntry{{Period: "2026", Amount: accounts.Money{Minor: 100_000_000, Currency: "CNY"}}}
	if _, err := b.UpdateAccount(CLI, a); err != nil {
		t.Fatal(err)
	}
	saved, err := b.Board(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if saved.Scan != next.Scan || saved.Get(calm.ID).Class != accounts.ClassA || saved.Get(calm.ID).Rank != 1 {
		t.Errorf("after the profile was saved: scan %d, %+v", saved.Scan, saved.Get(calm.ID))
	}

	b.publish(Change{Source: CLI, Portfolio: true})
	full, err := b.Board(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if full.Scan != next.Scan+1 || len(full.Entries) != 3 {
		t.Errorf("a change naming no account: scan %d, %d entries", full.Scan, len(full.Entries))
	}
}

// A failed scan changes nothing: the last board stays, and the change it
// missed is scored by the next request, never skipped as if done.
func TestFailedScanLeavesNoStaleBoard(t *testing.T) {
	b := newBook(t, Options{})
	mkAccount(t, b, "Acme")
	first, err := b.Board(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	added := mkAccount(t, b, "Added")
	b.publish(Change{Source: CLI, Portfolio: true}) // a full scan is due
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	if nb, err := b.Board(cancelled); err == nil || nb != nil {
		t.Fatalf("a cancelled scan gave %v, %v", nb, err)
	}
	if b.CurrentBoard() != first {
		t.Error("a failed scan replaced the board")
	}
	nb, err := b.Board(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if nb.Get(added.ID) == nil {
		t.Error("the change the failed scan missed is not on the next board")
	}
}

// A deleted account leaves the board without a full scan.
func TestDeletedAccountLeavesTheBoard(t *testing.T) {
	b := newBook(t, Options{})
	a, gone := mkAccount(t, b, "Stays"), mkAccount(t, b, "Goes")
	if _, err := b.Board(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := b.DeleteAccount(CLI, gone.ID); err != nil {
		t.Fatal(err)
	}
	nb, err := b.Board(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if nb.Get(gone.ID) != nil || nb.Get(a.ID) == nil || nb.Level(gone.ID) != "" {
		t.Errorf("board after the delete: %d entries", len(nb.Entries))
	}
	if got := len(nb.Scores()); got != 1 || nb.Scan != 1 {
		t.Errorf("%d scores, scan %d", got, nb.Scan)
	}
}

func TestRiskEntryMoney(t *testing.T) {
	e := RiskEntry{Currency: "CNY", CLV: accounts.CLV{Total: 12349}}
	if m := e.CLVMoney(); m.Minor != 12300 || m.Currency != "CNY" {
		t.Errorf("%+v", m)
	}
	if e.SuggestedTier() == "" {
		t.Error("no suggested tier")
	}
}
