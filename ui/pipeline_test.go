package ui

import (
	"math"
	"testing"
	"time"

	"keycard/accounts"
)

func day(n int) time.Time { return time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC).AddDate(0, 0, n) }

func cny(yuan int64) accounts.Money { return accounts.Money{Minor: yuan * 100, Currency: "CNY"} }

func TestStageSpells(t *testing.T) {
	sc := func(s accounts.OpportunityStage, d int) accounts.StageChange {
		return accounts.StageChange{Stage: s, At: day(d)}
	}
	now := day(100)
	tests := []struct {
		name string
		opp  accounts.Opportunity
		want map[accounts.OpportunityStage]float64
	}{
		{"no history, nothing known", accounts.Opportunity{Stage: accounts.StageProposal}, map[accounts.OpportunityStage]float64{}},
		{"open deal counts up to now", accounts.Opportunity{Stage: accounts.StageProposal,
			StageHistory: []accounts.StageChange{sc(accounts.StageProposal, 70)}},
			map[accounts.OpportunityStage]float64{accounts.StageProposal: 30}},
		{"moves through stages", accounts.Opportunity{Stage: accounts.StageNegotiation,
			StageHistory: []accounts.StageChange{sc(accounts.StageWhiteSpace, 0), sc(accounts.StageQualified, 10), sc(accounts.StageNegotiation, 40)}},
			map[accounts.OpportunityStage]float64{accounts.StageWhiteSpace: 10, accounts.StageQualified: 30, accounts.StageNegotiation: 60}},
		{"won is an arrival, not a stay", accounts.Opportunity{Stage: accounts.StageWon,
			StageHistory: []accounts.StageChange{sc(accounts.StageProposal, 20), sc(accounts.StageWon, 25)}},
			map[accounts.OpportunityStage]float64{accounts.StageProposal: 5}},
		{"history out of order is sorted", accounts.Opportunity{Stage: accounts.StageProposal,
			StageHistory: []accounts.StageChange{sc(accounts.StageProposal, 90), sc(accounts.StageQualified, 80)}},
			map[accounts.OpportunityStage]float64{accounts.StageQualified: 10, accounts.StageProposal: 10}},
		{"history not matching the stage stops at the last change", accounts.Opportunity{Stage: accounts.StageProposal,
			StageHistory: []accounts.StageChange{sc(accounts.StageQualified, 50)}},
			map[accounts.OpportunityStage]float64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[accounts.OpportunityStage]float64{}
			for _, sp := range stageSpells(tt.opp, now) {
				got[sp.stage] += sp.days
			}
			if len(got) != len(tt.want) {
				t.Fatalf("spells %v, want %v", got, tt.want)
			}
			for s, d := range tt.want {
				if math.Abs(got[s]-d) > 1e-9 {
					t.Errorf("%s: %v days, want %v", s, got[s], d)
				}
			}
		})
	}
}

func TestStageSummary(t *testing.T) {
	now := day(100)
	opps := []accounts.Opportunity{
		{Stage: accounts.StageProposal, Value: cny(100000), StageHistory: []accounts.StageChange{{Stage: accounts.StageProposal, At: day(90)}}},
		{Stage: accounts.StageProposal, Value: cny(50000), StageHistory: []accounts.StageChange{{Stage: accounts.StageProposal, At: day(70)}}},
		{Stage: accounts.StageProposal, Value: accounts.Money{Minor: 2000000, Currency: "USD"}},
		{Stage: accounts.StageWon, Value: cny(30000), StageHistory: []accounts.StageChange{
			{Stage: accounts.StageProposal, At: day(10)}, {Stage: accounts.StageWon, At: day(60)}}},
	}
	got := stageSummary(opps, now)
	if len(got) != len(accounts.OpportunityStages()) {
		t.Fatalf("%d lines, want one per stage", len(got))
	}
	by := map[accounts.OpportunityStage]stageStat{}
	for _, s := range got {
		by[s.Stage] = s
	}
	tests := []struct {
		stage  accounts.OpportunityStage
		count  int
		values string
		days   float64
		spells int
	}{
		// (10 + 30 + 50) / 3: two open stays up to now, one finished.
		{accounts.StageProposal, 3, "CNY 150,000 + USD 20,000", 30, 3},
		{accounts.StageWon, 1, "CNY 30,000", 0, 0},
		{accounts.StageQualified, 0, "—", 0, 0},
	}
	for _, tt := range tests {
		s := by[tt.stage]
		if s.Count != tt.count || valuesText(s.Values) != tt.values || math.Abs(s.Days-tt.days) > 1e-9 || s.Spells != tt.spells {
			t.Errorf("%s: count %d values %q days %v spells %d; want %d %q %v %d", tt.stage, s.Count, valuesText(s.Values), s.Days, s.Spells,
				tt.count, tt.values, tt.days, tt.spells)
		}
	}
}

func TestOpenByClose(t *testing.T) {
	d := func(s string) accounts.Date { x, _ := accounts.ParseDate(s); return x }
	in := []pipelineOpp{
		{Account: "A", Opportunity: accounts.Opportunity{Product: "late", Stage: accounts.StageProposal, ExpectedClose: d("2027-05-01")}},
		{Account: "B", Opportunity: accounts.Opportunity{Product: "won", Stage: accounts.StageWon, ExpectedClose: d("2026-01-01")}},
		{Account: "C", Opportunity: accounts.Opportunity{Product: "undated", Stage: accounts.StageWhiteSpace}},
		{Account: "D", Opportunity: accounts.Opportunity{Product: "soon small", Stage: accounts.StageQualified, ExpectedClose: d("2026-12-01"), Value: cny(10)}},
		{Account: "E", Opportunity: accounts.Opportunity{Product: "soon big", Stage: accounts.StageNegotiation, ExpectedClose: d("2026-12-01"), Value: cny(99)}},
		{Account: "F", Opportunity: accounts.Opportunity{Product: "lost", Stage: accounts.StageLost}},
	}
	var got []string
	for _, o := range openByClose(in) {
		got = append(got, o.Product)
	}
	want := []string{"soon big", "soon small", "late", "undated"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestWithCurrencyFillsOnlyMissing(t *testing.T) {
	in := []accounts.Opportunity{{Value: accounts.Money{Minor: 1}}, {Value: accounts.Money{Minor: 2, Currency: "EUR"}}}
	out := withCurrency(in, "USD")
	if out[0].Value.Currency != "USD" || out[1].Value.Currency != "EUR" || in[0].Value.Currency != "" {
		t.Errorf("withCurrency = %+v (input %+v)", out, in)
	}
}

// The Pipeline view lists every open opportunity of the portfolio and a
// row opens the account on its Plan tab.
func TestPipelineViewListsOpenOpportunitiesAndOpensPlan(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	pv := w.openPipeline()
	w.wait()
	open, total := 0, 0
	for _, sm := range summaries(t, s) {
		pl, err := s.Plan(sm.ID)
		if err != nil {
			continue
		}
		for _, o := range pl.Opportunities {
			total++
			if o.Stage.Open() {
				open++
			}
		}
	}
	if open == 0 || len(pv.rows) != open {
		t.Fatalf("the list shows %d open opportunities, the store holds %d", len(pv.rows), open)
	}
	for i := 1; i < len(pv.rows); i++ {
		a, b := pv.rows[i-1].ExpectedClose, pv.rows[i].ExpectedClose
		if !b.IsZero() && (a.IsZero() || b.Before(a)) {
			t.Fatalf("row %d closes %s before row %d's %s", i, b, i-1, a)
		}
	}
	first := pv.rows[0]
	pv.list.Select(0)
	w.wait()
	if w.account == nil || w.account.id != first.AccountID {
		t.Fatal("clicking a row did not open its account")
	}
	if w.account.tabs.SelectedIndex() != 4 || w.account.plan == nil {
		t.Fatal("the account did not open on its Plan tab")
	}

	// One owner's pipeline holds only that owner's accounts.
	pv = w.openPipeline()
	w.wait()
	owner := pv.owner.Options[1]
	pv.owner.SetSelected(owner)
	w.wait()
	for _, r := range pv.rows {
		if r.Owner != owner {
			t.Fatalf("owner %s's pipeline lists an opportunity of %s", owner, r.Owner)
		}
	}
	if len(pv.rows) == 0 || len(pv.rows) >= open {
		t.Errorf("owner filter left %d of %d rows", len(pv.rows), open)
	}
}

// BenchmarkPipelineAggregation sums a 10,000-account portfolio with three
// opportunities each, as the Pipeline view does on every owner change.
func BenchmarkPipelineAggregation(b *testing.B) {
	stages := accounts.OpportunityStages()
	var opps []pipelineOpp
	for i := 0; i < 30000; i++ {
		st := stages[i%len(stages)]
		opps = append(opps, pipelineOpp{Account: "A", Opportunity: accounts.Opportunity{
			Product: "P", Stage: st, Value: cny(int64(i)),
			ExpectedClose: accounts.DateOf(day(i % 400)),
			StageHistory:  []accounts.StageChange{{Stage: accounts.StageWhiteSpace, At: day(0)}, {Stage: st, At: day(i % 90)}},
		}})
	}
	plain := make([]accounts.Opportunity, len(opps))
	for i := range opps {
		plain[i] = opps[i].Opportunity
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		stageSummary(plain, day(500))
		openByClose(opps)
	}
}
