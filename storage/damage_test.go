package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
)

// filledStore makes a closed database with enough accounts, contacts and
// visits to span many pages; it returns its path, page size and pages in use.
func filledStore(t *testing.T, n int) (path string, ps, hwm int64) {
	t.Helper()
	s, path := newStore(t)
	for i := 0; i < n; i++ {
		a := mkAccount(t, s, fmt.Sprintf("Account %03d %s", i, strings.Repeat("x", 40)), "Li Wei")
		mkContact(t, s, a.ID, fmt.Sprintf("Contact %d", i), "")
		mkVisit(t, s, a.ID, t0.Add(time.Duration(i)*time.Hour))
	}
	s.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m0, m1 := parseMeta(raw[:metaPageReadLen]), parseMeta(raw[int(parseMeta(raw).psize):])
	newer := m0
	if m1.txid > m0.txid {
		newer = m1
	}
	return path, int64(m0.psize), int64(newer.pgid)
}

func wantDamaged(t *testing.T, err error, what string) {
	t.Helper()
	if !IsDamaged(err) {
		t.Fatalf("%s: %v, want a damaged-file error", what, err)
	}
	if msg := say(err); strings.Contains(msg, "goroutine") || strings.Contains(msg, "panic") || !strings.Contains(msg, "damaged") {
		t.Fatalf("%s: message %q", what, msg)
	}
}

// TestTruncatedDatabaseIsDamaged cuts a real database short at several
// lengths: every open (read-only or not), Verify and a restore from it must
// say "damaged" and leave the file as it was; before, bbolt mapped the file
// and the first page beyond its end killed the process with SIGBUS.
func TestTruncatedDatabaseIsDamaged(t *testing.T) {
	path, ps, hwm := filledStore(t, 60)
	full, _ := os.ReadFile(path)
	lengths := []int64{100, ps - 1, ps, ps + 100, 2 * ps, 3 * ps, hwm * ps / 2, (hwm - 1) * ps, hwm*ps - 1}
	for _, n := range lengths {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			cut := filepath.Join(t.TempDir(), "keycard.db")
			os.WriteFile(cut, full[:n], 0o600)
			for _, ro := range []bool{true, false} {
				s, err := Open(cut, Options{ReadOnly: ro})
				if s != nil {
					s.Close()
				}
				wantDamaged(t, err, fmt.Sprintf("open read-only=%v", ro))
				if !strings.Contains(say(err), "Restore one of its backups") || !strings.Contains(say(err), BackupFolder(cut)) {
					t.Fatalf("message %q does not say where the backups are", say(err))
				}
			}
			wantDamaged(t, Verify(cut), "verify")
			db := filepath.Join(t.TempDir(), "live.db")
			err := Restore(cut, db)
			wantDamaged(t, err, "restore")
			if want := "The backup " + cut + " is damaged"; !strings.Contains(say(err), want) {
				t.Fatalf("restore says %q", say(err))
			}
			if _, err := os.Stat(db); !errors.Is(err, fs.ErrNotExist) {
				t.Fatal("a damaged backup created the database")
			}
			if after, _ := os.ReadFile(cut); !bytes.Equal(after, full[:n]) {
				t.Fatal("the damaged file was changed")
			}
		})
	}
	// The whole file is sound.
	if err := Verify(path); err != nil {
		t.Fatal(err)
	}
}

// TestNewestMetaOverwrittenIsRefused writes bytes over the newer meta page:
// bbolt would silently open the older state (and the next write would make
// the loss permanent); Keycard refuses the file and says it is damaged.
func TestNewestMetaOverwrittenIsRefused(t *testing.T) {
	s, path := newStore(t)
	mkAccount(t, s, "Old", "x")
	mkAccount(t, s, "Newest", "x")
	s.Close()
	raw, _ := os.ReadFile(path)
	ps := int64(parseMeta(raw).psize)
	newer := int64(0)
	if parseMeta(raw[ps:]).txid > parseMeta(raw).txid {
		newer = ps
	}
	copy(raw[newer+pageHeaderSize+40:], "garbage!") // over the pgid field
	os.WriteFile(path, raw, 0o600)
	for _, ro := range []bool{true, false} {
		s, err := Open(path, Options{ReadOnly: ro})
		if s != nil {
			sums, _ := s.Summaries()
			s.Close()
			t.Fatalf("opened the older state silently (%d accounts)", len(sums))
		}
		wantDamaged(t, err, "open")
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, raw) {
		t.Fatal("the file was changed")
	}
}

// corruptBucketRoot writes garbage over the header of a bucket's root page.
func corruptBucketRoot(t *testing.T, path string, bucket []byte) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	var root uint64
	db.View(func(tx *bolt.Tx) error { root = uint64(tx.Bucket(bucket).Root()); return nil })
	ps := int64(db.Info().PageSize)
	db.Close()
	if root == 0 {
		t.Fatal("bucket is inline; add more data")
	}
	f, _ := os.OpenFile(path, os.O_RDWR, 0)
	var hdr [16]byte
	binary.NativeEndian.PutUint64(hdr[:], root)
	binary.NativeEndian.PutUint16(hdr[8:], 0x77) // no such page type
	f.WriteAt(hdr[:], int64(root)*ps)
	f.Close()
}

// TestDamagedPageSaysDamagedAndStopsWrites: a damaged page made list panic
// with a stack; now the read says "damaged", and the store then refuses to
// write or back up, so the damage is not spread into backups.
func TestDamagedPageSaysDamagedAndStopsWrites(t *testing.T) {
	path, _, _ := filledStore(t, 60)
	corruptBucketRoot(t, path, bktSummary)
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.Summaries()
	wantDamaged(t, err, "list")
	if want := "Keycard could not read its database " + path + ": the file is damaged"; !strings.Contains(say(err), want) {
		t.Fatalf("list says %q", say(err))
	}
	err = s.CreateAccount(&accounts.Account{Name: "New", Owner: "x", Tier: accounts.TierKey, Stage: accounts.StageMature})
	wantDamaged(t, err, "write after damage")
	backup := filepath.Join(t.TempDir(), "b.db")
	wantDamaged(t, s.BackupFile(backup), "backup")
	if _, err := os.Stat(backup); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("a backup of a damaged database was written")
	}
	err = s.Check()
	if !IsDamaged(err) || strings.Contains(say(err), "panic") {
		t.Fatalf("check: %v: %s", err, say(err))
	}
}

// TestBackupRefusesDamagedDatabase: a database whose records and indexes
// disagree used to be backed up ("Backed up"), and restore refused that
// backup only when it was needed. Backup now checks the copy first.
func TestBackupRefusesDamagedDatabase(t *testing.T) {
	s, path := newStore(t)
	a := mkAccount(t, s, "Acme", "x")
	s.Close()
	db, _ := bolt.Open(path, 0o600, nil)
	db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bktData).Put(childKey(a.ID, kindContact, "c1"), []byte("{not json"))
	})
	db.Close()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	backup := filepath.Join(t.TempDir(), "b.db")
	err = s.BackupFile(backup)
	wantCode(t, err, accounts.EFORMAT)
	if !IsDamaged(err) || !strings.Contains(say(err), "no backup was made") {
		t.Fatalf("backup of a damaged database: %v (%s)", err, say(err))
	}
	if _, err := os.Stat(backup); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("the backup was written")
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(backup), ".*"))
	if len(left) > 0 {
		t.Fatalf("temporary files left: %v", left)
	}
	var buf bytes.Buffer
	if _, err := s.Backup(&buf); !IsDamaged(err) || buf.Len() > 0 {
		t.Fatalf("Backup(w) of a damaged database: %v, %d bytes", err, buf.Len())
	}
}

// TestMigrationOfBareSchema1 opens a bbolt file holding only meta.schema=1;
// the migration used to panic on the missing data bucket.
func TestMigrationOfBareSchema1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bare.db")
	db, _ := bolt.Open(path, 0o600, nil)
	db.Update(func(tx *bolt.Tx) error {
		b, _ := tx.CreateBucket(bktMeta)
		return b.Put(keySchema, []byte("1"))
	})
	db.Close()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	mkAccount(t, s, "Acme", "x")
}

func TestExistingDatabaseIsMadeOwnerOnly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("permission bits are not used on Windows")
	}
	s, path := newStore(t)
	s.Close()
	os.Chmod(path, 0o644)
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v after open", fi.Mode().Perm())
	}
}

// TestStaleRestoreCopiesAreRemoved: a killed restore left whole copies of
// the database that nothing removed. Old ones of Keycard's own names go on
// open and restore; fresh ones (a restore under way) and other files stay.
func TestStaleRestoreCopiesAreRemoved(t *testing.T) {
	s, path := newStore(t)
	s.Close()
	dir := filepath.Dir(path)
	old := time.Now().Add(-2 * time.Hour)
	stale := []string{"keycard.db.restore", "keycard.db.import", ".keycard.db.restore.123456.tmp", ".keycard.db.99.tmp"}
	kept := []string{"keycard.db.restore.bak", "notes.tmp", ".other.db.1.tmp", "keycard-backup.db"}
	for _, n := range append(append([]string{}, stale...), kept...) {
		p := filepath.Join(dir, n)
		os.WriteFile(p, []byte("copy"), 0o600)
		os.Chtimes(p, old, old)
	}
	fresh := filepath.Join(dir, ".keycard.db.restore.777.tmp")
	os.WriteFile(fresh, []byte("under way"), 0o600)
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, n := range stale {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			t.Errorf("%s was left", n)
		}
	}
	for _, n := range append(kept, filepath.Base(fresh)) {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s was removed", n)
		}
	}
}

// TestReadOnlyDiskIsNamed: on a read-only file system, bbolt's open fails
// with EROFS, which was reported as "not a Keycard database".
func TestReadOnlyDiskIsNamed(t *testing.T) {
	s, path := newStore(t)
	s.Close()
	fresh := filepath.Join(t.TempDir(), "new.db")
	defer func(f func(string, int, os.FileMode) (*os.File, error)) { openFile = f }(openFile)
	openFile = func(name string, flag int, perm os.FileMode) (*os.File, error) {
		if flag&(os.O_RDWR|os.O_WRONLY) != 0 {
			return nil, &fs.PathError{Op: "open", Path: name, Err: syscall.EROFS}
		}
		return os.OpenFile(name, flag, perm)
	}
	for _, p := range []string{path, fresh} {
		_, err := Open(p, Options{})
		if msg := say(err); !strings.Contains(msg, "read-only") || strings.Contains(msg, "not a Keycard database") {
			t.Fatalf("%s: %q", p, msg)
		}
	}
	// Reading still works.
	s, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}

// TestBranchBeyondTheFileIsDamaged points a branch page's child far beyond
// the file. bbolt's tx.Check follows it on a goroutine of its own, where the
// memory fault killed the process ("fatal error: fault", found by
// FuzzOpenAnyFile); the check now walks the pages itself first.
func TestBranchBeyondTheFileIsDamaged(t *testing.T) {
	path, ps, dataRoot, raw := filledFile(t)
	root := int64(dataRoot)
	off := root * ps
	if root == 0 || binary.NativeEndian.Uint16(raw[off+8:]) != flagBranch {
		t.Fatal("the data bucket's root is not a branch page; add more data")
	}
	// Far beyond the map, but inside the address range bbolt's map array
	// type allows, so the access is a fault rather than a bounds panic.
	binary.NativeEndian.PutUint64(raw[off+pageHeaderSize+8:], 1<<30)
	os.WriteFile(path, raw, 0o600)
	for _, ro := range []bool{true, false} {
		s, err := Open(path, Options{ReadOnly: ro})
		if err != nil {
			wantDamaged(t, err, "open")
			continue
		}
		err = s.Check()
		s.Close()
		if !IsDamaged(err) {
			t.Fatalf("check: %v", err)
		}
	}
	if err := Verify(path); !IsDamaged(err) {
		t.Fatalf("verify: %v", err)
	}
}

// TestPageOfTwoBucketsIsDamaged points the ids bucket's root at the data
// bucket's root page: the buckets are walked on two walkers, and a page
// that both reach must be named as one that a single walker reaching it
// twice would be.
func TestPageOfTwoBucketsIsDamaged(t *testing.T) {
	path, _, dataRoot, raw := filledFile(t)
	m, ps, p := readMetas(bytes.NewReader(raw), int64(len(raw)))
	if p != nil {
		t.Fatal(p)
	}
	// The root bucket's pages (a branch over leaves once it holds many
	// buckets): find the leaf element of ids and change its header.
	found := false
	var visit func(id uint64)
	visit = func(id uint64) {
		page := raw[int64(id)*ps:]
		for i := range int(order.Uint16(page[10:])) {
			at := pageHeaderSize + i*elemSize
			if order.Uint16(page[8:]) == flagBranch {
				visit(order.Uint64(page[at+8:]))
				continue
			}
			pos, ksize := int(order.Uint32(page[at+4:])), int(order.Uint32(page[at+8:]))
			if string(page[at+pos:at+pos+ksize]) == string(bktIDs) {
				order.PutUint64(page[at+pos+ksize:], dataRoot)
				found = true
			}
		}
	}
	visit(m.root)
	if !found || dataRoot == 0 {
		t.Fatal("the root bucket's pages do not list ids")
	}
	os.WriteFile(path, raw, 0o600)
	if p := walkFile(path); p == nil || !strings.Contains(p.Error(), "reached twice") {
		t.Fatalf("walk: %v", p)
	}
	if err := Verify(path); !IsDamaged(err) {
		t.Fatalf("verify: %v", err)
	}
}

// filledFile is a closed store of 200 accounts: its path, page size, the
// data bucket's root page and the file's bytes, to damage and write back.
func filledFile(t *testing.T) (path string, ps int64, dataRoot uint64, raw []byte) {
	t.Helper()
	path, ps, _ = filledStore(t, 200)
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	db.View(func(tx *bolt.Tx) error { dataRoot = uint64(tx.Bucket(bktData).Root()); return nil })
	db.Close()
	raw, err = os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, ps, dataRoot, raw
}

// TestFileCutShortUnderTheWalkIsDamaged cuts the file short after the walk
// has mapped it and found its buckets: the walkers, each on a goroutine of
// its own, meet a memory fault reading the pages past the new end, and it
// must come back as damage, not kill the process.
func TestFileCutShortUnderTheWalkIsDamaged(t *testing.T) {
	path, ps, _, _ := filledFile(t)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	mapped, unmap, ok := mapFile(f, fi.Size())
	if !ok {
		t.Skip("this system's walk reads the file instead of mapping it")
	}
	defer unmap()
	m, _, p := readMetas(f, fi.Size())
	if p != nil {
		t.Fatal(p)
	}
	newWalker := func() *walker {
		return &walker{f: f, ps: uint64(ps), hwm: m.pgid, seen: make([]uint64, m.pgid/64+1), ahead: 1, blk: mapped}
	}
	root := newWalker()
	root.buckets = &[]bucketJob{}
	if p := root.page(m.root, 0); p != nil {
		t.Fatal(p)
	}
	if err := os.Truncate(path, 2*ps); err != nil {
		t.Fatal(err)
	}
	p = walkBuckets(root, *root.buckets, []*walker{newWalker(), newWalker()}, mapped)
	if p == nil || !strings.Contains(p.Error(), "reading the file failed") {
		t.Fatalf("walk of a file cut short: %v", p)
	}
}
