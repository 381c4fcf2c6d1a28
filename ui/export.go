package ui

import (
	"errors"
	"io/fs"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
	"keycard/ui/openfile"
)

// Export prints the open account's plan or visit brief to a PDF file the
// person chooses, or every plan of the portfolio (or of one owner) into a
// folder. Rendering runs off the UI goroutine and the file is written
// through a temporary file, so a failed export never leaves half a PDF
// where the old one was.

// Preferences keys: the last export choices, offered again next time.
const (
	prefExportKind  = "export.kind"
	prefExportLang  = "export.lang"
	prefExportPaper = "export.paper"
	prefExportDir   = "export.dir"
)

// Document kinds, as book.ExportDocument prints them.
const (
	kindPlan  = book.KindPlan
	kindBrief = book.KindBrief
)

// exportForm is the export dialog's content for one account.
type exportForm struct {
	v         *accountView
	kind      *widget.RadioGroup
	language  *widget.RadioGroup
	paper     *widget.RadioGroup
	private   *widget.Check
	attendees *widget.CheckGroup
	people    []accounts.ID // the attendee choices, in the order shown
	briefBox  *fyne.Container
	content   fyne.CanvasObject
	dialog    *dialog.ConfirmDialog
}

func (w *MainWindow) export()      { w.openPDFExport("") }
func (w *MainWindow) exportPlan()  { w.openPDFExport(kindPlan) }
func (w *MainWindow) exportBrief() { w.openPDFExport(kindBrief) }

// openPDFExport shows the export dialog for the open account, with kind
// preselected (empty: the last kind exported).
func (w *MainWindow) openPDFExport(kind string) *exportForm {
	if w.account == nil || w.account.data == nil {
		dialog.ShowInformation(lang.L("noaccount.title"), lang.L("export.noaccount"), w.win)
		return nil
	}
	f := newExportForm(w.account, kind)
	d := dialog.NewCustomConfirm(lang.L("export.title"), lang.L("export.go"), lang.L("form.cancel"), f.content, func(ok bool) {
		if ok {
			f.remember()
			w.chooseExportFile(f.v.data.Account, f.kindCode(), f.options())
		}
	}, w.win)
	d.Resize(fyne.NewSize(560, 0))
	f.dialog = d
	d.Show()
	return f
}

func newExportForm(v *accountView, kind string) *exportForm {
	w := v.w
	p := w.app.Preferences()
	if kind == "" {
		kind = p.StringWithFallback(prefExportKind, kindPlan)
	}
	f := &exportForm{v: v}
	kinds := []string{lang.L("export.kind.plan"), lang.L("export.kind.brief")}
	f.kind = widget.NewRadioGroup(kinds, func(s string) { f.showBrief() })
	f.kind.Horizontal = true
	f.kind.Required = true
	langs := []string{"English", "中文"}
	f.language = widget.NewRadioGroup(langs, nil)
	f.language.Horizontal = true
	f.language.Required = true
	papers := []string{"A4", lang.L("export.paper.letter")}
	f.paper = widget.NewRadioGroup(papers, nil)
	f.paper.Horizontal = true
	f.paper.Required = true
	f.private = widget.NewCheck(lang.L("export.private"), nil)
	why := &widget.Label{Text: lang.L("export.private.why"), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance}

	// Attendees: the account's active contacts, most influential first.
	cs := make([]accounts.Contact, 0, len(v.data.Contacts))
	for _, c := range v.data.Contacts {
		if c.Active() && !c.Placeholder {
			cs = append(cs, c)
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Influence > cs[j].Influence })
	var names []string
	for _, c := range cs {
		n := tx(c.Who())
		if c.Title != "" {
			n += " · " + c.Title
		}
		names = append(names, n)
		f.people = append(f.people, c.ID)
	}
	f.attendees = widget.NewCheckGroup(names, nil)
	who := &widget.Label{Text: lang.L("export.attendees.hint"), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance}
	var list fyne.CanvasObject = f.attendees
	if len(names) > 6 {
		s := container.NewVScroll(f.attendees)
		s.SetMinSize(fyne.NewSize(0, 190))
		list = s
	}
	if len(names) == 0 {
		list = &widget.Label{Text: lang.L("export.attendees.none"), Importance: widget.LowImportance}
	}
	f.briefBox = container.NewVBox(widget.NewSeparator(), subheading(lang.L("export.attendees")), who, list)

	form := &widget.Form{Items: []*widget.FormItem{
		{Text: lang.L("export.kind"), Widget: f.kind},
		{Text: lang.L("export.language"), Widget: f.language},
		{Text: lang.L("export.paper"), Widget: f.paper},
	}}
	form.ExtendBaseWidget(form)
	account := &widget.Label{Text: v.data.Account.Name, TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	f.content = container.NewVBox(account, form, widget.NewSeparator(), f.private, why, f.briefBox)

	if kind == kindBrief {
		f.kind.SetSelected(kinds[1])
	} else {
		f.kind.SetSelected(kinds[0])
	}
	if p.StringWithFallback(prefExportLang, pdfLang()) == "zh" {
		f.language.SetSelected(langs[1])
	} else {
		f.language.SetSelected(langs[0])
	}
	if p.StringWithFallback(prefExportPaper, "A4") == "Letter" {
		f.paper.SetSelected(papers[1])
	} else {
		f.paper.SetSelected(papers[0])
	}
	f.showBrief()
	return f
}

// pdfLang is the document language that matches the interface.
func pdfLang() string {
	if strings.HasPrefix(uiLang, "zh") {
		return "zh"
	}
	return "en"
}

func (f *exportForm) kindCode() string {
	if f.kind.Selected == lang.L("export.kind.brief") {
		return kindBrief
	}
	return kindPlan
}

func (f *exportForm) showBrief() {
	if f.briefBox == nil {
		return
	}
	if f.kindCode() == kindBrief {
		f.briefBox.Show()
	} else {
		f.briefBox.Hide()
	}
	if f.dialog != nil {
		f.dialog.Resize(fyne.NewSize(560, 0))
	}
}

// options are the document options the form asks for.
func (f *exportForm) options() book.DocumentOptions {
	o := book.DocumentOptions{Lang: "en", Paper: "A4", Now: f.v.w.now(), IncludePrivate: f.private.Checked}
	if f.language.Selected == "中文" {
		o.Lang = "zh"
	}
	if f.paper.Selected == lang.L("export.paper.letter") {
		o.Paper = "Letter"
	}
	if f.kindCode() == kindBrief {
		chosen := map[string]bool{}
		for _, s := range f.attendees.Selected {
			chosen[s] = true
		}
		for i, n := range f.attendees.Options {
			if chosen[n] {
				o.Attendees = append(o.Attendees, f.people[i])
			}
		}
	}
	return o
}

func (f *exportForm) remember() {
	o := f.options()
	p := f.v.w.app.Preferences()
	p.SetString(prefExportKind, f.kindCode())
	p.SetString(prefExportLang, o.Lang)
	p.SetString(prefExportPaper, o.Paper)
}

// chooseExportFile asks where to save, suggesting a file name that says
// what and whose the document is, in the folder used last time.
func (w *MainWindow) chooseExportFile(a accounts.Account, kind string, o book.DocumentOptions) {
	id := a.ID
	choosePDF(w.shell, book.PlanFileName(a, kind, o), func(path string) {
		w.exportTo(path, id, kind, o, w.exportDone)
	})
}

// choosePDF asks where to save a PDF, suggesting name in the folder used
// last time, and calls then with the path chosen.
func choosePDF(w *shell, name string, then func(path string)) *dialog.FileDialog {
	return chooseSaveFile(w, name, ".pdf", then)
}

// exportTo prints account id's document of kind to path off the UI
// goroutine, with a progress dialog, and then calls done on the UI
// goroutine with the error as a sentence-ready error (nil on success).
func (w *MainWindow) exportTo(path string, id accounts.ID, kind string, o book.DocumentOptions, done func(path string, err error)) {
	what := lang.L("export.kind.plan")
	if kind == kindBrief {
		what = lang.L("export.kind.brief")
	}
	prog := w.pdfProgress(lang.L("export.printing", map[string]any{"What": what}))
	var err error
	started := w.background("export pdf "+path, func() {
		err = w.book.ExportDocument(path, id, kind, o)
	}, func() {
		prog.Hide()
		done(path, err)
	})
	if !started {
		prog.Hide() // already under way: background said so
	}
}

// pdfFailSentence words a failed export so the person knows what to do.
func pdfFailSentence(path string, err error) string {
	switch {
	case accounts.ErrorCode(err) != accounts.EINTERNAL && accounts.ErrorCode(err) != "":
		return errorSentence(err)
	case errors.Is(err, fs.ErrPermission):
		return lang.L("export.failed.permission", map[string]any{"Path": path})
	case errors.Is(err, fs.ErrNotExist):
		return lang.L("export.failed.nofolder", map[string]any{"Path": path})
	}
	return lang.L("export.failed", map[string]any{"Path": path})
}

// exportDone tells where the document went and offers to open it.
func (w *MainWindow) exportDone(path string, err error) {
	if err != nil {
		dialog.ShowInformation(lang.L("export.failed.title"), pdfFailSentence(path, err), w.win)
		return
	}
	msg := &widget.Label{Text: lang.L("export.saved", map[string]any{"Path": path}), Wrapping: fyne.TextWrapWord, Selectable: true}
	d := dialog.NewCustomConfirm(lang.L("export.saved.title"), lang.L("export.open"), lang.L("dialog.close"), msg, func(open bool) {
		if open {
			w.openPath(path)
		}
	}, w.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

// openPath opens a file or folder with the program the system uses for it,
// through the platform's own call with the plain path (package openfile).
func (w *MainWindow) openPath(path string) {
	if err := openfile.Open(path); err != nil {
		dialog.ShowInformation(lang.L("export.saved.title"), lang.L("export.openfailed", map[string]any{"Path": path}), w.win)
	}
}

// pdfProgress shows a dialog with an endless bar while work runs.
func (w *MainWindow) pdfProgress(text string) dialog.Dialog {
	bar := widget.NewProgressBarInfinite()
	d := dialog.NewCustomWithoutButtons(lang.L("export.title"), container.NewVBox(
		&widget.Label{Text: text, Wrapping: fyne.TextWrapWord}, bar), w.win)
	d.Resize(fyne.NewSize(420, 0))
	d.Show()
	return d
}

// exportAll prints the plan of every account of the current owner filter
// (all accounts without one) into a folder the person picks.
func (w *MainWindow) exportAll() {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			w.showError(err)
			return
		}
		if l == nil {
			return
		}
		p := w.app.Preferences()
		o := book.DocumentOptions{Lang: p.StringWithFallback(prefExportLang, pdfLang()), Paper: p.StringWithFallback(prefExportPaper, "A4"), Now: w.now()}
		w.exportAllTo(l.Path(), w.portfolio.filter.Owner, o, w.exportAllDone)
	}, w.win)
	if dir := w.app.Preferences().String(prefExportDir); dir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Resize(fyne.NewSize(760, 520))
	d.Show()
}

// exportAllTo prints the plans off the UI goroutine; done gets the number
// of files written.
func (w *MainWindow) exportAllTo(dir, owner string, o book.DocumentOptions, done func(dir string, n int, err error)) {
	text := lang.L("export.all.printing")
	if owner != "" {
		text = lang.L("export.all.printing.owner", map[string]any{"Owner": owner})
	}
	prog := w.pdfProgress(text)
	var n int
	var err error
	var failed string
	started := w.background("export pdfs "+dir, func() {
		n, failed, err = w.book.ExportPlans(dir, owner, o)
	}, func() {
		prog.Hide()
		// A failure of one file (not a refusal with its own sentence) is
		// told with the name of the file that failed, not the folder.
		if err != nil && failed != "" && accounts.ErrorCode(err) == accounts.EINTERNAL {
			err = &exportError{path: failed, err: err}
		}
		done(dir, n, err)
	})
	if !started {
		prog.Hide() // already under way: background said so
	}
}

// exportError keeps which file of a batch failed.
type exportError struct {
	path string
	err  error
}

func (e *exportError) Error() string { return e.path + ": " + e.err.Error() }
func (e *exportError) Unwrap() error { return e.err }

func (w *MainWindow) exportAllDone(dir string, n int, err error) {
	if err != nil {
		path := dir
		var ee *exportError
		if errors.As(err, &ee) {
			path = ee.path
		}
		msg := pdfFailSentence(path, err)
		if n > 0 {
			msg = lang.L("export.all.partial", map[string]any{"Count": n}) + " " + msg
		}
		dialog.ShowInformation(lang.L("export.failed.title"), msg, w.win)
		return
	}
	if n == 0 {
		dialog.ShowInformation(lang.L("export.title"), lang.L("export.all.none"), w.win)
		return
	}
	msg := &widget.Label{Text: lang.L("export.all.saved", map[string]any{"Count": n, "Dir": dir}), Wrapping: fyne.TextWrapWord, Selectable: true}
	d := dialog.NewCustomConfirm(lang.L("export.saved.title"), lang.L("export.openfolder"), lang.L("dialog.close"), msg, func(open bool) {
		if open {
			w.openPath(dir)
		}
	}, w.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

// printPDF writes a portfolio document (a weekly plan, a regional plan) to
// path off the UI goroutine, in the language last chosen for exports,
// behind a progress dialog naming what (a translation key), and then tells
// done where it went or why not.
func printPDF(w *shell, progress func(string) dialog.Dialog, done func(path string, err error), what, path string, write func(lang string) error) {
	prog := progress(lang.L("export.printing", map[string]any{"What": lang.L(what)}))
	var err error
	l := w.app.Preferences().StringWithFallback(prefExportLang, pdfLang())
	started := w.background("export "+what+" "+path, func() { err = write(l) }, func() {
		prog.Hide()
		done(path, err)
	})
	if !started {
		prog.Hide()
	}
}
