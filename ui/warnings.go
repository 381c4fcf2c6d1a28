package ui

import (
	"fmt"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/storage"
)

// warningsTab shows the risk score with every reason behind it and the
// recorded warning signs with their evidence and mitigation. Editing the
// signs comes with the warning-sign feature; what is recorded shows here now.
func warningsTab(d *storage.AccountData, risk accounts.RiskScore) fyne.CanvasObject {
	box := container.NewVBox()
	imp := widget.SuccessImportance
	switch risk.Level {
	case accounts.RiskElevated:
		imp = widget.WarningImportance
	case accounts.RiskHigh, accounts.RiskCritical:
		imp = widget.DangerImportance
	}
	box.Add(&widget.Label{Text: lang.L("risk.score", map[string]any{"Score": risk.Score, "Level": tx(risk.Level.Label())}),
		SizeName: theme.SizeNameSubHeadingText, Importance: imp})
	if len(risk.Reasons) == 0 {
		box.Add(&widget.Label{Text: lang.L("risk.noreasons"), Importance: widget.LowImportance})
	}
	for _, r := range risk.Reasons {
		box.Add(&widget.Label{Text: fmt.Sprintf("%+d   %s", r.Points, tx(r.Text)), Wrapping: fyne.TextWrapWord})
	}
	box.Add(widget.NewSeparator())
	box.Add(subheading(lang.L("warnings.recorded", map[string]any{"Count": len(d.Warnings)})))
	if len(d.Warnings) == 0 {
		box.Add(&widget.Label{Text: lang.L("warnings.none"), Importance: widget.LowImportance})
	}
	ws := append([]accounts.Warning(nil), d.Warnings...)
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].Observed.After(ws[j].Observed) })
	for _, w := range ws {
		imp := widget.MediumImportance
		if w.Live() && (w.Severity == accounts.SeverityHigh || w.Severity == accounts.SeverityCritical) {
			imp = widget.DangerImportance
		}
		box.Add(&widget.Label{Text: tx(w.Kind.Label()) + " · " + tx(w.Severity.Label()) + " · " + tx(w.Status.Label()),
			TextStyle: fyne.TextStyle{Bold: true}, Importance: imp})
		lines := lang.L("warnings.observed", map[string]any{"Date": w.Observed.String()})
		if !w.ResolvedOn.IsZero() {
			lines += " · " + lang.L("warnings.resolved", map[string]any{"Date": w.ResolvedOn.String()})
		}
		if w.Owner != "" {
			lines += " · " + w.Owner
		}
		if w.Evidence != "" {
			lines += "\n" + lang.L("warnings.evidence") + " " + w.Evidence
		}
		if w.Mitigation != "" {
			lines += "\n" + lang.L("warnings.mitigation") + " " + w.Mitigation
		}
		box.Add(&widget.Label{Text: lines, Wrapping: fyne.TextWrapWord})
	}
	return box
}

// planTab shows the account plan as recorded: objectives, strategies,
// actions and opportunities.
func planTab(d *storage.AccountData) fyne.CanvasObject {
	box := container.NewVBox()
	pl := d.Plan
	if pl == nil {
		pl = &accounts.Plan{}
	}
	add := func(key string, n int, rows []string) {
		box.Add(subheading(lang.L(key, map[string]any{"Count": n})))
		if n == 0 {
			box.Add(&widget.Label{Text: lang.L("plan.empty"), Importance: widget.LowImportance})
		}
		for _, r := range rows {
			box.Add(&widget.Label{Text: r, Wrapping: fyne.TextWrapWord})
		}
	}
	var rows []string
	for _, o := range pl.Objectives {
		s := "• " + o.Text
		if o.Target != "" {
			s += " — " + o.Target
		}
		s += "  [" + tx(o.Status.Label()) + "]"
		if !o.Due.IsZero() {
			s += "  " + lang.L("plan.due", map[string]any{"Date": o.Due.String()})
		}
		rows = append(rows, s)
	}
	add("plan.objectives", len(pl.Objectives), rows)
	rows = nil
	for _, s := range pl.Strategies {
		rows = append(rows, "• "+s.Text)
	}
	add("plan.strategies", len(pl.Strategies), rows)
	rows = nil
	for _, a := range pl.Actions {
		s := "• " + a.Text + "  [" + tx(a.Status.Label()) + "]"
		if a.Owner != "" {
			s += "  " + a.Owner
		}
		if !a.Due.IsZero() {
			s += "  " + lang.L("plan.due", map[string]any{"Date": a.Due.String()})
		}
		rows = append(rows, s)
	}
	add("plan.actions", len(pl.Actions), rows)
	rows = nil
	for _, o := range pl.Opportunities {
		v := o.Value
		if v.Currency == "" {
			v.Currency = d.Account.CurrencyOrDefault()
		}
		s := "• " + o.Product + " — " + v.String() + "  [" + tx(o.Stage.Label()) + "]"
		if !o.ExpectedClose.IsZero() {
			s += "  " + lang.L("plan.close", map[string]any{"Date": o.ExpectedClose.String()})
		}
		rows = append(rows, s)
	}
	add("plan.opportunities", len(pl.Opportunities), rows)
	return box
}
