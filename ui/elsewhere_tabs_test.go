package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"keycard/accounts"
)

// The visit form keeps its edits when the visit it edits was changed
// elsewhere, says so, and Reload shows the stored visit.
func TestChangeElsewhereKeepsVisitEdits(t *testing.T) {
	s, w, r := openDemoAccount(t, 0)
	v := w.account
	v.selectTab(2)
	w.wait()
	vv := v.visits
	f := vv.form
	if f.isNew || f.visit.ID == "" {
		t.Fatal("no visit is open in the form")
	}
	test.Type(f.summary, " Typed here.")
	typed := f.summary.Text

	var stored *accounts.Visit
	vs, err := s.Visits(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i := range vs {
		if vs[i].ID == f.visit.ID {
			stored = &vs[i]
		}
	}
	stored.Objective = "Changed elsewhere"
	if err := s.UpdateVisit(stored); err != nil {
		t.Fatal(err)
	}
	w.book.Apply(serverChange(r.ID))
	w.wait()

	if v.visits != vv || vv.form != f {
		t.Fatal("the Visits tab was rebuilt under the edits")
	}
	if f.summary.Text != typed || f.objective.Text == "Changed elsewhere" {
		t.Errorf("edits not kept: summary %q, objective %q", f.summary.Text, f.objective.Text)
	}
	if !f.notice.visible() || !vv.dirty() {
		t.Errorf("the form does not say the visit changed elsewhere (notice %v, dirty %v)", f.notice.visible(), vv.dirty())
	}
	test.Tap(f.notice.reload)
	w.wait()
	if f.visit.ID != stored.ID || f.objective.Text != "Changed elsewhere" || f.dirty() || f.notice.visible() {
		t.Errorf("after Reload: visit %s, objective %q, dirty %v, notice %v", f.visit.ID, f.objective.Text, f.dirty(), f.notice.visible())
	}
}

// A visit form with edits stays quiet when a change elsewhere left its
// visit alone.
func TestChangeElsewhereToAnotherRecordLeavesTheVisitFormQuiet(t *testing.T) {
	s, w, r := openDemoAccount(t, 0)
	v := w.account
	v.selectTab(2)
	w.wait()
	f := v.visits.form
	test.Type(f.summary, " Typed here.")
	a, err := s.Account(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	a.Industry = "Elsewhere"
	if err := s.UpdateAccount(a); err != nil {
		t.Fatal(err)
	}
	w.book.Apply(serverChange(r.ID))
	w.wait()
	if f.notice.visible() || !f.dirty() {
		t.Errorf("a change to the account, not the visit: notice %v, dirty %v", f.notice.visible(), f.dirty())
	}
}

// accountWithWarnings is the index in the portfolio of an account with a
// recorded warning sign.
func accountWithWarnings(t *testing.T, w *MainWindow) int {
	t.Helper()
	for i := 0; i < w.portfolio.model.Len(); i++ {
		r, _ := w.portfolio.model.At(i)
		d, err := w.book.LoadAccount(r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Warnings) > 0 {
			return i
		}
	}
	t.Fatal("no demo account has a warning sign")
	return -1
}

// The warning form keeps its edits when the sign it edits was changed
// elsewhere, says so, and Reload opens the stored sign.
func TestChangeElsewhereKeepsWarningEdits(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	r, _ := w.portfolio.model.At(accountWithWarnings(t, w))
	w.openAccount(r.ID)
	w.wait()
	v := w.account
	v.selectTab(3)
	w.wait()
	wv := v.warnings
	sign := v.data.Warnings[0]
	wv.editSign(sign)
	f := wv.form
	test.Type(f.evidence, " Seen again.")
	typed := f.evidence.Text

	sign.Mitigation = "Changed elsewhere"
	if err := s.UpdateWarning(&sign); err != nil {
		t.Fatal(err)
	}
	w.book.Apply(serverChange(r.ID))
	w.wait()

	if v.warnings != wv || wv.form != f {
		t.Fatal("the Warnings tab or its form was rebuilt under the edits")
	}
	if f.evidence.Text != typed || f.mitigate.Text == "Changed elsewhere" {
		t.Errorf("edits not kept: evidence %q, mitigation %q", f.evidence.Text, f.mitigate.Text)
	}
	if !f.notice.visible() || !wv.dirty() {
		t.Errorf("the form does not say the sign changed elsewhere (notice %v, dirty %v)", f.notice.visible(), wv.dirty())
	}
	test.Tap(f.notice.reload)
	w.wait()
	nf := wv.form
	if nf == nil || nf.orig.ID != sign.ID || nf.mitigate.Text != "Changed elsewhere" || nf.dirty() || nf.notice.visible() {
		t.Fatalf("after Reload the form should show the stored sign, unedited")
	}
}

// The plan keeps its edits when the plan was saved elsewhere, says so,
// and Reload shows the stored plan.
func TestChangeElsewhereKeepsPlanEdits(t *testing.T) {
	s, w, r := openDemoAccount(t, 0)
	v := w.account
	v.selectTab(4)
	w.wait()
	p := v.plan
	before := len(p.objs)
	test.Tap(p.addObj)
	if !p.dirty() {
		t.Fatal("adding an objective is not an edit")
	}

	pl := storedPlan(v)
	pl.Strategies = append(pl.Strategies, accounts.Strategy{Text: "Changed elsewhere"})
	if err := s.SavePlan(&pl); err != nil {
		t.Fatal(err)
	}
	w.book.Apply(serverChange(r.ID))
	w.wait()

	if v.plan != p {
		t.Fatal("the Plan tab was rebuilt under the edits")
	}
	if len(p.objs) != before+1 || !p.dirty() {
		t.Errorf("edits not kept: %d objectives (want %d), dirty %v", len(p.objs), before+1, p.dirty())
	}
	if !p.notice.visible() {
		t.Error("the plan does not say it changed elsewhere")
	}
	test.Tap(p.notice.reload)
	w.wait()
	if p.dirty() || p.notice.visible() || len(p.objs) != before || p.orig.Version != pl.Version {
		t.Errorf("after Reload: dirty %v, notice %v, %d objectives (want %d), version %d (want %d)",
			p.dirty(), p.notice.visible(), len(p.objs), before, p.orig.Version, pl.Version)
	}
}
