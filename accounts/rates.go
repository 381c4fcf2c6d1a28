package accounts

import (
	"math"
	"slices"
	"strings"
)

// Exchange rates let a portfolio billed in several currencies be added up:
// the person chooses a reporting currency and keeps a table of rates, each
// valid from a day on. A conversion on a day takes the latest rate dated on
// or before that day, and says which rate date it used, so a total is never
// read as more current than its rates. Amounts stay stored as entered; only
// sums and comparisons across accounts are converted. A missing rate is an
// error with a sentence: a total that silently counts a currency as zero, or
// as if it were the reporting currency, is worse than no total.

// Rate is one exchange rate: one unit of Currency is worth PerUnit units of
// the reporting currency from the day ValidFrom on.
type Rate struct {
	Currency  string  `json:"currency"`
	PerUnit   float64 `json:"per_unit"`
	ValidFrom Date    `json:"valid_from"`
}

// Rates is the reporting currency and the table of rates, kept in the
// settings of the database. The zero Rates (no reporting currency) converts
// nothing: sums of one currency stay in that currency, as they always were.
type Rates struct {
	Reporting string `json:"reporting,omitempty"`
	Table     []Rate `json:"rates,omitempty"`
}

// maxRate bounds a rate so that a converted amount stays far inside int64.
const maxRate = 1e6

// Validate checks the reporting currency and every rate; two rates of one
// currency and day are refused, as the table could not say which to use.
func (r *Rates) Validate() error {
	p := problems{entity: "rates"}
	if r.Reporting != "" && !validCurrency(r.Reporting) {
		p.add("reporting", Say("field.money.currency", "Value", r.Reporting))
	}
	seen := map[string]bool{}
	for _, x := range r.Table {
		p.rate(x, r.Reporting)
		k := x.Currency + "/" + x.ValidFrom.String()
		if seen[k] {
			p.add("rates", Say("rates.error.duplicate", "Currency", x.Currency, "Date", x.ValidFrom.String()))
		}
		seen[k] = true
	}
	return p.err()
}

func (p *problems) rate(x Rate, reporting string) {
	switch {
	case x.Currency == "" || !validCurrency(x.Currency):
		p.add("currency", Say("field.money.currency", "Value", x.Currency))
	case x.Currency == reporting:
		p.add("currency", Say("rates.error.reporting", "Currency", x.Currency))
	}
	if math.IsNaN(x.PerUnit) || x.PerUnit <= 0 || x.PerUnit > maxRate {
		p.add("rate", Say("rates.error.rate", "Value", x.PerUnit))
	}
	if x.ValidFrom.IsZero() {
		p.add("date", Phrase{Key: "rates.error.date"})
	}
}

// Normalize upper-cases currency codes and orders the table by currency and
// date, so that the stored table reads the same whoever entered it.
func (r *Rates) Normalize() {
	r.Reporting = strings.ToUpper(strings.TrimSpace(r.Reporting))
	for i := range r.Table {
		r.Table[i].Currency = strings.ToUpper(strings.TrimSpace(r.Table[i].Currency))
	}
	slices.SortStableFunc(r.Table, func(a, b Rate) int {
		if c := strings.Compare(a.Currency, b.Currency); c != 0 {
			return c
		}
		return strings.Compare(a.ValidFrom.String(), b.ValidFrom.String())
	})
}

// Lookup is the rate of cur that applies on day: the latest dated on or
// before it. ok is false when there is none.
func (r *Rates) Lookup(cur string, day Date) (Rate, bool) {
	var best Rate
	found := false
	for _, x := range r.Table {
		if x.Currency != cur || x.ValidFrom.After(day) {
			continue
		}
		if !found || x.ValidFrom.After(best.ValidFrom) {
			best, found = x, true
		}
	}
	return best, found
}

// Convert gives m in the reporting currency on day and the date of the rate
// it used (the zero Date when m is already in the reporting currency). An
// amount without a currency is in DefaultCurrency, as everywhere else.
func (r *Rates) Convert(m Money, day Date) (Money, Date, error) {
	cur := currencyOf(m)
	if cur == r.Reporting {
		return Money{Minor: m.Minor, Currency: cur}, Date{}, nil
	}
	x, ok := r.Lookup(cur, day)
	if !ok {
		return Money{}, Date{}, r.missing(cur, day)
	}
	return Money{Minor: int64(math.Round(float64(m.Minor) * x.PerUnit)), Currency: r.Reporting}, x.ValidFrom, nil
}

func (r *Rates) missing(cur string, day Date) error {
	if r.Reporting == "" {
		return Errorf(EINVALID, "rates.error.noreporting", "Currency", cur)
	}
	return Errorf(EINVALID, "rates.error.missing", "Currency", cur, "Reporting", r.Reporting, "Date", day.String())
}

func currencyOf(m Money) string {
	if m.Currency == "" {
		return DefaultCurrency
	}
	return m.Currency
}

// Total is a sum of amounts that may be in several currencies: in one
// currency, or converted to the reporting currency. RateDate is the latest
// rate date used (zero when nothing needed converting), so a screen can say
// "at the rates of 2026-11-30".
type Total struct {
	Money    Money
	RateDate Date
	// Converted is set when at least one amount was converted.
	Converted bool
}

// Sum adds amounts on day. With no reporting currency and every amount in
// one currency the sum is in that currency, exactly as before rates existed.
// Otherwise each amount is converted; a currency without a rate on that day
// makes the whole sum an error that names it.
func (r *Rates) Sum(day Date, ms ...Money) (Total, error) {
	var t Total
	if r.Reporting == "" {
		return sumOneCurrency(r, ms)
	}
	t.Money.Currency = r.Reporting
	for _, m := range ms {
		c, d, err := r.Convert(m, day)
		if err != nil {
			return Total{}, err
		}
		t.Money.Minor += c.Minor
		if !d.IsZero() {
			t.Converted = true
			if d.After(t.RateDate) {
				t.RateDate = d
			}
		}
	}
	return t, nil
}

func sumOneCurrency(r *Rates, ms []Money) (Total, error) {
	var t Total
	for i, m := range ms {
		cur := currencyOf(m)
		if i == 0 {
			t.Money.Currency = cur
		} else if cur != t.Money.Currency {
			return Total{}, r.missing(cur, Date{})
		}
		t.Money.Minor += m.Minor
	}
	if t.Money.Currency == "" {
		t.Money.Currency = DefaultCurrency
	}
	return t, nil
}

// Values converts one amount per key (an account's yearly revenue, its
// lifetime value) for comparisons across accounts such as the ABC classes.
// With no reporting currency and one currency throughout, the amounts are
// returned as they are. The Total says the latest rate date used.
func (r *Rates) Values(day Date, in map[ID]Money) (map[ID]int64, Total, error) {
	out := make(map[ID]int64, len(in))
	ms := make([]Money, 0, len(in))
	for _, m := range in {
		ms = append(ms, m)
	}
	t, err := r.Sum(day, ms...)
	if err != nil {
		return nil, Total{}, err
	}
	for id, m := range in {
		if r.Reporting == "" {
			out[id] = m.Minor
			continue
		}
		c, _, _ := r.Convert(m, day)
		out[id] = c.Minor
	}
	return out, t, nil
}

// Validate checks one rate on its own (the currency code, a positive rate
// within bounds, a date), as a file's row is checked before the table.
func (x Rate) Validate() error {
	p := problems{entity: "rate"}
	p.rate(x, "")
	return p.err()
}

// ConvertTotals adds totals kept per currency (the regional plan's) into
// one in the reporting currency, field by field, on day. Total says the
// latest rate date used; a missing rate is an error with its sentence.
func (r *Rates) ConvertTotals(ts []PlanTotals, day Date) (PlanTotals, Total, error) {
	out := PlanTotals{Currency: r.Reporting}
	var latest Total
	fields := []struct {
		dst *Money
		get func(*PlanTotals) Money
	}{
		{&out.LastYear, func(t *PlanTotals) Money { return t.LastYear }},
		{&out.Potential, func(t *PlanTotals) Money { return t.Potential }},
		{&out.Target, func(t *PlanTotals) Money { return t.Target }},
		{&out.Pipeline, func(t *PlanTotals) Money { return t.Pipeline }},
	}
	for _, f := range fields {
		ms := make([]Money, len(ts))
		for i := range ts {
			ms[i] = f.get(&ts[i])
			if ms[i].Currency == "" {
				ms[i].Currency = ts[i].Currency
			}
		}
		t, err := r.Sum(day, ms...)
		if err != nil {
			return PlanTotals{}, Total{}, err
		}
		*f.dst = t.Money
		if t.RateDate.After(latest.RateDate) {
			latest.RateDate = t.RateDate
		}
		latest.Converted = latest.Converted || t.Converted
	}
	out.Currency = out.LastYear.Currency
	latest.Money = out.Pipeline
	return out, latest, nil
}

// NeedsConverting reports whether totals kept per currency need the rates
// to be one total: more than one currency, or one that is not the
// reporting currency.
func (r *Rates) NeedsConverting(ts []PlanTotals) bool {
	return len(ts) > 1 || len(ts) == 1 && r.Reporting != "" && ts[0].Currency != r.Reporting
}
