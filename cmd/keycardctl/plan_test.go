package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"keycard/accounts"
	"keycard/documents"
	"keycard/storage"
)

// checkPDF asserts that path holds a whole PDF and, where poppler is
// installed, that it parses; it returns pdfinfo's report ("" without it).
func checkPDF(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b[max(0, len(b)-32):], []byte("%%EOF")) {
		t.Fatalf("%s is not a complete PDF (%d bytes)", path, len(b))
	}
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		return ""
	}
	out, err := exec.Command("pdfinfo", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v\n%s", path, err, out)
	}
	return string(out)
}

// noLeftovers asserts that dir holds no temporary file of an atomic write.
func noLeftovers(t *testing.T, dir string) {
	t.Helper()
	es, _ := os.ReadDir(dir)
	for _, e := range es {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left in %s", e.Name(), dir)
		}
	}
}

func TestPlanWritesAPDF(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "plan.pdf")
	os.WriteFile(out, []byte("an older plan"), 0o600) // regenerating replaces it
	r := ctl(t, "--db", db, "plan", "华东", "-o", out)
	if r.code != 0 || strings.TrimSpace(r.stdout) != out {
		t.Fatalf("exit %d, stdout %q: %s", r.code, r.stdout, r.stderr)
	}
	if info := checkPDF(t, out); info != "" && !strings.Contains(info, "华东精密制造") {
		t.Errorf("the PDF's title does not name the account:\n%s", info)
	}
	noLeftovers(t, dir)

	// -o with a folder uses the usual file name; --paper and --lang apply.
	sub := filepath.Join(dir, "new folder") + string(os.PathSeparator)
	r = ctl(t, "--db", db, "plan", "Nordlicht", "-o", sub, "--paper", "letter", "--lang", "zh")
	var d accounts.AccountData
	json.Unmarshal([]byte(ctl(t, "--db", db, "show", "Nordlicht", "--json").stdout), &d)
	want := filepath.Join(sub, documents.PlanFileName(d.Account, "plan", clock()))
	if r.code != 0 || strings.TrimSpace(r.stdout) != want {
		t.Fatalf("-o FOLDER: exit %d, wrote %q, want %q: %s", r.code, r.stdout, want, r.stderr)
	}
	if info := checkPDF(t, want); info != "" && !strings.Contains(info, "(letter)") {
		t.Errorf("--paper letter printed:\n%s", info)
	}
}

func TestPlanAllWritesOnePerAccount(t *testing.T) {
	db := demoDB(t)
	dir := filepath.Join(t.TempDir(), "plans")
	var mine []listRow
	json.Unmarshal([]byte(ctl(t, "--db", db, "list", "--owner", "Sarah Chen", "--json").stdout), &mine)
	r := ctl(t, "--db", db, "plan", "--all", "--owner", "Sarah Chen", "-o", dir)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	paths := strings.Fields(r.stdout)
	// The file names carry customer names: the folder is the owner's alone.
	if fi, err := os.Stat(dir); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o700) {
		t.Errorf("the new folder %s: %v, mode %v, want 0700", dir, err, fi.Mode().Perm())
	}
	es, _ := os.ReadDir(dir)
	if len(mine) == 0 || len(paths) != len(mine) || len(es) != len(mine) {
		t.Fatalf("Sarah Chen owns %d accounts; printed %d paths, the folder holds %d files", len(mine), len(paths), len(es))
	}
	for _, m := range mine {
		var d accounts.AccountData
		json.Unmarshal([]byte(ctl(t, "--db", db, "show", string(m.ID), "--json").stdout), &d)
		p := filepath.Join(dir, documents.PlanFileName(d.Account, "plan", clock()))
		checkPDF(t, p)
	}
	ctl(t, "--db", db, "plan", "--all", "--owner", "Nobody", "-o", dir).oneLine(t, 1, "Nobody owns no accounts")
}

func TestBrief(t *testing.T) {
	db := demoDB(t)
	out := filepath.Join(t.TempDir(), "brief.pdf")
	r := ctl(t, "--db", db, "brief", "深圳", "-o", out, "--lang", "zh")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	info := checkPDF(t, out)
	if info != "" && !strings.Contains(info, "Pages:           1") && !strings.Contains(info, "Pages:           2") {
		t.Errorf("the brief is not one or two pages:\n%s", info)
	}
	// The brief's usual name starts with "brief".
	r = ctl(t, "--db", db, "brief", "Pacific", "-o", filepath.Dir(out))
	if r.code != 0 || !strings.HasPrefix(filepath.Base(strings.TrimSpace(r.stdout)), "brief-Pacific-Harbor-Foods-") {
		t.Errorf("brief -o FOLDER: exit %d, wrote %q", r.code, r.stdout)
	}
}

func TestPlanPrivateRemarksOnRequest(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed")
	}
	db := demoDB(t)
	// Find an account with a private remark.
	var name, remark string
	for _, q := range []string{"华东", "Nordlicht", "深圳", "Pacific", "北京", "绿源", "Alpine", "南方"} {
		var d accounts.AccountData
		json.Unmarshal([]byte(ctl(t, "--db", db, "show", q, "--json", "--private").stdout), &d)
		for _, c := range d.Contacts {
			if c.Active() && len([]rune(c.PrivateRemarks)) > 8 && remark == "" {
				name, remark = q, c.PrivateRemarks
			}
		}
	}
	if remark == "" {
		t.Fatal("no private remark in the demo accounts")
	}
	probe := string([]rune(strings.Fields(remark)[0])[:min(6, len([]rune(strings.Fields(remark)[0])))])
	text := func(args ...string) string {
		out := filepath.Join(t.TempDir(), "plan.pdf")
		if r := ctl(t, append([]string{"--db", db, "plan", name, "-o", out}, args...)...); r.code != 0 {
			t.Fatalf("plan: %s", r.stderr)
		}
		b, err := exec.Command("pdftotext", out, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(strings.Fields(string(b)), "")
	}
	if strings.Contains(text(), probe) {
		t.Errorf("the plan of %s shows the private remark %q without --private", name, remark)
	}
	if !strings.Contains(text("--private"), probe) {
		t.Errorf("the plan of %s lacks the private remark %q with --private", name, remark)
	}
}

func TestPlanErrors(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "x.pdf")
	ctl(t, "--db", db, "plan", "Zebra Corp", "-o", out).oneLine(t, 1, `"Zebra Corp"`)
	ctl(t, "--db", db, "brief", "Zebra Corp", "-o", out).oneLine(t, 1, `"Zebra Corp"`)
	ctl(t, "--db", db, "plan", "-o", out).oneLine(t, 2, "missing ACCOUNT")
	ctl(t, "--db", db, "plan", "华东", "--all", "-o", dir).oneLine(t, 2, "not both")
	ctl(t, "--db", db, "plan", "华东", "--owner", "王芳").oneLine(t, 2, "--owner goes with --all")
	ctl(t, "--db", db, "plan", "华东", "--lang", "fr").oneLine(t, 2, "choose en or zh")
	ctl(t, "--db", db, "plan", "华东", "--paper", "A3").oneLine(t, 2, "choose A4 or Letter")
	ctl(t, "--db", db, "plan", "华东", "-o", filepath.Join(dir, "no", "such", "x.pdf")).oneLine(t, 1, "does not exist")
	ctl(t, "--db", db, "plan", "--all", "-o", writeJunk(t)).oneLine(t, 1, "is a file")
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed plan left a file")
	}
	noLeftovers(t, dir)
}

// BenchmarkPlanAllDemo prints the account plans of the 30 demo accounts, as
// keycardctl plan --all does.
func BenchmarkPlanAllDemo(b *testing.B) {
	b.Setenv(storage.EnvDB, "")
	db := filepath.Join(b.TempDir(), "keycard.db")
	var out, errb bytes.Buffer
	if run([]string{"--db", db, "demo"}, &out, &errb) != 0 {
		b.Fatal(errb.String())
	}
	dir := b.TempDir()
	for b.Loop() {
		out.Reset()
		if run([]string{"--db", db, "plan", "--all", "-o", dir}, &out, &errb) != 0 {
			b.Fatal(errb.String())
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/30, "ms/plan")
}
