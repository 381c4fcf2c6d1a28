package ui

import (
	"errors"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
	"keycard/locale"
)

// File → Export data…: the portfolio, the open account's contacts, visits
// and follow-ups, the pipeline and the risk ranking to Excel or CSV, the
// open account's contacts to an address book (vCard) and the open
// follow-ups and planned visits to a calendar (iCalendar). The dialog asks
// what, in which format, of whose accounts and in which language; a save
// dialog asks where; the book writes the file off the UI goroutine behind a
// progress dialog; a sentence says where it went, with Open and Show in
// folder.

// Kinds of export beside the tables of book.SheetKinds.
const (
	whatVCard = "vcard"
	whatICS   = "ics"
)

// dataChoice is one line of the dialog's "What".
type dataChoice struct {
	what    string // book.Sheet…, whatVCard or whatICS
	label   string
	account bool // of the open account
}

// Format choices and their file extensions.
var (
	tableFormats = []string{"dataexport.format.xlsx", "dataexport.format.csv"}
	vcardFormats = []string{"dataexport.format.vcard3", "dataexport.format.vcard4"}
	formatExt    = map[string]string{"dataexport.format.xlsx": ".xlsx", "dataexport.format.csv": ".csv",
		"dataexport.format.vcard3": ".vcf", "dataexport.format.vcard4": ".vcf", "dataexport.format.ics": ".ics"}
)

// Preferences: the last format of a table export.
const prefDataFormat = "dataexport_format"

// dataExportForm is the dialog's content.
type dataExportForm struct {
	w        *MainWindow
	account  *accounts.Account // the open account, nil without one
	choices  []dataChoice
	what     *widget.RadioGroup
	format   *widget.RadioGroup
	owner    *widget.Select
	language *widget.RadioGroup
	content  fyne.CanvasObject
	dialog   *dialog.ConfirmDialog
	// save asks where to write a file named name; tests replace it.
	save func(name, ext string, then func(path string))
}

func (w *MainWindow) exportData() { w.openDataExport() }

// openDataExport shows File → Export data…
func (w *MainWindow) openDataExport() *dataExportForm {
	f := newDataExportForm(w)
	d := dialog.NewCustomConfirm(lang.L("dataexport.title"), lang.L("dataexport.go"), lang.L("form.cancel"), f.content, func(ok bool) {
		if ok {
			f.start()
		}
	}, w.win)
	d.Resize(fyne.NewSize(600, 0))
	f.dialog = d
	d.Show()
	return f
}

func newDataExportForm(w *MainWindow) *dataExportForm {
	f := &dataExportForm{w: w, save: func(name, ext string, then func(string)) { chooseSaveFile(w.shell, name, ext, then) }}
	if w.account != nil && w.account.data != nil {
		a := w.account.data.Account
		f.account = &a
	}
	f.choices = dataChoices(f.account)
	var labels []string
	for _, c := range f.choices {
		labels = append(labels, c.label)
	}
	f.what = widget.NewRadioGroup(labels, func(string) { f.adapt() })
	f.what.Required = true
	f.format = widget.NewRadioGroup(nil, nil)
	f.format.Horizontal = true
	f.format.Required = true
	all := lang.L("pipeline.allowners")
	owners, _ := w.book.Owners()
	f.owner = widget.NewSelect(append([]string{all}, owners...), nil)
	f.owner.SetSelected(all)
	if o := w.portfolio.filter.Owner; o != "" {
		f.owner.SetSelected(o)
	}
	f.language = widget.NewRadioGroup([]string{"English", "中文"}, nil)
	f.language.Horizontal = true
	f.language.Required = true
	if w.app.Preferences().StringWithFallback(prefExportLang, pdfLang()) == "zh" {
		f.language.SetSelected("中文")
	} else {
		f.language.SetSelected("English")
	}
	form := &widget.Form{Items: []*widget.FormItem{
		{Text: lang.L("dataexport.ui.format"), Widget: f.format},
		{Text: lang.L("dataexport.ui.owner"), Widget: f.owner},
		{Text: lang.L("dataexport.ui.language"), Widget: f.language},
	}}
	form.ExtendBaseWidget(form)
	parts := []fyne.CanvasObject{subheading(lang.L("dataexport.ui.what")), f.what}
	if f.account == nil {
		parts = append(parts, &widget.Label{Text: lang.L("dataexport.noaccount.hint"), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance})
	}
	f.content = container.NewVBox(append(parts, widget.NewSeparator(), form)...)
	f.what.SetSelected(labels[0])
	return f
}

// dataChoices are the lines of "What": the open account's first, when one
// is open.
func dataChoices(a *accounts.Account) []dataChoice {
	out := []dataChoice{{what: book.SheetPortfolio, label: lang.L("dataexport.choice.portfolio")}}
	if a != nil {
		name := map[string]any{"Name": a.Name}
		out = append(out,
			dataChoice{book.SheetContacts, lang.L("dataexport.choice.contacts", name), true},
			dataChoice{book.SheetVisits, lang.L("dataexport.choice.visits", name), true},
			dataChoice{book.SheetFollowUps, lang.L("dataexport.choice.followups", name), true},
			dataChoice{whatVCard, lang.L("dataexport.choice.vcard", name), true})
	}
	return append(out,
		dataChoice{what: book.SheetPipeline, label: lang.L("dataexport.choice.pipeline")},
		dataChoice{what: book.SheetRisk, label: lang.L("dataexport.choice.risk")},
		dataChoice{what: whatICS, label: lang.L("dataexport.choice.ics")})
}

// choice is the line chosen.
func (f *dataExportForm) choice() dataChoice {
	for _, c := range f.choices {
		if c.label == f.what.Selected {
			return c
		}
	}
	return f.choices[0]
}

// formatKey is the key of the format chosen.
func (f *dataExportForm) formatKey() string {
	for _, k := range append(append(tableFormats, vcardFormats...), "dataexport.format.ics") {
		if lang.L(k) == f.format.Selected {
			return k
		}
	}
	return tableFormats[0]
}

// adapt offers the formats of the kind chosen, and the owner and the
// language only where they apply.
func (f *dataExportForm) adapt() {
	c := f.choice()
	keys, last := tableFormats, f.w.app.Preferences().StringWithFallback(prefDataFormat, tableFormats[0])
	switch c.what {
	case whatVCard:
		keys, last = vcardFormats, vcardFormats[0]
	case whatICS:
		keys, last = []string{"dataexport.format.ics"}, "dataexport.format.ics"
	}
	var opts []string
	for _, k := range keys {
		opts = append(opts, lang.L(k))
	}
	f.format.Options = opts
	f.format.SetSelected(lang.L(last))
	if f.format.Selected == "" {
		f.format.SetSelected(opts[0])
	}
	f.format.Refresh()
	setEnabled(f.owner, !c.account)
	setEnabled(f.language, c.what != whatVCard)
}

type disableable interface {
	Enable()
	Disable()
}

func setEnabled(o disableable, on bool) {
	if on {
		o.Enable()
	} else {
		o.Disable()
	}
}

// dataRequest is what the dialog asks the book for.
type dataRequest struct {
	choice  dataChoice
	format  string // a format key
	owner   string
	lang    string
	account *accounts.Account
}

func (f *dataExportForm) request() dataRequest {
	r := dataRequest{choice: f.choice(), format: f.formatKey(), lang: locale.English, account: f.account}
	if f.owner.Selected != lang.L("pipeline.allowners") && !r.choice.account {
		r.owner = f.owner.Selected
	}
	if f.language.Selected == "中文" {
		r.lang = locale.Chinese
	}
	return r
}

// start remembers the choices and asks where to save.
func (f *dataExportForm) start() {
	r := f.request()
	p := f.w.app.Preferences()
	if r.choice.what != whatVCard && r.choice.what != whatICS {
		p.SetString(prefDataFormat, r.format)
	}
	if r.choice.what != whatVCard { // the language shared with the PDF exports
		p.SetString(prefExportLang, map[bool]string{true: "zh", false: "en"}[r.lang == locale.Chinese])
	}
	ext := formatExt[r.format]
	f.save(dataFileName(r, f.w.now().Format("2006-01-02"), ext), ext, func(path string) {
		f.w.exportDataTo(path, r, f.w.exportDataDone)
	})
}

// dataTitle names what a request exports, in the interface's language.
func dataTitle(r dataRequest) string {
	return lang.L(book.SheetTitle(r.choice.what))
}

// dataFileName suggests a file name: what, whose, the day.
func dataFileName(r dataRequest, day, ext string) string {
	parts := []string{"Keycard", dataTitle(r)}
	if r.choice.account && r.account != nil {
		parts = append(parts, r.account.Name)
	} else if r.owner != "" {
		parts = append(parts, r.owner)
	}
	name := strings.Map(func(c rune) rune {
		if c < 32 || strings.ContainsRune(`<>:"/\|?*`, c) {
			return '-'
		}
		return c
	}, strings.Join(append(parts, day), " "))
	return name + ext
}

// chooseSaveFile asks where to save a file of extension ext, suggesting
// name in the folder used last time (every export shares it).
func chooseSaveFile(w *shell, name, ext string, then func(path string)) *dialog.FileDialog {
	d := dialog.NewFileSave(func(uc fyne.URIWriteCloser, err error) {
		if err != nil {
			w.showError(err)
			return
		}
		if uc == nil {
			return // cancelled
		}
		path := uc.URI().Path()
		uc.Close()
		w.app.Preferences().SetString(prefExportDir, filepath.Dir(path))
		then(path)
	}, w.win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	if dir := w.app.Preferences().String(prefExportDir); dir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Resize(fyne.NewSize(760, 520))
	d.Show()
	return d
}

// exportDataTo writes what r asks for to path off the UI goroutine behind
// a progress dialog, then calls done on the UI goroutine with the number
// of rows, contacts or events written.
func (w *MainWindow) exportDataTo(path string, r dataRequest, done func(path string, r dataRequest, n int, err error)) {
	prog := w.pdfProgress(lang.L("dataexport.progress", map[string]any{"What": dataTitle(r)}))
	var n int
	var err error
	started := w.background("export data "+path, func() {
		n, err = w.writeData(path, r)
	}, func() {
		prog.Hide()
		done(path, r, n, err)
	})
	if !started {
		prog.Hide() // already under way: background said so
	}
}

// writeData is the book's use case for r.
func (w *MainWindow) writeData(path string, r dataRequest) (int, error) {
	var id accounts.ID
	if r.account != nil && r.choice.account {
		id = r.account.ID
	}
	switch r.choice.what {
	case whatVCard:
		v := "3.0"
		if r.format == "dataexport.format.vcard4" {
			v = "4.0"
		}
		return w.book.ExportVCards(path, id, v)
	case whatICS:
		return w.book.ExportCalendar(path, r.owner, r.lang)
	}
	format := book.FormatXLSX
	if r.format == "dataexport.format.csv" {
		format = book.FormatCSV
	}
	return w.book.ExportSheet(w.book.Jobs().Context(), path, book.SheetOptions{What: r.choice.what, Format: format, Owner: r.owner, Account: id, Lang: r.lang})
}

// dataFailSentence words a failed data export: the export's own refusals
// (an account without contacts, nothing for the calendar) as they are, the
// rest as a failed PDF export is worded.
func dataFailSentence(path string, err error) string {
	var ae *accounts.Error
	if errors.As(err, &ae) && strings.HasPrefix(ae.Msg.Key, "dataexport.") {
		return sayErr(err)
	}
	return pdfFailSentence(path, err)
}

// exportDataDone says where the file went, with Open and Show in folder,
// or why there is none.
func (w *MainWindow) exportDataDone(path string, r dataRequest, n int, err error) {
	if err != nil {
		dialog.ShowInformation(lang.L("export.failed.title"), dataFailSentence(path, err), w.win)
		return
	}
	msg := &widget.Label{Text: lang.L("dataexport.saved", map[string]any{"What": dataTitle(r), "Path": path, "Count": n}),
		Wrapping: fyne.TextWrapWord, Selectable: true}
	d := dialog.NewCustomWithoutButtons(lang.L("dataexport.saved.title"), msg, w.win)
	open := &widget.Button{Text: lang.L("export.open"), Importance: widget.HighImportance, OnTapped: func() { d.Hide(); w.openPath(path) }}
	folder := widget.NewButton(lang.L("dataexport.showfolder"), func() { d.Hide(); w.openPath(filepath.Dir(path)) })
	d.SetButtons([]fyne.CanvasObject{widget.NewButton(lang.L("dialog.close"), d.Hide), folder, open})
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}
