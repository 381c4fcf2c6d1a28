package documents

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"keycard/accounts"
)

// The regional plan's PDF shows the converted total with its rate date, or
// the sentence why there is none; the per-currency lines stay as entered.
func TestRegionalPlanSaysItsRates(t *testing.T) {
	needTool(t, "pdftotext")
	v := testRegionPlan(8)
	r := accounts.Rates{Reporting: "CNY", Table: []accounts.Rate{{Currency: "USD", PerUnit: 7.24, ValidFrom: accounts.NewDate(2026, time.June, 1)}}}
	conv, used, err := r.ConvertTotals(v.Totals, accounts.DateOf(testNow))
	if err != nil {
		t.Fatal(err)
	}
	v.Converted, v.RateDate = &conv, used.RateDate
	missing := testRegionPlan(8)
	_, serr := (&accounts.Rates{Reporting: "EUR"}).Sum(accounts.DateOf(testNow), accounts.Amount(1, "USD"))
	p := accounts.ErrorPhrase(serr)
	missing.RatesProblem = &p
	cases := []struct {
		name string
		v    accounts.RegionPlanView
		lang string
		want []string
	}{
		{"converted en", v, "en", []string{"= CNY", "at the rates of 2026-06-01", "USD"}},
		{"converted zh", v, "zh", []string{"= CNY", "2026-06-01 汇率"}},
		{"missing en", missing, "en", []string{"No exchange rate for USD to EUR"}},
		{"missing zh", missing, "zh", []string{"没有", "USD 兑 EUR 汇率"}},
	}
	for _, c := range cases {
		var buf bytes.Buffer
		if err := regionalPlan(&buf, c.v, Options{Lang: c.lang, Now: testNow}, nil); err != nil {
			t.Fatal(err)
		}
		txt := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
		for _, w := range c.want {
			if !strings.Contains(txt, w) {
				t.Errorf("%s lacks %q", c.name, w)
			}
		}
	}
}
