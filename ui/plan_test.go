package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/storage"
)

// planFixture opens a store with one account and the window on its Plan tab.
func planFixture(t *testing.T) (*storage.Store, *MainWindow, *planView, accounts.ID) {
	t.Helper()
	s := openStore(t)
	a := &accounts.Account{Name: "华东精密制造", Owner: "Li Na", Tier: accounts.TierKey, Stage: accounts.StageGrowth, CadenceDays: 30, Currency: "CNY"}
	if err := s.CreateAccount(a); err != nil {
		t.Fatal(err)
	}
	w := newTestWindow(t, s)
	if w.firstStart != nil {
		w.firstStart.Hide()
	}
	w.openAccount(a.ID)
	w.wait()
	w.account.selectTab(4)
	if w.account.plan == nil {
		t.Fatal("the Plan tab did not build its editor")
	}
	return s, w, w.account.plan, a.ID
}

func TestPlanTabStoresObjectiveLinkedActionAndOpportunity(t *testing.T) {
	s, w, p, id := planFixture(t)

	test.Tap(p.addObj)
	test.Type(p.objs[0].text, "Preferred supplier for line 3")
	test.Type(p.objs[0].target, "share of wallet 40 %")
	p.objs[0].due.SetText("2027-03-31")
	p.objs[0].status.set(accounts.ProgressInProgress)

	test.Tap(p.addStrat)
	test.Type(p.strats[0].text, "Win the plant manager with uptime results")

	test.Tap(p.addAct)
	a := p.acts[0]
	if a.owner.Text != "Li Na" {
		t.Errorf("a new action's owner is %q, want the account owner", a.owner.Text)
	}
	test.Type(a.text, "Arrange a reference visit")
	a.objective.SetSelected("Preferred supplier for line 3")

	test.Tap(p.addOpp)
	o := p.opps[0]
	test.Type(o.product, "Analytics platform")
	test.Type(o.value, "250000")
	o.stage.set(accounts.StageProposal)
	o.close.SetText("2027-01-15")
	if !w.account.dirty() {
		t.Error("edits on the Plan tab do not count as unsaved changes")
	}

	test.Tap(p.save)
	w.wait()
	if p.status.Text != lang.L("plan.saved") {
		t.Fatalf("status after save = %q", p.status.Text)
	}
	pl, err := s.Plan(id)
	if err != nil {
		t.Fatalf("store.Plan after saving the tab: %v", err)
	}
	if len(pl.Objectives) != 1 || len(pl.Strategies) != 1 || len(pl.Actions) != 1 || len(pl.Opportunities) != 1 {
		t.Fatalf("stored plan has %d/%d/%d/%d items, want 1 each", len(pl.Objectives), len(pl.Strategies), len(pl.Actions), len(pl.Opportunities))
	}
	obj := pl.Objectives[0]
	if obj.Text != "Preferred supplier for line 3" || obj.Target != "share of wallet 40 %" || obj.Due.String() != "2027-03-31" || obj.Status != accounts.ProgressInProgress {
		t.Errorf("stored objective = %+v", obj)
	}
	act := pl.Actions[0]
	if act.Text != "Arrange a reference visit" || act.ObjectiveID != obj.ID || act.Owner != "Li Na" {
		t.Errorf("stored action = %+v, want it linked to objective %s", act, obj.ID)
	}
	opp := pl.Opportunities[0]
	if opp.Product != "Analytics platform" || opp.Value != (accounts.Money{Minor: 25000000, Currency: "CNY"}) ||
		opp.Stage != accounts.StageProposal || opp.ExpectedClose.String() != "2027-01-15" {
		t.Errorf("stored opportunity = %+v", opp)
	}
	if len(opp.StageHistory) != 1 || opp.StageHistory[0].Stage != accounts.StageProposal || !opp.StageHistory[0].At.Equal(testNow) {
		t.Errorf("a new opportunity's stage history = %+v, want its stage entered now", opp.StageHistory)
	}
	if w.account.dirty() {
		t.Error("the tab still reports unsaved changes after saving")
	}
	if !strings.Contains(p.opps[0].since.Text, "2026-11-23") {
		t.Errorf("the row does not say since when it is in its stage: %q", p.opps[0].since.Text)
	}
}

func TestPlanStageChangeRecordsHistory(t *testing.T) {
	s, w, p, id := planFixture(t)
	test.Tap(p.addOpp)
	test.Type(p.opps[0].product, "Spare-parts consignment")
	p.opps[0].stage.set(accounts.StageQualified)
	test.Tap(p.save)
	w.wait()

	// A later day: the deal moves to negotiation.
	later := testNow.AddDate(0, 0, 12)
	w.now = func() time.Time { return later }
	p.opps[0].stage.set(accounts.StageNegotiation)
	if p.opps[0].since.Text != lang.L("plan.since.new") {
		t.Errorf("after a stage change the row says %q, want that the change is recorded on save", p.opps[0].since.Text)
	}
	test.Tap(p.save)
	w.wait()
	pl, err := s.Plan(id)
	if err != nil {
		t.Fatal(err)
	}
	h := pl.Opportunities[0].StageHistory
	if len(h) != 2 || h[0].Stage != accounts.StageQualified || h[1].Stage != accounts.StageNegotiation || !h[1].At.Equal(later) {
		t.Fatalf("stage history = %+v, want qualified then negotiation at the change", h)
	}
	// Saving again without a stage change adds nothing.
	test.Type(p.opps[0].notes, "budget approved")
	test.Tap(p.save)
	w.wait()
	pl, _ = s.Plan(id)
	if n := len(pl.Opportunities[0].StageHistory); n != 2 {
		t.Errorf("saving without a stage change grew the history to %d entries", n)
	}
	// The summary shows the 12 days spent in qualified.
	if !containsText(p.summary, lang.L("pipeline.days", map[string]any{"Days": "12"})) {
		t.Error("the account's pipeline summary does not show 12 days in qualified")
	}
}

func TestPlanEmptyActionIsShownAndNothingStored(t *testing.T) {
	s, w, p, id := planFixture(t)
	test.Tap(p.addAct)
	test.Type(p.acts[0].owner, "Wang")
	test.Tap(p.save)
	w.wait()
	if !p.acts[0].err.Visible() || !strings.Contains(p.acts[0].err.Text, tx(accounts.Phrase{Key: "field.plan.action_needs_description"})) {
		t.Errorf("no message under the empty action: visible=%v %q", p.acts[0].err.Visible(), p.acts[0].err.Text)
	}
	if !strings.Contains(p.status.Text, "1") {
		t.Errorf("status does not count the problem: %q", p.status.Text)
	}
	if _, err := s.Plan(id); accounts.ErrorCode(err) != accounts.ENOTFOUND {
		t.Fatalf("a plan was stored despite the error: %v", err)
	}
	// A bad amount is also caught before anything is written.
	test.Type(p.acts[0].text, "Call the buyer")
	test.Tap(p.addOpp)
	test.Type(p.opps[0].product, "Training")
	test.Type(p.opps[0].value, "lots")
	test.Tap(p.save)
	w.wait()
	if p.acts[0].err.Visible() || !p.opps[0].err.Visible() {
		t.Errorf("messages: action %v, opportunity %v; want only the opportunity's", p.acts[0].err.Visible(), p.opps[0].err.Visible())
	}
	if _, err := s.Plan(id); accounts.ErrorCode(err) != accounts.ENOTFOUND {
		t.Fatal("a plan was stored despite a bad amount")
	}
}

func TestPlanConflictSaysSoAndReloads(t *testing.T) {
	s, w, p, id := planFixture(t)
	test.Tap(p.addStrat)
	test.Type(p.strats[0].text, "Mine")
	// Someone else saves a plan first.
	other := &accounts.Plan{AccountID: id, Strategies: []accounts.Strategy{{Text: "Theirs"}}}
	if err := s.SavePlan(other); err != nil {
		t.Fatal(err)
	}
	test.Tap(p.save)
	w.wait()
	if p.status.Text != lang.L("plan.conflict") {
		t.Fatalf("status after a conflicting save = %q", p.status.Text)
	}
	pl, _ := s.Plan(id)
	if len(pl.Strategies) != 1 || pl.Strategies[0].Text != "Theirs" {
		t.Fatalf("the conflicting save changed the stored plan: %+v", pl.Strategies)
	}
	p.reload()
	w.wait()
	if len(p.strats) != 1 || p.strats[0].text.Text != "Theirs" {
		t.Fatal("reload did not show the stored version")
	}
}

func TestRemovingObjectiveUnlinksActions(t *testing.T) {
	_, _, p, _ := planFixture(t)
	test.Tap(p.addObj)
	test.Type(p.objs[0].text, "Grow")
	test.Tap(p.addAct)
	p.acts[0].objective.SetSelected("Grow")
	if p.acts[0].objID != p.objs[0].id {
		t.Fatal("choosing the objective did not link the action")
	}
	// Renaming the objective renames the choice, keeping the link.
	test.Type(p.objs[0].text, " share")
	if p.acts[0].objective.Selected != "Grow share" || p.acts[0].objID != p.objs[0].id {
		t.Errorf("after renaming the objective the action shows %q", p.acts[0].objective.Selected)
	}
	test.Tap(p.objs[0].del)
	if p.acts[0].objID != "" || p.acts[0].objective.SelectedIndex() != 0 {
		t.Error("an action still serves a removed objective")
	}
}

// containsText reports whether a label under obj shows text.
func containsText(obj fyne.CanvasObject, text string) bool {
	switch x := obj.(type) {
	case *widget.Label:
		return x.Text == text
	case *fyne.Container:
		for _, o := range x.Objects {
			if containsText(o, text) {
				return true
			}
		}
	}
	return false
}

// TestPlanScreenshots writes captures of the Plan tab, the export dialog and
// the Pipeline view to $KEYCARD_PLAN_SHOTS for a person to look at; run it
// again with LANG=zh_CN.UTF-8 for the Chinese ones.
func TestPlanScreenshots(t *testing.T) {
	dir := os.Getenv("KEYCARD_PLAN_SHOTS")
	if dir == "" {
		t.Skip("set KEYCARD_PLAN_SHOTS to a folder to write the captures")
	}
	s := demoStore(t)
	w := newTestWindow(t, s)
	var id accounts.ID
	for _, sm := range summaries(t, s) {
		if pl, err := s.Plan(sm.ID); err == nil && len(pl.Opportunities) > 1 {
			id = sm.ID
			break
		}
	}
	shot := func(name string, h float32) {
		w.win.Resize(fyne.NewSize(1280, h))
		img := w.win.Canvas().Capture()
		f, err := os.Create(filepath.Join(dir, name+"-"+uiLang+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
	}
	w.openAccount(id)
	w.wait()
	w.account.selectTab(4)
	p := w.account.plan
	shot("plan", 1900)
	test.Tap(p.addAct)
	test.Tap(p.addOpp)
	p.opps[0].stage.set(accounts.StageWon)
	test.Tap(p.save)
	w.wait()
	shot("plan-problems", 1900)
	p.cancel()
	f := w.openPDFExport(kindBrief)
	f.attendees.SetSelected(f.attendees.Options[:2])
	shot("export", 800)
	f.dialog.Hide()
	w.openPipeline()
	w.wait()
	shot("pipeline", 900)
}
