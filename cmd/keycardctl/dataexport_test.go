package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emersion/go-ical"
)

func csvOf(t *testing.T, path string) [][]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	raw, ok := bytes.CutPrefix(raw, []byte("\uFEFF"))
	if !ok {
		t.Fatal("no byte-order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestExportSheetCommands: export-csv and export-xlsx of every kind, the
// owner filter, headers in the language asked for.
func TestExportSheetCommands(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	for _, what := range []string{"portfolio", "contacts", "visits", "followups", "pipeline", "risk"} {
		for _, cmd := range []string{"export-csv", "export-xlsx"} {
			out := filepath.Join(dir, what+"."+strings.TrimPrefix(cmd, "export-"))
			args := []string{"--db", db, cmd, "--what", what, "-o", out}
			if what == "contacts" || what == "visits" || what == "followups" {
				args = append(args, "--account", "深圳")
			}
			r := ctl(t, args...)
			if r.code != 0 || !strings.Contains(r.stdout, out) || !strings.Contains(r.stdout, "Wrote ") {
				t.Fatalf("%s --what %s: exit %d: %s%s", cmd, what, r.code, r.stdout, r.stderr)
			}
		}
	}
	if recs := csvOf(t, filepath.Join(dir, "portfolio.csv")); len(recs) != 31 || recs[0][0] != "Account" {
		t.Errorf("portfolio: %d records, header %q", len(recs), recs[0])
	}
	out := filepath.Join(dir, "wang.csv")
	r := ctlIn(t, "zh_CN.UTF-8", "--db", db, "export-csv", "--owner", "王芳", "-o", out)
	if r.code != 0 || !strings.Contains(r.stdout, "已将") {
		t.Fatalf("exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	recs := csvOf(t, out)
	if recs[0][0] != "客户" || len(recs) < 2 {
		t.Fatalf("header %q, %d records", recs[0], len(recs))
	}
	for _, rec := range recs[1:] {
		if rec[2] != "王芳" {
			t.Errorf("a row of %q", rec[2])
		}
	}
	r = ctlIn(t, "zh_CN.UTF-8", "--db", db, "export-csv", "--owner", "王芳", "--lang", "en", "-o", out)
	if recs := csvOf(t, out); r.code != 0 || recs[0][0] != "Account" {
		t.Errorf("--lang en: %q", recs[0])
	}
}

// TestExportCommandsRefuse: a bad flag or value is one sentence, a non-zero
// exit and no file.
func TestExportCommandsRefuse(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"export-xlsx", "--what", "invoices", "-o", out}, 2, "is not something Keycard exports"},
		{[]string{"export-csv", "--what", "contacts", "-o", out}, 2, "--what contacts needs --account"},
		{[]string{"export-csv", "--lang", "fr", "-o", out}, 2, "not a language Keycard speaks"},
		{[]string{"export-csv", "--what", "risk", "--account", "深圳", "-o", out}, 2, "--account applies only to"},
		{[]string{"export-xlsx"}, 2, "-o FILE is required"},
		{[]string{"export-xlsx", "--bogus", "-o", out}, 2, "bogus"},
		{[]string{"export-xlsx", "stray", "-o", out}, 2, "stray"},
		{[]string{"export-xlsx", "--owner", "Nobody", "-o", out}, 1, "No account belongs to “Nobody”"},
		{[]string{"export-csv", "--what", "visits", "--account", "No such account", "-o", out}, 1, "No such account"},
		{[]string{"export-vcard", "-o", out}, 2, "ACCOUNT"},
		{[]string{"export-vcard", "深圳", "--version", "2.1", "-o", out}, 2, "choose 3.0 or 4.0"},
		{[]string{"export-vcard", "深圳"}, 2, "-o FILE is required"},
		{[]string{"export-ics", "--owner", "Nobody", "-o", out}, 1, "No account belongs to “Nobody”"},
		{[]string{"export-ics"}, 2, "-o FILE is required"},
	} {
		r := ctl(t, append([]string{"--db", db}, c.args...)...)
		r.oneLine(t, c.code, c.want)
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("%v left a file", c.args)
		}
	}
	if r := ctl(t, "--db", filepath.Join(dir, "missing.db"), "export-xlsx", "-o", out); r.code != 1 {
		t.Errorf("a missing database: exit %d", r.code)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("export created a database")
	}
}

// TestExportVCardAndICSCommands: the files parse in the vCard and
// iCalendar libraries, with a reminder on every event.
func TestExportVCardAndICSCommands(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	vcf := filepath.Join(dir, "c.vcf")
	r := ctl(t, "--db", db, "export-vcard", "深圳", "--version", "4.0", "-o", vcf)
	if r.code != 0 || !strings.Contains(r.stdout, "vCard 4.0") {
		t.Fatalf("exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	raw, _ := os.ReadFile(vcf)
	if !strings.Contains(string(raw), "VERSION:4.0") || strings.Count(string(raw), "BEGIN:VCARD") < 2 {
		t.Errorf("vCard file:\n%s", raw)
	}
	ics := filepath.Join(dir, "c.ics")
	if r := ctl(t, "--db", db, "export-ics", "--owner", "王芳", "-o", ics); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	f, _ := os.Open(ics)
	defer f.Close()
	cal, err := ical.NewDecoder(f).Decode()
	if err != nil {
		t.Fatal(err)
	}
	if len(cal.Events()) == 0 {
		t.Fatal("no events")
	}
	for _, ev := range cal.Events() {
		if len(ev.Children) != 1 || ev.Children[0].Props.Get(ical.PropTrigger) == nil {
			t.Errorf("an event without a reminder")
		}
	}
}

// TestExportCommandsRealBinary runs the program built without cgo: the
// four commands write their files, and a refusal leaves none.
func TestExportCommandsRealBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	dir := t.TempDir()
	bin := buildCtl(t, dir)
	db := demoDB(t)
	for _, args := range [][]string{
		{"export-xlsx", "-o", filepath.Join(dir, "p.xlsx")},
		{"export-csv", "--what", "risk", "-o", filepath.Join(dir, "r.csv")},
		{"export-vcard", "深圳", "-o", filepath.Join(dir, "c.vcf")},
		{"export-ics", "-o", filepath.Join(dir, "c.ics")},
	} {
		out, code := runBin(t, bin, db, args...)
		noStack(t, args[0], out)
		if code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, out)
		}
		if fi, err := os.Stat(args[len(args)-1]); err != nil || fi.Size() == 0 {
			t.Errorf("%v wrote nothing", args)
		}
	}
	bad := filepath.Join(dir, "bad.xlsx")
	out, code := runBin(t, bin, db, "export-xlsx", "--what", "nothing", "-o", bad)
	noStack(t, "export-xlsx", out)
	if _, err := os.Stat(bad); code != 2 || err == nil {
		t.Errorf("bad --what: exit %d, file %v", code, err)
	}
}
