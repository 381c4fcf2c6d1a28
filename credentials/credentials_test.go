package credentials

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"keycard/accounts"

	"github.com/zalando/go-keyring"
)

const (
	serverA = "postgres://db.example.cn:5432/keycard?sslmode=verify-full"
	serverB = "postgres://10.0.0.7/keycard"
)

// the four passwords of two logins on two servers
var fourPasswords = []struct{ server, login, password string }{
	{serverA, "wangfang", "秘密-A-wf"},
	{serverA, "lilei", "A-ll-secret"},
	{serverB, "wangfang", "B wf pass"},
	{serverB, "lilei", `B"ll\pass`},
}

func saveAndLoadFour(t *testing.T, s Store, wantWhere func(where string) bool) {
	t.Helper()
	for _, p := range fourPasswords {
		where, err := s.Save(p.server, p.login, p.password)
		if err != nil || !wantWhere(where) {
			t.Fatalf("Save(%s, %s): %q, %v", p.server, p.login, where, err)
		}
	}
	for _, p := range fourPasswords {
		if got, err := s.Load(p.server, p.login); err != nil || got != p.password {
			t.Errorf("Load(%s, %s) = %q, %v; want %q", p.server, p.login, got, err, p.password)
		}
	}
	if err := s.Delete(serverA, "wangfang"); err != nil {
		t.Fatal(err)
	}
	expectNotFound(t, s, serverA, "wangfang")
	for _, p := range fourPasswords[1:] {
		if got, err := s.Load(p.server, p.login); err != nil || got != p.password {
			t.Errorf("after deleting another, Load(%s, %s) = %q, %v", p.server, p.login, got, err)
		}
	}
	if err := s.Delete(serverA, "wangfang"); err != nil {
		t.Errorf("deleting twice: %v", err)
	}
}

func expectNotFound(t *testing.T, s Store, server, login string) {
	t.Helper()
	got, err := s.Load(server, login)
	var e *accounts.Error
	if !errors.As(err, &e) || e.Code != accounts.ENOTFOUND || e.Msg.Key != "credentials.not_found" || got != "" {
		t.Fatalf("Load of a deleted password: %q, %v", got, err)
	}
	if e.Msg.Args["Login"] != login || e.Msg.Args["Server"] != ServerName(server) {
		t.Errorf("the sentence names %v", e.Msg.Args)
	}
}

func TestSystemStore(t *testing.T) {
	keyring.MockInit()
	dir := t.TempDir()
	saveAndLoadFour(t, Store{Fallback: dir}, func(w string) bool { return w == System })
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("the system store was there, yet files were written: %v", files)
	}
}

// The key in the system's store is "login@server" with no password in it,
// however the URL came.
func TestSystemStoreKeyHoldsNoPassword(t *testing.T) {
	keyring.MockInit()
	url := "postgres://wangfang:hunter2@db.example.cn:5432/keycard?password=hunter3&sslmode=require"
	if _, err := (Store{}).Save(url, "wangfang", "hunter4"); err != nil {
		t.Fatal(err)
	}
	user := "wangfang@postgres://db.example.cn:5432/keycard?sslmode=require"
	if got, err := keyring.Get(Service, user); err != nil || got != "hunter4" {
		t.Errorf("kept under another name: %q, %v", got, err)
	}
	if u := User(url, "wangfang"); strings.Contains(u, "hunter") {
		t.Errorf("User = %q", u)
	}
	if got, err := (Store{}).Load("postgres://db.example.cn:5432/keycard?sslmode=require", "wangfang"); err != nil || got != "hunter4" {
		t.Errorf("the same server without the password in its URL: %q, %v", got, err)
	}
}

func TestFallbackFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keycard")
	s := Store{Fallback: dir, NoSystem: true}
	saveAndLoadFour(t, s, func(w string) bool { return filepath.Dir(w) == dir && strings.HasSuffix(w, ".secret") })

	where, err := s.Save(serverA, "wangfang", "新密码")
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("folder: %v, %v", fi.Mode(), err)
		}
		if fi, err := os.Stat(where); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("file: %v, %v", fi.Mode(), err)
		}
	}
	var f map[string]string
	body, _ := os.ReadFile(where)
	if err := json.Unmarshal(body, &f); err != nil || f["server"] != serverA || f["login"] != "wangfang" || f["password"] != "新密码" {
		t.Errorf("file holds %s (%v)", body, err)
	}
	if strings.Contains(filepath.Base(where), "wangfang") || strings.Contains(filepath.Base(where), "example") {
		t.Errorf("the file's name tells who: %s", where)
	}
	if err := s.Delete(serverA, "wangfang"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(where); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Delete left the file: %v", err)
	}
}

func TestFallbackFolderMadePrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no permission bits")
	}
	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	if _, err := (Store{Fallback: dir, NoSystem: true}).Save(serverA, "lilei", "x"); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("folder left %v", fi.Mode())
	}
}

// A machine without a Secret Service: the system store fails, the file is
// used, and the person is told where.
func TestFallbackWhenThereIsNoSystemStore(t *testing.T) {
	keyring.MockInitWithError(errors.New("The name org.freedesktop.secrets was not provided by any .service files"))
	defer keyring.MockInit()
	dir := t.TempDir()
	saveAndLoadFour(t, Store{Fallback: dir}, func(w string) bool { return filepath.Dir(w) == dir })
}

// A store that never answers (a locked keyring prompting where nobody sees
// it) costs systemTimeout, then the file is used.
func TestFallbackWhenTheSystemStoreHangs(t *testing.T) {
	saved, savedTimeout := systemStore, systemTimeout
	defer func() { systemStore, systemTimeout = saved, savedTimeout }()
	block := make(chan struct{})
	defer close(block)
	systemStore.set = func(string, string, string) error { <-block; return nil }
	systemStore.get = func(string, string) (string, error) { <-block; return "", nil }
	systemStore.del = func(string, string) error { <-block; return nil }
	systemTimeout = 20 * time.Millisecond

	s := Store{Fallback: t.TempDir()}
	start := time.Now()
	where, err := s.Save(serverA, "lilei", "pw")
	if err != nil || where == System {
		t.Fatalf("Save: %q, %v", where, err)
	}
	if got, err := s.Load(serverA, "lilei"); err != nil || got != "pw" {
		t.Errorf("Load: %q, %v", got, err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
}

// Once the system store takes a password, no older copy stays on disk.
func TestSystemSaveRemovesTheFile(t *testing.T) {
	keyring.MockInit()
	dir := t.TempDir()
	where, err := (Store{Fallback: dir, NoSystem: true}).Save(serverB, "wangfang", "old")
	if err != nil {
		t.Fatal(err)
	}
	if w, err := (Store{Fallback: dir}).Save(serverB, "wangfang", "new"); err != nil || w != System {
		t.Fatalf("%q, %v", w, err)
	}
	if _, err := os.Stat(where); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the old file stayed: %v", err)
	}
	if got, _ := (Store{Fallback: dir}).Load(serverB, "wangfang"); got != "new" {
		t.Errorf("Load = %q", got)
	}
}

func TestErrorsAreSentencesWithoutThePassword(t *testing.T) {
	const pw = "do-not-show-me"
	blocker := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(blocker, nil, 0o600)
	_, errNoFolder := (Store{NoSystem: true}).Save(serverA, "lilei", pw)
	_, errBlocked := (Store{Fallback: filepath.Join(blocker, "sub"), NoSystem: true}).Save(serverA, "lilei", pw)

	dir := t.TempDir()
	s := Store{Fallback: dir, NoSystem: true}
	where, err := s.Save(serverA, "lilei", pw)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(where, []byte(`{"server":"`+pw), 0o600)
	_, errDamaged := s.Load(serverA, "lilei")
	_, errMissing := (Store{NoSystem: true}).Load(serverA, "lilei")

	for _, tc := range []struct {
		err       error
		code, key string
	}{
		{errNoFolder, accounts.EINTERNAL, "credentials.no_store"},
		{errBlocked, accounts.EINTERNAL, "credentials.cannot_save"},
		{errDamaged, accounts.EFORMAT, "credentials.damaged"},
		{errMissing, accounts.ENOTFOUND, "credentials.not_found"},
	} {
		var e *accounts.Error
		if !errors.As(tc.err, &e) || e.Code != tc.code || e.Msg.Key != tc.key {
			t.Errorf("%v, want %s %s", tc.err, tc.code, tc.key)
			continue
		}
		if strings.Contains(tc.err.Error(), pw) {
			t.Errorf("the error tells the password: %v", tc.err)
		}
	}
}

func TestServerName(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:p@h:5432/d?sslmode=require&password=x&sslpassword=y": "postgres://h:5432/d?sslmode=require",
		"postgres://h/d?sslmode=disable&application_name=k":                "postgres://h/d?sslmode=disable&application_name=k",
		"postgresql://u@[::1]:5433/d":                                      "postgresql://[::1]:5433/d",
		"not a url":                                                        "not a url",
	} {
		if got := ServerName(in); got != want {
			t.Errorf("ServerName(%q) = %q, want %q", in, got, want)
		}
	}
}
