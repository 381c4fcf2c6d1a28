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

// The account plan's open pipeline: one sum when every open opportunity is
// in the account's currency; converted with its rate date when they are
// not and rates allow; else per currency with the sentence saying where
// rates are entered — never unlike amounts added up, nor one left out.
func TestPlanPipelineConvertsOrSaysWhyNot(t *testing.T) {
	june := accounts.NewDate(2026, time.June, 1)
	rates := &accounts.Rates{Reporting: "CNY", Table: []accounts.Rate{{Currency: "USD", PerUnit: 7, ValidFrom: june}}}
	opp := func(minor int64, cur string, st accounts.OpportunityStage) accounts.Opportunity {
		return accounts.Opportunity{ID: accounts.NewID(), Product: "Line " + cur, Value: accounts.Money{Minor: minor, Currency: cur}, Stage: st}
	}
	oneCur := []accounts.Opportunity{opp(100_00, "", accounts.StageQualified), opp(50_00, "CNY", accounts.StageProposal)}
	mixed := []accounts.Opportunity{opp(100_00, "", accounts.StageQualified), opp(10_00, "USD", accounts.StageProposal), opp(999_00, "USD", accounts.StageWon)}
	cases := []struct {
		name  string
		opps  []accounts.Opportunity
		rates *accounts.Rates
		lang  string
		want  []string
		not   []string
	}{
		{"one currency", oneCur, nil, "en", []string{"Open pipeline CNY 150 "}, []string{"rates of", "several currencies"}},
		{"converted", mixed, rates, "en", []string{"Open pipeline CNY 170 ", "converted to CNY at the rates of 2026-06-01"}, []string{"1,169"}},
		{"converted zh", mixed, rates, "zh", []string{"CNY 170 ", "2026-06-01 的汇率折算为 CNY"}, nil},
		{"no rates", mixed, nil, "en", []string{"CNY 100 + USD 10 ", "several currencies"}, []string{"CNY 110"}},
		{"no rate for USD", mixed, &accounts.Rates{Reporting: "EUR"}, "zh", []string{"CNY 100 + USD 10 ", "按币种分别列出"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := richAccount(2, 2)
			f.Account.Currency = "CNY"
			f.Plan = &accounts.Plan{AccountID: f.Account.ID, Opportunities: c.opps}
			var drawn []string
			var buf bytes.Buffer
			if err := accountPlan(&buf, f, Options{Lang: c.lang, Now: testNow, Rates: c.rates}, func(s string) { drawn = append(drawn, s) }); err != nil {
				t.Fatal(err)
			}
			txt := strings.Join(strings.Fields(strings.Join(drawn, " ")), " ")
			for _, w := range c.want {
				if !strings.Contains(txt, w) {
					t.Errorf("the plan lacks %q", w)
				}
			}
			for _, w := range c.not {
				if strings.Contains(txt, w) {
					t.Errorf("the plan shows %q", w)
				}
			}
		})
	}
}
