package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keycard/accounts"
)

func importJSONOf(t *testing.T, args ...string) importJSON {
	t.Helper()
	r := ctl(t, append(args, "--json")...)
	if r.code != 0 {
		t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
	}
	var rep importJSON
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return rep
}

func TestExportImportRoundTrip(t *testing.T) {
	src := demoDB(t)
	file := filepath.Join(t.TempDir(), "wang.keycard")
	r := ctl(t, "--db", src, "export", "--owner", "王芳", "-o", file)
	if r.code != 0 || !strings.Contains(r.stdout, file) || !strings.Contains(r.stdout, "private remarks left out") {
		t.Fatalf("export: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	want := ctl(t, "--db", src, "list", "--owner", "王芳", "--json").stdout

	// A preview into a database that does not exist yet creates nothing.
	dst := filepath.Join(t.TempDir(), "successor.db")
	pre := importJSONOf(t, "--db", dst, "import", file, "--dry-run")
	if _, err := os.Stat(dst); err == nil {
		t.Fatal("import --dry-run created the database")
	}
	rep := importJSONOf(t, "--db", dst, "import", file)
	if got := ctl(t, "--db", dst, "list", "--json").stdout; got != want {
		t.Fatalf("after import the list differs:\n%s\nwant\n%s", got, want)
	}
	if len(rep.Plan.Added) == 0 || len(rep.Plan.Added) != len(pre.Plan.Added) || rep.Plan.Changes() != pre.Plan.Changes() {
		t.Errorf("import added %d records, its preview said %d", len(rep.Plan.Added), len(pre.Plan.Added))
	}
	if rep.Manifest.CreatedBy != "王芳" || rep.Manifest.Counts.Accounts != strings.Count(want, `"id"`) {
		t.Errorf("manifest %+v", rep.Manifest)
	}
	// Everything but private remarks arrived.
	var a, b accounts.AccountData
	json.Unmarshal([]byte(ctl(t, "--db", src, "show", "深圳", "--json").stdout), &a)
	json.Unmarshal([]byte(ctl(t, "--db", dst, "show", "深圳", "--json").stdout), &b)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Errorf("深圳云帆科技 differs after the round trip")
	}
	json.Unmarshal([]byte(ctl(t, "--db", dst, "show", "深圳", "--json", "--private").stdout), &b)
	for _, c := range b.Contacts {
		if c.PrivateRemarks != "" {
			t.Errorf("private remarks of %s travelled without --private", c.Name)
		}
	}

	// Importing again changes nothing and says so.
	again := ctl(t, "--db", dst, "import", file)
	if again.code != 0 || !strings.Contains(again.stdout, "0 added, 0 updated") || !strings.Contains(again.stdout, "already holds everything") {
		t.Errorf("re-import: exit %d:\n%s", again.code, again.stdout)
	}
	if rep := importJSONOf(t, "--db", dst, "import", file); rep.Plan.Changes() != 0 || len(rep.Plan.Conflicts) != 0 {
		t.Errorf("re-import: %d changes, %d conflicts", rep.Plan.Changes(), len(rep.Plan.Conflicts))
	}
	if got := ctl(t, "--db", dst, "list", "--json").stdout; got != want {
		t.Error("re-import changed the list")
	}
}

func TestExportAccountsSealedWithPrivate(t *testing.T) {
	src := demoDB(t)
	dir := t.TempDir()
	pass := filepath.Join(dir, "pass.txt")
	os.WriteFile(pass, []byte("correct horse battery\n"), 0o600)
	file := filepath.Join(dir, "two.keycard")
	r := ctl(t, "--db", src, "export", "华东", "Nordlicht", "华东", "-o", file, "--private", "--passphrase-file", pass)
	if r.code != 0 || !strings.Contains(r.stdout, "Exported 2 accounts") || !strings.Contains(r.stdout, "sealed") {
		t.Fatalf("export: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	dst := filepath.Join(t.TempDir(), "dst.db")
	ctl(t, "--db", dst, "import", file).oneLine(t, 1, "--passphrase-file")
	wrong := filepath.Join(dir, "wrong.txt")
	os.WriteFile(wrong, []byte("Tr0ub4dor&3"), 0o600)
	ctl(t, "--db", dst, "import", file, "--passphrase-file", wrong).oneLine(t, 1, "passphrase is wrong")
	if _, err := os.Stat(dst); err == nil {
		t.Error("a refused import created the database")
	}
	t.Setenv(EnvPassphrase, "correct horse battery")
	if r := ctl(t, "--db", dst, "import", file); r.code != 0 || !strings.Contains(r.stdout, "sealed") {
		t.Fatalf("import with %s: exit %d: %s%s", EnvPassphrase, r.code, r.stdout, r.stderr)
	}
	var rows []listRow
	json.Unmarshal([]byte(ctl(t, "--db", dst, "list", "--json").stdout), &rows)
	if len(rows) != 2 {
		t.Fatalf("%d accounts imported, want 2", len(rows))
	}
	// --private carried the remarks.
	for _, q := range []string{"华东", "Nordlicht"} {
		want := ctl(t, "--db", src, "show", q, "--json", "--private").stdout
		if got := ctl(t, "--db", dst, "show", q, "--json", "--private").stdout; got != want {
			t.Errorf("%s differs after a round trip with --private", q)
		}
	}
}

func TestExportImportErrors(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "x.keycard")
	ctl(t, "--db", db, "export", "-o", out).oneLine(t, 2, "say what to export")
	ctl(t, "--db", db, "export", "--owner", "王芳", "华东", "-o", out).oneLine(t, 2, "not both")
	ctl(t, "--db", db, "export", "--owner", "王芳").oneLine(t, 2, "-o FILE is required")
	ctl(t, "--db", db, "export", "--owner", "Nobody", "-o", out).oneLine(t, 1, "Nobody owns no accounts")
	ctl(t, "--db", db, "export", "Zebra Corp", "-o", out).oneLine(t, 1, `"Zebra Corp"`)
	ctl(t, "--db", db, "export", "华东", "-o", out, "--passphrase-file", filepath.Join(dir, "nope")).oneLine(t, 1, "no passphrase file")
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed export left a file")
	}
	noLeftovers(t, dir)

	before := ctl(t, "--db", db, "list", "--json").stdout
	ctl(t, "--db", db, "import").oneLine(t, 2, "missing FILE.keycard")
	ctl(t, "--db", db, "import", filepath.Join(dir, "nope.keycard")).oneLine(t, 1, "cannot open the bundle")
	ctl(t, "--db", db, "import", writeJunk(t)).oneLine(t, 1, "keycardctl: ")
	if ctl(t, "--db", db, "list", "--json").stdout != before {
		t.Error("a refused import changed the database")
	}
}

// A bundle of 20,000 records or more is imported through a copy of the
// database (storage.ImportStaged): the same accounts arrive, the report
// counts every record though it lists only the first of each kind, the
// copy does not stay beside the database, and the file passes the check.
func TestLargeBundleImportsStaged(t *testing.T) {
	dir := t.TempDir()
	src, dst, file := filepath.Join(dir, "src.db"), filepath.Join(dir, "dst.db"), filepath.Join(dir, "all.keycard")
	if r := ctl(t, "--db", src, "generate", "--accounts", "200", "--seed", "7"); r.code != 0 {
		t.Fatalf("generate: exit %d: %s", r.code, r.stderr)
	}
	var sums []struct {
		ID string `json:"id"`
	}
	list := ctl(t, "--db", src, "list", "--json").stdout
	if err := json.Unmarshal([]byte(list), &sums); err != nil || len(sums) != 200 {
		t.Fatalf("%d accounts listed: %v", len(sums), err)
	}
	args := []string{"--db", src, "export", "-o", file}
	for _, s := range sums {
		args = append(args, s.ID)
	}
	if r := ctl(t, args...); r.code != 0 {
		t.Fatalf("export: exit %d: %s", r.code, r.stderr)
	}
	rep := importJSONOf(t, "--db", dst, "import", file)
	m := rep.Manifest.Counts
	total := m.Accounts + m.Contacts + m.Links + m.Visits + m.Warnings + m.Plans
	if total < 20000 {
		t.Fatalf("the bundle holds %d records, too few to be imported staged", total)
	}
	if rep.Plan.Changes() < total || rep.Plan.More["added"]["visit"] == 0 || len(rep.Plan.Added) > 200+1000 {
		t.Fatalf("the report counts %d changes of %d records, lists %d, more %v", rep.Plan.Changes(), total, len(rep.Plan.Added), rep.Plan.More)
	}
	if got := ctl(t, "--db", dst, "list", "--json").stdout; got != list {
		t.Fatal("after the staged import the list differs")
	}
	if _, err := os.Stat(dst + ".import"); !os.IsNotExist(err) {
		t.Fatalf("the import's copy is left beside the database: %v", err)
	}
	if r := ctl(t, "--db", dst, "check"); r.code != 0 {
		t.Fatalf("check: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	text := ctl(t, "--db", dst, "import", file)
	if text.code != 0 || !strings.Contains(text.stdout, "0 added, 0 updated") {
		t.Fatalf("re-import: exit %d:\n%s", text.code, text.stdout)
	}
}
