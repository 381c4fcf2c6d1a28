package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"keycard/accounts"
)

// Moving an account to the exit stage asks why it left; Cancel stores
// nothing and puts the stage back, OK without a reason says what is
// missing, and OK with one stores the stage and the record in one write.
// Leaving the exit stage again clears the record: the account was won back.
func TestExitStageAsksTheReasonAndStoresIt(t *testing.T) {
	s := openStore(t)
	a := createAccount(t, s, accounts.Account{Name: "Harbour Steel", Currency: "EUR"})
	w := newTestWindow(t, s)
	w.openAccount(a.ID)
	w.wait()
	p := w.account.profile
	stored := func() *accounts.Account {
		got, err := s.Account(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	p.stage.set(accounts.StageExit)
	test.Tap(p.save)
	w.wait()
	if p.exitAsk == nil {
		t.Fatal("saving the exit stage did not ask why the account left")
	}
	test.Tap(p.exitAsk.cancel)
	w.wait()
	if got := stored(); got.Stage != accounts.StageMature || got.Exit != nil || got.Version != a.Version {
		t.Fatalf("after Cancel the stored account is stage %s exit %+v version %d", got.Stage, got.Exit, got.Version)
	}
	if p.stage.value() != accounts.StageMature {
		t.Errorf("after Cancel the card shows stage %s, want the stored one", p.stage.value())
	}

	p.stage.set(accounts.StageExit)
	test.Tap(p.save)
	w.wait()
	x := p.exitAsk
	test.Tap(x.ok)
	w.wait()
	if l := x.errs["reason"]; l == nil || !l.Visible() || l.Text == "" {
		t.Fatal("OK without a reason should say the reason is missing")
	}
	if got := stored(); got.Stage != accounts.StageMature {
		t.Fatalf("OK without a reason stored stage %s", got.Stage)
	}
	x.reason.set(accounts.ExitCompetitor)
	x.loss.SetText("")
	test.Type(x.loss, "120000")
	test.Type(x.note, "Went with the cheaper bid")
	test.Tap(x.ok)
	w.wait()
	got := stored()
	if got.Stage != accounts.StageExit || got.Exit == nil {
		t.Fatalf("stored stage %s exit %+v, want exit with the record", got.Stage, got.Exit)
	}
	e := got.Exit
	if e.Reason != accounts.ExitCompetitor || e.Date != accounts.DateOf(testNow) || e.YearlyLoss.Minor != 12_000_000 ||
		e.YearlyLoss.Currency != "EUR" || e.Note != "Went with the cheaper bid" {
		t.Errorf("stored exit record %+v", e)
	}
	if got.Version != a.Version+1 {
		t.Errorf("version %d, want %d: the stage and the record are one write", got.Version, a.Version+1)
	}

	// Saved again in the exit stage: nothing is asked, the record stays.
	p = w.account.profile
	p.exitAsk = nil
	test.Type(p.notes, "Call again in spring")
	test.Tap(p.save)
	w.wait()
	if p.exitAsk != nil || stored().Exit == nil {
		t.Fatal("a save within the exit stage asked again or dropped the record")
	}

	p.stage.set(accounts.StageGrowth)
	test.Tap(p.save)
	w.wait()
	if got := stored(); got.Stage != accounts.StageGrowth || got.Exit != nil {
		t.Errorf("won back: stored stage %s exit %+v, want growth without a record", got.Stage, got.Exit)
	}
}
