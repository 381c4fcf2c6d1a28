package book

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"keycard/accounts"
	"keycard/storage"
)

// This file holds the automatic backups: a rotating set of checked copies of
// the database in a "backups" folder beside it, made in the background
// after the day's first change (and at start when the newest is older than
// a day), listed for the app and keycardctl, and restored through the book.
// A person who never presses Backup still has last week's data.

// Retention: every backup of the last BackupDays days is kept, and before
// that the newest of each of the BackupWeeks calendar weeks (Monday to
// Sunday) before this one.
const (
	BackupDays  = 7
	BackupWeeks = 5
)

// BackupFolder is the name of the folder beside the database.
const BackupFolder = "backups"

// Backup kinds, as the file name says.
const (
	KindDaily         = "daily"          // <base>-2026-11-30.db
	KindBeforeRestore = "before-restore" // <base>-2026-11-30-153000-before-restore.db
)

const (
	uncheckedSuffix = ".unchecked" // a copy not yet checked; it never counts
	stampLayout     = "2006-01-02-150405"
)

// BackupFile is one checked automatic backup. Only a copy that passed the
// check is given a backup's name, so every BackupFile was checked.
type BackupFile struct {
	Path string
	Day  accounts.Date // the day it was made, from its name
	Made time.Time     // when it was made (the file's time for a daily one)
	Size int64
	Kind string // KindDaily or KindBeforeRestore
}

// BackupDir is the folder of the automatic backups of the database at dbPath.
func BackupDir(dbPath string) string { return storage.BackupFolder(dbPath) }

// backupBase is the database's name without its extension: the backups of
// work.db and of keycard.db in one folder never mix.
func backupBase(dbPath string) string {
	name := filepath.Base(dbPath)
	return strings.TrimSuffix(name, filepath.Ext(name))
}

func dailyName(dbPath string, day accounts.Date) string {
	return backupBase(dbPath) + "-" + day.String() + ".db"
}

func beforeRestoreName(dbPath string, t time.Time) string {
	return backupBase(dbPath) + "-" + t.Format(stampLayout) + "-" + KindBeforeRestore + ".db"
}

// freeBeforeRestoreName is the name of the copy saved before a restore at
// t, moved on by a second while that name is taken: an undo right after a
// restore (both within one second) must not write over the very copy it is
// about to restore from.
func freeBeforeRestoreName(dbPath string, t time.Time) string {
	name := beforeRestoreName(dbPath, t)
	for i := 0; i < 3600; i++ {
		if _, err := os.Lstat(filepath.Join(BackupDir(dbPath), name)); errors.Is(err, fs.ErrNotExist) {
			break
		}
		t = t.Add(time.Second)
		name = beforeRestoreName(dbPath, t)
	}
	return name
}

// parseBackupName reads the day, the time (before-restore only) and the
// kind from a file name; ok is false for any other file.
func parseBackupName(dbPath, name string) (day accounts.Date, made time.Time, kind string, ok bool) {
	rest, found := strings.CutPrefix(name, backupBase(dbPath)+"-")
	if !found {
		return day, made, "", false
	}
	rest, found = strings.CutSuffix(rest, ".db")
	if !found {
		return day, made, "", false
	}
	if stamp, isBefore := strings.CutSuffix(rest, "-"+KindBeforeRestore); isBefore {
		t, err := time.ParseInLocation(stampLayout, stamp, time.Local)
		if err != nil {
			return day, made, "", false
		}
		return accounts.DateOf(t), t, KindBeforeRestore, true
	}
	t, err := time.Parse(time.DateOnly, rest)
	if err != nil {
		return day, made, "", false
	}
	return accounts.DateOf(t), time.Time{}, KindDaily, true
}

// ListBackups lists the checked automatic backups of the database at
// dbPath, newest first; none (and no error) when the folder does not exist.
func ListBackups(dbPath string) ([]BackupFile, error) {
	dir := BackupDir(dbPath)
	es, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &accounts.Error{Code: accounts.EINTERNAL, Err: err, Msg: accounts.Say("book.backups.unreadable", "Dir", dir)}
	}
	var out []BackupFile
	for _, e := range es {
		day, made, kind, ok := parseBackupName(dbPath, e.Name())
		if !ok || !e.Type().IsRegular() {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		if made.IsZero() {
			made = fi.ModTime()
		}
		out = append(out, BackupFile{Path: filepath.Join(dir, e.Name()), Day: day, Made: made, Size: fi.Size(), Kind: kind})
	}
	slices.SortFunc(out, func(a, b BackupFile) int {
		if c := strings.Compare(b.Day.String(), a.Day.String()); c != 0 {
			return c
		}
		return b.Made.Compare(a.Made)
	})
	return out, nil
}

// weekOf numbers the calendar week (Monday to Sunday) of d.
func weekOf(d accounts.Date) int {
	monday := accounts.NewDate(2001, time.January, 1) // a Monday
	return floorDiv(monday.DaysUntil(d), 7)
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// keepBackups splits list (newest first) into the backups to keep on today
// and those to delete: every backup of the last BackupDays days; before
// that, the newest of each of the BackupWeeks calendar weeks before this
// one. A backup dated after today (a clock put back) is kept: nothing is
// deleted that the rule does not understand.
func keepBackups(list []BackupFile, today accounts.Date) (keep, drop []BackupFile) {
	weekHas := map[int]bool{}
	for _, f := range list {
		age := f.Day.DaysUntil(today)
		w := weekOf(today) - weekOf(f.Day)
		switch {
		case age < BackupDays:
			keep = append(keep, f)
		case w <= BackupWeeks && !weekHas[w]:
			weekHas[w] = true
			keep = append(keep, f)
		default:
			drop = append(drop, f)
		}
	}
	return keep, drop
}

// verify is verifyCopy; tests replace it to fail a check.
var verify = verifyCopy

// verifyCopy opens the copy at path read-only and checks it; it is the one
// place that decides whether a backup can be trusted.
func verifyCopy(path string) error {
	// storage.Verify reads the size and both meta pages before mapping the
	// file and walks every page before bbolt's own check, so a cut or
	// damaged copy is refused instead of faulting the process.
	return storage.Verify(path)
}

// damaged is the sentence of a database whose copy failed the check: no
// backup is made of it.
func damaged(dbPath string, err error) error {
	return &accounts.Error{Code: accounts.EFORMAT, Err: err, Msg: accounts.Say("book.backup.damaged",
		"Path", dbPath, "Problem", accounts.ErrorPhrase(err), "Dir", BackupDir(dbPath))}
}

// copyChecked copies the open store to path through a temporary file in
// the same folder, checks the copy and only then gives it its name; a copy
// that fails the check is deleted and the database called damaged.
func copyChecked(s *storage.Store, path string) error {
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+uncheckedSuffix)
	if err := s.BackupFile(tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := verify(tmp); err != nil {
		os.Remove(tmp)
		return damaged(s.Path(), err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return &accounts.Error{Code: accounts.EINTERNAL, Err: err, Msg: accounts.Say("file.write_failed", "Path", path)}
	}
	syncDir(filepath.Dir(path))
	return nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// backupFolder makes the backups folder owner-only (customer data) and
// removes what an interrupted backup left: hidden temporary and unchecked
// copies.
func backupFolder(dbPath string) (string, error) {
	dir := BackupDir(dbPath)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", &accounts.Error{Code: accounts.EINTERNAL, Err: err, Msg: accounts.Say("book.backups.no_folder", "Dir", dir)}
	}
	os.Chmod(dir, 0o700)
	base := backupBase(dbPath) + "-"
	es, _ := os.ReadDir(dir)
	for _, e := range es {
		n := e.Name()
		hidden := strings.HasPrefix(n, ".") && strings.HasPrefix(strings.TrimLeft(n, "."), base)
		if hidden && (strings.HasSuffix(n, ".tmp") || strings.HasSuffix(n, uncheckedSuffix)) {
			os.Remove(filepath.Join(dir, n))
		}
	}
	return dir, nil
}

// saveBackup makes a checked backup of s named name in the backups folder.
func saveBackup(s *storage.Store, name string) (string, error) {
	dir, err := backupFolder(s.Path())
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	return path, copyChecked(s, path)
}

// pruneBackups deletes the backups the retention rule no longer keeps.
func pruneBackups(dbPath string, today accounts.Date) error {
	list, err := ListBackups(dbPath)
	if err != nil {
		return err
	}
	_, drop := keepBackups(list, today)
	for _, f := range drop {
		os.Remove(f.Path)
	}
	return nil
}

// sameFile reports whether a and b name the same file.
func sameFile(a, b string) bool {
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	if err1 == nil && err2 == nil {
		return os.SameFile(fa, fb)
	}
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}
