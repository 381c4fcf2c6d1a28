package ui

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	fstorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
)

// Bundles carry accounts to another computer: File → Export bundle… writes
// the chosen accounts to one .keycard file, File → Import bundle… reads one,
// shows what it would add, update and keep, and merges only on confirmation.

// previewRows bounds the rows of the import preview's conflict list; the
// counts above it cover everything, so a bundle with tens of thousands of
// records opens as fast as a small one.
const previewRows = 200

// bundleExport is the Export bundle… dialog.
type bundleExport struct {
	w      *shell
	rows   []book.Summary
	ticked map[accounts.ID]bool
	owner  string // the portfolio's owner filter when the dialog opened

	scope   *widget.RadioGroup
	list    *widget.List
	count   *widget.Label
	private *widget.Check
	pass    *widget.Entry
	pass2   *widget.Entry
	status  *widget.Label
	export  *widget.Button
	dlg     *dialog.CustomDialog
	done    string // the sentence shown after writing
}

// exportBundle is File → Export bundle….
func (w *MainWindow) exportBundle() { w.openBundleExport(nil) }

// openBundleExport shows the export dialog; shown (tests) receives it.
func (w *MainWindow) openBundleExport(shown func(*bundleExport)) {
	var rows []book.Summary
	var err error
	w.background("load bundle export", func() { rows, err = w.book.Summaries() }, func() {
		if err != nil {
			w.showError(err)
			return
		}
		e := newBundleExport(w.shell, rows, w.portfolio.filter.Owner)
		e.dlg.Show()
		if shown != nil {
			shown(e)
		}
	})
}

// owner is the owner the portfolio list shows, whose accounts are ticked.
func newBundleExport(w *shell, rows []book.Summary, owner string) *bundleExport {
	e := &bundleExport{w: w, rows: rows, ticked: map[accounts.ID]bool{}, owner: owner}
	n := 0
	for _, r := range rows {
		if e.owner == "" || r.Owner == e.owner {
			e.ticked[r.ID] = true
			n++
		}
	}
	optOwner := lang.L("bundle.scope.all", map[string]any{"N": n})
	if e.owner != "" {
		optOwner = lang.L("bundle.scope.owner", map[string]any{"N": n, "Owner": e.owner})
	}
	optTicked := lang.L("bundle.scope.ticked")
	e.count = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}}
	e.list = &widget.List{
		Length: func() int { return len(e.rows) },
		CreateItem: func() fyne.CanvasObject {
			return widget.NewCheck("", nil)
		},
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) {
			c := o.(*widget.Check)
			r := e.rows[i]
			c.OnChanged = nil
			c.Text = r.Name + "  ·  " + r.Owner
			c.SetChecked(e.ticked[r.ID])
			c.OnChanged = func(on bool) { e.tick(r.ID, on) }
			c.Refresh()
		},
	}
	e.list.ExtendBaseWidget(e.list)
	e.scope = widget.NewRadioGroup([]string{optOwner, optTicked}, func(string) { e.updateCount() })
	e.scope.SetSelected(optOwner)
	e.private = widget.NewCheck(lang.L("bundle.private"), nil)
	e.pass = widget.NewPasswordEntry()
	e.pass.PlaceHolder = lang.L("bundle.pass.hint")
	e.pass2 = widget.NewPasswordEntry()
	e.pass2.PlaceHolder = lang.L("bundle.pass2.hint")
	e.status = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	e.export = &widget.Button{Text: lang.L("bundle.export.button"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: e.chooseFile}
	e.export.ExtendBaseWidget(e.export)
	cancel := &widget.Button{Text: lang.L("form.cancel"), OnTapped: func() { e.dlg.Hide() }}
	cancel.ExtendBaseWidget(cancel)

	top := container.NewVBox(&widget.Label{Text: lang.L("bundle.export.intro"), Wrapping: fyne.TextWrapWord}, e.scope)
	bottom := container.NewVBox(e.count, widget.NewSeparator(), e.private,
		&widget.Label{Text: lang.L("bundle.private.note"), Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord},
		widget.NewForm(widget.NewFormItem(lang.L("bundle.pass"), e.pass), widget.NewFormItem(lang.L("bundle.pass2"), e.pass2)),
		e.status, container.NewBorder(nil, nil, nil, container.NewHBox(cancel, e.export)))
	e.dlg = dialog.NewCustomWithoutButtons(lang.L("bundle.export.title"), container.NewBorder(top, bottom, nil, nil, e.list), w.win)
	e.dlg.Resize(fyne.NewSize(640, 640))
	return e
}

func (e *bundleExport) tick(id accounts.ID, on bool) {
	if on {
		e.ticked[id] = true
	} else {
		delete(e.ticked, id)
	}
	// ticking in the list means "these ones"
	e.scope.SetSelected(lang.L("bundle.scope.ticked"))
	e.updateCount()
}

// chosen returns the accounts to export, in portfolio order.
func (e *bundleExport) chosen() []accounts.ID {
	tickedOnly := e.scope.Selected == lang.L("bundle.scope.ticked")
	var out []accounts.ID
	for _, r := range e.rows {
		if (tickedOnly && e.ticked[r.ID]) || (!tickedOnly && (e.owner == "" || r.Owner == e.owner)) {
			out = append(out, r.ID)
		}
	}
	return out
}

func (e *bundleExport) updateCount() {
	e.count.SetText(lang.L("bundle.export.count", map[string]any{"N": len(e.chosen())}))
}

// problem checks the choices before the save dialog opens.
func (e *bundleExport) problem() string {
	if len(e.chosen()) == 0 {
		return lang.L("bundle.err.none")
	}
	if e.pass.Text != e.pass2.Text {
		return lang.L("bundle.err.passmismatch")
	}
	return ""
}

func (e *bundleExport) chooseFile() {
	if msg := e.problem(); msg != "" {
		e.status.SetText(msg)
		return
	}
	e.status.SetText("")
	name := "keycard"
	if e.owner != "" && e.scope.Selected != lang.L("bundle.scope.ticked") {
		name += "-" + e.owner
	}
	name = strings.NewReplacer(" ", "-", "/", "-", `\`, "-").Replace(name) + "-" + e.w.now().Format("2006-01-02") + book.BundleExt
	d := dialog.NewFileSave(func(uc fyne.URIWriteCloser, err error) {
		if err != nil || uc == nil {
			return
		}
		path := uc.URI().Path()
		uc.Close()
		e.exportTo(path, nil)
	}, e.w.win)
	d.SetFileName(name)
	d.SetFilter(fstorage.NewExtensionFileFilter([]string{book.BundleExt}))
	d.Resize(fyne.NewSize(820, 560))
	d.Show()
}

// exportTo writes the chosen accounts to path; then (tests) runs after.
func (e *bundleExport) exportTo(path string, then func()) {
	if msg := e.problem(); msg != "" {
		e.status.SetText(msg)
		return
	}
	ids := e.chosen()
	o := book.BundleOptions{CreatedBy: e.owner, Now: e.w.now(), IncludePrivate: e.private.Checked, Passphrase: e.pass.Text}
	if o.CreatedBy == "" {
		o.CreatedBy = currentUser()
	}
	var m book.Manifest
	var err error
	e.export.Disable()
	started := e.w.background("write bundle "+path, func() {
		m, err = e.w.book.WriteBundle(path, ids, o)
	}, func() {
		e.export.Enable()
		if err != nil {
			e.status.SetText(sayErr(err))
		} else {
			e.dlg.Hide()
			e.done = bundleExportSentence(m, path)
			dialog.ShowInformation(lang.L("bundle.export.title"), e.done, e.w.win)
		}
		if then != nil {
			then()
		}
	})
	if !started {
		e.export.Enable()
	}
}

func bundleExportSentence(m book.Manifest, path string) string {
	key := "bundle.exported"
	if m.Sealed {
		key = "bundle.exported.sealed"
	}
	priv := lang.L("bundle.private.out")
	if m.IncludePrivate {
		priv = lang.L("bundle.private.in")
	}
	return lang.L(key, map[string]any{"N": m.Counts.Accounts, "Contacts": m.Counts.Contacts, "Visits": m.Counts.Visits, "Path": path, "Private": priv})
}

func currentUser() string {
	for _, k := range []string{"USER", "USERNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return ""
}

// bundleImport is one import: the passphrase prompt, the preview and the
// confirmation.
type bundleImport struct {
	w    *shell
	path string
	pass string

	ask      *dialog.CustomDialog // the passphrase prompt
	passIn   *widget.Entry
	passMsg  *widget.Label
	passOK   *widget.Button
	failed   string        // the last refusal shown, for tests
	reads    int           // reads started, for tests
	manifest book.Manifest // of the bundle previewed; its checksum must still match on import
	plan     book.ImportPlan

	preview   *dialog.CustomDialog
	counts    *widget.Label
	accts     []book.ImportItem // account rows of the preview
	conflicts []book.ImportItem // the first previewRows conflicts, by kind
	confirm   *widget.Button
	cancel    *widget.Button
	done      string // the sentence shown after importing
}

// importBundle is File → Import bundle….
func (w *MainWindow) importBundle() {
	d := dialog.NewFileOpen(func(uc fyne.URIReadCloser, err error) {
		if err != nil || uc == nil {
			return
		}
		path := uc.URI().Path()
		uc.Close()
		w.importBundleFrom(path)
	}, w.win)
	d.SetFilter(fstorage.NewExtensionFileFilter([]string{book.BundleExt}))
	d.Resize(fyne.NewSize(820, 560))
	d.Show()
}

// importBundleFrom starts importing the bundle at path.
func (w *MainWindow) importBundleFrom(path string) *bundleImport {
	im := &bundleImport{w: w.shell, path: path}
	var sealed bool
	w.background("load bundle "+path, func() {
		sealed = book.IsSealedBundle(path)
	}, func() {
		if sealed {
			im.askPassphrase("")
			return
		}
		im.read()
	})
	return im
}

// askPassphrase shows the prompt, with msg (the bundle's sentence about a
// wrong passphrase) when asking again.
func (im *bundleImport) askPassphrase(msg string) {
	if im.ask == nil {
		im.passIn = widget.NewPasswordEntry()
		im.passMsg = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
		im.passOK = &widget.Button{Text: lang.L("bundle.open"), Importance: widget.HighImportance, OnTapped: func() {
			if im.passOK.Disabled() {
				return // Enter pressed again while the bundle is read
			}
			im.pass = im.passIn.Text
			im.passOK.Disable()
			im.read()
		}}
		im.passOK.ExtendBaseWidget(im.passOK)
		im.passIn.OnSubmitted = func(string) { im.passOK.OnTapped() }
		cancel := &widget.Button{Text: lang.L("form.cancel"), OnTapped: func() { im.ask.Hide() }}
		cancel.ExtendBaseWidget(cancel)
		content := container.NewVBox(
			&widget.Label{Text: lang.L("bundle.sealed", map[string]any{"File": filepath.Base(im.path)}), Wrapping: fyne.TextWrapWord},
			im.passIn, im.passMsg, container.NewBorder(nil, nil, nil, container.NewHBox(cancel, im.passOK)))
		im.ask = dialog.NewCustomWithoutButtons(lang.L("bundle.import.title"), content, im.w.win)
		im.ask.Resize(fyne.NewSize(520, 240))
	}
	im.passMsg.SetText(msg)
	im.passIn.SetText("")
	im.passOK.Enable()
	im.ask.Show()
	im.w.win.Canvas().Focus(im.passIn)
}

// read opens the bundle and plans the merge, off the UI goroutine. The
// accounts are read as a stream and not kept: the import reads the file
// again. Its job is named for the file and refuses a second start, so a
// second Enter or click while the bundle is read never starts a second
// read.
func (im *bundleImport) read() {
	var err error
	pass := im.pass
	var m book.Manifest
	var plan book.ImportPlan
	started := im.w.background("read bundle "+im.path, func() {
		m, plan, err = planImport(im.w.book, im.path, pass)
	}, func() {
		im.manifest, im.plan = m, plan
		if err != nil && accounts.ErrorCode(err) == book.EPASSPHRASE {
			msg := ""
			if pass != "" {
				msg = sayErr(err)
			}
			im.askPassphrase(msg)
			return
		}
		if im.ask != nil {
			im.ask.Hide()
		}
		if err != nil {
			im.refuse(err)
			return
		}
		im.showPreview()
	})
	if started {
		im.reads++
	}
}

// planImport reads the bundle at path as a stream and plans the merge
// (with the bundle's privacy setting, so that private remarks missing
// from a bundle made without them do not count as changes).
func planImport(b *book.Book, path, pass string) (book.Manifest, book.ImportPlan, error) {
	f, err := book.OpenBundle(path, pass)
	if err != nil {
		return book.Manifest{}, book.ImportPlan{}, err
	}
	defer f.Close()
	p, err := b.PlanBundle(f)
	return f.Manifest(), p, err
}

// runImport reads the bundle at path again, as a stream into the import's
// one transaction; a file changed since the preview m is refused.
func runImport(b *book.Book, path, pass string, m book.Manifest) (book.ImportPlan, error) {
	f, err := book.OpenBundle(path, pass)
	if err != nil {
		return book.ImportPlan{}, err
	}
	defer f.Close()
	p, _, err := b.ImportBundle(from(viewBundle), f, m.ContentSHA256)
	return p, err
}

// refuse shows why the bundle cannot be imported; nothing was written.
func (im *bundleImport) refuse(err error) {
	im.failed = sayErr(err)
	dialog.ShowInformation(lang.L("bundle.import.title"), im.failed, im.w.win)
}

func (im *bundleImport) showPreview() {
	m, p := im.manifest, im.plan
	by := m.CreatedBy
	if by == "" {
		by = "—"
	}
	about := lang.L("bundle.about", map[string]any{"File": filepath.Base(im.path), "N": m.Counts.Accounts, "By": by,
		"At": m.CreatedAt.In(im.w.now().Location()).Format("2006-01-02 15:04")})
	if m.Sealed {
		about += " · " + lang.L("bundle.wassealed")
	}
	if m.IncludePrivate {
		about += " · " + lang.L("bundle.private.in")
	} else {
		about += " · " + lang.L("bundle.private.out")
	}
	im.counts = &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}, Text: lang.L("bundle.counts", map[string]any{
		"Added": p.Count(book.PlanAdded), "Updated": p.Count(book.PlanUpdated), "Skipped": p.Count(book.PlanSkipped), "Conflicts": p.Count(book.PlanConflicts)})}
	if p.Changes() == 0 && p.Count(book.PlanConflicts) == 0 {
		im.counts.Text += "\n" + lang.L("bundle.nothingnew")
	}

	// Accounts by name with what happens to each.
	im.accts = nil
	verdict := map[string]string{}
	for _, l := range []struct {
		items []book.ImportItem
		key   string
	}{{p.Added, "bundle.v.added"}, {p.Updated, "bundle.v.updated"}, {p.Conflicts, "bundle.v.conflict"}, {p.Skipped, "bundle.v.skipped"}} {
		for _, it := range l.items {
			if it.Kind == "account" {
				im.accts = append(im.accts, it)
				verdict[it.ID] = lang.L(l.key)
			}
		}
	}
	sort.SliceStable(im.accts, func(i, j int) bool { return tx(im.accts[i].Name) < tx(im.accts[j].Name) })
	acctList := &widget.List{
		Length: func() int { return len(im.accts) },
		CreateItem: func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(110, 30), &widget.Label{Importance: widget.MediumImportance}), &widget.Label{Truncation: fyne.TextTruncateEllipsis})
		},
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) {
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Label).SetText(tx(im.accts[i].Name))
			c.Objects[1].(*fyne.Container).Objects[0].(*widget.Label).SetText(verdict[im.accts[i].ID])
		},
	}
	acctList.ExtendBaseWidget(acctList)

	// Conflicts grouped by kind: counts for all, rows for the first few.
	byKind := map[string]int{}
	var kinds []string
	tally := func(kind string, n int) {
		if byKind[kind] == 0 {
			kinds = append(kinds, kind)
		}
		byKind[kind] += n
	}
	for _, it := range p.Conflicts {
		tally(it.Kind, 1)
	}
	for kind, n := range p.More[book.PlanConflicts] {
		tally(kind, n) // a large bundle's conflicts beyond those listed
	}
	sort.Strings(kinds)
	rank := map[string]int{}
	for i, k := range kinds {
		rank[k] = i
	}
	all := append([]book.ImportItem(nil), p.Conflicts...)
	sort.SliceStable(all, func(i, j int) bool { return rank[all[i].Kind] < rank[all[j].Kind] })
	im.conflicts = all[:min(len(all), previewRows)]
	var groups []string
	for _, k := range kinds {
		groups = append(groups, lang.L("bundle.kindcount", map[string]any{"Kind": kindLabel(k), "N": byKind[k]}))
	}
	conflictHead := lang.L("bundle.noconflicts")
	if n := p.Count(book.PlanConflicts); n > 0 {
		conflictHead = lang.L("bundle.conflicts", map[string]any{"N": n}) + "\n" + strings.Join(groups, " · ")
		if n > previewRows {
			conflictHead += "\n" + lang.L("bundle.firstrows", map[string]any{"N": previewRows})
		}
	}
	conflictList := &widget.List{
		Length: func() int { return len(im.conflicts) },
		CreateItem: func() fyne.CanvasObject {
			return container.New(tightVBox{}, &widget.Label{Truncation: fyne.TextTruncateEllipsis}, captionLabel(""))
		},
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) {
			it := im.conflicts[i]
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Label).SetText(kindLabel(it.Kind) + ": " + tx(it.Name))
			c.Objects[1].(*widget.Label).SetText(tx(it.Reason))
		},
	}
	conflictList.ExtendBaseWidget(conflictList)

	im.confirm = &widget.Button{Text: lang.L("bundle.confirm"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: im.importNow}
	im.confirm.ExtendBaseWidget(im.confirm)
	if p.Changes() == 0 {
		im.confirm.Disable()
	}
	im.cancel = &widget.Button{Text: lang.L("form.cancel"), OnTapped: func() { im.preview.Hide() }}
	im.cancel.ExtendBaseWidget(im.cancel)

	left := container.NewBorder(subheading(lang.L("bundle.accounts", map[string]any{"N": len(im.accts)})), nil, nil, nil, acctList)
	right := container.NewBorder(container.NewVBox(subheading(lang.L("bundle.conflicts.title")),
		&widget.Label{Text: conflictHead, Wrapping: fyne.TextWrapWord}), nil, nil, nil, conflictList)
	split := container.NewHSplit(left, right)
	split.Offset = 0.38
	top := container.NewVBox(&widget.Label{Text: about, Wrapping: fyne.TextWrapWord}, im.counts, widget.NewSeparator())
	bottom := container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil,
		&widget.Label{Text: lang.L("bundle.cancelnote"), Importance: widget.LowImportance}, container.NewHBox(im.cancel, im.confirm)))
	im.preview = dialog.NewCustomWithoutButtons(lang.L("bundle.preview.title"),
		container.NewBorder(top, bottom, nil, nil, split), im.w.win)
	im.preview.Resize(fyne.NewSize(960, 640))
	im.preview.Show()
}

func kindLabel(kind string) string {
	key := map[string]string{
		"account": "bundle.kind.account", "contact": "bundle.kind.contact", "link": "bundle.kind.link",
		"visit": "bundle.kind.visit", "warning": "bundle.kind.warning", "plan": "bundle.kind.plan", "layout": "bundle.kind.layout",
	}[kind]
	if key == "" {
		return kind
	}
	return lang.L(key)
}

// importNow merges the bundle in one transaction.
func (im *bundleImport) importNow() {
	var p book.ImportPlan
	var err error
	im.confirm.Disable()
	path, pass, m := im.path, im.pass, im.manifest
	im.w.background("merge bundle "+im.path, func() { p, err = runImport(im.w.book, path, pass, m) }, func() {
		im.preview.Hide()
		if err != nil {
			im.refuse(err)
			return
		}
		im.plan = p
		im.done = lang.L("bundle.imported", map[string]any{
			"Added": p.Count(book.PlanAdded), "Updated": p.Count(book.PlanUpdated), "Skipped": p.Count(book.PlanSkipped), "Conflicts": p.Count(book.PlanConflicts)})
		dialog.ShowInformation(lang.L("bundle.import.title"), im.done, im.w.win)
	})
}
