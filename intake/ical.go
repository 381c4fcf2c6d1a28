package intake

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // a laptop without a zone database (Windows) must still place 09:00 Europe/Zurich right

	"keycard/accounts"

	"github.com/emersion/go-ical"
)

// Event is what an account matcher gets to see of one calendar event.
type Event struct {
	UID       string
	Summary   string
	Start     time.Time
	Organizer string   // e-mail address, lower case
	Attendees []string // e-mail addresses, lower case, organizer excluded
	// ContactIDs are the attendees that ICSOptions.ContactByEmail knew.
	ContactIDs []accounts.ID
}

// ICSOptions tell ReadICalendar how to tie events to Keycard's records.
type ICSOptions struct {
	// Location places all-day events and times written without a zone
	// ("floating" times); nil means the computer's zone.
	Location *time.Location
	// ContactByEmail finds the contact with an attendee's e-mail address.
	ContactByEmail func(email string) (accounts.ID, bool)
	// Account decides which account an event was with, for instance by the
	// account of a matched attendee or by the organizer's domain. An event
	// it does not match is skipped and reported. Nil leaves AccountID empty
	// for the caller to fill.
	Account func(ev Event) (accounts.ID, bool)
}

// meetingLink finds the links of the video-meeting services people send
// invitations from.
var meetingLink = regexp.MustCompile(`(?i)https?://[^\s"<>]*(zoom\.us|teams\.microsoft\.com|teams\.live\.com|meet\.google\.com|webex\.com|gotomeeting\.com|whereby\.com|meeting\.tencent\.com|voovmeeting\.com|dingtalk\.com|feishu\.cn|larksuite\.com)`)

// ReadICalendar reads the events of an .ics file as visits.
//
// DTSTART becomes At in the event's own time zone (an IANA TZID, or the
// offsets of the file's VTIMEZONE for Outlook's own zone names); SUMMARY
// becomes the objective, DESCRIPTION the summary, with LOCATION added as
// its last line; attendees found by ContactByEmail become the visit's
// contacts. The kind is on-site when a location is given, video when the
// description, location or URL holds a meeting link, and other otherwise.
// Cancelled events and events o.Account does not match are skipped and
// reported; a repeating event is taken once, at its first date. Alarms,
// DTEND, status and the other properties are not imported.
func ReadICalendar(r io.Reader, o ICSOptions) (Result[accounts.Visit], error) {
	var res Result[accounts.Visit]
	text, err := readText(r, "calendar")
	if err != nil {
		return res, err
	}
	loc := o.Location
	if loc == nil {
		loc = time.Local
	}
	var cals []*ical.Calendar
	err = safely("calendar", func() error {
		dec := ical.NewDecoder(strings.NewReader(text))
		for len(cals) < 1000 {
			cal, err := dec.Decode()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				if len(cals) > 0 {
					break // trailing lines after the last calendar, as some servers write
				}
				return &accounts.Error{Code: accounts.EFORMAT, Msg: accounts.Phrase{Key: "intake.ics.not_ics"}, Err: err}
			}
			cals = append(cals, cal)
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	if len(cals) == 0 {
		return res, accounts.Errorf(accounts.EFORMAT, "intake.ics.no_calendar")
	}
	n := 0
	for _, cal := range cals {
		for _, ev := range cal.Events() {
			n++
			if n > maxCards {
				return res, accounts.Errorf(accounts.EINVALID, "intake.ics.too_many", "Max", maxCards)
			}
			visitFromEvent(cal, ev, n, loc, o, &res)
		}
	}
	if n == 0 {
		res.problem(0, "", accounts.Phrase{Key: "intake.ics.empty"}, true)
	}
	return res, nil
}

func visitFromEvent(cal *ical.Calendar, ev ical.Event, n int, loc *time.Location, o ICSOptions, res *Result[accounts.Visit]) {
	summary := propText(ev.Props, ical.PropSummary)
	label := accounts.Phrase{Key: "intake.ics.event"}
	if summary != "" {
		label = accounts.Say("intake.ics.event_named", "Summary", clipText(summary, 60))
	}
	if strings.EqualFold(propText(ev.Props, ical.PropStatus), "CANCELLED") {
		res.problem(n, "", accounts.Say("intake.ics.cancelled", "Event", label), false)
		return
	}
	at, err := eventStart(cal, ev, loc)
	if err != nil {
		res.problem(n, "at", accounts.Say("intake.ics.no_start", "Event", label), false)
		return
	}
	if ev.Props.Get(ical.PropRecurrenceRule) != nil {
		res.problem(n, "at", accounts.Say("intake.ics.repeats", "Event", label), true)
	}
	desc := propText(ev.Props, ical.PropDescription)
	where := propText(ev.Props, ical.PropLocation)
	url := propText(ev.Props, ical.PropURL)
	v := accounts.Visit{
		At:        at,
		Objective: summary,
		Summary:   joinNonEmpty("\n\n", desc, prefixed("Location: ", where)),
		Kind:      accounts.KindOther,
	}
	switch {
	case meetingLink.MatchString(where) || (where == "" && meetingLink.MatchString(desc+" "+url)):
		v.Kind = accounts.KindVideo
	case where != "" && !strings.EqualFold(where, "online"):
		v.Kind = accounts.KindOnSite
	case where != "":
		v.Kind = accounts.KindVideo
	}
	info := Event{UID: propText(ev.Props, ical.PropUID), Summary: summary, Start: at}
	if p := ev.Props.Get(ical.PropOrganizer); p != nil {
		info.Organizer = mailAddress(p.Value)
	}
	seen := map[accounts.ID]bool{}
	for _, p := range ev.Props.Values(ical.PropAttendee) {
		mail := mailAddress(p.Value)
		if mail == "" || mail == info.Organizer {
			continue
		}
		info.Attendees = append(info.Attendees, mail)
		if o.ContactByEmail != nil {
			if id, ok := o.ContactByEmail(mail); ok && !seen[id] {
				seen[id] = true
				info.ContactIDs = append(info.ContactIDs, id)
			}
		}
	}
	if o.ContactByEmail != nil && info.Organizer != "" {
		if id, ok := o.ContactByEmail(info.Organizer); ok && !seen[id] {
			info.ContactIDs = append(info.ContactIDs, id)
		}
	}
	v.ContactIDs = info.ContactIDs
	if o.Account != nil {
		id, ok := o.Account(info)
		if !ok {
			res.problem(n, "account_id", accounts.Say("intake.ics.no_account", "Event", label, "Date", at.Format("2006-01-02")), false)
			return
		}
		v.AccountID = id
	}
	v.Normalize()
	if err := validatePending(&v.AccountID, v.Validate); err != nil {
		res.invalid(n, err)
		return
	}
	res.add(v, n, info.Organizer)
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func propText(props ical.Props, name string) string {
	p := props.Get(name)
	if p == nil {
		return ""
	}
	if s, err := p.Text(); err == nil {
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(p.Value)
}

// mailAddress returns the address of a "mailto:" calendar user, lower case.
func mailAddress(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 7 && strings.EqualFold(v[:7], "mailto:") {
		v = v[7:]
	}
	if !strings.Contains(v, "@") {
		return ""
	}
	return strings.ToLower(v)
}

// eventStart reads DTSTART. A TZID the zone database knows is used as it
// is; Outlook and Exchange write their own names ("W. Europe Standard
// Time", "GMT +0100 (Standard) / GMT +0200 (Daylight)"), which are resolved
// through the offsets of the file's VTIMEZONE of that name.
func eventStart(cal *ical.Calendar, ev ical.Event, loc *time.Location) (time.Time, error) {
	p := ev.Props.Get(ical.PropDateTimeStart)
	if p == nil {
		return time.Time{}, errors.New("no DTSTART")
	}
	tzid := p.Params.Get(ical.PropTimezoneID)
	if tzid == "" || len(p.Value) == len("20060102T150405Z") {
		return p.DateTime(loc)
	}
	if _, err := time.LoadLocation(tzid); err == nil {
		return p.DateTime(loc)
	}
	wall, err := time.ParseInLocation("20060102T150405", p.Value, time.UTC)
	if err != nil {
		return time.Time{}, err
	}
	off, ok := vtimezoneOffset(cal, tzid, wall)
	if !ok {
		return time.Time{}, fmt.Errorf("unknown time zone %q", tzid)
	}
	return time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), 0,
		time.FixedZone(tzid, off)), nil
}

// vtimezoneOffset returns the UTC offset in seconds that the calendar's
// VTIMEZONE tzid gives at the wall-clock time wall: the offset of the
// STANDARD or DAYLIGHT part that began last before it.
func vtimezoneOffset(cal *ical.Calendar, tzid string, wall time.Time) (int, bool) {
	for _, tz := range cal.Children {
		if tz.Name != ical.CompTimezone || propText(tz.Props, ical.PropTimezoneID) != tzid {
			continue
		}
		best, bestOff, found := time.Time{}, 0, false
		for _, part := range tz.Children {
			off, ok := parseOffset(propText(part.Props, ical.PropTimezoneOffsetTo))
			if !ok {
				continue
			}
			onset, err := part.Props.DateTime(ical.PropDateTimeStart, time.UTC)
			if err != nil {
				continue
			}
			if set, err := part.RecurrenceSet(time.UTC); err == nil && set != nil {
				if last := set.Before(wall, true); !last.IsZero() {
					onset = last
				}
			}
			if onset.After(wall) {
				continue
			}
			if !found || onset.After(best) {
				best, bestOff, found = onset, off, true
			}
		}
		return bestOff, found
	}
	return 0, false
}

// parseOffset reads "+0100" or "-0330" as seconds east of UTC.
func parseOffset(s string) (int, bool) {
	if len(s) < 5 || (s[0] != '+' && s[0] != '-') {
		return 0, false
	}
	h, err1 := strconv.Atoi(s[1:3])
	m, err2 := strconv.Atoi(s[3:5])
	if err1 != nil || err2 != nil {
		return 0, false
	}
	off := h*3600 + m*60
	if s[0] == '-' {
		off = -off
	}
	return off, true
}
