package ui

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	fstorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
)

// View → Exchange rates: the reporting currency and the table of rates the
// totals across currencies convert with (book.SaveRates). Rates are edited
// in the window's copy and saved together; a bad rate is refused with its
// sentence as it is added, and a table the domain refuses is not saved.

// ratesDialog is the open window, kept for tests.
type ratesDialog struct {
	w         *MainWindow
	rates     accounts.Rates
	reporting *widget.SelectEntry
	list      *widget.List
	currency  *widget.SelectEntry
	rate      *widget.Entry
	from      *widget.Entry
	problem   *widget.Label
	info      *widget.Label // what an imported file brought
	dlg       *dialog.ConfirmDialog
}

// showRates loads the rates and opens the window.
func (w *MainWindow) showRates() {
	var r accounts.Rates
	var err error
	w.background("load rates", func() { r, err = w.book.Rates() }, func() {
		if err != nil {
			w.showError(err)
			return
		}
		w.rates = newRatesDialog(w, r)
		w.rates.dlg.Show()
	})
}

func newRatesDialog(w *MainWindow, r accounts.Rates) *ratesDialog {
	d := &ratesDialog{w: w, rates: r}
	d.reporting = widget.NewSelectEntry(accounts.Currencies)
	d.reporting.SetText(r.Reporting)
	d.reporting.PlaceHolder = accounts.DefaultCurrency
	d.currency = widget.NewSelectEntry(accounts.Currencies)
	// The entry row starts with a foreign currency and today, the usual
	// new rate; only the rate itself is left to type.
	d.currency.SetText(firstForeign(d.reportingCode()))
	d.rate = &widget.Entry{PlaceHolder: "7.2"}
	d.from = &widget.Entry{Text: w.book.Today().String()}
	d.problem = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance}
	d.info = &widget.Label{Wrapping: fyne.TextWrapWord}
	d.info.Hide() // until a file was imported
	d.list = &widget.List{
		Length: func() int { return len(d.rates.Table) },
		CreateItem: func() fyne.CanvasObject {
			edit := &widget.Button{Icon: theme.DocumentCreateIcon(), Importance: widget.LowImportance}
			del := &widget.Button{Icon: theme.DeleteIcon(), Importance: widget.LowImportance}
			return container.NewBorder(nil, nil, nil, container.NewHBox(edit, del), widget.NewLabel(""))
		},
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) {
			c := o.(*fyne.Container)
			x := d.rates.Table[i]
			c.Objects[0].(*widget.Label).SetText(rateText(x, d.reportingCode()))
			btns := c.Objects[1].(*fyne.Container).Objects
			btns[0].(*widget.Button).OnTapped = func() { d.edit(i) }
			btns[1].(*widget.Button).OnTapped = func() { d.remove(i) }
		},
	}
	d.reporting.OnChanged = func(string) { d.list.Refresh() }
	add := &widget.Button{Text: lang.L("rates.add"), Icon: theme.ContentAddIcon(), OnTapped: d.add}
	addRow := container.NewBorder(nil, nil, nil, add, container.NewGridWithColumns(3,
		labelled("rates.currency", d.currency), labelled("rates.rate", d.rate), labelled("rates.from", d.from)))
	imp := &widget.Button{Text: lang.L("rates.import"), Icon: theme.FolderOpenIcon(), OnTapped: d.chooseFile}
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewVBox(layout.NewSpacer(), imp), labelled("rates.reporting", d.reporting)),
		&widget.Label{Text: lang.L("rates.explain"), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance},
		widget.NewSeparator())
	bottom := container.NewVBox(widget.NewSeparator(), addRow, d.info, d.problem)
	body := container.NewBorder(top, bottom, nil, nil, d.list)
	d.dlg = dialog.NewCustomConfirm(lang.L("rates.title"), lang.L("form.save"), lang.L("form.cancel"), body, func(ok bool) {
		if ok {
			d.save()
		}
	}, w.win)
	d.dlg.Resize(fyne.NewSize(660, 620))
	return d
}

// firstForeign is the first currency offered that is not the reporting one.
func firstForeign(reporting string) string {
	for _, c := range accounts.Currencies {
		if c != reporting {
			return c
		}
	}
	return ""
}

// labelled puts a label above a field.
func labelled(key string, o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(layout.NewVBoxLayout(), &widget.Label{Text: lang.L(key), TextStyle: fyne.TextStyle{Bold: true}}, o)
}

func (d *ratesDialog) reportingCode() string {
	if c := strings.ToUpper(strings.TrimSpace(d.reporting.Text)); c != "" {
		return c
	}
	return accounts.DefaultCurrency
}

// rateText reads "1 USD = 7.24 CNY from 2026-06-01".
func rateText(x accounts.Rate, reporting string) string {
	return lang.L("rates.row", map[string]any{"Currency": x.Currency, "Rate": strconv.FormatFloat(x.PerUnit, 'f', -1, 64),
		"Reporting": reporting, "Date": x.ValidFrom.String()})
}

// add takes the entry row into the table, or says what is wrong with it.
func (d *ratesDialog) add() {
	x := accounts.Rate{Currency: strings.ToUpper(strings.TrimSpace(d.currency.Text))}
	v, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(d.rate.Text), ",", ""), 64)
	if err != nil {
		d.problem.SetText(tx(accounts.Say("intake.rates.bad_rate", "Value", d.rate.Text)))
		return
	}
	x.PerUnit = v
	if x.ValidFrom, err = accounts.ParseDate(d.from.Text); err != nil {
		d.problem.SetText(sayErr(err))
		return
	}
	if err := x.Validate(); err != nil {
		d.problem.SetText(sayErr(err))
		return
	}
	next := d.rates
	next.Reporting = d.reportingCode()
	next.Table = append(append([]accounts.Rate(nil), d.rates.Table...), x)
	next.Normalize()
	if err := next.Validate(); err != nil {
		d.problem.SetText(sayErr(err))
		return
	}
	d.rates.Table = next.Table
	d.problem.SetText("")
	d.rate.SetText("")
	d.list.Refresh()
}

// edit puts a rate back in the entry row to be changed and added again.
func (d *ratesDialog) edit(i int) {
	x := d.rates.Table[i]
	d.currency.SetText(x.Currency)
	d.rate.SetText(strconv.FormatFloat(x.PerUnit, 'f', -1, 64))
	d.from.SetText(x.ValidFrom.String())
	d.remove(i)
}

func (d *ratesDialog) remove(i int) {
	d.rates.Table = append(d.rates.Table[:i:i], d.rates.Table[i+1:]...)
	d.list.Refresh()
}

// save stores the table; a refused one shows its sentence and the window
// opens again with the edits.
func (d *ratesDialog) save() {
	r := d.rates
	r.Reporting = d.reportingCode()
	var err error
	d.w.background("save rates", func() { _, err = d.w.book.SaveRates(book.From("rates"), r) }, func() {
		if err != nil {
			d.problem.SetText(sayErr(err))
			d.dlg.Show()
		}
	})
}

// chooseFile asks for a CSV of rates (currency, rate, date) to import.
func (d *ratesDialog) chooseFile() {
	fd := dialog.NewFileOpen(func(uc fyne.URIReadCloser, err error) {
		if err != nil || uc == nil {
			return
		}
		path := uc.URI().Path()
		uc.Close()
		d.importFile(path)
	}, d.w.win)
	fd.SetFilter(fstorage.NewExtensionFileFilter([]string{".csv", ".txt"}))
	fd.Resize(fyne.NewSize(820, 560))
	fd.Show()
}

// importFile reads the file's rates into the window's table, as a preview:
// nothing is written until Save. Rows left out are listed with their
// reasons; a rate already in the table is not added twice.
func (d *ratesDialog) importFile(path string) {
	cur := d.rates
	cur.Reporting = d.reportingCode()
	var p book.RatesPlan
	var err error
	d.w.background("load rates file", func() {
		f, oerr := os.Open(path)
		if oerr != nil {
			err = &accounts.Error{Code: accounts.ENOTFOUND, Msg: accounts.Say("cli.intake.cannot_open", "Path", path), Err: oerr}
			return
		}
		defer f.Close()
		p, err = book.PlanRatesAgainst(f, cur)
	}, func() {
		if err != nil {
			d.info.SetText("")
			d.problem.SetText(sayErr(err))
			return
		}
		d.rates = p.Apply(cur)
		d.reporting.SetText(d.rates.Reporting)
		d.list.Refresh()
		d.info.Show()
		d.info.SetText(lang.L("rates.import.done", map[string]any{"File": filepath.Base(path), "Added": len(p.Add),
			"Replaced": len(p.Replace), "Same": len(p.Same), "Left": p.Read.Skipped()}))
		lines := make([]string, 0, len(p.Read.Problems))
		for _, pr := range p.Read.Problems {
			lines = append(lines, problemLine(pr))
		}
		d.problem.SetText(strings.Join(lines, "\n"))
	})
}
