package ui

import (
	"fmt"
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

// The visit route view (调整业务员销售路线): one rep's week as the book plans
// it (accounts due or overdue by cadence, with follow-ups and renewals,
// grouped by region and city over Monday to Friday), which the rep then
// adjusts — a stop moved to another day, taken off the week, or a stop
// that did not fit put on a day — and prints as the one-page weekly visit
// plan. The adjustment lives in the open view only: the plan is worked out
// again from the cards when the view opens or the week changes, so it
// never goes stale against them.

// routeLeftOut is the index of the stops taken off the week; routeNotPlaced
// of those the plan found no room for. Days are 0 (Monday) to 4.
const (
	routeNotPlaced = -1
	routeLeftOut   = -2
)

// showRoute puts the visit route view on the right.
func (w *MainWindow) showRoute() {
	w.leave(func() {
		v := newRouteView(w.shell, w.pdfProgress, w.exportDone)
		w.showOnRight("route.title", v.content)
	})
}

// routeView is the visit route of one owner and week.
type routeView struct {
	w        *shell
	progress func(string) dialog.Dialog   // the export's progress dialog
	done     func(path string, err error) // tells where the PDF went
	owners   []string                     // the book's owners, for the picker
	owner    *widget.Select               // whose week
	week     accounts.ISOWeek             // which week
	weekText *widget.Label                // "2026-W49 · 30 Nov – 4 Dec"
	route    accounts.Route               // as planned, then as adjusted
	leftOut  []accounts.RouteStop         // taken off the week by the rep
	body     *fyne.Container              // the days, not placed and left out
	status   *widget.Label                // loading, or a failure
	print    *widget.Button               // Print the weekly plan…
	loaded   bool                         // route holds the owner's week
	content  fyne.CanvasObject
	loads    int                // loads started, so a late one is dropped
	lastSave *dialog.FileDialog // kept for tests
	onLoaded func()             // tests: after each load
}

func newRouteView(w *shell, progress func(string) dialog.Dialog, done func(string, error)) *routeView {
	v := &routeView{w: w, progress: progress, done: done, week: accounts.ISOWeekOf(w.day())}
	v.owners, _ = w.book.Owners()
	v.owner = widget.NewSelect(v.owners, func(string) { v.load() })
	v.weekText = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}}
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { v.setWeek(-1) })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { v.setWeek(1) })
	this := widget.NewButton(lang.L("route.thisweek"), func() { v.week = accounts.ISOWeekOf(v.w.day()); v.load() })
	v.print = widget.NewButtonWithIcon(lang.L("route.print"), theme.DocumentPrintIcon(), v.choosePrint)
	v.print.Importance = widget.HighImportance
	v.status = &widget.Label{Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	v.status.Hide()
	v.body = container.NewVBox()
	pick := container.NewHBox(&widget.Label{Text: lang.L("route.owner")}, v.owner,
		widget.NewSeparator(), prev, v.weekText, next, this)
	head := container.NewVBox(heading(lang.L("route.title")),
		&widget.Label{Text: lang.L("route.hint"), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance},
		container.NewBorder(nil, nil, nil, v.print, pick), v.status, widget.NewSeparator())
	v.content = container.NewBorder(head, nil, nil, nil, container.NewVScroll(v.body))
	// The person's own week when they own accounts, else the first owner's.
	if me := w.book.Me(); slices.Contains(v.owners, me) {
		v.owner.SetSelected(me)
	} else if len(v.owners) > 0 {
		v.owner.SetSelected(v.owners[0])
	} else {
		setStatus(v.status, lang.L("route.noowners"))
		v.print.Disable()
	}
	v.showWeek()
	return v
}

// setWeek moves the week by n weeks.
func (v *routeView) setWeek(n int) {
	v.week = accounts.ISOWeekOf(v.week.Monday().AddDays(7 * n))
	v.load()
}

// showWeek writes the week as "2026-W49 · 30 Nov – 4 Dec".
func (v *routeView) showWeek() {
	mon := v.week.Monday()
	layout := lang.L("route.date.layout")
	v.weekText.SetText(lang.L("route.week", map[string]any{"Week": v.week.String(),
		"From": mon.Time().Format(layout), "To": mon.AddDays(accounts.RouteWorkDays - 1).Time().Format(layout)}))
}

// load plans the chosen owner's week off the UI goroutine; what the rep
// adjusted in the week shown before is dropped.
func (v *routeView) load() {
	v.showWeek()
	owner, week := v.owner.Selected, v.week
	if owner == "" {
		return
	}
	v.loads++
	n := v.loads
	v.loaded = false
	v.print.Disable()
	setStatus(v.status, lang.L("riskview.loading"))
	var r accounts.Route
	var err error
	v.w.background("load route "+owner+" "+week.String(), func() { r, err = v.w.book.WeekRoute(owner, week) }, func() {
		if n != v.loads {
			return // a later choice is loading
		}
		if err != nil {
			setStatus(v.status, errorSentence(err))
		} else {
			v.route, v.leftOut, v.loaded = r, nil, true
			setStatus(v.status, "")
			v.print.Enable()
		}
		v.redraw()
		if v.onLoaded != nil {
			v.onLoaded()
		}
	})
}

// stopsAt is the list of stops at index at (a day, not placed or left out).
func (v *routeView) stopsAt(at int) *[]accounts.RouteStop {
	switch {
	case at == routeNotPlaced:
		return &v.route.NotPlaced
	case at == routeLeftOut:
		return &v.leftOut
	case at >= 0 && at < len(v.route.Days):
		return &v.route.Days[at].Stops
	}
	return nil
}

// move takes the i-th stop at from and puts it at the end of to. It
// reports false, changing nothing, when either place or the stop is not
// there.
func (v *routeView) move(from, i, to int) bool {
	src, dst := v.stopsAt(from), v.stopsAt(to)
	if src == nil || dst == nil || i < 0 || i >= len(*src) || from == to {
		return false
	}
	s := (*src)[i]
	*src = slices.Delete(*src, i, i+1)
	*dst = append(*dst, s)
	return true
}

// adjusted is the route as the rep left it, which is what prints: the
// days and the stops still not placed; the stops taken off are not on it.
func (v *routeView) adjusted() accounts.Route {
	r := v.route
	r.Days = make([]accounts.RouteDay, len(v.route.Days))
	for i, d := range v.route.Days {
		r.Days[i] = accounts.RouteDay{Date: d.Date, Stops: slices.Clone(d.Stops)}
	}
	r.NotPlaced = slices.Clone(v.route.NotPlaced)
	return r
}

// dayName is "Monday 30 Nov".
func dayName(d accounts.Date) string {
	wd := (int(d.Time().Weekday()) + 6) % 7
	return lang.L("route.day", map[string]any{"Weekday": lang.L(fmt.Sprintf("doc.weekday%d", wd)),
		"Date": d.Time().Format(lang.L("route.date.layout"))})
}

// redraw lays out the days, then what was not placed and what was left out.
func (v *routeView) redraw() {
	var objs []fyne.CanvasObject
	if !v.loaded {
		v.body.Objects = nil
		v.body.Refresh()
		return
	}
	total := 0
	for i, d := range v.route.Days {
		total += len(d.Stops)
		objs = append(objs, v.section(dayName(d.Date), i, lang.L("route.day.free"))...)
	}
	if len(v.route.NotPlaced) > 0 {
		objs = append(objs, v.section(lang.L("route.notplaced"), routeNotPlaced, "")...)
	}
	if len(v.leftOut) > 0 {
		objs = append(objs, v.section(lang.L("route.leftout"), routeLeftOut, "")...)
	}
	if total+len(v.route.NotPlaced)+len(v.leftOut) == 0 {
		objs = []fyne.CanvasObject{&widget.Label{Text: lang.L("route.empty"), Wrapping: fyne.TextWrapWord}}
	}
	v.body.Objects = objs
	v.body.Refresh()
}

// section is a titled list of the stops at index at; empty says so.
func (v *routeView) section(title string, at int, empty string) []fyne.CanvasObject {
	stops := *v.stopsAt(at)
	head := subheading(title)
	if at >= 0 {
		head.SetText(lang.L("route.day.count", map[string]any{"Day": title, "Count": len(stops)}))
	}
	objs := []fyne.CanvasObject{head}
	if len(stops) == 0 && empty != "" {
		objs = append(objs, &widget.Label{Text: empty, Importance: widget.LowImportance})
	}
	for i := range stops {
		objs = append(objs, v.stopRow(at, i, &stops[i]))
	}
	return append(objs, widget.NewSeparator())
}

// routeTargets are the places a stop can go, in the order the select
// offers them: the five days, then off the week.
func (v *routeView) routeTargets() ([]string, []int) {
	var labels []string
	var at []int
	for i, d := range v.route.Days {
		labels = append(labels, dayName(d.Date))
		at = append(at, i)
	}
	return append(labels, lang.L("route.leaveout")), append(at, routeLeftOut)
}

// stopRow shows one stop: its name (tapping opens the account), region and
// city, why it is on the route one reason a line, overdue ones in red, and
// where it can go.
func (v *routeView) stopRow(at, i int, s *accounts.RouteStop) fyne.CanvasObject {
	id := s.AccountID
	name := &tapLabel{onTap: func() { v.w.open(id) }}
	name.Text, name.TextStyle, name.Truncation = s.Name, fyne.TextStyle{Bold: true}, fyne.TextTruncateEllipsis
	name.ExtendBaseWidget(name)
	place := strings.Join(nonEmpty(s.Region, s.City), " · ")
	if place == "" {
		place = lang.L("route.noplace")
	}
	lines := []fyne.CanvasObject{name, &widget.Label{Text: place, SizeName: theme.SizeNameCaptionText, TextStyle: fyne.TextStyle{Italic: true}}}
	today := v.w.day()
	for _, p := range s.Reasons {
		l := &widget.Label{Text: tx(p), SizeName: theme.SizeNameCaptionText, Wrapping: fyne.TextWrapWord}
		if overdueReason(p, today) {
			l.Importance, name.Importance = widget.DangerImportance, widget.DangerImportance
		}
		lines = append(lines, l)
	}
	// Anywhere but where it is.
	labels, places := v.routeTargets()
	if k := slices.Index(places, at); k >= 0 {
		labels, places = slices.Delete(labels, k, k+1), slices.Delete(places, k, k+1)
	}
	sel := widget.NewSelect(labels, nil)
	sel.PlaceHolder = lang.L("route.moveto")
	sel.OnChanged = func(l string) {
		if k := slices.Index(labels, l); k >= 0 && v.move(at, i, places[k]) {
			v.redraw()
		}
	}
	return container.NewBorder(nil, nil, nil, container.NewCenter(sel), container.New(&tightVBox{}, lines...))
}

// overdueReason says whether a reason is late: a visit overdue by cadence,
// or a follow-up or plan action due before today.
func overdueReason(p accounts.Phrase, today accounts.Date) bool {
	if p.Key == "route.reason.overdue" {
		return true
	}
	due, ok := p.Args["Due"].(accounts.Date)
	return ok && p.Key != "route.reason.due" && due.Before(today)
}

// setStatus shows a view's status line, or hides it when there is nothing
// to say, so it takes no room.
func setStatus(l *widget.Label, text string) {
	l.SetText(text)
	l.Hidden = text == ""
	l.Refresh()
}

// nonEmpty keeps the strings that are not empty.
func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// choosePrint asks where to save the adjusted route's plan.
func (v *routeView) choosePrint() {
	if !v.loaded {
		return
	}
	r := v.adjusted()
	v.lastSave = choosePDF(v.w, book.WeekPlanFileName(r), func(path string) { v.printTo(r, path) })
}

// printTo prints r off the UI goroutine, then says where it went.
func (v *routeView) printTo(r accounts.Route, path string) {
	printPDF(v.w, v.progress, v.done, "route.what", path, func(l string) error { return v.w.book.ExportWeekPlan(r, l, path) })
}
