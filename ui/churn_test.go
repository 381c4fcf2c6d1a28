package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
)

// The churn view shows the demo's lost accounts: the rate per quarter, the
// reasons, the loss per currency and the list; the lost key account offers
// a win-back plan, which lands in its plan in one write and opens it.
func TestChurnViewShowsTheDemoLostAccounts(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	w.showChurn()
	w.wait()
	v := w.churnView
	if !w.showing(v.content) {
		t.Fatal("the churn view is not shown")
	}
	if len(v.lost) != 2 || v.lost[0].Name != "Meridian Retail Group" || v.lost[1].Name != "金陵建设集团" {
		names := []string{}
		for _, a := range v.lost {
			names = append(names, a.Name)
		}
		t.Fatalf("lost accounts = %v, want Meridian Retail Group then 金陵建设集团", names)
	}
	// A header and four quarters.
	if n := len(v.periods.Objects); n != 5 {
		t.Errorf("the period table has %d rows, want 5", n)
	}
	for _, want := range []string{
		lang.L("churn.reason.row", map[string]any{"Reason": tx(accounts.ExitCompetitor.Label()), "Count": 1}),
		lang.L("churn.reason.row", map[string]any{"Reason": tx(accounts.ExitCustomerChange.Label()), "Count": 1}),
	} {
		if !strings.Contains(v.reasons.Text, want) {
			t.Errorf("reasons %q lack %q", v.reasons.Text, want)
		}
	}
	if !strings.Contains(v.loss.Text, "CNY") || !strings.Contains(v.loss.Text, "HKD") {
		t.Errorf("the loss %q is not shown per currency", v.loss.Text)
	}

	// Per year: three years.
	v.period.set(accounts.PeriodYear)
	if n := len(v.periods.Objects); n != 4 || v.kind != accounts.PeriodYear {
		t.Errorf("per year the table has %d rows, want 4", n)
	}

	// The maintain account offers no win-back; the key account does.
	row := newLostRow()
	btn := row.(*fyne.Container).Objects[1].(*fyne.Container).Objects[0].(*widget.Button)
	v.updateLostRow(row, &v.lost[1])
	if btn.Visible() {
		t.Error("a lost maintain account offers a win-back")
	}
	v.updateLostRow(row, &v.lost[0])
	if !btn.Visible() {
		t.Fatal("the lost key account offers no win-back")
	}
	id := v.lost[0].ID
	before := 0
	if pl, err := s.Plan(id); err == nil {
		before = len(pl.Actions)
	}
	test.Tap(btn)
	test.Tap(btn)
	w.wait()
	pl, err := s.Plan(id)
	if err != nil {
		t.Fatal(err)
	}
	want := accounts.WinBackPlan(&accounts.AccountData{Account: v.lost[0]}, accounts.DateOf(testNow), tx)
	if got := len(pl.Actions) - before; got != len(want) {
		t.Fatalf("the plan gained %d actions, want the %d of the win-back", got, len(want))
	}
	if pl.Actions[before].Text != want[0].Text {
		t.Errorf("first win-back action %q, want %q", pl.Actions[before].Text, want[0].Text)
	}
	if w.account == nil || w.account.id != id || w.account.tabs.SelectedIndex() != 4 {
		t.Error("the lost account's plan did not open")
	}
}
