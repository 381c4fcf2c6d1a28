package accounts

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Visit routes (调整业务员销售路线): for one rep and one ISO week, the accounts
// to see — due or overdue by their visit cadence, with open plan actions or
// follow-ups due by the end of the week, or a renewal in the week or the 30
// days after — grouped by region and city and laid out over Monday to
// Friday: one region/city cluster a day as far as the days allow, the most
// overdue first, at most RouteStopsPerDay a day. What does not fit is listed
// as not placed, so nothing silently drops off the plan.

// Route parameters.
const (
	// RouteStopsPerDay is how many visits a day the plan holds by default.
	RouteStopsPerDay = 6
	// RouteRenewalDays is how far after the week a renewal puts the account
	// on the route.
	RouteRenewalDays = 30
	// RouteWorkDays is Monday to Friday.
	RouteWorkDays = 5
)

// ISOWeek is a week of the ISO calendar ("2026-W49"), Monday to Sunday.
type ISOWeek struct {
	Year int `json:"year"`
	Week int `json:"week"`
}

// ParseISOWeek reads "YYYY-Www" (also lower case "w", without the dash, and
// surrounding space). A week past the year's last (W53 of a 52-week year)
// is refused.
func ParseISOWeek(s string) (ISOWeek, error) {
	in := strings.Replace(strings.ToUpper(strings.TrimSpace(s)), "-W", "W", 1)
	bad := Errorf(EINVALID, "error.route.bad_week", "Value", s)
	if !isoWeekShape(in) {
		return ISOWeek{}, bad
	}
	y, _ := strconv.Atoi(in[:4])
	wk, _ := strconv.Atoi(in[5:])
	if y < 2000 || y > 2100 || wk < 1 || wk > weeksIn(y) {
		return ISOWeek{}, bad
	}
	return ISOWeek{y, wk}, nil
}

// isoWeekShape: four digits, an optional dash, W and two digits.
func isoWeekShape(s string) bool {
	if len(s) != 7 || s[4] != 'W' {
		return false
	}
	for i, c := range s {
		if i != 4 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// weeksIn is how many ISO weeks the year has (52 or 53): the week holding
// 28 December is the last.
func weeksIn(year int) int {
	_, w := time.Date(year, 12, 28, 0, 0, 0, 0, time.UTC).ISOWeek()
	return w
}

// ISOWeekOf is the week holding the day.
func ISOWeekOf(d Date) ISOWeek {
	y, w := d.Time().ISOWeek()
	return ISOWeek{y, w}
}

// String is "2026-W49".
func (w ISOWeek) String() string { return fmt.Sprintf("%04d-W%02d", w.Year, w.Week) }

// Monday is the week's first day.
func (w ISOWeek) Monday() Date {
	jan4 := NewDate(w.Year, 1, 4)
	wd := (int(jan4.Time().Weekday()) + 6) % 7 // Monday 0
	return jan4.AddDays(-wd + 7*(w.Week-1))
}

// RouteStop is one account on the route with why it is there (overdue by
// cadence, follow-ups, plan actions, renewal). OverdueDays is how long the
// cadence visit is overdue on Monday of the week (or today, when later);
// negative when it falls due later in the week, 0 when the account is not
// on the route by cadence.
type RouteStop struct {
	AccountID   ID       `json:"account_id"`
	Name        string   `json:"name"`
	Region      string   `json:"region,omitempty"`
	City        string   `json:"city,omitempty"`
	OverdueDays int      `json:"overdue_days"`
	Reasons     []Phrase `json:"reasons"`
}

// RouteDay is one working day of the route.
type RouteDay struct {
	Date  Date        `json:"date"`
	Stops []RouteStop `json:"stops"`
}

// Route is a rep's visit plan for a week.
type Route struct {
	Owner     string      `json:"owner"`
	Week      ISOWeek     `json:"week"`
	Days      []RouteDay  `json:"days"` // Monday to Friday
	NotPlaced []RouteStop `json:"not_placed,omitempty"`
}

// WeekRoute plans the owner's week with RouteStopsPerDay visits a day.
func WeekRoute(data []*AccountData, owner string, week ISOWeek, today Date) Route {
	return WeekRouteN(data, owner, week, today, RouteStopsPerDay)
}

// WeekRouteN plans the owner's week with at most perDay visits a day (at
// least 1). Lost accounts (exit stage) are left out.
func WeekRouteN(data []*AccountData, owner string, week ISOWeek, today Date, perDay int) Route {
	perDay = max(perDay, 1)
	r := Route{Owner: owner, Week: week}
	mon := week.Monday()
	for i := 0; i < RouteWorkDays; i++ {
		r.Days = append(r.Days, RouteDay{Date: mon.AddDays(i)})
	}
	var stops []RouteStop
	for _, d := range data {
		if d.Account.Owner != owner || d.Account.Stage == StageExit {
			continue
		}
		if s, ok := routeStop(d, mon, today); ok {
			stops = append(stops, s)
		}
	}
	r.NotPlaced = placeClusters(r.Days, routeClusters(stops), perDay)
	return r
}

// routeStop decides whether the account is on the week's route and why.
func routeStop(d *AccountData, mon, today Date) (RouteStop, bool) {
	a := &d.Account
	fri := mon.AddDays(RouteWorkDays - 1)
	ref := mon
	if today.After(mon) {
		ref = today
	}
	s := RouteStop{AccountID: a.ID, Name: a.Name, Region: strings.TrimSpace(a.Region), City: strings.TrimSpace(a.City)}
	if due, never, ok := cadenceDue(d, today); ok && !due.After(fri) {
		s.OverdueDays = dayNum(ref) - dayNum(due)
		switch {
		case never:
			s.Reasons = append(s.Reasons, Say("route.reason.never_visited", "Cadence", a.CadenceDays))
		case s.OverdueDays > 0:
			s.Reasons = append(s.Reasons, Say("route.reason.overdue", "Days", s.OverdueDays, "Due", due))
		default:
			s.Reasons = append(s.Reasons, Say("route.reason.due", "Due", due))
		}
	}
	s.Reasons = append(s.Reasons, followUpReasons(d, fri)...)
	if rd := a.RenewalDate; !rd.IsZero() && !rd.Before(mon) && !rd.After(fri.AddDays(RouteRenewalDays)) {
		s.Reasons = append(s.Reasons, Say("route.reason.renewal", "Date", rd))
	}
	return s, len(s.Reasons) > 0
}

// cadenceDue is the day the next visit by cadence is due: the last past
// visit plus the cadence, else the day the account was created plus the
// cadence (never true), else today.
func cadenceDue(d *AccountData, today Date) (due Date, never bool, ok bool) {
	cad := d.Account.CadenceDays
	if cad <= 0 {
		return Date{}, false, false
	}
	if v := pastVisits(d.Visits, dayNum(today)); len(v) > 0 {
		return DateOf(d.Visits[v[0].idx].At).AddDays(cad), false, true
	}
	if !d.Account.CreatedAt.IsZero() {
		return DateOf(d.Account.CreatedAt).AddDays(cad), true, true
	}
	return today, true, true
}

// followUpReasons: open next steps of visits and open plan actions due by
// the end of the week, oldest first.
func followUpReasons(d *AccountData, fri Date) []Phrase {
	type item struct {
		due Date
		p   Phrase
	}
	var items []item
	for i := range d.Visits {
		for _, n := range d.Visits[i].NextSteps {
			if !n.Done && !n.Due.IsZero() && !n.Due.After(fri) {
				items = append(items, item{n.Due, Say("route.reason.follow_up", "Text", n.Text, "Due", n.Due)})
			}
		}
	}
	if d.Plan != nil {
		for _, act := range d.Plan.Actions {
			if act.Status.Open() && !act.Due.IsZero() && !act.Due.After(fri) {
				items = append(items, item{act.Due, Say("route.reason.plan_action", "Text", act.Text, "Due", act.Due)})
			}
		}
	}
	slices.SortStableFunc(items, func(a, b item) int { return cmp.Compare(dayNum(a.due), dayNum(b.due)) })
	out := make([]Phrase, len(items))
	for i := range items {
		out[i] = items[i].p
	}
	return out
}

// routeCluster is the stops of one region and city.
type routeCluster struct {
	region, city string
	stops        []RouteStop
}

// routeClusters groups stops by region then city; within a cluster the
// most overdue first (then by name); clusters by their most overdue stop,
// then region and city.
func routeClusters(stops []RouteStop) []routeCluster {
	slices.SortFunc(stops, func(a, b RouteStop) int {
		return cmp.Or(cmp.Compare(b.OverdueDays, a.OverdueDays), strings.Compare(a.Name, b.Name),
			strings.Compare(string(a.AccountID), string(b.AccountID)))
	})
	var out []routeCluster
	idx := map[[2]string]int{}
	for _, s := range stops {
		k := [2]string{s.Region, s.City}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, routeCluster{region: s.Region, city: s.City})
		}
		out[i].stops = append(out[i].stops, s)
	}
	// Stops were sorted before grouping, so out is already ordered by each
	// cluster's most overdue stop; ties go by region and city.
	slices.SortStableFunc(out, func(a, b routeCluster) int {
		return cmp.Or(cmp.Compare(b.stops[0].OverdueDays, a.stops[0].OverdueDays),
			strings.Compare(a.region, b.region), strings.Compare(a.city, b.city))
	})
	return out
}

// placeClusters lays clusters over the days: each cluster starts on the
// next empty day and runs on to the next when it has more stops than a day
// holds; once every day has a cluster, the rest fill the room left, first
// on a day in the same region, then on the day with most room. It returns
// the stops that found no room.
func placeClusters(days []RouteDay, clusters []routeCluster, perDay int) []RouteStop {
	var notPlaced []RouteStop
	for _, c := range clusters {
		stops := c.stops
		for len(stops) > 0 {
			d := pickDay(days, c.region, perDay)
			if d < 0 {
				notPlaced = append(notPlaced, stops...)
				break
			}
			n := min(perDay-len(days[d].Stops), len(stops))
			days[d].Stops = append(days[d].Stops, stops[:n]...)
			stops = stops[n:]
		}
	}
	return notPlaced
}

// pickDay is the day for the next stops of a cluster in region: the first
// empty day, else a day in the same region with room, else the day with
// most room (the earliest of equals); -1 when all are full.
func pickDay(days []RouteDay, region string, perDay int) int {
	for i := range days {
		if len(days[i].Stops) == 0 {
			return i
		}
	}
	for i := range days {
		if len(days[i].Stops) < perDay && days[i].Stops[0].Region == region {
			return i
		}
	}
	best := -1
	for i := range days {
		if room := perDay - len(days[i].Stops); room > 0 && (best < 0 || room > perDay-len(days[best].Stops)) {
			best = i
		}
	}
	return best
}
