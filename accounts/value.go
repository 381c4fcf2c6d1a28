package accounts

import (
	"math"
	"sort"
)

// Value rules put a number on what an account is worth, next to its risk, so
// that attention goes where it pays (the training material's 按价值管理客户):
// the ABC class by share of revenue, a customer-lifetime-value estimate, a
// suggested tier and the value/risk quadrant of the portfolio chart.

// Defaults of the lifetime-value model, used when the account's own rates
// are 0 (not set). 85 % yearly retention and a 10 % discount rate are common
// starting points for business customers; the user can edit both per account.
const (
	DefaultRetention = 0.85
	DefaultDiscount  = 0.10
	// CLVYears is how far ahead the future part of the lifetime value looks.
	// Beyond five years the estimate says more about the rates than the account.
	CLVYears = 5
)

// ClassifyABC classes accounts by their share of total revenue (Pareto). The
// accounts that make up the first 80 % of revenue, largest first, are A —
// including the one that crosses 80 %, so a portfolio with one dominant
// account still has an A; those that make up the next 15 % are B; the rest,
// and every account without revenue, are C. Equal revenues are ordered by ID
// so the classes do not change between runs.
func ClassifyABC(revenue map[ID]int64) map[ID]ABCClass {
	ids := make([]ID, 0, len(revenue))
	var total int64
	for id, v := range revenue {
		ids = append(ids, id)
		if v > 0 {
			total += v
		}
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := revenue[ids[i]], revenue[ids[j]]
		if a != b {
			return a > b
		}
		return ids[i] < ids[j]
	})
	out := make(map[ID]ABCClass, len(ids))
	var before float64 // cumulative share before this account, in percent
	for _, id := range ids {
		v := revenue[id]
		switch {
		case v <= 0 || total == 0:
			out[id] = ClassC
		case before < 80:
			out[id] = ClassA
		case before < 95:
			out[id] = ClassB
		default:
			out[id] = ClassC
		}
		if v > 0 && total > 0 {
			before += float64(v) * 100 / float64(total)
		}
	}
	return out
}

// CLV is a customer-lifetime-value estimate in the account's currency (minor
// units): what the account has brought so far plus what it is expected to
// bring over the next Years, each year's revenue weighted by the chance the
// account is still with us (Retention^t) and discounted to today's money
// ((1+Discount)^t). The rates used are returned so the user sees them.
type CLV struct {
	History, Future, Total int64 // minor units
	Retention, Discount    float64
	Years                  int
	// Yearly is the expected yearly revenue the future part starts from.
	Yearly int64
}

// LifetimeValue estimates the account's lifetime value on the given day.
func LifetimeValue(a *Account, today Date) CLV {
	c := CLV{Retention: DefaultRetention, Discount: DefaultDiscount, Years: CLVYears}
	if a == nil {
		return c
	}
	if a.RetentionRate > 0 {
		c.Retention = a.RetentionRate
	}
	if a.DiscountRate > 0 {
		c.Discount = a.DiscountRate
	}
	c.History = revenueHistory(a.Revenue)
	c.Yearly = yearlyRevenue(a.Revenue, today)
	var f float64
	for t := 1; t <= c.Years; t++ {
		f += float64(c.Yearly) * math.Pow(c.Retention, float64(t)) / math.Pow(1+c.Discount, float64(t))
	}
	c.Future = int64(math.Round(f))
	c.Total = c.History + c.Future
	return c
}

// revenueHistory sums the revenue entries without counting a year twice: for
// each year it takes the yearly entry when there is one, else its quarters,
// else its months.
func revenueHistory(rev []RevenueEntry) int64 {
	type sums struct {
		year, quarters, months int64
		hasYear, hasQuarter    bool
	}
	byYear := map[int]*sums{}
	for _, r := range rev {
		k, seq, _, ok := periodInfo(r.Period)
		if !ok {
			continue
		}
		var y int
		switch k {
		case periodYear:
			y = seq
		case periodQuarter:
			y = seq / 4
		default:
			y = seq / 12
		}
		s := byYear[y]
		if s == nil {
			s = &sums{}
			byYear[y] = s
		}
		switch k {
		case periodYear:
			s.year += r.Amount.Minor
			s.hasYear = true
		case periodQuarter:
			s.quarters += r.Amount.Minor
			s.hasQuarter = true
		default:
			s.months += r.Amount.Minor
		}
	}
	var total int64
	for _, s := range byYear {
		switch {
		case s.hasYear:
			total += s.year
		case s.hasQuarter:
			total += s.quarters
		default:
			total += s.months
		}
	}
	return total
}

// yearlyRevenue is the expected revenue of a year from now, read from the
// latest complete periods: the latest 4 quarters, 12 months or the latest
// year, whichever kind has the most recent complete period (quarters first on
// a tie). Fewer than 4 quarters or 12 months are scaled up to a year. With no
// complete period yet, the running ones are used as they stand.
func yearlyRevenue(rev []RevenueEntry, today Date) int64 {
	if v, ok := yearlyFrom(rev, today, true); ok {
		return v
	}
	v, _ := yearlyFrom(rev, today, false)
	return v
}

func yearlyFrom(rev []RevenueEntry, today Date, completeOnly bool) (int64, bool) {
	type entry struct {
		seq    int
		amount int64
	}
	var kinds [3][]entry
	var latest [3]Date
	for _, r := range rev {
		k, seq, end, ok := periodInfo(r.Period)
		if !ok || (completeOnly && dayNum(end) >= dayNum(today)) {
			continue
		}
		kinds[k] = append(kinds[k], entry{seq, r.Amount.Minor})
		if latest[k].IsZero() || dayNum(end) > dayNum(latest[k]) {
			latest[k] = end
		}
	}
	best := -1
	for _, k := range []periodKind{periodQuarter, periodMonth, periodYear} {
		if len(kinds[k]) == 0 {
			continue
		}
		if best < 0 || dayNum(latest[k]) > dayNum(latest[best]) {
			best = int(k)
		}
	}
	if best < 0 {
		return 0, false
	}
	es := kinds[best]
	sort.Slice(es, func(i, j int) bool { return es[i].seq > es[j].seq })
	per := [3]int{1, 4, 12}[best]
	n := min(per, len(es))
	var sum int64
	for _, e := range es[:n] {
		sum += e.amount
	}
	return sum * int64(per) / int64(n), true
}

// SuggestTier proposes a tier from value, risk and room to grow:
//
//   - A accounts are Strategic and B accounts Key, whatever their risk: a
//     valuable account at risk needs more attention, not less.
//   - A C account whose potential is at least three times its revenue (or that
//     has potential but no revenue yet) is Growth — the white space justifies
//     investing — unless its risk is high or critical, when it is Maintain
//     until the risk is dealt with.
//   - Every other account is Maintain.
//
// The user may override the suggestion (Account.TierManual).
func SuggestTier(class ABCClass, risk RiskLevel, potential, revenue int64) Tier {
	switch class {
	case ClassA:
		return TierStrategic
	case ClassB:
		return TierKey
	}
	room := potential > 0 && (revenue <= 0 || potential >= 3*revenue)
	if room && risk != RiskHigh && risk != RiskCritical {
		return TierGrowth
	}
	return TierMaintain
}

// Quadrant places an account on the value/risk chart of the portfolio.
type Quadrant string

// The four quadrants. High value means the top half of the portfolio by value
// (percentile ≥ 0.5); high risk means a score of 50 or more (risk level high or
// critical).
const (
	QuadrantProtect  Quadrant = "protect"  // high value, high risk: act now
	QuadrantMaintain Quadrant = "maintain" // high value, low risk: keep serving well
	QuadrantGrow     Quadrant = "grow"     // low value, low risk: develop
	QuadrantReview   Quadrant = "review"   // low value, high risk: decide how much to invest
)

// Label returns the quadrant's name ("value.quadrant.<code>").
func (q Quadrant) Label() Phrase {
	switch q {
	case QuadrantProtect, QuadrantMaintain, QuadrantGrow, QuadrantReview:
		return Phrase{Key: "value.quadrant." + string(q)}
	}
	return Say("enum.unknown", "Code", string(q))
}

// Quadrants returns the four quadrants in the order a legend shows them.
func Quadrants() []Quadrant {
	return []Quadrant{QuadrantProtect, QuadrantMaintain, QuadrantGrow, QuadrantReview}
}

// Thresholds of QuadrantOf.
const (
	HighValueRank = 0.5
	HighRiskScore = 50
)

// QuadrantOf places an account by its value percentile (0 lowest … 1 highest
// in the portfolio) and its risk score.
func QuadrantOf(valueRank float64, score int) Quadrant {
	high := valueRank >= HighValueRank
	risky := score >= HighRiskScore
	switch {
	case high && risky:
		return QuadrantProtect
	case high:
		return QuadrantMaintain
	case risky:
		return QuadrantReview
	}
	return QuadrantGrow
}

// ValueRanks turns values (revenue or lifetime value) into the percentiles
// QuadrantOf expects: the share of the other accounts worth strictly less.
// Equal values get equal ranks, so a tie never splits across the middle of the
// chart; a lone most valuable account, or the only account, ranks 1.
func ValueRanks(values map[ID]int64) map[ID]float64 {
	vs := make([]int64, 0, len(values))
	for _, v := range values {
		vs = append(vs, v)
	}
	sort.Slice(vs, func(i, j int) bool { return vs[i] < vs[j] })
	out := make(map[ID]float64, len(values))
	n := len(vs)
	for id, v := range values {
		if n == 1 {
			out[id] = 1
			continue
		}
		below := sort.Search(n, func(i int) bool { return vs[i] >= v })
		out[id] = float64(below) / float64(n-1)
	}
	return out
}
