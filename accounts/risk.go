package accounts

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"time"
)

// The risk score answers "which of my accounts is slipping away, and why?".
// It adds up points from two sources: warning signs the user recorded, and
// signals derived from the data itself (visits, contacts, revenue, plan). Each
// source is a Reason with its own points and a sentence that carries the
// evidence (dates, numbers), so the user can check every point and argue with
// it. Weights are fixed and documented (see Signals) rather than learned,
// because a manager must be able to predict what will move the score.

// RiskInput is everything the score looks at for one account. Visits may come
// in any order; records dated after the scoring day are ignored so that a score
// for a past day (the history trend) sees only what was known then.
type RiskInput struct {
	Account  *Account
	Contacts []Contact
	Visits   []Visit // any order
	Warnings []Warning
	Plan     *Plan
}

// Stable codes of the derived signals. Stored snapshots and the CLI's JSON
// carry them, so they never change; the sentences may.
const (
	SignalNoVisitInCadence   = "no_visit_in_cadence"
	SignalKeyPersonLeft      = "key_person_left"
	SignalNoInfluentialAlly  = "no_influential_supporter"
	SignalOverdueReceivables = "overdue_receivables"
	SignalRevenueFalling     = "revenue_falling"
	SignalWalletFalling      = "share_of_wallet_falling"
	SignalRenewalNoPlan      = "renewal_without_plan"
	SignalNegativeRun        = "negative_visit_run"
	SignalFollowUpsOverdue   = "follow_ups_overdue"
	SignalRecency            = "rfm_recency"
	SignalFrequency          = "rfm_frequency"
	SignalMonetary           = "rfm_monetary"
	// SignalCap is the negative reason that brings a sum above 100 back to
	// 100, so that the reasons still add up to the score shown.
	SignalCap = "cap"
	// WarningCodePrefix starts the code of a recorded sign's reason:
	// "warning:late_payment".
	WarningCodePrefix = "warning:"
)

// Thresholds of the derived signals. They are named so the tests, the README
// table and the rules cannot drift apart.
const (
	// KeyPersonLeftDays is how long a departure of a champion or economic
	// buyer keeps counting; after that the map should show who replaced them.
	KeyPersonLeftDays = 180
	// InfluentialLevel is the influence from which a contact counts as one of
	// the most influential.
	InfluentialLevel = 4
	// RenewalWindowDays is how close a renewal must be to need a plan action.
	RenewalWindowDays = 90
	// NegativeRunMin is how many latest visits in a row must have gone badly.
	NegativeRunMin = 2
	// RevenueDropPct is the fall, period over period, from which revenue
	// counts as falling (percent).
	RevenueDropPct = 10
	// WalletDropPoints is the fall of share of wallet, in percentage points,
	// that counts.
	WalletDropPoints = 5
	// RecencyFactor: the time since the last visit must exceed this many
	// times the account's own median gap between visits.
	RecencyFactor = 2
	// RecencyMinVisits is how many visits make a history to compare with.
	RecencyMinVisits = 4
	// FrequencyWindowDays is the recent window of the frequency signal; its
	// history is the year before that window.
	FrequencyWindowDays = 90
	// MonetaryDropPct: latest revenue below the average of the previous
	// periods by at least this much (percent) is a monetary drop.
	MonetaryDropPct = 30
)

// Signal describes one entry of the catalogue of what can add to a risk
// score, as the README's table shows it.
type Signal struct {
	Code    string
	Weight  Phrase // how points are computed
	Meaning Phrase
}

// Points of a recorded warning sign by severity; a sign under monitoring
// counts half, because someone is already watching it.
var severityPoints = map[Severity]int{
	SeverityLow:      4,
	SeverityMedium:   8,
	SeverityHigh:     14,
	SeverityCritical: 20,
}

// The two catalogue entries that are not derived rules: recorded signs and
// the cap. They sit beside the rules so that Signals lists everything.
var (
	recordedSignal = Signal{WarningCodePrefix + "<kind>", Phrase{Key: "risk.warning.weight"}, Phrase{Key: "risk.warning.meaning"}}
	capSignal      = Signal{SignalCap, Phrase{Key: "risk.cap.weight"}, Phrase{Key: "risk.cap.meaning"}}
)

// Signals returns the catalogue of derived signals and recorded signs with
// their weights, in the order the README shows them. It is read off the rule
// list, so it cannot drift from what ScoreRisk does.
func Signals() []Signal {
	out := make([]Signal, 0, len(riskRules)+2)
	for _, r := range riskRules {
		out = append(out, r.signal())
	}
	return append(out, recordedSignal, capSignal)
}

// RiskLevelOf buckets a score: low below 25, elevated 25–49, high 50–74,
// critical from 75.
func RiskLevelOf(score int) RiskLevel {
	switch {
	case score >= 75:
		return RiskCritical
	case score >= 50:
		return RiskHigh
	case score >= 25:
		return RiskElevated
	}
	return RiskLow
}

// ScoreRisk computes the account's risk on the given day. It reads no clock
// and no map iteration order, so the same input and day always give the same
// score and the same reasons in the same order.
func ScoreRisk(in RiskInput, today Date) RiskScore {
	f := newRiskFacts(in, today)
	rs := RiskScore{AccountID: f.acc.ID, Reasons: make([]Reason, 0, 8+len(in.Warnings))}

	// Recorded signs first: they also decide which derived signals would
	// count the same fact twice.
	rs.Reasons = append(rs.Reasons, f.recordedReasons()...)
	for _, rule := range riskRules {
		if rule.sameAs != "" && f.recorded[rule.sameAs] {
			continue
		}
		if hit, ok := rule.fire(f); ok && hit.Points > 0 {
			rs.Reasons = append(rs.Reasons, Reason{Code: rule.Code, Points: hit.Points, Text: rule.reason(hit)})
		}
	}

	sort.SliceStable(rs.Reasons, func(i, j int) bool { return reasonLess(rs.Reasons[i], rs.Reasons[j]) })
	sum := 0
	for _, r := range rs.Reasons {
		sum += r.Points
	}
	if sum > 100 {
		rs.Reasons = append(rs.Reasons, Reason{Code: SignalCap, Points: 100 - sum, Text: Say("risk.cap.reason", "Sum", sum)})
		sum = 100
	}
	rs.Score = sum
	rs.Level = RiskLevelOf(sum)
	return rs
}

// reasonLess orders reasons by points, highest first, then by code. Two
// reasons share a code only when two signs of one kind are recorded; they
// are then ordered by severity, state and the day observed.
func reasonLess(a, b Reason) bool {
	if a.Points != b.Points {
		return a.Points > b.Points
	}
	if a.Code != b.Code {
		return a.Code < b.Code
	}
	return recordedOrder(a) < recordedOrder(b)
}

// recordedOrder is the sort key of a recorded sign's reason: its severity,
// its state and the day it was observed, lower case words as they once were
// compared in the sentence itself.
func recordedOrder(r Reason) string {
	code := func(name string) string {
		p, _ := r.Text.Args[name].(Phrase)
		return p.Key[strings.LastIndexByte(p.Key, '.')+1:]
	}
	obs, _ := r.Text.Args["Observed"].(Date)
	return code("Severity") + ", " + code("State") + ", observed " + obs.String()
}

// riskFacts is what the rules read, worked out once per score: the visits up
// to the day, latest first, the complete revenue periods and the kinds of
// the recorded signs.
type riskFacts struct {
	in       RiskInput
	acc      *Account
	today    Date
	todayN   int
	visits   []pastVisit
	series   []RevenueEntry
	recorded map[WarningKind]bool
}

func newRiskFacts(in RiskInput, today Date) *riskFacts {
	acc := in.Account
	if acc == nil {
		acc = &Account{}
	}
	todayN := dayNum(today)
	return &riskFacts{in: in, acc: acc, today: today, todayN: todayN,
		visits: pastVisits(in.Visits, todayN), series: revenueSeries(acc.Revenue, today),
		recorded: map[WarningKind]bool{}}
}

// visit returns the i-th past visit, latest first.
func (f *riskFacts) visit(i int) *Visit { return &f.in.Visits[f.visits[i].idx] }

// money shows an amount in the account's currency.
func (f *riskFacts) money(minor int64) string {
	return Money{Minor: minor, Currency: f.acc.CurrencyOrDefault()}.String()
}

// recordedReasons turns the signs live on the day into reasons and notes
// their kinds.
func (f *riskFacts) recordedReasons() []Reason {
	var out []Reason
	for _, w := range f.in.Warnings {
		if !w.Observed.IsZero() && dayNum(w.Observed) > f.todayN {
			continue
		}
		// A sign resolved after the scoring day was still live on it.
		if w.Status == WarningResolved && (w.ResolvedOn.IsZero() || dayNum(w.ResolvedOn) <= f.todayN) {
			continue
		}
		pts := severityPoints[w.Severity]
		if pts == 0 {
			continue
		}
		state := WarningOpen
		if w.Status == WarningMonitoring {
			pts /= 2
			state = WarningMonitoring
		}
		f.recorded[w.Kind] = true
		out = append(out, Reason{Code: WarningCodePrefix + string(w.Kind), Points: pts, Recorded: true,
			Text: Say("risk.warning.reason", "Kind", w.Kind.Label(), "Severity", w.Severity.Label(), "State", state.Label(), "Observed", w.Observed)})
	}
	return out
}

// pastVisit is a visit's position in the input with its day worked out
// once: scoring compares days many times, and Date's own comparisons format
// strings. It holds no pointer so that sorting it is plain copying.
type pastVisit struct {
	at  int64 // Unix nanoseconds, for sorting
	day int32 // dayNum of the visit's date
	idx int32 // index in the input
}

// pastVisits returns the visits on or before today, latest first; ties keep
// a fixed order by id so the result does not depend on the input order.
func pastVisits(in []Visit, todayN int) []pastVisit {
	out := make([]pastVisit, 0, len(in))
	for i := range in {
		if in[i].At.IsZero() {
			continue
		}
		if n := dayNum(DateOf(in[i].At)); n <= todayN {
			out = append(out, pastVisit{in[i].At.UnixNano(), int32(n), int32(i)})
		}
	}
	slices.SortFunc(out, func(a, b pastVisit) int {
		if a.at != b.at {
			return cmp.Compare(b.at, a.at)
		}
		return cmp.Compare(in[a.idx].ID, in[b.idx].ID)
	})
	return out
}

// dayNum numbers calendar days (0 is 1970-01-01), so that comparing and
// subtracting dates is integer arithmetic.
func dayNum(d Date) int {
	y, m := d.Year, int(d.Month)
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	doy := (153*((m+9)%12)+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// periodKind is how long a revenue period is.
type periodKind int

const (
	periodYear periodKind = iota
	periodQuarter
	periodMonth
)

// periodInfo reads "2026", "2026-Q3" or "2026-07" into its kind, a sequence
// number within the kind and the day it ends.
func periodInfo(p string) (kind periodKind, seq int, end Date, ok bool) {
	digits := func(s string) (int, bool) {
		n := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
			n = n*10 + int(s[i]-'0')
		}
		return n, true
	}
	if len(p) < 4 {
		return 0, 0, Date{}, false
	}
	y, yok := digits(p[:4])
	switch {
	case !yok:
	case len(p) == 4:
		return periodYear, y, Date{y, 12, 31}, true
	case len(p) == 7 && p[4] == '-' && p[5] == 'Q' && p[6] >= '1' && p[6] <= '4':
		q := int(p[6] - '0')
		return periodQuarter, y*4 + q - 1, NewDate(y, time.Month(3*q+1), 1).AddDays(-1), true
	case len(p) == 7 && p[4] == '-':
		if m, mok := digits(p[5:]); mok && m >= 1 && m <= 12 {
			return periodMonth, y*12 + m - 1, NewDate(y, time.Month(m+1), 1).AddDays(-1), true
		}
	}
	return 0, 0, Date{}, false
}

// revenueSeries returns the complete periods (ended before today) of one
// kind, oldest first. A period still running would look like a fall. When
// entries of several kinds exist it prefers quarters (comparable and not too
// noisy), then years, then months: the first kind with two complete periods.
func revenueSeries(rev []RevenueEntry, today Date) []RevenueEntry {
	type seqEntry struct {
		seq int
		e   RevenueEntry
	}
	todayN := dayNum(today)
	var byKind [3][]seqEntry
	for _, r := range rev {
		k, seq, end, ok := periodInfo(r.Period)
		if !ok || dayNum(end) >= todayN {
			continue
		}
		byKind[k] = append(byKind[k], seqEntry{seq, r})
	}
	for _, k := range []periodKind{periodQuarter, periodYear, periodMonth} {
		if es := byKind[k]; len(es) >= 2 {
			sort.Slice(es, func(i, j int) bool { return es[i].seq < es[j].seq })
			out := make([]RevenueEntry, len(es))
			for i := range es {
				out[i] = es[i].e
			}
			return out
		}
	}
	return nil
}
