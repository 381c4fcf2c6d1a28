package accounts

import (
	"slices"
	"strings"
	"time"
)

// Lost accounts (客户退出管理): when an account moves to the exit stage the
// app records why it left, when, and what a year of its business was worth
// (ExitRecord). Churn measures, per month, quarter or year, how many of the
// accounts held at the start were lost, why, and the yearly loss; and
// WinBackPlan suggests the first actions of a win-back (流失挽回) for a lost
// key or strategic account.
//
// Only accounts still in the exit stage with a record count as lost: an
// account won back leaves the exit stage and with it the churn figures,
// and an old exit without a record has no date to count it by (the UI asks
// for one).

// ExitReason is why an account left, the list of the training material.
type ExitReason string

const (
	ExitProduct        ExitReason = "product"
	ExitPrice          ExitReason = "price"
	ExitService        ExitReason = "service"
	ExitCompetitor     ExitReason = "competitor"
	ExitCustomerChange ExitReason = "customer_change"
	ExitRelationship   ExitReason = "relationship"
	ExitOther          ExitReason = "other"
)

var exitReasonSet = enumSet[ExitReason]{"exit_reason", []ExitReason{ExitProduct, ExitPrice, ExitService,
	ExitCompetitor, ExitCustomerChange, ExitRelationship, ExitOther}}

func (e ExitReason) Label() Phrase                 { return exitReasonSet.label(e) }
func (e ExitReason) Valid() bool                   { return exitReasonSet.valid(e) }
func ExitReasons() []ExitReason                    { return exitReasonSet.all() }
func ParseExitReason(s string) (ExitReason, error) { return exitReasonSet.parse(s) }

// ExitRecord is what was recorded when the account was lost: the reason,
// the day, the estimated yearly loss (in the account's currency when the
// amount has none) and a note.
type ExitRecord struct {
	Reason     ExitReason `json:"reason"`
	Date       Date       `json:"date"`
	YearlyLoss Money      `json:"yearly_loss"`
	Note       string     `json:"note,omitempty"`
}

// Validate reports every bad field of the record.
func (e *ExitRecord) Validate() error {
	p := &problems{entity: "account"}
	e.check(p, "")
	return p.err()
}

// check adds the record's problems with fields under prefix ("exit.").
func (e *ExitRecord) check(p *problems, prefix string) {
	checkEnum(p, prefix+"reason", exitReasonSet, e.Reason, true)
	if e.Date.IsZero() {
		p.add(prefix+"date", Phrase{Key: "field.exit.when_lost"})
	}
	p.money(prefix+"yearly_loss", e.YearlyLoss)
	if len([]rune(e.Note)) > 2000 {
		p.add(prefix+"note", Phrase{Key: "field.exit.note_too_long"})
	}
}

// PeriodKind is the length of a churn period.
type PeriodKind string

const (
	PeriodMonth   PeriodKind = "month"
	PeriodQuarter PeriodKind = "quarter"
	PeriodYear    PeriodKind = "year"
)

var periodKindSet = enumSet[PeriodKind]{"period_kind", []PeriodKind{PeriodMonth, PeriodQuarter, PeriodYear}}

func (e PeriodKind) Label() Phrase                 { return periodKindSet.label(e) }
func (e PeriodKind) Valid() bool                   { return periodKindSet.valid(e) }
func PeriodKinds() []PeriodKind                    { return periodKindSet.all() }
func ParsePeriodKind(s string) (PeriodKind, error) { return periodKindSet.parse(s) }

// ReasonCount is how many accounts left for one reason.
type ReasonCount struct {
	Reason ExitReason `json:"reason"`
	Count  int        `json:"count"`
}

// ChurnPeriod is one period of the churn view. AtStart counts the accounts
// held on its first day (created by then, not yet lost); Lost those whose
// exit date falls in it; Rate is Lost/AtStart (0 when none were held). Loss
// sums the yearly losses per currency; Reasons counts every reason, in the
// list's order, zeros included so columns line up.
type ChurnPeriod struct {
	Period  string        `json:"period"` // "2026", "2026-Q3" or "2026-07"
	From    Date          `json:"from"`
	To      Date          `json:"to"`
	AtStart int           `json:"at_start"`
	Lost    int           `json:"lost"`
	Rate    float64       `json:"rate"`
	Loss    []Money       `json:"loss,omitempty"` // one per currency, by code
	Reasons []ReasonCount `json:"reasons"`
}

// Churn measures the lost accounts per period, for the periods that touch
// from…to (both included; whole periods). A bad kind counts by quarter.
func Churn(accts []Account, from, to Date, period PeriodKind) []ChurnPeriod {
	var out []ChurnPeriod
	if to.Before(from) {
		return nil
	}
	for start := periodFloor(from, period); !to.Before(start); {
		next := periodNext(start, period)
		out = append(out, churnOf(accts, start, next.AddDays(-1), period))
		start = next
	}
	return out
}

// lostOn returns the exit day of an account counted as lost.
func lostOn(a *Account) (Date, bool) {
	if a.Stage != StageExit || a.Exit == nil || a.Exit.Date.IsZero() {
		return Date{}, false
	}
	return a.Exit.Date, true
}

func churnOf(accts []Account, from, to Date, k PeriodKind) ChurnPeriod {
	cp := ChurnPeriod{Period: periodName(from, k), From: from, To: to}
	loss := map[string]int64{}
	reasons := map[ExitReason]int{}
	for i := range accts {
		a := &accts[i]
		lost, isLost := lostOn(a)
		created := !a.CreatedAt.IsZero() && DateOf(a.CreatedAt).After(from)
		if !created && !(isLost && lost.Before(from)) {
			cp.AtStart++
		}
		if !isLost || lost.Before(from) || lost.After(to) {
			continue
		}
		cp.Lost++
		reasons[a.Exit.Reason]++
		cur := a.Exit.YearlyLoss.Currency
		if cur == "" {
			cur = a.CurrencyOrDefault()
		}
		loss[cur] += a.Exit.YearlyLoss.Minor
	}
	if cp.AtStart > 0 {
		cp.Rate = float64(cp.Lost) / float64(cp.AtStart)
	}
	for cur, m := range loss {
		cp.Loss = append(cp.Loss, Money{Minor: m, Currency: cur})
	}
	slices.SortFunc(cp.Loss, func(a, b Money) int { return strings.Compare(a.Currency, b.Currency) })
	for _, r := range ExitReasons() {
		cp.Reasons = append(cp.Reasons, ReasonCount{r, reasons[r]})
	}
	return cp
}

// periodFloor is the first day of the period holding d.
func periodFloor(d Date, k PeriodKind) Date {
	switch k {
	case PeriodYear:
		return NewDate(d.Year, 1, 1)
	case PeriodMonth:
		return NewDate(d.Year, d.Month, 1)
	}
	return NewDate(d.Year, time.Month((int(d.Month)-1)/3*3+1), 1)
}

// periodNext is the first day of the period after the one starting on d.
func periodNext(d Date, k PeriodKind) Date {
	switch k {
	case PeriodYear:
		return NewDate(d.Year+1, 1, 1)
	case PeriodMonth:
		return NewDate(d.Year, d.Month+1, 1)
	}
	return NewDate(d.Year, d.Month+3, 1)
}

// periodName names a period the way revenue periods are named.
func periodName(start Date, k PeriodKind) string {
	y := start.String()[:4]
	switch k {
	case PeriodYear:
		return y
	case PeriodMonth:
		return start.String()[:7]
	}
	return y + "-Q" + string(rune('1'+(int(start.Month)-1)/3))
}

// winBackStep is one suggested action of a win-back: its sentence
// ("winback.<key>", or per reason "winback.fix.<reason>") and how many days
// from today it is due.
type winBackStep struct {
	Key   string
	Days  int
	about bool // the step addresses the exit reason
}

// winBackSteps spread the win-back over the next six weeks: hear them out,
// fix what made them leave, show it, make an offer, then decide.
var winBackSteps = []winBackStep{
	{Key: "winback.listen", Days: 7},
	{Days: 14, about: true},
	{Key: "winback.show", Days: 21},
	{Key: "winback.offer", Days: 28},
	{Key: "winback.decide", Days: 42},
}

// WinBackPlan suggests plan actions to win back a lost key or strategic
// account; nil for other tiers and for accounts not in the exit stage.
// Action texts are plain strings in the plan, so say (the caller's
// locale) turns the sentences into the user's language. The actions are
// owned by the account's owner, planned, with new ids.
func WinBackPlan(d *AccountData, today Date, say func(Phrase) string) []Action {
	a := &d.Account
	if a.Stage != StageExit || (a.Tier != TierKey && a.Tier != TierStrategic) {
		return nil
	}
	reason := ExitOther
	if a.Exit != nil && a.Exit.Reason.Valid() {
		reason = a.Exit.Reason
	}
	out := make([]Action, 0, len(winBackSteps))
	for _, s := range winBackSteps {
		key := s.Key
		if s.about {
			key = "winback.fix." + string(reason)
		}
		out = append(out, Action{ID: NewID(), Text: say(Say(key, "Name", a.Name, "Reason", reason.Label())),
			Owner: a.Owner, Due: today.AddDays(s.Days), Status: ProgressPlanned})
	}
	return out
}
