package accounts

import (
	"math"
	"testing"
)

func TestClassifyABC(t *testing.T) {
	cases := []struct {
		name string
		rev  map[ID]int64
		want map[ID]ABCClass
	}{
		{"empty", map[ID]int64{}, map[ID]ABCClass{}},
		{"one account is A", map[ID]int64{"a": 5}, map[ID]ABCClass{"a": ClassA}},
		{"a dominant account crossing 80 % is A",
			map[ID]int64{"a": 90, "b": 6, "c": 4},
			map[ID]ABCClass{"a": ClassA, "b": ClassB, "c": ClassC}},
		{"ten equal accounts, ties by id",
			map[ID]int64{"a0": 1, "a1": 1, "a2": 1, "a3": 1, "a4": 1, "a5": 1, "a6": 1, "a7": 1, "a8": 1, "a9": 1},
			map[ID]ABCClass{"a0": ClassA, "a1": ClassA, "a2": ClassA, "a3": ClassA, "a4": ClassA, "a5": ClassA, "a6": ClassA, "a7": ClassA, "a8": ClassB, "a9": ClassB}},
		{"edges: 80 % before is B, 95 % before is C",
			map[ID]int64{"a": 50, "b": 30, "c": 15, "d": 5},
			map[ID]ABCClass{"a": ClassA, "b": ClassA, "c": ClassB, "d": ClassC}},
		{"no revenue is C", map[ID]int64{"a": 100, "z": 0, "n": -5}, map[ID]ABCClass{"a": ClassA, "z": ClassC, "n": ClassC}},
		{"all zero", map[ID]int64{"a": 0, "b": 0}, map[ID]ABCClass{"a": ClassC, "b": ClassC}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for i := 0; i < 5; i++ { // map order must not matter
				got := ClassifyABC(tc.rev)
				if len(got) != len(tc.want) {
					t.Fatalf("got %v, want %v", got, tc.want)
				}
				for id, w := range tc.want {
					if got[id] != w {
						t.Fatalf("%s: got %s, want %s (all %v)", id, got[id], w, got)
					}
				}
			}
		})
	}
}

func TestLifetimeValue(t *testing.T) {
	today := NewDate(2026, 11, 23)
	pv := func(m float64, r, d float64) int64 {
		var f float64
		for t := 1; t <= 5; t++ {
			f += m * math.Pow(r, float64(t)) / math.Pow(1+d, float64(t))
		}
		return int64(math.Round(f))
	}
	cases := []struct {
		name      string
		acc       Account
		history   int64
		yearly    int64
		retention float64
		discount  float64
	}{
		{"no revenue", Account{}, 0, 0, 0.85, 0.10},
		{"yearly entries, default rates", Account{Revenue: revenue("2024", 1000000, "2025", 2000000)}, 3000000, 2000000, 0.85, 0.10},
		{"latest 4 complete quarters, the running one left out of the yearly figure",
			Account{Revenue: revenue("2025-Q3", 100, "2025-Q4", 200, "2026-Q1", 300, "2026-Q2", 400, "2026-Q3", 500, "2026-Q4", 50)},
			1550, 1400, 0.85, 0.10},
		{"a year and its quarters are not counted twice",
			Account{Revenue: revenue("2025", 1000, "2025-Q1", 250, "2025-Q2", 250, "2025-Q3", 250, "2025-Q4", 250)},
			1000, 1000, 0.85, 0.10},
		{"two quarters scaled to a year", Account{Revenue: revenue("2026-Q2", 100, "2026-Q3", 300)}, 400, 800, 0.85, 0.10},
		{"only a running year is used as it stands", Account{Revenue: revenue("2026", 700)}, 700, 700, 0.85, 0.10},
		{"the account's own rates", Account{Revenue: revenue("2025", 1000000), RetentionRate: 0.5, DiscountRate: 0.2}, 1000000, 1000000, 0.5, 0.2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := LifetimeValue(&tc.acc, today)
			if c.History != tc.history || c.Yearly != tc.yearly {
				t.Errorf("history %d yearly %d, want %d and %d", c.History, c.Yearly, tc.history, tc.yearly)
			}
			if c.Retention != tc.retention || c.Discount != tc.discount || c.Years != 5 {
				t.Errorf("rates %v %v years %d", c.Retention, c.Discount, c.Years)
			}
			if want := pv(float64(tc.yearly), tc.retention, tc.discount); c.Future != want {
				t.Errorf("future %d, want %d", c.Future, want)
			}
			if c.Total != c.History+c.Future {
				t.Errorf("total %d != %d + %d", c.Total, c.History, c.Future)
			}
		})
	}
	// A worked figure: at 85 % and 10 %, a year's revenue is worth about 2.46
	// years of it over the next five years.
	c := LifetimeValue(&Account{Revenue: revenue("2025", 1000000)}, today)
	if c.Future < 2460000 || c.Future > 2470000 {
		t.Errorf("future of 1,000,000 a year = %d, want about 2,463,000", c.Future)
	}
	if c := LifetimeValue(nil, today); c.Total != 0 || c.Retention != DefaultRetention {
		t.Errorf("nil account: %+v", c)
	}
}

func TestSuggestTier(t *testing.T) {
	cases := []struct {
		class     ABCClass
		risk      RiskLevel
		potential int64
		revenue   int64
		want      Tier
	}{
		{ClassA, RiskLow, 0, 100, TierStrategic},
		{ClassA, RiskCritical, 0, 100, TierStrategic},
		{ClassB, RiskHigh, 1000, 100, TierKey},
		{ClassC, RiskLow, 300, 100, TierGrowth},
		{ClassC, RiskElevated, 299, 100, TierMaintain},
		{ClassC, RiskElevated, 300, 100, TierGrowth},
		{ClassC, RiskHigh, 300, 100, TierMaintain},
		{ClassC, RiskCritical, 1000, 0, TierMaintain},
		{ClassC, RiskLow, 1, 0, TierGrowth},
		{ClassC, RiskLow, 0, 0, TierMaintain},
	}
	for _, c := range cases {
		if got := SuggestTier(c.class, c.risk, c.potential, c.revenue); got != c.want {
			t.Errorf("SuggestTier(%s, %s, %d, %d) = %s, want %s", c.class, c.risk, c.potential, c.revenue, got, c.want)
		}
	}
}

func TestQuadrantOf(t *testing.T) {
	cases := []struct {
		rank  float64
		score int
		want  Quadrant
	}{
		{0.5, 50, QuadrantProtect},
		{1, 100, QuadrantProtect},
		{0.5, 49, QuadrantMaintain},
		{0.49, 49, QuadrantGrow},
		{0, 0, QuadrantGrow},
		{0.49, 50, QuadrantReview},
	}
	for _, c := range cases {
		if got := QuadrantOf(c.rank, c.score); got != c.want {
			t.Errorf("QuadrantOf(%v, %d) = %s, want %s", c.rank, c.score, got, c.want)
		}
	}
	for _, q := range Quadrants() {
		if l := q.Label(); en(l) == "" || zh(l) == "" || en(l) == string(q) && zh(l) == string(q) {
			t.Errorf("%s has no labels", q)
		}
	}
}

func TestValueRanks(t *testing.T) {
	got := ValueRanks(map[ID]int64{"a": 10, "b": 20, "c": 20, "d": 40, "e": 0})
	want := map[ID]float64{"e": 0, "a": 0.25, "b": 0.5, "c": 0.5, "d": 1}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: %v, want %v", id, got[id], w)
		}
	}
	if got := ValueRanks(map[ID]int64{"only": 5}); got["only"] != 1 {
		t.Errorf("single account rank %v", got["only"])
	}
}
