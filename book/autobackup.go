package book

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"keycard/accounts"
	"keycard/storage"
)

// AutoBackupJob and RestoreJob are the names of the jobs below.
const (
	AutoBackupJob = "backup automatic"
	RestoreJob    = "restore backup"
)

// autoState is the automatic backups' switch and memory.
type autoState struct {
	mu      sync.Mutex
	on      bool
	lastDay accounts.Date // the day a backup was last made or tried
	unsub   func()
	report  func(error)
	timer   *time.Timer // the delayed start check, if any
}

// StartAutoBackups turns the automatic backups on: after the first change
// of each day, and now if the newest backup is not of today and the
// database holds accounts, a checked backup is made in the background (the
// job AutoBackupJob) and the ones the retention rule no longer keeps are
// deleted. report, if not nil, hears each failure (a damaged database, a
// full disk), on the job's goroutine; a failure is tried again the next day
// or the next start.
func (b *Book) StartAutoBackups(report func(error)) { b.StartAutoBackupsAfter(0, report) }

// StartAutoBackupsAfter is StartAutoBackups with the start's check delayed
// by delay: the app's start reads nothing of a large file it does not
// show (a backup copies and checks the whole file), while a change made
// meanwhile still gets the day's backup at once.
func (b *Book) StartAutoBackupsAfter(delay time.Duration, report func(error)) {
	b.auto.mu.Lock()
	if b.auto.on {
		b.auto.mu.Unlock()
		return
	}
	b.auto.on, b.auto.report = true, report
	b.auto.mu.Unlock()
	unsub := b.Subscribe(func(Change) { b.startAutoBackup(false) })
	b.auto.mu.Lock()
	b.auto.unsub = unsub
	if delay > 0 {
		b.auto.timer = time.AfterFunc(delay, func() { b.startAutoBackup(true) })
	}
	b.auto.mu.Unlock()
	if delay <= 0 {
		b.startAutoBackup(true)
	}
}

func (b *Book) stopAutoBackups() {
	b.auto.mu.Lock()
	defer b.auto.mu.Unlock()
	if b.auto.unsub != nil {
		b.auto.unsub()
	}
	if b.auto.timer != nil {
		b.auto.timer.Stop()
	}
	b.auto.on, b.auto.unsub, b.auto.timer = false, nil, nil
}

// startAutoBackup starts the day's backup unless it was made or tried
// already. A change while one runs queues one more run (policy Again): the
// running one may be the start's check that found the database empty just
// before the change was committed, and would otherwise lose the day's backup.
func (b *Book) startAutoBackup(atStart bool) {
	today := b.Today()
	b.auto.mu.Lock()
	due := b.auto.on && b.auto.lastDay != today
	b.auto.mu.Unlock()
	if due {
		_ = b.jobs.Start(AutoBackupJob, Again, func(context.Context) { b.autoBackup(today, atStart) })
	}
}

// autoBackup makes the day's backup, unless there is one of today already
// (Keycard was restarted) or, at start, there is nothing to back up.
func (b *Book) autoBackup(today accounts.Date, atStart bool) {
	if atStart && !b.hasDaily(today) && b.isEmpty() {
		foundEmpty()
		return // nothing to back up yet; the first change will do
	}
	b.auto.mu.Lock()
	done, report := b.auto.lastDay == today, b.auto.report
	b.auto.lastDay = today
	b.auto.mu.Unlock()
	if done || b.hasDaily(today) {
		return
	}
	_, err := saveBackup(b.st(), dailyName(b.Path(), today))
	if err == nil {
		err = pruneBackups(b.Path(), today)
	}
	if err != nil && report != nil {
		report(err)
	}
}

// foundEmpty is called when the start's check found nothing to back up; a
// test holds it there to commit a change at the worst moment.
var foundEmpty = func() {}

func (b *Book) hasDaily(day accounts.Date) bool {
	list, _ := ListBackups(b.Path())
	return slices.ContainsFunc(list, func(f BackupFile) bool { return f.Kind == KindDaily && f.Day == day })
}

func (b *Book) isEmpty() bool {
	sums, err := b.st().Summaries()
	return err == nil && len(sums) == 0
}

// Backups lists the book's checked automatic backups, newest first.
func (b *Book) Backups() ([]BackupFile, error) { return ListBackups(b.Path()) }

// Restored is what a restore did.
type Restored struct {
	// Change names every account before and after: each view refreshes.
	Change Change
	// Saved is the checked backup of the database as it was, "" when it was
	// too damaged to be copied that way.
	Saved string
	// Damaged is then the database as it was, copied byte for byte beside
	// the backups (never listed nor rotated), so nothing is thrown away.
	Damaged string
}

// StartRestore replaces the database with the backup at path, in the
// background, once every other job has ended (no job sees the store
// closed): the backup is checked, the database as it is saved among the
// backups (so the restore can be undone), the store closed, the backup put
// in its place and the store opened again. done hears the result after
// jobs may start again; on success every listener has been told by then,
// through the one Change.
func (b *Book) StartRestore(src Source, path string, done func(Restored, error)) error {
	return b.jobs.StartAlone(RestoreJob, func(context.Context) func() {
		r, err := b.restore(src, path)
		return func() {
			if err == nil {
				b.publish(r.Change)
			}
			done(r, err)
		}
	})
}

// restore does StartRestore's work while no other job runs.
func (b *Book) restore(src Source, path string) (Restored, error) {
	if err := checkBackup(path); err != nil {
		return Restored{}, err
	}
	dbPath := b.Path()
	before := b.accountIDs()
	saved, err := saveBefore(b.st(), b.now())
	if err != nil {
		return Restored{}, err
	}
	if err := b.st().Close(); err != nil {
		return Restored{}, err
	}
	var kept string
	if saved == "" {
		if kept, err = keepDamaged(dbPath, b.now()); err != nil {
			return Restored{}, b.reopen(dbPath, err)
		}
	}
	rerr := storage.Restore(path, dbPath)
	s, err := storage.Open(dbPath, b.sopts)
	if err != nil {
		return Restored{}, &accounts.Error{Code: accounts.EINTERNAL, Err: err, Msg: accounts.Say("book.restore.reopen_failed", "Path", dbPath)}
	}
	b.store.Store(s)
	if rerr != nil {
		return Restored{}, rerr
	}
	after := b.accountIDs()
	var gone []accounts.ID
	for _, id := range before {
		if !slices.Contains(after, id) {
			gone = append(gone, id)
		}
	}
	return Restored{Change: Change{Source: src, Accounts: after, Deleted: gone, Portfolio: true}, Saved: saved, Damaged: kept}, nil
}

// reopen opens the store again after a restore that stopped before the
// database was replaced, and returns err.
func (b *Book) reopen(dbPath string, err error) error {
	if s, oerr := storage.Open(dbPath, b.sopts); oerr == nil {
		b.store.Store(s)
	}
	return err
}

func (b *Book) accountIDs() []accounts.ID {
	sums, _ := b.st().Summaries()
	ids := make([]accounts.ID, len(sums))
	for i, s := range sums {
		ids[i] = s.ID
	}
	return ids
}

// checkBackup refuses a backup that is missing or fails the check, before
// anything is touched.
func checkBackup(path string) error {
	if _, err := os.Stat(path); err != nil {
		return accounts.Errorf(accounts.ENOTFOUND, "storage.backup.missing", "Path", path)
	}
	if err := verify(path); err != nil {
		if storage.IsDamaged(err) {
			// Cut short or written over: say so of the backup in one
			// sentence, not the database's own "restore a backup" advice.
			return &accounts.Error{Code: accounts.EFORMAT, Err: err, Msg: accounts.Say("storage.backup.damaged_file", "Path", path)}
		}
		return &accounts.Error{Code: accounts.EFORMAT, Err: err, Msg: accounts.Say(
			"storage.backup.damaged", "Path", path, "Problem", accounts.ErrorPhrase(err))}
	}
	return nil
}

// saveBefore saves the database of s among the backups before a restore.
// A database too damaged to copy is replaced all the same (that is what
// the restore is for), and no copy of it is kept.
func saveBefore(s *storage.Store, now time.Time) (string, error) {
	saved, err := saveBackup(s, freeBeforeRestoreName(s.Path(), now))
	if accounts.ErrorCode(err) == accounts.EFORMAT {
		return "", nil
	}
	return saved, err
}

// RestoreFile is the restore of a database that is not open (keycardctl,
// the start-failure window): the backup is checked, the database at dbPath,
// if there is one, saved among the backups first (or, when it cannot be
// opened or copied, kept byte for byte beside them), then replaced.
func RestoreFile(backupPath, dbPath string, now time.Time) (Restored, error) {
	var r Restored
	if err := checkBackup(backupPath); err != nil {
		return r, err
	}
	if fi, serr := os.Stat(dbPath); serr == nil && fi.Size() > 0 {
		s, oerr := storage.Open(dbPath, storage.Options{ReadOnly: true})
		switch {
		case accounts.ErrorCode(oerr) == accounts.ELOCKED:
			return r, oerr
		case oerr == nil:
			var err error
			r.Saved, err = saveBefore(s, now)
			s.Close()
			if err != nil {
				return r, err
			}
		}
		if r.Saved == "" {
			var err error
			if r.Damaged, err = keepDamaged(dbPath, now); err != nil {
				return r, err
			}
		}
	}
	return r, storage.Restore(backupPath, dbPath)
}

// keepDamaged copies a database that cannot be backed up the checked way,
// byte for byte, into the backups folder as <name>-<time>-damaged.db: a
// restore never throws the only copy of anything away. It is not a backup,
// so it is neither listed nor rotated.
func keepDamaged(dbPath string, now time.Time) (string, error) {
	dir, err := backupFolder(dbPath)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, backupBase(dbPath)+"-"+now.Format(stampLayout)+"-damaged.db")
	src, err := os.Open(dbPath)
	if err != nil {
		return "", &accounts.Error{Code: accounts.EINTERNAL, Err: err, Msg: accounts.Say("file.write_failed", "Path", path)}
	}
	defer src.Close()
	err = writePrivate(path, func(w io.Writer) error {
		_, err := io.Copy(w, src)
		return err
	})
	return path, err
}

// LatestBackup is the newest checked backup of the database at dbPath.
func LatestBackup(dbPath string) (BackupFile, error) {
	list, err := ListBackups(dbPath)
	if err != nil {
		return BackupFile{}, err
	}
	if len(list) == 0 {
		return BackupFile{}, accounts.Errorf(accounts.ENOTFOUND, "book.backups.none", "Dir", BackupDir(dbPath))
	}
	return list[0], nil
}
