package accounts

import "slices"

// The derived risk signals as a table: each rule has its stable code, the
// kind of recorded sign that states the same fact (then the rule stays
// silent, so one fact is not counted twice), and the function that looks at
// the account and says whether it fires, with how many points and which
// evidence. Its sentences live in the translation files under
// "risk.<code>.reason" (what the user reads next to the points),
// "risk.<code>.weight" and "risk.<code>.meaning" (the README's table), so
// adding a signal is one entry here and three lines per language there.

// riskHit is what a rule found: its points and the evidence its sentence
// shows. Variant picks another sentence of the same rule
// ("risk.<code>.reason_<variant>") when the evidence has another shape.
type riskHit struct {
	Points  int
	Variant string
	Args    []any // name/value pairs
}

// riskRule is one derived signal.
type riskRule struct {
	Code       string
	sameAs     WarningKind // a recorded sign of this kind replaces the rule
	thresholds []any       // what the weight and the meaning quote
	variants   []string    // the other sentences fire may choose
	fire       func(*riskFacts) (riskHit, bool)
}

func (r riskRule) signal() Signal {
	return Signal{Code: r.Code, Weight: Say("risk."+r.Code+".weight", r.thresholds...),
		Meaning: Say("risk."+r.Code+".meaning", r.thresholds...)}
}

// keys lists every translation key of the rule.
func (r riskRule) keys() []string {
	out := []string{"risk." + r.Code + ".reason", "risk." + r.Code + ".weight", "risk." + r.Code + ".meaning"}
	for _, v := range r.variants {
		out = append(out, "risk."+r.Code+".reason_"+v)
	}
	return out
}

func (r riskRule) reason(h riskHit) Phrase {
	key := "risk." + r.Code + ".reason"
	if h.Variant != "" {
		key += "_" + h.Variant
	}
	return Say(key, h.Args...)
}

// riskRules are the derived signals in the order the README lists them.
var riskRules = []riskRule{
	{Code: SignalNoVisitInCadence, variants: []string{"since_created", "never"}, fire: noVisitInCadence},
	{Code: SignalKeyPersonLeft, sameAs: WarnKeyPersonLeft, thresholds: []any{"Days", KeyPersonLeftDays}, fire: keyPersonLeft},
	{Code: SignalNoInfluentialAlly, thresholds: []any{"Level", InfluentialLevel}, variants: []string{"unknown"}, fire: noInfluentialAlly},
	{Code: SignalOverdueReceivables, sameAs: WarnLatePayment, variants: []string{"share"}, fire: overdueReceivables},
	{Code: SignalRevenueFalling, sameAs: WarnOrdersDeclining, thresholds: []any{"Pct", RevenueDropPct}, fire: revenueFalling},
	{Code: SignalWalletFalling, thresholds: []any{"Points", WalletDropPoints}, fire: walletFalling},
	{Code: SignalRenewalNoPlan, thresholds: []any{"Days", RenewalWindowDays}, fire: renewalWithoutPlan},
	{Code: SignalNegativeRun, thresholds: []any{"Min", NegativeRunMin}, fire: negativeRun},
	{Code: SignalFollowUpsOverdue, fire: followUpsOverdue},
	{Code: SignalRecency, thresholds: []any{"Factor", RecencyFactor, "Visits", RecencyMinVisits}, fire: rfmRecency},
	{Code: SignalFrequency, thresholds: []any{"Days", FrequencyWindowDays}, fire: rfmFrequency},
	{Code: SignalMonetary, thresholds: []any{"Pct", MonetaryDropPct}, fire: rfmMonetary},
}

// noVisitInCadence: no visit for longer than the account's cadence, counted
// from the last visit, else from the day the account was created.
func noVisitInCadence(f *riskFacts) (riskHit, bool) {
	cad := f.acc.CadenceDays
	if cad <= 0 {
		return riskHit{}, false
	}
	var h riskHit
	var days int
	switch {
	case len(f.visits) > 0:
		days = f.todayN - int(f.visits[0].day)
		h.Args = []any{"Days", days, "Last", DateOf(f.visit(0).At), "Cadence", cad}
	case !f.acc.CreatedAt.IsZero():
		created := DateOf(f.acc.CreatedAt)
		days = f.todayN - dayNum(created)
		h.Variant, h.Args = "since_created", []any{"Days", days, "Created", created, "Cadence", cad}
	default:
		days = 1 << 20
		h.Variant, h.Args = "never", []any{"Cadence", cad}
	}
	if days <= cad {
		return riskHit{}, false
	}
	h.Points = 25
	if over := days - cad; over < 2*cad {
		h.Points = min(25, 5+10*over/cad)
	}
	return h, true
}

// keyPersonLeft: a champion, coach or economic buyer left recently.
func keyPersonLeft(f *riskFacts) (riskHit, bool) {
	var who []Phrase
	for i := range f.in.Contacts {
		c := &f.in.Contacts[i]
		if c.Active() || c.Placeholder {
			continue
		}
		if !(c.Role == RoleEconomic || c.Role == RoleCoach || c.Attitude == AttitudeChampion) {
			continue
		}
		if c.LeftOn.IsZero() || dayNum(c.LeftOn) > f.todayN || f.todayN-dayNum(c.LeftOn) > KeyPersonLeftDays {
			continue
		}
		who = append(who, Say("risk.key_person_left.person", "Name", c.Name, "Date", c.LeftOn))
	}
	if len(who) == 0 {
		return riskHit{}, false
	}
	return riskHit{Points: min(25, 15*len(who)), Args: []any{"People", who}}, true
}

// noInfluentialAlly: we do not know who decides, or no one who does is on
// our side.
func noInfluentialAlly(f *riskFacts) (riskHit, bool) {
	total, influential := 0, 0
	supported := false
	for i := range f.in.Contacts {
		c := &f.in.Contacts[i]
		if !c.Active() || c.Placeholder {
			continue
		}
		total++
		if c.Influence >= InfluentialLevel {
			influential++
			supported = supported || c.Attitude.Supportive()
		}
	}
	switch {
	case total > 0 && influential == 0:
		return riskHit{Points: 12, Variant: "unknown", Args: []any{"Level", InfluentialLevel, "Total", total}}, true
	case influential > 0 && !supported:
		return riskHit{Points: 12, Args: []any{"Level", InfluentialLevel, "Count", influential}}, true
	}
	return riskHit{}, false
}

// overdueReceivables: the account owes overdue payments; more points when
// they reach a tenth of a year's revenue.
func overdueReceivables(f *riskFacts) (riskHit, bool) {
	od := f.acc.OverdueReceivables.Minor
	if od <= 0 {
		return riskHit{}, false
	}
	h := riskHit{Points: 8, Args: []any{"Amount", f.money(od)}}
	if year := yearlyRevenue(f.acc.Revenue, f.today); year > 0 {
		h.Variant = "share"
		h.Args = append(h.Args, "Pct", float64(od)*100/float64(year))
		if od*10 >= year {
			h.Points = 14
		}
	}
	return h, true
}

// revenueFalling: the latest complete period against the one before.
func revenueFalling(f *riskFacts) (riskHit, bool) {
	if len(f.series) < 2 {
		return riskHit{}, false
	}
	last, prev := f.series[len(f.series)-1], f.series[len(f.series)-2]
	if prev.Amount.Minor <= 0 || last.Amount.Minor >= prev.Amount.Minor {
		return riskHit{}, false
	}
	drop := float64(prev.Amount.Minor-last.Amount.Minor) * 100 / float64(prev.Amount.Minor)
	if drop < RevenueDropPct {
		return riskHit{}, false
	}
	return riskHit{Points: min(18, 6+int(drop)/5), Args: []any{"Drop", drop,
		"Last", f.money(last.Amount.Minor), "LastPeriod", last.Period,
		"Prev", f.money(prev.Amount.Minor), "PrevPeriod", prev.Period}}, true
}

// walletFalling: our share of the account's spend fell.
func walletFalling(f *riskFacts) (riskHit, bool) {
	var known []RevenueEntry
	for _, r := range f.series {
		if r.ShareOfWallet() >= 0 {
			known = append(known, r)
		}
	}
	if len(known) < 2 {
		return riskHit{}, false
	}
	last, prev := known[len(known)-1], known[len(known)-2]
	// Whole percentage points, rounded, so the edge is what the user reads.
	lp := int(last.ShareOfWallet()*100 + 0.5)
	pp := int(prev.ShareOfWallet()*100 + 0.5)
	d := pp - lp
	if d < WalletDropPoints {
		return riskHit{}, false
	}
	return riskHit{Points: min(15, 6+d/2), Args: []any{"Prev", pp, "PrevPeriod", prev.Period, "Last", lp, "LastPeriod", last.Period}}, true
}

// renewalWithoutPlan: the contract renews soon and the plan has nothing open.
func renewalWithoutPlan(f *riskFacts) (riskHit, bool) {
	r := f.acc.RenewalDate
	if r.IsZero() {
		return riskHit{}, false
	}
	days := dayNum(r) - f.todayN
	if days < 0 || days > RenewalWindowDays || (f.in.Plan != nil && f.in.Plan.HasOpenAction()) {
		return riskHit{}, false
	}
	return riskHit{Points: 12, Args: []any{"Date", r, "Days", days}}, true
}

// negativeRun: a run of negative outcomes among the latest visits with an
// outcome.
func negativeRun(f *riskFacts) (riskHit, bool) {
	run := 0
	var since Date
	for i := range f.visits {
		o := f.visit(i).Outcome
		if o == "" {
			continue
		}
		if o != OutcomeNegative {
			break
		}
		run++
		since = DateOf(f.visit(i).At)
	}
	if run < NegativeRunMin {
		return riskHit{}, false
	}
	return riskHit{Points: min(18, 6*run), Args: []any{"Run", run, "Since", since}}, true
}

// followUpsOverdue: next steps promised at visits, past due and not done.
func followUpsOverdue(f *riskFacts) (riskHit, bool) {
	n := 0
	var oldest Date
	for i := range f.visits {
		for _, s := range f.visit(i).NextSteps {
			if s.Done || s.Due.IsZero() {
				continue
			}
			if due := dayNum(s.Due); due < f.todayN {
				n++
				if oldest.IsZero() || due < dayNum(oldest) {
					oldest = s.Due
				}
			}
		}
	}
	if n == 0 {
		return riskHit{}, false
	}
	return riskHit{Points: min(12, 4*n), Args: []any{"Count", n, "Oldest", oldest, "Ago", f.todayN - dayNum(oldest)}}, true
}

// rfmRecency: against the account's own rhythm, not the set cadence.
func rfmRecency(f *riskFacts) (riskHit, bool) {
	if len(f.visits) < RecencyMinVisits {
		return riskHit{}, false
	}
	gaps := make([]int, 0, len(f.visits)-1)
	for i := 0; i+1 < len(f.visits); i++ {
		gaps = append(gaps, int(f.visits[i].day-f.visits[i+1].day))
	}
	slices.Sort(gaps)
	med := gaps[len(gaps)/2]
	if len(gaps)%2 == 0 {
		med = (gaps[len(gaps)/2-1] + gaps[len(gaps)/2] + 1) / 2
	}
	med = max(med, 1)
	since := f.todayN - int(f.visits[0].day)
	if since <= RecencyFactor*med {
		return riskHit{}, false
	}
	return riskHit{Points: 8, Args: []any{"Since", since, "Median", med}}, true
}

// rfmFrequency: the last 90 days against the year before them.
func rfmFrequency(f *riskFacts) (riskHit, bool) {
	recentFrom := f.todayN - FrequencyWindowDays + 1 // window of 90 days ending today
	histFrom := recentFrom - 365
	recent, hist := 0, 0
	for i := range f.visits {
		switch d := int(f.visits[i].day); {
		case d >= recentFrom:
			recent++
		case d >= histFrom:
			hist++
		}
	}
	if hist == 0 {
		return riskHit{}, false
	}
	avg := float64(hist) * FrequencyWindowDays / 365
	if float64(recent)*2 >= avg {
		return riskHit{}, false
	}
	return riskHit{Points: 8, Args: []any{"Recent", recent, "Days", FrequencyWindowDays, "Avg", avg}}, true
}

// rfmMonetary: latest revenue against the average of up to four before.
func rfmMonetary(f *riskFacts) (riskHit, bool) {
	if len(f.series) < 3 {
		return riskHit{}, false
	}
	last := f.series[len(f.series)-1]
	prev := f.series[max(0, len(f.series)-5) : len(f.series)-1]
	var sum int64
	for _, r := range prev {
		sum += r.Amount.Minor
	}
	avg := float64(sum) / float64(len(prev))
	if avg <= 0 {
		return riskHit{}, false
	}
	drop := (avg - float64(last.Amount.Minor)) * 100 / avg
	if drop < MonetaryDropPct {
		return riskHit{}, false
	}
	return riskHit{Points: min(12, 8+int(drop-MonetaryDropPct)/10), Args: []any{"Amount", f.money(last.Amount.Minor),
		"Period", last.Period, "Drop", drop, "Count", len(prev), "Avg", f.money(int64(avg + 0.5))}}, true
}
