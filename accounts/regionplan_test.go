package accounts

import (
	"testing"
)

func TestYearTargetsValidate(t *testing.T) {
	a := goodAccount()
	a.Targets = []YearTarget{{2026, Amount(1e6, "CNY")}, {2027, Amount(0, "")}}
	checkProblems(t, a.Validate(), nil)
	a.Targets = []YearTarget{{1999, Amount(1, "")}, {2027, Amount(1, "")}, {2027, Money{Minor: -5}}, {2101, Amount(1, "")}}
	checkProblems(t, a.Validate(), []string{"targets[0].year", "targets[2].year", "targets[2].amount", "targets[3].year"})
	if m, ok := (&Account{Targets: []YearTarget{{2027, Amount(9, "")}}}).Target(2027); !ok || m != Amount(9, "") {
		t.Errorf("Target: %v %v", m, ok)
	}
}

func TestCityValidate(t *testing.T) {
	a := goodAccount()
	a.City = "  上海 "
	a.Normalize()
	if a.City != "上海" {
		t.Errorf("city %q", a.City)
	}
	checkProblems(t, a.Validate(), nil)
	long := make([]rune, 201)
	for i := range long {
		long[i] = '城'
	}
	a.City, a.Region = string(long), string(long)
	checkProblems(t, a.Validate(), []string{"region", "city"})
}

func planAcct(name, owner, region, cur string) *AccountData {
	return &AccountData{Account: Account{Meta: Meta{ID: ID("id-" + name)}, Name: name, Owner: owner, Region: region,
		Currency: cur, Tier: TierKey, Stage: StageMature, Potential: Amount(1000, cur)}}
}

func TestRegionPlan(t *testing.T) {
	today := NewDate(2026, 11, 23)
	a := planAcct("Alpha", "Li", "East", "CNY")
	a.Account.Revenue = []RevenueEntry{{Period: "2025", Amount: Amount(400, "CNY"), WalletTotal: Amount(1000, "CNY")},
		{Period: "2025-Q1", Amount: Amount(99, "CNY")}, {Period: "2026", Amount: Amount(500, "CNY")}}
	a.Account.Targets = []YearTarget{{2026, Amount(450, "CNY")}, {2025, Amount(1, "CNY")}}
	a.Plan = &Plan{Opportunities: []Opportunity{
		{Product: "P1", Value: Amount(100, "CNY"), Stage: StageProposal},
		{Product: "P2", Value: Amount(50, "CNY"), Stage: StageProposal},
		{Product: "P3", Value: Amount(70, "CNY"), Stage: StageQualified},
		{Product: "P4", Value: Amount(999, "CNY"), Stage: StageWon},
	}}
	b := planAcct("Beta", "Li", " east ", "CNY")
	b.Account.Revenue = []RevenueEntry{{Period: "2025-Q1", Amount: Amount(10, "CNY")}, {Period: "2025-Q4", Amount: Amount(20, "CNY")}}
	c := planAcct("Gamma", "Wang", "East", "USD")
	c.Account.OverdueReceivables = Amount(1e6, "USD") // some risk
	d := planAcct("Delta", "Li", "North", "CNY")
	e := planAcct("Lost", "Li", "East", "CNY")
	e.Account.Stage = StageExit

	v := RegionPlan([]*AccountData{c, b, a, d, e}, "East", 2026, today)
	if len(v.Rows) != 3 || v.Rows[0].Name != "Alpha" || v.Rows[1].Name != "Beta" || v.Rows[2].Name != "Gamma" {
		t.Fatalf("rows %+v", v.Rows)
	}
	ra, rb, rc := v.Rows[0], v.Rows[1], v.Rows[2]
	if !ra.HasLastYear || ra.LastYear != Amount(400, "CNY") || ra.Wallet != 0.4 || !ra.HasTarget || ra.Target != Amount(450, "CNY") {
		t.Errorf("alpha %+v", ra)
	}
	if len(ra.Pipeline) != 2 || ra.Pipeline[0].Stage != StageQualified || ra.Pipeline[0].Amount != Amount(70, "CNY") ||
		ra.Pipeline[1].Stage != StageProposal || ra.Pipeline[1].Amount != Amount(150, "CNY") || ra.Pipeline[1].Count != 2 {
		t.Errorf("pipeline %+v", ra.Pipeline)
	}
	if rb.LastYear != Amount(30, "CNY") || rb.Wallet != -1 || rb.HasTarget {
		t.Errorf("beta (quarters summed) %+v", rb)
	}
	if rc.Risk == RiskLow && rc.RiskScore == 0 || rc.Currency != "USD" {
		t.Errorf("gamma risk %s %d", rc.Risk, rc.RiskScore)
	}
	if len(v.Totals) != 2 || v.Totals[0].Currency != "CNY" || v.Totals[0].LastYear != Amount(430, "CNY") ||
		v.Totals[0].Target != Amount(450, "CNY") || v.Totals[0].Pipeline != Amount(220, "CNY") || v.Totals[0].Potential != Amount(2000, "CNY") ||
		v.Totals[1].Currency != "USD" || v.Totals[1].Potential != Amount(1000, "USD") {
		t.Errorf("totals %+v", v.Totals)
	}
	if len(v.Owners) != 2 || v.Owners[0].Owner != "Li" || v.Owners[0].Accounts != 2 || v.Owners[1].Owner != "Wang" ||
		len(v.Owners[1].Totals) != 1 || v.Owners[1].Totals[0].Currency != "USD" {
		t.Errorf("owners %+v", v.Owners)
	}
	if v := RegionPlan(nil, "East", 2026, today); len(v.Rows) != 0 || len(v.Totals) != 0 {
		t.Errorf("empty %+v", v)
	}
}

func BenchmarkRegionPlan(b *testing.B) {
	today := NewDate(2026, 11, 23)
	var data []*AccountData
	for i := 0; i < 2000; i++ {
		d := planAcct("A", []string{"Li", "Wang"}[i%2], "East", "CNY")
		d.Account.Revenue = []RevenueEntry{{Period: "2025", Amount: Amount(400, "CNY")}}
		data = append(data, d)
	}
	for b.Loop() {
		RegionPlan(data, "East", 2026, today)
	}
}
