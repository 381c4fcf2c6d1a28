package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"keycard/accounts"
	"keycard/storage"
)

func riskJSON(t *testing.T, args ...string) []riskRow {
	t.Helper()
	r := ctl(t, append(args, "--json")...)
	if r.code != 0 {
		t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
	}
	var rows []riskRow
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("%v --json is not a JSON array of accounts: %v", args, err)
	}
	return rows
}

func TestRiskJSONRanksWithTraceableReasons(t *testing.T) {
	db := demoDB(t)
	r := ctl(t, "--db", db, "risk", "--json")
	var raw []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil || r.code != 0 {
		t.Fatalf("exit %d, %v: %s", r.code, err, r.stderr)
	}
	if len(raw) != 30 {
		t.Fatalf("%d accounts ranked, want 30", len(raw))
	}
	for _, row := range raw {
		for _, f := range []string{"id", "name", "owner", "score", "level", "class", "clv", "reasons"} {
			if _, ok := row[f]; !ok {
				t.Fatalf("%v lacks %q", row["name"], f)
			}
		}
		for _, x := range row["reasons"].([]any) {
			for _, f := range []string{"code", "points", "text"} {
				if _, ok := x.(map[string]any)[f]; !ok {
					t.Fatalf("a reason of %v lacks %q", row["name"], f)
				}
			}
		}
	}

	rows := riskJSON(t, "--db", db, "risk")
	classes := map[accounts.ABCClass]int{}
	for i, row := range rows {
		if i > 0 && row.Score > rows[i-1].Score {
			t.Errorf("%s (%d) ranked below %s (%d)", row.Name, row.Score, rows[i-1].Name, rows[i-1].Score)
		}
		sum := 0
		for _, x := range row.Reasons {
			sum += x.Points
			if x.Code == "" || x.Text == "" || x.Points == 0 {
				t.Errorf("%s: reason %+v lacks code, text or points", row.Name, x)
			}
		}
		if sum != row.Score {
			t.Errorf("%s: score %d, its reasons add up to %d", row.Name, row.Score, sum)
		}
		if row.Score < 0 || row.Score > 100 || row.Level != accounts.RiskLevelOf(row.Score) {
			t.Errorf("%s: score %d with level %s", row.Name, row.Score, row.Level)
		}
		if !row.Class.Valid() || row.CLV.Minor <= 0 || row.CLV.Currency == "" {
			t.Errorf("%s: class %q, CLV %v", row.Name, row.Class, row.CLV)
		}
		classes[row.Class]++
	}
	if classes[accounts.ClassA] == 0 || classes[accounts.ClassC] == 0 {
		t.Errorf("the demo portfolio's classes are %v; want A and C accounts", classes)
	}
	if rows[0].Score < 50 || rows[len(rows)-1].Score >= rows[0].Score {
		t.Errorf("the demo's struggling accounts do not stand out: top %d, bottom %d", rows[0].Score, rows[len(rows)-1].Score)
	}
}

func TestRiskFilters(t *testing.T) {
	db := demoDB(t)
	all := riskJSON(t, "--db", db, "risk")
	class := map[accounts.ID]accounts.ABCClass{}
	for _, r := range all {
		class[r.ID] = r.Class
	}
	var list []listRow
	json.Unmarshal([]byte(ctl(t, "--db", db, "list", "--owner", "王芳", "--json").stdout), &list)
	mine := riskJSON(t, "--db", db, "risk", "--owner", "王芳")
	if len(mine) == 0 || len(mine) != len(list) {
		t.Fatalf("--owner 王芳 ranks %d accounts, the list has %d", len(mine), len(list))
	}
	for _, r := range mine {
		if r.Owner != "王芳" {
			t.Errorf("--owner 王芳 ranks %s of %s", r.Name, r.Owner)
		}
		// The class is a share of the whole portfolio, not of the filtered part.
		if r.Class != class[r.ID] {
			t.Errorf("%s is class %s filtered, %s unfiltered", r.Name, r.Class, class[r.ID])
		}
	}
	strategic := riskJSON(t, "--db", db, "risk", "--tier", "Strategic", "--owner", "Li Wei")
	if len(strategic) == 0 {
		t.Fatal("Li Wei has no strategic accounts in the demo")
	}
	for _, r := range strategic {
		if r.Tier != accounts.TierStrategic || r.Owner != "Li Wei" {
			t.Errorf("--tier strategic --owner 'Li Wei' ranks %s (%s, %s)", r.Name, r.Tier, r.Owner)
		}
	}
	if out := strings.TrimSpace(ctl(t, "--db", db, "risk", "--owner", "Nobody", "--json").stdout); out != "[]" {
		t.Errorf("no matches printed %q, want []", out)
	}
	if r := ctl(t, "--db", db, "risk", "--owner", "Nobody"); r.code != 0 || !strings.Contains(r.stdout, "Nobody owns no accounts") {
		t.Errorf("no matches: exit %d, %q", r.code, r.stdout)
	}
	ctl(t, "--db", db, "risk", "--tier", "gold").oneLine(t, 2, `"gold" is not a tier`)
	ctl(t, "--db", db, "risk", "--today", "23.11.2026").oneLine(t, 2, "YYYY-MM-DD")
	ctl(t, "--db", db, "risk", "--lang", "fr").oneLine(t, 2, "choose en or zh")
}

func TestRiskTodayIsReproducible(t *testing.T) {
	db := demoDB(t)
	a := ctl(t, "--db", db, "risk", "--today", "2027-01-15", "--json").stdout
	b := ctl(t, "--db", db, "risk", "--json", "--today", "2027-01-15").stdout
	if a != b || a == "" {
		t.Fatal("two runs for the same day differ")
	}
	// Months later without a visit, the cadence signal is at its maximum.
	late := riskJSON(t, "--db", db, "risk", "--today", "2028-06-01")
	for _, r := range late {
		found := false
		for _, x := range r.Reasons {
			found = found || (x.Code == accounts.SignalNoVisitInCadence && strings.Contains(x.Text, "last"))
		}
		if !found {
			t.Errorf("%s on 2028-06-01: no %s reason in %+v", r.Name, accounts.SignalNoVisitInCadence, r.Reasons)
		}
	}
}

func TestRiskTable(t *testing.T) {
	db := demoDB(t)
	rows := riskJSON(t, "--db", db, "risk", "--owner", "Tom Becker")
	r := ctl(t, "--db", db, "risk", "--owner", "Tom Becker")
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	if r.code != 0 || !strings.HasPrefix(lines[0], "SCORE") || !strings.Contains(lines[0], "TOP REASONS") {
		t.Fatalf("exit %d:\n%s", r.code, r.stdout)
	}
	// One line per account and one more for a second reason.
	want := 1
	for _, row := range rows {
		want += max(1, min(2, len(row.Reasons)))
	}
	if len(lines) != want {
		t.Errorf("%d lines, want %d:\n%s", len(lines), want, r.stdout)
	}
	top := rows[0]
	if !strings.Contains(lines[1], top.Name) || !strings.Contains(lines[1], top.Reasons[0].Text[:20]) {
		t.Errorf("first row is not %s with its top reason:\n%s", top.Name, r.stdout)
	}

	zh := ctl(t, "--db", db, "risk", "--owner", "Tom Becker", "--lang", "zh")
	if zh.code != 0 || !strings.HasPrefix(zh.stdout, "得分") || !strings.Contains(zh.stdout, "+"+itoa(top.Reasons[0].Points)+"：") {
		t.Fatalf("--lang zh:\n%s", zh.stdout)
	}
	zrows := riskJSON(t, "--db", db, "risk", "--owner", "Tom Becker", "--lang", "zh")
	if !hasHan(zrows[0].Reasons[0].Text) || zrows[0].Reasons[0].Code != top.Reasons[0].Code {
		t.Errorf("--lang zh reason %+v, want the same code in Chinese", zrows[0].Reasons[0])
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// BenchmarkRiskDemo ranks the 30-account demo portfolio as keycardctl risk
// does: every account loaded, scored, valued and classed.
func BenchmarkRiskDemo(b *testing.B) {
	db := filepath.Join(b.TempDir(), "keycard.db")
	b.Setenv(storage.EnvDB, "")
	var out, errb bytes.Buffer
	if run([]string{"--db", db, "demo"}, &out, &errb) != 0 {
		b.Fatal(errb.String())
	}
	s, err := storage.Open(db, storage.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	today := accounts.DateOf(time.Now())
	b.ResetTimer()
	for b.Loop() {
		rows, err := rankRisk(s, "", "", today, "en")
		if err != nil || len(rows) != 30 {
			b.Fatal(len(rows), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/30, "µs/account")
}
