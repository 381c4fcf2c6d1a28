package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"keycard/book"
)

// Desktop reminders: a notification when a follow-up falls due or a key
// contact has a birthday, on start and then every reminderEvery while the
// app runs. The book decides what to remind and remembers what was shown
// today (book.DueReminders, MarkReminded), so a restart does not repeat a
// reminder; this file only asks it and sends. View → Desktop reminders
// turns them off (a preference of this computer).

// prefRemindersOff is set when the person turned the reminders off.
const prefRemindersOff = "reminders.off"

// reminderEvery is how often the running app looks for reminders: a
// follow-up due today is told within this time of the day turning.
const reminderEvery = 10 * time.Minute

// remindersOn reports whether the person wants desktop reminders.
func (w *MainWindow) remindersOn() bool {
	return !w.app.Preferences().Bool(prefRemindersOff)
}

// setReminders turns the reminders on or off, and checks at once when on.
func (w *MainWindow) setReminders(on bool) {
	w.app.Preferences().SetBool(prefRemindersOff, !on)
	if on {
		w.checkReminders()
	}
}

// startReminders checks once the portfolio list has shown (whenListed),
// then every reminderEvery until stop is called.
func (w *MainWindow) startReminders(every time.Duration) (stop func()) {
	done := make(chan struct{})
	w.whenListed(w.checkReminders)
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				w.onUI(w.checkReminders)
			}
		}
	}()
	return func() { close(done) }
}

// checkReminders asks the book for today's reminders not shown yet,
// remembers them as shown and sends them. A failure to read is not worth
// a dialog: the next check tries again.
func (w *MainWindow) checkReminders() {
	if !w.remindersOn() {
		return
	}
	var rs []book.Reminder
	w.background("load reminders", func() {
		var err error
		if rs, err = w.book.DueReminders(); err != nil || len(rs) == 0 {
			rs = nil
			return
		}
		if err := w.book.MarkReminded(rs); err != nil {
			rs = nil // not remembered: better to try again than to repeat
		}
	}, func() {
		for _, r := range rs {
			w.sendNotification(fyne.NewNotification(tx(r.Title), tx(r.Body)))
		}
	})
}

// sendNotification is the app's, unless a test put its own.
func (w *MainWindow) sendNotification(n *fyne.Notification) {
	if w.notify != nil {
		w.notify(n)
		return
	}
	w.app.SendNotification(n)
}

// remindersItem is View → Desktop reminders, ticked while they are on.
func (w *MainWindow) remindersItem() *fyne.MenuItem {
	it := fyne.NewMenuItem(lang.L("menu.reminders"), nil)
	it.Checked = w.remindersOn()
	it.Action = func() {
		w.setReminders(!w.remindersOn())
		it.Checked = w.remindersOn()
		if m := w.win.MainMenu(); m != nil {
			m.Refresh()
		}
	}
	return it
}
