package storage

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
)

func TestDefaultAndResolvedPaths(t *testing.T) {
	homeErr := func() (string, error) { return "", fmt.Errorf("no home") }
	cases := []struct {
		name, goos string
		env        map[string]string
		home       string
		flag       string
		want       string
		code       string
	}{
		{name: "windows local app data", goos: "windows", env: map[string]string{"LOCALAPPDATA": `C:\Users\li\AppData\Local`, "APPDATA": `C:\Users\li\AppData\Roaming`}, want: `C:\Users\li\AppData\Local\Keycard\keycard.db`},
		{name: "windows without LOCALAPPDATA", goos: "windows", home: `C:\Users\li`, want: `C:\Users\li\AppData\Local\Keycard\keycard.db`},
		{name: "macOS", goos: "darwin", home: "/Users/li", want: "/Users/li/Library/Application Support/Keycard/keycard.db"},
		{name: "linux default", goos: "linux", home: "/home/li", want: "/home/li/.local/share/keycard/keycard.db"},
		{name: "linux XDG", goos: "linux", home: "/home/li", env: map[string]string{"XDG_DATA_HOME": "/data/li"}, want: "/data/li/keycard/keycard.db"},
		{name: "relative XDG ignored", goos: "linux", home: "/home/li", env: map[string]string{"XDG_DATA_HOME": "data"}, want: "/home/li/.local/share/keycard/keycard.db"},
		{name: "env overrides default", goos: "linux", home: "/home/li", env: map[string]string{"KEYCARD_DB": "/tmp/k.db"}, want: "/tmp/k.db"},
		{name: "flag overrides env", goos: "windows", env: map[string]string{"KEYCARD_DB": "/tmp/k.db", "LOCALAPPDATA": `C:\x`}, flag: "my.db", want: "my.db"},
		{name: "no home", goos: "linux", code: accounts.EINVALID},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := platform{goos: c.goos, getenv: func(k string) string { return c.env[k] }, home: homeErr}
			if c.home != "" {
				p.home = func() (string, error) { return c.home, nil }
			}
			got, err := p.resolve(c.flag)
			if c.code != "" {
				wantCode(t, err, c.code)
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("got %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

func TestOpenCreatesOwnerOnlyFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("permission bits are not used on Windows")
	}
	s, path := newStore(t)
	mkAccount(t, s, "Acme", "Li Wei")
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("database mode %v", fi.Mode().Perm())
	}
	di, _ := os.Stat(filepath.Dir(path))
	if di.Mode().Perm() != 0o700 {
		t.Fatalf("folder mode %v", di.Mode().Perm())
	}
	backup := filepath.Join(t.TempDir(), "b", "backup.db")
	if err := s.BackupFile(backup); err != nil {
		t.Fatal(err)
	}
	bi, _ := os.Stat(backup)
	if bi.Mode().Perm() != 0o600 {
		t.Fatalf("backup mode %v", bi.Mode().Perm())
	}
}

func TestForeignFilesAreRefusedAndUntouched(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, bytes.Repeat([]byte("not a database\n"), 1000), 0o644)

	otherBolt := filepath.Join(dir, "other.db")
	db, err := bolt.Open(otherBolt, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error {
		b, _ := tx.CreateBucket([]byte("widgets"))
		return b.Put([]byte("k"), []byte("v"))
	})
	db.Close()

	for _, path := range []string{text, otherBolt} {
		before, _ := os.ReadFile(path)
		s, err := Open(path, Options{})
		if s != nil {
			s.Close()
		}
		wantCode(t, err, accounts.EFORMAT)
		if want := path + " is not a Keycard database"; !strings.Contains(say(err), want) {
			t.Fatalf("message %q lacks %q", err, want)
		}
		after, _ := os.ReadFile(path)
		if !bytes.Equal(before, after) {
			t.Fatalf("%s was changed", path)
		}
	}
}

func TestEmptyFileIsInitialised(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.db")
	os.WriteFile(path, nil, 0o600)
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mkAccount(t, s, "Acme", "x")
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
}

func setSchema(t *testing.T, path string, n int) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error { return putSchema(tx, n) }); err != nil {
		t.Fatal(err)
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	s, path := newStore(t)
	mkAccount(t, s, "Acme", "x")
	s.Close()
	setSchema(t, path, schemaVersion+1)
	before, _ := os.ReadFile(path)
	for _, ro := range []bool{false, true} {
		_, err := Open(path, Options{ReadOnly: ro})
		wantCode(t, err, accounts.EVERSION)
		if !strings.Contains(say(err), "newer version of Keycard") {
			t.Fatal(err)
		}
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("a file from a newer version was changed")
	}
}

// TestMigrationFrom1 writes a schema 1 file (records only) by hand and
// checks that opening it builds the summaries and indexes.
func TestMigrationFrom1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := accounts.Account{Meta: accounts.Meta{ID: accounts.NewID(), Version: 3}, Name: "Old", Owner: "Li Wei",
		Tier: accounts.TierKey, Stage: accounts.StageMature, RenewalDate: accounts.NewDate(2027, 1, 1)}
	c := accounts.Contact{Meta: accounts.Meta{ID: accounts.NewID(), Version: 1}, AccountID: a.ID, Name: "Zhang", Influence: 3}
	v := accounts.Visit{Meta: accounts.Meta{ID: accounts.NewID(), Version: 1}, AccountID: a.ID, At: t0, Kind: accounts.KindCall,
		NextSteps: []accounts.NextStep{{ID: accounts.NewID(), Text: "call", Due: accounts.NewDate(2026, 12, 1)}}}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range recordBuckets {
			tx.CreateBucket(b)
		}
		put := func(k []byte, x any) {
			raw, _ := json.Marshal(x)
			tx.Bucket(bktData).Put(k, raw)
		}
		put(accountKey(a.ID), a)
		put(childKey(a.ID, kindContact, c.ID), c)
		put(visitKey(a.ID, v.At, v.ID), v)
		return putSchema(tx, 1)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}

	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	st, _ := s.Stats()
	if st.Schema != schemaVersion {
		t.Fatal(st)
	}
	sums, _ := s.Summaries()
	if len(sums) != 1 || sums[0].OpenFollowUps != 1 || sums[0].LastVisit != accounts.DateOf(t0) || sums[0].ContactNames[0] != "Zhang" {
		t.Fatalf("summaries after migration: %+v", sums)
	}
	fu, _ := s.FollowUps(accounts.NewDate(2026, 12, 31))
	r, _ := s.Renewals(accounts.Date{}, accounts.Date{})
	got, err := s.Contact(c.ID)
	if len(fu) != 1 || len(r) != 1 || err != nil || got.Name != "Zhang" {
		t.Fatalf("indexes after migration: %v %v %v", fu, r, err)
	}
}

// TestMigrationFrom2 makes a schema 2 file (records and indexes, no facts)
// and checks that opening it builds the facts and the birthday index.
func TestMigrationFrom2(t *testing.T) {
	s, path := newStore(t)
	a := mkAccount(t, s, "Old", "Li Wei")
	c := accounts.Contact{AccountID: a.ID, Name: "Zhang", Influence: 5, Birthday: accounts.NewDate(1980, 12, 3)}
	v := accounts.Visit{AccountID: a.ID, At: t0, Kind: accounts.KindCall,
		NextSteps: []accounts.NextStep{{Text: "send the offer", Due: accounts.NewDate(2026, 12, 1)}}}
	if err := s.CreateContact(&c); err != nil {
		t.Fatal(err)
	}
	v.ContactIDs = []accounts.ID{c.ID}
	if err := s.CreateVisit(&v); err != nil {
		t.Fatal(err)
	}
	s.Close()
	rewriteAs(t, path, 2, func(tx *bolt.Tx) error {
		for _, b := range factBuckets {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		return nil
	})

	s = openMigrated(t, path)
	bs, err := s.Birthdays(accounts.NewDate(2026, 11, 30), 14)
	if err != nil || len(bs) != 1 || bs[0].Name != "Zhang" || bs[0].AccountID != a.ID {
		t.Fatalf("birthdays after migration: %v %v", bs, err)
	}
	fu, err := s.FollowUps(accounts.NewDate(2026, 12, 31))
	if err != nil || len(fu) != 1 || fu[0].Step.Text != "send the offer" || !fu[0].VisitAt.Equal(t0) {
		t.Fatalf("follow-ups after migration: %v %v", fu, err)
	}
}

// A schema 3 file's visit facts had no seal: the migration writes them
// again with one, after which the check takes every visit from its fact.
func TestMigrationFrom3(t *testing.T) {
	s, path := newStore(t)
	a := mkAccount(t, s, "Old", "Li Wei")
	c := mkContact(t, s, a.ID, "Zhang", "")
	v := accounts.Visit{AccountID: a.ID, At: t0, Kind: accounts.KindOnSite, ContactIDs: []accounts.ID{c.ID},
		Outcome: accounts.OutcomePositive, NextSteps: []accounts.NextStep{{Text: "send the offer", Due: accounts.NewDate(2026, 12, 1)}}}
	if err := s.CreateVisit(&v); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// The fact as schema 3 wrote it: six fields, no seal.
	type visitFact3 struct {
		_        struct{} `cbor:",toarray"`
		At       int64
		Offset   int32
		Kind     accounts.VisitKind
		Outcome  accounts.Outcome
		Contacts []accounts.ID
		Steps    []stepFact
	}
	key := visitKey(a.ID, v.At, v.ID)
	ckey := childKey(a.ID, kindContact, c.ID)
	rewriteAs(t, path, 3, func(tx *bolt.Tx) error {
		// The contact's fact as schema 3 wrote it: twelve fields.
		cf := contactFactOf(&c)
		oldc, err := factEnc.Marshal([]any{cf.Placeholder, cf.Name, cf.Title, cf.ReportsTo, cf.Role, cf.Influence, cf.Attitude,
			cf.Trust, cf.Status, cf.LeftOn, cf.MovedTo, cf.Birthday})
		if err != nil {
			return err
		}
		if err := tx.Bucket(bktFacts).Put(ckey, oldc); err != nil {
			return err
		}
		f := visitFactOf(&v)
		old, err := factEnc.Marshal(visitFact3{At: f.At, Offset: f.Offset, Kind: f.Kind, Outcome: f.Outcome, Contacts: f.Contacts, Steps: f.Steps})
		if err != nil {
			return err
		}
		return tx.Bucket(bktFacts).Put(key, old)
	})

	s = openMigrated(t, path)
	s.db.View(func(tx *bolt.Tx) error {
		if !sealed(tx.Bucket(bktData).Get(key), tx.Bucket(bktFacts).Get(key)) {
			t.Error("the visit's fact is not sealed after the migration")
		}
		if !sealed(tx.Bucket(bktData).Get(ckey), tx.Bucket(bktFacts).Get(ckey)) {
			t.Error("the contact's fact is not sealed after the migration")
		}
		return nil
	})
	in, err := s.RiskInputFor(a.ID)
	if err != nil || len(in.Visits) != 1 || in.Visits[0].Outcome != accounts.OutcomePositive ||
		in.Visits[0].NextSteps[0].Text != "send the offer" || in.Visits[0].ContactIDs[0] != c.ID ||
		len(in.Contacts) != 1 || in.Contacts[0].Name != "Zhang" {
		t.Fatalf("risk input after the migration: %+v %v", in.Visits, err)
	}
}

// Schema 4 kept each summary as JSON under the account's id; schema 5
// keeps it as a CBOR row under a key in the list's order. The list reads
// the same after the migration, in the same order.
func TestMigrationFrom4(t *testing.T) {
	s, path := newStore(t)
	for _, name := range []string{"招商银行", "apple", "Apple", "阿里巴巴", "Zeta", "中国银行", "北京银行", "ärger", "Beta"} {
		a := mkAccount(t, s, name, "Li Wei")
		mkContact(t, s, a.ID, "Zhang "+name, "")
	}
	a := mkAccount(t, s, "Tagged", "Wang Fang")
	a.Tags, a.RenewalDate, a.CadenceDays = []string{"key", "制造业"}, accounts.NewDate(2027, 3, 1), 30
	if err := s.UpdateAccount(&a); err != nil {
		t.Fatal(err)
	}
	before, err := s.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	asSchema4(t, path, before)
	s = openMigrated(t, path)
	s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bktVisits) != nil {
			t.Error("idx_visits is still there after the migration")
		}
		return nil
	})
	after, err := s.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprintf("%+v", after), fmt.Sprintf("%+v", before); got != want {
		t.Fatalf("summaries after the migration:\n%s\nbefore:\n%s", got, want)
	}
	var names []string
	for _, r := range after {
		names = append(names, r.Name)
	}
	if got := strings.Join(names, " "); got != "apple Apple ärger Beta Tagged Zeta 阿里巴巴 北京银行 招商银行 中国银行" {
		t.Fatalf("order after the migration: %s", got)
	}
	// The row is read by hand, and a rename moves it to its new place.
	a.Name = "Aardvark"
	if err := s.UpdateAccount(&a); err != nil {
		t.Fatal(err)
	}
	s.sums.reset()
	after, _ = s.Summaries()
	if after[0].Name != "Aardvark" || len(after) != len(before) || after[0].Tags[1] != "制造业" || after[0].CadenceDays != 30 {
		t.Fatalf("after a rename the list starts %+v (%d rows)", after[0], len(after))
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
}

// asSchema4 rewrites the file at path as schema 4 left it: the summaries
// (before) as JSON under the account ids, no summary_keys, an idx_visits.
func asSchema4(t *testing.T, path string, before []Summary) {
	t.Helper()
	rewriteAs(t, path, 4, func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bktSummary); err != nil {
			return err
		}
		if err := tx.DeleteBucket(bktSumKeys); err != nil {
			return err
		}
		// Schema 4 kept every visit in idx_visits too.
		iv, err := tx.CreateBucket(bktVisits)
		if err != nil {
			return err
		}
		if err := iv.Put([]byte("2026-03-01T09:00:00.000000000Z\x00v1"), []byte("a/v/x")); err != nil {
			return err
		}
		b, err := tx.CreateBucket(bktSummary)
		if err != nil {
			return err
		}
		for i := range before {
			raw, err := json.Marshal(&before[i])
			if err != nil {
				return err
			}
			if err := b.Put([]byte(before[i].ID), raw); err != nil {
				return err
			}
		}
		return nil
	})
}

// TestOlderFileForTheGUI writes, when KEYCARD_OLDER_FILE names a path, a
// small book as schema 4 left it, for the GUI's smoke test of the upgrade
// window (scripts/smoke-gui.sh): its upgrade is over as soon as the window
// opens, which once made the app crash.
func TestOlderFileForTheGUI(t *testing.T) {
	path := os.Getenv("KEYCARD_OLDER_FILE")
	if path == "" {
		t.Skip("set KEYCARD_OLDER_FILE to write a schema-4 file there")
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Nordlicht Logistics", "华东精密制造", "Alpine Precision"} {
		mkAccount(t, s, name, "Li Wei")
	}
	before, err := s.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	asSchema4(t, path, before)
}

// NeedsUpgrade is true only for a Keycard file of an earlier schema.
func TestNeedsUpgrade(t *testing.T) {
	dir := t.TempDir()
	if NeedsUpgrade(filepath.Join(dir, "none.db")) || NeedsUpgrade(dir) {
		t.Error("no file, or a folder, needs no upgrade")
	}
	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, []byte("not a database"), 0o600)
	if NeedsUpgrade(garbage) {
		t.Error("a file that is not a database needs no upgrade: Open says what it is")
	}
	s, path := newStore(t)
	mkAccount(t, s, "Acme", "Li Wei")
	s.Close()
	if NeedsUpgrade(path) {
		t.Error("a file of this version needs no upgrade")
	}
	rewriteAs(t, path, schemaVersion-1, func(*bolt.Tx) error { return nil })
	if !NeedsUpgrade(path) {
		t.Error("a file of the schema before needs an upgrade")
	}
	openMigrated(t, path)
}

// rewriteAs changes the closed file at path as an older Keycard would have
// left it (change), and gives it that schema number.
func rewriteAs(t *testing.T, path string, schema int, change func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := change(tx); err != nil {
			return err
		}
		return putSchema(tx, schema)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
}

// openMigrated opens the older file at path, which must come out at the
// current schema and pass the check.
func openMigrated(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if st, _ := s.Stats(); st.Schema != schemaVersion {
		t.Fatal(st)
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestMigrationFailureLeavesFileAsItWas(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	db, _ := bolt.Open(path, 0o600, nil)
	db.Update(func(tx *bolt.Tx) error {
		for _, b := range recordBuckets {
			tx.CreateBucket(b)
		}
		tx.Bucket(bktData).Put([]byte("x/a"), []byte("{broken"))
		return putSchema(tx, 1)
	})
	db.Close()
	_, err := Open(path, Options{})
	if err == nil {
		t.Fatal("a broken record migrated")
	}
	db, _ = bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	defer db.Close()
	db.View(func(tx *bolt.Tx) error {
		st, _ := readSchema(tx, path)
		if st.schema != 1 || tx.Bucket(bktSummary) != nil {
			t.Fatal("failed migration was partly committed")
		}
		return nil
	})
}

// The helper process: run by the lock and crash tests as a second process.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv("KEYCARD_TEST_HELPER")
	if mode == "" {
		t.Skip("only run as a child process")
	}
	path := os.Getenv("KEYCARD_TEST_DB")
	s, err := Open(path, Options{})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	switch mode {
	case "hold":
		fmt.Println("ready")
		io.Copy(io.Discard, os.Stdin) // until the parent closes stdin or kills us
	case "crash":
		acct := accounts.ID(os.Getenv("KEYCARD_TEST_ACCOUNT"))
		for i := 0; ; i++ {
			v := accounts.Visit{AccountID: acct, At: time.Now().UTC(), Kind: accounts.KindCall, Summary: strings.Repeat("x", i%500),
				NextSteps: []accounts.NextStep{{Text: "again", Due: accounts.DateOf(time.Now()).AddDays(3)}}}
			if err := s.CreateVisit(&v); err != nil {
				fmt.Println("error:", err)
				os.Exit(2)
			}
			fmt.Println(v.ID)
		}
	}
	s.Close()
	os.Exit(0)
}

func helper(t *testing.T, mode, path string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), append([]string{"KEYCARD_TEST_HELPER=" + mode, "KEYCARD_TEST_DB=" + path}, env...)...)
	return cmd
}

func TestSecondProcessGetsLockedError(t *testing.T) {
	s, path := newStore(t)
	mkAccount(t, s, "Acme", "x")
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := s.BackupFile(backup); err != nil {
		t.Fatal(err)
	}
	s.Close()

	cmd := helper(t, "hold", path)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); cmd.Process.Kill(); cmd.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("child: %q %v", line, err)
	}
	for _, ro := range []bool{false, true} {
		start := time.Now()
		_, err = Open(path, Options{ReadOnly: ro})
		took := time.Since(start)
		wantCode(t, err, accounts.ELOCKED)
		want := "Keycard's database is already open in another window (" + path + "). Close the other Keycard window or command and try again."
		if say(err) != want {
			t.Fatalf("message %q", err)
		}
		if took > 1500*time.Millisecond {
			t.Fatalf("took %v to give up", took)
		}
	}
	// Restoring over a database another process has open is refused.
	wantCode(t, Restore(backup, path), accounts.ELOCKED)
}

// TestCrashKeepsCommittedWrites kills a writing child process at random
// moments; every visit it reported committed must survive, and the file
// must pass the check.
func TestCrashKeepsCommittedWrites(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL is Unix")
	}
	s, path := newStore(t)
	a := mkAccount(t, s, "Acme", "x")
	s.Close()
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	total := 0
	for round := 0; round < 5; round++ {
		cmd := helper(t, "crash", path, "KEYCARD_TEST_ACCOUNT="+string(a.ID))
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		ids := make(chan []string)
		go func() {
			var got []string
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				// A line is one write of at most a few dozen bytes, which a
				// pipe delivers whole; a cut line would not be an id.
				if line := sc.Text(); len(line) == 36 || strings.HasPrefix(line, "error:") {
					got = append(got, line)
				}
			}
			ids <- got
		}()
		time.Sleep(time.Duration(300+r.IntN(900)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		got := <-ids
		cmd.Wait()
		if len(got) > 0 && strings.HasPrefix(got[0], "error:") {
			t.Fatal(got[0])
		}

		s, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if err := s.Check(); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		for _, id := range got {
			if _, err := s.Visit(accounts.ID(id)); err != nil {
				t.Fatalf("round %d: visit %s reported committed is missing: %v", round, id, err)
			}
		}
		total += len(got)
		s.Close()
	}
	if total == 0 {
		t.Fatal("the child committed nothing; the test proved nothing")
	}
	t.Logf("%d committed visits survived 5 kills", total)
}
