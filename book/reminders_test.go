package book

import (
	"fmt"
	"testing"
	"time"

	"keycard/accounts"
	"keycard/storage"
)

func step(id string, due accounts.Date) storage.FollowUp {
	return storage.FollowUp{AccountID: "acct", AccountName: "华为", VisitID: "v" + accounts.ID(id),
		Step: accounts.NextStep{ID: accounts.ID(id), Text: "send the offer " + id, Due: due}}
}

func TestDecideReminders(t *testing.T) {
	day := accounts.NewDate(2026, time.December, 1)
	boss := accounts.Contact{Meta: accounts.Meta{ID: "c1"}, AccountID: "acct", Name: "王芳", Title: "CFO", Influence: 5, Birthday: accounts.NewDate(1975, time.December, 1)}
	minor := boss
	minor.ID, minor.Influence, minor.Name = "c2", 2, "李娜"
	later := boss
	later.ID, later.Birthday = "c3", accounts.NewDate(1980, time.December, 2)
	many := storage.DueFollowUps{Overdue: []storage.FollowUp{step("o1", day.AddDays(-3)), step("o2", day.AddDays(-1)), step("o3", day.AddDays(-1)), step("o4", day.AddDays(-1))},
		OverdueCount: 9, Soon: []storage.FollowUp{step("s1", day)}, SoonCount: 1}
	cases := []struct {
		name  string
		due   storage.DueFollowUps
		bs    []accounts.Contact
		shown storage.Reminded
		want  []string
	}{
		{"nothing due", storage.DueFollowUps{}, nil, storage.Reminded{}, nil},
		{"one due today", storage.DueFollowUps{Soon: []storage.FollowUp{step("s1", day)}, SoonCount: 1}, nil, storage.Reminded{}, []string{"f/vs1/s1"}},
		{"today first, then overdue, the rest counted", many, nil, storage.Reminded{}, []string{"f/vs1/s1", "f/vo1/o1", "f/vo2/o2", "more"}},
		{"shown today: not again", many, nil, storage.Reminded{Day: day, Keys: []string{"f/vs1/s1", "more"}}, []string{"f/vo1/o1", "f/vo2/o2"}},
		{"shown yesterday: again today", storage.DueFollowUps{Overdue: []storage.FollowUp{step("o1", day.AddDays(-3))}, OverdueCount: 1}, nil,
			storage.Reminded{Day: day.AddDays(-1), Keys: []string{"f/vo1/o1"}}, []string{"f/vo1/o1"}},
		{"key contact's birthday today only", storage.DueFollowUps{}, []accounts.Contact{boss, minor, later}, storage.Reminded{}, []string{"b/c1"}},
		{"birthday shown today", storage.DueFollowUps{}, []accounts.Contact{boss}, storage.Reminded{Day: day, Keys: []string{"b/c1"}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := decideReminders(day, c.due, c.bs, c.shown)
			var keys []string
			for _, r := range got {
				keys = append(keys, r.Key)
			}
			if fmt.Sprint(keys) != fmt.Sprint(c.want) {
				t.Fatalf("keys %v, want %v", keys, c.want)
			}
		})
	}
}

// A restart the same day does not repeat a reminder; the next day does.
func TestRemindersOncePerDayAcrossReopen(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	b := newBook(t, Options{Now: func() time.Time { return now }})
	a := mkAccount(t, b, "腾讯")
	v := accounts.Visit{AccountID: a.ID, At: now.Add(-48 * time.Hour), Kind: accounts.KindOnSite, Summary: "kick-off",
		NextSteps: []accounts.NextStep{{Text: "send the offer", Due: accounts.DateOf(now)}}}
	if _, err := b.LogVisit(CLI, &v); err != nil {
		t.Fatal(err)
	}
	boss := accounts.Contact{AccountID: a.ID, Name: "马化腾", Title: "CEO", Influence: 5, Birthday: accounts.NewDate(1971, time.December, 1)}
	if _, err := b.CreateContact(CLI, &boss); err != nil {
		t.Fatal(err)
	}
	rs, err := b.DueReminders()
	if err != nil || len(rs) != 2 || rs[1].Key != "b/"+string(boss.ID) {
		t.Fatalf("first: %+v %v", rs, err)
	}
	if err := b.MarkReminded(rs); err != nil {
		t.Fatal(err)
	}
	if rs, err = b.DueReminders(); err != nil || len(rs) != 0 {
		t.Fatalf("again the same day: %+v %v", rs, err)
	}
	now = now.Add(24 * time.Hour)
	if rs, err = b.DueReminders(); err != nil || len(rs) != 1 || rs[0].Key[0] != 'f' {
		t.Fatalf("the next day, still open and now overdue, the birthday past: %+v %v", rs, err)
	}
}
