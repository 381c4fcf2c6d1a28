package ui

import (
	"testing"

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
	d, err := loadToday(s, today)
	if err != nil {
		t.Fatal(err)
	}
	bs, err := loadBirthdays(s, today)
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
