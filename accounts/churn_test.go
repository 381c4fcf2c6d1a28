package accounts

import (
	"strings"
	"testing"
	"time"
)

func lostAccount(id string, created, lost Date, reason ExitReason, loss Money) Account {
	a := Account{Meta: Meta{ID: ID(id), CreatedAt: created.Time()}, Name: id, Owner: "Li", Tier: TierKey, Stage: StageMature}
	if !lost.IsZero() {
		a.Stage = StageExit
		a.Exit = &ExitRecord{Reason: reason, Date: lost, YearlyLoss: loss}
	}
	return a
}

// TestChurnFigures: per quarter, the accounts held at the start, the lost,
// the rate, the loss per currency and the reasons.
func TestChurnFigures(t *testing.T) {
	y := func(m time.Month, d int) Date { return NewDate(2026, m, d) }
	old := NewDate(2025, 1, 1)
	accts := []Account{
		lostAccount("a", old, y(2, 10), ExitPrice, Amount(100, "CNY")),
		lostAccount("b", old, y(3, 31), ExitCompetitor, Amount(50, "")),
		lostAccount("c", old, y(5, 1), ExitPrice, Amount(10, "USD")),
		lostAccount("d", old, Date{}, "", Money{}),
		lostAccount("e", y(4, 15), Date{}, "", Money{}), // created in Q2: held from Q3
		lostAccount("f", old, Date{}, "", Money{}),
	}
	// An old exit without a record: not counted lost, still held (no date).
	accts[5].Stage = StageExit
	// A won-back account keeps its record but is no longer lost.
	wb := lostAccount("g", old, y(2, 1), ExitService, Amount(7, "CNY"))
	wb.Stage = StageMature
	accts = append(accts, wb)

	got := Churn(accts, y(1, 15), y(8, 1), PeriodQuarter)
	want := []struct {
		period        string
		atStart, lost int
		rate          float64
		loss          string
		reasons       map[ExitReason]int
	}{
		{"2026-Q1", 6, 2, 2.0 / 6, "CNY 150", map[ExitReason]int{ExitPrice: 1, ExitCompetitor: 1}},
		{"2026-Q2", 4, 1, 0.25, "USD 10", map[ExitReason]int{ExitPrice: 1}},
		{"2026-Q3", 4, 0, 0, "", nil},
	}
	if len(got) != len(want) {
		t.Fatalf("%d periods: %+v", len(got), got)
	}
	for i, w := range want {
		g := got[i]
		var loss []string
		for _, m := range g.Loss {
			loss = append(loss, m.String())
		}
		if g.Period != w.period || g.AtStart != w.atStart || g.Lost != w.lost || g.Rate != w.rate || strings.Join(loss, "+") != w.loss {
			t.Errorf("%s: got %s at start %d lost %d rate %v loss %v", w.period, g.Period, g.AtStart, g.Lost, g.Rate, loss)
		}
		if len(g.Reasons) != len(ExitReasons()) {
			t.Errorf("%s: %d reason rows", w.period, len(g.Reasons))
		}
		for _, rc := range g.Reasons {
			if rc.Count != w.reasons[rc.Reason] {
				t.Errorf("%s: %s counted %d, want %d", w.period, rc.Reason, rc.Count, w.reasons[rc.Reason])
			}
		}
	}
	if got[0].From != y(1, 1) || got[0].To != y(3, 31) {
		t.Errorf("Q1 runs %s–%s", got[0].From, got[0].To)
	}
}

func TestChurnPeriodKinds(t *testing.T) {
	from, to := NewDate(2025, 11, 5), NewDate(2026, 2, 3)
	names := func(k PeriodKind) string {
		var out []string
		for _, p := range Churn(nil, from, to, k) {
			out = append(out, p.Period)
		}
		return strings.Join(out, " ")
	}
	for k, want := range map[PeriodKind]string{
		PeriodMonth:   "2025-11 2025-12 2026-01 2026-02",
		PeriodQuarter: "2025-Q4 2026-Q1",
		PeriodYear:    "2025 2026",
	} {
		if got := names(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	if got := Churn(nil, to, from, PeriodMonth); got != nil {
		t.Errorf("reversed range: %+v", got)
	}
}

func TestExitRecordValidate(t *testing.T) {
	good := ExitRecord{Reason: ExitCompetitor, Date: NewDate(2026, 5, 1), YearlyLoss: Amount(1000, "CNY")}
	checkProblems(t, good.Validate(), nil)
	bad := ExitRecord{Reason: "bored", YearlyLoss: Money{Minor: -1}, Note: strings.Repeat("x", 2001)}
	checkProblems(t, bad.Validate(), []string{"reason", "date", "yearly_loss", "note"})
	checkProblems(t, (&ExitRecord{}).Validate(), []string{"reason", "date"})
}

func TestAccountExitValidate(t *testing.T) {
	a := goodAccount()
	a.Stage = StageExit
	checkProblems(t, a.Validate(), nil) // old data: no record is allowed
	a.Exit = &ExitRecord{Reason: ExitPrice}
	checkProblems(t, a.Validate(), []string{"exit.date"})
	a.Exit.Date = NewDate(2026, 1, 1)
	checkProblems(t, a.Validate(), nil)
}

func TestWinBackPlan(t *testing.T) {
	today := NewDate(2026, 11, 23)
	d := &AccountData{Account: lostAccount("Acme", NewDate(2024, 1, 1), NewDate(2026, 10, 1), ExitService, Amount(5e5, "CNY"))}
	d.Account.Owner = "Zhao"
	for _, lang := range []string{"en", "zh-Hans"} {
		acts := WinBackPlan(d, today, func(p Phrase) string { return say(lang, p) })
		if len(acts) != len(winBackSteps) {
			t.Fatalf("%d actions", len(acts))
		}
		prev := today
		for _, a := range acts {
			if a.Owner != "Zhao" || a.Status != ProgressPlanned || a.ID == "" || !a.Due.After(prev) {
				t.Errorf("action %+v", a)
			}
			prev = a.Due
			if strings.Contains(a.Text, "MISSING") || strings.Contains(a.Text, "BAD") || !strings.Contains(a.Text, "Acme") {
				t.Errorf("%s: %q", lang, a.Text)
			}
		}
		pl := Plan{AccountID: "x", Actions: acts}
		if err := pl.Validate(); err != nil {
			t.Errorf("win-back actions do not validate: %v", err)
		}
	}
	acts := WinBackPlan(d, today, en)
	if !strings.Contains(acts[1].Text, "service guarantee") {
		t.Errorf("the second step answers the reason: %q", acts[1].Text)
	}
	for _, tc := range []struct {
		tier  Tier
		stage Stage
	}{{TierGrowth, StageExit}, {TierMaintain, StageExit}, {TierKey, StageMature}} {
		d.Account.Tier, d.Account.Stage = tc.tier, tc.stage
		if acts := WinBackPlan(d, today, en); acts != nil {
			t.Errorf("%s/%s: %d actions", tc.tier, tc.stage, len(acts))
		}
	}
	// Every reason has its fix sentence.
	for _, r := range ExitReasons() {
		if s := en(Say("winback.fix."+string(r), "Name", "X", "Reason", r.Label())); strings.HasPrefix(s, "MISSING") {
			t.Error(s)
		}
	}
}
