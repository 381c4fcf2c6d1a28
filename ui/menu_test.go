package ui

import (
	"testing"

	"fyne.io/fyne/v2"
)

// The keyboard shortcuts of the menu reach their commands.
func TestShortcutsReachTheirCommands(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	typed := w.win.Canvas().(interface{ TypedShortcut(fyne.Shortcut) })

	typed.TypedShortcut(scNewAccount)
	if w.account == nil || w.account.profile == nil || !w.account.profile.isNew {
		t.Fatal("Ctrl+N did not open a new account card")
	}
	w.showToday()
	r, _ := w.portfolio.model.At(0)
	w.openAccount(r.ID)
	w.wait()
	typed.TypedShortcut(scLogVisit)
	if w.account.visits == nil || !w.account.visits.form.isNew || w.account.tabs.SelectedIndex() != 2 {
		t.Fatal("Ctrl+L did not open a new visit on the Visits tab")
	}
	typed.TypedShortcut(scLogCall)
	if w.lastCall == nil {
		t.Fatal("Ctrl+Shift+L did not open the call dialog")
	}
	w.lastCall.Hide()
	typed.TypedShortcut(scSearch)
	if w.win.Canvas().Focused() != w.portfolio.search {
		t.Error("Ctrl+F did not focus the search box")
	}
}

func TestDeleteAccountRemovesItFromStoreAndList(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	r, _ := w.portfolio.model.At(0)
	id := r.ID
	w.openAccount(id)
	w.wait()
	w.deleteAccount()
	if w.deleting == nil {
		t.Fatal("Delete account asked nothing")
	}
	w.deleting.Confirm()
	w.wait()
	if _, err := s.Account(id); err == nil {
		t.Fatal("the account is still in the store after confirming the delete")
	}
	if w.portfolio.model.IndexOf(id) >= 0 || w.account != nil {
		t.Error("a deleted account stays in the list or on screen")
	}
}
