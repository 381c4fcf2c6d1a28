package ui

import (
	"path/filepath"
	"strconv"
	"testing"

	"keycard/accounts"
)

// testRegionPlan opens the regional plan view of the demo on 华东.
func testRegionPlan(t *testing.T) (*MainWindow, *regionPlanView) {
	t.Helper()
	w := newTestWindow(t, demoStore(t))
	v := newRegionPlanView(w.shell, w.pdfProgress, w.exportDone)
	w.wait()
	v.region.SetSelected("华东")
	w.wait()
	if !v.loaded || v.plan.Region != "华东" || len(v.plan.Rows) == 0 {
		t.Fatalf("plan of %q loaded %v: %s", v.plan.Region, v.loaded, v.status.Text)
	}
	return w, v
}

// The plan opens on the next year, lists the region's accounts by owner
// with subtotals, and prints as a PDF.
func TestRegionPlanViewShowsAndPrints(t *testing.T) {
	w, v := testRegionPlan(t)
	if v.plan.Year != testNow.Year()+1 || v.year.Selected != strconv.Itoa(testNow.Year()+1) {
		t.Errorf("plan year %d, want the next year", v.plan.Year)
	}
	if !labelShown(v.table, v.plan.Rows[0].Name) {
		t.Errorf("%s is not in the table", v.plan.Rows[0].Name)
	}
	// header + rows + a subtotal per owner and currency + separators + totals
	// header + per owner a heading, rows, subtotals and a separator + totals
	want := 1 + len(v.plan.Rows) + 2*len(v.plan.Owners) + len(v.plan.Totals)
	for _, o := range v.plan.Owners {
		want += len(o.Totals)
	}
	if n := len(v.table.Objects); n != want {
		t.Errorf("the table has %d rows, want %d", n, want)
	}
	path := filepath.Join(t.TempDir(), "plan.pdf")
	v.printTo(v.plan, path)
	w.wait()
	checkPDF(t, path)
	w.showRegionPlan()
	w.wait()
	if w.showing(w.today.content) {
		t.Error("View → Regional plan did not show the view")
	}
}

// Setting a target through the row's dialog stores it on the account for
// the plan year, in one write; a bad or negative amount says why and
// stores nothing; an empty one clears the target.
func TestRegionPlanSetsTheTarget(t *testing.T) {
	w, v := testRegionPlan(t)
	row := v.plan.Rows[0]
	id, year := row.AccountID, v.plan.Year
	before, err := w.book.Account(id)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"abc", "-5", "1e400"} {
		v.askTarget(id, row.Name, row.Target, row.HasTarget)
		v.target.amount.SetText(bad)
		v.target.save()
		w.wait()
		if v.target.status.Text == "" || v.target.saved {
			t.Errorf("%q: no sentence, or the dialog closed", bad)
		}
		v.target.dialog.Hide()
		a, _ := w.book.Account(id)
		if a.Version != before.Version {
			t.Errorf("%q was stored (version %d → %d)", bad, before.Version, a.Version)
		}
	}
	v.askTarget(id, row.Name, row.Target, row.HasTarget)
	v.target.amount.SetText("120万")
	v.target.save()
	w.wait()
	if !v.target.saved {
		t.Errorf("the dialog stays open: %s", v.target.status.Text)
	}
	a, _ := w.book.Account(id)
	if m, ok := a.Target(year); !ok || m.Minor != 120_000_000 || a.Version != before.Version+1 {
		t.Fatalf("target %v %v, version %d → %d", m, ok, before.Version, a.Version)
	}
	// The plan shows it.
	w.wait()
	if r := v.plan.Rows[0]; !r.HasTarget || r.Target.Minor != 120_000_000 {
		t.Errorf("the plan shows the target %v", r.Target)
	}
	// Empty clears it; other years' targets stay.
	a.Targets = append(a.Targets, accounts.YearTarget{Year: year + 1, Amount: accounts.Money{Minor: 5}})
	if _, err := w.book.UpdateAccount(from(viewRegionPlan), a); err != nil {
		t.Fatal(err)
	}
	var said string
	v.setTarget(id, year, " ", func(s string) { said = s })
	w.wait()
	a, _ = w.book.Account(id)
	if _, ok := a.Target(year); ok || said != "" || len(a.Targets) != 1 {
		t.Errorf("clearing left %v (%q)", a.Targets, said)
	}
}

// The open pipeline cell says how many deals each stage holds.
func TestRegionPlanPipelineByStage(t *testing.T) {
	_, v := testRegionPlan(t)
	for i := range v.plan.Rows {
		r := &v.plan.Rows[i]
		if len(r.Pipeline) == 0 {
			continue
		}
		want := stagesText(r.Pipeline)
		if !labelShown(v.accountRow(r), want) || want == "" {
			t.Errorf("%s: the stages %q are not shown", r.Name, want)
		}
		return
	}
	t.Fatal("no account of 华东 has an open pipeline")
}
