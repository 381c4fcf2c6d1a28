package ui

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"keycard/book"
)

// File → Backups…, choose the backup, Restore…, confirm: the window shows
// the backup's data (through the one Change path), and the data from before
// the restore is kept as a backup, so the restore can be undone.
func TestRestoreFromTheBackupsDialogShowsTheBackupsData(t *testing.T) {
	s := demoStore(t)
	b := testBook(s)
	t.Cleanup(func() { b.Close() })
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := NewMainWindow(a, b, Options{Now: func() time.Time { return testNow }, queued: true, AutoBackups: true})
	w.win.Resize(fyne.NewSize(1280, 800))
	w.win.Show()
	w.wait() // the start-up backup: the database has data and no backup yet

	r, _ := w.portfolio.model.At(0)
	gone := r.ID
	w.openAccount(gone)
	w.wait()
	if _, err := b.DeleteAccount(book.From("test"), gone); err != nil {
		t.Fatal(err)
	}
	w.wait()
	if w.portfolio.has(gone) || w.portfolio.model.Len() != 29 || w.account != nil {
		t.Fatalf("after the delete: %d rows, account view %v", w.portfolio.model.Len(), w.account)
	}

	w.showBackups()
	w.wait()
	d := w.backups
	if len(d.list) != 1 || !d.restore.Disabled() || !d.empty.Hidden {
		t.Fatalf("the dialog lists %v", d.list)
	}
	if got := d.rows.CreateItem(); got == nil {
		t.Fatal("no row")
	}
	list0 := d.list[0]
	d.rows.Select(0)
	if d.restore.Disabled() {
		t.Fatal("choosing a backup does not enable Restore")
	}
	test.Tap(d.restore)
	if d.confirm == nil {
		t.Fatal("Restore does not ask first")
	}
	d.confirm.Confirm()
	w.wait()
	if !w.portfolio.has(gone) || w.portfolio.model.Len() != 30 {
		t.Fatalf("after the restore the list shows %d rows, without the restored account", w.portfolio.model.Len())
	}
	if d.done != lang.L("backups.done", map[string]any{"Date": backupDate(list0)}) {
		t.Fatalf("the sentence after the restore: %q", d.done)
	}
	list, _ := b.Backups()
	if len(list) != 2 || list[0].Kind != book.KindBeforeRestore && list[1].Kind != book.KindBeforeRestore {
		t.Fatalf("backups after the restore: %v", list)
	}
	if filepath.Dir(list[0].Path) != book.BackupDir(b.Path()) {
		t.Fatal(list[0].Path)
	}
	if err := b.Check(); err != nil {
		t.Fatal(err)
	}
}

// With no backup yet the dialog says so and Restore stays off.
func TestBackupsDialogWithoutBackups(t *testing.T) {
	w, _ := emptyWindow(t)
	w.showBackups()
	w.wait()
	if w.backups.empty.Hidden || !w.backups.restore.Disabled() {
		t.Fatal("an empty list shows no sentence or allows Restore")
	}
}

// While a restore waits for the running jobs or runs, a save is told to
// wait with a sentence; a load is dropped silently (the restore's change
// reloads every view).
func TestWorkStartedDuringARestoreIsToldToWait(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	b := w.book
	b.StartAutoBackups(nil)
	w.wait()
	list, _ := b.Backups()
	if len(list) != 1 {
		t.Fatalf("backups %v", list)
	}
	release := make(chan struct{})
	b.Jobs().Start("slow", book.Refuse, func(context.Context) { <-release })
	if err := b.StartRestore(book.From("test"), list[0].Path, func(book.Restored, error) {}); err != nil {
		t.Fatal(err)
	}
	if w.background("load today", func() {}, nil) || w.refused != "" {
		t.Errorf("a load during the restore: refused sentence %q", w.refused)
	}
	if w.background("save profile", func() {}, nil) {
		t.Error("a save started during the restore")
	}
	if w.refused != lang.L("book.busy_restoring") {
		t.Errorf("the save was told %q", w.refused)
	}
	close(release)
	w.wait()
	if !w.background("save profile", func() {}, nil) {
		t.Error("a save after the restore did not start")
	}
	w.wait()
}
