package storage

import (
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
