package intake

//go:generate go run gen_windowszones.go

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
)

// Time zones of calendar files. A TZID is looked up, in this order, as an
// IANA zone, as a Windows zone name or display name through CLDR's table
// (windowszones_gen.go), and only then through the file's own VTIMEZONE.
// The zone database knows every past and future rule change; a VTIMEZONE
// only describes the rules its writer knew, so it is the last resort. Its
// rules are evaluated here for the one year asked about, never iterated
// from their start (Outlook's start in 1601), so any date costs the same
// and a hostile rule cannot make it loop.

// Bounds on a VTIMEZONE: more observances or dates than a real zone has
// in all its history are ignored.
// No real zone repeats a change less often than every year, so a larger
// INTERVAL is refused rather than searched. With BYMONTH, BYDAY and
// BYMONTHDAY kept free of repeats, one event's offset costs at most
// maxObservances × (2·maxInterval+1) years × 12 months of day checks.
const (
	maxObservances = 100
	maxRDates      = 400
	maxInterval    = 10
)

// zoneByName returns the zone a TZID names without the help of a
// VTIMEZONE, or nil.
func zoneByName(tzid string) *time.Location {
	tzid = strings.TrimSpace(tzid)
	if tzid == "" || tzid == "Local" {
		return nil
	}
	if loc, err := time.LoadLocation(tzid); err == nil {
		return loc
	}
	if strings.HasPrefix(tzid, "/") {
		// Globally unique ids such as /mozilla.org/20050126_1/Europe/Berlin
		// end in the zone's name.
		for i := 1; i < len(tzid); i++ {
			if tzid[i-1] == '/' && strings.Contains(tzid[i:], "/") {
				if loc, err := time.LoadLocation(tzid[i:]); err == nil {
					return loc
				}
			}
		}
	}
	name, ok := windowsZones[tzid]
	if !ok {
		name, ok = windowsPlaces[stripUTCPrefix(tzid)]
	}
	if !ok {
		return nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil
	}
	return loc
}

// stripUTCPrefix drops the "(UTC+10:00) " or "(GMT+10.00) " that
// Outlook puts before the places of a display name.
func stripUTCPrefix(s string) string {
	if len(s) < 5 || s[0] != '(' || !(strings.HasPrefix(s[1:], "UTC") || strings.HasPrefix(s[1:], "GMT")) {
		return s
	}
	if i := strings.IndexByte(s, ')'); i > 0 {
		return strings.TrimSpace(s[i+1:])
	}
	return s
}

// observance is one STANDARD or DAYLIGHT part of a VTIMEZONE.
type observance struct {
	start    time.Time // wall clock, in UTC's fields
	from, to int       // offsets in seconds east of UTC
	rule     *yearly   // nil when it does not repeat (or repeats in a way no real zone does)
	rdates   []time.Time
}

// yearly is an RRULE of the one kind time zones use: once a year in given
// months, on an nth weekday or given days of the month.
type yearly struct {
	months    []time.Month
	days      []weekdayNth
	monthDays []int
	interval  int
	count     int
	until     time.Time
}

type weekdayNth struct {
	n   int // 0: every such weekday; 1 first; -1 last
	day time.Weekday
}

var weekdays = map[string]time.Weekday{"SU": time.Sunday, "MO": time.Monday, "TU": time.Tuesday,
	"WE": time.Wednesday, "TH": time.Thursday, "FR": time.Friday, "SA": time.Saturday}

// calZones are the VTIMEZONEs of one calendar, each read once however
// many events use it.
type calZones struct {
	cal  *ical.Calendar
	read map[string][]observance
}

func (z *calZones) get(tzid string) ([]observance, bool) {
	if obs, ok := z.read[tzid]; ok {
		return obs, len(obs) > 0
	}
	if z.read == nil {
		z.read = map[string][]observance{}
	}
	obs, _ := vtimezone(z.cal, tzid)
	z.read[tzid] = obs
	return obs, len(obs) > 0
}

// vtimezone reads the VTIMEZONE tzid of cal, or false if it has none.
func vtimezone(cal *ical.Calendar, tzid string) ([]observance, bool) {
	for _, tz := range cal.Children {
		if tz.Name != ical.CompTimezone || propText(tz.Props, ical.PropTimezoneID) != tzid {
			continue
		}
		var obs []observance
		for _, part := range tz.Children {
			if len(obs) == maxObservances {
				break
			}
			if o, ok := readObservance(part); ok {
				obs = append(obs, o)
			}
		}
		return obs, len(obs) > 0
	}
	return nil, false
}

func readObservance(part *ical.Component) (observance, bool) {
	var o observance
	var ok1, ok2 bool
	o.to, ok1 = parseOffset(propText(part.Props, ical.PropTimezoneOffsetTo))
	o.from, ok2 = parseOffset(propText(part.Props, ical.PropTimezoneOffsetFrom))
	if !ok1 {
		return o, false
	}
	if !ok2 {
		o.from = o.to
	}
	start, ok := wallClock(propText(part.Props, ical.PropDateTimeStart))
	if !ok {
		return o, false
	}
	o.start = start
	if p := part.Props.Get(ical.PropRecurrenceRule); p != nil {
		o.rule = parseYearly(p.Value)
	}
	for _, p := range part.Props.Values(ical.PropRecurrenceDates) {
		for _, v := range strings.Split(p.Value, ",") {
			if t, ok := wallClock(v); ok && len(o.rdates) < maxRDates {
				o.rdates = append(o.rdates, t)
			}
		}
	}
	return o, true
}

// wallClock reads a DATE-TIME without its zone ("16010101T030000", a
// trailing Z ignored) as the fields of a UTC time.
func wallClock(s string) (time.Time, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "Z")
	t, err := time.Parse("20060102T150405", s)
	return t, err == nil
}

// parseYearly reads the RRULE of an observance; nil when it is not a
// yearly rule made of the parts time zones use.
func parseYearly(v string) *yearly {
	r := &yearly{interval: 1}
	freq := ""
	for _, part := range strings.Split(v, ";") {
		key, val, _ := strings.Cut(part, "=")
		var ok bool
		switch strings.ToUpper(strings.TrimSpace(key)) {
		case "FREQ":
			freq, ok = strings.ToUpper(val), true
		case "BYMONTH":
			ok = r.readMonths(val)
		case "BYDAY":
			ok = r.readDays(val)
		case "BYMONTHDAY":
			ok = r.readMonthDays(val)
		case "INTERVAL":
			n, err := strconv.Atoi(val)
			r.interval, ok = n, err == nil && n >= 1 && n <= maxInterval
		case "COUNT":
			n, err := strconv.Atoi(val)
			r.count, ok = n, err == nil && n >= 1
		case "UNTIL":
			if len(val) == 8 {
				val += "T235959"
			}
			r.until, ok = wallClock(val)
		case "WKST", "":
			ok = true
		}
		if !ok {
			return nil
		}
	}
	if freq != "YEARLY" {
		return nil
	}
	return r
}

func (r *yearly) readMonths(val string) bool {
	for _, s := range strings.Split(val, ",") {
		m, err := strconv.Atoi(s)
		if err != nil || m < 1 || m > 12 {
			return false
		}
		if !slices.Contains(r.months, time.Month(m)) {
			r.months = append(r.months, time.Month(m))
		}
	}
	return true
}

func (r *yearly) readDays(val string) bool {
	for _, s := range strings.Split(strings.ToUpper(val), ",") {
		if len(s) < 2 {
			return false
		}
		wd, ok := weekdays[s[len(s)-2:]]
		n := 0
		if num := s[:len(s)-2]; num != "" {
			var err error
			n, err = strconv.Atoi(num)
			if err != nil || n == 0 || n < -5 || n > 5 {
				return false
			}
		}
		if !ok {
			return false
		}
		if !slices.Contains(r.days, weekdayNth{n, wd}) {
			r.days = append(r.days, weekdayNth{n, wd})
		}
	}
	return true
}

func (r *yearly) readMonthDays(val string) bool {
	for _, s := range strings.Split(val, ",") {
		d, err := strconv.Atoi(s)
		if err != nil || d == 0 || d < -31 || d > 31 {
			return false
		}
		if !slices.Contains(r.monthDays, d) {
			r.monthDays = append(r.monthDays, d)
		}
	}
	return true
}

// latest returns the last onset of o at or before wall, or false.
func (o observance) latest(wall time.Time) (time.Time, bool) {
	best, found := time.Time{}, false
	take := func(t time.Time) {
		if !t.After(wall) && !t.Before(o.start) && (!found || t.After(best)) {
			best, found = t, true
		}
	}
	take(o.start)
	for _, t := range o.rdates {
		take(t)
	}
	if o.rule == nil {
		return best, found
	}
	// The onset before wall is in wall's year or, at most, one interval
	// earlier: two intervals of years are all that is ever looked at.
	first := o.start.Year()
	for y := wall.Year(); y >= first && y > wall.Year()-2*o.rule.interval-1; y-- {
		k := y - first
		if k%o.rule.interval != 0 || (o.rule.count > 0 && k/o.rule.interval >= o.rule.count) {
			continue
		}
		before := found
		for _, t := range o.rule.onsets(y, o.start) {
			if o.rule.until.IsZero() || !t.After(o.rule.until) {
				take(t)
			}
		}
		if found && (!before || best.Year() == y) {
			break
		}
	}
	return best, found
}

// onsets lists the rule's dates in year y at start's time of day.
func (r *yearly) onsets(y int, start time.Time) []time.Time {
	months := r.months
	if len(months) == 0 {
		months = []time.Month{start.Month()}
	}
	var out []time.Time
	for _, m := range months {
		for _, d := range r.daysOf(y, m, start.Day()) {
			out = append(out, time.Date(y, m, d, start.Hour(), start.Minute(), start.Second(), 0, time.UTC))
		}
	}
	return out
}

// daysOf lists the days of month m of year y the rule picks.
func (r *yearly) daysOf(y int, m time.Month, startDay int) []int {
	last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
	var out []int
	for d := 1; d <= last; d++ {
		if r.picks(y, m, d, last, startDay) {
			out = append(out, d)
		}
	}
	return out
}

func (r *yearly) picks(y int, m time.Month, d, last, startDay int) bool {
	if len(r.monthDays) == 0 && len(r.days) == 0 {
		return d == startDay
	}
	if len(r.monthDays) > 0 && !containsDay(r.monthDays, d, last) {
		return false
	}
	if len(r.days) == 0 {
		return true
	}
	wd := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Weekday()
	for _, w := range r.days {
		switch {
		case w.day != wd:
		case w.n == 0 || len(r.monthDays) > 0:
			return true
		case w.n > 0 && (d-1)/7+1 == w.n:
			return true
		case w.n < 0 && (last-d)/7+1 == -w.n:
			return true
		}
	}
	return false
}

func containsDay(days []int, d, last int) bool {
	for _, x := range days {
		if x == d || (x < 0 && last+1+x == d) {
			return true
		}
	}
	return false
}

// vtimezoneOffset returns the UTC offset in seconds that the observances
// give at the wall-clock time wall: that of the one that began last before
// it; before the first of them, the offset that one changed from.
func vtimezoneOffset(obs []observance, wall time.Time) int {
	best, bestOff, found := time.Time{}, 0, false
	first := obs[0]
	for _, o := range obs {
		if o.start.Before(first.start) {
			first = o
		}
		if t, ok := o.latest(wall); ok && (!found || t.After(best)) {
			best, bestOff, found = t, o.to, true
		}
	}
	if !found {
		return first.from
	}
	return bestOff
}

// parseOffset reads "+0100", "-0330" or "+053000" as seconds east of UTC.
func parseOffset(s string) (int, bool) {
	if len(s) != 5 && len(s) != 7 || (s[0] != '+' && s[0] != '-') {
		return 0, false
	}
	h, err1 := strconv.Atoi(s[1:3])
	m, err2 := strconv.Atoi(s[3:5])
	sec := 0
	var err3 error
	if len(s) == 7 {
		sec, err3 = strconv.Atoi(s[5:7])
	}
	if err1 != nil || err2 != nil || err3 != nil || h > 23 || m > 59 || sec > 59 {
		return 0, false
	}
	off := h*3600 + m*60 + sec
	if s[0] == '-' {
		off = -off
	}
	return off, true
}

// tzidParam returns DTSTART's TZID whole: a name with commas that its
// writer did not quote ("Canberra, Melbourne, Sydney") reaches us as a list.
func tzidParam(p *ical.Prop) string {
	return strings.Join(p.Params[ical.PropTimezoneID], ",")
}
