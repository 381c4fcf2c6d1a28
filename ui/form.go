package ui

import (
	"math"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
)

// This file holds the small adapters between the domain's values (Money,
// Date, enums, lists) and Fyne's entries, and the per-field error labels the
// editors show next to their fields.

// fieldErrors maps a stored field name ("name", "revenue") to the label
// under its widget.
type fieldErrors map[string]*widget.Label

// field wraps obj with an error label registered under name.
func (fe fieldErrors) field(name string, obj fyne.CanvasObject) fyne.CanvasObject {
	l := &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}
	l.Hide()
	fe[name] = l
	return container.NewVBox(obj, l)
}

// item is a form row labelled with the translation of labelKey whose
// widget shows the errors of the stored field name.
func (fe fieldErrors) item(labelKey, name string, obj fyne.CanvasObject) *widget.FormItem {
	return formItem(lang.L(labelKey), fe.field(name, obj))
}

// show puts each problem next to its field (a nested field such as
// "revenue[1].period" goes to its list) and returns the problems that have
// no place on this form.
func (fe fieldErrors) show(errs []accounts.FieldError) []accounts.FieldError {
	for _, l := range fe {
		l.SetText("")
		l.Hide()
	}
	var rest []accounts.FieldError
	for _, e := range errs {
		l, ok := fe[e.Field]
		if !ok {
			if i := strings.IndexByte(e.Field, '['); i > 0 {
				l, ok = fe[e.Field[:i]]
			}
		}
		if !ok {
			rest = append(rest, e)
			continue
		}
		msg := tx(e.Msg)
		if l.Text != "" {
			msg = l.Text + "\n" + msg
		}
		l.SetText(msg)
		l.Show()
	}
	return rest
}

// report shows errs next to their fields and says on status how many there
// are, with the words of those that have no place on this form.
func (fe fieldErrors) report(status *widget.Label, errs []accounts.FieldError) {
	msg := lang.L("form.problems", map[string]any{"Count": len(errs)})
	for _, e := range fe.show(errs) {
		msg += " " + tx(e.Msg)
	}
	status.Importance = widget.DangerImportance
	status.SetText(msg)
}

// saveBar is an editor's last line: its status on the left, Cancel and Save
// on the right.
func saveBar(status *widget.Label, save, cancel func()) (bar fyne.CanvasObject, saveButton *widget.Button) {
	saveButton = &widget.Button{Text: lang.L("form.save"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: save}
	saveButton.ExtendBaseWidget(saveButton)
	c := &widget.Button{Text: lang.L("form.cancel"), OnTapped: cancel}
	c.ExtendBaseWidget(c)
	return container.NewBorder(nil, nil, nil, container.NewHBox(c, saveButton), status), saveButton
}

// problem is a FieldError for input the form could not even read.
func problem(field string, msg accounts.Phrase) accounts.FieldError {
	return accounts.FieldError{Field: field, Msg: msg}
}

func entry(text string) *widget.Entry {
	e := &widget.Entry{Text: text, Wrapping: fyne.TextWrap(fyne.TextTruncateClip)}
	e.ExtendBaseWidget(e)
	return e
}

func multiline(text string) *widget.Entry {
	e := &widget.Entry{Text: text, MultiLine: true, Wrapping: fyne.TextWrapWord}
	e.SetMinRowsVisible(3)
	e.ExtendBaseWidget(e)
	return e
}

// moneyText formats minor units for an entry ("" for zero).
func moneyText(m accounts.Money) string {
	if m.Minor == 0 {
		return ""
	}
	return accounts.FormatAmount(m.Minor)
}

func readMoney(field string, e *widget.Entry, currency string, errs *[]accounts.FieldError) accounts.Money {
	minor, err := accounts.ParseAmount(e.Text)
	if err != nil {
		*errs = append(*errs, problem(field, accounts.ErrorPhrase(err)))
	}
	return accounts.Money{Minor: minor, Currency: currency}
}

func readInt(field string, e *widget.Entry, errs *[]accounts.FieldError) int {
	s := strings.TrimSpace(e.Text)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		*errs = append(*errs, problem(field, accounts.Say("form.not_whole", "Value", s)))
	}
	return n
}

// percentText shows a 0–1 rate as a percentage ("" for zero).
func percentText(v float64) string {
	if v == 0 {
		return ""
	}
	return strconv.FormatFloat(math.Round(v*10000)/100, 'f', -1, 64)
}

func readPercent(field string, e *widget.Entry, errs *[]accounts.FieldError) float64 {
	s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(e.Text), "%"))
	if s == "" {
		return 0
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		*errs = append(*errs, problem(field, accounts.Say("form.not_percent", "Value", s)))
		return 0
	}
	return math.Round(v*100) / 10000
}

// dateEntry is a date picker showing d.
func dateEntry(d accounts.Date) *widget.DateEntry {
	e := widget.NewDateEntry()
	setDate(e, d)
	return e
}

func setDate(e *widget.DateEntry, d accounts.Date) {
	if d.IsZero() {
		e.SetDate(nil)
		return
	}
	t := d.Time()
	e.SetDate(&t)
}

// readDate accepts what the picker wrote (the locale's format) and ISO dates
// typed by hand.
func readDate(field string, e *widget.DateEntry, errs *[]accounts.FieldError) accounts.Date {
	s := strings.TrimSpace(e.Text)
	if s == "" {
		return accounts.Date{}
	}
	if d, err := accounts.ParseDate(s); err == nil {
		return d
	}
	if e.Date != nil && (e.Validator == nil || e.Validator(s) == nil) {
		return accounts.DateOf(*e.Date)
	}
	*errs = append(*errs, problem(field, accounts.Say("form.not_date", "Value", s)))
	return accounts.Date{}
}

// enumSelect is a select over an enumeration's labels; with optional set,
// a "not set" choice comes first.
type enumSelect[E ~string] struct {
	*widget.Select
	labels []string
	codes  []E
}

func newEnumSelect[E ~string](codes []E, label func(E) accounts.Phrase, value E, optional bool) *enumSelect[E] {
	labels, codes := enumOptions(codes, label)
	if optional {
		labels = append([]string{lang.L("form.notset")}, labels...)
		codes = append([]E{""}, codes...)
	}
	s := &enumSelect[E]{Select: &widget.Select{Options: labels}, labels: labels, codes: codes}
	s.Select.ExtendBaseWidget(s.Select)
	s.set(value)
	return s
}

func (s *enumSelect[E]) set(v E) {
	for i, c := range s.codes {
		if c == v {
			s.Select.SetSelectedIndex(i)
			return
		}
	}
	s.Select.ClearSelected()
}

func (s *enumSelect[E]) value() E {
	i := s.Select.SelectedIndex()
	if i < 0 {
		return ""
	}
	return s.codes[i]
}

// splitList reads "a, b; c" (also the Chinese comma) into items.
func splitList(s string) []string {
	f := func(r rune) bool { return r == ',' || r == ';' || r == '，' || r == '；' || r == '、' || r == '\n' }
	var out []string
	for _, p := range strings.FieldsFunc(s, f) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func joinList(l []string) string { return strings.Join(l, ", ") }

// group is a titled block of form rows.
func group(title string, items ...*widget.FormItem) fyne.CanvasObject {
	f := &widget.Form{Items: items}
	f.ExtendBaseWidget(f)
	c := &widget.Card{Subtitle: title, Content: f}
	c.ExtendBaseWidget(c)
	return c
}

// stackedGroup is a group with each label above its field, for editors
// that share the screen with something wider.
// An item without a label (a check box) takes no label line.
func stackedGroup(title string, items ...*widget.FormItem) fyne.CanvasObject {
	box := container.NewVBox()
	for _, it := range items {
		if it.Text != "" {
			box.Add(&widget.Label{Text: it.Text, TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord})
		}
		box.Add(it.Widget)
	}
	c := &widget.Card{Subtitle: title, Content: box}
	c.ExtendBaseWidget(c)
	return c
}

func formItem(label string, obj fyne.CanvasObject) *widget.FormItem {
	return &widget.FormItem{Text: label, Widget: obj}
}

// clock formats the time of day of t.
func clock(t time.Time) string { return t.Format("15:04") }

// readClock reads "9:30" or "09:30" on day d in loc.
func readClock(field string, d accounts.Date, s string, loc *time.Location, errs *[]accounts.FieldError) time.Time {
	s = strings.TrimSpace(strings.ReplaceAll(s, "：", ":"))
	h, m := 9, 0
	if s != "" {
		t, err := time.Parse("15:04", s)
		if err != nil {
			*errs = append(*errs, problem(field, accounts.Say("form.not_time", "Value", s)))
		} else {
			h, m = t.Hour(), t.Minute()
		}
	}
	if d.IsZero() {
		return time.Time{}
	}
	return time.Date(d.Year, d.Month, d.Day, h, m, 0, 0, loc)
}
