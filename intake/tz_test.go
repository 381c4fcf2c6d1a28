package intake

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Outlook's VTIMEZONE blocks, as Outlook and Exchange write them: rules
// that start in 1601 and repeat every year.
var outlookZones = map[string]string{
	"W. Europe": "BEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n" +
		"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\n" +
		"BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n" +
		"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\n",
	"AUS Eastern": "BEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nTZOFFSETFROM:+1100\r\nTZOFFSETTO:+1000\r\n" +
		"RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4\r\nEND:STANDARD\r\n" +
		"BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+1000\r\nTZOFFSETTO:+1100\r\n" +
		"RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=10\r\nEND:DAYLIGHT\r\n",
	"Pacific": "BEGIN:STANDARD\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0700\r\nTZOFFSETTO:-0800\r\n" +
		"RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\r\nEND:STANDARD\r\n" +
		"BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0800\r\nTZOFFSETTO:-0700\r\n" +
		"RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\r\nEND:DAYLIGHT\r\n",
	"China": "BEGIN:STANDARD\r\nDTSTART:16010101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nEND:STANDARD\r\n",
}

// outlookInvite is one invitation at wall time wall in the zone the
// VTIMEZONE named tzid defines; param is how DTSTART names it.
func outlookInvite(zone, tzid, param, wall string) string {
	return "BEGIN:VCALENDAR\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\n" +
		"BEGIN:VTIMEZONE\r\nTZID:" + strings.ReplaceAll(tzid, ",", "\\,") + "\r\n" + outlookZones[zone] + "END:VTIMEZONE\r\n" +
		"BEGIN:VEVENT\r\nUID:040000008200E00074C5B7101A82E008@example.com\r\nDTSTAMP:20260101T000000Z\r\n" +
		"DTSTART;TZID=" + param + ":" + wall + "\r\nSUMMARY:Quarterly review\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
}

// Outlook's invitations land at the right instant in summer and in winter,
// whether the zone is a Windows name the CLDR table knows, a display name
// with commas, or a name only its VTIMEZONE defines.
func TestReadICalendarOutlookZonesSummerAndWinter(t *testing.T) {
	type when struct{ wall, utc string }
	cases := []struct {
		zone, tzid, param string
		at                []when
	}{
		{"W. Europe", "W. Europe Standard Time", `"W. Europe Standard Time"`,
			[]when{{"20260715T090000", "2026-07-15T07:00:00Z"}, {"20260115T090000", "2026-01-15T08:00:00Z"}, {"20261026T090000", "2026-10-26T08:00:00Z"}}},
		{"W. Europe", "GMT +0100 (Standard) / GMT +0200 (Daylight)", `"GMT +0100 (Standard) / GMT +0200 (Daylight)"`,
			[]when{{"20260715T090000", "2026-07-15T07:00:00Z"}, {"20260115T090000", "2026-01-15T08:00:00Z"}, {"20300330T090000", "2030-03-30T08:00:00Z"}, {"20300331T090000", "2030-03-31T07:00:00Z"}}},
		{"AUS Eastern", "AUS Eastern Standard Time", "AUS Eastern Standard Time",
			[]when{{"20260715T090000", "2026-07-14T23:00:00Z"}, {"20260115T090000", "2026-01-14T22:00:00Z"}}},
		{"AUS Eastern", "(UTC+10:00) Canberra, Melbourne, Sydney", `"(UTC+10:00) Canberra, Melbourne, Sydney"`,
			[]when{{"20260715T090000", "2026-07-14T23:00:00Z"}, {"20260115T090000", "2026-01-14T22:00:00Z"}}},
		{"AUS Eastern", "Canberra, Melbourne, Sydney", `"Canberra, Melbourne, Sydney"`,
			[]when{{"20260715T090000", "2026-07-14T23:00:00Z"}, {"20260115T090000", "2026-01-14T22:00:00Z"}}},
		{"AUS Eastern", "Canberra, Melbourne, Sydney", "Canberra, Melbourne, Sydney",
			[]when{{"20260715T090000", "2026-07-14T23:00:00Z"}, {"20260115T090000", "2026-01-14T22:00:00Z"}}},
		{"AUS Eastern", "Sydney office", `"Sydney office"`,
			[]when{{"20260715T090000", "2026-07-14T23:00:00Z"}, {"20260115T090000", "2026-01-14T22:00:00Z"}}},
		{"Pacific", "Pacific Standard Time", `"Pacific Standard Time"`,
			[]when{{"20260715T090000", "2026-07-15T16:00:00Z"}, {"20260115T090000", "2026-01-15T17:00:00Z"}}},
		{"Pacific", "Pacific Time; West Coast", `"Pacific Time; West Coast"`,
			[]when{{"20260715T090000", "2026-07-15T16:00:00Z"}, {"20260115T090000", "2026-01-15T17:00:00Z"}, {"20261101T090000", "2026-11-01T17:00:00Z"}}},
		{"China", "China Standard Time", "China Standard Time",
			[]when{{"20260715T090000", "2026-07-15T01:00:00Z"}, {"20260115T090000", "2026-01-15T01:00:00Z"}}},
		{"AUS Eastern", "Head office, Sydney", "Head office, Sydney",
			[]when{{"20260715T090000", "2026-07-14T23:00:00Z"}, {"20260115T090000", "2026-01-14T22:00:00Z"}}},
		{"W. Europe", "/mozilla.org/20050126_1/Europe/Berlin", "/mozilla.org/20050126_1/Europe/Berlin",
			[]when{{"20260715T090000", "2026-07-15T07:00:00Z"}, {"20260115T090000", "2026-01-15T08:00:00Z"}}},
		{"China", "Beijing office", "Beijing office",
			[]when{{"20260715T090000", "2026-07-15T01:00:00Z"}}},
	}
	for _, c := range cases {
		for _, w := range c.at {
			in := outlookInvite(c.zone, c.tzid, c.param, w.wall)
			res, err := ReadICalendar(strings.NewReader(in), ICSOptions{Location: time.UTC})
			if err != nil || len(res.Records) != 1 {
				t.Errorf("%s at %s: %d visits, %v; problems: %s", c.tzid, w.wall, len(res.Records), err, problems(res))
				continue
			}
			if got := res.Records[0].At.UTC().Format(time.RFC3339); got != w.utc {
				t.Errorf("%s at %s: %s, want %s", c.tzid, w.wall, got, w.utc)
			}
		}
	}
}

// Every Windows zone name of the CLDR table names a zone Keycard can load.
func TestWindowsZonesAllLoad(t *testing.T) {
	for _, m := range []map[string]string{windowsZones, windowsPlaces} {
		for win, iana := range m {
			if _, err := time.LoadLocation(iana); err != nil {
				t.Errorf("%s: %s: %v", win, iana, err)
			}
		}
	}
	if len(windowsZones) < 130 {
		t.Errorf("%d Windows zones", len(windowsZones))
	}
}

// readBounded reads in with ReadICalendar in the background and fails if
// it panics or takes longer than limit.
func readBounded(t *testing.T, name, in string, limit time.Duration) {
	t.Helper()
	done := make(chan string, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- fmt.Sprintf("panic: %v", p)
			}
		}()
		_, err := ReadICalendar(strings.NewReader(in), ICSOptions{Location: time.UTC})
		done <- fmt.Sprint(err)
	}()
	select {
	case r := <-done:
		if strings.HasPrefix(r, "panic") {
			t.Errorf("%s: %s", name, r)
		}
	case <-time.After(limit):
		t.Errorf("%s: still reading after %s", name, limit)
	}
}

// A VTIMEZONE with a year-0 start or a rule repeating every second neither
// crashes nor stalls the import.
func TestReadICalendarHostileTimeZones(t *testing.T) {
	for _, name := range []string{"year0.ics", "secondly.ics"} {
		b, err := os.ReadFile(filepath.Join("testdata", "hostile", name))
		if err != nil {
			t.Fatal(err)
		}
		readBounded(t, name, string(b), 5*time.Second)
	}
}

// An all-day event or a UTC time with an Outlook TZID beside it is read,
// not refused for the zone.
func TestReadICalendarTZIDWithDateOrUTC(t *testing.T) {
	for value, want := range map[string]string{
		"VALUE=DATE:20260715":  "2026-07-15T00:00:00Z",
		"X=1:20260715T090000Z": "2026-07-15T09:00:00Z",
	} {
		param, v, _ := strings.Cut(value, ":")
		in := outlookInvite("W. Europe", "W. Europe Standard Time", `"W. Europe Standard Time";`+param, v)
		res, err := ReadICalendar(strings.NewReader(in), ICSOptions{Location: time.UTC})
		if err != nil || len(res.Records) != 1 {
			t.Fatalf("%s: %d visits, %v: %s", value, len(res.Records), err, problems(res))
		}
		if got := res.Records[0].At.UTC().Format(time.RFC3339); got != want {
			t.Errorf("%s: %s, want %s", value, got, want)
		}
	}
}

// The most a VTIMEZONE can make Keycard do for one event is bounded: many
// observances, rules that name every month and weekday many times over,
// huge intervals and counts still give each event its offset in
// milliseconds.
func TestVTimezoneWorkIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:Heavy\r\n")
	months := strings.TrimSuffix(strings.Repeat("1,2,3,4,5,6,7,8,9,10,11,12,", 200), ",")
	days := strings.TrimSuffix(strings.Repeat("SU,MO,TU,WE,TH,FR,SA,1SU,-1SA,", 200), ",")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&b, "BEGIN:DAYLIGHT\r\nDTSTART:%04d0101T000000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"+
			"RRULE:FREQ=YEARLY;INTERVAL=%d;COUNT=999999999;BYMONTH=%s;BYDAY=%s\r\nEND:DAYLIGHT\r\n", i, 1+i%10, months, days)
	}
	b.WriteString("END:VTIMEZONE\r\n")
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:%d\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Heavy:2026%02d15T090000\r\nSUMMARY:Review\r\nEND:VEVENT\r\n", i, 1+i%12)
	}
	b.WriteString("END:VCALENDAR\r\n")
	start := time.Now()
	res, err := ReadICalendar(strings.NewReader(b.String()), ICSOptions{Location: time.UTC})
	took := time.Since(start)
	if err != nil || len(res.Records) != 20 {
		t.Fatalf("%d visits, %v", len(res.Records), err)
	}
	if took > 5*time.Second {
		t.Errorf("20 events took %s", took)
	}
	t.Logf("%d KB, 20 events: %s", b.Len()>>10, took)
}
