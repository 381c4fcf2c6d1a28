// Package demo generates Keycard's demo portfolio and the large data set used
// by the benchmarks. The output depends only on the options: a seed and a
// clock always yield the same accounts, ids included, so a demo database can
// be rebuilt and a benchmark rerun on identical data.
package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"keycard/accounts"
)

// Options choose what to generate.
type Options struct {
	Seed int64
	// Accounts is how many accounts to generate; 0 means the 30-account
	// portfolio, or 10,000 accounts in Large mode.
	Accounts int
	// Now is the day the data is generated for: visits lie in the year before
	// it, renewals and open follow-ups after it. The zero time means
	// DefaultNow, so that the output never depends on the wall clock.
	Now time.Time
	// Large switches to the benchmark set: on average 15 contacts and 100
	// visits per account, with the first account holding 200 contacts and
	// 2,000 visits, and short texts to keep the file reasonable.
	Large bool
}

// DefaultNow is the clock used when Options.Now is zero.
var DefaultNow = time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)

// Sizes of the large set.
const (
	LargeAccounts       = 10000
	LargeFirstContacts  = 200
	LargeFirstVisits    = 2000
	DefaultAccounts     = 30
	largeContactsSpread = 23  // 4…26 contacts, mean 15
	largeVisitsSpread   = 161 // 20…180 visits, mean 100
)

func (o Options) normalized() Options {
	if o.Now.IsZero() {
		o.Now = DefaultNow
	}
	o.Now = o.Now.Truncate(time.Second)
	if o.Accounts <= 0 {
		o.Accounts = DefaultAccounts
		if o.Large {
			o.Accounts = LargeAccounts
		}
	}
	return o
}

// Generate returns all accounts at once; use GenerateEach for the large set.
func Generate(o Options) []accounts.AccountData {
	o = o.normalized()
	out := make([]accounts.AccountData, 0, o.Accounts)
	_ = GenerateEach(o, func(d accounts.AccountData) error {
		out = append(out, d)
		return nil
	})
	return out
}

// GenerateEach calls fn with one account at a time, so that the large set
// never sits in memory at once. It stops at and returns fn's first error.
func GenerateEach(o Options, fn func(accounts.AccountData) error) error {
	o = o.normalized()
	for i := range o.Accounts {
		if err := fn(generate(o, i)); err != nil {
			return err
		}
	}
	return nil
}

// gen holds the state of one account's generation. Each account draws from
// its own random stream (seed, index), so account i is the same whether it
// is generated alone or after 9,999 others.
type gen struct {
	o     Options
	r     *rand.Rand
	i     int
	p     profile
	now   time.Time
	today accounts.Date
	cur   string
	ours  []string // our people on the account: owner first
	short bool
}

func generate(o Options, i int) accounts.AccountData {
	g := &gen{
		o:     o,
		r:     rand.New(rand.NewPCG(uint64(o.Seed), uint64(i)*0x9E3779B97F4A7C15+1)),
		i:     i,
		p:     portfolio[i%len(portfolio)],
		now:   o.Now,
		today: accounts.DateOf(o.Now),
		short: o.Large,
	}
	g.cur = g.p.currency
	own := owners[g.p.owner]
	g.ours = append([]string{own.name}, own.team...)

	var d accounts.AccountData
	d.Account = g.account()
	id := d.Account.ID
	d.Contacts = g.contacts(id, d.Account.CreatedAt)
	d.Links = g.links(id, d.Contacts)
	d.Visits = g.visits(id, d.Contacts, d.Account.CreatedAt)
	d.Warnings = g.warnings(id)
	if i%3 == 0 {
		d.Plan = g.plan(id)
	}
	if d.Contacts == nil {
		d.Contacts = []accounts.Contact{}
	}
	if d.Links == nil {
		d.Links = []accounts.InfluenceLink{}
	}
	if d.Warnings == nil {
		d.Warnings = []accounts.Warning{}
	}
	return d
}

// between returns a uniform int in [lo, hi].
func (g *gen) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *gen) meta(created time.Time) accounts.Meta {
	return accounts.Meta{ID: accounts.IDAt(created, g.r), Version: 1, CreatedAt: created, UpdatedAt: created}
}

// at returns a working-hours time on the day n days before today.
func (g *gen) daysAgo(n int) time.Time {
	d := g.today.AddDays(-n)
	return time.Date(d.Year, d.Month, d.Day, g.between(9, 17), 15*g.r.IntN(4), 0, 0, g.now.Location())
}

func (g *gen) money(major float64) accounts.Money {
	if g.cur == "JPY" {
		major *= 20
	}
	return accounts.Amount(float64(int64(major)), g.cur)
}

func (g *gen) text(zh, en string) string {
	if g.p.zh {
		return zh
	}
	return en
}

func (g *gen) account() accounts.Account {
	p := g.p
	created := g.now.AddDate(0, 0, -g.between(400, 1500))
	a := accounts.Account{
		Meta:     g.meta(created),
		Name:     p.name,
		Industry: p.industry,
		Region:   placeOf[p.region].region,
		City:     placeOf[p.region].city,
		Owner:    g.ours[0],
		Team:     slices.Clone(g.ours[1:]),
		Tier:     p.tier,
		Stage:    p.stage,
		Currency: p.currency,
	}
	a.UpdatedAt = g.now.AddDate(0, 0, -g.between(1, 60))
	round := g.i / len(portfolio)
	if g.short {
		a.Name = fmt.Sprintf("%s %05d", p.name, g.i)
	} else if round > 0 {
		a.Name = fmt.Sprintf("%s #%d", p.name, round+1)
	}
	cadence := map[accounts.Tier]int{tS: 14, tK: 30, tG: 45, tM: 90}[p.tier]
	a.CadenceDays = cadence

	// Revenue: eight quarters ending with the last complete one.
	base := map[accounts.Tier]float64{tS: 5e6, tK: 2e6, tG: 6e5, tM: 2e5}[p.tier] * (0.6 + 0.8*g.r.Float64())
	share := 0.3 + 0.35*g.r.Float64()
	q := (int(g.now.Month())-1)/3 + 1
	y := g.now.Year()
	for k := 8; k >= 1; k-- {
		qq, yy := q-k, y
		for qq < 1 {
			qq += 4
			yy--
		}
		step := float64(8 - k) // 0 for the oldest quarter
		amount := base * (1 + float64(p.trend)*0.07*step) * (0.92 + 0.16*g.r.Float64())
		s := share
		if p.trend < 0 {
			s = share * (1 - 0.05*step)
		}
		a.Revenue = append(a.Revenue, accounts.RevenueEntry{
			Period:      fmt.Sprintf("%d-Q%d", yy, qq),
			Amount:      g.money(amount),
			WalletTotal: g.money(amount / s),
		})
	}
	a.Potential = g.money(base * 4 / share * 0.3)
	a.RenewalDate = g.today.AddDays(15 + (g.i*37)%350)
	a.CreditRating = []string{"AAA", "AA", "A", "BBB"}[g.r.IntN(4)]
	a.PaymentTerms = accountTexts[p.zh].terms
	if p.struggling || (p.trend < 0 && g.i%2 == 0) {
		a.OverdueReceivables = g.money(base * 0.25)
	}
	a.Tags = slices.Clone(p.tags)
	for _, c := range competitors.pickN(g, g.between(1, 3)) {
		a.Competitors = append(a.Competitors, accounts.Competitor{
			Name:     c,
			Share:    float64(g.between(5, 35)) / 100,
			Position: g.text("在采购部有一定影响力", "Well placed with procurement"),
		})
	}
	g.exit(&a)
	if g.short {
		return a
	}
	a.LegalName = p.legal
	a.Address = p.address
	a.Website = "https://www." + p.domain
	t := accountTexts[p.zh]
	a.StrategicGoals, a.ValueProposition, a.WhyTheyBuy = t.goals, t.value, t.why
	a.Strengths, a.Weaknesses, a.TransactionHabits = t.strengths, t.weaknesses, t.habits
	if g.i%len(portfolio) == 19 {
		a.OwnerHistory = []accounts.OwnershipChange{{
			From: g.ours[1], To: g.ours[0], At: g.now.AddDate(-1, 0, -20),
			Reason: g.text("团队调整", "Team reorganisation"),
		}}
	}
	return a
}

// exit records why an exit-stage account of the demo left; the yearly
// loss is its last four quarters of revenue, in thousands.
func (g *gen) exit(a *accounts.Account) {
	l, ok := lostAccounts[g.i%len(portfolio)]
	if !ok || a.Stage != accounts.StageExit {
		return
	}
	var year int64
	for _, r := range a.Revenue[max(0, len(a.Revenue)-4):] {
		year += r.Amount.Minor
	}
	a.Exit = &accounts.ExitRecord{Reason: l.reason, Date: g.today.AddDays(-l.daysAgo),
		YearlyLoss: accounts.Money{Minor: year / 100_000 * 100_000, Currency: g.cur}, Note: g.text(l.noteZh, l.noteEn)}
}

// pickN returns n distinct phrases.
func (b bilingual) pickN(g *gen, n int) []string {
	src := b.en
	if g.p.zh {
		src = b.zh
	}
	idx := g.r.Perm(len(src))
	out := make([]string, 0, n)
	for _, k := range idx[:min(n, len(src))] {
		out = append(out, src[k])
	}
	return out
}

func (g *gen) personName() (string, string) {
	if g.p.zh {
		s, n := zhSurnames[g.r.IntN(len(zhSurnames))], zhGiven[g.r.IntN(len(zhGiven))]
		return s.text + n.text, n.latin + "." + s.latin
	}
	f, l := enFirst[g.r.IntN(len(enFirst))], enLast[g.r.IntN(len(enLast))]
	return f.text + " " + l.text, f.latin + "." + l.latin
}

func (g *gen) contactCount() int {
	switch {
	case g.o.Large && g.i == 0:
		return LargeFirstContacts
	case g.o.Large:
		return 4 + g.r.IntN(largeContactsSpread)
	}
	return g.between(4, 15)
}

func (g *gen) attitude() accounts.Attitude {
	x := g.r.Float64()
	if g.p.struggling || g.p.trend < 0 {
		x += 0.2
	}
	switch {
	case x < 0.1:
		return accounts.AttitudeChampion
	case x < 0.4:
		return accounts.AttitudeSupporter
	case x < 0.75:
		return accounts.AttitudeNeutral
	case x < 0.9:
		return accounts.AttitudeSkeptic
	}
	return accounts.AttitudeOpponent
}

var trustFor = map[accounts.Attitude][]accounts.Trust{
	accounts.AttitudeChampion:  {accounts.TrustTrusted, accounts.TrustAdvocate},
	accounts.AttitudeSupporter: {accounts.TrustProfessional, accounts.TrustTrusted},
	accounts.AttitudeNeutral:   {accounts.TrustAcquainted, accounts.TrustProfessional},
	accounts.AttitudeSkeptic:   {accounts.TrustUnknown, accounts.TrustAcquainted},
	accounts.AttitudeOpponent:  {accounts.TrustUnknown, accounts.TrustAcquainted},
}

func (g *gen) contacts(accountID accounts.ID, created time.Time) []accounts.Contact {
	n := g.contactCount()
	cs := make([]accounts.Contact, n)
	coach := -1
	if n > 3 && !g.p.struggling {
		coach = g.between(2, n-1) // someone below the top who helps us
	}
	for k := range cs {
		c := &cs[k]
		// Most people were known soon after the account was opened.
		since := created.Add(time.Duration(g.r.Int64N(int64(200 * 24 * time.Hour)))).Truncate(time.Second)
		c.Meta = g.meta(since)
		c.AccountID = accountID
		var s seat
		if k < len(seats) {
			s = seats[k]
		} else {
			parent := seats[g.r.IntN(len(seats))]
			s = seat{"经理", "Manager", parent.deptZh, parent.deptEn, g.between(1, k-1), accounts.RoleUser, g.between(1, 3)}
		}
		c.Title, c.Department = g.text(s.zh, s.en), g.text(s.deptZh, s.deptEn)
		if s.parent >= 0 {
			c.ReportsTo = cs[s.parent].ID
		}
		c.Role, c.Influence = s.role, s.influence
		if k > 0 && g.chance(0.2) {
			c.Influence = max(1, min(5, c.Influence+g.between(-1, 1)))
		}
		c.Attitude = g.attitude()
		if k == coach {
			c.Role, c.Attitude = accounts.RoleCoach, accounts.AttitudeChampion
		}
		ts := trustFor[c.Attitude]
		c.Trust = ts[g.r.IntN(len(ts))]
		c.Style = accounts.Styles()[g.r.IntN(4)]
		c.Status = accounts.StatusActive
		var latin string
		c.Name, latin = g.personName()
		c.Email = latin + "@" + g.p.domain
		if g.short {
			continue
		}
		c.Phone = fmt.Sprintf("%s %04d %04d", g.p.phone, g.r.IntN(10000), g.r.IntN(10000))
		if g.p.zh {
			c.MessagingID = "wx_" + strings.ReplaceAll(latin, ".", "_")
		}
		if g.chance(0.5) {
			c.Birthday = accounts.NewDate(g.now.Year()-g.between(28, 60), time.Month(g.between(1, 12)), g.between(1, 28))
		}
		if g.chance(0.6) {
			c.PersonalInterests = interests.pick(g)
		}
		if c.Influence >= 3 && g.chance(0.7) {
			c.PersonalWins = wins.pick(g)
		}
		if g.chance(0.15) {
			c.PrivateRemarks = privateRemarks.pick(g)
		}
		g.relationships(c)
	}
	// A few key contacts have their birthday within the next two weeks.
	if !g.short && g.i%5 == 0 {
		k := g.r.IntN(min(n, 3))
		day := g.today.AddDays(1 + (g.i*3)%13)
		cs[k].Birthday = accounts.NewDate(day.Year-g.between(30, 58), day.Month, day.Day)
	}
	switch {
	case g.p.buyerLeft && n > 4:
		// The CFO, our economic buyer, left; the seat is open.
		g.leave(cs, 1, 45)
		seatID := g.meta(g.now.AddDate(0, 0, -40))
		cs[n-1] = accounts.Contact{
			Meta: seatID, AccountID: accountID, Placeholder: true,
			Title: g.text("财务总监（继任）", "Chief Financial Officer (successor)"), Department: g.text("财务部", "Finance"),
			ReportsTo: cs[0].ID, Role: accounts.RoleEconomic, Influence: 5,
			Status: accounts.StatusActive, Trust: accounts.TrustUnknown,
		}
	case g.i%5 == 2 && n > 5:
		g.leave(cs, n-1, g.between(30, 200))
	case g.i%4 == 3 && n > 4:
		cs[n-1] = accounts.Contact{
			Meta: cs[n-1].Meta, AccountID: accountID, Placeholder: true,
			Title: g.text("数字化总监", "Head of Digital"), Department: g.text("技术部", "Technology"),
			ReportsTo: cs[0].ID, Role: accounts.RoleTechnical, Influence: 3,
			Status: accounts.StatusActive, Trust: accounts.TrustUnknown,
		}
	}
	return cs
}

// leave marks contact k as having left n days ago; whoever reported to them
// now reports to their manager.
func (g *gen) leave(cs []accounts.Contact, k, n int) {
	c := &cs[k]
	c.Status = accounts.StatusLeft
	c.LeftOn = g.today.AddDays(-n)
	c.LeftTo = leftTo.pick(g)
	for j := range cs {
		if cs[j].ReportsTo == c.ID {
			cs[j].ReportsTo = c.ReportsTo
		}
	}
}

func (g *gen) relationships(c *accounts.Contact) {
	levels := accounts.RelationshipLevels()
	for _, person := range g.ours {
		if (person == g.ours[0] && g.chance(0.7)) || (person != g.ours[0] && g.chance(0.2)) {
			l := g.r.IntN(len(levels))
			if c.Attitude.Hostile() {
				l = 0
			}
			c.Relationships = append(c.Relationships, accounts.Relationship{
				Person: person, Level: levels[l], Wanted: levels[min(len(levels)-1, l+g.r.IntN(2))],
			})
		}
	}
}

func (g *gen) links(accountID accounts.ID, cs []accounts.Contact) []accounts.InfluenceLink {
	var out []accounts.InfluenceLink
	for range len(cs) / 4 {
		a, b := g.r.IntN(len(cs)), g.r.IntN(len(cs))
		if a == b || cs[a].ReportsTo == cs[b].ID || cs[b].ReportsTo == cs[a].ID || cs[a].Placeholder || cs[b].Placeholder {
			continue
		}
		l := accounts.InfluenceLink{
			Meta: g.meta(cs[max(a, b)].CreatedAt), AccountID: accountID,
			From: cs[a].ID, To: cs[b].ID, Strength: g.between(1, 3),
		}
		if !g.short {
			l.Note = linkNotes.pick(g)
		}
		out = append(out, l)
	}
	return out
}

func (g *gen) visitCount(cadence int) int {
	switch {
	case g.o.Large && g.i == 0:
		return LargeFirstVisits
	case g.o.Large:
		return 20 + g.r.IntN(largeVisitsSpread)
	}
	base := 365 / cadence
	return base + g.r.IntN(base/2+2) + g.between(1, 4) // plus calls and emails
}

var kindWeights = []struct {
	k accounts.VisitKind
	w int
}{
	{accounts.KindOnSite, 35}, {accounts.KindCall, 25}, {accounts.KindVideo, 14}, {accounts.KindEmail, 10},
	{accounts.KindMeal, 7}, {accounts.KindEvent, 5}, {accounts.KindGift, 3}, {accounts.KindOther, 1},
}

func (g *gen) kind() accounts.VisitKind {
	x := g.r.IntN(100)
	for _, kw := range kindWeights {
		if x < kw.w {
			return kw.k
		}
		x -= kw.w
	}
	return accounts.KindOnSite
}

func (g *gen) visits(accountID accounts.ID, cs []accounts.Contact, created time.Time) []accounts.Visit {
	cadence := map[accounts.Tier]int{tS: 14, tK: 30, tG: 45, tM: 90}[g.p.tier]
	n := g.visitCount(cadence)
	// Days before today, newest first. Some accounts have gone unvisited for
	// longer than their cadence.
	newest := g.between(1, min(cadence, 20))
	if g.i%7 == 5 || g.p.stage == sX {
		newest = cadence + g.between(10, 40)
	}
	days := make([]int, n)
	days[0] = newest
	for k := 1; k < n; k++ {
		days[k] = g.between(newest, 365)
	}
	times := make([]time.Time, n)
	for k, d := range days {
		times[k] = g.daysAgo(d)
	}
	slices.SortFunc(times, func(a, b time.Time) int { return b.Compare(a) })

	var met []int // contacts who can be met (real people)
	for k := range cs {
		if !cs[k].Placeholder {
			met = append(met, k)
		}
	}
	vs := make([]accounts.Visit, n)
	for k := range vs {
		at := times[k]
		v := &vs[k]
		v.Meta = g.meta(at)
		v.AccountID = accountID
		v.At = at
		v.Kind = g.kind()
		day := accounts.DateOf(at)
		for range g.between(1, 3) {
			c := &cs[met[g.r.IntN(len(met))]]
			if (c.Active() || day.Before(c.LeftOn)) && !slices.Contains(v.ContactIDs, c.ID) {
				v.ContactIDs = append(v.ContactIDs, c.ID)
			}
		}
		v.OurPeople = []string{g.ours[0]}
		if g.chance(0.3) {
			v.OurPeople = append(v.OurPeople, g.ours[1+g.r.IntN(len(g.ours)-1)])
		}
		v.Outcome = g.outcome(k)
		v.Objective = objectives.pick(g)
		v.Summary = summaries[v.Outcome].pick(g)
		if !g.short && (v.Kind == accounts.KindOnSite || v.Kind == accounts.KindVideo) && g.chance(0.6) {
			v.Situation, v.Problem = situations.pick(g), problems.pick(g)
			v.Implication, v.NeedPayoff = implications.pick(g), needPayoffs.pick(g)
		}
		g.nextSteps(v, day)
		g.gifts(v, cs)
	}
	g.shapeFollowUps(vs)
	return vs
}

func (g *gen) outcome(k int) accounts.Outcome {
	if g.p.struggling && k < 4 {
		return accounts.OutcomeNegative // the latest visits went badly
	}
	x := g.r.Float64()
	switch {
	case x < 0.5:
		return accounts.OutcomePositive
	case x < 0.9:
		return accounts.OutcomeNeutral
	}
	return accounts.OutcomeNegative
}

func (g *gen) nextSteps(v *accounts.Visit, day accounts.Date) {
	var count int
	switch x := g.r.Float64(); {
	case v.Kind == accounts.KindEmail || v.Kind == accounts.KindGift:
		count = 0
	case x < 0.1:
		count = 0
	case x < 0.8:
		count = 1
	default:
		count = 2
	}
	for range count {
		s := accounts.NextStep{
			ID:    accounts.IDAt(v.At, g.r),
			Text:  steps.pick(g),
			Owner: v.OurPeople[g.r.IntN(len(v.OurPeople))],
			Due:   day.AddDays(g.between(3, 21)),
		}
		// Nearly everything past due was done; a few recent promises slipped.
		if s.Due.Before(g.today) && (s.Due.DaysUntil(g.today) > 45 || g.chance(0.85)) {
			done := s.Due.AddDays(-g.r.IntN(3))
			if done.Before(day) {
				done = day
			}
			s.Done, s.DoneOn = true, done
		}
		v.NextSteps = append(v.NextSteps, s)
	}
}

// shapeFollowUps makes sure the Today view has something to show: a step due
// this week at some accounts, an overdue one at others.
func (g *gen) shapeFollowUps(vs []accounts.Visit) {
	if len(vs) == 0 {
		return
	}
	if g.i%3 == 0 {
		v := &vs[0]
		due := g.today.AddDays(g.between(1, 6))
		v.NextSteps = append(v.NextSteps, accounts.NextStep{
			ID: accounts.IDAt(v.At, g.r), Text: steps.pick(g), Owner: v.OurPeople[0], Due: due,
		})
	}
	if g.i%4 == 1 {
		for k := range vs {
			v := &vs[k]
			if len(v.NextSteps) > 0 && v.NextSteps[0].Due.Before(g.today) {
				v.NextSteps[0].Done, v.NextSteps[0].DoneOn = false, accounts.Date{}
				return
			}
		}
	}
}

func (g *gen) gifts(v *accounts.Visit, cs []accounts.Contact) {
	p := 0.02
	switch v.Kind {
	case accounts.KindGift:
		p = 1
	case accounts.KindMeal:
		p = 0.3
	}
	if !g.chance(p) {
		return
	}
	gift := accounts.Gift{Item: gifts.pick(g), Value: g.money(float64(g.between(10, 80) * 10))}
	if len(v.ContactIDs) > 0 {
		gift.ContactID = v.ContactIDs[0]
	}
	v.Gifts = append(v.Gifts, gift)
}

type warningSpec struct {
	kind     accounts.WarningKind
	sev      accounts.Severity
	status   accounts.WarningStatus
	daysAgo  int
	evidence bilingual
}

func ev(zh, en string) bilingual { return bilingual{[]string{zh}, []string{en}} }

func (g *gen) warnings(accountID accounts.ID) []accounts.Warning {
	var specs []warningSpec
	switch {
	case g.p.struggling:
		specs = []warningSpec{
			{accounts.WarnOrdersDeclining, accounts.SeverityHigh, accounts.WarningOpen, 60, ev("连续两个季度订单下降超过 20%", "Orders down more than 20 % two quarters running")},
			{accounts.WarnCompetitor, accounts.SeverityHigh, accounts.WarningOpen, 25, ev("竞争对手已在做免费试点", "A competitor is running a free pilot")},
			{accounts.WarnComplaint, accounts.SeverityMedium, accounts.WarningMonitoring, 90, ev("三月份交付延误的投诉仍未关闭", "The March delivery complaint is still open")},
			{accounts.WarnLatePayment, accounts.SeverityMedium, accounts.WarningOpen, 40, ev("两张发票逾期超过 45 天", "Two invoices more than 45 days overdue")},
		}
	case g.p.buyerLeft:
		specs = []warningSpec{
			{accounts.WarnKeyPersonLeft, accounts.SeverityCritical, accounts.WarningOpen, 45, ev("财务总监离职，继任者未定", "The CFO left; no successor named yet")},
			{accounts.WarnReducedAccess, accounts.SeverityMedium, accounts.WarningMonitoring, 30, ev("总经理两次取消会面", "The CEO cancelled two meetings")},
		}
	case g.p.trend < 0:
		specs = []warningSpec{{accounts.WarnPricePressure, accounts.SeverityMedium, accounts.WarningMonitoring, 70, ev("采购要求明年降价 8%", "Procurement asks for 8 % off next year")}}
		if g.i%2 == 0 {
			specs = append(specs, warningSpec{accounts.WarnBudgetCut, accounts.SeverityLow, accounts.WarningOpen, 20, ev("集团削减了今年的资本支出", "The group cut this year's capital budget")})
		}
	case g.i%6 == 4:
		specs = []warningSpec{{accounts.WarnComplaint, accounts.SeverityLow, accounts.WarningResolved, 150, ev("质量投诉，已更换批次", "Quality complaint; the batch was replaced")}}
	case g.i%6 == 1:
		specs = []warningSpec{{accounts.WarnReorganisation, accounts.SeverityMedium, accounts.WarningMonitoring, 35, ev("传闻将与同行合并", "Rumours of a merger with a peer")}}
	}
	out := make([]accounts.Warning, 0, len(specs))
	for _, s := range specs {
		observed := g.today.AddDays(-s.daysAgo)
		at := g.daysAgo(s.daysAgo)
		w := accounts.Warning{
			Meta: g.meta(at), AccountID: accountID, Kind: s.kind, Observed: observed,
			Severity: s.sev, Status: accounts.WarningOpen, Owner: g.ours[0],
			History: []accounts.WarningEvent{{At: at, Status: accounts.WarningOpen, Severity: s.sev}},
		}
		if !g.short {
			w.Evidence = s.evidence.pick(g)
			w.Mitigation = g.text("安排高层拜访，提交改进计划", "Executive visit and a written improvement plan")
		}
		if s.status != accounts.WarningOpen {
			later := at.AddDate(0, 0, s.daysAgo/2)
			w.Status = s.status
			w.History = append(w.History, accounts.WarningEvent{At: later, Status: s.status, Severity: s.sev})
			w.UpdatedAt = later
			if s.status == accounts.WarningResolved {
				w.ResolvedOn = accounts.DateOf(later)
			}
		}
		out = append(out, w)
	}
	return out
}

func (g *gen) plan(accountID accounts.ID) *accounts.Plan {
	created := g.now.AddDate(0, 0, -g.between(20, 120))
	pl := &accounts.Plan{Meta: g.meta(created), AccountID: accountID}
	pl.ID = accountID // one plan per account, keyed by the account
	progress := accounts.Progresses()
	objs := []struct{ zh, en, tzh, ten string }{
		{"提高钱包份额", "Grow share of wallet", "份额达到 45%", "45 % share of wallet"},
		{"打通高层关系", "Build executive access", "与总经理每季度会面", "Quarterly meeting with the CEO"},
		{"按时完成续约", "Renew on time", "续约三年", "Three-year renewal"},
	}
	for k, o := range objs[:g.between(2, 3)] {
		pl.Objectives = append(pl.Objectives, accounts.Objective{
			ID: accounts.IDAt(created, g.r), Text: g.text(o.zh, o.en), Target: g.text(o.tzh, o.ten),
			Due: g.today.AddDays(60 + 60*k), Status: progress[g.r.IntN(2)],
		})
	}
	pl.Strategies = []accounts.Strategy{
		{ID: accounts.IDAt(created, g.r), Text: g.text("以试点项目证明价值，再扩大到全集团", "Prove value with a pilot, then roll out group-wide")},
		{ID: accounts.IDAt(created, g.r), Text: g.text("建立多线联系，不依赖单一联系人", "Multi-thread the relationship beyond one contact")},
	}
	for k := range g.between(3, 5) {
		pl.Actions = append(pl.Actions, accounts.Action{
			ID: accounts.IDAt(created, g.r), Text: steps.pick(g), Owner: g.ours[g.r.IntN(len(g.ours))],
			Due: g.today.AddDays(-20 + 25*k), Status: progress[g.r.IntN(len(progress))],
			ObjectiveID: pl.Objectives[k%len(pl.Objectives)].ID,
		})
	}
	products := bilingual{
		[]string{"预测性维护服务", "备件寄售库存", "数据分析平台", "培训与认证"},
		[]string{"Predictive maintenance service", "Spare-parts consignment", "Analytics platform", "Training and certification"},
	}
	stages := accounts.OpportunityStages()
	for _, prod := range products.pickN(g, g.between(1, 3)) {
		st := stages[g.r.IntN(len(stages))]
		opened := created.AddDate(0, 0, g.between(0, 10))
		pl.Opportunities = append(pl.Opportunities, accounts.Opportunity{
			ID: accounts.IDAt(opened, g.r), Product: prod, Value: g.money(float64(g.between(5, 80)) * 1e4),
			Stage: st, ExpectedClose: g.today.AddDays(g.between(30, 240)),
			StageHistory: []accounts.StageChange{{Stage: st, At: opened}},
		})
	}
	return pl
}

// place is where an account is: the sales region a manager plans and the
// city a rep's visit route groups by.
type place struct{ region, city string }

// placeOf maps each profile's city to its sales region, so that a region
// holds several cities and several owners' accounts, as a regional plan
// and a week's visit route expect.
var placeOf = map[string]place{
	"上海": {"华东", "上海"}, "杭州": {"华东", "杭州"}, "苏州": {"华东", "苏州"}, "南京": {"华东", "南京"},
	"宁波": {"华东", "宁波"}, "青岛": {"华东", "青岛"},
	"深圳": {"华南", "深圳"}, "广州": {"华南", "广州"}, "厦门": {"华南", "厦门"},
	"北京": {"华北", "北京"}, "天津": {"华北", "天津"},
	"成都": {"西部", "成都"}, "重庆": {"西部", "重庆"}, "西安": {"西部", "西安"},
	"武汉":      {"华中", "武汉"},
	"Hamburg": {"Europe", "Hamburg"}, "Zürich": {"Europe", "Zürich"}, "Düsseldorf": {"Europe", "Düsseldorf"},
	"Bergen": {"Europe", "Bergen"}, "Manchester": {"Europe", "Manchester"},
	"Singapore": {"Asia Pacific", "Singapore"}, "Hong Kong": {"Asia Pacific", "Hong Kong"},
	"Osaka": {"Asia Pacific", "Osaka"}, "Mumbai": {"Asia Pacific", "Mumbai"},
	"Boston": {"North America", "Boston"},
}
