package accounts

import (
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	cases := []struct {
		in   string
		want int64
	}{
		{"1,234.50", 123450},
		{"1234", 123400},
		{"12.5万", 12500000},
		{"12.5 万", 12500000},
		{"3亿", 30000000000},
		{"3.2m", 320000000},
		{"3.2M", 320000000},
		{"5k", 500000},
		{"1，000", 100000}, // full-width comma
		{"0.015", 2},      // rounds to the nearest fen
		{"  88  ", 8800},
		{"", 0},
	}
	for _, c := range cases {
		got, err := ParseAmount(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"abc", "12.5.3", "万", "NaN", "Inf", "1e300", "12 apples", "¥"} {
		if got, err := ParseAmount(bad); err == nil {
			t.Errorf("ParseAmount(%q) = %d, want an error", bad, got)
		} else if msg := errText(err); !strings.Contains(msg, "not an amount") {
			t.Errorf("ParseAmount(%q): a person reads %q", bad, msg)
		}
	}
}

func TestFormatMoney(t *testing.T) {
	cases := []struct {
		m    Money
		want string
	}{
		{Money{Minor: 123456789, Currency: "CNY"}, "CNY 1,234,567.89"},
		{Money{Minor: 100000000, Currency: "USD"}, "USD 1,000,000"},
		{Money{Minor: 5}, "CNY 0.05"},
		{Money{Minor: -123450, Currency: "EUR"}, "EUR -1,234.50"},
		{Money{}, "CNY 0"},
		{Amount(999.999, "SGD"), "SGD 1,000"},
	}
	for _, c := range cases {
		if got := c.m.String(); got != c.want {
			t.Errorf("%+v.String() = %q, want %q", c.m, got, c.want)
		}
	}
	// What is formatted parses back to the same amount.
	for _, minor := range []int64{0, 1, 99, 100, 123450, 1234567891} {
		back, err := ParseAmount(FormatAmount(minor))
		if err != nil || back != minor {
			t.Errorf("round trip of %d: %d, %v", minor, back, err)
		}
	}
	if Amount(12.34, "").Major() != 12.34 || !(Money{}).IsZero() {
		t.Error("Major/IsZero")
	}
}

func TestShareOfWalletAndLatestRevenue(t *testing.T) {
	if got := (RevenueEntry{Amount: Amount(30, ""), WalletTotal: Amount(120, "")}).ShareOfWallet(); got != 0.25 {
		t.Errorf("share of wallet %v, want 0.25", got)
	}
	if got := (RevenueEntry{Amount: Amount(30, "")}).ShareOfWallet(); got != -1 {
		t.Errorf("unknown wallet gives %v, want -1", got)
	}
	a := Account{Revenue: []RevenueEntry{{Period: "2026-Q1"}, {Period: "2026-Q3"}, {Period: "2025-Q4"}}}
	if r, ok := a.LatestRevenue(); !ok || r.Period != "2026-Q3" {
		t.Errorf("latest revenue %v %v", r.Period, ok)
	}
	if _, ok := (&Account{}).LatestRevenue(); ok {
		t.Error("an account without revenue has a latest entry")
	}
	if (&Account{}).CurrencyOrDefault() != "CNY" || (&Account{Currency: "EUR"}).CurrencyOrDefault() != "EUR" {
		t.Error("CurrencyOrDefault")
	}
}

func TestParseAmountIn(t *testing.T) {
	cases := []struct {
		in   string
		unit float64
		want int64
	}{
		{"1,100.04", 1e6, 110004000000},
		{"1.2345", 1e6, 123450000},
		{"12", 1e3, 1200000},
		{"3", 1, 300},
		{"3", 0, 300},
	}
	for _, c := range cases {
		if got, err := ParseAmountIn(c.in, c.unit); err != nil || got != c.want {
			t.Errorf("%q × %g: %d %v, want %d", c.in, c.unit, got, err, c.want)
		}
	}
	if _, err := ParseAmountIn("10000000000", 1e6); err == nil {
		t.Error("an amount beyond int64 minor units must be refused")
	}
}
