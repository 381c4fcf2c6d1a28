package ui

import (
	"fmt"
	"keycard/assets"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// The commands of the menu, the toolbar and the keyboard shortcuts. Fyne
// draws menu shortcuts but only the macOS menu bar acts on them, so the
// same shortcuts are also registered on the window's canvas.
var (
	scNewAccount = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
	scSearch     = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	scLogVisit   = &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault}
	scLogCall    = &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	scExport     = &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}
	scBackup     = &desktop.CustomShortcut{KeyName: fyne.KeyB, Modifier: fyne.KeyModifierShortcutDefault}
	scToday      = &desktop.CustomShortcut{KeyName: fyne.KeyT, Modifier: fyne.KeyModifierShortcutDefault}
)

func (w *MainWindow) newMenu() *fyne.MainMenu {
	item := func(key string, sc fyne.Shortcut, action func()) *fyne.MenuItem {
		return &fyne.MenuItem{Label: lang.L(key), Shortcut: sc, Action: action}
	}
	quit := &fyne.MenuItem{Label: lang.L("menu.quit"), IsQuit: true, Action: w.closeIntercept}
	return fyne.NewMainMenu(
		fyne.NewMenu(lang.L("menu.file"),
			item("menu.newaccount", scNewAccount, w.newAccount),
			fyne.NewMenuItemSeparator(),
			&fyne.MenuItem{Label: lang.L("menu.export.sub"), ChildMenu: fyne.NewMenu("",
				item("menu.export.plan", scExport, w.exportPlan),
				item("menu.export.brief", nil, w.exportBrief),
				fyne.NewMenuItemSeparator(),
				item("menu.export.all", nil, w.exportAll),
			)},
			item("menu.exportdata", nil, w.exportData),
			item("menu.backup", scBackup, w.backup),
			item("menu.backups", nil, w.showBackups),
			fyne.NewMenuItemSeparator(),
			item("menu.team", nil, w.showTeam),
			item("menu.handover", nil, w.handOver),
			item("menu.exportbundle", nil, w.exportBundle),
			item("menu.importbundle", nil, w.importBundle),
			w.intakeMenu(),
			fyne.NewMenuItemSeparator(),
			quit,
		),
		fyne.NewMenu(lang.L("menu.account"),
			item("menu.logvisit", scLogVisit, w.logVisit),
			item("menu.logcall", scLogCall, w.logCall),
			item("menu.newcontact", nil, w.newContact),
			fyne.NewMenuItemSeparator(),
			item("menu.deleteaccount", nil, w.deleteAccount),
		),
		fyne.NewMenu(lang.L("menu.view"),
			item("menu.today", scToday, w.showToday),
			item("menu.portfolio", nil, func() { w.portfolio.list.Refresh(); w.win.Canvas().Focus(w.portfolio.list) }),
			item("menu.search", scSearch, w.portfolio.focusSearch),
			item("menu.pipeline", nil, func() { w.openPipeline() }),
			item("menu.risk", nil, w.showRisk),
			item("menu.churn", nil, w.showChurn),
			item("menu.review", nil, w.showReview),
			// The manager's desk: visit routes and the regional plan.
			item("menu.route", nil, w.showRoute),
			item("menu.regionplan", nil, w.showRegionPlan),
			fyne.NewMenuItemSeparator(),
			item("menu.language", nil, w.chooseLanguage),
			item("menu.rates", nil, w.showRates),
			w.remindersItem(),
		),
		fyne.NewMenu(lang.L("menu.help"),
			item("menu.about", nil, w.about),
			item("menu.datafile", nil, w.showDataFile),
		),
	)
}

func (w *MainWindow) addShortcuts() {
	c := w.win.Canvas()
	for sc, fn := range map[*desktop.CustomShortcut]func(){
		scNewAccount: w.newAccount, scSearch: w.portfolio.focusSearch, scLogVisit: w.logVisit,
		scLogCall: w.logCall, scExport: w.export, scBackup: w.backup, scToday: w.showToday,
	} {
		c.AddShortcut(sc, func(fyne.Shortcut) { fn() })
	}
}

// The account commands need an open account; without one they say so.
func (w *MainWindow) withAccount(fn func(v *accountView)) {
	if w.account == nil || w.account.data == nil {
		dialog.ShowInformation(lang.L("noaccount.title"), lang.L("noaccount.message"), w.win)
		return
	}
	fn(w.account)
}

func (w *MainWindow) logVisit()   { w.withAccount((*accountView).logVisit) }
func (w *MainWindow) logCall()    { w.withAccount((*accountView).logCall) }
func (w *MainWindow) newContact() { w.withAccount((*accountView).newContact) }

func (w *MainWindow) deleteAccount() {
	w.withAccount(func(v *accountView) {
		name := v.data.Account.Name
		d := dialog.NewConfirm(lang.L("delete.title"), lang.L("delete.message", map[string]any{"Name": name}), func(ok bool) {
			if !ok {
				return
			}
			var err error
			id := v.id
			// The change closes the account and shows Today.
			w.background("delete account "+string(id), func() { _, err = w.book.DeleteAccount(from(viewMenu), id) }, func() {
				if err != nil {
					w.showError(err)
				}
			})
		}, w.win)
		d.SetConfirmImportance(widget.DangerImportance)
		d.SetConfirmText(lang.L("delete.confirm"))
		w.deleting = d
		d.Show()
	})
}

// backup writes a consistent copy of the database next to it, or where the
// person chooses.
func (w *MainWindow) backup() {
	name := fmt.Sprintf("keycard-backup-%s.db", w.now().Format("2006-01-02-150405"))
	d := dialog.NewFileSave(func(uc fyne.URIWriteCloser, err error) {
		if err != nil || uc == nil {
			return
		}
		path := uc.URI().Path()
		uc.Close()
		w.backupTo(path)
	}, w.win)
	d.SetFileName(name)
	d.Show()
}

func (w *MainWindow) backupTo(path string) {
	var err error
	w.background("backup "+path, func() { err = w.book.Backup(path) }, func() {
		if err != nil {
			w.showError(err)
			return
		}
		dialog.ShowInformation(lang.L("backup.done.title"), lang.L("backup.done", map[string]any{"Path": path}), w.win)
	})
}

func (w *MainWindow) about() {
	dialog.ShowInformation(lang.L("about.title"), lang.L("about.message", map[string]any{"Year": time.Now().Year(), "Version": assets.Describe()}), w.win)
}

func (w *MainWindow) showDataFile() {
	path := w.book.Path()
	l := &widget.Label{Text: lang.L("datafile.message", map[string]any{"Path": path, "Dir": filepath.Dir(path)}), Wrapping: fyne.TextWrapWord, Selectable: true}
	d := dialog.NewCustom(lang.L("datafile.title"), lang.L("dialog.close"), container.NewVBox(l), w.win)
	d.Resize(fyne.NewSize(560, 220))
	d.Show()
}

// chooseLanguage stores the language setting; Fyne applies a language at
// start, so the choice takes effect the next time Keycard opens.
func (w *MainWindow) chooseLanguage() {
	codes := []string{"auto", "en", "zh-Hans"}
	labels := []string{lang.L("language.auto"), "English", "简体中文"}
	cur := w.app.Preferences().StringWithFallback(prefLanguage, "auto")
	sel := &widget.RadioGroup{Options: labels}
	sel.ExtendBaseWidget(sel)
	for i, c := range codes {
		if c == cur {
			sel.SetSelected(labels[i])
		}
	}
	note := &widget.Label{Text: lang.L("language.note"), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance}
	dialog.ShowCustomConfirm(lang.L("language.title"), lang.L("form.save"), lang.L("form.cancel"), container.NewVBox(sel, note), func(ok bool) {
		if !ok {
			return
		}
		for i, l := range labels {
			if l == sel.Selected {
				w.app.Preferences().SetString(prefLanguage, codes[i])
			}
		}
	}, w.win)
}
