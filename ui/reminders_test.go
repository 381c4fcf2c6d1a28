package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// At start the first reminders (a read of every follow-up due) and Today's
// reads wait until the portfolio list has shown, then come as before.
func TestRemindersWaitForTheList(t *testing.T) {
	s := demoStore(t)
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := NewMainWindow(a, testBook(s), Options{Now: func() time.Time { return testNow }, queued: true, Reminders: true})
	t.Cleanup(w.stopReminders)
	var sent []*fyne.Notification
	w.notify = func(n *fyne.Notification) { sent = append(sent, n) }
	if w.listed || len(w.afterList) != 2 { // the reminders, Today
		t.Fatalf("before the list: listed %v, %d waiting", w.listed, len(w.afterList))
	}
	for range 20 {
		if w.portfolio.model.Len() > 0 {
			break
		}
		w.step()
		if len(sent) > 0 && w.portfolio.model.Len() == 0 {
			t.Fatal("a reminder came before the list")
		}
	}
	if !w.listed || len(w.afterList) != 0 {
		t.Fatalf("after the list: listed %v, %d waiting", w.listed, len(w.afterList))
	}
	w.wait()
	if len(sent) == 0 {
		t.Fatal("no reminder after the list showed")
	}
}
