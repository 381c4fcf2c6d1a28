package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
)

// What a file from another tool does not say, asked in the import's
// preview: the currency and unit of money columns (a revenue column in
// millions of US dollars), and the account of calendar events without a
// known attendee. A change reads the file again and shows the new preview.

// intakeUnits are the units offered, in the order of the select.
var intakeUnits = []book.Unit{book.UnitOne, book.UnitThousand, book.UnitMillion}

// optionsForm is the preview's form of the options that apply to the
// kind of file, nil when none does.
func (im *intakeImport) optionsForm() fyne.CanvasObject {
	switch im.kind {
	case intakeAccounts, intakeDeals:
		return im.moneyForm()
	case intakeCalendar:
		return im.fallbackForm()
	}
	return nil
}

func (im *intakeImport) moneyForm() fyne.CanvasObject {
	def := lang.L("intake.money.asfile")
	cur := &widget.Select{Options: append([]string{def}, accounts.Currencies...), Selected: def}
	cur.ExtendBaseWidget(cur)
	units := []string{lang.L("intake.money.unit.one"), lang.L("intake.money.unit.thousand"), lang.L("intake.money.unit.million")}
	unit := &widget.Select{Options: units, Selected: units[0]}
	unit.ExtendBaseWidget(unit)
	im.moneyNote = &widget.Label{Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	im.curSel, im.unitSel = cur, unit
	cur.OnChanged = func(s string) {
		im.money.Currency = ""
		if s != def {
			im.money.Currency = s
		}
		im.reread()
	}
	unit.OnChanged = func(s string) {
		for i, l := range units {
			if l == s {
				im.money.Unit = intakeUnits[i]
			}
		}
		im.reread()
	}
	item := widget.NewFormItem(lang.L("intake.money"), container.NewGridWithColumns(2, cur, unit))
	item.HintText = lang.L("intake.money.note")
	return widget.NewForm(item, widget.NewFormItem("", im.moneyNote))
}

// fallbackForm asks which account takes the events no known contact
// attends; empty leaves them out, as before.
func (im *intakeImport) fallbackForm() fyne.CanvasObject {
	m := im.accountList()
	names := make([]string, 0, len(m.rows))
	for _, i := range m.order(sortByName) {
		names = append(names, m.rows[i].Name)
	}
	sel := widget.NewSelectEntry(names)
	sel.PlaceHolder = lang.L("intake.fallback.hint")
	sel.OnChanged = func(s string) {
		id := accounts.ID("")
		for i := range m.rows {
			if strings.EqualFold(strings.TrimSpace(s), m.rows[i].Name) {
				id = m.rows[i].ID
			}
		}
		if id != im.fallback {
			im.fallback = id
			im.reread()
		}
	}
	item := widget.NewFormItem(lang.L("intake.fallback"), sel)
	item.HintText = lang.L("intake.fallback.note")
	return widget.NewForm(item)
}

func (im *intakeImport) accountList() *portfolioModel {
	if im.w.accountList != nil {
		if m := im.w.accountList(); m != nil {
			return m
		}
	}
	return newPortfolioModel(nil, nil)
}

// reread reads the file again with the options chosen, off the UI
// goroutine, and shows the new preview.
func (im *intakeImport) reread() {
	owner := "?"
	if im.owner != nil && strings.TrimSpace(im.owner.Text) != "" {
		owner = strings.TrimSpace(im.owner.Text)
	}
	var err error
	im.w.background("read import "+im.path, func() { err = im.readAgain(owner) }, func() {
		if err != nil {
			im.status.SetText(errorSentence(err))
			im.confirm.Disable()
			return
		}
		im.status.SetText("")
		im.showCounts()
	})
}

func (im *intakeImport) readAgain(owner string) error {
	switch im.kind {
	case intakeAccounts:
		return im.readAccounts(owner)
	case intakeDeals:
		return im.readDeals()
	}
	return im.read(owner)
}

// showCounts shows the preview's counts, list and problems again.
func (im *intakeImport) showCounts() {
	im.counts.SetText(im.countsText())
	if im.moneyNote != nil {
		im.moneyNote.SetText(tx(book.MoneyColumns{Currency: im.money.Currency, Unit: im.money.Unit}.Phrase()))
	}
	if im.names2 != nil {
		im.names2.Refresh()
	}
	im.fillProblems()
	if im.toAdd() > 0 {
		im.confirm.Enable()
	} else {
		im.confirm.Disable()
	}
}
