package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
)

// Lost accounts (客户退出管理): when the profile card moves an account to
// the exit stage, Save first asks why it left, since when and what a year
// of its business was worth, and stores the answer with the stage in one
// write; Cancel stores nothing and puts the stage back. The churn view
// (churn.go) counts these records.

// exitDialog asks for an account's exit record.
type exitDialog struct {
	reason *enumSelect[accounts.ExitReason]
	date   *widget.DateEntry
	loss   *widget.Entry
	note   *widget.Entry
	errs   fieldErrors
	ok     *widget.Button
	cancel *widget.Button
	d      *dialog.CustomDialog
}

// askExit shows the dialog for a (its currency, its yearly revenue as the
// suggested loss); done runs with the record on OK, cancelled on Cancel.
func askExit(w *shell, a *accounts.Account, done func(*accounts.ExitRecord), cancelled func()) *exitDialog {
	day := w.day()
	x := &exitDialog{errs: fieldErrors{}}
	x.reason = newEnumSelect(accounts.ExitReasons(), accounts.ExitReason.Label, "", false)
	x.reason.PlaceHolder = lang.L("exit.reason.choose")
	x.date = dateEntry(day)
	cur := a.CurrencyOrDefault()
	x.loss = entry("")
	x.loss.PlaceHolder = lang.L("form.amount.hint")
	// The suggestion is what a year of the account's business was worth.
	if y := accounts.LifetimeValue(a, day).Yearly; y > 0 {
		x.loss.SetText(moneyText(accounts.Money{Minor: (y + 50) / 100 * 100, Currency: cur}))
	}
	x.note = multiline("")
	x.note.SetMinRowsVisible(2)
	fe := x.errs
	body := container.NewVBox(
		&widget.Label{Text: lang.L("exit.ask", map[string]any{"Name": a.Name}), Wrapping: fyne.TextWrapWord},
		form(
			fe.item("exit.reason", "reason", x.reason.Select),
			fe.item("exit.date", "date", x.date),
			formItem(lang.L("exit.loss", map[string]any{"Currency": cur}), fe.field("yearly_loss", x.loss)),
			fe.item("exit.note", "note", x.note),
		))
	x.cancel = &widget.Button{Text: lang.L("form.cancel"), OnTapped: func() {
		x.d.Hide()
		cancelled()
	}}
	x.cancel.ExtendBaseWidget(x.cancel)
	x.ok = &widget.Button{Text: lang.L("exit.ok"), Importance: widget.HighImportance, OnTapped: func() {
		if rec := x.read(cur); rec != nil {
			x.d.Hide()
			done(rec)
		}
	}}
	x.ok.ExtendBaseWidget(x.ok)
	x.d = dialog.NewCustomWithoutButtons(lang.L("exit.title"), body, w.win)
	x.d.SetButtons([]fyne.CanvasObject{x.cancel, x.ok})
	x.d.Resize(fyne.NewSize(520, 0))
	x.d.Show()
	return x
}

// read returns the record the dialog describes, or nil after showing its
// problems next to the fields.
func (x *exitDialog) read(cur string) *accounts.ExitRecord {
	var errs []accounts.FieldError
	rec := &accounts.ExitRecord{Reason: x.reason.value(), Note: x.note.Text}
	rec.Date = readDate("date", x.date, &errs)
	rec.YearlyLoss = readMoney("yearly_loss", x.loss, cur, &errs)
	if err := rec.Validate(); err != nil {
		for _, e := range accounts.FieldErrors(err) {
			if !hasField(errs, e.Field) { // an unreadable date is said once
				errs = append(errs, e)
			}
		}
	}
	x.errs.show(errs)
	if len(errs) > 0 {
		return nil
	}
	return rec
}

func hasField(errs []accounts.FieldError, f string) bool {
	for _, e := range errs {
		if e.Field == f {
			return true
		}
	}
	return false
}

// exitStep decides what a save of a does to the exit record: moving into
// the exit stage asks for one (ask), and leaving the exit stage clears it —
// the account was won back, and a record kept would count it as lost in
// the churn figures of the past (Churn only counts exit-stage accounts, so
// clearing also keeps the card honest). A card saved in the exit stage
// keeps its record.
func exitStep(orig, a *accounts.Account) (ask bool) {
	switch {
	case a.Stage == accounts.StageExit && (orig.Stage != accounts.StageExit || a.Exit == nil):
		return true
	case a.Stage != accounts.StageExit:
		a.Exit = nil
	}
	return false
}
