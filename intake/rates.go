package intake

import (
	"io"
	"strconv"
	"strings"

	"keycard/accounts"
)

// Exchange rates come as a small CSV kept by finance or copied from a
// bank's page: currency, rate (units of the reporting currency for one unit
// of the currency) and the day the rate is valid from.

const (
	colRate = "rate"
	colDate = "date"
)

var rateHeaders = map[string]string{
	"currency": colCurrency, "currencycode": colCurrency, "code": colCurrency, "币种": colCurrency, "货币": colCurrency, "货币代码": colCurrency,
	"rate": colRate, "exchangerate": colRate, "fxrate": colRate, "汇率": colRate, "兑换率": colRate,
	"date": colDate, "validfrom": colDate, "from": colDate, "effectivedate": colDate, "ratedate": colDate,
	"日期": colDate, "生效日期": colDate, "起始日期": colDate,
}

// ReadRatesCSV reads exchange rates. A row with a bad currency, rate or
// date is left out with its reasons; a second row of the same currency and
// day is left out as a duplicate.
func ReadRatesCSV(r io.Reader) (Result[accounts.Rate], error) {
	text, assumed, err := readText(r, "rates")
	if err != nil {
		return Result[accounts.Rate]{}, err
	}
	res, err := guarded("rates", func(dl *deadline) (Result[accounts.Rate], error) {
		return readRates(text, dl)
	})
	if err == nil {
		res.assumedCharset(assumed)
	}
	return res, err
}

func readRates(text string, dl *deadline) (Result[accounts.Rate], error) {
	var res Result[accounts.Rate]
	t, err := readTable(text, "rates", rateHeaders, dl)
	if err != nil {
		return res, err
	}
	res.Ignored = t.ignored
	if !t.has(colCurrency) || !t.has(colRate) || !t.has(colDate) {
		return res, accounts.Errorf(accounts.EINVALID, "intake.rates.columns")
	}
	res.Problems = append(res.Problems, t.bad...)
	seen := map[string]int{}
	for i, rec := range t.rows {
		if dl.over() {
			return Result[accounts.Rate]{}, tooSlow("rates")
		}
		row := t.rowNums[i]
		x, ok := rateFromRow(t, rec, row, &res)
		if !ok {
			continue
		}
		key := x.Currency + "/" + x.ValidFrom.String()
		if first, dup := seen[key]; dup {
			res.problem(row, "date", accounts.Say("intake.rates.duplicate", "Currency", x.Currency, "Date", x.ValidFrom.String(), "Row", first), false)
			continue
		}
		seen[key] = row
		res.add(x, row, "")
	}
	return res, nil
}

func rateFromRow(t *table, rec []string, row int, res *Result[accounts.Rate]) (accounts.Rate, bool) {
	x := accounts.Rate{Currency: strings.ToUpper(t.get(rec, colCurrency))}
	s := strings.ReplaceAll(t.get(rec, colRate), ",", "")
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		res.problem(row, "rate", accounts.Say("intake.rates.bad_rate", "Value", t.get(rec, colRate)), false)
		return x, false
	}
	x.PerUnit = v
	d, err := accounts.ParseDate(t.get(rec, colDate))
	if err != nil {
		res.problem(row, "date", accounts.Say("intake.rates.bad_date", "Value", t.get(rec, colDate)), false)
		return x, false
	}
	x.ValidFrom = d
	if err := x.Validate(); err != nil {
		res.invalid(row, err)
		return x, false
	}
	return x, true
}
