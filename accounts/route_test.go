package accounts

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseISOWeek(t *testing.T) {
	good := map[string]ISOWeek{
		"2026-W49": {2026, 49}, " 2026-w01 ": {2026, 1}, "2026W10": {2026, 10}, "2020-W53": {2020, 53}, "2026-W53": {2026, 53},
	}
	for in, want := range good {
		got, err := ParseISOWeek(in)
		if err != nil || got != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	for _, in := range []string{"", "2026", "2026-49", "2026-W0", "2026-W00", "2026-W54", "2025-W53", "26-W10", "2026-W1x", "1999-W10", "2026-W4９"} {
		_, err := ParseISOWeek(in)
		if ErrorCode(err) != EINVALID {
			t.Errorf("%q: want invalid, got %v", in, err)
			continue
		}
		if s := errText(err); !strings.Contains(s, "YYYY-Www") || strings.HasPrefix(zh(ErrorPhrase(err)), "MISSING") {
			t.Errorf("%q: %s", in, s)
		}
	}
	w := ISOWeek{2026, 49}
	if w.String() != "2026-W49" || w.Monday() != NewDate(2026, 11, 30) {
		t.Errorf("%s Monday %s", w, w.Monday())
	}
	if (ISOWeek{2026, 1}).Monday() != NewDate(2025, 12, 29) || ISOWeekOf(NewDate(2026, 1, 1)) != (ISOWeek{2026, 1}) {
		t.Errorf("week 1 of 2026")
	}
}

// routeWeek is 2026-W49, Monday 30 November; today is that Monday.
var (
	routeWeek  = ISOWeek{2026, 49}
	routeToday = NewDate(2026, 11, 30)
)

// routeAcct is an account of owner Li last visited daysAgo days before
// today with a 30-day cadence.
func routeAcct(name, region, city string, lastVisit int) *AccountData {
	d := &AccountData{Account: Account{Meta: Meta{ID: ID("id-" + name), CreatedAt: routeToday.AddDays(-900).Time()},
		Name: name, Owner: "Li", Region: region, City: city, Tier: TierKey, Stage: StageMature, CadenceDays: 30}}
	if lastVisit >= 0 {
		d.Visits = []Visit{{Meta: Meta{ID: ID("v-" + name)}, At: routeToday.AddDays(-lastVisit).Time(), Kind: KindOnSite}}
	}
	return d
}

func stopNames(ss []RouteStop) string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Name)
	}
	return strings.Join(out, ",")
}

func TestRouteSelectionAndReasons(t *testing.T) {
	overdue := routeAcct("Overdue", "East", "Shanghai", 42) // due 11-18: 12 days overdue
	dueThu := routeAcct("DueThu", "East", "Shanghai", 27)   // due 12-03
	notDue := routeAcct("NotDue", "East", "Shanghai", 10)   // due 12-20
	followUp := routeAcct("FollowUp", "North", "Beijing", 5)
	followUp.Visits[0].NextSteps = []NextStep{{Text: "Send the quote", Due: NewDate(2026, 12, 2)},
		{Text: "Done already", Due: NewDate(2026, 12, 1), Done: true}, {Text: "Later", Due: NewDate(2026, 12, 10)}}
	renewal := routeAcct("Renewal", "North", "Tianjin", 5)
	renewal.Account.RenewalDate = NewDate(2026, 12, 31) // Friday 12-04 + 27 days
	farRenewal := routeAcct("FarRenewal", "North", "Tianjin", 5)
	farRenewal.Account.RenewalDate = NewDate(2027, 1, 10)
	action := routeAcct("Action", "South", "Guangzhou", 5)
	action.Plan = &Plan{Actions: []Action{{Text: "Present the roadmap", Due: NewDate(2026, 12, 4), Status: ProgressPlanned},
		{Text: "Dropped", Due: NewDate(2026, 12, 1), Status: ProgressDropped}}}
	other := routeAcct("OtherOwner", "East", "Shanghai", 100)
	other.Account.Owner = "Wang"
	lost := routeAcct("Lost", "East", "Shanghai", 100)
	lost.Account.Stage = StageExit
	never := routeAcct("Never", "West", "Chengdu", -1)
	never.Account.CreatedAt = routeToday.AddDays(-10).Time() // due 12-20 by cadence: not yet
	neverOld := routeAcct("NeverOld", "West", "Chengdu", -1)

	r := WeekRoute([]*AccountData{overdue, dueThu, notDue, followUp, renewal, farRenewal, action, other, lost, never, neverOld}, "Li", routeWeek, routeToday)
	reasons := map[string][]string{}
	var all []RouteStop
	for _, d := range r.Days {
		all = append(all, d.Stops...)
	}
	for _, s := range all {
		for _, p := range s.Reasons {
			reasons[s.Name] = append(reasons[s.Name], en(p))
			if z := zh(p); strings.HasPrefix(z, "MISSING") || strings.HasPrefix(z, "BAD") {
				t.Error(z)
			}
		}
	}
	want := map[string]string{
		"Overdue":  "visit overdue by 12 days (due 2026-11-18)",
		"DueThu":   "visit due on 2026-12-03",
		"FollowUp": "follow-up: Send the quote (due 2026-12-02)",
		"Renewal":  "renewal on 2026-12-31",
		"Action":   "plan action: Present the roadmap (due 2026-12-04)",
		"NeverOld": "never visited (cadence 30 days)",
	}
	if len(reasons) != len(want) || len(r.NotPlaced) != 0 {
		t.Fatalf("on the route: %v, not placed %v", reasons, stopNames(r.NotPlaced))
	}
	for name, w := range want {
		if got := strings.Join(reasons[name], "; "); got != w {
			t.Errorf("%s: %q, want %q", name, got, w)
		}
	}
}

// TestRouteGroupingAndOrder: one region/city cluster a day, most overdue
// cluster first, most overdue stop first within it; a cluster larger than a
// day runs on to the next; once the days are taken, small clusters share a
// day in their region; what does not fit is not placed.
func TestRouteGroupingAndOrder(t *testing.T) {
	cases := []struct {
		name   string
		accts  []*AccountData
		perDay int
		days   []string // stop names per day, Monday first
		left   string
	}{
		{"one cluster a day, most overdue first", []*AccountData{
			routeAcct("S1", "East", "Shanghai", 40), routeAcct("S2", "East", "Shanghai", 50),
			routeAcct("B1", "North", "Beijing", 60), routeAcct("H1", "East", "Hangzhou", 35),
		}, 6, []string{"B1", "S2,S1", "H1", "", ""}, ""},
		{"big cluster runs over", []*AccountData{
			routeAcct("A", "East", "Shanghai", 40), routeAcct("B", "East", "Shanghai", 41), routeAcct("C", "East", "Shanghai", 42),
			routeAcct("N", "North", "Beijing", 31),
		}, 2, []string{"C,B", "A", "N", "", ""}, ""},
		{"more clusters than days share by region", []*AccountData{
			routeAcct("C1", "East", "Shanghai", 70), routeAcct("C2", "North", "Beijing", 69), routeAcct("C3", "South", "Shenzhen", 68),
			routeAcct("C4", "West", "Chengdu", 67), routeAcct("C5", "Central", "Wuhan", 66), routeAcct("C6", "South", "Guangzhou", 65),
		}, 3, []string{"C1", "C2", "C3,C6", "C4", "C5"}, ""},
		{"overflow is not placed", []*AccountData{
			routeAcct("A", "East", "Shanghai", 40), routeAcct("B", "East", "Shanghai", 41), routeAcct("C", "East", "Shanghai", 42),
			routeAcct("D", "East", "Shanghai", 43), routeAcct("E", "East", "Shanghai", 44), routeAcct("F", "East", "Shanghai", 45),
		}, 1, []string{"F", "E", "D", "C", "B"}, "A"},
		{"same overdue: by name", []*AccountData{
			routeAcct("Beta", "East", "Shanghai", 40), routeAcct("Alpha", "East", "Shanghai", 40),
		}, 6, []string{"Alpha,Beta", "", "", "", ""}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := WeekRouteN(tc.accts, "Li", routeWeek, routeToday, tc.perDay)
			if len(r.Days) != RouteWorkDays {
				t.Fatalf("%d days", len(r.Days))
			}
			for i, d := range r.Days {
				if d.Date != routeWeek.Monday().AddDays(i) {
					t.Errorf("day %d is %s", i, d.Date)
				}
				if got := stopNames(d.Stops); got != tc.days[i] {
					t.Errorf("day %d: %q, want %q", i, got, tc.days[i])
				}
			}
			if got := stopNames(r.NotPlaced); got != tc.left {
				t.Errorf("not placed %q, want %q", got, tc.left)
			}
		})
	}
}

func TestRouteDefaultPerDay(t *testing.T) {
	var data []*AccountData
	for i := 0; i < 5*RouteStopsPerDay+2; i++ {
		data = append(data, routeAcct(fmt.Sprintf("A%02d", i), "East", "Shanghai", 40+i))
	}
	r := WeekRoute(data, "Li", routeWeek, routeToday)
	for _, d := range r.Days {
		if len(d.Stops) != RouteStopsPerDay {
			t.Errorf("%s: %d stops", d.Date, len(d.Stops))
		}
	}
	if len(r.NotPlaced) != 2 || r.NotPlaced[0].Name != "A01" || r.NotPlaced[1].Name != "A00" {
		t.Errorf("not placed %s", stopNames(r.NotPlaced))
	}
	if r.Days[0].Stops[0].Name != "A31" {
		t.Errorf("most overdue first: %s", r.Days[0].Stops[0].Name)
	}
}

func BenchmarkWeekRoute(b *testing.B) {
	var data []*AccountData
	regions := []string{"East", "North", "South", "West"}
	for i := 0; i < 2000; i++ {
		d := routeAcct(fmt.Sprintf("A%04d", i), regions[i%4], fmt.Sprintf("City%d", i%9), 20+i%50)
		data = append(data, d)
	}
	for b.Loop() {
		WeekRoute(data, "Li", routeWeek, routeToday)
	}
}

// FuzzParseISOWeek: any input either parses to a week whose text parses
// back to it, or is refused with an invalid-input error; never a panic.
func FuzzParseISOWeek(f *testing.F) {
	for _, s := range []string{"2026-W49", "2026w01", " 2020-W53 ", "2025-W53", "", "2026-W4９", "9999-W99", "2026--W1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseISOWeek(s)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		back, err := ParseISOWeek(w.String())
		if err != nil || back != w || ISOWeekOf(w.Monday()) != w {
			t.Fatalf("%q → %v → %v %v (Monday %s)", s, w, back, err, w.Monday())
		}
	})
}
