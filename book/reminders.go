package book

import (
	"fmt"
	"slices"

	"keycard/accounts"
	"keycard/storage"
)

// Reminders are the desktop notifications of the day: a follow-up that
// falls due (or is overdue) and a key contact's birthday. What to remind is
// decided here, from the indexes Today reads, so that it is tested without
// a display; the window only sends them. Each is shown once per day and
// item: what was shown is remembered in the database's settings, so that a
// restart on the same day does not repeat it.

// Reminder is one notification.
type Reminder struct {
	// Key names the item and kind ("f/<visit>/<step>", "b/<contact>",
	// "more"); a reminder with a key shown today is not shown again.
	Key       string
	AccountID accounts.ID // "" for the summary of many
	Title     accounts.Phrase
	Body      accounts.Phrase
}

// MaxReminders is how many follow-ups are reminded one by one; the rest
// are one notification that counts them, so a book with hundreds of
// overdue steps does not bury the desktop.
const MaxReminders = 3

// KeyContact reports whether a contact's birthday is worth a reminder: an
// active, real person with a birthday who decides or carries the deal
// (influence 4 or 5, economic buyer, coach or champion).
func KeyContact(c *accounts.Contact) bool {
	if !c.Active() || c.Placeholder || c.Birthday.IsZero() {
		return false
	}
	return c.Influence >= 4 || c.Role == accounts.RoleEconomic || c.Role == accounts.RoleCoach || c.Attitude == accounts.AttitudeChampion
}

// DueReminders are today's reminders not shown yet today.
func (b *Book) DueReminders() ([]Reminder, error) {
	today := b.Today()
	due, err := b.st().FollowUpsDue(today, today, MaxReminders+1)
	if err != nil {
		return nil, err
	}
	bs, err := b.st().Birthdays(today, 0)
	if err != nil {
		return nil, err
	}
	shown, err := b.st().Reminded()
	if err != nil {
		return nil, err
	}
	return decideReminders(today, due, bs, shown), nil
}

// MarkReminded remembers that rs were shown today.
func (b *Book) MarkReminded(rs []Reminder) error {
	today := b.Today()
	shown, err := b.st().Reminded()
	if err != nil {
		return err
	}
	if shown.Day != today {
		shown = storage.Reminded{Day: today}
	}
	for _, r := range rs {
		if !slices.Contains(shown.Keys, r.Key) {
			shown.Keys = append(shown.Keys, r.Key)
		}
	}
	return b.st().PutReminded(shown)
}

// decideReminders is the rule: follow-ups due today first, then the
// overdue ones, up to MaxReminders one by one and the rest counted in one;
// then each key contact whose birthday is today. Keys shown today are left
// out; what was shown on another day does not count.
func decideReminders(today accounts.Date, due storage.DueFollowUps, birthdays []accounts.Contact, shown storage.Reminded) []Reminder {
	seen := map[string]bool{}
	if shown.Day == today {
		for _, k := range shown.Keys {
			seen[k] = true
		}
	}
	var out []Reminder
	steps := slices.Concat(due.Soon, due.Overdue)
	total := due.SoonCount + due.OverdueCount
	for i, f := range steps {
		if i == MaxReminders && total > MaxReminders {
			break
		}
		r := followUpReminder(f, today)
		if !seen[r.Key] {
			out = append(out, r)
		}
	}
	if more := total - MaxReminders; total > MaxReminders && !seen["more"] {
		out = append(out, Reminder{Key: "more", Title: accounts.Say("reminder.more.title", "N", total),
			Body: accounts.Say("reminder.more.body", "N", more)})
	}
	for i := range birthdays {
		c := &birthdays[i]
		if !KeyContact(c) || c.Birthday.NextAnniversary(today) != today {
			continue
		}
		r := Reminder{Key: "b/" + string(c.ID), AccountID: c.AccountID,
			Title: accounts.Say("reminder.birthday.title", "Name", c.Name),
			Body:  accounts.Say("reminder.birthday.body", "Name", c.Name, "Title", c.Title)}
		if !seen[r.Key] {
			out = append(out, r)
		}
	}
	return out
}

func followUpReminder(f storage.FollowUp, today accounts.Date) Reminder {
	r := Reminder{Key: fmt.Sprintf("f/%s/%s", f.VisitID, f.Step.ID), AccountID: f.AccountID,
		Title: accounts.Say("reminder.followup.title", "Account", f.AccountName)}
	if n := f.Step.Due.DaysUntil(today); n > 0 {
		r.Body = accounts.Say("reminder.followup.overdue", "Text", f.Step.Text, "Days", n)
	} else {
		r.Body = accounts.Say("reminder.followup.today", "Text", f.Step.Text)
	}
	return r
}
