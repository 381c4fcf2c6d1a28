package book

import (
	"io"
	"slices"

	"keycard/accounts"
	"keycard/intake"
)

// The reporting currency and the exchange rates: read and saved as one
// setting of the database, entered in Settings → Exchange rates or imported
// from a CSV. Saving them moves portfolio-wide figures (the ABC classes
// and value ranks compare converted amounts), so the change asks for a full
// rescore.

// Rates is the reporting currency and the table of rates.
func (b *Book) Rates() (accounts.Rates, error) { return b.st().Rates() }

// SaveRates replaces the reporting currency and the rates; invalid ones
// change nothing and say why.
func (b *Book) SaveRates(src Source, r accounts.Rates) (Change, error) {
	if err := b.st().PutRates(r); err != nil {
		return Change{}, err
	}
	return b.publish(Change{Source: src, Portfolio: true}), nil
}

// Sum adds amounts on the book's day with the stored rates (see
// accounts.Rates.Sum): a total that says its rate date, or a sentence.
func (b *Book) Sum(ms ...accounts.Money) (accounts.Total, error) {
	r, err := b.st().Rates()
	if err != nil {
		return accounts.Total{}, err
	}
	return r.Sum(b.Today(), ms...)
}

// RatesPlan is what an import of rates would do.
type RatesPlan struct {
	Read    intake.Result[accounts.Rate]
	Add     []accounts.Rate // currency and day not in the table yet
	Replace []accounts.Rate // currency and day in the table with another rate
	Same    []accounts.Rate // already in the table as they are
}

// PlanRates reads a rates CSV and compares it with the stored table,
// writing nothing.
func (b *Book) PlanRates(r io.Reader) (RatesPlan, error) {
	cur, err := b.st().Rates()
	if err != nil {
		return RatesPlan{}, err
	}
	return PlanRatesAgainst(r, cur)
}

// PlanRatesAgainst reads a rates CSV and compares it with cur (the table
// the rates window holds, edits included).
func PlanRatesAgainst(r io.Reader, cur accounts.Rates) (RatesPlan, error) {
	res, err := intake.ReadRatesCSV(r)
	if err != nil {
		return RatesPlan{}, err
	}
	p := RatesPlan{Read: res}
	for _, x := range res.Records {
		switch old, ok := rateOf(cur, x); {
		case !ok:
			p.Add = append(p.Add, x)
		case old.PerUnit != x.PerUnit:
			p.Replace = append(p.Replace, x)
		default:
			p.Same = append(p.Same, x)
		}
	}
	return p, nil
}

// Apply is r with the plan's new rates added and changed ones replaced;
// without a reporting currency it takes the default one, the currency a
// file of rates is read against.
func (p RatesPlan) Apply(r accounts.Rates) accounts.Rates {
	r.Table = slices.Clone(r.Table)
	for _, x := range p.Replace {
		for i := range r.Table {
			if r.Table[i].Currency == x.Currency && r.Table[i].ValidFrom == x.ValidFrom {
				r.Table[i].PerUnit = x.PerUnit
			}
		}
	}
	r.Table = append(r.Table, p.Add...)
	if r.Reporting == "" {
		r.Reporting = accounts.DefaultCurrency
	}
	r.Normalize()
	return r
}

// rateOf is the table's rate of x's currency and day.
func rateOf(r accounts.Rates, x accounts.Rate) (accounts.Rate, bool) {
	for _, y := range r.Table {
		if y.Currency == x.Currency && y.ValidFrom == x.ValidFrom {
			return y, true
		}
	}
	return accounts.Rate{}, false
}

// ImportRates adds the plan's new rates and replaces the changed ones in
// one write; a plan with nothing to do writes nothing, so importing the
// same file twice adds nothing. A rate of the reporting currency itself is
// refused with the table's sentence and nothing is written.
func (b *Book) ImportRates(src Source, p RatesPlan) (Change, error) {
	if len(p.Add) == 0 && len(p.Replace) == 0 {
		return Change{}, nil
	}
	r, err := b.st().Rates()
	if err != nil {
		return Change{}, err
	}
	src.Origin = Import
	return b.SaveRates(src, p.Apply(r))
}

// Convert gives m in the reporting currency with the rates the board was
// classed with, on the board's day, and the rate date used; m itself (and
// the zero date) when no reporting currency is set or m is already in it.
func (bd *Board) Convert(m accounts.Money) (accounts.Money, accounts.Date, error) {
	if bd == nil || bd.table.Reporting == "" {
		return m, accounts.Date{}, nil
	}
	return bd.table.Convert(m, bd.Day)
}
