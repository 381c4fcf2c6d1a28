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
