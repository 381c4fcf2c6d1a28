package accounts

import (
	"reflect"
	"testing"
	"time"
)

func TestDiffContact(t *testing.T) {
	at := time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
	base := Contact{Meta: Meta{ID: "c1"}, AccountID: "acc", Name: "张伟", Role: RoleTechnical, Influence: 3,
		Attitude: AttitudeNeutral, Trust: TrustAcquainted, Status: StatusActive, Phone: "1"}
	ch := func(field, from, to string) MapChange {
		return MapChange{AccountID: "acc", ContactID: "c1", At: at, Field: field, From: from, To: to}
	}
	cases := []struct {
		name string
		edit func(c *Contact)
		want []MapChange
	}{
		{"nothing the map shows", func(c *Contact) { c.Phone = "2"; c.Title = "VP" }, nil},
		{"attitude", func(c *Contact) { c.Attitude = AttitudeSupporter }, []MapChange{ch(ChangeAttitude, "neutral", "supporter")}},
		{"influence", func(c *Contact) { c.Influence = 5 }, []MapChange{ch(ChangeInfluence, "3", "5")}},
		{"role", func(c *Contact) { c.Role = RoleEconomic }, []MapChange{ch(ChangeRole, "technical", "economic")}},
		{"trust", func(c *Contact) { c.Trust = TrustTrusted }, []MapChange{ch(ChangeTrust, "acquainted", "trusted")}},
		{"left", func(c *Contact) { c.Status = StatusLeft; c.LeftOn = NewDate(2026, 11, 19) }, []MapChange{ch(ChangeLeft, "active", "left")}},
		{"several at once, in a fixed order", func(c *Contact) { c.Influence = 4; c.Status = StatusLeft; c.Attitude = AttitudeOpponent },
			[]MapChange{ch(ChangeLeft, "active", "left"), ch(ChangeAttitude, "neutral", "opponent"), ch(ChangeInfluence, "3", "4")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := base
			tc.edit(&n)
			if got := DiffContact(&base, &n, at); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
	if got := DiffContact(nil, &base, at); !reflect.DeepEqual(got, []MapChange{ch(ChangeAdded, "", "")}) {
		t.Errorf("added: %+v", got)
	}
	if got := DiffContact(&base, nil, at); !reflect.DeepEqual(got, []MapChange{ch(ChangeRemoved, "", "")}) {
		t.Errorf("removed: %+v", got)
	}
	// An unset trust is the same as unknown.
	a, b := base, base
	a.Trust, b.Trust = "", TrustUnknown
	if got := DiffContact(&a, &b, at); len(got) != 0 {
		t.Errorf("unset vs unknown trust: %+v", got)
	}
}

func TestMapChangeDescribe(t *testing.T) {
	cases := []struct {
		c      MapChange
		en, zh string
	}{
		{MapChange{Field: ChangeAttitude, From: "neutral", To: "supporter"}, "Attitude of 张伟 changed from Neutral to Supporter", "张伟的态度由中立变为支持者"},
		{MapChange{Field: ChangeInfluence, From: "3", To: "5"}, "Influence of 张伟 changed from 3 to 5", "张伟的影响力由3变为5"},
		{MapChange{Field: ChangeRole, From: "", To: "economic"}, "Buying role of 张伟 changed from not set to Economic buyer", "张伟的采购角色由未设置变为经济决策者"},
		{MapChange{Field: ChangeTrust, From: "acquainted", To: "trusted"}, "Trust of 张伟 changed from Acquainted to Trusted", "张伟的信任程度由认识变为信任"},
		{MapChange{Field: ChangeAdded}, "张伟 was added to the map", "张伟 被加入决策图"},
		{MapChange{Field: ChangeRemoved}, "张伟 was removed from the map", "张伟 从决策图中删除"},
		{MapChange{Field: ChangeLeft, From: "active", To: "left"}, "张伟 left the company", "张伟 已离职"},
		{MapChange{Field: ChangeLeft, From: "left", To: "active"}, "张伟 is marked as working at the account again", "张伟 重新标记为在职"},
	}
	for _, tc := range cases {
		if got := en(tc.c.Describe(Say("contact.who", "Name", "张伟"))); got != tc.en {
			t.Errorf("en: %q, want %q", got, tc.en)
		}
		if got := zh(tc.c.Describe(Say("contact.who", "Name", "张伟"))); got != tc.zh {
			t.Errorf("zh: %q, want %q", got, tc.zh)
		}
	}
}

func TestChangesSinceListsExactlyLaterChanges(t *testing.T) {
	day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, time.UTC) }
	// Build a history by editing a contact over several days.
	var history []MapChange
	c := Contact{Meta: Meta{ID: "c1"}, AccountID: "acc", Name: "李娜", Influence: 2, Attitude: AttitudeNeutral, Status: StatusActive}
	history = append(history, DiffContact(nil, &c, day(1, 9))...)
	edits := []struct {
		at   time.Time
		edit func(*Contact)
	}{
		{day(3, 10), func(c *Contact) { c.Influence = 3 }},
		{day(5, 10), func(c *Contact) { c.Attitude = AttitudeSupporter }},
		{day(8, 16), func(c *Contact) { c.Role = RoleCoach; c.Influence = 4 }},
		{day(12, 11), func(c *Contact) { c.Status = StatusLeft }},
	}
	for _, e := range edits {
		n := c
		e.edit(&n)
		history = append(history, DiffContact(&c, &n, e.at)...)
		c = n
	}
	lastVisit := day(5, 10) // a visit at the very moment of a change: that change is not "since"
	got := ChangesSince(history, lastVisit)
	want := []MapChange{
		{AccountID: "acc", ContactID: "c1", At: day(8, 16), Field: ChangeRole, From: "", To: "coach"},
		{AccountID: "acc", ContactID: "c1", At: day(8, 16), Field: ChangeInfluence, From: "3", To: "4"},
		{AccountID: "acc", ContactID: "c1", At: day(12, 11), Field: ChangeLeft, From: "active", To: "left"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("since %s:\n got %+v\nwant %+v", lastVisit, got, want)
	}
	// Order of the stored history does not matter.
	rev := append([]MapChange(nil), history...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	got = ChangesSince(rev, lastVisit)
	if len(got) != 3 || !got[0].At.Equal(day(8, 16)) || !got[2].At.Equal(day(12, 11)) {
		t.Errorf("from a reversed history: %+v", got)
	}
	if all := ChangesSince(history, time.Time{}); len(all) != len(history) {
		t.Errorf("since the beginning: %d of %d", len(all), len(history))
	}
	if none := ChangesSince(history, day(12, 11)); len(none) != 0 {
		t.Errorf("since the last change: %+v", none)
	}
}
