package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
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
	// collation is the collation the summary keys were made with
	// (sumrow.go); when it is not this build's, opening makes them again.
	collation string
}

// probe opens an existing, non-empty file read-only and reads its schema,
// so that a file that is not Keycard's is never opened for writing (opening
// for writing may grow the file on some systems).
func probe(path string, timeout time.Duration) (st schemaState, err error) {
	db, err := openGuarded(path, &bolt.Options{Timeout: timeout, ReadOnly: true, OpenFile: openFile})
	if err != nil {
		return st, openFailure(path, err, true)
	}
	defer db.Close()
	// A damaged file can make bbolt panic, or fault, while reading pages.
	guarded := &Store{path: path}
	err = guarded.guard(func() error {
		return db.View(func(tx *bolt.Tx) error {
			st, err = readSchema(tx, path)
			return err
		})
	})
	return st, err
}

// openFile opens the database file for bbolt; tests replace it to play a
// read-only disk.
var openFile = os.OpenFile

// openFailure words an error of bolt.Open. The file was inspected before,
// so what is left is the lock, the file system or damage.
func openFailure(path string, err error, readOnly bool) error {
	var ke *accounts.Error
	switch {
	case errors.As(err, &ke):
		return err
	case errors.Is(err, bolterrors.ErrTimeout):
		return lockedError(path, err)
	case errors.Is(err, syscall.EROFS):
		return &accounts.Error{Code: accounts.EINVALID, Err: err, Msg: accounts.Say("storage.open.read_only_disk", "Path", path, "Dir", filepath.Dir(path))}
	case !readOnly && errors.Is(err, fs.ErrPermission):
		return &accounts.Error{Code: accounts.EINVALID, Err: err, Msg: accounts.Say("storage.open.not_writable", "Path", path)}
	case errors.Is(err, fs.ErrPermission) || errors.Is(err, fs.ErrNotExist):
		return ioError("open", path, err)
	case errors.As(err, new(*fs.PathError)):
		return ioError("open", path, err)
	}
	return notKeycardError(path, err)
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
	return schemaState{schema: n, collation: string(meta.Get(keyCollation))}, nil
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
		// Inspect the file before bbolt maps it: a cut-short or written-over
		// file is refused with a sentence, not a memory fault.
		if err := checkFile(path); err != nil {
			return nil, err
		}
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
			if errors.Is(err, syscall.EROFS) {
				return nil, openFailure(path, err, false)
			}
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

	bopts := bolt.Options{Timeout: timeout, ReadOnly: opts.ReadOnly, NoSync: opts.NoSync, OpenFile: openFile}
	db, err := openGuarded(path, &bopts)
	if err != nil {
		return nil, openFailure(path, err, opts.ReadOnly)
	}
	s := &Store{path: path, now: now, db: db, readOnly: opts.ReadOnly, bopts: bopts}
	if opts.ReadOnly {
		return s, nil
	}
	tightenMode(path)
	removeStaleTemps(path)
	// Read the schema again now that the file is locked: it may have changed
	// since the probe. A file that is up to date needs no write transaction
	// (whose commit would sync the file for nothing).
	err = s.guard(func() error {
		return db.View(func(tx *bolt.Tx) error {
			st, err = readSchema(tx, path)
			return err
		})
	})
	if err == nil && (st.fresh || st.schema != schemaVersion || st.collation != collationVersion()) {
		err = s.guard(func() error {
			return db.Update(func(tx *bolt.Tx) error {
				return prepare(tx, path)
			})
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
	s.linked.Store(s.maybeLinked())
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
		if err := migrate(tx, st.schema); err != nil {
			return err
		}
		return rekeySummaries(tx)
	case st.collation != collationVersion():
		return rekeySummaries(tx)
	}
	return nil
}

func initialise(tx *bolt.Tx) error {
	for _, b := range slices.Concat(recordBuckets, indexBuckets, factBuckets, historyBuckets) {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return err
		}
	}
	if err := putSchema(tx, schemaVersion); err != nil {
		return err
	}
	return tx.Bucket(bktMeta).Put(keyCollation, []byte(collationVersion()))
}

func putSchema(tx *bolt.Tx, n int) error {
	b, _ := json.Marshal(n)
	return tx.Bucket(bktMeta).Put(keySchema, b)
}

// tightenMode makes an existing database owner-only: files made before
// Keycard created them 0600, or copied in by hand, may be readable by every
// account on the computer. Windows keeps files private through the folder's
// access rules instead. A file Keycard may not chmod is left as it is.
func tightenMode(path string) {
	if runtime.GOOS == "windows" {
		return
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		_ = os.Chmod(path, fi.Mode().Perm()&0o700)
	}
}

// closeWait bounds how long Close waits for the transactions under way
// before it lets bbolt wait for them.
const closeWait = time.Minute

func (s *Store) close() error {
	if s == nil {
		return nil
	}
	// Closing waits for a write under way (a staged import included, which
	// would otherwise put its copy in place of a closed file) and for the
	// transactions inside, as bbolt's Close does; the gate then turns
	// later ones away with "closed" instead of a nil handle.
	s.writing.Lock()
	defer s.writing.Unlock()
	shut := s.gate.shut(closeWait)
	defer func() {
		if shut {
			s.gate.open()
		}
	}()
	if s.db == nil {
		return nil
	}
	err := s.db.Close()
	s.db = nil
	if err != nil {
		return ioError("close", s.path, err)
	}
	return nil
}
