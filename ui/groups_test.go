package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"keycard/accounts"
	"keycard/book"
	"keycard/storage"
)

// groupStore holds a group of three levels and an account in none.
func groupStore(t *testing.T) (*storage.Store, map[string]accounts.Account) {
	s := openStore(t)
	out := map[string]accounts.Account{}
	mk := func(name string, parent accounts.ID, rev float64) {
		a := accounts.Account{Name: name, Owner: "Li Wei", Tier: accounts.TierKey, Stage: accounts.StageGrowth, ParentID: parent,
			Revenue: []accounts.RevenueEntry{{Period: "2026", Amount: accounts.Amount(rev, "USD")}}}
		if err := s.CreateAccount(&a); err != nil {
			t.Fatal(err)
		}
		out[name] = a
	}
	mk("华润集团", "", 100)
	mk("华润医药", out["华润集团"].ID, 40)
	mk("华润三九", out["华润医药"].ID, 10)
	mk("Beta", "", 5)
	return s, out
}

// TestPortfolioFoldsGroups: the list shows the group's head with its
// revenue and subsidiaries' folded; the toggle unfolds them, indented.
func TestPortfolioFoldsGroups(t *testing.T) {
	s, accts := groupStore(t)
	w := newTestWindow(t, s)
	m := w.portfolio.model
	if m.Len() != 2 {
		t.Fatalf("%d rows folded, want 2", m.Len())
	}
	i := m.IndexOf(accts["华润集团"].ID)
	row := newGroupRow()
	core := updateGroupRow(row, w.portfolio, i)
	updatePortfolioRow(core, &m.rows[m.view[i]], "", -1, w.day())
	w.portfolio.groupDetail(core, i)
	want := lang.L("portfolio.group.line", map[string]any{"N": 2, "Revenue": "USD 150"})
	if !strings.Contains(labelsIn(core), want) {
		t.Fatalf("group row does not say %q:\n%s", want, labelsIn(core))
	}
	g := row.(*groupRow)
	if !g.toggle.Visible() {
		t.Fatal("no toggle on the group's head")
	}
	test.Tap(g.toggle)
	if m := w.portfolio.model; m.Len() != 3 || m.DepthAt(m.IndexOf(accts["华润医药"].ID)) != 1 {
		t.Fatalf("after unfolding %d rows", m.Len())
	}
	// Searching lists the match flat, with its group named.
	test.Type(w.portfolio.search, "三九")
	m = w.portfolio.model
	if m.Len() != 1 || m.ParentName(0) != "华润医药" {
		t.Fatalf("search shows %d rows, parent %q", m.Len(), m.ParentName(0))
	}
}

// TestProfileParentPicker: the picker offers neither the account itself
// nor its subsidiaries, saves a parent, and names a parent it cannot find.
func TestProfileParentPicker(t *testing.T) {
	s, accts := groupStore(t)
	w := newTestWindow(t, s)
	w.shell.open(accts["华润医药"].ID)
	w.wait()
	p := w.account.profile
	if p.parent.Text != "华润集团" {
		t.Fatalf("picker shows %q", p.parent.Text)
	}
	choices := strings.Join(p.parentChoices(""), ",")
	if strings.Contains(choices, "华润三九") || strings.Contains(choices, "华润医药") || !strings.Contains(choices, "Beta") {
		t.Errorf("choices %s", choices)
	}
	p.parent.SetText("Nowhere Ltd")
	test.Tap(p.save)
	w.wait()
	if stored, _ := s.Account(accts["华润医药"].ID); stored.ParentID != accts["华润集团"].ID {
		t.Error("a parent that is not there was saved")
	}
	p.parent.SetText("beta")
	test.Tap(p.save)
	w.wait()
	if stored, _ := s.Account(accts["华润医药"].ID); stored.ParentID != accts["Beta"].ID {
		t.Errorf("parent %q after choosing Beta", stored.ParentID)
	}
}

const crmFiles = "../intake/testdata/crm/"

// TestImportDealsThroughPreview: the opportunities of the pipeline sheet
// come in through the preview, with the unit chosen there, once.
func TestImportDealsThroughPreview(t *testing.T) {
	w, s := emptyWindow(t)
	im := w.importFileFrom(intakeAccounts, crmFiles+"accounts_groups.csv", "", "")
	w.wait()
	im.owner.SetText("Anna Snelling")
	test.Tap(im.confirm)
	w.wait()
	if n := len(summaries(t, s)); n != 83 {
		t.Fatalf("%d accounts", n)
	}
	groups := 0
	for _, sm := range summaries(t, s) {
		if sm.ParentID != "" {
			groups++
		}
	}
	if groups != 8 {
		t.Errorf("%d accounts placed in groups, want 8", groups)
	}

	im = w.importFileFrom(intakeDeals, crmFiles+"sales_pipeline.csv", "", "")
	w.wait()
	if im.preview == nil || im.toAdd() != 7572 || im.leftOut != 1228 {
		t.Fatalf("preview: %q, %d to add, %d left out", im.failed, im.toAdd(), im.leftOut)
	}
	im.money.Unit = book.UnitThousand
	im.money.Currency = "USD"
	im.reread()
	w.wait()
	if !strings.Contains(im.moneyNote.Text, "USD") {
		t.Errorf("money note %q", im.moneyNote.Text)
	}
	test.Tap(im.confirm)
	w.wait()
	st, err := s.Stats()
	if err != nil || st.Opportunities != 7572 {
		t.Fatalf("stored %d opportunities (%v); done %q status %q", st.Opportunities, err, im.done, im.status.Text)
	}
	again := w.importFileFrom(intakeDeals, crmFiles+"sales_pipeline.csv", "", "")
	w.wait()
	if again.toAdd() != 0 || again.have != 7572 || !again.confirm.Disabled() {
		t.Errorf("second preview adds %d, has %d", again.toAdd(), again.have)
	}
	team := w.importFileFrom(intakeTeam, crmFiles+"sales_teams.csv", "", "")
	w.wait()
	test.Tap(team.confirm)
	w.wait()
	if ps, _ := s.People(); len(ps) != 35 {
		t.Errorf("%d people in the directory", len(ps))
	}
}

// TestDealsPreviewScreenshot writes the opportunities import preview to
// KEYCARD_GROUP_SHOTS, to be looked at in both languages.
func TestDealsPreviewScreenshot(t *testing.T) {
	dir := os.Getenv("KEYCARD_GROUP_SHOTS")
	if dir == "" {
		t.Skip("set KEYCARD_GROUP_SHOTS to a folder to write the preview's screenshot")
	}
	w, _ := emptyWindow(t)
	w.win.Resize(fyne.NewSize(1366, 768))
	im := w.importFileFrom(intakeAccounts, crmFiles+"accounts_groups.csv", "", "")
	w.wait()
	im.owner.SetText("Anna Snelling")
	im.curSel.SetSelected("USD")
	w.wait()
	im.unitSel.SetSelected(lang.L("intake.money.unit.million"))
	w.wait()
	test.Tap(im.confirm)
	w.wait()
	im = w.importFileFrom(intakeDeals, crmFiles+"sales_pipeline.csv", "", "")
	w.wait()
	im.curSel.SetSelected("USD")
	w.wait()
	f, err := os.Create(filepath.Join(dir, "group-import-opportunities-"+uiLang+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.win.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

// TestOwnerPickerOffersTeamDirectory: the profile's owner picker offers
// the people of an imported sales-team sheet beside the portfolio's owners.
func TestOwnerPickerOffersTeamDirectory(t *testing.T) {
	s, accts := groupStore(t)
	if _, err := s.PutPeople([]accounts.Person{{Name: "Anna Snelling", Manager: "Dustin Brinkmann", Region: "Central"}}); err != nil {
		t.Fatal(err)
	}
	w := newTestWindow(t, s)
	w.shell.open(accts["Beta"].ID)
	w.wait()
	got := strings.Join(w.account.profile.ownerChoices(), ",")
	if got != "Anna Snelling,Li Wei" {
		t.Errorf("owner choices %q", got)
	}
}
