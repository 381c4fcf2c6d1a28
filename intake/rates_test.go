package intake

import (
	"os"
	"strings"
	"testing"
	"time"

	"keycard/accounts"
)

func TestReadRatesCSV(t *testing.T) {
	f, err := os.Open("testdata/rates.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := ReadRatesCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	want := []accounts.Rate{
		{Currency: "USD", PerUnit: 7.10, ValidFrom: accounts.NewDate(2026, time.January, 1)},
		{Currency: "USD", PerUnit: 7.24, ValidFrom: accounts.NewDate(2026, time.June, 1)},
		{Currency: "EUR", PerUnit: 7.85, ValidFrom: accounts.NewDate(2026, time.March, 15)},
		{Currency: "HKD", PerUnit: 0.92, ValidFrom: accounts.NewDate(2026, time.January, 1)},
	}
	if len(res.Records) != len(want) {
		t.Fatalf("records %+v problems %v", res.Records, res.Problems)
	}
	for i := range want {
		if res.Records[i] != want[i] {
			t.Errorf("record %d = %+v, want %+v", i, res.Records[i], want[i])
		}
	}
	rows := map[int]bool{}
	for _, p := range res.Problems {
		rows[p.Row] = true
	}
	if !rows[6] || !rows[7] || !rows[8] || len(res.Problems) != 3 {
		t.Errorf("problems %v: want rows 6 (bad rate), 7 (no date), 8 (duplicate)", res.Problems)
	}
	if _, err := ReadRatesCSV(strings.NewReader("name,value\nx,1\n")); accounts.ErrorCode(err) != accounts.EINVALID {
		t.Errorf("a file without the columns: %v", err)
	}
}
