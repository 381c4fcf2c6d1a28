package intake

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keycard/accounts"
	"keycard/locale"
)

// A parser that panics or loops past the deadline leaves the person with a
// sentence, in time.
func TestGuardedTurnsPanicAndStallIntoSentences(t *testing.T) {
	_, err := guarded("calendar", func(*deadline) (Result[accounts.Visit], error) { panic("index out of range") })
	if e, ok := err.(*accounts.Error); !ok || e.Msg.Key != "intake.damaged" {
		t.Errorf("panic: %v", err)
	}
	old := readTimeout
	readTimeout = 50 * time.Millisecond
	defer func() { readTimeout = old }()
	start := time.Now()
	_, err = guarded("vCard", func(*deadline) (Result[accounts.Contact], error) {
		time.Sleep(3 * time.Second) // a parser that never looks at its deadline
		return Result[accounts.Contact]{}, nil
	})
	if e, ok := err.(*accounts.Error); !ok || e.Msg.Key != "intake.too_slow" || time.Since(start) > 3*time.Second {
		t.Errorf("stall: %v after %s", err, time.Since(start))
	}
	if s := locale.Say(locale.Chinese, accounts.ErrorPhrase(err)); !strings.Contains(s, "名片") && !strings.Contains(s, "vCard") {
		t.Errorf("Chinese: %q", s)
	}
}

// A panic in code the reader calls (here the account matcher) becomes the
// reader's sentence, not a crash of the app.
func TestReadICalendarRecoversFromPanics(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "x_location.ics"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = ReadICalendar(strings.NewReader(string(b)), ICSOptions{Account: func(Event) (accounts.ID, bool) { panic("boom") }})
	if e, ok := err.(*accounts.Error); !ok || e.Msg.Key != "intake.damaged" {
		t.Errorf("got %v", err)
	}
}

// An event in a zone nobody defines is refused for that reason.
func TestReadICalendarUnknownZone(t *testing.T) {
	in := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20260101T000000Z\r\n" +
		"DTSTART;TZID=Atlantis Time:20260715T090000\r\nSUMMARY:Review\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	res, err := ReadICalendar(strings.NewReader(in), ICSOptions{Location: time.UTC})
	if err != nil || !hasProblem(res, "intake.ics.unknown_zone") {
		t.Errorf("%v: %s", err, problems(res))
	}
}
