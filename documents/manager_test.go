package documents

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"keycard/accounts"
	"keycard/assets"
)

// testRoute is a week with stops in two regions, a free day and stops
// that did not fit.
func testRoute(perDay int) accounts.Route {
	week := accounts.ISOWeekOf(accounts.DateOf(testNow))
	r := accounts.Route{Owner: "王芳", Week: week}
	cities := [][2]string{{"华东", "上海"}, {"华东", "杭州"}, {"华南", "深圳"}, {"华南", "广州"}}
	for i := 0; i < accounts.RouteWorkDays; i++ {
		day := accounts.RouteDay{Date: week.Monday().AddDays(i)}
		for j := 0; j < perDay && i != 2; j++ { // Wednesday is free
			c := cities[(i+j)%len(cities)]
			day.Stops = append(day.Stops, accounts.RouteStop{
				AccountID: accounts.ID(fmt.Sprintf("a%d%d", i, j)), Name: fmt.Sprintf("华东精密制造 %d-%d", i, j),
				Region: c[0], City: c[1], OverdueDays: 12,
				Reasons: []accounts.Phrase{
					accounts.Say("route.reason.overdue", "Days", 12, "Due", day.Date.AddDays(-12)),
					accounts.Say("route.reason.follow_up", "Text", "发送报价单 Send the quote", "Due", day.Date),
				},
			})
		}
		r.Days = append(r.Days, day)
	}
	r.NotPlaced = []accounts.RouteStop{{AccountID: "np", Name: "Nordlicht Logistics", Region: "Europe", City: "Hamburg",
		Reasons: []accounts.Phrase{accounts.Say("route.reason.renewal", "Date", accounts.DateOf(testNow).AddDays(9))}}}
	return r
}

// testRegionPlan is a region with n accounts of three owners in two
// currencies.
func testRegionPlan(n int) accounts.RegionPlanView {
	var data []*accounts.AccountData
	owners := []string{"Li Wei", "王芳", "Sarah Chen"}
	for i := 0; i < n; i++ {
		cur := "CNY"
		if i%4 == 3 {
			cur = "USD"
		}
		a := accounts.Account{Meta: accounts.Meta{ID: accounts.ID(fmt.Sprintf("acct-%03d", i))}, Name: fmt.Sprintf("长江汽车零部件 %03d", i),
			Owner: owners[i%3], Region: "华东", City: []string{"上海", "苏州", "杭州"}[i%3], Currency: cur,
			Tier: accounts.TierStrategic, Stage: accounts.StageGrowth, Potential: accounts.Money{Minor: 900000000, Currency: cur},
			Revenue: []accounts.RevenueEntry{{Period: "2026", Amount: accounts.Money{Minor: 123456700, Currency: cur}, WalletTotal: accounts.Money{Minor: 400000000, Currency: cur}}},
		}
		if i%2 == 0 {
			a.Targets = []accounts.YearTarget{{Year: 2027, Amount: accounts.Money{Minor: 150000000, Currency: cur}}}
		}
		d := &accounts.AccountData{Account: a, Plan: &accounts.Plan{Opportunities: []accounts.Opportunity{
			{Product: "MES", Stage: accounts.OpportunityStages()[1], Value: accounts.Money{Minor: 50000000, Currency: cur}},
			{Product: "二期", Stage: accounts.OpportunityStages()[2], Value: accounts.Money{Minor: 80000000, Currency: cur}},
		}}}
		data = append(data, d)
	}
	return accounts.RegionPlan(data, "华东", 2027, accounts.DateOf(testNow))
}

var managerDocs = map[string]func(w *bytes.Buffer, o Options, hook func(string)) error{
	"week": func(w *bytes.Buffer, o Options, h func(string)) error { return weekPlan(w, testRoute(3), o, h) },
	"region": func(w *bytes.Buffer, o Options, h func(string)) error {
		return regionalPlan(w, testRegionPlan(60), o, h)
	},
}

// Both documents say what matters in either language, with the Chinese
// extracting as real characters, the font embedded as a subset, the
// version in the footer; the week fits one page, the long regional plan
// breaks pages with the table's header on each.
func TestManagerDocumentsSayWhatMatters(t *testing.T) {
	needTool(t, "pdffonts")
	want := map[string][]string{
		"week en":   {"WEEKLY VISIT PLAN", "王芳", "Monday", "Wednesday", "No visit planned", "Not placed this week", "Nordlicht Logistics", "renewal on", "华东 · 上海", "发送报价单", "Notes"},
		"week zh":   {"每周拜访计划", "王芳", "周一", "周五", "未安排拜访", "本周未排入", "拜访已逾期", "华南 · 深圳", "备注", "第 1 页，共 1 页"},
		"region en": {"REGIONAL SALES PLAN", "华东", "Owner: Li Wei", "Owner: Sarah Chen", "Subtotal (20", "Revenue 2026", "Target 2027", "Region totals by currency", "USD", "1,234,567", "31%"},
		"region zh": {"年度区域销售计划", "负责人：王芳", "小计（20 个客户）", "2026 年营收", "2027 年目标", "区域合计", "战略客户", "风险"},
	}
	for name, fn := range managerDocs {
		for _, lang := range []string{"en", "zh"} {
			var buf bytes.Buffer
			if err := fn(&buf, Options{Lang: lang, Now: testNow}, nil); err != nil {
				t.Fatal(err)
			}
			txt := pdfText(t, buf.Bytes())
			for _, w := range append(want[name+" "+lang], "Keycard "+assets.Version) {
				if !strings.Contains(txt, w) {
					t.Errorf("%s %s lacks %q", name, lang, w)
				}
			}
			n := pages(t, buf.Bytes())
			switch {
			case name == "week" && n != 1:
				t.Errorf("the weekly plan of a busy week has %d pages, want 1", n)
			case name == "region" && n < 2:
				t.Errorf("the regional plan of 60 accounts has %d page", n)
			case name == "region" && strings.Count(txt, d0(lang, "currency")) < n:
				t.Errorf("the plan's table header is not on each of its %d pages", n)
			}
			p := filepath.Join(t.TempDir(), "x.pdf")
			os.WriteFile(p, buf.Bytes(), 0o600)
			out, _ := exec.Command("pdffonts", p).CombinedOutput()
			if lines := strings.Split(strings.TrimSpace(string(out)), "\n"); len(lines) != 3 || !strings.Contains(lines[2], "+WenQuanYiMicroHei") ||
				!strings.Contains(lines[2], "yes yes") {
				t.Errorf("%s %s: the font is not one embedded subset:\n%s", name, lang, out)
			}
			if out := os.Getenv("KEYCARD_DOCS_OUT"); out != "" {
				os.WriteFile(filepath.Join(out, "synthetic-"+name+"-"+lang+".pdf"), buf.Bytes(), 0o644)
			}
		}
	}
}

// d0 is a caption in lang, as the document prints it.
func d0(lang, k string) string { return w(k, lang) }

// Every character drawn has a glyph, and the font cut holds every
// character on the first draw.
func TestManagerDocumentsDrawOnlyWhatTheFontHas(t *testing.T) {
	cover, err := fontCovers()
	if err != nil {
		t.Fatal(err)
	}
	for name, fn := range managerDocs {
		for _, lang := range []string{"en", "zh"} {
			seen := map[rune]bool{}
			var buf bytes.Buffer
			if err := fn(&buf, Options{Lang: lang, Now: testNow}, func(s string) {
				for _, r := range s {
					seen[r] = true
				}
			}); err != nil {
				t.Fatal(err)
			}
			for r := range seen {
				if cover[r] == 0 {
					t.Errorf("%s %s: %q drawn without a glyph", name, lang, r)
				}
			}
		}
	}
}

// An empty week and a region without accounts still print, saying so.
func TestEmptyManagerDocumentsPrint(t *testing.T) {
	r := accounts.WeekRoute(nil, "Tom Becker", accounts.ISOWeekOf(accounts.DateOf(testNow)), accounts.DateOf(testNow))
	var buf bytes.Buffer
	if err := WeekPlan(&buf, r, Options{Now: testNow}); err != nil {
		t.Fatal(err)
	}
	if txt := pdfText(t, buf.Bytes()); strings.Count(txt, "No visit planned") != 5 || !strings.Contains(txt, "Every visit due this week has a day") {
		t.Errorf("empty week:\n%s", txt)
	}
	buf.Reset()
	if err := RegionalPlan(&buf, accounts.RegionPlan(nil, "North", 2027, accounts.DateOf(testNow)), Options{Lang: "zh", Now: testNow}); err != nil {
		t.Fatal(err)
	}
	if txt := pdfText(t, buf.Bytes()); !strings.Contains(txt, "本区域没有仍在服务的客户") {
		t.Errorf("empty region:\n%s", txt)
	}
	if err := WeekPlan(&bytes.Buffer{}, r, Options{Lang: "fr", Now: testNow}); err == nil {
		t.Error("a weekly plan in French was printed")
	}
}

func TestManagerFileNames(t *testing.T) {
	r := accounts.Route{Owner: "Li Wei / Sales", Week: accounts.ISOWeek{Year: 2026, Week: 49}}
	if got := WeekPlanFileName(r); got != "route-Li-Wei-Sales-2026-W49.pdf" {
		t.Errorf("WeekPlanFileName = %q", got)
	}
	if got := RegionPlanFileName(accounts.RegionPlanView{Region: "华东", Year: 2027}); got != "region-plan-华东-2027.pdf" {
		t.Errorf("RegionPlanFileName = %q", got)
	}
}
