package accounts

import (
	"testing"
	"time"
)

func d(y int, m time.Month, day int) Date { return NewDate(y, m, day) }

func testRates() Rates {
	return Rates{Reporting: "CNY", Table: []Rate{
		{Currency: "USD", PerUnit: 7.0, ValidFrom: d(2026, 1, 1)},
		{Currency: "USD", PerUnit: 7.2, ValidFrom: d(2026, 6, 1)},
		{Currency: "EUR", PerUnit: 8.0, ValidFrom: d(2026, 3, 15)},
	}}
}

func TestRatesConvertPicksLatestRateOnOrBeforeTheDay(t *testing.T) {
	r := testRates()
	cases := []struct {
		name     string
		m        Money
		day      Date
		want     int64
		wantDate Date
		missing  bool
	}{
		{"before the second USD rate", Amount(100, "USD"), d(2026, 5, 31), 70000, d(2026, 1, 1), false},
		{"on the day of the second rate", Amount(100, "USD"), d(2026, 6, 1), 72000, d(2026, 6, 1), false},
		{"long after", Amount(100, "USD"), d(2027, 2, 1), 72000, d(2026, 6, 1), false},
		{"before any USD rate", Amount(100, "USD"), d(2025, 12, 31), 0, Date{}, true},
		{"EUR after its only rate", Amount(10, "EUR"), d(2026, 4, 1), 8000, d(2026, 3, 15), false},
		{"EUR before its only rate", Amount(10, "EUR"), d(2026, 3, 14), 0, Date{}, true},
		{"reporting currency needs no rate", Amount(5, "CNY"), d(2020, 1, 1), 500, Date{}, false},
		{"no currency is the default currency", Money{Minor: 500}, d(2020, 1, 1), 500, Date{}, false},
		{"unknown currency", Amount(1, "GBP"), d(2026, 7, 1), 0, Date{}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, date, err := r.Convert(c.m, c.day)
			if c.missing {
				if ErrorCode(err) != EINVALID {
					t.Fatalf("want a missing-rate error, got %v (%v)", err, got)
				}
				var e *Error
				if !asError(err, &e) || e.Msg.Key != "rates.error.missing" {
					t.Fatalf("want the missing-rate sentence, got %v", err)
				}
				return
			}
			if err != nil || got.Minor != c.want || got.Currency != "CNY" || date != c.wantDate {
				t.Fatalf("got %v %v %v, want %d CNY at %v", got, date, err, c.want, c.wantDate)
			}
		})
	}
}

func asError(err error, e **Error) bool {
	x, ok := err.(*Error)
	*e = x
	return ok
}

func TestRatesSum(t *testing.T) {
	r := testRates()
	none := Rates{}
	cases := []struct {
		name      string
		r         *Rates
		day       Date
		ms        []Money
		want      Money
		wantDate  Date
		converted bool
		errKey    string
	}{
		{"no settings, one currency: as before", &none, d(2026, 1, 1), []Money{Amount(1, "USD"), Amount(2, "USD")}, Amount(3, "USD"), Date{}, false, ""},
		{"no settings, nothing", &none, d(2026, 1, 1), nil, Money{Currency: DefaultCurrency}, Date{}, false, ""},
		{"no settings, mixed currencies: a sentence", &none, d(2026, 1, 1), []Money{Amount(1, "CNY"), Amount(2, "USD")}, Money{}, Date{}, false, "rates.error.noreporting"},
		{"mixed, rates of different dates: the latest is said", &r, d(2026, 7, 1), []Money{Amount(100, "USD"), Amount(10, "EUR"), Amount(1, "CNY")}, Amount(720+80+1, "CNY"), d(2026, 6, 1), true, ""},
		{"mixed in April: older USD rate, EUR rate is newest", &r, d(2026, 4, 1), []Money{Amount(100, "USD"), Amount(10, "EUR")}, Amount(700+80, "CNY"), d(2026, 3, 15), true, ""},
		{"one missing rate spoils the total", &r, d(2026, 7, 1), []Money{Amount(100, "USD"), Amount(1, "GBP")}, Money{}, Date{}, false, "rates.error.missing"},
		{"only reporting currency: nothing converted", &r, d(2026, 7, 1), []Money{Amount(1, "CNY"), {Minor: 100}}, Amount(2, "CNY"), Date{}, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.r.Sum(c.day, c.ms...)
			if c.errKey != "" {
				var e *Error
				if !asError(err, &e) || e.Msg.Key != c.errKey {
					t.Fatalf("want %s, got %v (total %v)", c.errKey, err, got)
				}
				return
			}
			if err != nil || got.Money != c.want || got.RateDate != c.wantDate || got.Converted != c.converted {
				t.Fatalf("got %+v %v, want %v at %v converted %v", got, err, c.want, c.wantDate, c.converted)
			}
		})
	}
}

func TestRatesValidate(t *testing.T) {
	cases := []struct {
		name string
		r    Rates
		ok   bool
	}{
		{"good", testRates(), true},
		{"empty", Rates{}, true},
		{"bad reporting", Rates{Reporting: "yuan"}, false},
		{"zero rate", Rates{Reporting: "CNY", Table: []Rate{{Currency: "USD", ValidFrom: d(2026, 1, 1)}}}, false},
		{"negative rate", Rates{Reporting: "CNY", Table: []Rate{{Currency: "USD", PerUnit: -1, ValidFrom: d(2026, 1, 1)}}}, false},
		{"no date", Rates{Reporting: "CNY", Table: []Rate{{Currency: "USD", PerUnit: 7}}}, false},
		{"rate of the reporting currency", Rates{Reporting: "CNY", Table: []Rate{{Currency: "CNY", PerUnit: 1, ValidFrom: d(2026, 1, 1)}}}, false},
		{"two rates of one day", Rates{Reporting: "CNY", Table: []Rate{{Currency: "USD", PerUnit: 7, ValidFrom: d(2026, 1, 1)}, {Currency: "USD", PerUnit: 7.1, ValidFrom: d(2026, 1, 1)}}}, false},
	}
	for _, c := range cases {
		if err := c.r.Validate(); (err == nil) != c.ok {
			t.Errorf("%s: Validate = %v, want ok=%v", c.name, err, c.ok)
		}
	}
}

func TestRatesValuesForABC(t *testing.T) {
	r := testRates()
	vals, tot, err := r.Values(d(2026, 7, 1), map[ID]Money{"a": Amount(100, "USD"), "b": Amount(500, "CNY")})
	if err != nil || vals["a"] != 72000 || vals["b"] != 50000 || tot.RateDate != d(2026, 6, 1) {
		t.Fatalf("got %v %+v %v", vals, tot, err)
	}
	// Converted, a (USD 100 = CNY 720) outranks b (CNY 500); as raw minor units it would not.
	if c := ClassifyABC(vals); c["a"] != ClassA {
		t.Fatalf("classes %v", c)
	}
}

func TestRatesConvertTotals(t *testing.T) {
	r := testRates()
	ts := []PlanTotals{
		{Currency: "CNY", LastYear: Amount(1000, "CNY"), Potential: Amount(2000, "CNY"), Target: Amount(1500, "CNY"), Pipeline: Amount(100, "CNY")},
		{Currency: "USD", LastYear: Amount(100, "USD"), Potential: Amount(200, "USD"), Target: Amount(150, "USD"), Pipeline: Amount(10, "USD")},
	}
	if !r.NeedsConverting(ts) || r.NeedsConverting(ts[:1]) || (&Rates{}).NeedsConverting(ts[:1]) || !(&Rates{}).NeedsConverting(ts) {
		t.Fatal("NeedsConverting")
	}
	cases := []struct {
		day      Date
		lastYear int64
		rateDate Date
	}{
		{d(2026, 2, 1), 100000 + 70000, d(2026, 1, 1)},
		{d(2026, 7, 1), 100000 + 72000, d(2026, 6, 1)},
	}
	for _, c := range cases {
		got, used, err := r.ConvertTotals(ts, c.day)
		if err != nil || got.Currency != "CNY" || got.LastYear.Minor != c.lastYear || used.RateDate != c.rateDate {
			t.Errorf("%v: %+v %+v %v", c.day, got, used, err)
		}
	}
	if _, _, err := r.ConvertTotals(ts, d(2025, 1, 1)); ErrorCode(err) != EINVALID {
		t.Errorf("before any USD rate: %v", err)
	}
}
