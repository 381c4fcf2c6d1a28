package intake

import (
	"errors"
	"io"
	"regexp"
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
	text, assumed, err := readText(r, "calendar")
	if err != nil {
		return Result[accounts.Visit]{}, err
	}
	res, err := guarded("calendar", func(dl *deadline) (Result[accounts.Visit], error) {
		return readCalendar(text, o, dl)
	})
	if err == nil {
		res.assumedCharset(assumed)
	}
	return res, err
}

func readCalendar(text string, o ICSOptions, dl *deadline) (Result[accounts.Visit], error) {
	var res Result[accounts.Visit]
	loc := o.Location
	if loc == nil {
		loc = time.Local
	}
	var cals []*ical.Calendar
	err := safely("calendar", func() error {
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
		zones := &calZones{cal: cal}
		for _, ev := range cal.Events() {
			if dl.over() {
				return Result[accounts.Visit]{}, tooSlow("calendar")
			}
			n++
			if n > maxCards {
				return res, accounts.Errorf(accounts.EINVALID, "intake.ics.too_many", "Max", maxCards)
			}
			visitFromEvent(zones, ev, n, loc, o, &res)
		}
	}
	if n == 0 {
		res.problem(0, "", accounts.Phrase{Key: "intake.ics.empty"}, true)
	}
	return res, nil
}

func visitFromEvent(zones *calZones, ev ical.Event, n int, loc *time.Location, o ICSOptions, res *Result[accounts.Visit]) {
	summary := propText(ev.Props, ical.PropSummary)
	label := accounts.Phrase{Key: "intake.ics.event"}
	if summary != "" {
		label = accounts.Say("intake.ics.event_named", "Summary", clipText(summary, 60))
	}
	if strings.EqualFold(propText(ev.Props, ical.PropStatus), "CANCELLED") {
		res.problem(n, "", accounts.Say("intake.ics.cancelled", "Event", label), false)
		return
	}
	at, err := eventStart(zones, ev, loc)
	if errors.Is(err, errNoZone) {
		p := ev.Props.Get(ical.PropDateTimeStart)
		res.problem(n, "at", accounts.Say("intake.ics.unknown_zone", "Event", label, "Zone", clipText(tzidParam(p), 60)), false)
		return
	}
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

// eventStart reads DTSTART in the zone its TZID names (see tz.go).
// errNoZone means the TZID names no zone Keycard or the file knows.
func eventStart(zones *calZones, ev ical.Event, loc *time.Location) (time.Time, error) {
	p := ev.Props.Get(ical.PropDateTimeStart)
	if p == nil {
		return time.Time{}, errors.New("no DTSTART")
	}
	tzid := tzidParam(p)
	v := strings.TrimSpace(p.Value)
	switch {
	case tzid == "":
		return p.DateTime(loc)
	case len(v) == len("20060102"):
		return time.ParseInLocation("20060102", v, loc) // all day: placed like floating times
	case strings.HasSuffix(v, "Z"):
		return time.Parse("20060102T150405Z", v)
	}
	wall, err := time.ParseInLocation("20060102T150405", v, time.UTC)
	if err != nil {
		return time.Time{}, err
	}
	if zone := zoneByName(tzid); zone != nil {
		return time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), 0, zone), nil
	}
	obs, ok := zones.get(tzid)
	if !ok {
		return time.Time{}, errNoZone
	}
	off := vtimezoneOffset(obs, wall)
	return time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), 0,
		time.FixedZone(tzid, off)), nil
}

// errNoZone is a TZID that names no zone: not the zone database's, not
// Windows', not one the file defines.
var errNoZone = errors.New("unknown time zone")
