package main

import (
	"bytes"
	"encoding/json"
	"keycard/locale"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"keycard/accounts"
	"keycard/assets"
	"keycard/demo"
	"keycard/storage"
)

// result is one in-process run of keycardctl.
type result struct {
	code           int
	stdout, stderr string
}

// ctl runs keycardctl in an English environment: the tests read its
// sentences. ctlIn chooses the locale, for the tests of the other language.
func ctl(t *testing.T, args ...string) result {
	t.Helper()
	return ctlIn(t, "en_US.UTF-8", args...)
}

func ctlIn(t *testing.T, loc string, args ...string) result {
	t.Helper()
	old := getenv
	defer func() { getenv = old }()
	getenv = func(k string) string {
		switch k {
		case "LANG":
			return loc
		case "LC_ALL", "LC_MESSAGES", "LANGUAGE":
			return ""
		}
		return os.Getenv(k)
	}
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return result{code, out.String(), errb.String()}
}

// TestSpeaksTheLanguageOfTheEnvironment: the same refusal in Chinese under
// a Chinese locale, in English under any other.
func TestSpeaksTheLanguageOfTheEnvironment(t *testing.T) {
	db := demoDB(t)
	zh := ctlIn(t, "zh_CN.UTF-8", "--db", db, "demo")
	if zh.code != 1 || !strings.Contains(zh.stderr, "已有 30 个客户") {
		t.Errorf("under zh_CN: exit %d, %q", zh.code, zh.stderr)
	}
	de := ctlIn(t, "de_DE.UTF-8", "--db", db, "demo")
	if de.code != 1 || !strings.Contains(de.stderr, "already holds 30 accounts") {
		t.Errorf("under de_DE: exit %d, %q", de.code, de.stderr)
	}
	if r := ctlIn(t, "zh_CN.UTF-8", "--db", db, "risk", "--owner", "Nobody"); !strings.Contains(r.stdout, "Nobody 名下没有客户") {
		t.Errorf("risk under zh_CN: %q", r.stdout)
	}
}

// oneLine asserts the keycardctl error contract: a single line, no Go dump.
func (r result) oneLine(t *testing.T, code int, want string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit %d, want %d (stderr %q)", r.code, code, r.stderr)
	}
	if strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "keycardctl") {
		t.Errorf("want one line starting with keycardctl on stderr, got %q", r.stderr)
	}
	for _, dump := range []string{"goroutine", "panic", ".go:", "%!"} {
		if strings.Contains(r.stderr, dump) {
			t.Errorf("stderr looks like a Go error dump: %q", r.stderr)
		}
	}
	if !strings.Contains(r.stderr, want) {
		t.Errorf("stderr %q does not say %q", r.stderr, want)
	}
}

func tempDB(t *testing.T) string {
	t.Helper()
	t.Setenv(storage.EnvDB, "") // never touch a real database
	return filepath.Join(t.TempDir(), "keycard.db")
}

// demoDB returns a database holding the demo portfolio.
func demoDB(t *testing.T) string {
	t.Helper()
	db := tempDB(t)
	if r := ctl(t, "--db", db, "demo", "--seed", "3"); r.code != 0 {
		t.Fatalf("demo: exit %d: %s", r.code, r.stderr)
	}
	return db
}

func TestDemoFillsOnlyAnEmptyDatabase(t *testing.T) {
	db := demoDB(t)
	r := ctl(t, "--db", db, "demo")
	r.oneLine(t, 1, "already holds 30 accounts")
	var rows []listRow
	if err := json.Unmarshal([]byte(ctl(t, "--db", db, "list", "--json").stdout), &rows); err != nil || len(rows) != 30 {
		t.Fatalf("after a refused demo: %d accounts (%v), want 30", len(rows), err)
	}
	if r := ctl(t, "demo", "--db", db, "--force", "--seed", "4"); r.code != 0 {
		t.Fatalf("demo --force: exit %d: %s", r.code, r.stderr)
	}
	rows = nil
	json.Unmarshal([]byte(ctl(t, "--db", db, "list", "--json").stdout), &rows)
	if len(rows) != 60 {
		t.Fatalf("after demo --force: %d accounts, want 60", len(rows))
	}
}

func TestListJSON(t *testing.T) {
	db := demoDB(t)
	r := ctl(t, "--db", db, "list", "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var raw []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil {
		t.Fatalf("list --json is not a JSON array: %v", err)
	}
	if len(raw) != demo.DefaultAccounts {
		t.Fatalf("%d accounts, want %d", len(raw), demo.DefaultAccounts)
	}
	owners := map[string]int{}
	for _, row := range raw {
		for _, f := range []string{"id", "name", "owner", "tier", "stage", "last_visit", "next_follow_up", "revenue"} {
			if _, ok := row[f]; !ok {
				t.Fatalf("row %v lacks %q", row["name"], f)
			}
		}
		if !accounts.ID(row["id"].(string)).Valid() || !accounts.Tier(row["tier"].(string)).Valid() || !accounts.Stage(row["stage"].(string)).Valid() {
			t.Errorf("row %v: bad id, tier or stage code", row["name"])
		}
		if row["last_visit"] == "" {
			t.Errorf("%v: no last visit", row["name"])
		}
		owners[row["owner"].(string)]++
	}
	// --owner narrows to exactly that owner's accounts.
	var mine []listRow
	if err := json.Unmarshal([]byte(ctl(t, "--db", db, "list", "--owner", "王芳", "--json").stdout), &mine); err != nil {
		t.Fatal(err)
	}
	if len(mine) == 0 || len(mine) != owners["王芳"] {
		t.Fatalf("--owner 王芳: %d accounts, want %d", len(mine), owners["王芳"])
	}
	for _, m := range mine {
		if m.Owner != "王芳" {
			t.Errorf("--owner 王芳 lists %s owned by %s", m.Name, m.Owner)
		}
	}
	// An empty result is an empty array, not null.
	if out := strings.TrimSpace(ctl(t, "--db", db, "list", "--owner", "Nobody", "--json").stdout); out != "[]" {
		t.Errorf("no matches printed %q, want []", out)
	}
}

func TestListTable(t *testing.T) {
	db := demoDB(t)
	r := ctl(t, "--db", db, "list")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 31 || !strings.HasPrefix(lines[0], "NAME") {
		t.Fatalf("exit %d, %d lines:\n%s", r.code, len(lines), r.stdout)
	}
	if !strings.Contains(r.stdout, "华东精密制造") || !strings.Contains(r.stdout, "Nordlicht Logistics") {
		t.Errorf("table lacks demo accounts:\n%s", r.stdout)
	}
	// Columns line up even with Chinese names: OWNER starts at the same
	// display column on every line.
	col := -1
	for _, l := range lines[1:] {
		for _, o := range []string{"Li Wei", "王芳", "Sarah Chen", "Tom Becker"} {
			if i := strings.Index(l, "  "+o+"  "); i >= 0 {
				c := displayWidth(l[:i])
				if col >= 0 && c != col {
					t.Fatalf("owner column at %d, earlier at %d:\n%s", c, col, r.stdout)
				}
				col = c
			}
		}
	}
}

func TestShowByPrefix(t *testing.T) {
	db := demoDB(t)
	r := ctl(t, "--db", db, "show", "nordlicht")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"Nordlicht Logistics GmbH", "Tom Becker", "Contacts (", "left the company", "Economic buyer",
		"Recent visits (5 of", "Open next steps", "Warning signs", "Champion or economic buyer left"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("show lacks %q:\n%s", want, r.stdout)
		}
	}
	// Flags may follow the account; --json carries everything but private remarks.
	r = ctl(t, "--db", db, "show", "华东", "--json")
	var d accounts.AccountData
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil || r.code != 0 {
		t.Fatalf("show --json: exit %d, %v", r.code, err)
	}
	if d.Account.Name != "华东精密制造" || len(d.Contacts) < 4 || len(d.Visits) == 0 {
		t.Fatalf("show --json: %s with %d contacts, %d visits", d.Account.Name, len(d.Contacts), len(d.Visits))
	}
	for _, c := range d.Contacts {
		if c.PrivateRemarks != "" {
			t.Errorf("private remarks of %s shown without --private", c.Name)
		}
	}
	// By id.
	if r := ctl(t, "--db", db, "show", string(d.Account.ID)); r.code != 0 || !strings.Contains(r.stdout, "华东精密制造有限公司") {
		t.Errorf("show by id: exit %d: %s", r.code, r.stderr)
	}
}

func TestShowPrivateRemarksOnRequest(t *testing.T) {
	db := demoDB(t)
	found := false
	for _, q := range []string{"华东", "Nordlicht", "深圳", "Pacific", "北京", "绿源", "Alpine", "南方"} {
		var d accounts.AccountData
		json.Unmarshal([]byte(ctl(t, "--db", db, "show", q, "--json", "--private").stdout), &d)
		for _, c := range d.Contacts {
			found = found || c.PrivateRemarks != ""
		}
	}
	if !found {
		t.Fatal("--private shows no private remarks in eight demo accounts")
	}
}

func TestShowAmbiguousAndMissing(t *testing.T) {
	db := demoDB(t)
	// A second copy of the portfolio makes every name ambiguous.
	if r := ctl(t, "--db", db, "demo", "--force", "--seed", "9"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r := ctl(t, "--db", db, "show", "saku")
	r.oneLine(t, 1, `"saku" matches 2 accounts`)
	if !strings.Contains(r.stderr, "Sakura Components") {
		t.Errorf("ambiguity message does not list the candidates: %q", r.stderr)
	}
	ctl(t, "--db", db, "show", "Zebra Corp").oneLine(t, 1, "Zebra Corp")
	ctl(t, "--db", db, "show").oneLine(t, 2, "missing ACCOUNT")
	ctl(t, "--db", db, "show", "a", "b").oneLine(t, 2, "unexpected argument")
}

func TestBackupRestoreRoundTrip(t *testing.T) {
	db := demoDB(t)
	before := ctl(t, "--db", db, "list", "--json").stdout
	backup := filepath.Join(t.TempDir(), "backup.db")
	if r := ctl(t, "--db", db, "backup", backup); r.code != 0 || !strings.Contains(r.stdout, backup) {
		t.Fatalf("backup: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	if runtime.GOOS != "windows" {
		if fi, err := os.Stat(backup); err != nil || fi.Mode().Perm()&0o077 != 0 {
			t.Fatalf("backup file %v, mode %v: want owner-only", err, fi.Mode())
		}
	}
	// Restore into a fresh path and into the changed original.
	other := filepath.Join(t.TempDir(), "other.db")
	if r := ctl(t, "--db", other, "restore", backup); r.code != 0 {
		t.Fatalf("restore: exit %d: %s", r.code, r.stderr)
	}
	if got := ctl(t, "--db", other, "list", "--json").stdout; got != before {
		t.Fatal("the restored database lists different accounts")
	}
	ctl(t, "--db", db, "demo", "--force")
	if r := ctl(t, "--db", db, "restore", backup); r.code != 0 {
		t.Fatalf("restore over a changed database: exit %d: %s", r.code, r.stderr)
	}
	if got := ctl(t, "--db", db, "list", "--json").stdout; got != before {
		t.Fatal("restore did not bring back the backed-up accounts")
	}
	if r := ctl(t, "--db", db, "check"); r.code != 0 {
		t.Fatalf("check after restore: %s", r.stderr)
	}
	// A file that is not a backup is refused and changes nothing.
	junk := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(junk, []byte("not a database at all, just some text"), 0o600)
	r := ctl(t, "--db", db, "restore", junk)
	if r.code != 1 || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("restore of junk: exit %d, stderr %q", r.code, r.stderr)
	}
	if got := ctl(t, "--db", db, "list", "--json").stdout; got != before {
		t.Fatal("a refused restore changed the database")
	}
}

func TestCheckAndStats(t *testing.T) {
	db := demoDB(t)
	r := ctl(t, "--db", db, "check")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "OK:") || !strings.Contains(r.stdout, "30 accounts") {
		t.Fatalf("check: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	r = ctl(t, "--db", db, "stats", "--json")
	var st storage.Stats
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil || r.code != 0 {
		t.Fatalf("stats --json: exit %d, %v", r.code, err)
	}
	want := demo.Generate(demo.Options{Seed: 3, Now: time.Now()})
	var contacts, visits int
	for _, d := range want {
		contacts += len(d.Contacts)
		visits += len(d.Visits)
	}
	if st.Accounts != 30 || st.Contacts != contacts || st.Visits != visits || st.SizeBytes <= 0 {
		t.Errorf("stats %+v, want 30 accounts, %d contacts, %d visits", st, contacts, visits)
	}
	if r := ctl(t, "--db", db, "stats"); r.code != 0 || !strings.Contains(r.stdout, "Visits") {
		t.Errorf("stats: exit %d: %s", r.code, r.stdout)
	}
}

func TestGenerate(t *testing.T) {
	db := tempDB(t)
	r := ctl(t, "generate", "--accounts", "3", "--seed", "2", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "Generated 3 accounts") {
		t.Fatalf("generate: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	var st storage.Stats
	json.Unmarshal([]byte(ctl(t, "--db", db, "stats", "--json").stdout), &st)
	if st.Accounts != 3 || st.Contacts < demo.LargeFirstContacts || st.Visits < demo.LargeFirstVisits {
		t.Errorf("after generate: %+v", st)
	}
	if r := ctl(t, "--db", db, "check"); r.code != 0 {
		t.Errorf("check after generate: %s", r.stderr)
	}
	ctl(t, "--db", db, "generate", "--accounts", "3").oneLine(t, 1, "already holds 3 accounts")
	t.Setenv(storage.EnvDB, db)
	ctl(t, "generate", "--accounts", "3").oneLine(t, 2, "--db FILE is required")
}

func TestErrorsAreOneLine(t *testing.T) {
	db := tempDB(t)
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no command", nil, 2, "which command"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"unknown global flag", []string{"--colour", "list"}, 2, "-colour"},
		{"unknown command flag", []string{"--db", db, "list", "--colour"}, 2, "keycardctl list: flag provided but not defined: -colour"},
		{"bad flag value", []string{"--db", db, "demo", "--seed", "many"}, 2, "keycardctl demo:"},
		{"missing database", []string{"--db", db, "list"}, 1, "no Keycard database at"},
		{"missing backup argument", []string{"--db", db, "backup"}, 2, "missing FILE"},
		{"restore from nowhere", []string{"--db", db, "restore", filepath.Join(t.TempDir(), "nope.db")}, 1, "keycardctl: "},
		{"not a database", []string{"--db", writeJunk(t), "list"}, 1, "keycardctl: "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctl(t, c.args...).oneLine(t, c.code, c.want)
		})
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a failed read command created a database file")
	}
}

func writeJunk(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "junk.db")
	if err := os.WriteFile(p, bytes.Repeat([]byte("not keycard "), 2000), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestHelp(t *testing.T) {
	r := ctl(t, "--help")
	if r.code != 0 {
		t.Fatalf("--help: exit %d", r.code)
	}
	for _, c := range commandTable() {
		if !strings.Contains(r.stdout, "  "+c.name+" ") {
			t.Errorf("--help does not list %s", c.name)
		}
		for _, h := range []string{"--help", "-h"} {
			r := ctl(t, c.name, h)
			if r.code != 0 || !strings.HasPrefix(r.stdout, "Usage: keycardctl "+c.name) || r.stderr != "" {
				t.Errorf("%s %s: exit %d, stdout %q, stderr %q", c.name, h, r.code, r.stdout, r.stderr)
			}
		}
	}
	if r := ctl(t, "help", "list"); r.code != 0 || !strings.Contains(r.stdout, "--owner") {
		t.Errorf("help list: exit %d: %s", r.code, r.stdout)
	}
}

// TestBinary builds the real program without cgo and drives it as a script
// would.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "keycardctl")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "e2e.db")
	env := append(os.Environ(), storage.EnvDB+"="+db)
	// The binary speaks the language of the environment the tests run in.
	envLang := locale.Choose("auto", os.Getenv)
	exe := func(args ...string) (string, string, int) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return out.String(), errb.String(), code
	}
	if out, errs, code := exe("demo"); code != 0 || !strings.Contains(out, prefixOf(envLang, "cli.demo.done", "Accounts", 30)) {
		t.Fatalf("demo: exit %d: %s%s", code, out, errs)
	}
	out, errs, code := exe("list", "--json")
	var rows []listRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil || code != 0 || len(rows) != 30 {
		t.Fatalf("list --json: exit %d, %d rows, %v: %s", code, len(rows), err, errs)
	}
	if out, errs, code := exe("show", "Pacific"); code != 0 || !strings.Contains(out, "Pacific Harbor Foods Pte. Ltd.") {
		t.Fatalf("show: exit %d: %s%s", code, out, errs)
	}
	if out, errs, code := exe("check"); code != 0 || !strings.HasPrefix(out, prefixOf(envLang, "cli.check.ok")) {
		t.Fatalf("check: exit %d: %s%s", code, out, errs)
	}
	if _, errs, code := exe("show", "Nonexistent"); code != 1 || strings.Count(errs, "\n") != 1 {
		t.Fatalf("show of a missing account: exit %d, stderr %q", code, errs)
	}
	out, errs, code = exe("risk", "--json")
	var ranked []riskRow
	if err := json.Unmarshal([]byte(out), &ranked); err != nil || code != 0 || len(ranked) != 30 || ranked[0].Score < ranked[29].Score {
		t.Fatalf("risk --json: exit %d, %d rows, %v: %s", code, len(ranked), err, errs)
	}
	pdf := filepath.Join(dir, "plan.pdf")
	if out, errs, code := exe("plan", "Pacific", "-o", pdf); code != 0 || strings.TrimSpace(out) != pdf {
		t.Fatalf("plan: exit %d: %s%s", code, out, errs)
	}
	checkPDF(t, pdf)
	file := filepath.Join(dir, "all.keycard")
	ids := []string{"export", "-o", file}
	for _, r := range rows {
		ids = append(ids, string(r.ID))
	}
	if out, errs, code := exe(ids...); code != 0 || !strings.Contains(out, prefixOf(envLang, "cli.export.done", "Accounts", locale.T(envLang, "cli.count.account", map[string]any{"N": 30}))) {
		t.Fatalf("export: exit %d: %s%s", code, out, errs)
	}
	list := func() string { out, _, _ := exe("list", "--json"); return out }
	before := list()
	env = append(os.Environ(), storage.EnvDB+"="+filepath.Join(dir, "successor.db"))
	if out, errs, code := exe("import", file); code != 0 || !strings.HasPrefix(out[strings.Index(out, "\n")+1:], prefixOf(envLang, "cli.import.done")) {
		t.Fatalf("import: exit %d: %s%s", code, out, errs)
	}
	if list() != before {
		t.Fatal("the successor's database lists other accounts than the exported ones")
	}
}

// prefixOf is the sentence of key in lang up to its first value not given
// in pairs: what a command's output starts with whatever its numbers.
func prefixOf(lang, key string, pairs ...any) string {
	const unknown = "\x00"
	args := map[string]any{}
	for i := 0; i+1 < len(pairs); i += 2 {
		args[pairs[i].(string)] = pairs[i+1]
	}
	msg := locale.Keys(lang)[key]
	for _, m := range regexp.MustCompile(`\{\{\s*\.(\w+)`).FindAllStringSubmatch(msg, -1) {
		if _, ok := args[m[1]]; !ok {
			args[m[1]] = unknown
		}
	}
	out, _, _ := strings.Cut(locale.T(lang, key, args), unknown)
	return out
}

// keycardctl --version says which Keycard it is, in either language.
func TestVersionFlag(t *testing.T) {
	for _, loc := range []string{"en_US.UTF-8", "zh_CN.UTF-8"} {
		r := ctlIn(t, loc, "--version")
		if r.code != 0 || !strings.HasPrefix(r.stdout, "keycardctl "+assets.Version) {
			t.Errorf("%s: --version: exit %d %q %q", loc, r.code, r.stdout, r.stderr)
		}
	}
}
