package accounts

import (
	"strings"
	"testing"
)

var balToday = NewDate(2026, 11, 23)

func TestCreditClassOf(t *testing.T) {
	cases := map[string]CreditClass{
		"AAA": CreditHigh, "AA": CreditHigh, "A": CreditHigh, " a+ ": CreditHigh, "A-": CreditHigh,
		"BBB": CreditMedium, "BB+": CreditMedium, "B": CreditLow, "CCC": CreditLow, "C": CreditLow,
		"good": CreditHigh, "Poor": CreditLow, "fair": CreditMedium,
		"优": CreditHigh, "良": CreditHigh, "中": CreditMedium, "差": CreditLow,
		"": CreditUnknown, "n/a": CreditUnknown, "?": CreditUnknown,
	}
	for in, want := range cases {
		if got := CreditClassOf(in); got != want {
			t.Errorf("%q: %s, want %s", in, got, want)
		}
	}
	// Every rating the demo generates has a class.
	for _, r := range []string{"AAA", "AA", "A", "BBB"} {
		if CreditClassOf(r) == CreditUnknown {
			t.Errorf("demo rating %q unknown", r)
		}
	}
}

func balAccount(rating string, q2, q3 float64, wallet float64, overdue float64) *Account {
	return &Account{Meta: Meta{ID: "acc"}, Name: "Acme", Owner: "Li", Currency: "CNY", CreditRating: rating,
		OverdueReceivables: Amount(overdue, "CNY"),
		Revenue: []RevenueEntry{
			{Period: "2026-Q2", Amount: Amount(q2, "CNY")},
			{Period: "2026-Q3", Amount: Amount(q3, "CNY"), WalletTotal: Amount(wallet, "CNY")},
		}}
}

// TestBalanceAdvice: the rule table, one case per rule and the balanced
// account that gets no advice.
func TestBalanceAdvice(t *testing.T) {
	cases := []struct {
		name     string
		acc      *Account
		want     []string // advice keys
		outOfBal bool
		text     string // fragment of the first advice in English
	}{
		{"balanced", balAccount("BBB", 100, 105, 0, 0), nil, false, ""},
		{"low credit, growing", balAccount("C", 100, 130, 0, 0), []string{"balance.shrink_exposure.advice"}, true, "grew 30 %"},
		{"low credit, flat", balAccount("C", 100, 105, 0, 0), nil, false, ""},
		{"low credit, falling", balAccount("差", 100, 50, 0, 0), nil, false, ""},
		{"overdue over threshold", balAccount("A", 100, 100, 0, 15), []string{"balance.collect_first.advice"}, true, "15 % of the revenue of 2026-Q3"},
		{"overdue under threshold", balAccount("BBB", 100, 100, 0, 9), nil, false, ""},
		{"overdue exactly threshold", balAccount("BBB", 100, 100, 0, 10), []string{"balance.collect_first.advice"}, true, "10 %"},
		{"high credit, small share", balAccount("AA", 100, 100, 500, 0), []string{"balance.grow.advice"}, false, "only 20 %"},
		{"high credit, big share", balAccount("AA", 100, 100, 200, 0), nil, false, ""},
		{"high credit, wallet unknown", balAccount("AA", 100, 100, 0, 0), nil, false, ""},
		{"low credit, growing and overdue", balAccount("B", 100, 200, 0, 50), []string{"balance.collect_first.advice", "balance.shrink_exposure.advice"}, true, "25 %"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := Balance(tc.acc, balToday)
			var got []string
			for _, p := range v.Advice {
				got = append(got, p.Key)
				for _, lang := range []string{"en", "zh-Hans"} {
					if s := say(lang, p); strings.HasPrefix(s, "MISSING") || strings.HasPrefix(s, "BAD") {
						t.Errorf("%s: %s", lang, s)
					}
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("advice %v, want %v (view %+v)", got, tc.want, v)
			}
			if v.OutOfBalance != tc.outOfBal {
				t.Errorf("out of balance %v, want %v", v.OutOfBalance, tc.outOfBal)
			}
			if tc.text != "" && !strings.Contains(en(v.Advice[0]), tc.text) {
				t.Errorf("%q lacks %q", en(v.Advice[0]), tc.text)
			}
		})
	}
}

func TestBalanceFigures(t *testing.T) {
	a := balAccount("A", 100, 120, 400, 30)
	a.Revenue = append(a.Revenue, RevenueEntry{Period: "2026-Q4", Amount: Amount(40, "CNY")}, RevenueEntry{Period: "2027-Q1", Amount: Amount(999, "CNY")})
	v := Balance(a, balToday)
	// The running quarter is the latest period; the trend uses complete ones.
	if v.Period != "2026-Q4" || v.Revenue != Amount(40, "CNY") {
		t.Errorf("latest %s %v", v.Period, v.Revenue)
	}
	if !v.HasTrend || v.TrendPct < 19.99 || v.TrendPct > 20.01 {
		t.Errorf("trend %v %v", v.HasTrend, v.TrendPct)
	}
	if v.Wallet != 0.3 {
		t.Errorf("wallet of the latest quarter that knows it: %v", v.Wallet)
	}
	if v.OverdueShare != 0.75 || v.Overdue != Amount(30, "CNY") || v.Credit != CreditHigh {
		t.Errorf("overdue %v share %v credit %s", v.Overdue, v.OverdueShare, v.Credit)
	}
	// Quarters are preferred over a running year and a month.
	a.Revenue = append(a.Revenue, RevenueEntry{Period: "2026", Amount: Amount(500, "CNY")}, RevenueEntry{Period: "2026-11", Amount: Amount(1, "CNY")})
	if v = Balance(a, balToday); v.Period != "2026-Q4" {
		t.Errorf("mixed kinds: latest %s", v.Period)
	}
	a.Revenue = []RevenueEntry{{Period: "2025", Amount: Amount(100, "CNY")}, {Period: "2026", Amount: Amount(50, "CNY")}, {Period: "2027", Amount: Amount(9, "CNY")}}
	if v = Balance(a, balToday); v.Period != "2026" || v.OverdueShare != 0.6 {
		t.Errorf("years: latest %s share %v", v.Period, v.OverdueShare)
	}
	// No revenue at all: shares unknown, overdue still advised on.
	b := &Account{Name: "Empty", OverdueReceivables: Amount(5, "")}
	v = Balance(b, balToday)
	if v.Period != "" || v.OverdueShare != -1 || v.Wallet != -1 || v.HasTrend || v.Currency != DefaultCurrency {
		t.Errorf("empty: %+v", v)
	}
	if len(v.Advice) != 1 || v.Advice[0].Key != "balance.collect_first.advice_no_revenue" || strings.HasPrefix(en(v.Advice[0]), "BAD") {
		t.Errorf("empty advice %+v", v.Advice)
	}
}

func TestOwnerBalanceKeepsCurrenciesApart(t *testing.T) {
	a := balAccount("C", 100, 130, 0, 20)
	b := balAccount("AA", 100, 100, 0, 0)
	c := balAccount("BBB", 100, 100, 0, 10)
	c.Currency = "USD"
	views := []BalanceView{Balance(a, balToday), Balance(b, balToday), Balance(c, balToday)}
	o := OwnerBalance(views)
	if o.Accounts != 3 || o.OutOfBalance != 2 {
		t.Errorf("accounts %d out of balance %d", o.Accounts, o.OutOfBalance)
	}
	if len(o.Totals) != 2 || o.Totals[0].Currency != "CNY" || o.Totals[1].Currency != "USD" {
		t.Fatalf("totals %+v", o.Totals)
	}
	cny, usd := o.Totals[0], o.Totals[1]
	if cny.Revenue != Amount(230, "CNY") || cny.Overdue != Amount(20, "CNY") || usd.Revenue != Amount(100, "USD") || usd.Overdue != Amount(10, "USD") {
		t.Errorf("sums %+v", o.Totals)
	}
	if usd.OverdueShare != 0.1 {
		t.Errorf("usd share %v", usd.OverdueShare)
	}
	if e := OwnerBalance(nil); e.Accounts != 0 || len(e.Totals) != 0 {
		t.Errorf("empty: %+v", e)
	}
}
