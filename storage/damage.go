package storage

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
)

// ErrDamaged is the cause (errors.Is) of every error that says a database or
// backup file is damaged: cut short, written over, or with pages bbolt cannot
// read. The person is told to restore a backup.
var ErrDamaged = errors.New("damaged database file")

// IsDamaged reports whether err says a database or backup file is damaged.
func IsDamaged(err error) bool { return errors.Is(err, ErrDamaged) }

// BackupFolder is where the automatic backups of the database at dbPath
// are kept (the folder "backups" beside it), named in the "damaged"
// sentence so a person knows where to restore from.
func BackupFolder(dbPath string) string { return filepath.Join(filepath.Dir(dbPath), "backups") }

// damagedError says the database at path is damaged and where its backups
// are; the technical cause is kept for logs and errors.Is.
func damagedError(path string, cause error) error {
	return damaged("storage.damaged", path, cause)
}

// damagedReadError says a damaged page was met in a database already open;
// from now on the store writes nothing.
func damagedReadError(path string, cause error) error {
	return damaged("storage.damaged_read", path, cause)
}

func damaged(key, path string, cause error) error {
	msg := accounts.Say(key, "Path", path, "Dir", BackupFolder(path))
	return &accounts.Error{Code: accounts.EFORMAT, Msg: msg, Err: fmt.Errorf("%w: %v", ErrDamaged, cause)}
}

// guard runs fn, turning a panic or a memory fault inside it (bbolt
// decoding a damaged page, a page beyond a cut-short file) into the
// "damaged" error instead of a crash, and marking the store damaged so that
// nothing more is written to it or backed up from it.
func (s *Store) guard(fn func() error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if r := recover(); r != nil {
			if cp, ok := r.(callerPanic); ok {
				panic(cp.v) // not the file's fault: the caller's callback
			}
			s.damaged.Store(true)
			err = damagedReadError(s.path, fmt.Errorf("reading the file failed: %v", r))
		}
	}()
	err = fn()
	var ke *accounts.Error
	if IsDamaged(err) && !errors.As(err, &ke) {
		s.damaged.Store(true)
		err = damagedReadError(s.path, err)
	}
	return err
}

// callerPanic carries a panic of a caller's callback through guard, which
// lets it go on unchanged.
type callerPanic struct{ v any }

// callOut runs a caller's callback inside a transaction so that its panics
// are not taken for damage.
func callOut(fn func() error) error {
	defer func() {
		if r := recover(); r != nil {
			if sp, ok := r.(storePanic); ok {
				panic(sp.v) // the store's own, called back from fn
			}
			panic(callerPanic{r})
		}
	}()
	return fn()
}

// storePanic carries a panic of the store's own code, called back from a
// caller's callback, through callOut, so that guard sees it as its own.
type storePanic struct{ v any }

// refuseDamaged is the error for a write or backup after damage was seen.
func (s *Store) refuseDamaged() error {
	if s.damaged.Load() {
		return damagedReadError(s.path, errors.New("damage was found earlier in this session"))
	}
	return nil
}

// openGuarded is bolt.Open with faults turned into the "damaged" error: the
// file was inspected first, so this is the last line only.
func openGuarded(path string, opts *bolt.Options) (db *bolt.DB, err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, damagedError(path, fmt.Errorf("opening the file failed: %v", r))
		}
	}()
	return bolt.Open(path, 0o600, opts)
}

// Verify says whether the file at path is a sound Keycard database: its
// size and meta pages agree (checked before the file is mapped), bbolt's
// structural check passes, and so does Keycard's own (every record decodes,
// every index and summary is right), the same check restore makes. It opens
// the file read-only and changes nothing. It returns nil, or an
// *accounts.Error: EFORMAT for a damaged file (IsDamaged) or one that is not
// Keycard's, ENOTFOUND, ELOCKED when a Keycard window has the file open,
// EVERSION for a file of a newer (or, read-only, an older) schema.
func Verify(path string) error {
	s, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	return s.Check()
}
