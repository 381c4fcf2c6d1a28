package storage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"keycard/accounts"
)

// backup writes a consistent copy of the whole file from one read
// transaction, so the app may keep writing meanwhile.
func (s *Store) backup(w io.Writer) (int64, error) {
	if s.db == nil {
		return 0, closedError()
	}
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, &accounts.Error{Code: accounts.EINTERNAL, Err: err, Message: fmt.Sprintf("The backup could not be written: %v.", err)}
	}
	return n, nil
}

// writeFileAtomic writes a new owner-only file next to path and renames it
// into place, so that path is never left half written.
func writeFileAtomic(path string, write func(w io.Writer) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return ioError("create the folder for", path, err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return ioError("write", path, err)
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := f.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		return ioError("write", path, err)
	}
	if err := write(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return ioError("write", path, err)
	}
	if err := f.Close(); err != nil {
		return ioError("write", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return ioError("write", path, err)
	}
	ok = true
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

func samePath(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	if err1 != nil || err2 != nil {
		return a == b
	}
	if fa, err := os.Stat(aa); err == nil {
		if fb, err := os.Stat(bb); err == nil && os.SameFile(fa, fb) {
			return true
		}
	}
	return aa == bb
}

func (s *Store) backupFile(path string) error {
	if samePath(path, s.path) {
		return invalid("A backup cannot overwrite the database itself (%s); choose another file.", path)
	}
	return writeFileAtomic(path, func(w io.Writer) error {
		_, err := s.backup(w)
		return err
	})
}

// restore replaces dbPath by a checked copy of backupPath.
func restore(backupPath, dbPath string) error {
	if samePath(backupPath, dbPath) {
		return invalid("The backup and the database are the same file (%s); nothing to restore.", dbPath)
	}
	b, err := Open(backupPath, Options{ReadOnly: true})
	if err != nil {
		var ke *accounts.Error
		if errors.As(err, &ke) && ke.Code == accounts.ENOTFOUND {
			return &accounts.Error{Code: accounts.ENOTFOUND, Message: fmt.Sprintf("There is no backup file at %s.", backupPath)}
		}
		return err
	}
	if err := b.Check(); err != nil {
		b.Close()
		return &accounts.Error{Code: accounts.EFORMAT, Err: err, Message: fmt.Sprintf(
			"The backup %s is damaged, so the database was not replaced: %s", backupPath, accounts.ErrorMessage(err))}
	}
	err = writeFileAtomic(dbPath+".restore", func(w io.Writer) error {
		_, err := b.Backup(w)
		return err
	})
	b.Close()
	if err != nil {
		return err
	}
	tmp := dbPath + ".restore"
	defer os.Remove(tmp)
	// Hold the database's lock while swapping files, so that a Keycard
	// window that has it open is not pulled from under its feet.
	if fi, err := os.Stat(dbPath); err == nil && fi.Size() > 0 {
		db, err := bolt.Open(dbPath, 0o600, &bolt.Options{Timeout: defaultLockTimeout, ReadOnly: true})
		if errors.Is(err, bolterrors.ErrTimeout) {
			return lockedError(dbPath, err)
		}
		if err == nil {
			if runtime.GOOS == "windows" {
				db.Close()
			} else {
				defer db.Close()
			}
		}
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return ioError("open", dbPath, err)
	}
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o700); err != nil {
		return ioError("create the folder for", dbPath, err)
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return ioError("replace", dbPath, err)
	}
	return nil
}

var errRollback = errors.New("rollback")

// check runs bbolt's own consistency check and Keycard's: every record
// decodes, every index entry points at a record, every record has its index
// entries and every summary matches its account.
func (s *Store) check() error {
	if s.db == nil {
		return closedError()
	}
	var problems []string
	add := func(format string, args ...any) {
		problems = append(problems, fmt.Sprintf(format, args...))
	}
	run := func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			add("file structure: %v", err)
		}
		if len(problems) > 0 {
			return nil // the records cannot be trusted to be readable
		}
		for _, b := range append(append([][]byte{}, recordBuckets...), indexBuckets...) {
			if tx.Bucket(b) == nil {
				add("the bucket %s is missing", b)
			}
		}
		if len(problems) > 0 {
			return nil
		}
		if st, err := readSchema(tx, s.path); err != nil || st.schema != schemaVersion {
			add("the schema number is not %d", schemaVersion)
		}
		return checkIndexes(tx, add)
	}
	var err error
	if s.readOnly {
		err = s.db.View(run)
	} else {
		// bbolt's check is safe beside other writers only inside a write
		// transaction; it is rolled back.
		err = s.db.Update(func(tx *bolt.Tx) error {
			if err := run(tx); err != nil {
				return err
			}
			return errRollback
		})
		if errors.Is(err, errRollback) {
			err = nil
		}
	}
	if err != nil {
		return wrapTx(err)
	}
	if len(problems) == 0 {
		return nil
	}
	shown := problems
	if len(shown) > 20 {
		shown = append(append([]string{}, shown[:20]...), fmt.Sprintf("and %d more", len(problems)-20))
	}
	return &accounts.Error{Code: accounts.EFORMAT, Message: fmt.Sprintf(
		"The database check found %d problem(s) in %s: %s. Restore a backup, or run the check again after closing other Keycard windows.",
		len(problems), s.path, strings.Join(shown, "; "))}
}

func checkIndexes(tx *bolt.Tx, add func(string, ...any)) error {
	expected := map[string]int{}
	forward := func(bucket, key, value []byte) error {
		expected[string(bucket)]++
		got := tx.Bucket(bucket).Get(key)
		switch {
		case got == nil:
			add("%s lacks the entry %q", bucket, key)
		case !bytes.Equal(got, value) && value != nil:
			add("%s entry %q points at %q instead of %q", bucket, key, got, value)
		}
		return nil
	}
	sumBkt := tx.Bucket(bktSummary)
	err := forEachAccount(tx, func(d *AccountData) error {
		if err := indexData(d, forward); err != nil {
			return err
		}
		expected[string(bktSummary)]++
		want, _ := json.Marshal(summaryOf(d))
		if got := sumBkt.Get([]byte(d.Account.ID)); !bytes.Equal(got, want) {
			add("the summary of account %s (%s) is out of date", d.Account.ID, d.Account.Name)
		}
		return nil
	}, func(k []byte) { add("the record %q belongs to no account", k) })
	if err != nil {
		add("%v", err)
		return nil
	}
	for _, b := range indexBuckets {
		n := 0
		c := tx.Bucket(b).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			n++
		}
		if n != expected[string(b)] {
			findExtras(tx, b, add)
		}
	}
	return tx.Bucket(bktHandovers).ForEach(func(k, v []byte) error {
		var h accounts.Handover
		if err := json.Unmarshal(v, &h); err != nil {
			add("the handover %s cannot be read: %v", k, err)
		}
		return nil
	})
}

// findExtras names the entries of an index bucket that no record accounts
// for; it runs only when the counts already disagree.
func findExtras(tx *bolt.Tx, bucket []byte, add func(string, ...any)) {
	want := map[string]bool{}
	_ = forEachAccount(tx, func(d *AccountData) error {
		if bytes.Equal(bucket, bktSummary) {
			want[string(d.Account.ID)] = true
			return nil
		}
		return indexData(d, func(b, k, _ []byte) error {
			if bytes.Equal(b, bucket) {
				want[string(k)] = true
			}
			return nil
		})
	}, func([]byte) {})
	c := tx.Bucket(bucket).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if !want[string(k)] {
			add("%s has the entry %q for a record that does not exist", bucket, k)
		}
	}
}

func (s *Store) stats() (Stats, error) {
	st := Stats{Path: s.path, Schema: schemaVersion}
	err := s.view(func(t *txn) error {
		st.SizeBytes = t.tx.Size()
		c := t.b(bktData).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			i := bytes.IndexByte(k, '/')
			if i < 0 || i+1 >= len(k) {
				continue
			}
			switch k[i+1] {
			case kindAccount:
				st.Accounts++
			case kindContact:
				st.Contacts++
			case kindLink:
				st.Links++
			case kindVisit:
				st.Visits++
			case kindWarning:
				st.Warnings++
			case kindPlan:
				st.Plans++
			}
		}
		st.Handovers = t.b(bktHandovers).Stats().KeyN
		return nil
	})
	return st, err
}
