package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"keycard/teamserver/pgtest"
)

// The team commands, run as the real binary against a real PostgreSQL:
// IT sets the server up and adds people, a rep connects and syncs, a
// manager hands an account over, IT disables the leaver; in English and
// Chinese, with sentences for what goes wrong.
func TestTeamCommandsBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and starts PostgreSQL")
	}
	srv := pgtest.Start(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "keycardctl")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	run := func(loc, db string, args ...string) (string, string, int) {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"--db", db}, args...)...)
		cmd.Env = append(os.Environ(), "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=", "LANG="+loc, "KEYCARD_CREDENTIALS=file")
		cmd.Stdin = strings.NewReader("")
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
	admin := srv.AdminURL()
	must := func(loc, db string, args ...string) string {
		t.Helper()
		out, errs, code := run(loc, db, args...)
		if code != 0 {
			t.Fatalf("keycardctl %v: exit %d\n%s%s", args, code, out, errs)
		}
		return out
	}
	none := filepath.Join(dir, "unused.db")
	if out := must("en_US.UTF-8", none, "team", "init", "--server", admin); !strings.Contains(out, "set up") {
		t.Errorf("init: %q", out)
	}
	if out := must("en_US.UTF-8", none, "team", "init", "--server", admin); !strings.Contains(out, "nothing was changed") {
		t.Errorf("init again: %q", out)
	}
	pw := filepath.Join(dir, "pw")
	os.WriteFile(pw, []byte("wang-secret-1\n"), 0o600)
	must("en_US.UTF-8", none, "team", "add-user", "wangf", "--name", "王芳", "--role", "rep", "--team", "华东", "--password-file", pw, "--server", admin)
	if out := must("zh_CN.UTF-8", none, "team", "add-user", "mia", "--name", "张敏", "--role", "manager", "--team", "华东", "--server", admin); !strings.Contains(out, "密码：") {
		t.Errorf("a generated password is not shown: %q", out)
	}
	must("en_US.UTF-8", none, "team", "add-user", "lilei", "--name", "李雷", "--role", "rep", "--team", "华东", "--password-file", pw, "--server", admin)
	if _, errs, code := run("en_US.UTF-8", none, "team", "add-user", "x", "--name", "X", "--role", "boss", "--server", admin); code != 2 || !strings.Contains(errs, "not a role") {
		t.Errorf("a bad role: exit %d %q", code, errs)
	}

	rep := filepath.Join(dir, "wang", "keycard.db")
	must("en_US.UTF-8", rep, "demo")
	out := must("en_US.UTF-8", rep, "team", "connect", "--server", srv.URL("", "", ""), "--user", "wangf", "--password-file", pw)
	if !strings.Contains(out, "Connected as 王芳") || !strings.Contains(out, "Synced:") {
		t.Errorf("connect: %q", out)
	}
	raw, _ := os.ReadFile(rep)
	if bytes.Contains(raw, []byte("wang-secret-1")) {
		t.Error("the password is in the database file")
	}
	if out := must("en_US.UTF-8", rep, "sync"); !strings.Contains(out, "Synced: 0 up, 0 down") {
		t.Errorf("an idle sync: %q", out)
	}
	if out := must("zh_CN.UTF-8", none, "team", "status", "--server", admin); !strings.Contains(out, "王芳") || !strings.Contains(out, "最近同步") {
		t.Errorf("status in Chinese: %q", out)
	}

	bad := filepath.Join(dir, "bad")
	os.WriteFile(bad, []byte("nope\n"), 0o600)
	if _, errs, code := run("en_US.UTF-8", filepath.Join(dir, "x.db"), "team", "connect", "--server", srv.URL("", "", ""), "--user", "wangf", "--password-file", bad); code != 1 || strings.Contains(errs, "28P01") || !strings.Contains(strings.ToLower(errs), "password") {
		t.Errorf("a wrong password: exit %d %q", code, errs)
	}
	must("en_US.UTF-8", none, "team", "disable-user", "wangf", "--server", admin)
	if _, errs, code := run("zh_CN.UTF-8", rep, "sync"); code != 1 || !strings.Contains(errs, "停用") {
		t.Errorf("a disabled user's sync: exit %d %q", code, errs)
	}
	must("en_US.UTF-8", none, "team", "enable-user", "wangf", "--server", admin)
	if out := must("en_US.UTF-8", rep, "sync"); !strings.Contains(out, "Synced:") {
		t.Errorf("sync after enable-user: %q", out)
	}
}
