package documents

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"keycard/accounts"
	"keycard/assets"
	"keycard/locale"
)

type render func(w *bytes.Buffer, f *accounts.AccountData, o Options, hook func(string)) error

var kinds = map[string]render{
	"plan": func(w *bytes.Buffer, f *accounts.AccountData, o Options, h func(string)) error {
		return accountPlan(w, f, o, h)
	},
	"brief": func(w *bytes.Buffer, f *accounts.AccountData, o Options, h func(string)) error {
		return visitBrief(w, f, o, h)
	},
	"dossier": func(w *bytes.Buffer, f *accounts.AccountData, o Options, h func(string)) error {
		return handoverDossier(w, f, testHandover(f), o, h)
	},
}

// Every character written must have a glyph in the font it is written
// with, including characters the user typed that the font lacks.
func TestEveryRuneIsCoveredByTheFont(t *testing.T) {
	cover, err := fontCovers()
	if err != nil {
		t.Fatal(err)
	}
	if cover['A'] == 0 || cover['中'] == 0 || cover['，'] == 0 || cover[0x1F600] != 0 {
		t.Fatal("the cmap reader does not read the embedded font correctly")
	}
	f := richAccount(12, 40)
	f.Contacts[0].Name = "王建国 😀 Ωmega 𠀀" // an emoji and a rare ideograph the font lacks
	f.Account.Notes = "tab\there\x07bell"
	for kind, fn := range kinds {
		for _, lang := range []string{"en", "zh"} {
			seen := map[rune]bool{}
			var buf bytes.Buffer
			err := fn(&buf, f, Options{Lang: lang, Now: testNow, IncludePrivate: true}, func(s string) {
				for _, r := range s {
					seen[r] = true
				}
			})
			if err != nil {
				t.Fatalf("%s %s: %v", kind, lang, err)
			}
			if len(seen) < 30 {
				t.Fatalf("%s %s: only %d distinct characters drawn", kind, lang, len(seen))
			}
			for r := range seen {
				if cover[r] == 0 {
					t.Errorf("%s %s: %q (U+%04X) drawn but the font has no glyph for it", kind, lang, r, r)
				}
			}
			if kind == "plan" && !seen['Ω'] {
				t.Errorf("%s %s: a character the font has was dropped", kind, lang)
			}
		}
	}
}

func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s is not installed (poppler-utils)", name)
	}
}

func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	needTool(t, "pdftotext")
	p := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// Property: random mixed Latin and Chinese text, wrapped in narrow cells and
// extracted from the PDF again, comes back with no character lost or
// repeated.
func TestWrappedTextSurvivesInThePDF(t *testing.T) {
	needTool(t, "pdftotext")
	r := rand.New(rand.NewPCG(3, 5))
	for round := 0; round < 12; round++ {
		d, err := newDoc(Options{Now: testNow}, "test", &accounts.AccountData{})
		if err != nil {
			t.Fatal(err)
		}
		d.newPage()
		var want strings.Builder
		for i := 0; i < 8; i++ {
			s := randomMixed(r)
			want.WriteString(s)
			width := 12 + r.Float64()*50
			d.para(d.left, width, s, sizeBody, ink)
			d.gap(2)
		}
		var buf bytes.Buffer
		if err := d.pdf.Output(&buf); err != nil {
			t.Fatal(err)
		}
		got := noSpace(pdfText(t, buf.Bytes()))
		if w := noSpace(want.String()); got != w {
			t.Fatalf("round %d: text extracted from the PDF differs\n got %q\nwant %q", round, got, w)
		}
	}
}

func TestPrivateRemarksOnlyWhenAsked(t *testing.T) {
	f := richAccount(8, 10)
	for kind, fn := range kinds {
		for _, private := range []bool{false, true} {
			var buf bytes.Buffer
			if err := fn(&buf, f, Options{Now: testNow, IncludePrivate: private}, nil); err != nil {
				t.Fatal(err)
			}
			has := strings.Contains(pdfText(t, buf.Bytes()), "PRIVATE-")
			if has != private {
				t.Errorf("%s with IncludePrivate=%v: private remarks printed = %v", kind, private, has)
			}
		}
	}
}

func TestDocumentsSayWhatMatters(t *testing.T) {
	f := richAccount(10, 30)
	var buf bytes.Buffer
	if err := AccountPlan(&buf, f, Options{Lang: "zh", Now: testNow}); err != nil {
		t.Fatal(err)
	}
	txt := pdfText(t, buf.Bytes())
	for _, want := range []string{"华东精密制造有限公司", "大客户计划", "决策链地图", "钱包份额", "第 1 页，共", "机密文件", "战略客户", "MES 二期", "Siemens 提供免费产线审计。"} {
		if !strings.Contains(txt, want) {
			t.Errorf("Chinese plan lacks %q", want)
		}
	}
	buf.Reset()
	if err := VisitBrief(&buf, f, Options{Lang: "en", Now: testNow, Confidential: "Strictly confidential — ACME sales"}); err != nil {
		t.Fatal(err)
	}
	txt = pdfText(t, buf.Bytes())
	for _, want := range []string{"Visit brief", "Who will be there", "What was promised last time", "Strictly confidential — ACME sales", "Page 1 of 2"} {
		if !strings.Contains(txt, want) {
			t.Errorf("English brief lacks %q", want)
		}
	}
	if n := pages(t, buf.Bytes()); n > 2 {
		t.Errorf("visit brief has %d pages, want at most 2", n)
	}
	zh := locale.Keys(locale.Chinese)
	for k, v := range locale.Keys(locale.English) {
		if strings.HasPrefix(k, "doc.") && (v == "" || zh[k] == "") {
			t.Errorf("caption %q lacks a translation", k)
		}
	}
}

func pages(t *testing.T, pdf []byte) int {
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(pdfInfo(t, pdf))
	if m == nil {
		t.Fatal("pdfinfo shows no page count")
	}
	n := 0
	for _, c := range m[1] {
		n = n*10 + int(c-'0')
	}
	return n
}

func pdfInfo(t *testing.T, pdf []byte) string {
	t.Helper()
	needTool(t, "pdfinfo")
	p := filepath.Join(t.TempDir(), "x.pdf")
	os.WriteFile(p, pdf, 0o600)
	out, err := exec.Command("pdfinfo", p).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	return string(out)
}

// The files are what printers and viewers expect: the font embedded as a
// subset, the paper size asked for, and they render without errors.
func TestPDFsArePrintReady(t *testing.T) {
	needTool(t, "pdffonts")
	needTool(t, "pdftoppm")
	f := richAccount(20, 60)
	for _, paper := range []struct{ name, size string }{{"A4", "595.28 x 841.89"}, {"Letter", "612 x 792"}} {
		for kind, fn := range kinds {
			var buf bytes.Buffer
			if err := fn(&buf, f, Options{Lang: "zh", Paper: paper.name, Now: testNow}, nil); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			p := filepath.Join(dir, "x.pdf")
			os.WriteFile(p, buf.Bytes(), 0o600)
			if info := pdfInfo(t, buf.Bytes()); !strings.Contains(info, "Page size:       "+paper.size) {
				t.Errorf("%s on %s: pdfinfo says\n%s", kind, paper.name, info)
			}
			out, err := exec.Command("pdffonts", p).CombinedOutput()
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(string(out)), "\n")
			if len(lines) != 3 {
				t.Fatalf("%s: want exactly one font, pdffonts says\n%s", kind, out)
			}
			fields := strings.Fields(lines[2])
			// name type… emb sub uni object ID
			n := len(fields)
			if fields[n-5] != "yes" || fields[n-4] != "yes" || !strings.Contains(fields[0], "+") {
				t.Errorf("%s: the font is not embedded as a subset:\n%s", kind, out)
			}
			cmd := exec.Command("pdftoppm", "-r", "20", "-png", p, filepath.Join(dir, "page"))
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Run(); err != nil || stderr.Len() > 0 {
				t.Errorf("%s: pdftoppm: %v %s", kind, err, stderr.String())
			}
		}
	}
}

func TestBadOptionsAreRefused(t *testing.T) {
	f := richAccount(3, 3)
	for _, o := range []Options{{Lang: "fr", Now: testNow}, {Paper: "A3", Now: testNow}, {}} {
		var buf bytes.Buffer
		if err := AccountPlan(&buf, f, o); err == nil {
			t.Errorf("options %+v accepted", o)
		} else if buf.Len() != 0 {
			t.Errorf("options %+v: bytes written despite the error", o)
		}
	}
	h := testHandover(f)
	h.Accounts[0].AccountID = "someone-else"
	if err := HandoverDossier(&bytes.Buffer{}, f, h, Options{Now: testNow}); err == nil {
		t.Error("a dossier for an account outside the handover was printed")
	}
}

func TestEmptyAccountPrints(t *testing.T) {
	f := &accounts.AccountData{Account: accounts.Account{Name: "New 新客户", Owner: "Lin", Tier: accounts.TierKey, Stage: accounts.StageProspect}}
	for kind, fn := range kinds {
		var buf bytes.Buffer
		f.Account.ID = testHandover(f).Accounts[0].AccountID
		if err := fn(&buf, f, Options{Now: testNow}, nil); err != nil {
			t.Errorf("%s of an empty account: %v", kind, err)
		}
	}
}

func TestPlanFileName(t *testing.T) {
	now := time.Date(2026, 11, 23, 22, 0, 0, 0, time.UTC)
	tests := []struct{ name, kind, want string }{
		{"华东精密制造", "plan", "plan-华东精密制造-2026-11-23.pdf"},
		{"ACME / Europe: R&D?", "brief", "brief-ACME-Europe-R&D-2026-11-23.pdf"},
		{`..\..\etc\passwd`, "plan", "plan-etc-passwd-2026-11-23.pdf"},
		{"  ", "", "plan-2026-11-23.pdf"},
		{"a*b|c<d>e\"f", "dossier", "dossier-a-b-c-d-e-f-2026-11-23.pdf"},
	}
	for _, tt := range tests {
		if got := PlanFileName(accounts.Account{Name: tt.name}, tt.kind, now); got != tt.want {
			t.Errorf("PlanFileName(%q, %q) = %q, want %q", tt.name, tt.kind, got, tt.want)
		}
	}
}

func BenchmarkAccountPlanRich(b *testing.B) {
	f := richAccount(50, 500)
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := AccountPlan(&buf, f, Options{Lang: "zh", Now: testNow}); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1024, "KiB/pdf")
}

func BenchmarkHandoverDossierRich(b *testing.B) {
	f := richAccount(50, 500)
	h := testHandover(f)
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := HandoverDossier(&buf, f, h, Options{Lang: "zh", Now: testNow}); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1024, "KiB/pdf")
}

func BenchmarkAccountPlanBatch100(b *testing.B) {
	fs := make([]*accounts.AccountData, 100)
	for i := range fs {
		fs[i] = richAccount(15, 60)
	}
	for b.Loop() {
		for _, f := range fs {
			var buf bytes.Buffer
			if err := AccountPlan(&buf, f, Options{Now: testNow}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// Every page's footer says which Keycard made it, in every kind of
// document.
func TestFooterSaysTheVersion(t *testing.T) {
	f := richAccount(2, 2)
	for kind, fn := range kinds {
		var buf bytes.Buffer
		if err := fn(&buf, f, Options{Now: testNow}, nil); err != nil {
			t.Fatal(err)
		}
		if txt := pdfText(t, buf.Bytes()); !strings.Contains(txt, "Keycard "+assets.Version) {
			t.Errorf("the %s's footer lacks Keycard %s", kind, assets.Version)
		}
	}
}
