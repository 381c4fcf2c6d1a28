package intake

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/emersion/go-ical"

	"keycard/accounts"
)

// CalendarItem is one event of an exported calendar: an all-day event on
// Day (a follow-up due that day) or, when Start is set, a timed one of
// Duration (a planned visit).
type CalendarItem struct {
	// UID names the record the event comes from; it stays the same in every
	// export, so a calendar that imports the file again updates the event.
	UID         string
	Sequence    int // rises with each change of the record
	Summary     string
	Description string
	Day         accounts.Date
	Start       time.Time
	Duration    time.Duration
	// Remind is how long before the start the reminder shows (an all-day
	// event starts at midnight: 15 hours before is 09:00 the day before).
	Remind       time.Duration
	ReminderText string
}

// Reminders' usual leads: the ones Apple Calendar and Outlook offer by
// default for all-day and timed events.
const (
	RemindAllDay = 15 * time.Hour
	RemindTimed  = 30 * time.Minute
)

// WriteICalendar writes items as an iCalendar file (RFC 5545) named name
// that Outlook, Apple Calendar and Google Calendar import: VERSION, PRODID
// and METHOD:PUBLISH, each event with UID, DTSTAMP (now), DTSTART as a date
// for all-day events and in UTC for timed ones, DTEND, SEQUENCE and a
// display reminder (VALARM with ACTION:DISPLAY, a DESCRIPTION and a TRIGGER
// before the start). Lines are folded at 75 octets.
func WriteICalendar(w io.Writer, name string, items []CalendarItem, now time.Time) error {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, "-//Keycard//Keycard//EN")
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText(ical.PropMethod, "PUBLISH")
	if name != "" {
		// The name calendars show for the file; a text, but not a property
		// the library knows, so it would be marked VALUE=TEXT, which is
		// the default anyway.
		p := ical.NewProp("X-WR-CALNAME")
		p.SetText(oneLineBreak.Replace(name))
		p.Params.Del(ical.ParamValue)
		cal.Props.Set(p)
	}
	stamp := now.UTC().Truncate(time.Second)
	for _, it := range items {
		cal.Children = append(cal.Children, event(it, stamp))
	}
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		return fmt.Errorf("intake: encode the calendar: %w", err)
	}
	if _, err := io.WriteString(w, foldLines(buf.String())); err != nil {
		return fmt.Errorf("intake: write the calendar: %w", err)
	}
	return nil
}

func event(it CalendarItem, stamp time.Time) *ical.Component {
	ev := ical.NewEvent()
	ev.Props.SetText(ical.PropUID, it.UID)
	ev.Props.SetDateTime(ical.PropDateTimeStamp, stamp)
	ev.Props.Set(&ical.Prop{Name: ical.PropSequence, Params: ical.Params{}, Value: strconv.Itoa(max(it.Sequence, 0))})
	ev.Props.SetText(ical.PropSummary, oneLineBreak.Replace(it.Summary))
	if it.Description != "" {
		ev.Props.SetText(ical.PropDescription, oneLineBreak.Replace(it.Description))
	}
	if it.Start.IsZero() {
		day := it.Day.Time()
		ev.Props.SetDate(ical.PropDateTimeStart, day)
		ev.Props.SetDate(ical.PropDateTimeEnd, day.AddDate(0, 0, 1))
		ev.Props.SetText(ical.PropTransparency, "TRANSPARENT") // a due day, not busy time
	} else {
		ev.Props.SetDateTime(ical.PropDateTimeStart, it.Start.UTC())
		ev.Props.SetDateTime(ical.PropDateTimeEnd, it.Start.Add(it.Duration).UTC())
	}
	if it.Remind > 0 {
		alarm := ical.NewComponent(ical.CompAlarm)
		alarm.Props.SetText(ical.PropAction, "DISPLAY")
		text := it.ReminderText
		if text == "" {
			text = it.Summary
		}
		alarm.Props.SetText(ical.PropDescription, oneLineBreak.Replace(text))
		alarm.Props.Set(&ical.Prop{Name: ical.PropTrigger, Params: ical.Params{}, Value: "-" + icalDuration(it.Remind)})
		ev.Children = append(ev.Children, alarm)
	}
	return ev.Component
}

// icalDuration writes d (whole minutes) as RFC 5545 writes a duration:
// PT15H, PT30M, P1DT2H.
func icalDuration(d time.Duration) string {
	mins := int64(d / time.Minute)
	days, hours, mins := mins/(24*60), mins/60%24, mins%60
	s := "P"
	if days > 0 {
		s += strconv.FormatInt(days, 10) + "D"
	}
	if hours > 0 || mins > 0 || days == 0 {
		s += "T"
		if hours > 0 {
			s += strconv.FormatInt(hours, 10) + "H"
		}
		if mins > 0 || hours == 0 {
			s += strconv.FormatInt(mins, 10) + "M"
		}
	}
	return s
}
