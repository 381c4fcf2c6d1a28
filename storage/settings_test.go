package storage

import (
	"strings"
	"testing"
	"time"

	"keycard/accounts"
)

func TestRatesSurviveReopenAndBadRatesChangeNothing(t *testing.T) {
	s, path := newStore(t)
	if r, err := s.Rates(); err != nil || r.Reporting != "" || len(r.Table) != 0 {
		t.Fatalf("a file without settings: %+v %v", r, err)
	}
	good := accounts.Rates{Reporting: "cny", Table: []accounts.Rate{
		{Currency: "usd", PerUnit: 7.2, ValidFrom: accounts.NewDate(2026, time.June, 1)},
		{Currency: "USD", PerUnit: 7.0, ValidFrom: accounts.NewDate(2026, time.January, 1)},
	}}
	if err := s.PutRates(good); err != nil {
		t.Fatal(err)
	}
	bad := accounts.Rates{Reporting: "CNY", Table: []accounts.Rate{{Currency: "USD", PerUnit: 0, ValidFrom: accounts.NewDate(2026, 1, 1)}}}
	if err := s.PutRates(bad); accounts.ErrorCode(err) != accounts.EINVALID {
		t.Fatalf("bad rates: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	r, err := s2.Rates()
	if err != nil || r.Reporting != "CNY" || len(r.Table) != 2 || r.Table[0].PerUnit != 7.0 || r.Table[1].Currency != "USD" {
		t.Fatalf("after reopen: %+v %v", r, err)
	}
	if err := s2.Check(); err != nil {
		t.Fatalf("check with a settings bucket: %v", err)
	}
}

// The portfolio's order is pinyin for Chinese names, case ignored for Latin.
func TestSummariesInPinyinOrder(t *testing.T) {
	s, _ := newStore(t)
	for _, n := range []string{"招商银行", "中国银行", "腾讯", "阿里巴巴", "华为", "百度", "北京银行", "zeta", "Alpha"} {
		mkAccount(t, s, n, "王芳")
	}
	sums, err := s.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range sums {
		got = append(got, x.Name)
	}
	want := []string{"Alpha", "zeta", "阿里巴巴", "百度", "北京银行", "华为", "腾讯", "招商银行", "中国银行"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("order %v, want %v", got, want)
	}
}
