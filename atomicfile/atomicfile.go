// Package atomicfile writes a file so that it is either the complete new
// content or untouched: a crash, a full disk or a failing renderer never
// leaves a half-written plan, bundle or backup where a good one was. Files
// carrying customer data are created owner-only from the first byte, so
// another account on the computer never gets a moment to read them.
//
// It is the one place Keycard writes such files; the CLI, the app and the
// store call it and word its errors for the person.
package atomicfile

import (
	"keycard/accounts"

	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// ErrIsFolder is the reason Write refuses a path that names a folder: the
// person meant a file inside it.
var ErrIsFolder = errors.New("is a folder")

// ErrInUse is the reason a finished file could not replace the old one:
// another program holds it open (Windows refuses to replace a PDF a viewer
// shows, and an antivirus scanner holds a new file for a moment).
var ErrInUse = errors.New("the file is open in another program")

// How long Write keeps trying to replace a file another program holds: a
// scanner lets go within a second; a viewer does not, and the person is
// told to close it.
const (
	inUseTries = 20
	inUsePause = 100 * time.Millisecond
)

// rename and inUse are the file system's, replaced by tests: only Windows
// refuses to replace a file that is open, so only there does inUse say so.
var (
	rename = os.Rename
	inUse  = heldByAnotherProgram
)

// replace renames tmp to path, trying again while another program holds
// path.
func replace(tmp, path string) error {
	var err error
	for try := 0; try < inUseTries; try++ {
		if err = rename(tmp, path); err == nil || !inUse(err) {
			return err
		}
		time.Sleep(inUsePause)
	}
	return fmt.Errorf("%w: %w", ErrInUse, err)
}

// Steps of Write that can fail besides fill, as Error.Op names them.
const (
	OpCreate = "create" // the temporary file could not be made in the folder
	OpFinish = "finish" // flushing, syncing, closing or renaming failed
)

// Error reports a failure of Write itself, as opposed to an error of fill,
// which Write returns unchanged. Callers tell the two apart to word the
// message: a missing folder, a full disk or a refused permission call for
// different advice than a failed renderer.
type Error struct {
	Op   string // OpCreate or OpFinish
	Path string // the file that was to be written
	Err  error
}

func (e *Error) Error() string {
	if e.Op == OpCreate {
		return fmt.Sprintf("create %s: %v", e.Path, e.Err)
	}
	return fmt.Sprintf("finish writing %s: %v", e.Path, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Phrase is the failure as something a person can act on, for the CLI and
// the app to show; what a fill error means only its caller can say.
func (e *Error) Phrase() accounts.Phrase {
	dir := filepath.Dir(e.Path)
	switch {
	case errors.Is(e.Err, ErrIsFolder):
		return accounts.Say("file.is_folder", "Path", e.Path)
	case errors.Is(e.Err, ErrInUse):
		return accounts.Say("file.in_use", "Path", e.Path, "Name", filepath.Base(e.Path))
	case e.Op == OpCreate && errors.Is(e.Err, fs.ErrNotExist):
		return accounts.Say("file.no_folder", "Dir", dir, "Name", filepath.Base(e.Path))
	case e.Op == OpCreate:
		return accounts.Say("file.cannot_write", "Dir", dir)
	}
	return accounts.Say("file.not_finished", "Path", e.Path)
}

// Write creates or replaces path with what fill writes. It writes to a
// temporary file in the same folder (so the final rename never crosses
// disks), flushes and syncs it, and renames it into place; on any error the
// temporary file is removed and path keeps its old content, if it had any.
// perm is set on the temporary file before fill runs (0o600 for customer
// data, 0o644 for a document meant to be shared). The folder must exist.
func Write(path string, perm os.FileMode, fill func(w io.Writer) error) error {
	return WriteChecked(path, perm, fill, nil)
}

// WriteChecked is Write with a check of the finished temporary file (flushed
// and synced, under its temporary name) before it is renamed into place: a
// backup that does not read back is never put where a good one was. An
// error of check is returned unchanged and path keeps its old content.
func WriteChecked(path string, perm os.FileMode, fill func(w io.Writer) error, check func(tmp string) error) (err error) {
	if fi, serr := os.Stat(path); serr == nil && fi.IsDir() {
		return &Error{Op: OpCreate, Path: path, Err: ErrIsFolder}
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return &Error{Op: OpCreate, Path: path, Err: err}
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	// Windows knows only a read-only bit; there the folder's access rules
	// keep the file private.
	if cerr := f.Chmod(perm); cerr != nil && runtime.GOOS != "windows" {
		return &Error{Op: OpCreate, Path: path, Err: cerr}
	}
	bw := bufio.NewWriter(f)
	if err = fill(bw); err != nil {
		return err
	}
	for _, step := range []func() error{bw.Flush, f.Sync, f.Close} {
		if err = step(); err != nil {
			return &Error{Op: OpFinish, Path: path, Err: err}
		}
	}
	if check != nil {
		if err = check(tmp); err != nil {
			return err
		}
	}
	if err = Replace(tmp, path); err != nil {
		return &Error{Op: OpFinish, Path: path, Err: err}
	}
	return nil
}

// Replace renames the finished, synced file tmp over path as Write does
// at its end: trying again while another program holds path for a
// moment, then syncing the folder so that the rename itself survives a
// power cut. The store puts a staged import's copy in place with it.
func Replace(tmp, path string) error {
	if err := replace(tmp, path); err != nil {
		return err
	}
	// A folder that cannot be opened or synced (Windows) loses nothing else.
	if d, derr := os.Open(filepath.Dir(path)); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
