package book

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"keycard/accounts"

	"golang.org/x/text/encoding/japanese"
)

// hostileZone is a calendar whose only time zone has the rule given: a
// year-0 start used to panic the import, a rule repeating every second to
// stall it for half an hour per event.
func hostileZone(start, rule string) string {
	return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:Z\r\nBEGIN:STANDARD\r\nDTSTART:" + start +
		"\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nRRULE:" + rule + "\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n" +
		"BEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Z:20260601T090000\r\n" +
		"ATTENDEE:mailto:ada@acme.example\r\nSUMMARY:Review\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
}

// The calendar preview the app and keycardctl share neither crashes nor
// stalls on hostile time zones: it answers in time, with the event.
func TestPlanCalendarHostileTimeZones(t *testing.T) {
	b := newBook(t, Options{})
	a := mkAccount(t, b, "Acme")
	c := accounts.Contact{AccountID: a.ID, Name: "Ada", Email: "ada@acme.example", Influence: 3}
	must(t, errOf(b.CreateContact(CLI, &c)))
	for _, in := range []string{hostileZone("00000101T000000", "FREQ=YEARLY;BYMONTH=1;BYDAY=1SU"), hostileZone("16010101T000000", "FREQ=SECONDLY")} {
		done := make(chan string, 1)
		go func() {
			defer func() {
				if p := recover(); p != nil {
					done <- "panic"
				}
			}()
			p, err := b.PlanCalendar(strings.NewReader(in))
			if err != nil || len(p.Add) != 1 || !p.Add[0].At.Equal(time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)) {
				done <- fmt.Sprintf("plan %+v, %v", p, err)
				return
			}
			done <- ""
		}()
		select {
		case r := <-done:
			if r != "" {
				t.Errorf("%.60q: %s", in[90:], r)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("%.60q: no answer after 5 s", in[90:])
		}
	}
}

// A Shift_JIS address book from a Japanese phone previews with its names.
func TestPlanVCardsShiftJIS(t *testing.T) {
	b := newBook(t, Options{})
	a := mkAccount(t, b, "Nihon Seiki")
	name, err := japanese.ShiftJIS.NewEncoder().String("佐藤 花子")
	must(t, err)
	p, err := b.PlanVCards(strings.NewReader("BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=SHIFT_JIS:"+name+"\r\nEND:VCARD\r\n"), a.ID)
	must(t, err)
	if len(p.Add) != 1 || p.Add[0].Name != "佐藤 花子" {
		t.Errorf("plan %+v", p)
	}
}
