package ui

import (
	"fyne.io/fyne/v2/lang"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
)

func TestCoveragePanelListsFindingsAndHighlightsTheirPeople(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	// a demo account with a gap that names people
	var tab *dmTab
	var want []accounts.Finding
	for i := 0; i < w.portfolio.model.Len() && tab == nil; i++ {
		tb := openDecisionMakers(t, w, i)
		fs := accounts.AnalyzeCoverage(tb.v.data.Contacts, tb.v.data.Visits, w.day())
		for _, f := range fs {
			if len(f.ContactIDs) > 0 && len(f.ContactIDs) < len(tb.v.data.Contacts) {
				tab, want = tb, fs
				break
			}
		}
	}
	if tab == nil {
		t.Fatal("no demo account has a coverage gap naming some of its people")
	}
	items := tab.cov.items
	if len(items) != len(want) {
		t.Fatalf("panel lists %d findings, want %d", len(items), len(want))
	}
	for i, it := range items {
		if it.what.Text != tx(want[i].What) || it.action.Text != "→ "+tx(want[i].Action) || it.why.Text != tx(want[i].Why) {
			t.Errorf("finding %d shows %q / %q, want %q", i, it.what.Text, it.action.Text, tx(want[i].What))
		}
		if it.severity.Text == "" {
			t.Errorf("finding %d has no severity written out", i)
		}
	}

	var pick *coverageItem
	for _, it := range items {
		if len(it.f.ContactIDs) > 0 && len(it.f.ContactIDs) < len(tab.m.Positions()) {
			pick = it
			break
		}
	}
	test.Tap(pick)
	named := map[accounts.ID]bool{}
	for _, id := range pick.f.ContactIDs {
		named[id] = true
	}
	for _, c := range tab.v.data.Contacts {
		if dimmed := tab.m.Dimmed(c.ID); dimmed == named[c.ID] {
			t.Fatalf("after tapping %q, %s dimmed = %v", pick.what.Text, tx(c.Who()), dimmed)
		}
	}
	test.Tap(pick) // again: back to the whole map
	for _, c := range tab.v.data.Contacts {
		if tab.m.Dimmed(c.ID) {
			t.Fatalf("a second tap should clear the highlight; %s is still dimmed", c.Name)
		}
	}
}

func TestCoverageMatrixCellEditIsStored(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	tab := openDecisionMakers(t, w, 0)
	tab.inner.SelectIndex(1)
	mv := tab.matrix
	if len(mv.m.Contacts) == 0 {
		t.Fatal("the demo account has no key players")
	}
	test.Type(mv.person, "Zhou Min")
	test.Tap(findButton(t, mv.content, lang.L("matrix.add_person")))
	col := -1
	for i, p := range mv.people {
		if p == "Zhou Min" {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("Zhou Min was not added as a column: %v", mv.people)
	}
	if text, _ := mv.cell(0, col); text != "—" {
		t.Fatalf("a new colleague's cell shows %q, want the gap mark", text)
	}

	who := mv.m.Contacts[0]
	mv.table.OnSelected(widget.TableCellID{Row: 0, Col: matrixFixedCols + col})
	if mv.editing == nil {
		t.Fatal("clicking a cell should open its editor")
	}
	mv.level.set(accounts.LevelVendor)
	mv.wanted.set(accounts.LevelAdvisor)
	mv.editing.Confirm()
	w.wait()

	c, err := s.Contact(who)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range c.Relationships {
		found = found || (r.Person == "Zhou Min" && r.Level == accounts.LevelVendor && r.Wanted == accounts.LevelAdvisor)
	}
	if !found {
		t.Fatalf("stored relationships %+v, want Zhou Min vendor → advisor", c.Relationships)
	}
	// the tab is rebuilt after the save: still on the matrix, showing the gap
	tab = w.account.contacts.dm
	if tab.inner.SelectedIndex() != 1 {
		t.Error("after saving a cell the matrix should stay open")
	}
	row, col := -1, -1
	for i, id := range tab.matrix.m.Contacts {
		if id == who {
			row = i
		}
	}
	for i, p := range tab.matrix.people {
		if p == "Zhou Min" {
			col = i
		}
	}
	if row < 0 || col < 0 {
		t.Fatal("the edited cell is gone from the matrix")
	}
	if text, imp := tab.matrix.cell(row, col); text != tx(accounts.LevelVendor.Label())+" → "+tx(accounts.LevelAdvisor.Label()) || imp != widget.WarningImportance {
		t.Errorf("cell shows %q (importance %v), want the gap vendor → trusted advisor in warning colour", text, imp)
	}
}

// findButton returns the button with the given text under o.
func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var walk func(o fyne.CanvasObject) *widget.Button
	walk = func(o fyne.CanvasObject) *widget.Button {
		switch x := o.(type) {
		case *widget.Button:
			if x.Text == text {
				return x
			}
			return nil
		case *fyne.Container:
			for _, k := range x.Objects {
				if b := walk(k); b != nil {
					return b
				}
			}
		case fyne.Widget:
			for _, k := range test.WidgetRenderer(x).Objects() {
				if b := walk(k); b != nil {
					return b
				}
			}
		}
		return nil
	}
	b := walk(o)
	if b == nil {
		t.Fatalf("no button %q", text)
	}
	return b
}
