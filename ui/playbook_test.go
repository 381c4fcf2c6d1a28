package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"keycard/accounts"
)

// A live warning sign offers its counter-measures; Add to plan puts the
// measure into the account plan as an action in one step, and the measure
// then says it is in the plan instead of being added twice.
func TestPlaybookMeasureGoesIntoThePlan(t *testing.T) {
	s := openStore(t)
	a := createAccount(t, s, accounts.Account{Name: "Complaining Co"})
	sign := accounts.Warning{AccountID: a.ID, Kind: accounts.WarnComplaint, Severity: accounts.SeverityHigh,
		Status: accounts.WarningOpen, Observed: accounts.DateOf(testNow), Owner: "Zhang Min"}
	if err := s.CreateWarning(&sign); err != nil {
		t.Fatal(err)
	}
	w := newTestWindow(t, s)
	wv := openWarnings(t, w, a.ID)
	pp := wv.playbooks[sign.ID]
	if pp == nil || len(pp.add) != len(accounts.Playbook(accounts.WarnComplaint)) {
		t.Fatal("the live sign offers no counter-measures")
	}
	if pp.box.Visible() {
		t.Error("the counter-measures should be folded until asked for")
	}
	test.Tap(pp.toggle)
	if !pp.box.Visible() {
		t.Fatal("the toggle did not show the counter-measures")
	}
	m := accounts.Playbook(accounts.WarnComplaint)[0]
	test.Tap(pp.add[m.Key])
	test.Tap(pp.add[m.Key]) // a second tap while the write runs adds nothing
	w.wait()

	pl, err := s.Plan(a.ID)
	if err != nil {
		t.Fatalf("no plan after adding a measure: %v", err)
	}
	if len(pl.Actions) != 1 {
		t.Fatalf("plan actions = %+v, want the one measure", pl.Actions)
	}
	act := pl.Actions[0]
	if act.Text != tx(m.Title) || act.Owner != "Zhang Min" || act.Due != accounts.DateOf(testNow).AddDays(m.DueInDays) || act.Status != accounts.ProgressPlanned {
		t.Errorf("stored action %+v", act)
	}
	// The tab was built again from the stored data: still open, and the
	// measure is marked as in the plan.
	pp = w.account.warnings.playbooks[sign.ID]
	if !pp.box.Visible() {
		t.Error("the counter-measures folded after the plan changed")
	}
	if b := pp.add[m.Key]; !b.Disabled() || b.Text == tx(m.Title) {
		t.Error("the added measure can still be added")
	}
	if pp.add[accounts.Playbook(accounts.WarnComplaint)[1].Key].Disabled() {
		t.Error("a measure not added yet is disabled")
	}
	// The action is in the Plan tab too.
	w.account.selectTab(4)
	w.wait()
	if len(w.account.plan.acts) != 1 {
		t.Errorf("the Plan tab shows %d actions, want 1", len(w.account.plan.acts))
	}
}
