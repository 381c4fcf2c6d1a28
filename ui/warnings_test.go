package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/storage"
)

func labels(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, c := range test.LaidOutObjects(o) {
		if l, ok := c.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

// The Warnings and Plan tabs show what is recorded, with the risk score and
// every reason behind it, never an empty placeholder.
func TestWarningsAndPlanTabsShowRecordedData(t *testing.T) {
	test.NewApp()
	today := accounts.DateOf(testNow)
	d := &storage.AccountData{
		Account: accounts.Account{Name: "Kestrel", Currency: "GBP"},
		Warnings: []accounts.Warning{{Kind: accounts.WarnLatePayment, Severity: accounts.SeverityHigh, Status: accounts.WarningOpen,
			Observed: today.AddDays(-5), Evidence: "Invoice 42 is 60 days late", Mitigation: "Call the CFO"}},
		Plan: &accounts.Plan{
			Objectives:    []accounts.Objective{{Text: "Win the 2027 framework", Status: accounts.ProgressInProgress}},
			Opportunities: []accounts.Opportunity{{Product: "Spare parts", Value: accounts.Money{Minor: 1_000_000}, Stage: accounts.StageWhiteSpace}},
		},
	}
	risk := riskOf(d, today)
	w := labels(warningsTab(d, risk))
	for _, want := range []string{"Invoice 42 is 60 days late", "Call the CFO", tx(accounts.WarnLatePayment.Label())} {
		if !strings.Contains(w, want) {
			t.Errorf("Warnings tab lacks %q:\n%s", want, w)
		}
	}
	for _, r := range risk.Reasons {
		if !strings.Contains(w, tx(r.Text)) {
			t.Errorf("Warnings tab lacks the reason %q", tx(r.Text))
		}
	}
	p := labels(planTab(d))
	for _, want := range []string{"Win the 2027 framework", "Spare parts — GBP 10,000"} {
		if !strings.Contains(p, want) {
			t.Errorf("Plan tab lacks %q:\n%s", want, p)
		}
	}
}
