package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"keycard/accounts"
)

const defaultLockTimeout = time.Second

func lockedError(path string, err error) error {
	return &accounts.Error{Code: accounts.ELOCKED, Err: err, Msg: accounts.Say("storage.open.locked", "Path", path)}
}

func notKeycardError(path string, err error) error {
	return &accounts.Error{Code: accounts.EFORMAT, Err: err, Msg: accounts.Say("storage.open.not_keycard", "Path", path)}
}

func newerError(path string, schema int) error {
	return accounts.Errorf(accounts.EVERSION, "storage.open.newer", "Path", path, "Schema", schema, "Max", schemaVersion)
}

func ioError(op, path string, err error) error {
	msg := accounts.Say("storage.io.failed", "Op", accounts.Phrase{Key: "storage.op." + strings.ReplaceAll(op, " ", "_")}, "Path", path)
	if errors.Is(err, fs.ErrPermission) {
		msg = accounts.Say("storage.io.denied", "Op", msg.Args["Op"], "Path", path)
	}
	return &accounts.Error{Code: accounts.EINTERNAL, Msg: msg, Err: err}
}

// schemaState is what the probe found in an existing file.
type schemaState struct {
	fresh  bool // a bbolt file without any bucket: treat as new
	schema int
}

// probe opens an existing, non-empty file read-only and reads its schema,
// so that a file that is not Keycard's is never opened for writing (opening
// for writing may grow the file on some systems).
func probe(path string, timeout time.Duration) (st schemaState, err error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout, ReadOnly: true})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return st, lockedError(path, err)
		}
		if errors.Is(err, fs.ErrPermission) || errors.Is(err, fs.ErrNotExist) {
			return st, ioError("open", path, err)
		}
		return st, notKeycardError(path, err)
	}
	defer db.Close()
	defer func() {
		// A damaged file can make bbolt panic while reading pages.
		if r := recover(); r != nil {
			err = notKeycardError(path, fmt.Errorf("%v", r))
		}
	}()
	err = db.View(func(tx *bolt.Tx) error {
		st, err = readSchema(tx, path)
		return err
	})
	return st, err
}

func readSchema(tx *bolt.Tx, path string) (schemaState, error) {
	meta := tx.Bucket(bktMeta)
	if meta == nil {
		any := false
		_ = tx.ForEach(func([]byte, *bolt.Bucket) error { any = true; return errStop })
		if !any {
			return schemaState{fresh: true}, nil
		}
		return schemaState{}, notKeycardError(path, errors.New("no meta bucket"))
	}
	raw := meta.Get(keySchema)
	n, err := strconv.Atoi(string(raw))
	if err != nil || n < 1 {
		return schemaState{}, notKeycardError(path, fmt.Errorf("schema %q", raw))
	}
	return schemaState{schema: n}, nil
}

var errStop = errors.New("stop")

func open(path string, opts Options) (*Store, error) {
	if path == "" {
		return nil, accounts.Errorf(accounts.EINVALID, "storage.open.no_path")
	}
	timeout := opts.LockTimeout
	if timeout <= 0 {
		timeout = defaultLockTimeout
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}

	st := schemaState{fresh: true}
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return nil, accounts.Errorf(accounts.EINVALID, "storage.open.folder", "Path", path, "Example", filepath.Join(path, "keycard.db"))
	case err == nil && fi.Size() > 0:
		if st, err = probe(path, timeout); err != nil {
			return nil, err
		}
		if st.schema > schemaVersion {
			return nil, newerError(path, st.schema)
		}
	case err == nil:
	case errors.Is(err, fs.ErrNotExist):
		if opts.ReadOnly {
			return nil, &accounts.Error{Code: accounts.ENOTFOUND, Err: err, Msg: accounts.Say("storage.open.missing", "Path", path)}
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, ioError("create the folder for", path, err)
		}
	default:
		return nil, ioError("open", path, err)
	}
	if opts.ReadOnly && st.fresh {
		return nil, accounts.Errorf(accounts.ENOTFOUND, "storage.open.empty", "Path", path)
	}
	if opts.ReadOnly && st.schema < schemaVersion {
		return nil, accounts.Errorf(accounts.EVERSION, "storage.open.upgrade", "Path", path)
	}

	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout, ReadOnly: opts.ReadOnly, NoSync: opts.NoSync})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, lockedError(path, err)
		}
		if errors.Is(err, fs.ErrPermission) {
			return nil, ioError("open", path, err)
		}
		return nil, notKeycardError(path, err)
	}
	s := &Store{path: path, now: now, db: db, readOnly: opts.ReadOnly}
	if opts.ReadOnly {
		return s, nil
	}
	// Read the schema again now that the file is locked: it may have changed
	// since the probe. A file that is up to date needs no write transaction
	// (whose commit would sync the file for nothing).
	err = db.View(func(tx *bolt.Tx) error {
		st, err = readSchema(tx, path)
		return err
	})
	if err == nil && (st.fresh || st.schema != schemaVersion) {
		err = db.Update(func(tx *bolt.Tx) error {
			return prepare(tx, path)
		})
	}
	if err != nil {
		db.Close()
		var ke *accounts.Error
		if errors.As(err, &ke) {
			return nil, err
		}
		return nil, &accounts.Error{Code: accounts.EINTERNAL, Err: err, Msg: accounts.Say("storage.open.prepare", "Path", path)}
	}
	return s, nil
}

// prepare initialises a new file or migrates an old one, in the caller's
// write transaction.
func prepare(tx *bolt.Tx, path string) error {
	st, err := readSchema(tx, path)
	if err != nil {
		return err
	}
	switch {
	case st.fresh:
		return initialise(tx)
	case st.schema > schemaVersion:
		return newerError(path, st.schema)
	case st.schema < schemaVersion:
		return migrate(tx, st.schema)
	}
	return nil
}

func initialise(tx *bolt.Tx) error {
	for _, b := range append(append(append([][]byte{}, recordBuckets...), indexBuckets...), historyBuckets...) {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return err
		}
	}
	return putSchema(tx, schemaVersion)
}

func putSchema(tx *bolt.Tx, n int) error {
	b, _ := json.Marshal(n)
	return tx.Bucket(bktMeta).Put(keySchema, b)
}

func (s *Store) close() error {
	if s == nil || s.db == nil {
		return nil
	}
	err := s.db.Close()
	s.db = nil
	if err != nil {
		return ioError("close", s.path, err)
	}
	return nil
}
