package ui

import (
	"reflect"
	"slices"
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

// warningsView is the Warnings tab: the account's risk score with every
// reason behind it and its trend, the account's value (ABC class, lifetime
// value, suggested tier) and the recorded warning signs, which are added,
// edited, resolved and deleted here. Each change of a sign's status or
// severity is kept in its history.
type warningsView struct {
	v    *accountView
	risk accounts.RiskScore

	score   *widget.Label
	reasons *fyne.Container
	trend   *sparkline
	trendTx *widget.Label

	class, clv, suggest  *widget.Label
	retention, discount  *widget.Entry
	saveRates            *widget.Button
	acceptTier, keepTier *widget.Button
	valueErrs            fieldErrors
	valueStatus          *widget.Label

	add     *widget.Button
	formBox *fyne.Container
	form    *warningForm
	list    *fyne.Container
	rows    map[accounts.ID]*warningRow
	// playbooks are the counter-measures of the live signs
	playbooks map[accounts.ID]*playbookPanel

	// dialogs kept for tests
	resolving  dialog.Dialog
	resolveOn  *widget.DateEntry
	resolveErr *widget.Label
	resolveOK  *widget.Button
	deleting   *dialog.ConfirmDialog

	content fyne.CanvasObject
}

// warningRow holds the buttons of one recorded sign.
type warningRow struct {
	edit, resolve, remove *widget.Button
}

func newWarningsView(v *accountView) *warningsView {
	wv := &warningsView{v: v, rows: map[accounts.ID]*warningRow{}, valueErrs: fieldErrors{}}
	wv.score = &widget.Label{SizeName: theme.SizeNameSubHeadingText, TextStyle: fyne.TextStyle{Bold: true}}
	wv.reasons = container.NewVBox()
	wv.trend = newSparkline()
	wv.trendTx = &widget.Label{SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance}

	wv.class = &widget.Label{}
	wv.clv = &widget.Label{Wrapping: fyne.TextWrapWord}
	wv.suggest = &widget.Label{Wrapping: fyne.TextWrapWord}
	wv.retention, wv.discount = entry(""), entry("")
	wv.retention.PlaceHolder = percentText(accounts.DefaultRetention)
	wv.discount.PlaceHolder = percentText(accounts.DefaultDiscount)
	wv.saveRates = &widget.Button{Text: lang.L("value.saverates"), OnTapped: wv.doSaveRates}
	wv.saveRates.ExtendBaseWidget(wv.saveRates)
	wv.acceptTier = &widget.Button{Text: lang.L("value.accept"), Importance: widget.HighImportance, OnTapped: func() { wv.setTier(true) }}
	wv.acceptTier.ExtendBaseWidget(wv.acceptTier)
	wv.keepTier = &widget.Button{Text: lang.L("value.keep"), OnTapped: func() { wv.setTier(false) }}
	wv.keepTier.ExtendBaseWidget(wv.keepTier)
	wv.valueStatus = &widget.Label{Wrapping: fyne.TextWrapWord}

	wv.add = &widget.Button{Text: lang.L("warnings.add"), Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: wv.newSign}
	wv.add.ExtendBaseWidget(wv.add)
	wv.formBox = container.NewVBox()
	wv.list = container.NewVBox()

	scoreCard := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(wv.trendTx, wv.trend), wv.score),
		wv.reasons)
	rates := container.NewGridWithColumns(2,
		widget.NewForm(wv.valueErrs.item("profile.retention", "retention_rate", wv.retention)),
		widget.NewForm(wv.valueErrs.item("profile.discount", "discount_rate", wv.discount)))
	valueCard := &widget.Card{Subtitle: lang.L("value.title"), Content: container.NewVBox(
		wv.class, wv.clv, container.NewBorder(nil, nil, nil, wv.saveRates, rates),
		widget.NewSeparator(), wv.suggest, container.NewHBox(wv.acceptTier, wv.keepTier), wv.valueStatus)}
	valueCard.ExtendBaseWidget(valueCard)
	signs := container.NewVBox(
		container.NewBorder(nil, nil, nil, wv.add, subheading(lang.L("warnings.signs"))),
		wv.formBox, wv.list)
	wv.content = container.NewVScroll(container.NewVBox(scoreCard, widget.NewSeparator(), signs, widget.NewSeparator(), valueCard))
	wv.render()
	wv.loadTrend()
	return wv
}

// render shows the loaded data: score, reasons, value and the signs.
func (wv *warningsView) render() {
	d := wv.v.data
	day := wv.v.w.day()
	wv.risk = riskOf(d, day)
	r := wv.risk
	wv.score.Text = lang.L("risk.score", map[string]any{"Score": r.Score, "Level": tx(r.Level.Label())})
	wv.score.Importance = levelImportance(r.Level)
	wv.score.Refresh()
	var rec, der []fyne.CanvasObject
	for _, x := range r.Reasons {
		l := &widget.Label{Text: reasonLine(x), Wrapping: fyne.TextWrapWord}
		if x.Recorded {
			rec = append(rec, l)
		} else {
			der = append(der, l)
		}
	}
	objs := []fyne.CanvasObject{}
	if len(r.Reasons) == 0 {
		objs = append(objs, &widget.Label{Text: lang.L("risk.noreasons"), Importance: widget.LowImportance})
	}
	if len(rec) > 0 {
		objs = append(objs, &widget.Label{Text: lang.L("risk.fromrecorded"), TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameCaptionText})
		objs = append(objs, rec...)
	}
	if len(der) > 0 {
		objs = append(objs, &widget.Label{Text: lang.L("risk.fromdata"), TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameCaptionText})
		objs = append(objs, der...)
	}
	wv.reasons.Objects = objs
	wv.reasons.Refresh()
	wv.renderValue(wv.v.w.board)
	wv.renderSigns()
}

// loadTrend reads the score history of the last 180 days.
func (wv *warningsView) loadTrend() {
	w := wv.v.w
	id := wv.v.id
	day := w.day()
	var pts []book.RiskPoint
	var err error
	w.background("load risk trend "+string(id), func() { pts, err = w.book.RiskHistory(id, day.AddDays(-180)) }, func() {
		if err != nil {
			wv.trendTx.SetText(errorSentence(err))
			return
		}
		// Today's point is the score shown, whether or not it was saved yet.
		if n := len(pts); n == 0 || pts[n-1].Date != day {
			pts = append(pts, book.RiskPoint{Date: day, Score: wv.risk.Score, Level: wv.risk.Level})
		} else {
			pts[n-1] = book.RiskPoint{Date: day, Score: wv.risk.Score, Level: wv.risk.Level}
		}
		wv.trend.set(pts)
		if len(pts) < 2 {
			wv.trendTx.SetText(lang.L("risk.trend.first"))
			return
		}
		wv.trendTx.SetText(lang.L("risk.trend", map[string]any{"Date": pts[0].Date.String(), "From": pts[0].Score, "To": pts[len(pts)-1].Score}))
	})
}

// clvConverted says the lifetime value in the reporting currency and the
// rate date, or why it cannot be converted; "" when it is in the reporting
// currency already or none is set.
func clvConverted(b *book.Board, m accounts.Money) string {
	c, day, err := b.Convert(m)
	switch {
	case err != nil:
		return "\n" + sayErr(err)
	case day.IsZero():
		return ""
	}
	c.Minor = (c.Minor + 50) / 100 * 100
	return "\n" + lang.L("value.clv.converted", map[string]any{"Total": c.String(), "Date": day.String()})
}

// boardChanged shows the portfolio-wide part (class, suggestion) of a new scan.
func (wv *warningsView) boardChanged(b *book.Board) { wv.renderValue(b) }

func (wv *warningsView) renderValue(b *book.Board) {
	a := &wv.v.data.Account
	day := wv.v.w.day()
	clv := accounts.LifetimeValue(a, day)
	cur := a.CurrencyOrDefault()
	m := func(v int64) string { return accounts.Money{Minor: (v + 50) / 100 * 100, Currency: cur}.String() }
	wv.clv.SetText(lang.L("value.clv", map[string]any{
		"Total": m(clv.Total), "History": m(clv.History), "Future": m(clv.Future), "Years": clv.Years,
		"Yearly": m(clv.Yearly), "Retention": percentText(clv.Retention), "Discount": percentText(clv.Discount)}))
	wv.retention.SetText(percentText(a.RetentionRate))
	wv.discount.SetText(percentText(a.DiscountRate))
	e := b.Get(a.ID)
	if e == nil {
		wv.class.SetText(lang.L("value.class.loading"))
		wv.suggest.SetText("")
		wv.acceptTier.Hide()
		wv.keepTier.Hide()
		return
	}
	wv.class.SetText(lang.L("value.class", map[string]any{"Class": tx(e.Class.Label())}))
	if _, note := boardRatesText(b); note != "" {
		wv.class.SetText(wv.class.Text + " " + note)
	}
	wv.clv.SetText(wv.clv.Text + clvConverted(b, accounts.Money{Minor: clv.Total, Currency: cur}))
	// The suggestion uses this tab's fresh score, not the scan's.
	sug := accounts.SuggestTier(e.Class, wv.risk.Level, a.Potential.Minor, clv.Yearly)
	args := map[string]any{"Suggested": tx(sug.Label()), "Tier": tx(a.Tier.Label())}
	switch {
	case sug == a.Tier:
		wv.suggest.SetText(lang.L("value.tier.same", args))
		wv.acceptTier.Hide()
		wv.keepTier.Hide()
	case a.TierManual:
		wv.suggest.SetText(lang.L("value.tier.kept", args))
		wv.acceptTier.Show()
		wv.keepTier.Hide()
	default:
		wv.suggest.SetText(lang.L("value.tier.differs", args))
		wv.acceptTier.Show()
		wv.keepTier.Show()
	}
	wv.acceptTier.SetText(lang.L("value.accept", args))
}

// writeAccount saves a changed copy of the account from this tab. Unsaved
// edits on the profile card would be lost by the reload, so it asks for
// them to be saved first.
func (wv *warningsView) writeAccount(change func(a *accounts.Account) []accounts.FieldError) {
	if wv.v.profile != nil && wv.v.profile.dirty() {
		wv.valueStatus.Importance = widget.DangerImportance
		wv.valueStatus.SetText(lang.L("value.profiledirty"))
		return
	}
	a := wv.v.data.Account
	errs := change(&a)
	if len(errs) == 0 {
		if err := a.Validate(); err != nil {
			errs = accounts.FieldErrors(err)
		}
	}
	if len(errs) > 0 {
		wv.valueErrs.show(errs)
		wv.valueStatus.Importance = widget.DangerImportance
		wv.valueStatus.SetText(lang.L("form.problems", map[string]any{"Count": len(errs)}))
		return
	}
	w := wv.v.w
	var err error
	// The rates move the value ranks of the whole portfolio: the change
	// scores it all again.
	w.background("save account "+string(a.ID), func() { _, err = w.book.UpdateAccount(from(viewWarnings), &a) }, func() {
		if err != nil {
			wv.valueErrs.show(accounts.FieldErrors(err))
			wv.valueStatus.Importance = widget.DangerImportance
			wv.valueStatus.SetText(errorSentence(err))
		}
	})
}

func (wv *warningsView) doSaveRates() {
	wv.writeAccount(func(a *accounts.Account) []accounts.FieldError {
		var errs []accounts.FieldError
		a.RetentionRate = readPercent("retention_rate", wv.retention, &errs)
		a.DiscountRate = readPercent("discount_rate", wv.discount, &errs)
		return errs
	})
}

// setTier accepts the suggested tier, or keeps the current one as the
// person's own choice.
func (wv *warningsView) setTier(accept bool) {
	e := wv.v.w.board.Get(wv.v.id)
	if e == nil {
		return
	}
	wv.writeAccount(func(a *accounts.Account) []accounts.FieldError {
		if accept {
			a.Tier = accounts.SuggestTier(e.Class, wv.risk.Level, a.Potential.Minor, accounts.LifetimeValue(a, wv.v.w.day()).Yearly)
			a.TierManual = false
		} else {
			a.TierManual = true
		}
		return nil
	})
}

// renderSigns lists the recorded signs, live ones first, newest first.
func (wv *warningsView) renderSigns() {
	ws := slices.Clone(wv.v.data.Warnings)
	slices.SortStableFunc(ws, func(a, b accounts.Warning) int {
		if a.Live() != b.Live() {
			if a.Live() {
				return -1
			}
			return 1
		}
		switch {
		case a.Observed.After(b.Observed):
			return -1
		case b.Observed.After(a.Observed):
			return 1
		}
		return strings.Compare(string(a.ID), string(b.ID))
	})
	wv.rows = map[accounts.ID]*warningRow{}
	wv.playbooks = map[accounts.ID]*playbookPanel{}
	var objs []fyne.CanvasObject
	if len(ws) == 0 {
		objs = append(objs, &widget.Label{Text: lang.L("warnings.none"), Importance: widget.LowImportance})
	}
	for _, w := range ws {
		objs = append(objs, wv.signCard(w))
	}
	wv.list.Objects = objs
	wv.list.Refresh()
}

func (wv *warningsView) signCard(w accounts.Warning) fyne.CanvasObject {
	imp := widget.MediumImportance
	if w.Live() && (w.Severity == accounts.SeverityHigh || w.Severity == accounts.SeverityCritical) {
		imp = widget.DangerImportance
	} else if !w.Live() {
		imp = widget.LowImportance
	}
	title := &widget.Label{Text: tx(w.Kind.Label()) + " · " + tx(w.Severity.Label()) + " · " + tx(w.Status.Label()),
		TextStyle: fyne.TextStyle{Bold: true}, Importance: imp, Wrapping: fyne.TextWrapWord}
	lines := lang.L("warnings.observed", map[string]any{"Date": w.Observed.String()})
	if !w.ResolvedOn.IsZero() {
		lines += " · " + lang.L("warnings.resolved", map[string]any{"Date": w.ResolvedOn.String()})
	}
	if w.Owner != "" {
		lines += " · " + lang.L("warnings.owner", map[string]any{"Owner": w.Owner})
	}
	if w.Evidence != "" {
		lines += "\n" + lang.L("warnings.evidence") + " " + w.Evidence
	}
	if w.Mitigation != "" {
		lines += "\n" + lang.L("warnings.mitigation") + " " + w.Mitigation
	}
	body := container.NewVBox(title, &widget.Label{Text: lines, Wrapping: fyne.TextWrapWord})
	if len(w.History) > 0 {
		var hs []string
		for _, h := range w.History {
			s := h.At.In(wv.v.w.now().Location()).Format("2006-01-02 15:04") + "  " + tx(h.Status.Label()) + " · " + tx(h.Severity.Label())
			if h.Note != "" {
				s += " — " + h.Note
			}
			hs = append(hs, s)
		}
		body.Add(&widget.Label{Text: lang.L("warnings.history") + "\n" + strings.Join(hs, "\n"),
			SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord})
	}
	row := &warningRow{}
	btn := func(key string, icon fyne.Resource, tap func()) *widget.Button {
		b := &widget.Button{Text: lang.L(key), Icon: icon, Importance: widget.LowImportance, OnTapped: tap}
		b.ExtendBaseWidget(b)
		return b
	}
	row.edit = btn("warnings.edit", theme.DocumentCreateIcon(), func() { wv.editSign(w) })
	row.resolve = btn("warnings.resolve", theme.ConfirmIcon(), func() { wv.askResolve(w) })
	row.remove = btn("warnings.delete", theme.DeleteIcon(), func() { wv.askDelete(w) })
	buttons := container.NewHBox(row.edit, row.resolve, row.remove)
	if !w.Live() {
		row.resolve.Hide()
	}
	wv.rows[w.ID] = row
	var more fyne.CanvasObject
	if pp := wv.playbookFor(w); pp != nil {
		wv.playbooks[w.ID] = pp
		more = pp.content
	}
	card := &widget.Card{Content: container.NewBorder(nil, more, nil, container.NewVBox(buttons), body)}
	card.ExtendBaseWidget(card)
	return card
}

func (wv *warningsView) newSign() {
	a := &wv.v.data.Account
	wv.openForm(accounts.Warning{AccountID: a.ID, Status: accounts.WarningOpen, Observed: wv.v.w.day(), Owner: a.Owner}, true)
}

func (wv *warningsView) editSign(w accounts.Warning) { wv.openForm(w, false) }

func (wv *warningsView) openForm(w accounts.Warning, isNew bool) {
	wv.form = newWarningForm(wv, w, isNew)
	wv.formBox.Objects = []fyne.CanvasObject{wv.form.content}
	wv.formBox.Refresh()
	wv.add.Disable()
}

func (wv *warningsView) closeForm() {
	wv.form = nil
	wv.formBox.Objects = nil
	wv.formBox.Refresh()
	wv.add.Enable()
}

// keepEdits follows a change while the form holds unsaved edits: score,
// reasons and signs show the new data, the form keeps the edits, and says
// so when the sign it edits was changed (or deleted) elsewhere.
func (wv *warningsView) keepEdits(d *accounts.AccountData) {
	wv.render()
	f := wv.form
	if f.isNew {
		return
	}
	if !storedAsLoaded(len(d.Warnings), func(i int) accounts.Meta { return d.Warnings[i].Meta }, f.orig.Meta) {
		f.notice.show()
	}
}

// reloadForm drops the form's edits and opens the sign as stored now, or
// closes the form when the sign is gone.
func (wv *warningsView) reloadForm() {
	for _, s := range wv.v.data.Warnings {
		if s.ID == wv.form.orig.ID {
			wv.openForm(s, false)
			return
		}
	}
	wv.closeForm()
}

// dirty reports an open form with edits.
func (wv *warningsView) dirty() bool { return wv.form != nil && wv.form.dirty() }

func (wv *warningsView) cancel() {
	if wv.form != nil {
		wv.closeForm()
	}
}

// store writes the sign and reloads everything that shows risk.
func (wv *warningsView) store(w *accounts.Warning, isNew bool, done func(error)) {
	b := wv.v.w.book
	var err error
	wv.v.w.background("save warning "+string(w.ID), func() {
		if isNew {
			_, err = b.CreateWarning(from(viewWarnings), w)
		} else {
			_, err = b.UpdateWarning(from(viewWarnings), w)
		}
	}, func() { done(err) })
}

// askResolve asks for the day the sign was resolved, today by default.
func (wv *warningsView) askResolve(w accounts.Warning) {
	wv.resolveOn = dateEntry(wv.v.w.day())
	wv.resolveErr = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	wv.resolveErr.Hide()
	var d *dialog.CustomDialog
	cancel := &widget.Button{Text: lang.L("form.cancel"), OnTapped: func() { d.Hide() }}
	cancel.ExtendBaseWidget(cancel)
	wv.resolveOK = &widget.Button{Text: lang.L("warnings.resolve"), Importance: widget.HighImportance}
	wv.resolveOK.ExtendBaseWidget(wv.resolveOK)
	wv.resolveOK.OnTapped = func() {
		var errs []accounts.FieldError
		on := readDate("resolved_on", wv.resolveOn, &errs)
		u := w
		u.Status, u.ResolvedOn = accounts.WarningResolved, on
		if len(errs) == 0 {
			if err := u.Validate(); err != nil {
				errs = accounts.FieldErrors(err)
			}
		}
		if len(errs) > 0 {
			msgs := make([]string, len(errs))
			for i, e := range errs {
				msgs[i] = tx(e.Msg)
			}
			wv.resolveErr.SetText(strings.Join(msgs, "\n"))
			wv.resolveErr.Show()
			return
		}
		u.History = append(slices.Clone(w.History), wv.event(u))
		wv.store(&u, false, func(err error) {
			if err != nil {
				wv.resolveErr.SetText(errorSentence(err))
				wv.resolveErr.Show()
				return
			}
			d.Hide()
		})
	}
	body := container.NewVBox(
		&widget.Label{Text: lang.L("warnings.resolve.ask", map[string]any{"Kind": tx(w.Kind.Label())}), Wrapping: fyne.TextWrapWord},
		wv.resolveOn, wv.resolveErr)
	d = dialog.NewCustomWithoutButtons(lang.L("warnings.resolve.title"), body, wv.v.w.win)
	d.SetButtons([]fyne.CanvasObject{cancel, wv.resolveOK})
	d.Resize(fyne.NewSize(420, 220))
	wv.resolving = d
	d.Show()
}

func (wv *warningsView) askDelete(w accounts.Warning) {
	d := dialog.NewConfirm(lang.L("warnings.delete.title"), lang.L("warnings.delete.ask", map[string]any{"Kind": tx(w.Kind.Label()), "Date": w.Observed.String()}), func(ok bool) {
		if !ok {
			return
		}
		var err error
		b, id := wv.v.w.book, wv.v.id
		wv.v.w.background("delete warning "+string(w.ID), func() { _, err = b.DeleteWarning(from(viewWarnings), id, w.ID) }, func() {
			if err != nil {
				wv.v.w.showError(err)
			}
		})
	}, wv.v.w.win)
	d.SetConfirmImportance(widget.DangerImportance)
	d.SetConfirmText(lang.L("warnings.delete"))
	wv.deleting = d
	d.Show()
}

// event is the history entry for the sign's current state.
func (wv *warningsView) event(w accounts.Warning) accounts.WarningEvent {
	return accounts.WarningEvent{At: wv.v.w.now(), Status: w.Status, Severity: w.Severity}
}

// warningForm edits one recorded sign in place above the list.
type warningForm struct {
	wv       *warningsView
	orig     accounts.Warning
	isNew    bool
	kind     *enumSelect[accounts.WarningKind]
	severity *enumSelect[accounts.Severity]
	status   *enumSelect[accounts.WarningStatus]
	observed *widget.DateEntry
	resolved *widget.DateEntry
	evidence *widget.Entry
	mitigate *widget.Entry
	owner    *widget.Entry
	errs     fieldErrors
	msg      *widget.Label
	save     *widget.Button
	notice   *elsewhereNotice // the sign changed elsewhere under unsaved edits
	content  fyne.CanvasObject
}

func newWarningForm(wv *warningsView, w accounts.Warning, isNew bool) *warningForm {
	f := &warningForm{wv: wv, orig: w, isNew: isNew, errs: fieldErrors{}}
	// Kind and severity start unset on a new sign: a guessed severity
	// would move the score without anyone having judged it.
	f.kind = newEnumSelect(accounts.WarningKinds(), accounts.WarningKind.Label, w.Kind, isNew)
	f.severity = newEnumSelect(accounts.Severities(), accounts.Severity.Label, w.Severity, isNew)
	f.status = newEnumSelect(accounts.WarningStatuses(), accounts.WarningStatus.Label, w.Status, false)
	f.observed, f.resolved = dateEntry(w.Observed), dateEntry(w.ResolvedOn)
	f.evidence, f.mitigate, f.owner = multiline(w.Evidence), multiline(w.Mitigation), entry(w.Owner)
	f.evidence.PlaceHolder = lang.L("warnings.evidence.hint")
	f.mitigate.PlaceHolder = lang.L("warnings.mitigation.hint")
	f.msg = &widget.Label{Wrapping: fyne.TextWrapWord}
	// Only a resolved sign has a resolution date: the field follows the status.
	follow := func() {
		if f.status.value() == accounts.WarningResolved {
			f.resolved.Enable()
			return
		}
		f.resolved.SetText("")
		f.resolved.Disable()
	}
	f.status.Select.OnChanged = func(string) { follow() }
	follow()
	fe := f.errs
	form := widget.NewForm(
		fe.item("warnings.kind", "kind", f.kind.Select),
		fe.item("warnings.severity", "severity", f.severity.Select),
		fe.item("warnings.status", "status", f.status.Select),
		fe.item("warnings.observedon", "observed", f.observed),
		fe.item("warnings.resolvedon", "resolved_on", f.resolved),
		fe.item("warnings.evidence.label", "evidence", f.evidence),
		fe.item("warnings.mitigation.label", "mitigation", f.mitigate),
		fe.item("warnings.ownerlabel", "owner", f.owner),
	)
	var bar fyne.CanvasObject
	bar, f.save = saveBar(f.msg, f.doSave, wv.closeForm)
	title := lang.L("warnings.new")
	if !isNew {
		title = lang.L("warnings.editing")
	}
	f.notice = newElsewhereNotice("elsewhere.warning", wv.reloadForm)
	card := &widget.Card{Subtitle: title, Content: container.NewVBox(f.notice.content, form, bar)}
	card.ExtendBaseWidget(card)
	f.content = card
	return f
}

func (f *warningForm) read() (accounts.Warning, []accounts.FieldError) {
	var errs []accounts.FieldError
	w := f.orig
	w.Kind, w.Severity, w.Status = f.kind.value(), f.severity.value(), f.status.value()
	w.Observed = readDate("observed", f.observed, &errs)
	w.ResolvedOn = readDate("resolved_on", f.resolved, &errs)
	w.Evidence = strings.TrimSpace(f.evidence.Text)
	w.Mitigation = strings.TrimSpace(f.mitigate.Text)
	w.Owner = strings.TrimSpace(f.owner.Text)
	return w, errs
}

func (f *warningForm) dirty() bool {
	w, errs := f.read()
	return len(errs) > 0 || !reflect.DeepEqual(w, f.orig)
}

// doSave validates and stores the sign; bad input is shown next to its
// field and nothing is written.
func (f *warningForm) doSave() {
	w, errs := f.read()
	if len(errs) == 0 {
		if err := w.Validate(); err != nil {
			errs = accounts.FieldErrors(err)
		}
	}
	if len(errs) > 0 {
		f.problems(errs)
		return
	}
	if f.isNew || w.Status != f.orig.Status || w.Severity != f.orig.Severity {
		w.History = append(slices.Clone(f.orig.History), f.wv.event(w))
	}
	f.save.Disable()
	f.wv.store(&w, f.isNew, func(err error) {
		f.save.Enable()
		if err != nil {
			if fe := accounts.FieldErrors(err); len(fe) > 0 {
				f.problems(fe)
				return
			}
			f.msg.Importance = widget.DangerImportance
			f.msg.SetText(errorSentence(err))
			return
		}
		f.wv.closeForm()
	})
}

func (f *warningForm) problems(errs []accounts.FieldError) { f.errs.report(f.msg, errs) }
