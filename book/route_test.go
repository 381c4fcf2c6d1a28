package book

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"keycard/accounts"
	"keycard/storage"
)

// demoBook is a book holding the demo portfolio of the test day.
func demoBook(t testing.TB) *Book {
	t.Helper()
	b, err := Open(filepath.Join(t.TempDir(), "keycard.db"), Options{Now: func() time.Time { return t0 }}, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	if _, err := b.LoadDemo(CLI); err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWeekRouteOfADemoOwner(t *testing.T) {
	b := demoBook(t)
	week := accounts.ISOWeekOf(b.Today())
	r, err := b.WeekRoute("  li wei ", week) // case and space do not matter
	if err != nil {
		t.Fatal(err)
	}
	if r.Owner != "Li Wei" || r.Week != week || len(r.Days) != 5 {
		t.Fatalf("route %+v", r)
	}
	cities := map[string]bool{}
	n := len(r.NotPlaced)
	for _, d := range r.Days {
		for _, s := range d.Stops {
			n++
			cities[s.City] = true
			a, err := b.Account(s.AccountID)
			if err != nil || a.Owner != "Li Wei" || a.Stage == accounts.StageExit {
				t.Errorf("stop %s: %v, owner %q", s.Name, err, a.Owner)
			}
		}
	}
	if n == 0 || len(cities) < 2 {
		t.Errorf("%d stops in cities %v: the demo owner's week should have visits in several cities", n, cities)
	}
	_, err = b.WeekRoute("Nobody", week)
	var ae *accounts.Error
	if !errors.As(err, &ae) || ae.Code != accounts.ENOTFOUND || !strings.Contains(ae.Msg.Key, "unknown_owner") {
		t.Errorf("unknown owner: %v", err)
	}
}

func TestRegionPlanOfTheDemo(t *testing.T) {
	b := demoBook(t)
	regions := b.Regions()
	if len(regions) < 5 || regions[0] > regions[len(regions)-1] {
		t.Fatalf("regions %v", regions)
	}
	v, err := b.RegionPlan("华东", 2027)
	if err != nil {
		t.Fatal(err)
	}
	if v.Region != "华东" || v.Year != 2027 || len(v.Rows) < 4 || len(v.Owners) < 2 || len(v.Totals) == 0 {
		t.Fatalf("plan %+v", v)
	}
	for _, r := range v.Rows {
		a, _ := b.Account(r.AccountID)
		if a.Region != "华东" || a.Stage == accounts.StageExit {
			t.Errorf("%s (region %s, stage %s) in the plan of 华东", a.Name, a.Region, a.Stage)
		}
	}
	if v, err := b.RegionPlan(" europe ", 2027); err != nil || v.Region != "Europe" {
		t.Errorf("region ignoring case: %q, %v", v.Region, err)
	}
	for _, bad := range []struct {
		region string
		year   int
		code   string
	}{{"Atlantis", 2027, accounts.ENOTFOUND}, {"", 2027, accounts.ENOTFOUND}, {"华东", 1999, accounts.EINVALID}, {"华东", 2101, accounts.EINVALID}} {
		_, err := b.RegionPlan(bad.region, bad.year)
		var ae *accounts.Error
		if !errors.As(err, &ae) || ae.Code != bad.code {
			t.Errorf("RegionPlan(%q, %d): %v, want code %s", bad.region, bad.year, err, bad.code)
		}
	}
}

// The regional plan scores risk from the risk input as the risk board
// does: the same level and score for every account.
func TestRegionPlanRiskIsTheBoards(t *testing.T) {
	b := demoBook(t)
	board, err := b.Board(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	v, err := b.RegionPlan("华南", 2027)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range v.Rows {
		if e := board.Get(r.AccountID); e == nil || e.Score.Score != r.RiskScore {
			t.Errorf("%s: plan says %d, board %+v", r.Name, r.RiskScore, e)
		}
	}
}

func TestExportWeekAndRegionPlans(t *testing.T) {
	b := demoBook(t)
	r, err := b.WeekRoute("王芳", accounts.ISOWeekOf(b.Today()))
	if err != nil {
		t.Fatal(err)
	}
	v, err := b.RegionPlan("华东", 2027)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, lang := range []string{"en", "zh"} {
		wp := filepath.Join(dir, lang+"-"+WeekPlanFileName(r))
		rp := filepath.Join(dir, lang+"-"+RegionPlanFileName(v))
		if err := b.ExportWeekPlan(r, lang, wp); err != nil {
			t.Fatal(err)
		}
		if err := b.ExportRegionPlan(v, lang, rp); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{wp, rp} {
			fi, err := os.Stat(p)
			if err != nil || fi.Size() < 1000 || fi.Mode().Perm() != 0o600 {
				t.Errorf("%s: %v, %v", p, err, fi)
			}
		}
		if out := os.Getenv("KEYCARD_DOCS_OUT"); out != "" {
			copyFile(t, wp, filepath.Join(out, "week-"+lang+".pdf"))
			copyFile(t, rp, filepath.Join(out, "region-"+lang+".pdf"))
		}
	}
	if WeekPlanFileName(r) != "route-王芳-"+r.Week.String()+".pdf" || RegionPlanFileName(v) != "region-plan-华东-2027.pdf" {
		t.Errorf("file names %q, %q", WeekPlanFileName(r), RegionPlanFileName(v))
	}
	// A bad language writes nothing, nor replaces what was there.
	p := filepath.Join(dir, "kept.pdf")
	os.WriteFile(p, []byte("old"), 0o600)
	if err := b.ExportWeekPlan(r, "fr", p); err == nil {
		t.Error("a plan in French was printed")
	}
	if got, _ := os.ReadFile(p); string(got) != "old" {
		t.Errorf("a failed export replaced the file: %q", got)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return
	}
	txt, _ := exec.Command("pdftotext", "-enc", "UTF-8", filepath.Join(dir, "zh-"+RegionPlanFileName(v)), "-").Output()
	for _, want := range []string{"年度区域销售计划", "华东", "王芳", "小计"} {
		if !strings.Contains(string(txt), want) {
			t.Errorf("Chinese regional plan lacks %q", want)
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err == nil {
		err = os.WriteFile(to, b, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// The route read from the risk input (visit texts only where a follow-up
// needs them) is the route of the accounts loaded whole, week after week
// through a year, for every owner.
func TestWeekRouteReadsWhatTheRulesNeed(t *testing.T) {
	b := demoBook(t)
	owners, _ := b.Owners()
	for _, owner := range owners {
		sums, _ := b.SummariesByOwner(owner)
		var full []*accounts.AccountData
		for _, s := range sums {
			d, err := b.LoadAccount(s.ID)
			if err != nil {
				t.Fatal(err)
			}
			full = append(full, d)
		}
		w := accounts.ISOWeekOf(b.Today().AddDays(-70))
		for i := 0; i < 52; i++ {
			week := accounts.ISOWeekOf(w.Monday().AddDays(7 * i))
			got, err := b.WeekRoute(owner, week)
			if err != nil {
				t.Fatal(err)
			}
			if want := accounts.WeekRoute(full, owner, week, b.Today()); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s, %s: the route differs from the one of the whole accounts\n got %+v\nwant %+v", owner, week, got, want)
			}
		}
	}
}
