package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
)

// The yearly regional plan view (拟定"年度区域销售计划"): for one region and
// the year being planned, each account's revenue of the year before, its
// potential, our share of its wallet, the target, the open pipeline and the
// risk, with subtotals per owner and totals per currency; the manager sets
// each account's target here (stored on the account, one write) and prints
// the plan as a PDF.

// viewRegionPlan names the regional plan's writes (a target).
const viewRegionPlan = "regionplan"

// showRegionPlan puts the regional plan view on the right.
func (w *MainWindow) showRegionPlan() {
	w.leave(func() {
		v := newRegionPlanView(w.shell, w.pdfProgress, w.exportDone)
		w.showOnRight("regionplan.title", v.content)
	})
}

// regionPlanView is the plan of one region and year.
type regionPlanView struct {
	w        *shell
	progress func(string) dialog.Dialog
	done     func(path string, err error)
	region   *widget.Select
	year     *widget.Select
	plan     accounts.RegionPlanView
	loaded   bool
	table    *fyne.Container
	status   *widget.Label
	print    *widget.Button
	content  fyne.CanvasObject
	loads    int
	target   *targetDialog // the last target dialog, kept for tests
}

func newRegionPlanView(w *shell, progress func(string) dialog.Dialog, done func(string, error)) *regionPlanView {
	v := &regionPlanView{w: w, progress: progress, done: done}
	v.region = widget.NewSelect(w.book.Regions(), func(string) { v.load() })
	this := w.day().Year
	var years []string
	for y := this - 1; y <= this+2; y++ {
		years = append(years, strconv.Itoa(y))
	}
	v.year = widget.NewSelect(years, func(string) { v.load() })
	v.print = widget.NewButtonWithIcon(lang.L("regionplan.print"), theme.DocumentPrintIcon(), v.choosePrint)
	v.print.Importance = widget.HighImportance
	v.print.Disable()
	v.status = &widget.Label{Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	v.status.Hide()
	v.table = container.NewVBox()
	pick := container.NewHBox(&widget.Label{Text: lang.L("regionplan.region")}, v.region,
		&widget.Label{Text: lang.L("regionplan.year")}, v.year)
	head := container.NewVBox(heading(lang.L("regionplan.title")),
		&widget.Label{Text: lang.L("regionplan.hint"), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance},
		container.NewBorder(nil, nil, nil, v.print, pick), v.status, widget.NewSeparator())
	v.content = container.NewBorder(head, nil, nil, nil, container.NewVScroll(v.table))
	v.year.SetSelected(strconv.Itoa(this + 1)) // the year being planned is the next
	if len(v.region.Options) > 0 {
		v.region.SetSelected(v.region.Options[0])
	} else {
		setStatus(v.status, lang.L("regionplan.noregions"))
	}
	return v
}

// load draws up the chosen region's plan off the UI goroutine.
func (v *regionPlanView) load() {
	region := v.region.Selected
	year, err := strconv.Atoi(v.year.Selected)
	if region == "" || err != nil {
		return
	}
	v.loads++
	n := v.loads
	setStatus(v.status, lang.L("riskview.loading"))
	var p accounts.RegionPlanView
	v.w.background("load region plan "+region+" "+v.year.Selected, func() { p, err = v.w.book.RegionPlan(region, year) }, func() {
		if n != v.loads {
			return // a later choice is loading
		}
		v.loaded = err == nil
		if err != nil {
			setStatus(v.status, errorSentence(err))
			v.print.Disable()
		} else {
			v.plan = p
			setStatus(v.status, lang.L("regionplan.count", map[string]any{"Count": len(p.Rows), "Owners": len(p.Owners)}))
			v.print.Enable()
		}
		v.redraw()
	})
}

// regionWeights are the table's columns: account, last year, potential,
// share of wallet, target, pipeline, risk. The owner heads each owner's
// group of rows, so it needs no column.
var regionWeights = []float32{2.2, 1.5, 1.5, 1.2, 1.6, 1.5, 1}

// redraw fills the table: each owner's accounts, then their subtotal, then
// the region's totals, one line per currency.
func (v *regionPlanView) redraw() {
	if !v.loaded {
		v.table.Objects = nil
		v.table.Refresh()
		return
	}
	objs := []fyne.CanvasObject{regionRow(true, widget.MediumImportance, lang.L("pipeline.col.account"),
		lang.L("regionplan.col.lastyear", map[string]any{"Year": v.plan.Year - 1}), lang.L("regionplan.col.potential"),
		lang.L("regionplan.col.wallet"), lang.L("regionplan.col.target", map[string]any{"Year": v.plan.Year}),
		lang.L("regionplan.col.pipeline"), lang.L("regionplan.col.risk"))}
	for _, o := range v.plan.Owners {
		objs = append(objs, &widget.Label{Text: lang.L("regionplan.owner", map[string]any{"Owner": o.Owner, "Count": o.Accounts}),
			TextStyle: fyne.TextStyle{Bold: true}, Importance: widget.HighImportance, Truncation: fyne.TextTruncateEllipsis})
		for i := range v.plan.Rows {
			if r := &v.plan.Rows[i]; r.Owner == o.Owner {
				objs = append(objs, v.accountRow(r))
			}
		}
		for _, t := range o.Totals {
			objs = append(objs, totalRow(lang.L("regionplan.subtotal", map[string]any{"Owner": o.Owner}), t, widget.MediumImportance))
		}
		objs = append(objs, widget.NewSeparator())
	}
	for _, t := range v.plan.Totals {
		objs = append(objs, totalRow(lang.L("regionplan.total", map[string]any{"Region": v.plan.Region}), t, widget.HighImportance))
	}
	switch {
	case v.plan.Converted != nil:
		c := *v.plan.Converted
		for _, m := range []*accounts.Money{&c.LastYear, &c.Potential, &c.Target, &c.Pipeline} {
			m.Minor = (m.Minor + 50) / 100 * 100 // whole units, like the lines above
		}
		objs = append(objs, totalRow(lang.L("regionplan.total.converted", map[string]any{"Currency": c.Currency}), c, widget.HighImportance),
			&widget.Label{Text: lang.L("regionplan.converted.note", map[string]any{"Currency": c.Currency, "Date": v.plan.RateDate.String()}),
				Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance})
	case v.plan.RatesProblem != nil:
		objs = append(objs, &widget.Label{Text: tx(*v.plan.RatesProblem), Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance})
	}
	v.table.Objects = objs
	v.table.Refresh()
}

// regionRow is a row of cells in the table's columns.
func regionRow(bold bool, imp widget.Importance, cells ...string) *fyne.Container {
	objs := make([]fyne.CanvasObject, len(cells))
	for i, s := range cells {
		objs[i] = &widget.Label{Text: s, TextStyle: fyne.TextStyle{Bold: bold}, Importance: imp, Truncation: fyne.TextTruncateEllipsis}
	}
	return container.New(&columnsLayout{weights: regionWeights}, objs...)
}

// totalRow is a subtotal or total in one currency.
func totalRow(title string, t accounts.PlanTotals, imp widget.Importance) fyne.CanvasObject {
	return regionRow(true, imp, title, t.LastYear.String(), t.Potential.String(), "",
		t.Target.String(), t.Pipeline.String(), "")
}

// accountRow is one account: tapping its name opens it, the target cell
// sets the target.
func (v *regionPlanView) accountRow(r *accounts.RegionPlanRow) fyne.CanvasObject {
	last, wallet := "—", "—"
	if r.HasLastYear {
		last = r.LastYear.String()
	}
	if r.Wallet >= 0 {
		wallet = fmt.Sprintf("%.0f%%", r.Wallet*100)
	}
	var pipe accounts.Money
	pipe.Currency = r.Currency
	for _, p := range r.Pipeline {
		pipe.Minor += p.Amount.Minor
	}
	row := regionRow(false, widget.MediumImportance, "", last, r.Potential.String(), wallet, "", pipe.String(),
		lang.L("regionplan.risk", map[string]any{"Level": tx(r.Risk.Label()), "Score": r.RiskScore}))
	id := r.AccountID
	title := r.Name
	if r.Group != "" && r.Group != r.Name {
		title = lang.L("regionplan.ingroup", map[string]any{"Name": r.Name, "Group": r.Group})
	}
	name := newTapLabel(title, func() { v.w.open(id) })
	name.TextStyle = fyne.TextStyle{Bold: true}
	row.Objects[0] = name
	text := lang.L("regionplan.settarget")
	if r.HasTarget {
		text = r.Target.String()
	}
	row.Objects[4] = &widget.Button{Text: text, Icon: theme.DocumentCreateIcon(), Importance: widget.LowImportance,
		Alignment: widget.ButtonAlignLeading, OnTapped: func() { v.askTarget(id, r.Name, r.Target, r.HasTarget) }}
	row.Objects[6].(*widget.Label).Importance = levelImportance(r.Risk)
	if len(r.Pipeline) > 0 {
		row.Objects[5] = container.New(&tightVBox{}, row.Objects[5], &widget.Label{Text: stagesText(r.Pipeline),
			SizeName: theme.SizeNameCaptionText, Truncation: fyne.TextTruncateEllipsis})
	}
	return row
}

// stagesText is the open pipeline by stage, "Proposal 1 · Negotiation 2":
// how many deals each stage holds (the PDF gives the amounts).
func stagesText(ps []accounts.StageAmount) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = lang.L("regionplan.stage", map[string]any{"Stage": tx(p.Stage.Label()), "Count": p.Count})
	}
	return strings.Join(parts, " · ")
}

// targetDialog asks for one account's target.
type targetDialog struct {
	amount *widget.Entry
	status *widget.Label
	dialog *dialog.CustomDialog
	save   func()
	saved  bool // the target was stored and the dialog closed
}

// askTarget shows the target dialog of an account.
func (v *regionPlanView) askTarget(id accounts.ID, name string, cur accounts.Money, has bool) {
	t := &targetDialog{amount: entry(""), status: &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance}}
	if has {
		t.amount.SetText(accounts.FormatAmount(cur.Minor))
	}
	t.amount.SetPlaceHolder(lang.L("regionplan.target.placeholder"))
	year := v.plan.Year
	t.save = func() {
		v.setTarget(id, year, t.amount.Text, func(msg string) {
			if msg != "" {
				t.status.SetText(msg)
				return
			}
			t.saved = true
			t.dialog.Hide()
		})
	}
	t.amount.OnSubmitted = func(string) { t.save() }
	hint := &widget.Label{Text: lang.L("regionplan.target.hint", map[string]any{"Currency": cur.Currency}), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance}
	body := container.NewVBox(&widget.Label{Text: name, TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis},
		form(formItem(lang.L("regionplan.col.target", map[string]any{"Year": year}), t.amount)), hint, t.status)
	t.dialog = dialog.NewCustomWithoutButtons(lang.L("regionplan.target.title"), body, v.w.win)
	t.dialog.SetButtons([]fyne.CanvasObject{
		widget.NewButton(lang.L("form.cancel"), func() { t.dialog.Hide() }),
		&widget.Button{Text: lang.L("form.save"), Importance: widget.HighImportance, OnTapped: t.save},
	})
	t.dialog.Resize(fyne.NewSize(440, 0))
	v.target = t
	t.dialog.Show()
	v.w.win.Canvas().Focus(t.amount)
}

// setTarget reads the amount and stores it as the account's target for the
// year in one write, then draws the plan again; an empty amount clears the
// target. said gets "" when it was stored, else the sentence saying why
// not (a bad amount is never written).
func (v *regionPlanView) setTarget(id accounts.ID, year int, text string, said func(msg string)) {
	minor, err := accounts.ParseAmount(text)
	if err == nil && minor < 0 {
		err = &accounts.Error{Code: accounts.EINVALID, Msg: accounts.Phrase{Key: "field.money.amount_cannot_negative"}}
	}
	if err != nil {
		said(errorSentence(err))
		return
	}
	clear := strings.TrimSpace(text) == ""
	started := v.w.background("save target "+string(id), func() {
		err = v.storeTarget(id, year, minor, clear)
	}, func() {
		if err != nil {
			said(errorSentence(err))
			return
		}
		said("")
		v.load()
	})
	if !started {
		said(lang.L("job.running.save"))
	}
}

// storeTarget writes the target on the account as it is stored now, through
// the book's account update (one write; a change made meanwhile elsewhere
// is a conflict, told as the profile card tells it).
func (v *regionPlanView) storeTarget(id accounts.ID, year int, minor int64, clear bool) error {
	a, err := v.w.book.Account(id)
	if err != nil {
		return err
	}
	a.Targets = slices.DeleteFunc(slices.Clone(a.Targets), func(t accounts.YearTarget) bool { return t.Year == year })
	if !clear {
		a.Targets = append(a.Targets, accounts.YearTarget{Year: year, Amount: accounts.Money{Minor: minor, Currency: a.CurrencyOrDefault()}})
		slices.SortFunc(a.Targets, func(x, y accounts.YearTarget) int { return x.Year - y.Year })
	}
	_, err = v.w.book.UpdateAccount(from(viewRegionPlan), a)
	return err
}

// choosePrint asks where to save the plan shown.
func (v *regionPlanView) choosePrint() {
	if !v.loaded {
		return
	}
	p := v.plan
	choosePDF(v.w, book.RegionPlanFileName(p), func(path string) { v.printTo(p, path) })
}

// printTo prints p off the UI goroutine, then says where it went.
func (v *regionPlanView) printTo(p accounts.RegionPlanView, path string) {
	printPDF(v.w, v.progress, v.done, "regionplan.what", path, func(l string) error { return v.w.book.ExportRegionPlan(p, l, path) })
}
