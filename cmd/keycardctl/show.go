package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"keycard/accounts"
)

var showCommand = command{
	name:    "show",
	args:    "ACCOUNT [--json] [--private]",
	summary: "cli.cmd.show.summary",
	help:    "cli.cmd.show.help",
	run:     runShow,
}

// recentVisits is how many visits the card shows.
const recentVisits = 5

func runShow(e *env, args []string) int {
	fs := e.flags()
	asJSON := fs.Bool("json", false, tr("cli.flag.show.json"))
	private := fs.Bool("private", false, tr("cli.flag.show.private"))
	pos, code, done := e.parse(fs, args, 1, 1)
	if done {
		return code
	}
	d, err := loadOne(e, pos[0])
	if err != nil {
		return e.fail(err)
	}
	if !*private {
		for i := range d.Contacts {
			d.Contacts[i].PrivateRemarks = ""
		}
	}
	if *asJSON {
		return e.printJSON(d)
	}
	printCard(e.stdout, d, accounts.DateOf(clock()), *private)
	return exitOK
}

func loadOne(e *env, query string) (d *accounts.AccountData, err error) {
	b, err := e.reader()
	if err != nil {
		return nil, err
	}
	defer closeBook(b, &err)
	a, err := b.FindAccount(query)
	if err != nil {
		return nil, err
	}
	return b.LoadAccount(a.ID)
}

func printCard(w io.Writer, d *accounts.AccountData, today accounts.Date, private bool) {
	a := &d.Account
	title := a.Name
	if a.LegalName != "" && a.LegalName != a.Name {
		title += "  (" + a.LegalName + ")"
	}
	fmt.Fprintln(w, title)
	fmt.Fprintln(w, strings.Repeat("=", min(displayWidth(title), 78)))

	card := &table{}
	field := func(k, v string) {
		if strings.TrimSpace(v) != "" {
			card.add(k, v)
		}
	}
	field("ID", string(a.ID))
	owner := a.Owner
	if len(a.Team) > 0 {
		owner += " " + tr("cli.show.team", "Team", strings.Join(a.Team, ", "))
	}
	field(tr("cli.show.owner"), owner)
	field(tr("cli.show.class"), tr("cli.show.class_value", "Tier", a.Tier.Label(), "Stage", a.Stage.Label(), "Cadence", a.CadenceDays))
	field(tr("cli.show.industry"), joinNonEmpty(" · ", a.Industry, a.Region))
	field(tr("cli.show.address"), a.Address)
	field(tr("cli.show.website"), a.Website)
	field(tr("cli.show.tags"), strings.Join(a.Tags, ", "))
	if r, ok := a.LatestRevenue(); ok {
		v := r.Period + ": " + money(r.Amount, a)
		if sw := r.ShareOfWallet(); sw >= 0 {
			v += " " + tr("cli.show.wallet", "Pct", sw*100)
		}
		field(tr("cli.show.revenue"), v)
	}
	if !a.Potential.IsZero() {
		field(tr("cli.show.potential"), tr("cli.show.per_year", "Amount", money(a.Potential, a)))
	}
	field(tr("cli.show.credit"), joinNonEmpty(" · ", a.CreditRating, a.PaymentTerms))
	if !a.OverdueReceivables.IsZero() {
		field(tr("cli.show.overdue"), money(a.OverdueReceivables, a))
	}
	if !a.RenewalDate.IsZero() {
		field(tr("cli.show.renewal"), a.RenewalDate.String()+" ("+relDays(today, a.RenewalDate)+")")
	}
	var comps []string
	for _, c := range a.Competitors {
		if c.Share > 0 {
			comps = append(comps, fmt.Sprintf("%s (%.0f %%)", c.Name, c.Share*100))
		} else {
			comps = append(comps, c.Name)
		}
	}
	field(tr("cli.show.competitors"), strings.Join(comps, ", "))
	field(tr("cli.show.goals"), a.StrategicGoals)
	field(tr("cli.show.value"), a.ValueProposition)
	field(tr("cli.show.why"), a.WhyTheyBuy)
	field(tr("cli.show.strengths"), a.Strengths)
	field(tr("cli.show.weaknesses"), a.Weaknesses)
	field(tr("cli.show.habits"), a.TransactionHabits)
	field(tr("cli.show.notes"), a.Notes)
	card.write(w, "")

	printContacts(w, d, private)
	printVisits(w, d, today)
	printSteps(w, d, today)
	printWarnings(w, d)
}

func printContacts(w io.Writer, d *accounts.AccountData, private bool) {
	left := 0
	for _, c := range d.Contacts {
		if !c.Active() {
			left++
		}
	}
	fmt.Fprintln(w, "\n"+tr("cli.show.contacts", "N", len(d.Contacts), "Left", left))
	if len(d.Contacts) == 0 {
		fmt.Fprintln(w, "  "+tr("cli.show.none_yet"))
		return
	}
	names := map[accounts.ID]string{}
	for _, c := range d.Contacts {
		names[c.ID] = say(c.Who())
	}
	cs := slices.Clone(d.Contacts)
	// Most influential first; people who left at the end.
	slices.SortStableFunc(cs, func(x, y accounts.Contact) int {
		if x.Active() != y.Active() {
			if x.Active() {
				return -1
			}
			return 1
		}
		return y.Influence - x.Influence
	})
	t := &table{}
	t.add(tr("cli.show.head.name"), tr("cli.show.head.title"), tr("cli.show.head.role"), tr("cli.show.head.attitude"), tr("cli.show.head.influence"), tr("cli.show.head.reports_to"))
	for _, c := range cs {
		name := say(c.Who())
		if !c.Active() {
			name += " " + tr("cli.show.left_on", "Date", c.LeftOn)
		}
		t.add(clip(name, 32), clip(c.Title, 28), orDash(roleLabel(c.Role)), orDash(attitudeLabel(c.Attitude)),
			strconv.Itoa(c.Influence)+"/5", orDash(clip(names[c.ReportsTo], 20)))
	}
	t.write(w, "  ")
	if private {
		for _, c := range cs {
			if c.PrivateRemarks != "" {
				fmt.Fprintf(w, "  %s\n", tr("cli.show.private", "Name", c.Who(), "Remarks", c.PrivateRemarks))
			}
		}
	}
}

func roleLabel(r accounts.BuyingRole) string {
	if r == "" {
		return ""
	}
	return say(r.Label())
}

func attitudeLabel(a accounts.Attitude) string {
	if a == "" {
		return ""
	}
	return say(a.Label())
}

func printVisits(w io.Writer, d *accounts.AccountData, today accounts.Date) {
	fmt.Fprintln(w, "\n"+tr("cli.show.visits", "N", min(recentVisits, len(d.Visits)), "Of", len(d.Visits)))
	if len(d.Visits) == 0 {
		fmt.Fprintln(w, "  "+tr("cli.show.none_yet"))
		return
	}
	vs := slices.Clone(d.Visits)
	slices.SortStableFunc(vs, func(x, y accounts.Visit) int { return y.At.Compare(x.At) })
	t := &table{}
	for _, v := range vs[:min(recentVisits, len(vs))] {
		outcome := "-"
		if v.Outcome != "" {
			outcome = say(v.Outcome.Label())
		}
		text := v.Summary
		if text == "" {
			text = v.Objective
		}
		t.add(v.At.Format("2006-01-02"), say(v.Kind.Label()), outcome, clip(text, 60))
	}
	t.write(w, "  ")
}

func printSteps(w io.Writer, d *accounts.AccountData, today accounts.Date) {
	var steps []accounts.NextStep
	for _, v := range d.Visits {
		for _, s := range v.NextSteps {
			if !s.Done {
				steps = append(steps, s)
			}
		}
	}
	slices.SortStableFunc(steps, func(x, y accounts.NextStep) int {
		switch {
		case x.Due.IsZero() != y.Due.IsZero(): // undated last
			if x.Due.IsZero() {
				return 1
			}
			return -1
		case x.Due.Before(y.Due):
			return -1
		case y.Due.Before(x.Due):
			return 1
		}
		return 0
	})
	fmt.Fprintln(w, "\n"+tr("cli.show.steps", "N", len(steps)))
	if len(steps) == 0 {
		fmt.Fprintln(w, "  "+tr("cli.show.none"))
		return
	}
	t := &table{}
	for _, s := range steps {
		due, when := tr("cli.show.no_date"), ""
		if !s.Due.IsZero() {
			due, when = s.Due.String(), relDays(today, s.Due)
			if s.Due.Before(today) {
				when = tr("cli.show.overdue_when", "When", when)
			}
		}
		t.add(due, clip(s.Text, 50), orDash(s.Owner), when)
	}
	t.write(w, "  ")
}

func printWarnings(w io.Writer, d *accounts.AccountData) {
	live := 0
	for _, x := range d.Warnings {
		if x.Live() {
			live++
		}
	}
	fmt.Fprintln(w, "\n"+tr("cli.show.warnings", "Live", live, "Resolved", len(d.Warnings)-live))
	if len(d.Warnings) == 0 {
		fmt.Fprintln(w, "  "+tr("cli.show.none_recorded"))
		return
	}
	ws := slices.Clone(d.Warnings)
	slices.SortStableFunc(ws, func(x, y accounts.Warning) int {
		if x.Live() != y.Live() {
			if x.Live() {
				return -1
			}
			return 1
		}
		return strings.Compare(y.Observed.String(), x.Observed.String())
	})
	t := &table{}
	for _, x := range ws {
		t.add(say(x.Status.Label()), say(x.Severity.Label()), say(x.Kind.Label()), tr("cli.show.observed", "Date", x.Observed), clip(x.Evidence, 50))
	}
	t.write(w, "  ")
}

// relDays says "in 3 days", "today" or "5 days ago".
func relDays(today, d accounts.Date) string {
	n := today.DaysUntil(d)
	switch {
	case n == 0:
		return tr("cli.day.today")
	case n == 1:
		return tr("cli.day.tomorrow")
	case n == -1:
		return tr("cli.day.yesterday")
	case n > 0:
		return tr("cli.day.in", "N", n)
	}
	return tr("cli.day.ago", "N", -n)
}

// money formats m in the account's currency when it has none of its own.
func money(m accounts.Money, a *accounts.Account) string {
	if m.Currency == "" {
		m.Currency = a.CurrencyOrDefault()
	}
	return m.String()
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
