package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"keycard/book"
	"keycard/locale"
	"keycard/storage"
)

// autoBackupOn makes the automatic backup of the database at db as the app
// would at start on the given day, after deleting the named account, so
// each backup holds different data.
func autoBackupOn(t *testing.T, db string, day time.Time, del string) {
	t.Helper()
	b, err := book.Open(db, book.Options{Now: func() time.Time { return day }}, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if del != "" {
		a, err := b.FindAccount(del)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.DeleteAccount(book.CLI, a.ID); err != nil {
			t.Fatal(err)
		}
	}
	b.StartAutoBackups(func(err error) { t.Error(err) })
	b.Jobs().Wait()
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
}

// The real binary lists the automatic backups (date, size, kind, file),
// restores the newest with --latest after saving the database as it was,
// and keeps restore FILE as it was.
func TestBackupsAndRestoreLatestBinary(t *testing.T) {
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
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "data", "keycard.db")
	exe := func(loc string, args ...string) (string, string, int) {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"--db", db}, args...)...)
		cmd.Env = append(os.Environ(), "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=", "LANG="+loc)
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
	if _, errs, code := exe("en_US.UTF-8", "demo"); code != 0 {
		t.Fatal(errs)
	}
	out, errs, code := exe("en_US.UTF-8", "backups")
	if code != 0 || !strings.Contains(out, "No automatic backups") || !strings.Contains(out, filepath.Join(filepath.Dir(db), "backups")) {
		t.Fatalf("backups with none: exit %d: %s%s", code, out, errs)
	}
	d1 := time.Date(2026, 11, 20, 10, 0, 0, 0, time.Local)
	autoBackupOn(t, db, d1, "")                         // at start: 30 accounts
	autoBackupOn(t, db, d1.AddDate(0, 0, 3), "Pacific") // 29
	ctl(t, "--db", db, "demo", "--force")               // today's data, not backed up
	today := accountsIn(t, db)

	out, errs, code = exe("en_US.UTF-8", "backups")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[0], "DATE") {
		t.Fatalf("backups: exit %d: %q %s", code, out, errs)
	}
	for i, day := range []string{"2026-11-23", "2026-11-20"} {
		row := lines[i+1]
		path := filepath.Join(filepath.Dir(db), "backups", "keycard-"+day+".db")
		fi, err := os.Stat(path)
		if err != nil || !strings.HasPrefix(row, day+" ") || !strings.HasSuffix(row, path) || !strings.Contains(row, locale.ByteSize(fi.Size())) || !strings.Contains(row, "Daily") {
			t.Errorf("row %q, want %s, its size and %s", row, day, path)
		}
	}
	if zh, _, _ := exe("zh_CN.UTF-8", "backups"); !strings.Contains(zh, "日期") || !strings.Contains(zh, "每日") {
		t.Errorf("in Chinese: %q", zh)
	}

	out, errs, code = exe("en_US.UTF-8", "restore", "--latest")
	if code != 0 || !strings.Contains(out, "keycard-2026-11-23.db") || !strings.Contains(out, "before-restore.db") {
		t.Fatalf("restore --latest: exit %d: %s%s", code, out, errs)
	}
	if n := accountsIn(t, db); n != 29 {
		t.Errorf("after restore --latest: %d accounts, want the 29 of the backup of 23 November", n)
	}
	out, _, _ = exe("en_US.UTF-8", "backups")
	if !strings.Contains(out, "Before a restore") {
		t.Errorf("the database from before the restore is not listed: %s", out)
	}
	// Undo with restore FILE: the saved copy holds the demo's 30 accounts.
	saved := ""
	for _, f := range must(book.ListBackups(db)) {
		if f.Kind == book.KindBeforeRestore {
			saved = f.Path
		}
	}
	if out, errs, code := exe("en_US.UTF-8", "restore", saved); code != 0 {
		t.Fatalf("restore FILE: %s%s", out, errs)
	}
	if n := accountsIn(t, db); n != today {
		t.Errorf("the undo gives %d accounts, want the %d from before the restore", n, today)
	}

	for _, args := range [][]string{{"restore"}, {"restore", "--latest", saved}} {
		if _, errs, code := exe("en_US.UTF-8", args...); code != 2 || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d, %q", args, code, errs)
		}
	}
	if runtime.GOOS != "windows" {
		fi, _ := os.Stat(filepath.Join(filepath.Dir(db), "backups"))
		if fi.Mode().Perm() != 0o700 {
			t.Errorf("backups folder mode %v", fi.Mode().Perm())
		}
	}
}

func accountsIn(t *testing.T, db string) int {
	t.Helper()
	s, err := storage.Open(db, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return len(must(s.Summaries()))
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// restore --latest without backups says so in one line.
func TestRestoreLatestWithoutBackups(t *testing.T) {
	db := demoDB(t)
	ctl(t, "--db", db, "restore", "--latest").oneLine(t, 1, "no automatic backups")
}
