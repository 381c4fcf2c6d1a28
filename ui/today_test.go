package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
)

func TestTodayListsKeyContactsBirthdaysAndStaleAccounts(t *testing.T) {
	s := openStore(t)
	today := accounts.DateOf(testNow)
	a := accounts.Account{Name: "恒通电子", Owner: "王芳", Tier: accounts.TierKey, Stage: accounts.StageMature, CadenceDays: 30}
	if err := s.CreateAccount(&a); err != nil {
		t.Fatal(err)
	}
	bday := func(days int) accounts.Date { d := today.AddDays(days); return accounts.NewDate(1980, d.Month, d.Day) }
	for _, c := range []accounts.Contact{
		{Name: "周总", Influence: 5, Birthday: bday(3)},                                                          // key, soon
		{Name: "小李", Influence: 2, Birthday: bday(2)},                                                          // not key
		{Name: "陈工", Influence: 2, Role: accounts.RoleCoach, Birthday: bday(14)},                               // coach counts
		{Name: "王经理", Influence: 5, Birthday: bday(20)},                                                        // too far
		{Name: "赵总", Influence: 5, Birthday: bday(1), Status: accounts.StatusLeft, LeftOn: today.AddDays(-10)}, // left
	} {
		c.AccountID = a.ID
		if err := s.CreateContact(&c); err != nil {
			t.Fatal(err)
		}
	}
	d, err := loadToday(testBook(s), today)
	if err != nil {
		t.Fatal(err)
	}
	bs, err := loadBirthdays(testBook(s), today)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range bs {
		got = append(got, b.contact.Name)
	}
	if len(got) != 2 || got[0] != "周总" || got[1] != "陈工" {
		t.Errorf("birthdays = %v, want [周总 陈工] (key contacts within 14 days, soonest first)", got)
	}
	if len(d.stale) != 1 || d.stale[0].days != -1 {
		t.Errorf("an account with a cadence and no visit should be listed as never visited, got %+v", d.stale)
	}
}

// A long section shows its first rows and a "Show all" button, so the
// sections below it stay in view; the button opens the whole section.
func TestTodayFoldsLongSections(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	w.showToday()
	w.wait()
	n := len(w.today.data.overdue)
	if n <= todayFold {
		t.Fatalf("the demo has %d overdue follow-ups; the test needs more than %d", n, todayFold)
	}
	var more *widget.Button
	rows := 0
	for _, o := range w.today.body.Objects {
		if b, ok := o.(*widget.Button); ok && more == nil && strings.Contains(b.Text, fmt.Sprint(n)) {
			more = b
		}
		if c, ok := o.(*fyne.Container); ok && more == nil && len(c.Objects) > 0 {
			rows++
		}
	}
	if more == nil || rows != todayFold {
		t.Fatalf("overdue shows %d rows and button %v, want %d rows and a Show all %d button", rows, more, todayFold, n)
	}
	test.Tap(more)
	rows = 0
	for _, o := range w.today.body.Objects {
		if _, ok := o.(*widget.Label); ok && rows > 0 {
			break // the next section's heading
		}
		if _, ok := o.(*fyne.Container); ok {
			rows++
		}
	}
	if rows != min(n, todayLimit) {
		t.Fatalf("after Show all the overdue section has %d rows, want %d", rows, min(n, todayLimit))
	}
}
