package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keycard/accounts"
)

// thisWeek is the ISO week of the commands' clock, the demo's day.
func thisWeek() string { return accounts.ISOWeekOf(accounts.DateOf(clock())).String() }

func TestRoutePrintsTheWeekAsText(t *testing.T) {
	db := demoDB(t)
	r := ctl(t, "--db", db, "route", "--owner", "Li Wei", "--week", thisWeek())
	if r.code != 0 || !strings.Contains(r.stdout, "Visit route of Li Wei, week "+thisWeek()) ||
		!strings.Contains(r.stdout, "Monday") || !strings.Contains(r.stdout, "Friday") || !strings.Contains(r.stdout, "[华") {
		t.Fatalf("exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	zh := ctlIn(t, "zh_CN.UTF-8", "--db", db, "route", "--owner", "王芳", "--week", thisWeek())
	if zh.code != 0 || !strings.Contains(zh.stdout, "王芳 的拜访路线") || !strings.Contains(zh.stdout, "周一") {
		t.Fatalf("zh: exit %d:\n%s%s", zh.code, zh.stdout, zh.stderr)
	}
}

// Both PDFs are written, to a file or into a folder under their usual
// names, whole, in either language.
func TestRouteAndRegionPlanWritePDFs(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	week := filepath.Join(dir, "week.pdf")
	r := ctl(t, "--db", db, "route", "--owner", "王芳", "--week", thisWeek(), "-o", week, "--lang", "zh")
	if r.code != 0 || strings.TrimSpace(r.stdout) != week {
		t.Fatalf("route -o: exit %d, %q: %s", r.code, r.stdout, r.stderr)
	}
	if info := checkPDF(t, week); info != "" && !strings.Contains(info, "Pages:           1") {
		t.Errorf("the weekly plan is not one page:\n%s", info)
	}
	sub := filepath.Join(dir, "plans") + string(os.PathSeparator)
	r = ctl(t, "--db", db, "region-plan", "--region", "华东", "--year", "2027", "-o", sub)
	want := filepath.Join(sub, "region-plan-华东-2027.pdf")
	if r.code != 0 || strings.TrimSpace(r.stdout) != want {
		t.Fatalf("region-plan -o DIR: exit %d, %q, want %q: %s", r.code, r.stdout, want, r.stderr)
	}
	if info := checkPDF(t, want); info != "" && !strings.Contains(info, "华东") {
		t.Errorf("the regional plan's title does not name the region:\n%s", info)
	}
	noLeftovers(t, dir)
}

// Bad input gets one translated sentence and exit 2, and nothing is
// written.
func TestRouteAndRegionPlanRefuseBadInput(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "x.pdf")
	for _, c := range []struct {
		loc  string
		args []string
		want string
	}{
		{"en_US.UTF-8", []string{"route", "--owner", "Li Wei", "--week", "2026-W60", "-o", out}, "is not a week"},
		{"zh_CN.UTF-8", []string{"route", "--owner", "Li Wei", "--week", "last week", "-o", out}, "不是有效的周"},
		{"en_US.UTF-8", []string{"route", "--owner", "Nobody", "--week", "2026-W49", "-o", out}, "No account belongs to “Nobody”"},
		{"en_US.UTF-8", []string{"region-plan", "--region", "Mars", "--year", "2027", "-o", out}, "the regions are: Asia Pacific"},
		{"zh_CN.UTF-8", []string{"region-plan", "--region", "华东", "--year", "1999", "-o", out}, "不是可计划的年份"},
		{"en_US.UTF-8", []string{"region-plan", "--region", "华东", "--year", "2027", "-o", out, "--lang", "fr"}, "choose en or zh"},
	} {
		r := ctlIn(t, c.loc, append([]string{"--db", db}, c.args...)...)
		r.oneLine(t, 2, c.want)
		if !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: %q lacks %q", c.args, r.stderr, c.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("%v: a file was written", c.args)
		}
	}
	r := ctl(t, "--db", db, "region-plan", "--region", "华东")
	if r.code != 2 {
		t.Errorf("region-plan without --year and -o: exit %d", r.code)
	}
}

func TestListJSONHasCompleteness(t *testing.T) {
	db := demoDB(t)
	var rows []map[string]any
	if err := json.Unmarshal([]byte(ctl(t, "--db", db, "list", "--json").stdout), &rows); err != nil || len(rows) != 30 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	for _, row := range rows {
		for _, k := range []string{"id", "name", "owner", "tier", "stage", "last_visit", "next_follow_up", "risk", "completeness", "missing"} {
			if _, ok := row[k]; !ok {
				t.Fatalf("row %v lacks %q", row["name"], k)
			}
		}
		score := row["completeness"].(float64)
		missing, _ := row["missing"].([]any)
		if score < 0 || score > 100 || (score == 100) != (len(missing) == 0) {
			t.Errorf("%v: completeness %v with missing %v", row["name"], score, missing)
		}
		for _, m := range missing {
			if !accounts.CardItem(m.(string)).Valid() {
				t.Errorf("%v: missing item %q is no card item", row["name"], m)
			}
		}
	}
}
