package ui

import (
	"fyne.io/fyne/v2/lang"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"keycard/accounts"
	"keycard/storage"
	"keycard/ui/decisionmap"
)

// openDecisionMakers opens the i-th account of the portfolio on its
// Decision makers tab and returns the embedded map's tab.
func openDecisionMakers(t *testing.T, w *MainWindow, i int) *dmTab {
	t.Helper()
	r, _ := w.portfolio.model.At(i)
	w.openAccount(r.ID)
	w.wait()
	w.account.selectTab(1)
	w.wait()
	if w.account.contacts == nil || w.account.contacts.dm == nil {
		t.Fatal("the Decision makers tab has no map")
	}
	return w.account.contacts.dm
}

// accountWithContacts is the index in the portfolio of an account with at
// least n contacts, of which at least one reports to another.
func accountWithContacts(t *testing.T, w *MainWindow, s *storage.Store, n int) int {
	t.Helper()
	for i := 0; i < w.portfolio.model.Len(); i++ {
		r, _ := w.portfolio.model.At(i)
		cs, err := s.Contacts(r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) >= n {
			return i
		}
	}
	t.Fatalf("no demo account has %d contacts", n)
	return -1
}

// cardCentre scrolls the card into view and returns the middle of it on
// the window's canvas.
func cardCentre(tab *dmTab, id accounts.ID) fyne.Position {
	tab.m.ShowContact(id)
	c := tab.m.Card(id)
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(c)
	return p.Add(fyne.NewPos(c.Size().Width/2, c.Size().Height/2))
}

func dist(a, b fyne.Position) float32 {
	return float32(math.Hypot(float64(a.X-b.X), float64(a.Y-b.Y)))
}

func TestEmbeddedMapDragIsSavedAndSurvivesReopening(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	i := accountWithContacts(t, w, s, 6)
	tab := openDecisionMakers(t, w, i)
	acct := w.account.id
	id := tab.v.data.Contacts[len(tab.v.data.Contacts)-1].ID
	before := tab.m.Positions()[id]

	test.Drag(w.win.Canvas(), cardCentre(tab, id), 60, 40)
	w.wait()

	// the map may open zoomed out to fit: a drag on screen is 1/zoom on the map
	z, _ := tab.m.ViewState()
	want := accounts.Point{X: before.X + 60/z, Y: before.Y + 40/z}
	l, err := s.Layout(acct)
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Positions[id]; dist(fyne.NewPos(got.X, got.Y), fyne.NewPos(want.X, want.Y)) > 0.01 {
		t.Fatalf("stored position %v, want %v", got, want)
	}

	// another account, then back: the card is where it was dropped
	other := 0
	if other == i {
		other = 1
	}
	openDecisionMakers(t, w, other)
	tab = openDecisionMakers(t, w, i)
	if got := tab.m.Positions()[id]; dist(fyne.NewPos(got.X, got.Y), fyne.NewPos(want.X, want.Y)) > 0.01 {
		t.Fatalf("after reopening the card is at %v, want %v", got, want)
	}
	if got, at := tab.m.Card(id).Position(), tab.m.ToScreen(want); dist(got, at) > 0.01 {
		t.Fatalf("after reopening the card is drawn at %v, want %v", got, at)
	}
}

func TestEmbeddedMapClickOpensEditor(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	tab := openDecisionMakers(t, w, accountWithContacts(t, w, s, 4))
	c := tab.v.data.Contacts[2]
	if tab.cv.editor.contact.ID == c.ID {
		t.Fatal("test needs a contact that is not already in the editor")
	}

	test.TapCanvas(w.win.Canvas(), cardCentre(tab, c.ID))

	if got := tab.cv.editor.contact.ID; got != c.ID {
		t.Fatalf("the editor shows %s, want %s", tab.cv.editor.contact.Name, c.Name)
	}
	if tab.cv.editor.name.Text != c.Name {
		t.Fatalf("the name field shows %q, want %q", tab.cv.editor.name.Text, c.Name)
	}
}

func TestEmbeddedMapAddLinkDrawsAndStoresIt(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	tab := openDecisionMakers(t, w, accountWithContacts(t, w, s, 4))
	cs := tab.v.data.Contacts
	from, to := cs[0].ID, cs[len(cs)-1].ID
	before, _ := s.Links(tab.v.id)
	for _, l := range before {
		if l.From == from && l.To == to {
			t.Skip("the demo already links these two")
		}
	}

	tab.m.StartLink()
	test.TapCanvas(w.win.Canvas(), cardCentre(tab, from))
	test.TapCanvas(w.win.Canvas(), cardCentre(tab, to))
	w.wait()

	after, err := s.Links(tab.v.id)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, l := range after {
		found = found || (l.From == from && l.To == to && l.Strength == 2)
	}
	if !found || len(after) != len(before)+1 {
		t.Fatalf("stored links %d (was %d); new link stored: %v", len(after), len(before), found)
	}
	if !tab.m.InfluenceDrawn(from, to) {
		t.Fatal("the new link is not drawn on the map")
	}
}

func TestEmbeddedMapDeleteAsksThenDeletes(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	tab := openDecisionMakers(t, w, accountWithContacts(t, w, s, 4))
	c := tab.v.data.Contacts[len(tab.v.data.Contacts)-1]

	tab.confirmDelete(c) // what the map's "Delete…" calls
	if tab.deleting == nil {
		t.Fatal("deleting from the map must ask first")
	}
	if _, err := s.Contact(c.ID); err != nil {
		t.Fatal("the contact went before the user confirmed")
	}
	tab.deleting.Confirm()
	w.wait()
	if _, err := s.Contact(c.ID); accounts.ErrorCode(err) != accounts.ENOTFOUND {
		t.Fatalf("after confirming, the contact is still stored (err %v)", err)
	}
	if w.account.contacts.dm.m.Card(c.ID) != nil {
		t.Fatal("the deleted contact is still on the map")
	}
}

func TestAddSeatToFillFromTheMap(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	tab := openDecisionMakers(t, w, 0)
	acct := tab.v.id

	test.Tap(tab.addSeat)
	e := tab.cv.editor
	if !e.isNew || !e.placeholder.Checked {
		t.Fatal("Add seat to fill should open a new seat in the editor")
	}
	test.Type(e.title, "CFO")
	e.role.set(accounts.RoleEconomic)
	test.Tap(e.saveButton)
	w.wait()

	cs, _ := s.Contacts(acct)
	var seat *accounts.Contact
	for i := range cs {
		if cs[i].Placeholder && cs[i].Title == "CFO" {
			seat = &cs[i]
		}
	}
	if seat == nil || seat.Name != "" || seat.Role != accounts.RoleEconomic {
		t.Fatalf("stored seat %+v, want a nameless CFO seat", seat)
	}
	if w.account.contacts.dm.m.Card(seat.ID) == nil {
		t.Fatal("the new seat is not on the map")
	}
	if got := w.account.contacts.editor.contact.ID; got != seat.ID {
		t.Fatalf("after saving, the editor should keep showing the seat, shows %s", got)
	}
}

func TestEmbeddedMapHighlightWorks(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	tab := openDecisionMakers(t, w, accountWithContacts(t, w, s, 4))
	tab.m.SetHighlight(decisionmap.Highlight{NotMetRecently: true}) // the toolbar's "not met in 90 days"
	last := accounts.LastMet(tab.v.data.Visits)
	today := w.day()
	stale, fresh := 0, 0
	for _, c := range tab.v.data.Contacts {
		d, met := last[c.ID]
		want := !c.Placeholder && c.Active() && (!met || d.DaysUntil(today) > 90)
		if dimmed := tab.m.Dimmed(c.ID); dimmed == want {
			t.Fatalf("%s: dimmed %v with \"not met in 90 days\" highlighted", c.Name, dimmed)
		}
		if want {
			stale++
		} else {
			fresh++
		}
	}
	if stale == 0 || fresh == 0 {
		t.Logf("highlight split the map %d/%d", stale, fresh)
	}
	tab.m.SetHighlight(decisionmap.Highlight{})
	for _, c := range tab.v.data.Contacts {
		if tab.m.Dimmed(c.ID) {
			t.Fatalf("with no highlight %s is still dimmed", c.Name)
		}
	}
}

func TestDecisionMakersTabGivesTheMapTheRoom(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	tab := openDecisionMakers(t, w, accountWithContacts(t, w, s, 12))
	if tab.panelOn {
		t.Fatal("the coverage panel should start folded so the map gets the width")
	}
	n := len(tab.cov.items)
	if want := lang.L("coverage.show", map[string]any{"Count": n}); tab.panel.Text != want {
		t.Fatalf("the folded panel's button reads %q, want %q", tab.panel.Text, want)
	}
	// a big organisation opens fitted: every card in view, nothing to scroll
	if zoom, _ := tab.m.ViewState(); zoom >= 1 || !tab.m.AllInView() {
		t.Fatalf("the map opens at zoom %v, all in view: %v; want it fitted", zoom, tab.m.AllInView())
	}
	test.Tap(tab.panel)
	if !tab.panelOn || tab.panel.Text != lang.L("coverage.hide") {
		t.Fatalf("tapping %q should unfold the coverage panel", tab.panel.Text)
	}
}
