package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/book"
	"keycard/locale"
)

// viewBackups is the source of a restore made in the Backups dialog.
const viewBackups = "backups"

// backupsDialog is File → Backups…: the automatic backups with their date,
// kind, size and that each was checked. Restoring one takes two clicks and
// a confirmation: choose it, Restore…, Restore. The restore runs through
// the book, which waits for the background jobs, replaces the database and
// tells every view through the one Change, so the window refreshes in
// MainWindow.apply like after any other change.
type backupsDialog struct {
	w       *shell
	list    []book.BackupFile
	chosen  int // index into list, -1 for none
	rows    *widget.List
	empty   *widget.Label
	hint    *widget.Label
	restore *widget.Button
	dlg     *dialog.CustomDialog

	// kept for tests
	confirm  *dialog.ConfirmDialog
	progress *dialog.CustomDialog
	done     string // the sentence shown after the restore
}

// backupKindKey is the label of each kind of backup.
var backupKindKey = map[string]string{
	book.KindDaily:         "backups.kind.daily",
	book.KindBeforeRestore: "backups.kind.before_restore",
}

// showBackups opens the Backups dialog; the list loads in the background.
func (w *MainWindow) showBackups() { w.backups = newBackupsDialog(w.shell) }

func newBackupsDialog(w *shell) *backupsDialog {
	d := &backupsDialog{w: w, chosen: -1}
	intro := &widget.Label{Text: lang.L("backups.intro", map[string]any{"Dir": book.BackupDir(w.book.Path())}),
		Wrapping: fyne.TextWrapWord}
	d.empty = &widget.Label{Text: lang.L("backups.none"), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance}
	d.empty.ExtendBaseWidget(d.empty)
	d.empty.Hide()
	d.hint = &widget.Label{Text: lang.L("backups.choose"), Importance: widget.LowImportance}
	d.rows = widget.NewList(func() int { return len(d.list) }, d.newRow, d.fillRow)
	d.rows.OnSelected = func(i widget.ListItemID) {
		d.chosen = i
		d.restore.Enable()
	}
	d.restore = &widget.Button{Text: lang.L("backups.restore"), Icon: theme.HistoryIcon(), Importance: widget.HighImportance, OnTapped: d.ask}
	d.restore.ExtendBaseWidget(d.restore)
	d.restore.Disable()
	head := backupRow(boldLabel(lang.L("backups.date")), boldLabel(lang.L("backups.kind")),
		boldLabel(lang.L("backups.size")), boldLabel(lang.L("backups.check")))
	top := container.NewVBox(intro, widget.NewSeparator(), head)
	body := container.NewBorder(top, d.hint, nil, nil, container.NewStack(d.rows, d.empty))
	closeBtn := &widget.Button{Text: lang.L("dialog.close")}
	closeBtn.ExtendBaseWidget(closeBtn)
	d.dlg = dialog.NewCustomWithoutButtons(lang.L("backups.title"), body, w.win)
	closeBtn.OnTapped = d.dlg.Hide
	d.dlg.SetButtons([]fyne.CanvasObject{closeBtn, d.restore})
	d.dlg.Resize(dialogSize(w.win, 720, 480))
	d.dlg.Show()
	d.load()
	return d
}

// dialogSize is want, made smaller on a small window.
func dialogSize(win fyne.Window, width, height float32) fyne.Size {
	c := win.Canvas().Size()
	if c.Width > 0 {
		width = min(width, c.Width-40)
	}
	if c.Height > 0 {
		height = min(height, c.Height-40)
	}
	return fyne.NewSize(width, height)
}

func boldLabel(s string) *widget.Label {
	return &widget.Label{Text: s, TextStyle: fyne.TextStyle{Bold: true}}
}

// backupRow lays out one row: date, kind, size, checked.
func backupRow(date, kind, size, checked fyne.CanvasObject) *fyne.Container {
	return container.NewGridWithColumns(4, date, kind, size, checked)
}

func (d *backupsDialog) newRow() fyne.CanvasObject {
	ok := widget.NewIcon(theme.ConfirmIcon())
	return backupRow(widget.NewLabel(""), widget.NewLabel(""), widget.NewLabel(""),
		container.NewHBox(ok, widget.NewLabel(lang.L("backups.checked"))))
}

func (d *backupsDialog) fillRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(d.list) {
		return
	}
	f := d.list[i]
	cells := o.(*fyne.Container).Objects
	cells[0].(*widget.Label).SetText(backupDate(f))
	cells[1].(*widget.Label).SetText(lang.L(backupKindKey[f.Kind]))
	cells[2].(*widget.Label).SetText(locale.ByteSize(f.Size))
}

// backupDate is the day and time a backup was made.
func backupDate(f book.BackupFile) string { return f.Day.String() + " " + f.Made.Format("15:04") }

// load reads the list of backups off the UI goroutine.
func (d *backupsDialog) load() {
	var list []book.BackupFile
	var err error
	d.w.background("load backups", func() { list, err = d.w.book.Backups() }, func() {
		if err != nil {
			d.w.showError(err)
		}
		d.list, d.chosen = list, -1
		d.restore.Disable()
		d.rows.UnselectAll()
		d.rows.Refresh()
		if len(list) == 0 {
			d.empty.Show()
		} else {
			d.empty.Hide()
		}
	})
}

// ask confirms the restore of the chosen backup.
func (d *backupsDialog) ask() {
	if d.chosen < 0 || d.chosen >= len(d.list) {
		return
	}
	f := d.list[d.chosen]
	msg := &widget.Label{Text: lang.L("backups.confirm.message", map[string]any{"Date": backupDate(f), "Size": locale.ByteSize(f.Size)}),
		Wrapping: fyne.TextWrapWord}
	c := dialog.NewCustomConfirm(lang.L("backups.confirm.title"), lang.L("backups.confirm.restore"), lang.L("form.cancel"),
		msg, func(ok bool) {
			if ok {
				d.run(f)
			}
		}, d.w.win)
	c.SetConfirmImportance(widget.DangerImportance)
	c.Resize(dialogSize(d.w.win, 480, 200))
	d.confirm = c
	c.Show()
}

// run restores f through the book and says how it went.
func (d *backupsDialog) run(f book.BackupFile) {
	date := backupDate(f)
	bar := widget.NewProgressBarInfinite()
	d.progress = dialog.NewCustomWithoutButtons(lang.L("backups.title"),
		container.NewVBox(widget.NewLabel(lang.L("backups.restoring", map[string]any{"Date": date})), bar), d.w.win)
	err := d.w.book.StartRestore(book.From(viewBackups), f.Path, func(r book.Restored, err error) {
		d.w.onUI(func() { d.finished(date, r, err) })
	})
	if errors.Is(err, book.ErrRunning) {
		d.w.alreadyRunning("restore")
		return
	}
	if err != nil {
		d.w.showError(err)
		return
	}
	d.dlg.Hide()
	d.progress.Show()
}

func (d *backupsDialog) finished(date string, r book.Restored, err error) {
	d.progress.Hide()
	if err != nil {
		d.w.showError(err)
		return
	}
	d.done = lang.L("backups.done", map[string]any{"Date": date})
	if r.Saved == "" {
		d.done = lang.L("backups.done.unsaved", map[string]any{"Date": date, "Kept": r.Damaged})
	}
	info := dialog.NewCustom(lang.L("backups.done.title"), lang.L("dialog.close"),
		&widget.Label{Text: d.done, Wrapping: fyne.TextWrapWord}, d.w.win)
	info.Resize(dialogSize(d.w.win, 480, 200))
	info.Show()
}

// reportBackupFailure shows why an automatic backup was not made (a
// damaged database, a full disk): never silently.
func (w *shell) reportBackupFailure(err error) {
	w.onUI(func() {
		l := &widget.Label{Text: errorSentence(err), Wrapping: fyne.TextWrapWord}
		d := dialog.NewCustom(lang.L("backups.failed.title"), lang.L("dialog.close"), l, w.win)
		d.Resize(dialogSize(w.win, 520, 240))
		d.Show()
	})
}
