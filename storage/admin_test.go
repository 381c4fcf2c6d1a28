package storage

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
)

func TestBackupWhileWritingPassesCheck(t *testing.T) {
	s, _ := newStore(t)
	a := mkAccount(t, s, "Acme", "Li Wei")
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			v := accounts.Visit{AccountID: a.ID, At: t0.Add(time.Duration(i) * time.Minute), Kind: accounts.KindCall,
				NextSteps: []accounts.NextStep{{Text: "x", Due: accounts.DateOf(t0).AddDays(i % 30)}}}
			if err := s.CreateVisit(&v); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	dir := t.TempDir()
	for i := 0; i < 5; i++ {
		time.Sleep(30 * time.Millisecond)
		path := filepath.Join(dir, "backup.db")
		if err := s.BackupFile(path); err != nil {
			t.Fatal(err)
		}
		b, err := Open(path, Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Check(); err != nil {
			t.Fatalf("backup %d: %v", i, err)
		}
		b.Close()
	}
	close(stop)
	wg.Wait()
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	err := s.BackupFile(s.Path())
	wantCode(t, err, accounts.EINVALID)
}

func TestRestoreReplacesTheDatabase(t *testing.T) {
	s, path := newStore(t)
	a := mkAccount(t, s, "Before", "Li Wei")
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := s.BackupFile(backup); err != nil {
		t.Fatal(err)
	}
	mkAccount(t, s, "After the backup", "Li Wei")
	s.Close()

	if err := Restore(backup, path); err != nil {
		t.Fatal(err)
	}
	r, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sums, _ := r.Summaries()
	if len(sums) != 1 || sums[0].ID != a.ID {
		t.Fatalf("restored: %+v", sums)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("restored mode %v", fi.Mode().Perm())
	}
	r.Close()

	// A file that is not a backup is refused and the database kept.
	junk := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(junk, bytes.Repeat([]byte{7}, 8192), 0o600)
	before, _ := os.ReadFile(path)
	wantCode(t, Restore(junk, path), accounts.EFORMAT)
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("a refused restore changed the database")
	}
}

func TestCheckFindsBrokenIndexes(t *testing.T) {
	cases := []struct {
		name   string
		break_ func(tx *bolt.Tx, a accounts.Account, v accounts.Visit)
		want   string
	}{
		{"missing due entry", func(tx *bolt.Tx, a accounts.Account, v accounts.Visit) {
			tx.Bucket(bktDue).Delete(dueKey(v.NextSteps[0].Due, v.ID, v.NextSteps[0].ID))
		}, "idx_due lacks"},
		{"dangling owner entry", func(tx *bolt.Tx, a accounts.Account, v accounts.Visit) {
			tx.Bucket(bktOwner).Put(ownerKey("Ghost", accounts.NewID()), nil)
		}, "idx_owner has the entry"},
		{"stale summary", func(tx *bolt.Tx, a accounts.Account, v accounts.Visit) {
			staleSummary(t, tx, a.ID)
		}, "summary of account"},
		{"summary of a deleted account", func(tx *bolt.Tx, a accounts.Account, v accounts.Visit) {
			raw, _ := encodeSummary(&Summary{ID: "gone", Name: "Gone"})
			tx.Bucket(bktSummary).Put(summaryKey("Gone", "gone"), raw)
		}, "summary has an entry for the account gone, which does not exist"},
		{"summary key of a deleted account", func(tx *bolt.Tx, a accounts.Account, v accounts.Visit) {
			tx.Bucket(bktSumKeys).Put([]byte("gone"), summaryKey("Gone", "gone"))
		}, "summary_keys has an entry for the account gone, which does not exist"},
		{"summary under another name's key", func(tx *bolt.Tx, a accounts.Account, v accounts.Visit) {
			row := tx.Bucket(bktSummary).Get(summaryAt(tx, a.ID))
			tx.Bucket(bktSummary).Put(summaryKey("Zzz", a.ID), bytes.Clone(row))
		}, "second row for the account"},
		{"summary key pointing elsewhere", func(tx *bolt.Tx, a accounts.Account, v accounts.Visit) {
			tx.Bucket(bktSumKeys).Put([]byte(a.ID), summaryKey("Zzz", a.ID))
		}, "summary of account"},
		{"wrong open step", func(tx *bolt.Tx, a accounts.Account, v accounts.Visit) {
			tx.Bucket(bktOpen).Put(openKey(a.ID, accounts.Date{}, v.ID, "nostep"), nil)
		}, "idx_open has the entry"},
		{"orphan record", func(tx *bolt.Tx, a accounts.Account, v accounts.Visit) {
			tx.Bucket(bktData).Put(childKey("nobody", kindContact, "c1"), []byte(`{}`))
		}, "belongs to no account"},
		{"id pointing elsewhere", func(tx *bolt.Tx, a accounts.Account, v accounts.Visit) {
			tx.Bucket(bktIDs).Put([]byte(v.ID), []byte("x/a"))
		}, "points at"},
		{"missing visit facts", func(tx *bolt.Tx, a accounts.Account, v accounts.Visit) {
			tx.Bucket(bktFacts).Delete(visitKey(a.ID, v.At, v.ID))
		}, "facts lacks the entry"},
		{"stale visit facts", func(tx *bolt.Tx, a accounts.Account, v accounts.Visit) {
			f := visitFactOf(&v)
			f.Outcome = accounts.OutcomeNegative
			raw, _ := factEnc.Marshal(f)
			tx.Bucket(bktFacts).Put(visitKey(a.ID, v.At, v.ID), raw)
		}, "facts entry"},
		{"visit record changed under its sealed facts", func(tx *bolt.Tx, a accounts.Account, v accounts.Visit) {
			key := visitKey(a.ID, v.At, v.ID)
			raw := bytes.Replace(tx.Bucket(bktData).Get(key), []byte(`"kind":"onsite"`), []byte(`"kind":"email"`), 1)
			if bytes.Equal(raw, tx.Bucket(bktData).Get(key)) {
				panic("the visit's kind is not onsite")
			}
			tx.Bucket(bktData).Put(key, raw)
		}, "facts entry"},
		{"contact record changed under its sealed facts", func(tx *bolt.Tx, a accounts.Account, v accounts.Visit) {
			c := tx.Bucket(bktData).Cursor()
			pre := childKey(a.ID, kindContact, "")
			k, raw := c.Seek(pre)
			if !bytes.HasPrefix(k, pre) {
				panic("the account has no contact")
			}
			changed := bytes.Replace(raw, []byte(`"influence":3`), []byte(`"influence":4`), 1)
			if bytes.Equal(changed, raw) {
				panic("the contact's influence is not 3")
			}
			tx.Bucket(bktData).Put(append([]byte(nil), k...), changed)
		}, "facts entry"},
		{"a byte of the visit's facts changed", func(tx *bolt.Tx, a accounts.Account, v accounts.Visit) {
			key := visitKey(a.ID, v.At, v.ID)
			raw := bytes.Replace(tx.Bucket(bktFacts).Get(key), []byte("onsite"), []byte("offsite"[1:]), 1)
			if bytes.Equal(raw, tx.Bucket(bktFacts).Get(key)) {
				panic("the visit's kind is not onsite")
			}
			tx.Bucket(bktFacts).Put(key, raw)
		}, "facts entry"},
		{"birthday of no one", func(tx *bolt.Tx, a accounts.Account, v accounts.Visit) {
			tx.Bucket(bktBirthdays).Put(birthdayKey(accounts.NewDate(1980, 5, 1), childKey(a.ID, kindContact, "gone")), nil)
		}, "idx_birthday has the entry"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, path := newStore(t)
			a := mkAccount(t, s, "Acme", "Li Wei")
			v := mkVisit(t, s, a.ID, t0, accounts.NewDate(2026, 12, 1))
			mkContact(t, s, a.ID, "Zhang", "")
			if err := s.Check(); err != nil {
				t.Fatal(err)
			}
			s.Close()
			db, _ := bolt.Open(path, 0o600, nil)
			db.Update(func(tx *bolt.Tx) error { c.break_(tx, a, v); return nil })
			db.Close()
			s, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			err = s.Check()
			wantCode(t, err, accounts.EFORMAT)
			if !strings.Contains(say(err), c.want) {
				t.Fatalf("check said %q, want it to mention %q", err, c.want)
			}
		})
	}
}

// The check decodes the accounts on two readers, each over its own share
// of the keys: what is wrong in either share is found, named in key order
// as one reader would, and a digest that both shares make up still matches.
func TestCheckSplitAcrossReadersFindsEverything(t *testing.T) {
	s, path := newStore(t)
	var ids []accounts.ID
	for i := range 9 {
		a := mkAccount(t, s, fmt.Sprintf("Acme %d", i), "Li Wei")
		mkVisit(t, s, a.ID, t0.AddDate(0, 0, i), accounts.NewDate(2026, 12, 1+i))
		ids = append(ids, a.ID)
	}
	if err := s.Check(); err != nil {
		t.Fatalf("a sound file split across readers: %v", err)
	}
	s.Close()
	slices.Sort(ids)
	first, last := ids[0], ids[len(ids)-1]
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	must(t, db.Update(func(tx *bolt.Tx) error {
		for _, id := range []accounts.ID{first, last} {
			staleSummary(t, tx, id)
		}
		return tx.Bucket(bktData).Put(childKey("nobody", kindContact, "c1"), []byte(`{}`))
	}))
	db.Close()
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.problems()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		fmt.Sprintf("the summary of account %s (Acme", first),
		fmt.Sprintf("the summary of account %s (Acme", last),
		`the record "nobody/c/c1" belongs to no account`,
	}
	if len(got) < len(want) {
		t.Fatalf("the check found %q, want %q first", got, want)
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i], w) {
			t.Fatalf("problem %d is %q, want %q (all: %q)", i, got[i], w, got)
		}
	}
}

// staleSummary stores, where the account's summary row is, one that is out
// of date (another name).
func staleSummary(t *testing.T, tx *bolt.Tx, id accounts.ID) {
	t.Helper()
	raw, err := encodeSummary(&Summary{ID: id, Name: "Old"})
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Bucket(bktSummary).Put(summaryAt(tx, id), raw); err != nil {
		t.Fatal(err)
	}
}
