package ui

import (
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"keycard/accounts"
	"keycard/book"
)

// serverChange is what a team server's sync will publish after writing
// another person's change to the store.
func serverChange(ids ...accounts.ID) book.Change {
	return book.Change{Source: book.Source{Origin: book.Server, View: "team"}, Accounts: ids}
}

// A change somebody else made to the account while the profile card holds
// unsaved edits keeps the edits, says so, and Reload shows the stored one.
func TestChangeElsewhereKeepsProfileEdits(t *testing.T) {
	s, w, r := openDemoAccount(t, 0)
	v := w.account
	p := v.profile
	test.Type(p.notes, " Typed here.")
	typed := p.notes.Text

	a, err := s.Account(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	a.Name = "Renamed Elsewhere Ltd"
	if err := s.UpdateAccount(a); err != nil {
		t.Fatal(err)
	}
	w.book.Apply(serverChange(r.ID))
	w.wait()

	if w.account != v || v.profile != p {
		t.Fatal("the account view or its profile card was rebuilt")
	}
	if p.notes.Text != typed || p.name.Text != r.Name {
		t.Errorf("the edits were not kept: notes %q, name %q", p.notes.Text, p.name.Text)
	}
	if !p.notice.visible() || p.notice.text.Text != lang.L("elsewhere.account") {
		t.Errorf("the card does not say the account changed elsewhere (shown %v: %q)", p.notice.visible(), p.notice.text.Text)
	}
	if v.title.Text != "Renamed Elsewhere Ltd" {
		t.Errorf("the heading shows %q, not the stored name", v.title.Text)
	}
	if !v.dirty() {
		t.Error("the kept edits no longer count as unsaved")
	}

	test.Tap(p.notice.reload)
	w.wait()
	if p.name.Text != "Renamed Elsewhere Ltd" || p.notes.Text == typed || p.notice.visible() {
		t.Errorf("Reload: name %q, notes kept %v, notice shown %v", p.name.Text, p.notes.Text == typed, p.notice.visible())
	}
	if p.dirty() {
		t.Error("after Reload the card still has edits")
	}
}

// Without edits the card simply shows the other change, in place.
func TestChangeElsewhereRefreshesACleanProfile(t *testing.T) {
	s, w, r := openDemoAccount(t, 1)
	p := w.account.profile
	a, _ := s.Account(r.ID)
	a.Industry = "Shipbuilding"
	if err := s.UpdateAccount(a); err != nil {
		t.Fatal(err)
	}
	w.book.Apply(serverChange(r.ID))
	w.wait()
	if w.account.profile != p || p.industry.Text != "Shipbuilding" || p.notice.visible() {
		t.Errorf("card rebuilt %v, industry %q, notice %v", w.account.profile != p, p.industry.Text, p.notice.visible())
	}
}

// The contact editor keeps its edits too when the contact it edits was
// changed elsewhere, and Reload shows the stored contact.
func TestChangeElsewhereKeepsContactEdits(t *testing.T) {
	s, w, r := openDemoAccount(t, 0)
	v := w.account
	v.selectTab(1)
	w.wait()
	cv := v.contacts
	e := cv.editor
	if e.isNew || e.contact.ID == "" {
		t.Fatal("no contact is open in the editor")
	}
	id := e.contact.ID
	test.Type(e.interests, " Sailing.")
	typed := e.interests.Text

	c, err := s.Contact(id)
	if err != nil {
		t.Fatal(err)
	}
	c.Title = "Chief Everything Officer"
	if err := s.UpdateContact(c); err != nil {
		t.Fatal(err)
	}
	w.book.Apply(serverChange(r.ID))
	w.wait()
	if v.contacts != cv || cv.editor != e {
		t.Fatal("the Decision makers tab was rebuilt under the edits")
	}
	if e.interests.Text != typed || e.title.Text == "Chief Everything Officer" {
		t.Errorf("edits not kept: interests %q, title %q", e.interests.Text, e.title.Text)
	}
	if !e.notice.visible() {
		t.Error("the editor does not say the contact changed elsewhere")
	}
	test.Tap(e.notice.reload)
	w.wait()
	ne := v.contacts.editor
	if ne.contact.ID != id || ne.title.Text != "Chief Everything Officer" || ne.dirty() {
		t.Errorf("after Reload: contact %s, title %q, dirty %v", ne.contact.ID, ne.title.Text, ne.dirty())
	}
}

// A change to another account leaves the open one alone.
func TestChangeToAnotherAccountLeavesTheOpenOne(t *testing.T) {
	s, w, _ := openDemoAccount(t, 0)
	p := w.account.profile
	test.Type(p.notes, " Mine.")
	other, _ := w.portfolio.model.At(2)
	a, _ := s.Account(other.ID)
	a.Industry = "Other"
	if err := s.UpdateAccount(a); err != nil {
		t.Fatal(err)
	}
	w.book.Apply(serverChange(other.ID))
	w.wait()
	if p.notice.visible() || !p.dirty() {
		t.Error("a change to another account touched the open card")
	}
}

// An account deleted elsewhere closes, and Today shows; the list drops it.
func TestAccountDeletedElsewhereGivesWayToToday(t *testing.T) {
	s, w, r := openDemoAccount(t, 0)
	if err := s.DeleteAccount(r.ID); err != nil {
		t.Fatal(err)
	}
	w.book.Apply(book.Change{Source: book.Source{Origin: book.Server}, Deleted: []accounts.ID{r.ID}, Portfolio: true})
	w.wait()
	if w.account != nil || !w.showing(w.today.content) {
		t.Fatal("the deleted account is still open")
	}
	if w.portfolio.has(r.ID) || w.board.Get(r.ID) != nil {
		t.Error("the deleted account is still in the list or on the risk board")
	}
}
