package book

import (
	"cmp"
	"io"
	"slices"
	"strings"

	"keycard/accounts"
	"keycard/collation"
	"keycard/documents"
	"keycard/storage"
)

// The manager's desk, part one: a rep's visit route for a week and the
// yearly regional plan, worked out by the rules in accounts and printed by
// documents. Each loads only the accounts it needs: the owner's (found
// through the owner index) for a route, the region's (picked from the
// summary rows, which hold the region) for a plan, so neither reads the
// visits of the whole portfolio.

// Years a regional plan may be drawn up for (those a target may carry).
const (
	PlanYearMin = 2000
	PlanYearMax = 2100
)

// WeekRoute plans the owner's visits for the week (accounts.WeekRoute).
// The owner is matched ignoring case and surrounding space; an owner with
// no account is ENOTFOUND, naming the owners there are.
func (b *Book) WeekRoute(owner string, week accounts.ISOWeek) (accounts.Route, error) {
	name, err := b.resolveOwner(owner)
	if err != nil {
		return accounts.Route{}, err
	}
	sums, err := b.SummariesByOwner(name)
	if err != nil {
		return accounts.Route{}, err
	}
	// A route reads of each account its cadence, visits' dates and next
	// steps, plan actions and renewal: the risk input has all of them but
	// the texts of the next steps, which only an account with a follow-up
	// due by Friday needs; for those its visits are read again with their
	// texts. Lost accounts are never read.
	fri := week.Monday().AddDays(accounts.RouteWorkDays - 1)
	data := make([]*accounts.AccountData, 0, len(sums))
	for _, s := range sums {
		if s.Stage == accounts.StageExit {
			continue
		}
		d, err := b.routeData(s, fri)
		if err != nil {
			return accounts.Route{}, err
		}
		data = append(data, d)
	}
	return accounts.WeekRoute(data, name, week, b.Today()), nil
}

// routeData is what the route rules read of one account (see WeekRoute).
// The summary's next follow-up says which accounts need their visits'
// texts; should it fall behind, the risk input's next steps still catch it.
func (b *Book) routeData(s storage.Summary, fri accounts.Date) (*accounts.AccountData, error) {
	if !s.NextFollowUp.IsZero() && !s.NextFollowUp.After(fri) {
		return b.routeDataWhole(s.ID)
	}
	in, err := b.RiskInputFor(s.ID)
	if err != nil {
		return nil, err
	}
	if stepDueBy(in.Visits, fri) {
		return b.routeDataWhole(s.ID)
	}
	return &accounts.AccountData{Account: *in.Account, Visits: in.Visits, Plan: in.Plan}, nil
}

// routeDataWhole reads the account, its visits with their texts and its
// plan, and nothing else under it.
func (b *Book) routeDataWhole(id accounts.ID) (*accounts.AccountData, error) {
	a, err := b.Account(id)
	if err != nil {
		return nil, err
	}
	d := &accounts.AccountData{Account: *a}
	if d.Visits, err = b.Visits(id); err != nil {
		return nil, err
	}
	if d.Plan, err = b.Plan(id); err != nil && accounts.ErrorCode(err) != accounts.ENOTFOUND {
		return nil, err
	}
	return d, nil
}

// stepDueBy says whether a visit has an open next step due by the day.
func stepDueBy(vs []accounts.Visit, day accounts.Date) bool {
	for i := range vs {
		for _, n := range vs[i].NextSteps {
			if !n.Done && !n.Due.IsZero() && !n.Due.After(day) {
				return true
			}
		}
	}
	return false
}

// resolveOwner returns the owner as stored: the exact name, else the one
// name that matches ignoring case and surrounding space.
func (b *Book) resolveOwner(owner string) (string, error) {
	owners, err := b.Owners()
	if err != nil {
		return "", err
	}
	want := strings.TrimSpace(owner)
	if slices.Contains(owners, want) {
		return want, nil
	}
	for _, o := range owners {
		if want != "" && strings.EqualFold(strings.TrimSpace(o), want) {
			return o, nil
		}
	}
	return "", accounts.Errorf(accounts.ENOTFOUND, "book.route.unknown_owner", "Owner", want, "Owners", strings.Join(owners, ", "))
}

// Regions returns the distinct regions of the accounts, for a picker:
// spelled as first met, matched ignoring case and surrounding space,
// sorted. A database that cannot be read has none.
func (b *Book) Regions() []string {
	sums, err := b.Summaries()
	if err != nil {
		return nil
	}
	return regionsOf(sums)
}

func regionsOf(sums []storage.Summary) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range sums {
		r := strings.TrimSpace(s.Region)
		if r == "" || seen[strings.ToLower(r)] {
			continue
		}
		seen[strings.ToLower(r)] = true
		out = append(out, r)
	}
	collation.Strings(out) // region names as readers expect: 华北 before 华东 by pinyin
	return out
}

// RegionPlan draws up the region's plan for the year
// (accounts.RegionPlan). A year outside PlanYearMin–PlanYearMax is
// EINVALID; a region no account is in is ENOTFOUND, naming the regions
// there are.
func (b *Book) RegionPlan(region string, year int) (accounts.RegionPlanView, error) {
	if year < PlanYearMin || year > PlanYearMax {
		return accounts.RegionPlanView{}, accounts.Errorf(accounts.EINVALID, "book.region_plan.bad_year",
			"Year", year, "Min", PlanYearMin, "Max", PlanYearMax)
	}
	sums, err := b.Summaries()
	if err != nil {
		return accounts.RegionPlanView{}, err
	}
	want := strings.TrimSpace(region)
	var data []*accounts.AccountData
	found := false
	for _, s := range sums {
		if want == "" || !strings.EqualFold(strings.TrimSpace(s.Region), want) {
			continue
		}
		found = true
		if s.Stage == accounts.StageExit {
			continue
		}
		// The plan reads the account, its plan's opportunities and the
		// risk score, all in the risk input, which skips the texts of
		// contacts and visits: the same score the risk board gives.
		in, err := b.RiskInputFor(s.ID)
		if err != nil {
			return accounts.RegionPlanView{}, err
		}
		data = append(data, &accounts.AccountData{Account: *in.Account, Contacts: in.Contacts,
			Visits: in.Visits, Warnings: in.Warnings, Plan: in.Plan})
	}
	if !found {
		return accounts.RegionPlanView{}, accounts.Errorf(accounts.ENOTFOUND, "book.region_plan.unknown_region",
			"Region", want, "Regions", strings.Join(regionsOf(sums), ", "))
	}
	v := accounts.RegionPlanOrdered(data, want, year, b.Today(), byName)
	nameGroups(&v, sums)
	// The plan is titled with the region as the accounts spell it.
	for _, r := range regionsOf(sums) {
		if strings.EqualFold(r, want) {
			v.Region = r
		}
	}
	return v, b.convertPlan(&v)
}

// byName orders names as readers expect (pinyin for Chinese); names equal
// but for case stay apart, so an owner's rows stay together.
func byName(a, b string) int { return cmp.Or(collation.Compare(a, b), strings.Compare(a, b)) }

// convertPlan adds the region's total in the reporting currency, with its
// rate date, or the sentence why it has none.
func (b *Book) convertPlan(v *accounts.RegionPlanView) error {
	rates, err := b.st().Rates()
	if err != nil || !rates.NeedsConverting(v.Totals) {
		return err
	}
	t, used, err := rates.ConvertTotals(v.Totals, b.Today())
	if err != nil {
		p := accounts.ErrorPhrase(err)
		v.RatesProblem = &p
		return nil
	}
	v.Converted, v.RateDate = &t, used.RateDate
	return nil
}

// ExportWeekPlan prints the route as the one-page weekly visit plan in
// lang ("en" or "zh") to path, whole or not at all.
func (b *Book) ExportWeekPlan(route accounts.Route, lang, path string) error {
	o := DocumentOptions{Lang: lang, Now: b.now()}
	failed := accounts.Say("file.print_failed", "Kind", accounts.Phrase{Key: "file.kind.week_plan"}, "Name", route.Owner)
	return writeFile(path, 0o600, failed, func(w io.Writer) error { return documents.WeekPlan(w, route, o) })
}

// ExportRegionPlan prints the regional plan in lang to path, whole or not
// at all.
func (b *Book) ExportRegionPlan(view accounts.RegionPlanView, lang, path string) error {
	o := DocumentOptions{Lang: lang, Now: b.now()}
	failed := accounts.Say("file.print_failed", "Kind", accounts.Phrase{Key: "file.kind.region_plan"}, "Name", view.Region)
	return writeFile(path, 0o600, failed, func(w io.Writer) error { return documents.RegionalPlan(w, view, o) })
}

// WeekPlanFileName is the usual file name of a route's printed plan, e.g.
// "route-Li-Wei-2026-W49.pdf".
func WeekPlanFileName(route accounts.Route) string {
	return documents.WeekPlanFileName(route)
}

// RegionPlanFileName is the usual file name of a printed regional plan,
// e.g. "region-plan-华东-2027.pdf".
func RegionPlanFileName(view accounts.RegionPlanView) string {
	return documents.RegionPlanFileName(view)
}

// nameGroups names each row's group: the plan of a region shows which of
// its accounts belong together, also when the group's head is elsewhere.
func nameGroups(v *accounts.RegionPlanView, sums []Summary) {
	g := GroupsOf(sums)
	names := make(map[accounts.ID]string, len(sums))
	for _, s := range sums {
		names[s.ID] = s.Name
	}
	for i := range v.Rows {
		id := v.Rows[i].AccountID
		if g.Parent(id) != "" || g.IsGroup(id) {
			v.Rows[i].Group = names[g.Root(id)]
		}
	}
}
