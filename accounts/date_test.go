package accounts

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	cases := []struct {
		in   string
		want Date
		bad  bool
	}{
		{"2026-03-31", NewDate(2026, 3, 31), false},
		{" 2026/3/5 ", NewDate(2026, 3, 5), false},
		{"2026.1.2", NewDate(2026, 1, 2), false},
		{"2026年3月5日", NewDate(2026, 3, 5), false},
		{"2024-02-29", NewDate(2024, 2, 29), false},
		{"", Date{}, false},
		{"2026-02-30", Date{}, true},
		{"2025-02-29", Date{}, true},
		{"31.03.2026", Date{}, true},
		{"tomorrow", Date{}, true},
		{"2026-13-01", Date{}, true},
	}
	for _, c := range cases {
		got, err := ParseDate(c.in)
		if c.bad {
			if err == nil {
				t.Errorf("ParseDate(%q) = %v, want an error", c.in, got)
			} else if msg := errText(err); !strings.Contains(msg, "2026-03-31") {
				t.Errorf("ParseDate(%q): message %q does not show the expected form", c.in, msg)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

func TestDateFormatAndOrder(t *testing.T) {
	d := NewDate(2026, 3, 5)
	if d.String() != "2026-03-05" || (Date{}).String() != "" || !(Date{}).IsZero() || d.IsZero() {
		t.Fatalf("String/IsZero: %q", d.String())
	}
	// The string form sorts in date order, which the indexes rely on.
	if !NewDate(2026, 9, 30).Before(NewDate(2026, 10, 1)) || !NewDate(2027, 1, 1).After(NewDate(2026, 12, 31)) || d.Before(d) {
		t.Fatal("Before/After")
	}
	if NewDate(2026, 2, 30) != NewDate(2026, 3, 2) {
		t.Fatal("NewDate does not normalise Feb 30")
	}
	if d.AddDays(30) != NewDate(2026, 4, 4) || d.AddDays(-5) != NewDate(2026, 2, 28) {
		t.Fatal("AddDays")
	}
	if d.DaysUntil(NewDate(2026, 3, 15)) != 10 || d.DaysUntil(NewDate(2026, 2, 23)) != -10 || NewDate(2025, 12, 31).DaysUntil(NewDate(2026, 12, 31)) != 365 {
		t.Fatal("DaysUntil")
	}
	// DateOf keeps the calendar day of the instant where it was taken.
	shanghai := time.FixedZone("CST", 8*3600)
	if DateOf(time.Date(2026, 3, 5, 23, 30, 0, 0, shanghai)) != d {
		t.Fatal("DateOf uses the wrong zone")
	}
}

func TestDateJSON(t *testing.T) {
	type rec struct {
		Due  Date `json:"due"`
		Next Date `json:"next"`
	}
	b, err := json.Marshal(rec{Due: NewDate(2026, 11, 23)})
	if err != nil || string(b) != `{"due":"2026-11-23","next":""}` {
		t.Fatalf("marshal: %s %v", b, err)
	}
	var r rec
	if err := json.Unmarshal(b, &r); err != nil || r.Due != NewDate(2026, 11, 23) || !r.Next.IsZero() {
		t.Fatalf("unmarshal: %+v %v", r, err)
	}
	if err := json.Unmarshal([]byte(`{"due":"23/11/2026"}`), &r); err == nil {
		t.Fatal("a malformed stored date was accepted")
	}
}

func TestNextAnniversary(t *testing.T) {
	birthday := NewDate(1978, 6, 14)
	leap := NewDate(1984, 2, 29)
	cases := []struct {
		d, from, want Date
	}{
		{birthday, NewDate(2026, 6, 1), NewDate(2026, 6, 14)},
		{birthday, NewDate(2026, 6, 14), NewDate(2026, 6, 14)}, // today counts
		{birthday, NewDate(2026, 6, 15), NewDate(2027, 6, 14)},
		{NewDate(1990, 1, 3), NewDate(2026, 12, 28), NewDate(2027, 1, 3)}, // across the new year
		{leap, NewDate(2027, 1, 10), NewDate(2027, 3, 1)},                 // no Feb 29 in 2027
		{leap, NewDate(2028, 1, 10), NewDate(2028, 2, 29)},
		{leap, NewDate(2027, 3, 2), NewDate(2028, 2, 29)},
	}
	for _, c := range cases {
		if got := c.d.NextAnniversary(c.from); got != c.want {
			t.Errorf("%v.NextAnniversary(%v) = %v, want %v", c.d, c.from, got, c.want)
		}
	}
}
