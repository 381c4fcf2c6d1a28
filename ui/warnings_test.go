package ui

import (
	"fyne.io/fyne/v2/lang"
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

// createAccount stores a plain account without derived risk (no cadence,
// no contacts) so that every point of its score comes from the test.
func createAccount(t *testing.T, s *storage.Store, a accounts.Account) accounts.Account {
	t.Helper()
	if a.Owner == "" {
		a.Owner = "Li Wei"
	}
	if a.Tier == "" {
		a.Tier = accounts.TierKey
	}
	if a.Stage == "" {
		a.Stage = accounts.StageMature
	}
	if err := s.CreateAccount(&a); err != nil {
		t.Fatal(err)
	}
	return a
}

// openWarnings opens the account on its Warnings tab.
func openWarnings(t *testing.T, w *MainWindow, id accounts.ID) *warningsView {
	t.Helper()
	w.openAccount(id)
	w.wait()
	w.account.selectTab(3)
	w.wait()
	if w.account.warnings == nil {
		t.Fatal("the Warnings tab was not built")
	}
	return w.account.warnings
}

func storedWarnings(t *testing.T, s *storage.Store, id accounts.ID) []accounts.Warning {
	t.Helper()
	ws, err := s.Warnings(id)
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

// Recording a sign through the tab moves the score by its weight and shows
// the reason; resolving it (today by default) takes the points away again,
// and both steps are kept in the sign's history.
func TestRecordAndResolveSignChangesScore(t *testing.T) {
	s := openStore(t)
	a := createAccount(t, s, accounts.Account{Name: "Kestrel Foods"})
	w := newTestWindow(t, s)
	wv := openWarnings(t, w, a.ID)
	if wv.risk.Score != 0 || !strings.Contains(wv.score.Text, "0 / 100") {
		t.Fatalf("a quiet account scores %d (%q), want 0", wv.risk.Score, wv.score.Text)
	}

	test.Tap(wv.add)
	f := wv.form
	f.kind.set(accounts.WarnLatePayment)
	f.severity.set(accounts.SeverityHigh)
	test.Type(f.evidence, "Invoice 42 is 60 days late")
	test.Type(f.mitigate, "Call the CFO")
	test.Tap(f.save)
	w.wait()

	ws := storedWarnings(t, s, a.ID)
	if len(ws) != 1 || ws[0].Kind != accounts.WarnLatePayment || ws[0].Severity != accounts.SeverityHigh ||
		ws[0].Status != accounts.WarningOpen || ws[0].Evidence != "Invoice 42 is 60 days late" || len(ws[0].History) != 1 {
		t.Fatalf("stored %+v, want one open high late-payment sign with its first history event", ws)
	}
	wv = w.account.warnings
	if wv == nil || wv.risk.Score != 14 {
		t.Fatalf("after recording a high sign the tab shows %v, want score 14", wv)
	}
	shown := labels(wv.content)
	sign := reasonLine(accounts.Reason{Points: 14, Text: accounts.Say("risk.warning.reason", "Kind", accounts.WarnLatePayment.Label(),
		"Severity", accounts.SeverityHigh.Label(), "State", accounts.WarningOpen.Label(), "Observed", ws[0].Observed)})
	for _, want := range []string{lang.L("risk.score", map[string]any{"Score": 14, "Level": tx(accounts.RiskLow.Label())}), sign, lang.L("risk.fromrecorded"),
		"Invoice 42 is 60 days late", "Call the CFO", lang.L("warnings.history")} {
		if !strings.Contains(shown, want) {
			t.Errorf("the tab lacks %q:\n%s", want, shown)
		}
	}

	test.Tap(wv.rows[ws[0].ID].resolve)
	if wv.resolving == nil || wv.resolveOn.Text == "" {
		t.Fatal("resolving should ask for the date, filled with today")
	}
	test.Tap(wv.resolveOK)
	w.wait()
	ws = storedWarnings(t, s, a.ID)
	today := accounts.DateOf(testNow)
	if ws[0].Status != accounts.WarningResolved || ws[0].ResolvedOn != today || len(ws[0].History) != 2 ||
		ws[0].History[1].Status != accounts.WarningResolved {
		t.Fatalf("after resolving: %+v", ws[0])
	}
	wv = w.account.warnings
	if wv.risk.Score != 0 || strings.Contains(labels(wv.content), "+14") {
		t.Errorf("a resolved sign still counts: score %d", wv.risk.Score)
	}
	// The score history of today follows the change.
	pts, err := s.RiskHistory(a.ID, today)
	if err != nil || len(pts) != 1 || pts[0].Score != 0 {
		t.Errorf("today's snapshot = %+v, %v; want the score after resolving, 0", pts, err)
	}
}

// A sign without a severity, or resolved without a date, is refused with a
// message next to the field, and nothing is stored.
func TestWarningValidationStoresNothing(t *testing.T) {
	s := openStore(t)
	a := createAccount(t, s, accounts.Account{Name: "Nordlicht Logistics"})
	w := newTestWindow(t, s)
	wv := openWarnings(t, w, a.ID)
	test.Tap(wv.add)
	f := wv.form
	f.kind.set(accounts.WarnCompetitor)
	f.status.set(accounts.WarningResolved)
	test.Tap(f.save)
	w.wait()
	for _, field := range []string{"severity", "resolved_on"} {
		if l := f.errs[field]; !l.Visible() || l.Text == "" {
			t.Errorf("no message next to %s", field)
		}
	}
	if f.errs["severity"].Text != tx(accounts.Say("field.choose", "Kind", accounts.Phrase{Key: "enum.severity.name"})) || f.errs["resolved_on"].Text != tx(accounts.Phrase{Key: "field.visit.resolved_sign_needs_date"}) {
		t.Errorf("messages: %q / %q", f.errs["severity"].Text, f.errs["resolved_on"].Text)
	}
	if ws := storedWarnings(t, s, a.ID); len(ws) != 0 {
		t.Fatalf("bad input stored %d signs", len(ws))
	}
	if !w.account.dirty() {
		t.Error("an open sign form with edits should count as unsaved")
	}
	// Resolving a stored sign before it was observed is refused in the dialog.
	f.severity.set(accounts.SeverityLow)
	f.status.set(accounts.WarningOpen)
	test.Tap(f.save)
	w.wait()
	wv = w.account.warnings
	ws := storedWarnings(t, s, a.ID)
	if len(ws) != 1 {
		t.Fatalf("the corrected sign was not stored: %d", len(ws))
	}
	test.Tap(wv.rows[ws[0].ID].resolve)
	wv.resolveOn.SetText(accounts.DateOf(testNow).AddDays(-30).String())
	test.Tap(wv.resolveOK)
	w.wait()
	if !wv.resolveErr.Visible() || wv.resolveErr.Text == "" {
		t.Error("resolving before the sign was observed should say why it was refused")
	}
	if ws := storedWarnings(t, s, a.ID); ws[0].Status != accounts.WarningOpen {
		t.Error("a refused resolution changed the sign")
	}
}

// Editing the severity records a history event; deleting asks first.
func TestEditAndDeleteSign(t *testing.T) {
	s := openStore(t)
	a := createAccount(t, s, accounts.Account{Name: "Hengtong"})
	day := accounts.DateOf(testNow)
	sign := accounts.Warning{AccountID: a.ID, Kind: accounts.WarnBudgetCut, Severity: accounts.SeverityLow,
		Status: accounts.WarningOpen, Observed: day.AddDays(-3)}
	if err := s.CreateWarning(&sign); err != nil {
		t.Fatal(err)
	}
	w := newTestWindow(t, s)
	wv := openWarnings(t, w, a.ID)
	test.Tap(wv.rows[sign.ID].edit)
	wv.form.severity.set(accounts.SeverityCritical)
	test.Tap(wv.form.save)
	w.wait()
	ws := storedWarnings(t, s, a.ID)
	if ws[0].Severity != accounts.SeverityCritical || len(ws[0].History) != 1 || ws[0].History[0].Severity != accounts.SeverityCritical {
		t.Fatalf("after the edit: %+v", ws[0])
	}
	if sc := w.account.warnings.risk.Score; sc != 20 {
		t.Errorf("a critical sign should give 20 points, the tab shows %d", sc)
	}
	wv = w.account.warnings
	test.Tap(wv.rows[sign.ID].remove)
	if wv.deleting == nil {
		t.Fatal("deleting must ask first")
	}
	wv.deleting.Confirm()
	w.wait()
	if ws := storedWarnings(t, s, a.ID); len(ws) != 0 {
		t.Fatalf("%d signs left after deleting", len(ws))
	}
}

// The value card shows the lifetime value with its rates; saving new rates
// and accepting the suggested tier write the account.
func TestValueRatesAndSuggestedTier(t *testing.T) {
	s := openStore(t)
	a := createAccount(t, s, accounts.Account{Name: "Alpine Tools", Tier: accounts.TierGrowth,
		Revenue: []accounts.RevenueEntry{{Period: "2025", Amount: accounts.Money{Minor: 100_000_00}}}})
	w := newTestWindow(t, s)
	wv := openWarnings(t, w, a.ID)
	if v := argsOf(t, wv.clv.Text, "value.clv"); v["Retention"] != "85" || v["Discount"] != "10" {
		t.Errorf("the lifetime value should show its default rates: %q", wv.clv.Text)
	}
	if !strings.Contains(wv.class.Text, "A") || !wv.acceptTier.Visible() {
		t.Fatalf("the only account with revenue is class A and should be offered Strategic: %q", wv.class.Text)
	}
	wv.retention.SetText("90")
	wv.discount.SetText("150")
	test.Tap(wv.saveRates)
	w.wait()
	if l := wv.valueErrs["discount_rate"]; !l.Visible() {
		t.Error("a discount rate of 150 % should be refused next to the field")
	}
	if got, _ := s.Account(a.ID); got.RetentionRate != 0 {
		t.Fatal("a refused rate changed the account")
	}
	wv.discount.SetText("8")
	test.Tap(wv.saveRates)
	w.wait()
	got, _ := s.Account(a.ID)
	if got.RetentionRate != 0.9 || got.DiscountRate != 0.08 {
		t.Fatalf("stored rates %v / %v, want 0.9 / 0.08", got.RetentionRate, got.DiscountRate)
	}
	wv = w.account.warnings
	if v := argsOf(t, wv.clv.Text, "value.clv"); v["Retention"] != "90" || v["Discount"] != "8" {
		t.Errorf("the lifetime value should use the saved rates: %q", wv.clv.Text)
	}
	test.Tap(wv.keepTier)
	w.wait()
	if got, _ := s.Account(a.ID); got.Tier != accounts.TierGrowth || !got.TierManual {
		t.Fatalf("keeping the tier should mark it manual: %s %v", got.Tier, got.TierManual)
	}
	wv = w.account.warnings
	test.Tap(wv.acceptTier)
	w.wait()
	if got, _ := s.Account(a.ID); got.Tier != accounts.TierStrategic || got.TierManual {
		t.Fatalf("accepting should set Strategic, not manual: %s %v", got.Tier, got.TierManual)
	}
}
