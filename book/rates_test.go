package book

import (
	"strings"
	"testing"
	"time"

	"keycard/accounts"
)

func mkBilled(t *testing.T, b *Book, name, cur string, major float64) accounts.Account {
	t.Helper()
	a := accounts.Account{Name: name, Owner: "Li Wei", Tier: accounts.TierKey, Stage: accounts.StageGrowth, Currency: cur,
		Revenue: []accounts.RevenueEntry{{Period: "2025", Amount: accounts.Amount(major, cur)}}}
	if _, err := b.CreateAccount(CLI, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// The ABC classes compare converted amounts once rates are set: USD 1,000
// is worth more than CNY 5,000 at 7.2, though its minor units are fewer.
func TestBoardClassesCompareConvertedAmounts(t *testing.T) {
	b := newBook(t, Options{})
	us := mkBilled(t, b, "Boston Dynamics", "USD", 1000)
	cn := mkBilled(t, b, "北京银行", "CNY", 5000)
	for i := range 4 {
		mkBilled(t, b, "小客户"+strings.Repeat("甲", i+1), "CNY", 10)
	}
	board, err := b.Board(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if board.RatesErr == nil {
		t.Fatal("mixed currencies without rates: want a sentence on the board")
	}
	if reps := board.Balances(""); len(reps) != 1 || reps[0].Converted != nil || reps[0].RatesProblem == nil {
		t.Fatalf("balances without rates: %+v", reps)
	}
	if board.Get(cn.ID).Class != accounts.ClassA { // 500,000 minor units against 100,000
		t.Fatalf("as recorded: %v %v", board.Get(us.ID).Class, board.Get(cn.ID).Class)
	}
	rates := accounts.Rates{Reporting: "CNY", Table: []accounts.Rate{
		{Currency: "USD", PerUnit: 6.5, ValidFrom: accounts.NewDate(2025, time.January, 1)},
		{Currency: "USD", PerUnit: 7.2, ValidFrom: accounts.NewDate(2026, time.June, 1)},
		{Currency: "USD", PerUnit: 9.9, ValidFrom: accounts.NewDate(2027, time.January, 1)}, // not yet valid
	}}
	ch, err := b.SaveRates(CLI, rates)
	if err != nil || !ch.Portfolio {
		t.Fatalf("save: %v %+v", err, ch)
	}
	board, err = b.Board(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if board.RatesErr != nil || board.Rates.RateDate != accounts.NewDate(2026, time.June, 1) || board.Rates.Money.Currency != "CNY" {
		t.Fatalf("rates on the board: %+v %v", board.Rates, board.RatesErr)
	}
	if board.Get(us.ID).Class != accounts.ClassA {
		t.Fatalf("converted: USD account class %v, want A", board.Get(us.ID).Class)
	}
	if board.Get(us.ID).CLV.Yearly != 100000 {
		t.Fatalf("the account's own amounts stay as entered: %d", board.Get(us.ID).CLV.Yearly)
	}
	// The rep's sales against collections add up in the reporting currency.
	reps := board.Balances("")
	if len(reps) != 1 || reps[0].Converted == nil || reps[0].RateDate != accounts.NewDate(2026, time.June, 1) ||
		reps[0].Converted.Revenue != accounts.Amount(1000*7.2+5000+4*10, "CNY") {
		t.Fatalf("balances %+v", reps)
	}
}

func TestImportRatesTwiceAddsNothing(t *testing.T) {
	b := newBook(t, Options{})
	if _, err := b.SaveRates(CLI, accounts.Rates{Reporting: "CNY"}); err != nil {
		t.Fatal(err)
	}
	file := "currency,rate,date\nUSD,7.2,2026-06-01\nEUR,7.8,2026-06-01\nGBP,x,2026-06-01\n"
	p, err := b.PlanRates(strings.NewReader(file))
	if err != nil || len(p.Add) != 2 || p.Read.Skipped() != 1 {
		t.Fatalf("plan %+v %v", p, err)
	}
	if r, _ := b.Rates(); len(r.Table) != 0 {
		t.Fatal("a plan wrote")
	}
	if _, err := b.ImportRates(CLI, p); err != nil {
		t.Fatal(err)
	}
	p, err = b.PlanRates(strings.NewReader(file))
	if err != nil || len(p.Add) != 0 || len(p.Replace) != 0 || len(p.Same) != 2 {
		t.Fatalf("second plan %+v %v", p, err)
	}
	if ch, err := b.ImportRates(CLI, p); err != nil || !ch.Empty() {
		t.Fatalf("second import %+v %v", ch, err)
	}
	p, _ = b.PlanRates(strings.NewReader("currency,rate,date\nUSD,7.3,2026-06-01\nCNY,1,2026-06-01\n"))
	if len(p.Replace) != 1 || len(p.Add) != 1 {
		t.Fatalf("changed plan %+v", p)
	}
	if _, err := b.ImportRates(CLI, p); accounts.ErrorCode(err) != accounts.EINVALID {
		t.Fatalf("a rate of the reporting currency: %v", err)
	}
	if r, _ := b.Rates(); len(r.Table) != 2 || r.Table[1].PerUnit != 7.2 {
		t.Fatalf("a refused import changed the table: %+v", r)
	}
}

// The regional plan adds its per-currency totals into one in the reporting
// currency with the rate date, or says which rate is missing.
func TestRegionPlanConvertedTotal(t *testing.T) {
	b := newBook(t, Options{})
	for _, x := range []struct{ name, cur string }{{"华为", "CNY"}, {"Boston Dynamics", "USD"}} {
		a := accounts.Account{Name: x.name, Owner: "王芳", Region: "华东", Tier: accounts.TierKey, Stage: accounts.StageGrowth, Currency: x.cur,
			Potential: accounts.Amount(1000, x.cur), Revenue: []accounts.RevenueEntry{{Period: "2025", Amount: accounts.Amount(100, x.cur)}}}
		if _, err := b.CreateAccount(CLI, &a); err != nil {
			t.Fatal(err)
		}
	}
	v, err := b.RegionPlan("华东", 2026)
	if err != nil || v.Converted != nil || v.RatesProblem == nil || v.RatesProblem.Key != "rates.error.noreporting" {
		t.Fatalf("no rates: %+v %v", v, err)
	}
	if _, err := b.SaveRates(CLI, accounts.Rates{Reporting: "CNY", Table: []accounts.Rate{
		{Currency: "USD", PerUnit: 7, ValidFrom: accounts.NewDate(2025, time.January, 1)},
		{Currency: "USD", PerUnit: 7.2, ValidFrom: accounts.NewDate(2026, time.June, 1)},
	}}); err != nil {
		t.Fatal(err)
	}
	v, err = b.RegionPlan("华东", 2026)
	if err != nil || v.Converted == nil || v.RatesProblem != nil {
		t.Fatalf("with rates: %+v %v", v, err)
	}
	if v.Converted.Potential != accounts.Amount(1000+7200, "CNY") || v.RateDate != accounts.NewDate(2026, time.June, 1) {
		t.Fatalf("converted %+v at %v", v.Converted, v.RateDate)
	}
	for _, tot := range v.Totals {
		if tot.Currency == "USD" && tot.Potential != accounts.Amount(1000, "USD") {
			t.Fatalf("the USD line changed: %+v", tot)
		}
	}
}

func TestRegionPlanInPinyinOrder(t *testing.T) {
	b := newBook(t, Options{})
	for _, x := range [][2]string{{"中国银行", "王芳"}, {"阿里巴巴", "王芳"}, {"招商银行", "李娜"}, {"百度", "李娜"}} {
		a := accounts.Account{Name: x[0], Owner: x[1], Region: "华北", Tier: accounts.TierKey, Stage: accounts.StageGrowth}
		if _, err := b.CreateAccount(CLI, &a); err != nil {
			t.Fatal(err)
		}
	}
	v, err := b.RegionPlan("华北", 2026)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range v.Rows {
		got = append(got, r.Owner+":"+r.Name)
	}
	if want := "李娜:百度 李娜:招商银行 王芳:阿里巴巴 王芳:中国银行"; strings.Join(got, " ") != want {
		t.Fatalf("order %v, want %s", got, want)
	}
}
