package atomicfile

import (
	"keycard/locale"

	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// onlyFiles lists what is in dir, so a test can see a leftover temporary file.
func onlyFiles(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteCreatesTheFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "plan.pdf")
	if err := Write(p, 0o600, writeString("%PDF-1.7 the plan")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "%PDF-1.7 the plan" {
		t.Errorf("file holds %q", b)
	}
	if got := onlyFiles(t, dir); len(got) != 1 {
		t.Errorf("folder holds %q, want only plan.pdf", got)
	}
}

func TestFailedFillLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "accounts.keycard")
	boom := errors.New("renderer failed")
	err := Write(p, 0o600, func(w io.Writer) error {
		io.WriteString(w, "half a bundle")
		return boom
	})
	if err != boom {
		t.Fatalf("got %v, want fill's own error unchanged", err)
	}
	var fe *Error
	if errors.As(err, &fe) {
		t.Error("fill's error came back as a failure of Write itself")
	}
	if got := onlyFiles(t, dir); len(got) != 0 {
		t.Errorf("a failed write left %q", got)
	}
}

func TestExistingFileIsReplacedOnlyOnSuccess(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "backup.db")
	if err := os.WriteFile(p, []byte("the previous backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, 0o600, func(w io.Writer) error {
		io.WriteString(w, "a torn copy")
		return errors.New("disk full")
	}); err == nil {
		t.Fatal("a failing fill reported success")
	}
	if b, _ := os.ReadFile(p); string(b) != "the previous backup" {
		t.Errorf("a failed write changed the file to %q", b)
	}
	if err := Write(p, 0o600, writeString("the new backup")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "the new backup" {
		t.Errorf("a finished write left %q", b)
	}
	if got := onlyFiles(t, dir); len(got) != 1 {
		t.Errorf("folder holds %q, want only backup.db", got)
	}
}

func TestPermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix permission bits")
	}
	dir := t.TempDir()
	for _, perm := range []os.FileMode{0o600, 0o644} {
		p := filepath.Join(dir, perm.String())
		var during os.FileMode
		err := Write(p, perm, func(w io.Writer) error {
			// The customer data must not be readable by others even while
			// it is being written.
			es, _ := os.ReadDir(dir)
			for _, e := range es {
				if fi, err := e.Info(); err == nil && fi.Name() != filepath.Base(p) && filepath.Ext(fi.Name()) == ".tmp" {
					during = fi.Mode().Perm()
				}
			}
			return writeString("x")(w)
		})
		if err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != perm {
			t.Errorf("file has mode %v, want %v", fi.Mode().Perm(), perm)
		}
		if during != perm {
			t.Errorf("temporary file had mode %v while being filled, want %v", during, perm)
		}
	}
}

func TestWriteErrorsNameTheStep(t *testing.T) {
	dir := t.TempDir()
	filled := false
	fill := func(w io.Writer) error { filled = true; return nil }

	err := Write(dir, 0o600, fill)
	var fe *Error
	if !errors.As(err, &fe) || fe.Op != OpCreate || !errors.Is(err, ErrIsFolder) {
		t.Errorf("writing onto a folder: got %v, want a create error for a folder", err)
	}

	err = Write(filepath.Join(dir, "missing", "plan.pdf"), 0o600, fill)
	if !errors.As(err, &fe) || fe.Op != OpCreate || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("writing into a missing folder: got %v, want a create error that says not found", err)
	}
	if filled {
		t.Error("fill ran although the file could not be created")
	}
}

func TestFailedRenameLeavesNoTemporaryFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "plan.pdf")
	// A folder appears at path while the file is being written, so the
	// final rename cannot succeed.
	err := Write(p, 0o600, func(w io.Writer) error {
		if err := os.MkdirAll(filepath.Join(p, "inside"), 0o700); err != nil {
			return err
		}
		return writeString("the plan")(w)
	})
	var fe *Error
	if !errors.As(err, &fe) || fe.Op != OpFinish {
		t.Fatalf("got %v, want a finish error", err)
	}
	if got := onlyFiles(t, dir); len(got) != 1 || got[0] != "plan.pdf" {
		t.Errorf("folder holds %q, want only the folder plan.pdf", got)
	}
}

func TestMessageSaysWhatToDo(t *testing.T) {
	dir := t.TempDir()
	fill := writeString("x")
	cases := []struct {
		name, path, want string
	}{
		{"folder", dir, dir + " is a folder; name the file to write."},
		{"missing folder", filepath.Join(dir, "nope", "plan.pdf"),
			"The folder " + filepath.Join(dir, "nope") + " does not exist; create it or choose another place for plan.pdf."},
	}
	for _, c := range cases {
		var fe *Error
		if err := Write(c.path, 0o600, fill); !errors.As(err, &fe) || locale.Say(locale.English, fe.Phrase()) != c.want {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
}

// errHeld stands for Windows' sharing violation in the tests of the retry.
var errHeld = errors.New("held by another program")

func holdFor(t *testing.T, refusals int) *int {
	t.Helper()
	calls := 0
	oldRename, oldInUse := rename, inUse
	t.Cleanup(func() { rename, inUse = oldRename, oldInUse })
	inUse = func(err error) bool { return errors.Is(err, errHeld) }
	rename = func(from, to string) error {
		calls++
		if refusals < 0 || calls <= refusals {
			return &os.LinkError{Op: "rename", Old: from, New: to, Err: errHeld}
		}
		return os.Rename(from, to)
	}
	return &calls
}

// A file an antivirus scanner holds for a moment is replaced once it lets
// go; one a viewer keeps open gets "close it in the other program", and
// the old file and the folder stay as they were.
func TestReplaceRetriesWhileAnotherProgramHoldsTheFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plan-Acme-2026-11-30.pdf")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	calls := holdFor(t, 3)
	if err := Write(path, 0o644, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatalf("a file held for a moment: %v", err)
	}
	if raw, _ := os.ReadFile(path); string(raw) != "new" || *calls != 4 {
		t.Errorf("content %q after %d tries", raw, *calls)
	}

	holdFor(t, -1)
	err := Write(path, 0o644, func(w io.Writer) error { _, err := io.WriteString(w, "newer"); return err })
	var ae *Error
	if !errors.As(err, &ae) || !errors.Is(err, ErrInUse) || ae.Phrase().Key != "file.in_use" {
		t.Fatalf("a file a viewer keeps open: %v", err)
	}
	if raw, _ := os.ReadFile(path); string(raw) != "new" {
		t.Errorf("the old file became %q", raw)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("the folder holds %d files; the temporary file was left", len(ents))
	}
}
