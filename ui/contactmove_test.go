package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"keycard/accounts"
)

func TestMoveContactToAnotherAccount(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	tab := openDecisionMakers(t, w, 0)
	from := w.account.data.Account
	e := tab.cv.editor
	var who accounts.Contact
	for _, c := range tab.v.data.Contacts {
		if c.Active() && !c.Placeholder && c.MovedTo == "" {
			who = c
			break
		}
	}
	tab.selectContact(who.ID)
	if e.contact.ID != who.ID || e.move.button.Disabled() {
		t.Fatalf("the editor should show %s with Moved to another account… enabled", who.Name)
	}
	r1, _ := w.portfolio.model.At(1)

	test.Tap(e.move.button)
	w.wait()
	cm := e.move
	if cm.dialog == nil {
		t.Fatal("no dialog to pick the account")
	}
	for _, sm := range cm.all {
		if sm.ID == from.ID {
			t.Fatal("the contact's own account is offered as a destination")
		}
	}
	// nothing picked: a message, nothing stored
	cm.search.SetText("no such account at all")
	test.Tap(cm.confirm)
	w.wait()
	if cm.msg.Text == "" {
		t.Fatal("moving without picking an account should say what is missing")
	}
	cm.search.SetText(r1.Name)
	if cm.picked != r1.ID {
		t.Fatalf("searching for %q should pick it, picked %q", r1.Name, cm.picked)
	}
	cm.left.SetText("2026-10-31")
	test.Tap(cm.confirm)
	w.wait()

	old, err := s.Contact(who.ID)
	if err != nil {
		t.Fatal(err)
	}
	if old.Active() || old.MovedTo == "" || old.LeftOn != accounts.NewDate(2026, 10, 31) {
		t.Fatalf("the old record is status %s moved to %q left %s", old.Status, old.MovedTo, old.LeftOn)
	}
	there, err := s.Contacts(r1.ID)
	if err != nil {
		t.Fatal(err)
	}
	var moved *accounts.Contact
	for i := range there {
		if there[i].MovedFrom == who.ID {
			moved = &there[i]
		}
	}
	if moved == nil || moved.Name != who.Name || !moved.Active() {
		t.Fatalf("no active %s at %s after the move", who.Name, r1.Name)
	}

	// at the new account the editor says where they were before
	tab = openDecisionMakers(t, w, 1)
	tab.selectContact(moved.ID)
	w.wait()
	from2 := tab.cv.editor.move.from
	if !from2.Visible() || !strings.Contains(from2.Text, from.Name) {
		t.Fatalf("the moved person's editor shows %q (visible %v), want where they were before (%s)", from2.Text, from2.Visible(), from.Name)
	}
}

func TestMoveContactToNewAccount(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	tab := openDecisionMakers(t, w, 0)
	from := w.account.data.Account
	e := tab.cv.editor
	var who accounts.Contact
	for _, c := range tab.v.data.Contacts {
		if c.Active() && !c.Placeholder && c.MovedTo == "" {
			who = c
			break
		}
	}
	tab.selectContact(who.ID)
	before, _ := s.Summaries()

	test.Tap(e.move.button)
	w.wait()
	cm := e.move
	if cm.newAcct.Visible() {
		t.Fatal("the new-account choice shows before anything is typed")
	}
	cm.search.SetText("Zephyr Robotics")
	if !cm.newAcct.Visible() || !strings.Contains(cm.newAcct.Text, "Zephyr Robotics") {
		t.Fatalf("typing an unknown name should offer a new account, the button says %q", cm.newAcct.Text)
	}
	test.Tap(cm.newAcct)
	w.wait()

	after, _ := s.Summaries()
	if len(after) != len(before)+1 {
		t.Fatalf("%d accounts after the move, want %d", len(after), len(before)+1)
	}
	var zephyr accounts.ID
	for _, sm := range after {
		if sm.Name == "Zephyr Robotics" {
			zephyr = sm.ID
			if sm.Owner != from.Owner {
				t.Errorf("the new account's owner is %q, want the old account's %q", sm.Owner, from.Owner)
			}
		}
	}
	there, _ := s.Contacts(zephyr)
	if len(there) != 1 || there[0].MovedFrom != who.ID || there[0].Name != who.Name {
		t.Fatalf("Zephyr Robotics holds %+v, want %s moved there", there, who.Name)
	}
	if old, _ := s.Contact(who.ID); old.MovedTo != there[0].ID {
		t.Fatalf("the old record points to %q", old.MovedTo)
	}
}
