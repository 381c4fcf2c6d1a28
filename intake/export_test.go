package intake

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
	"github.com/emersion/go-vcard"

	"keycard/accounts"
)

// hostileTexts break naive vCard and iCalendar writers: their separators
// (comma, semicolon, colon, backslash), line breaks, quotes, CJK, emoji
// (four-byte UTF-8 across a fold) and a text many lines long.
var hostileTexts = []string{
	"Smith; Sons, Ltd.", `back\slash \n not a break`, "two\nlines\r\nand\rthree", `"quoted": yes`,
	"王芳", "深圳云帆科技有限公司（集团）", "🚀👩‍💼 emoji", "=cmd|' /C calc'!A0",
	strings.Repeat("长文本 long text; with, separators: ", 200),
}

func hostileContacts() []accounts.Contact {
	var cs []accounts.Contact
	for i, s := range hostileTexts {
		c := accounts.Contact{Name: "Anna " + s, Title: s, Department: s, Email: "anna@example.com",
			Phone: "+86 755 1234 567" + string(rune('0'+i%10)), MessagingID: "wx_" + s, Birthday: accounts.NewDate(1980, 3, i+1)}
		c.ID = accounts.NewID()
		c.UpdatedAt = time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
		cs = append(cs, c)
	}
	chinese := accounts.Contact{Name: "王芳"}
	chinese.ID = accounts.NewID()
	return append(cs, chinese)
}

func checkFolded(t *testing.T, text string) {
	t.Helper()
	for _, l := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
		if len(l) > foldAt {
			t.Fatalf("a line of %d octets: %.40q", len(l), l)
		}
		if strings.ContainsAny(l, "\r\n") {
			t.Fatalf("a bare line break in %.40q", l)
		}
	}
}

// TestVCardRoundTrip writes hostile contacts as vCard 3.0 and 4.0 and reads
// them back with go-vcard (every field as written; the escaped semicolon of
// a compound value left to the caller, as that library does) and with
// ReadVCards (every field whole).
func TestVCardRoundTrip(t *testing.T) {
	cs := hostileContacts()
	org := "Acme; Holdings, 集团"
	for _, version := range []string{VCard3, VCard4} {
		var buf bytes.Buffer
		if err := WriteVCards(&buf, cs, org, version); err != nil {
			t.Fatal(err)
		}
		checkFolded(t, buf.String())
		dec := vcard.NewDecoder(strings.NewReader(buf.String()))
		for i, c := range cs {
			card, err := dec.Decode()
			if err != nil {
				t.Fatalf("%s card %d: %v", version, i, err)
			}
			want := oneLineBreak.Replace(c.Name)
			if got := card.Value(vcard.FieldVersion); got != version {
				t.Errorf("VERSION %q", got)
			}
			if got := card.Value(vcard.FieldFormattedName); got != want {
				t.Errorf("%s FN %.50q, want %.50q", version, got, want)
			}
			if got := card.Value(vcard.FieldUID); got != "urn:uuid:"+string(c.ID) {
				t.Errorf("UID %q", got)
			}
			if c.Title != "" && card.Value(vcard.FieldTitle) != oneLineBreak.Replace(c.Title) {
				t.Errorf("%s TITLE %.50q", version, card.Value(vcard.FieldTitle))
			}
			if c.Email != "" && card.Value(vcard.FieldEmail) != c.Email {
				t.Errorf("EMAIL %q", card.Value(vcard.FieldEmail))
			}
		}
		res, err := ReadVCards(bytes.NewReader(buf.Bytes()), "")
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Records) != len(cs) {
			t.Fatalf("%s: read %d contacts of %d; problems %+v", version, len(res.Records), len(cs), res.Problems)
		}
		for i, got := range res.Records {
			w := cs[i] // as written: every line break a line feed
			w.Name, w.Title, w.Department, w.MessagingID = oneLineBreak.Replace(w.Name), oneLineBreak.Replace(w.Title), oneLineBreak.Replace(w.Department), oneLineBreak.Replace(w.MessagingID)
			w.Normalize()
			if got.Name != w.Name || got.Title != w.Title || got.Department != w.Department || got.Email != w.Email ||
				got.Phone != w.Phone || got.MessagingID != w.MessagingID || got.Birthday != w.Birthday {
				t.Errorf("%s contact %d came back as %+v\nwant %+v", version, i, got, w)
			}
			if res.Refs[i] != org {
				t.Errorf("%s: ORG %q, want %q", version, res.Refs[i], org)
			}
		}
	}
}

// TestICalendarRoundTrip writes follow-ups (all-day) and planned visits
// (timed) with hostile texts and parses the file with go-ical: each event
// has its UID, DTSTAMP, a DATE start for a follow-up and a UTC one for a
// visit, the texts whole, and a display reminder with its trigger.
func TestICalendarRoundTrip(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	var items []CalendarItem
	for i, s := range hostileTexts {
		it := CalendarItem{UID: "followup-" + string(rune('a'+i)) + "@keycard", Sequence: i, Summary: "Follow-up: " + s,
			Description: s, Day: accounts.NewDate(2026, 12, i+2), Remind: RemindAllDay}
		if i%2 == 1 {
			it.UID = "visit-" + string(rune('a'+i)) + "@keycard"
			it.Day = accounts.Date{}
			it.Start = time.Date(2026, 12, i+2, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
			it.Duration = time.Hour
			it.Remind = RemindTimed
		}
		items = append(items, it)
	}
	var buf bytes.Buffer
	if err := WriteICalendar(&buf, "Keycard: 王芳", items, now); err != nil {
		t.Fatal(err)
	}
	checkFolded(t, buf.String())
	cal, err := ical.NewDecoder(strings.NewReader(buf.String())).Decode()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "VALUE=TEXT") {
		t.Error("a property is marked VALUE=TEXT; SEQUENCE must be an integer")
	}
	if m, _ := cal.Props.Text(ical.PropMethod); m != "PUBLISH" {
		t.Errorf("METHOD %q", m)
	}
	evs := cal.Events()
	if len(evs) != len(items) {
		t.Fatalf("%d events, want %d", len(evs), len(items))
	}
	for i, ev := range evs {
		checkEvent(t, ev, items[i], now)
	}
}

func checkEvent(t *testing.T, ev ical.Event, it CalendarItem, now time.Time) {
	t.Helper()
	if seq, err := ev.Props.Get(ical.PropSequence).Int(); err != nil || seq != it.Sequence {
		t.Errorf("SEQUENCE %d %v, want %d", seq, err, it.Sequence)
	}
	if uid, _ := ev.Props.Text(ical.PropUID); uid != it.UID {
		t.Errorf("UID %q, want %q", uid, it.UID)
	}
	if st, err := ev.Props.DateTime(ical.PropDateTimeStamp, nil); err != nil || !st.Equal(now) {
		t.Errorf("DTSTAMP %v %v", st, err)
	}
	if s, _ := ev.Props.Text(ical.PropSummary); s != oneLineBreak.Replace(it.Summary) {
		t.Errorf("SUMMARY %.50q, want %.50q", s, it.Summary)
	}
	if d, _ := ev.Props.Text(ical.PropDescription); d != oneLineBreak.Replace(it.Description) {
		t.Errorf("DESCRIPTION %.50q", d)
	}
	start := ev.Props.Get(ical.PropDateTimeStart)
	got, err := ev.DateTimeStart(time.UTC)
	switch {
	case err != nil:
		t.Errorf("%s: DTSTART %v", it.UID, err)
	case it.Start.IsZero() && (start.ValueType() != ical.ValueDate || !got.Equal(it.Day.Time())):
		t.Errorf("%s: all-day DTSTART %s %v, want the date %s", it.UID, start.ValueType(), got, it.Day)
	case !it.Start.IsZero() && (!got.Equal(it.Start) || !strings.HasSuffix(start.Value, "Z")):
		t.Errorf("%s: DTSTART %q, want %v", it.UID, start.Value, it.Start)
	}
	var alarms []*ical.Component
	for _, c := range ev.Children {
		if c.Name == ical.CompAlarm {
			alarms = append(alarms, c)
		}
	}
	if len(alarms) != 1 {
		t.Fatalf("%s: %d reminders", it.UID, len(alarms))
	}
	a := alarms[0]
	action, _ := a.Props.Text(ical.PropAction)
	trig := a.Props.Get(ical.PropTrigger)
	desc, _ := a.Props.Text(ical.PropDescription)
	if action != "DISPLAY" || trig == nil || trig.Value != "-"+icalDuration(it.Remind) || desc == "" {
		t.Errorf("%s: reminder %s %+v %q", it.UID, action, trig, desc)
	}
	if d, err := trig.Duration(); err != nil || d != -it.Remind {
		t.Errorf("%s: TRIGGER reads as %v %v", it.UID, d, err)
	}
}

func TestICalDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{15 * time.Hour: "PT15H", 30 * time.Minute: "PT30M", 0: "PT0M",
		26*time.Hour + 5*time.Minute: "P1DT2H5M", 48 * time.Hour: "P2D", 90 * time.Minute: "PT1H30M"} {
		if got := icalDuration(d); got != want {
			t.Errorf("icalDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

// TestFoldLines never splits a UTF-8 sequence and unfolds to the original.
func TestFoldLines(t *testing.T) {
	for _, s := range []string{strings.Repeat("王", 100), strings.Repeat("a", 75), strings.Repeat("a", 76), strings.Repeat("🚀x", 50), ""} {
		folded := foldLines("X:" + s + "\r\n")
		checkFolded(t, folded)
		if back := strings.ReplaceAll(folded, "\r\n ", ""); back != "X:"+s+"\r\n" {
			t.Errorf("%.20q does not unfold to itself", s)
		}
	}
}
