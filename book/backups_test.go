package book

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"keycard/accounts"
)

// The retention table: which backups survive on a day, with the clock
// passed in. Days are given as ages (days before today).
func TestKeepBackupsRetentionTable(t *testing.T) {
	today := accounts.NewDate(2026, time.November, 30) // a Monday
	day := func(age int) accounts.Date { return today.AddDays(-age) }
	tests := []struct {
		name string
		ages []int // backups present, newest first
		keep []int
	}{
		{"nothing", nil, nil},
		{"the last seven days all stay", []int{0, 1, 2, 3, 4, 5, 6}, []int{0, 1, 2, 3, 4, 5, 6}},
		{"a day older than a week is the newest of its week: kept", []int{0, 7}, []int{0, 7}},
		// Age 7..13 is the week before (Mon 23 .. Sun 29 is age 1..7; age 8..14 the week before that).
		{"one a week before the last seven days", []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
			[]int{0, 1, 2, 3, 4, 5, 6, 7, 8, 15}},
		// Today is a Monday: age 1..7 is last week, 8..14 the one before …
		// and 36 (a Sunday) is in the sixth week back.
		{"five weeks back, not six", []int{7, 14, 21, 28, 35, 36, 43}, []int{7, 14, 21, 28, 35}},
		{"a daily rotation over seven weeks keeps 7 + 5",
			seq(0, 49), []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 15, 22, 29}},
		{"a date after today (clock put back) stays", []int{-3, 0, 60}, []int{-3, 0}},
		{"two backups of one day (a restore) both stay in the week", []int{2, 2, 3}, []int{2, 2, 3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var list []BackupFile
			for _, a := range tc.ages {
				list = append(list, BackupFile{Day: day(a)})
			}
			keep, drop := keepBackups(list, today)
			var got []int
			for _, f := range keep {
				got = append(got, f.Day.DaysUntil(today))
			}
			if !slices.Equal(got, tc.keep) {
				t.Errorf("kept ages %v, want %v", got, tc.keep)
			}
			if len(keep)+len(drop) != len(list) {
				t.Errorf("kept %d + dropped %d of %d", len(keep), len(drop), len(list))
			}
		})
	}
}

func seq(from, to int) []int {
	var out []int
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

// dayClock is a clock the test moves from day to day.
type dayClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *dayClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func (c *dayClock) nextDay(n int) {
	c.mu.Lock()
	c.t = c.t.AddDate(0, 0, n)
	c.mu.Unlock()
}

func autoBook(t *testing.T) (*Book, *dayClock, *[]error) {
	t.Helper()
	c := &dayClock{t: t0}
	b := newBook(t, Options{Now: c.now})
	var mu sync.Mutex
	var errs []error
	b.StartAutoBackups(func(err error) { mu.Lock(); errs = append(errs, err); mu.Unlock() })
	return b, c, &errs
}

func names(t *testing.T, b *Book) []string {
	t.Helper()
	b.Jobs().Wait()
	list, err := b.Backups()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range list {
		out = append(out, filepath.Base(f.Path))
	}
	return out
}

func TestFirstChangeOfTheDayMakesOneCheckedBackup(t *testing.T) {
	b, c, errs := autoBook(t)
	if got := names(t, b); len(got) != 0 {
		t.Fatalf("an empty database was backed up at start: %v", got)
	}
	mkAccount(t, b, "Acme")
	want := []string{"keycard-2026-11-23.db"}
	if got := names(t, b); !slices.Equal(got, want) {
		t.Fatalf("after the first change: %v, want %v", got, want)
	}
	first, _ := os.Stat(filepath.Join(BackupDir(b.Path()), want[0]))
	mkAccount(t, b, "Globex") // a second change the same day makes none
	if got := names(t, b); !slices.Equal(got, want) {
		t.Fatalf("after a second change: %v, want %v", got, want)
	}
	again, _ := os.Stat(filepath.Join(BackupDir(b.Path()), want[0]))
	if !again.ModTime().Equal(first.ModTime()) || again.Size() != first.Size() {
		t.Error("the second change of the day rewrote the backup")
	}
	c.nextDay(1)
	mkAccount(t, b, "Initech")
	want = []string{"keycard-2026-11-24.db", "keycard-2026-11-23.db"}
	if got := names(t, b); !slices.Equal(got, want) {
		t.Fatalf("next day: %v, want %v", got, want)
	}
	if len(*errs) != 0 {
		t.Fatalf("failures: %v", *errs)
	}
	// The backup holds the data, is owner-only, and its folder too; no
	// temporary file is left.
	list, _ := b.Backups()
	if err := verifyCopy(list[0].Path); err != nil {
		t.Fatal(err)
	}
	dir := BackupDir(b.Path())
	if runtime.GOOS != "windows" {
		if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
			t.Errorf("folder mode %v, want 0700", fi.Mode().Perm())
		}
		if fi, _ := os.Stat(list[0].Path); fi.Mode().Perm() != 0o600 {
			t.Errorf("file mode %v, want 0600", fi.Mode().Perm())
		}
	}
	es, _ := os.ReadDir(dir)
	if len(es) != 2 {
		t.Errorf("the folder holds %d files, want the 2 backups", len(es))
	}
}

// At start, a database with data whose newest backup is older than a day
// is backed up at once; leftovers of an interrupted backup are removed.
func TestStartBacksUpWhenTheNewestIsOld(t *testing.T) {
	c := &dayClock{t: t0}
	b := newBook(t, Options{Now: c.now})
	mkAccount(t, b, "Acme")
	dir, err := backupFolder(b.Path())
	if err != nil {
		t.Fatal(err)
	}
	stale := []string{".keycard-2026-11-20.db.unchecked", "..keycard-2026-11-20.db.unchecked.123.tmp"}
	for _, n := range stale {
		os.WriteFile(filepath.Join(dir, n), []byte("half"), 0o600)
	}
	b.StartAutoBackups(nil)
	want := []string{"keycard-2026-11-23.db"}
	if got := names(t, b); !slices.Equal(got, want) {
		t.Fatalf("%v, want %v", got, want)
	}
	for _, n := range stale {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			t.Errorf("stale %s left", n)
		}
	}
}

// A copy that fails the check is deleted and never counts; the failure is
// reported with a sentence.
func TestFailedCheckDeletesTheCopy(t *testing.T) {
	b, _, errs := autoBook(t)
	verifyHook(t, func(string) error {
		return accounts.Errorf(accounts.EFORMAT, "storage.check.problems", "Count", 1, "Path", "x", "Details", "d", "More", 0)
	})
	mkAccount(t, b, "Acme")
	if got := names(t, b); len(got) != 0 {
		t.Fatalf("a copy that failed its check counts: %v", got)
	}
	if len(*errs) != 1 || accounts.ErrorCode((*errs)[0]) != accounts.EFORMAT || accounts.ErrorPhrase((*errs)[0]).Key != "book.backup.damaged" {
		t.Fatalf("reported %v, want the damaged-database sentence", *errs)
	}
	es, _ := os.ReadDir(BackupDir(b.Path()))
	if len(es) != 0 {
		t.Errorf("left in the folder: %v", es)
	}
	// The manual backup is refused too, and leaves no file.
	out := filepath.Join(t.TempDir(), "copy.db")
	if err := b.Backup(out); accounts.ErrorPhrase(err).Key != "book.backup.damaged" {
		t.Errorf("manual backup of a damaged database: %v", err)
	}
	if es, _ := os.ReadDir(filepath.Dir(out)); len(es) != 0 {
		t.Errorf("the refused backup left %v", es)
	}
}

func verifyHook(t *testing.T, fn func(string) error) {
	old := verify
	verify = fn
	t.Cleanup(func() { verify = old })
}

// A change committed while the start's check, having found the database
// empty, is still running still gets the day's backup.
func TestAChangeDuringTheStartCheckIsBackedUp(t *testing.T) {
	held, release := make(chan struct{}), make(chan struct{})
	old := foundEmpty
	foundEmpty = func() { close(held); <-release }
	t.Cleanup(func() { foundEmpty = old })
	b, _, errs := autoBook(t)
	<-held
	mkAccount(t, b, "Acme")
	close(release)
	if got := names(t, b); len(got) != 1 {
		t.Errorf("backups %v, want the day's one", got)
	}
	if len(*errs) != 0 {
		t.Error(*errs)
	}
}

// With the start's check delayed (the app), opening a book that holds
// accounts makes no backup at once; the first change still makes it.
func TestDelayedStartCheckWaitsButAChangeDoesNot(t *testing.T) {
	c := &dayClock{t: t0}
	b := newBook(t, Options{Now: c.now})
	mkAccount(t, b, "Acme")
	b.StartAutoBackupsAfter(time.Hour, nil)
	if got := names(t, b); len(got) != 0 {
		t.Fatalf("the delayed check ran at start: %v", got)
	}
	mkAccount(t, b, "Globex")
	if got := names(t, b); len(got) != 1 {
		t.Fatalf("after the first change: %v", got)
	}
}

// Over seven weeks of daily use, the folder keeps 7 dailies and 5 weeklies.
func TestRotationKeepsTheRightOnes(t *testing.T) {
	b, c, errs := autoBook(t)
	a := mkAccount(t, b, "Acme")
	for range 48 {
		c.nextDay(1)
		a.Notes = c.now().String()
		if _, err := b.UpdateAccount(CLI, &a); err != nil {
			t.Fatal(err)
		}
		b.Jobs().Wait()
	}
	got := names(t, b)
	today := b.Today()
	var ages []int
	for _, n := range got {
		d, _, _, _ := parseBackupName(b.Path(), n)
		ages = append(ages, d.DaysUntil(today))
	}
	// Today is 2027-01-10, a Sunday: its week began 6 days ago.
	want := []int{0, 1, 2, 3, 4, 5, 6, 7, 14, 21, 28, 35}
	if !slices.Equal(ages, want) {
		t.Fatalf("ages kept %v (%v), want %v", ages, got, want)
	}
	if len(*errs) != 0 {
		t.Fatal(*errs)
	}
}

// A restore through the book brings back the backup's accounts, saves the
// database as it was among the backups, and tells every listener once with
// a change naming the accounts before and after.
func TestRestoreThroughTheBook(t *testing.T) {
	b, c, _ := autoBook(t)
	acme := mkAccount(t, b, "Acme")
	b.Jobs().Wait()
	c.nextDay(1)
	globex := mkAccount(t, b, "Globex")
	b.Jobs().Wait()
	list, _ := b.Backups()
	old := list[len(list)-1] // 23 November: Acme only
	var seen []Change
	b.Subscribe(func(ch Change) { seen = append(seen, ch) })
	done := make(chan struct{})
	var res Restored
	var rerr error
	if err := b.StartRestore(From("backups"), old.Path, func(r Restored, err error) { res, rerr = r, err; close(done) }); err != nil {
		t.Fatal(err)
	}
	<-done
	if rerr != nil {
		t.Fatal(rerr)
	}
	sums, err := b.Summaries()
	if err != nil || len(sums) != 1 || sums[0].ID != acme.ID {
		t.Fatalf("after restore: %v %v", sums, err)
	}
	if len(seen) != 1 || !seen[0].Portfolio || !seen[0].Touches(acme.ID) || !seen[0].IsDeleted(globex.ID) {
		t.Fatalf("changes %+v", seen)
	}
	if !strings.HasSuffix(res.Saved, "-before-restore.db") {
		t.Fatalf("saved %q", res.Saved)
	}
	// Undo: the saved copy holds Globex.
	done = make(chan struct{})
	b.StartRestore(From("backups"), res.Saved, func(r Restored, err error) { rerr = err; close(done) })
	<-done
	if sums, _ := b.Summaries(); rerr != nil || len(sums) != 2 {
		t.Fatalf("undo: %v %v", sums, rerr)
	}
}

// A restore waits for the running jobs, and jobs started meanwhile are
// turned away with a sentence; afterwards jobs start again.
func TestRestoreWaitsForJobs(t *testing.T) {
	b, _, _ := autoBook(t)
	mkAccount(t, b, "Acme")
	b.Jobs().Wait()
	list, _ := b.Backups()
	release := make(chan struct{})
	var mu sync.Mutex
	var order []string
	note := func(s string) { mu.Lock(); order = append(order, s); mu.Unlock() }
	b.Jobs().Start("slow", Refuse, func(context.Context) {
		<-release
		if _, err := b.Summaries(); err != nil {
			t.Errorf("the running job found the store closed: %v", err)
		}
		note("slow")
	})
	done := make(chan struct{})
	if err := b.StartRestore(From("backups"), list[0].Path, func(_ Restored, err error) {
		if err != nil {
			t.Error(err)
		}
		note("restore")
		close(done)
	}); err != nil {
		t.Fatal(err)
	}
	if err := b.Jobs().Start("load x", Again, func(context.Context) {}); !errors.Is(err, ErrBusy) {
		t.Errorf("a start during the restore: %v, want ErrBusy", err)
	}
	if err := b.StartRestore(From("backups"), list[0].Path, func(Restored, error) {}); !errors.Is(err, ErrRunning) {
		t.Errorf("a second restore: %v, want ErrRunning", err)
	}
	close(release)
	<-done
	b.Jobs().Wait()
	if !slices.Equal(order, []string{"slow", "restore"}) {
		t.Errorf("order %v", order)
	}
	if err := b.Jobs().Start("load y", Again, func(context.Context) {}); err != nil {
		t.Errorf("after the restore: %v", err)
	}
}

// A damaged or missing backup is refused before anything is touched.
func TestRestoreRefusesABadBackup(t *testing.T) {
	b, _, _ := autoBook(t)
	mkAccount(t, b, "Acme")
	b.Jobs().Wait()
	junk := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("x", 8192)), 0o600)
	for _, p := range []string{junk, filepath.Join(t.TempDir(), "none.db")} {
		done := make(chan error)
		b.StartRestore(CLI, p, func(_ Restored, err error) { done <- err })
		if err := <-done; err == nil {
			t.Errorf("%s restored", p)
		}
	}
	if names := names(t, b); len(names) != 1 {
		t.Errorf("a refused restore saved a copy: %v", names)
	}
	if sums, _ := b.Summaries(); len(sums) != 1 {
		t.Error("a refused restore changed the database")
	}
}

// A database too damaged to back up is still replaced by the restore (that
// is what it is for), and kept byte for byte beside the backups, unlisted.
func TestRestoreOverADamagedDatabaseKeepsItsBytes(t *testing.T) {
	b, _, _ := autoBook(t)
	mkAccount(t, b, "Acme")
	b.Jobs().Wait()
	list, _ := b.Backups()
	mkAccount(t, b, "Globex")
	verifyHook(t, func(p string) error {
		if strings.HasSuffix(p, uncheckedSuffix) { // copies of the database as it is now
			return accounts.Errorf(accounts.EFORMAT, "storage.check.problems", "Count", 1, "Path", p, "Details", "d", "More", 0)
		}
		return nil
	})
	done := make(chan struct{})
	var res Restored
	var rerr error
	b.StartRestore(CLI, list[0].Path, func(r Restored, err error) { res, rerr = r, err; close(done) })
	<-done
	if rerr != nil || res.Saved != "" || !strings.HasSuffix(res.Damaged, "-damaged.db") {
		t.Fatalf("%+v %v", res, rerr)
	}
	if sums, _ := b.Summaries(); len(sums) != 1 {
		t.Errorf("restored %d accounts, want 1", len(sums))
	}
	if fi, err := os.Stat(res.Damaged); err != nil || fi.Size() == 0 {
		t.Errorf("the damaged database was not kept: %v", err)
	}
	if after, _ := b.Backups(); len(after) != len(list) {
		t.Errorf("the damaged copy is listed as a backup: %v", after)
	}
}

// Two restores within one second (an undo right after a restore) keep
// both copies: the second never writes over the first.
func TestBeforeRestoreNamesNeverCollide(t *testing.T) {
	db := filepath.Join(t.TempDir(), "keycard.db")
	at := time.Date(2026, 11, 30, 15, 30, 0, 0, time.Local)
	first := freeBeforeRestoreName(db, at)
	if err := os.MkdirAll(BackupDir(db), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(BackupDir(db), first), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	second := freeBeforeRestoreName(db, at)
	if second == first {
		t.Fatalf("the second copy would overwrite the first: %s", second)
	}
	if _, made, kind, ok := parseBackupName(db, second); !ok || kind != KindBeforeRestore || !made.Equal(at.Add(time.Second)) {
		t.Errorf("%s reads as %v %q %v", second, made, kind, ok)
	}
}
