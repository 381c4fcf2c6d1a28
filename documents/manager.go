package documents

import (
	"fmt"
	"io"
	"strings"
	"time"

	"keycard/accounts"
)

// The manager's desk documents: the one-page weekly visit plan a rep takes
// on the road, and the yearly regional plan, drawn in the same type, colours,
// header and footer as the account plan.

// WeekPlan prints the route as the weekly visit plan: owner and week, the
// stops of Monday to Friday with why each is on the route, the stops that
// did not fit, and a box for notes.
func WeekPlan(w io.Writer, r accounts.Route, o Options) error {
	return weekPlan(w, r, o, nil)
}

func weekPlan(w io.Writer, r accounts.Route, o Options, hook func(string)) error {
	kind := w0("weekPlan", o.Lang)
	head := &accounts.AccountData{Account: accounts.Account{Name: r.Owner + " · " + r.Week.String(), Owner: r.Owner}}
	return produce(w, o, kind, head, hook, r, func(d *doc, _ accounts.RiskScore, _ []accounts.Finding) {
		d.newPage()
		fri := r.Week.Monday().AddDays(accounts.RouteWorkDays - 1)
		stops := len(r.NotPlaced)
		for _, day := range r.Days {
			stops += len(day.Stops)
		}
		d.titleBlock(d.t("weekPlan"), r.Owner, d.tf("weekLine", r.Week.String(), r.Week.Monday().String(), fri.String(), stops))
		d.gap(3)
		d.table(routeColumns(d, true), weekRows(d, r.Days))
		d.h1(d.t("notPlaced"), 12)
		if len(r.NotPlaced) == 0 {
			d.note(d.t("allPlaced"))
		} else {
			rows := make([][]cell, 0, len(r.NotPlaced))
			for i := range r.NotPlaced {
				rows = append(rows, stopCells(d, &r.NotPlaced[i])[1:])
			}
			d.table(routeColumns(d, false), rows)
		}
		d.notesBox()
	})
}

// titleBlock is the head of a one-off document: an accent bar, the kind in
// capitals, the title and a muted line of facts.
func (d *doc) titleBlock(kind, title, facts string) {
	d.noHeader[d.pdf.PageNo()] = true
	d.fill(accent)
	d.pdf.Rect(0, 0, d.pageW, 4, "F")
	d.y = 12
	d.font(sizeSmall+1, accent)
	d.text(d.left, d.y, d.width(), d.fit(strings.ToUpper(kind), d.width()), "L")
	d.y += d.lineH(sizeSmall + 1)
	d.para(d.left, d.width(), title, sizeH1+4, ink)
	d.gap(1)
	d.para(d.left, d.width(), facts, sizeBody, muted)
	d.gap(1)
}

// routeColumns are the columns of the week's table (with the day first)
// or of the stops not placed.
func routeColumns(d *doc, withDay bool) []column {
	cols := []column{
		{head: d.t("account"), width: 25},
		{head: d.t("region") + " · " + d.t("city"), width: 15},
		{head: d.t("whyVisit"), width: 50},
	}
	if withDay {
		cols = append([]column{{head: d.t("day"), width: 12}}, cols...)
	}
	return cols
}

// weekRows: a day's first row names the day; a day without stops says so.
func weekRows(d *doc, days []accounts.RouteDay) [][]cell {
	var rows [][]cell
	for _, day := range days {
		label := d.t(fmt.Sprintf("weekday%d", (int(day.Date.Time().Weekday())+6)%7)) + "\n" + day.Date.String()
		if len(day.Stops) == 0 {
			rows = append(rows, []cell{{s: label, colour: &accent}, plain("—"), plain(""), {s: d.t("freeDay"), colour: &muted}})
			continue
		}
		for i := range day.Stops {
			row := stopCells(d, &day.Stops[i])
			if i == 0 {
				row[0] = cell{s: label, colour: &accent}
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// stopCells: an empty day cell, a checkbox mark and the account, its place,
// and its reasons one a line.
func stopCells(d *doc, s *accounts.RouteStop) []cell {
	place := strings.Trim(s.Region+" · "+s.City, " ·")
	if place == "" {
		place = "—"
	}
	reasons := make([]string, len(s.Reasons))
	for i, p := range s.Reasons {
		reasons[i] = d.in(p)
	}
	return []cell{plain(""), plain(s.Name), plain(place), plain(strings.Join(reasons, "\n"))}
}

// notesBox is a ruled box for handwritten notes, filling what is left of
// the page (at least a few lines).
func (d *doc) notesBox() {
	d.h1(d.t("notes"), 20)
	h := max(d.bottom-d.y-2, 20.0)
	d.ensure(h)
	d.draw(ruleCol)
	d.pdf.SetLineWidth(0.3)
	d.pdf.Rect(d.left, d.y, d.width(), h, "D")
	d.pdf.SetLineWidth(0.15)
	for ly := d.y + 8; ly < d.y+h-2; ly += 8 {
		d.pdf.Line(d.left+3, ly, d.right-3, ly)
	}
	d.pdf.SetLineWidth(0.2)
	d.y += h
}

// RegionalPlan prints the yearly regional plan: per account last year's
// revenue, potential, share of wallet, target, open pipeline by stage and
// risk, grouped by owner with subtotals, and the region's totals, each per
// currency (never added across currencies).
func RegionalPlan(w io.Writer, v accounts.RegionPlanView, o Options) error {
	return regionalPlan(w, v, o, nil)
}

func regionalPlan(w io.Writer, v accounts.RegionPlanView, o Options, hook func(string)) error {
	kind := w0("regionPlan", o.Lang)
	head := &accounts.AccountData{Account: accounts.Account{Name: fmt.Sprintf("%s · %d", v.Region, v.Year)}}
	return produce(w, o, kind, head, hook, v, func(d *doc, _ accounts.RiskScore, _ []accounts.Finding) {
		d.newPage()
		d.titleBlock(d.t("regionPlan"), v.Region, d.tf("regionLine", v.Year, v.Year-1, len(v.Rows), len(v.Owners)))
		d.h1(d.t("planAccounts"), 30)
		if len(v.Rows) == 0 {
			d.note(d.t("noPlanAccounts"))
		} else {
			d.table(regionColumns(d, v.Year), regionRows(d, v))
		}
		d.h1(d.t("planTotals"), 20)
		rows := make([][]cell, 0, len(v.Totals))
		for _, t := range v.Totals {
			rows = append(rows, []cell{plain(t.Currency), plain(amount(t.LastYear)), plain(amount(t.Potential)),
				plain(sum(t.Target)), plain(sum(t.Pipeline))})
		}
		if len(rows) == 0 {
			d.note(d.t("none"))
			return
		}
		if t := v.Converted; t != nil {
			rows = append(rows, []cell{plain("= " + t.Currency), plain(amount(t.LastYear)), plain(amount(t.Potential)),
				plain(sum(t.Target)), plain(sum(t.Pipeline))})
		}
		d.table([]column{{head: d.t("currency"), width: 12}, {head: d.tf("lastYear", v.Year-1), width: 22, align: "R"},
			{head: d.t("potentialShort"), width: 22, align: "R"}, {head: d.tf("targetYear", v.Year), width: 22, align: "R"},
			{head: d.t("openPipeline"), width: 22, align: "R"}}, rows)
		switch {
		case v.Converted != nil:
			d.note(d.tf("convertedAt", v.Converted.Currency, v.RateDate.String()))
		case v.RatesProblem != nil:
			d.note(d.in(*v.RatesProblem))
		}
	})
}

func regionColumns(d *doc, year int) []column {
	return []column{
		{head: d.t("account") + " / " + d.t("city"), width: 18},
		{head: d.t("tier"), width: 10},
		{head: d.t("currency"), width: 6},
		{head: d.tf("lastYear", year-1), width: 12, align: "R"},
		{head: d.t("potentialShort"), width: 12, align: "R"},
		{head: d.t("sow"), width: 9, align: "R"},
		{head: d.tf("targetYear", year), width: 11, align: "R"},
		{head: d.t("pipelineByStage"), width: 19},
		{head: d.t("risk"), width: 10},
	}
}

// regionRows: per owner a band with the name, the owner's accounts, and a
// subtotal row per currency.
func regionRows(d *doc, v accounts.RegionPlanView) [][]cell {
	var rows [][]cell
	i := 0
	for _, op := range v.Owners {
		rows = append(rows, []cell{{s: d.tf("ownerBand", op.Owner), colour: &accent}})
		for ; i < len(v.Rows) && v.Rows[i].Owner == op.Owner; i++ {
			rows = append(rows, regionRow(d, &v.Rows[i]))
		}
		for k, t := range op.Totals {
			label := ""
			if k == 0 {
				label = d.tf("subtotal", op.Accounts)
			}
			rows = append(rows, []cell{{s: label, colour: &muted}, plain(""), plain(t.Currency),
				plain(amount(t.LastYear)), plain(amount(t.Potential)), plain(""), plain(sum(t.Target)),
				plain(sum(t.Pipeline))})
		}
	}
	return rows
}

func regionRow(d *doc, r *accounts.RegionPlanRow) []cell {
	name := r.Name
	if r.Group != "" && r.Group != r.Name {
		name += "\n" + d.tf("groupOf", r.Group)
	}
	if r.City != "" {
		name += "\n" + r.City
	}
	last, wallet, target := "—", "—", "—"
	if r.HasLastYear {
		last = amount(r.LastYear)
	}
	if r.Wallet >= 0 {
		wallet = fmt.Sprintf("%.0f%%", 100*r.Wallet)
	}
	if r.HasTarget {
		target = amount(r.Target)
	}
	pipe := make([]string, 0, len(r.Pipeline))
	for _, p := range r.Pipeline {
		pipe = append(pipe, fmt.Sprintf("%s %s (%d)", d.in(p.Stage.Label()), amount(p.Amount), p.Count))
	}
	if len(pipe) == 0 {
		pipe = append(pipe, "—")
	}
	rc := riskColour(r.Risk)
	return []cell{plain(name), plain(d.in(r.Tier.Label())), plain(r.Currency), plain(last), plain(amount(r.Potential)),
		plain(wallet), plain(target), plain(strings.Join(pipe, "\n")),
		{s: fmt.Sprintf("%s %d", d.in(r.Risk.Label()), r.RiskScore), dot: &rc}}
}

// amount is a sum in whole units of its currency, the currency named in
// its own column.
func amount(m accounts.Money) string {
	return accounts.FormatAmount((m.Minor + 50) / 100 * 100)
}

// sum is a total that is "—" when nothing adds to it (no targets set, no
// open deals), so a zero is never mistaken for a target of nothing.
func sum(m accounts.Money) string {
	if m.Minor == 0 {
		return "—"
	}
	return amount(m)
}

// WeekPlanFileName is a safe file name for a route's plan, such as
// "route-Li-Wei-2026-W49.pdf".
func WeekPlanFileName(r accounts.Route) string {
	return fileName("route", r.Owner, r.Week.String())
}

// RegionPlanFileName is a safe file name for a regional plan, such as
// "region-plan-华东-2027.pdf".
func RegionPlanFileName(v accounts.RegionPlanView) string {
	return fileName("region-plan", v.Region, fmt.Sprint(v.Year))
}

// fileName joins kind, what (made safe as in PlanFileName) and the tail.
func fileName(kind, what, tail string) string {
	name := strings.TrimSuffix(PlanFileName(accounts.Account{Name: what}, kind, time.Time{}), ".pdf")
	return strings.TrimSuffix(name, "-0001-01-01") + "-" + tail + ".pdf"
}
