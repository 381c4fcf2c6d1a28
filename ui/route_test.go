package ui

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
)

// testRouteView opens the visit route view of the demo portfolio on owner.
func testRouteView(t *testing.T, owner string) (*MainWindow, *routeView) {
	t.Helper()
	w := newTestWindow(t, demoStore(t))
	v := newRouteView(w.shell, w.pdfProgress, w.exportDone)
	w.wait()
	if owner != "" {
		v.owner.SetSelected(owner)
		w.wait()
	}
	return w, v
}

// findStop is the day and index of the first stop of a day with stops.
func findStop(t *testing.T, r accounts.Route) (int, int) {
	t.Helper()
	for d := range r.Days {
		if len(r.Days[d].Stops) > 0 {
			return d, 0
		}
	}
	t.Fatal("the route has no stop on any day")
	return 0, 0
}

// The view opens on the first owner's week (the demo has no linked person),
// this week, and shows a demo owner's stops on days; the week steps on.
func TestRouteViewShowsADemoOwnersWeek(t *testing.T) {
	w, v := testRouteView(t, "")
	if len(v.owners) < 2 || v.owner.Selected != v.owners[0] {
		t.Fatalf("owner %q of %v, want the first", v.owner.Selected, v.owners)
	}
	v.owner.SetSelected("Li Wei")
	w.wait()
	if !v.loaded || v.route.Owner != "Li Wei" || v.route.Week != accounts.ISOWeekOf(accounts.DateOf(testNow)) {
		t.Fatalf("route of %q week %v loaded %v: %s", v.route.Owner, v.route.Week, v.loaded, v.status.Text)
	}
	if !strings.HasPrefix(v.weekText.Text, "2026-W48 · ") {
		t.Errorf("week shown as %q", v.weekText.Text)
	}
	d, _ := findStop(t, v.route)
	if !labelShown(v.body, v.route.Days[d].Stops[0].Name) {
		t.Errorf("the stop %s is not shown", v.route.Days[d].Stops[0].Name)
	}
	if v.print.Disabled() {
		t.Error("the print button is off with a route shown")
	}
	v.setWeek(1)
	w.wait()
	if v.route.Week.String() != "2026-W49" || !strings.HasPrefix(v.weekText.Text, "2026-W49 · ") {
		t.Errorf("next week: route %v, shown %q", v.route.Week, v.weekText.Text)
	}
	// View → Visit route puts it on the right.
	w.showRoute()
	w.wait()
	if len(w.right.Objects) != 1 || w.showing(w.today.content) {
		t.Error("View → Visit route did not show the view")
	}
}

// labelShown says whether a label (or tap label) under o reads text.
func labelShown(o fyne.CanvasObject, text string) bool {
	switch x := o.(type) {
	case *widget.Label:
		return x.Text == text
	case *tapLabel:
		return x.Text == text
	case *fyne.Container:
		return slices.ContainsFunc(x.Objects, func(c fyne.CanvasObject) bool { return labelShown(c, text) })
	}
	return false
}

// rowSelect is the "move to" select of a stop row.
func rowSelect(row fyne.CanvasObject) *widget.Select {
	return row.(*fyne.Container).Objects[1].(*fyne.Container).Objects[0].(*widget.Select)
}

// Moving a stop to another day through its select changes what prints;
// leaving it out takes it off the printed route; a stop can come back.
func TestRouteAdjustmentIsWhatPrints(t *testing.T) {
	w, v := testRouteView(t, "Li Wei")
	d, i := findStop(t, v.route)
	stop := v.route.Days[d].Stops[i]
	to := (d + 1) % len(v.route.Days)
	labels, _ := v.routeTargets()
	rowSelect(v.stopRow(d, i, &v.route.Days[d].Stops[i])).SetSelected(labels[to])
	r := v.adjusted()
	if onDay(r.Days[d], stop.AccountID) || !onDay(r.Days[to], stop.AccountID) {
		t.Fatalf("after the move %s is not on day %d alone", stop.Name, to)
	}
	// The export gets the adjusted route.
	path := filepath.Join(t.TempDir(), "route.pdf")
	v.printTo(r, path)
	w.wait()
	checkPDF(t, path)

	// Left out: on no day, not printed.
	k := slices.IndexFunc(v.route.Days[to].Stops, func(s accounts.RouteStop) bool { return s.AccountID == stop.AccountID })
	rowSelect(v.stopRow(to, k, &v.route.Days[to].Stops[k])).SetSelected(lang0(labels))
	r = v.adjusted()
	for _, day := range r.Days {
		if onDay(day, stop.AccountID) {
			t.Fatalf("%s left out is still on %s", stop.Name, day.Date)
		}
	}
	if len(v.leftOut) != 1 || !labelShown(v.body, stop.Name) {
		t.Error("the stop left out is not listed as left out")
	}
	// Put back on Monday.
	if !v.move(routeLeftOut, 0, 0) || !onDay(v.adjusted().Days[0], stop.AccountID) {
		t.Error("a stop left out cannot be put back on a day")
	}
	// A move from nowhere changes nothing.
	if v.move(routeNotPlaced, 99, 0) || v.move(0, 0, 0) {
		t.Error("a move that cannot be made was made")
	}
}

// lang0 is the last target: leave out of the week.
func lang0(labels []string) string { return labels[len(labels)-1] }

func onDay(d accounts.RouteDay, id accounts.ID) bool {
	return slices.ContainsFunc(d.Stops, func(s accounts.RouteStop) bool { return s.AccountID == id })
}

// A stop not placed for want of room can be put on a day.
func TestRouteNotPlacedCanBePutOnADay(t *testing.T) {
	_, v := testRouteView(t, "Li Wei")
	v.route.NotPlaced = append(v.route.NotPlaced, accounts.RouteStop{AccountID: "x1", Name: "Extra"})
	v.redraw()
	if !labelShown(v.body, "Extra") {
		t.Fatal("the stop not placed is not shown")
	}
	n := len(v.route.NotPlaced) - 1
	rowSelect(v.stopRow(routeNotPlaced, n, &v.route.NotPlaced[n])).SetSelected(v.routeTargets0(2))
	r := v.adjusted()
	if !onDay(r.Days[2], "x1") || slices.ContainsFunc(r.NotPlaced, func(s accounts.RouteStop) bool { return s.AccountID == "x1" }) {
		t.Error("the stop not placed was not put on Wednesday")
	}
}

// routeTargets0 is the select's label of day i.
func (v *routeView) routeTargets0(i int) string {
	l, _ := v.routeTargets()
	return l[i]
}

// A stop's list offers every place but the one it is in.
func TestRouteStopOffersOtherPlaces(t *testing.T) {
	_, v := testRouteView(t, "Li Wei")
	d, i := findStop(t, v.route)
	sel := rowSelect(v.stopRow(d, i, &v.route.Days[d].Stops[i]))
	all, _ := v.routeTargets()
	if len(sel.Options) != len(all)-1 || slices.Contains(sel.Options, all[d]) {
		t.Errorf("a stop on %s offers %v", all[d], sel.Options)
	}
}

// Tapping a stop's name, or an account of the regional plan, opens it.
func TestRouteAndPlanOpenTheAccount(t *testing.T) {
	w, v := testRouteView(t, "Li Wei")
	d, i := findStop(t, v.route)
	stop := v.route.Days[d].Stops[i]
	row := v.stopRow(d, i, &v.route.Days[d].Stops[i]).(*fyne.Container)
	test.Tap(row.Objects[0].(*fyne.Container).Objects[0].(*tapLabel))
	w.wait()
	if w.account == nil || w.account.id != stop.AccountID {
		t.Fatalf("tapping %s did not open it", stop.Name)
	}
	p := newRegionPlanView(w.shell, w.pdfProgress, w.exportDone)
	w.wait()
	r := p.plan.Rows[0]
	test.Tap(p.accountRow(&r).(*fyne.Container).Objects[0].(*tapLabel))
	w.wait()
	if w.account == nil || w.account.id != r.AccountID {
		t.Fatalf("tapping %s in the plan did not open it", r.Name)
	}
}
