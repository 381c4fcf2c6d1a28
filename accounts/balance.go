package accounts

import (
	"slices"
	"strings"
)

// Sales against collections (检阅销售、收款是否平衡，有无逾期未收货款): for one
// account, the latest period's revenue, its trend, the overdue receivables
// and their share of that revenue, and the credit rating as a class; then a
// rule table turns these into advice in words: shrink exposure to a
// low-credit customer buying more, collect before shipping more, grow with a
// high-credit customer where our share is small.
//
// Money is never added across currencies: an account's figures are in its
// own currency, and OwnerBalance keeps one total per currency.

// Thresholds of the balance rules.
const (
	// BalanceGrowthPct is the rise, period over period, from which volume
	// counts as growing (percent).
	BalanceGrowthPct = 10
	// BalanceOverduePct is the share of the latest period's revenue that
	// overdue receivables may reach before shipping more is questioned.
	BalanceOverduePct = 10
	// BalanceWalletPct is the share of wallet under which a high-credit
	// customer has room to grow (percent).
	BalanceWalletPct = 30
)

// CreditClass is a credit rating normalised to a class, whatever scale the
// card uses (AAA…C, good/poor, 优/良/中/差).
type CreditClass string

const (
	CreditHigh    CreditClass = "high"
	CreditMedium  CreditClass = "medium"
	CreditLow     CreditClass = "low"
	CreditUnknown CreditClass = "unknown"
)

var creditClassSet = enumSet[CreditClass]{"credit_class", []CreditClass{CreditHigh, CreditMedium, CreditLow, CreditUnknown}}

func (e CreditClass) Label() Phrase                  { return creditClassSet.label(e) }
func (e CreditClass) Valid() bool                    { return creditClassSet.valid(e) }
func CreditClasses() []CreditClass                   { return creditClassSet.all() }
func ParseCreditClass(s string) (CreditClass, error) { return creditClassSet.parse(s) }

// creditClasses maps the ratings seen in the demo, imports and the training
// material to a class. Letters follow the agencies' scales (investment grade
// A and above is high, BBB/BB medium, B and below low); words and Chinese
// grades map by meaning. Signs (A+, BB-) are dropped before the lookup.
var creditClasses = map[string]CreditClass{
	"aaa": CreditHigh, "aa": CreditHigh, "a": CreditHigh,
	"bbb": CreditMedium, "bb": CreditMedium,
	"b": CreditLow, "ccc": CreditLow, "cc": CreditLow, "c": CreditLow, "d": CreditLow,
	"excellent": CreditHigh, "good": CreditHigh, "high": CreditHigh, "strong": CreditHigh,
	"fair": CreditMedium, "average": CreditMedium, "medium": CreditMedium, "moderate": CreditMedium,
	"poor": CreditLow, "bad": CreditLow, "low": CreditLow, "weak": CreditLow,
	"优": CreditHigh, "优秀": CreditHigh, "良": CreditHigh, "良好": CreditHigh, "高": CreditHigh, "好": CreditHigh,
	"中": CreditMedium, "一般": CreditMedium, "中等": CreditMedium,
	"差": CreditLow, "较差": CreditLow, "低": CreditLow,
}

// CreditClassOf normalises a credit rating as typed on the card.
func CreditClassOf(rating string) CreditClass {
	k := strings.ToLower(strings.TrimSpace(rating))
	k = strings.TrimRight(k, "+-")
	if c, ok := creditClasses[k]; ok {
		return c
	}
	return CreditUnknown
}

// BalanceView is one account's sales against collections. Amounts are in the
// account's currency. Period is the latest period with revenue that has
// begun, among entries of one length (quarters first, then years, then
// months; "" when the card has none); the trend compares the two latest
// complete periods of one length, because a period still running would look
// like a fall. Shares are fractions (0.12 = 12 %), -1 when unknown; the share of
// wallet is that of the latest period of that length whose wallet is known.
type BalanceView struct {
	AccountID    ID          `json:"account_id"`
	Name         string      `json:"name"`
	Owner        string      `json:"owner"`
	Currency     string      `json:"currency"`
	Period       string      `json:"period,omitempty"`
	Revenue      Money       `json:"revenue"`
	HasTrend     bool        `json:"has_trend"`
	TrendPct     float64     `json:"trend_pct"` // latest complete period against the one before, percent
	Overdue      Money       `json:"overdue"`
	OverdueShare float64     `json:"overdue_share"`
	Wallet       float64     `json:"share_of_wallet"`
	CreditRating string      `json:"credit_rating,omitempty"`
	Credit       CreditClass `json:"credit"`
	// OutOfBalance is set when an exposure rule fired (not when the only
	// advice is to grow).
	OutOfBalance bool     `json:"out_of_balance"`
	Advice       []Phrase `json:"advice,omitempty"`
}

// balanceRule is one row of the advice table: its code (the sentence is
// "balance.<code>.advice"), whether firing puts the account out of balance,
// and the test with the evidence the sentence shows.
type balanceRule struct {
	Code     string
	exposure bool
	fire     func(*BalanceView) ([]any, bool)
}

// balanceRules are the suggestions, in the order they are shown.
var balanceRules = []balanceRule{
	{"collect_first", true, func(v *BalanceView) ([]any, bool) {
		if v.Overdue.Minor <= 0 || v.OverdueShare >= 0 && v.OverdueShare*100 < BalanceOverduePct {
			return nil, false
		}
		if v.OverdueShare < 0 {
			return []any{"Amount", v.Overdue, "Pct", -1.0, "Period", v.Period}, true
		}
		return []any{"Amount", v.Overdue, "Pct", v.OverdueShare * 100, "Period", v.Period}, true
	}},
	{"shrink_exposure", true, func(v *BalanceView) ([]any, bool) {
		ok := v.Credit == CreditLow && v.HasTrend && v.TrendPct >= BalanceGrowthPct
		return []any{"Rating", v.CreditRating, "Pct", v.TrendPct}, ok
	}},
	{"grow", false, func(v *BalanceView) ([]any, bool) {
		ok := v.Credit == CreditHigh && v.Wallet >= 0 && v.Wallet*100 < BalanceWalletPct
		return []any{"Rating", v.CreditRating, "Pct", v.Wallet * 100}, ok
	}},
}

// Balance works out the account's sales against collections on the day.
func Balance(a *Account, today Date) BalanceView {
	cur := a.CurrencyOrDefault()
	v := BalanceView{AccountID: a.ID, Name: a.Name, Owner: a.Owner, Currency: cur,
		Revenue: Money{Currency: cur}, Overdue: Money{Minor: a.OverdueReceivables.Minor, Currency: cur},
		OverdueShare: -1, Wallet: -1, CreditRating: a.CreditRating, Credit: CreditClassOf(a.CreditRating)}
	if e, ok := latestStarted(a.Revenue, today); ok {
		v.Period, v.Revenue.Minor = e.Period, e.Amount.Minor
		if e.Amount.Minor > 0 {
			v.OverdueShare = float64(v.Overdue.Minor) / float64(e.Amount.Minor)
		}
		v.Wallet = latestWallet(a.Revenue, e.Period, today)
	}
	if s := revenueSeries(a.Revenue, today); len(s) >= 2 {
		last, prev := s[len(s)-1].Amount.Minor, s[len(s)-2].Amount.Minor
		if prev > 0 {
			v.HasTrend, v.TrendPct = true, float64(last-prev)*100/float64(prev)
		}
	}
	for _, r := range balanceRules {
		if args, ok := r.fire(&v); ok {
			key := "balance." + r.Code + ".advice"
			if r.Code == "collect_first" && v.OverdueShare < 0 {
				key = "balance.collect_first.advice_no_revenue"
			}
			v.Advice = append(v.Advice, Say(key, args...))
			v.OutOfBalance = v.OutOfBalance || r.exposure
		}
	}
	return v
}

// latestStarted returns the revenue entry of the latest period that has
// begun by today, among entries of one length: quarters when the card has
// any, else years, else months (the preference of the trend), so that
// overdue receivables are not weighed against a single month when the card
// keeps quarters.
func latestStarted(rev []RevenueEntry, today Date) (RevenueEntry, bool) {
	todayN := dayNum(today)
	var best [3]RevenueEntry
	var bestSeq [3]int
	var found [3]bool
	for _, r := range rev {
		k, seq, end, ok := periodInfo(r.Period)
		if !ok || periodStart(k, end) > todayN {
			continue
		}
		if !found[k] || seq > bestSeq[k] {
			best[k], bestSeq[k], found[k] = r, seq, true
		}
	}
	for _, k := range []periodKind{periodQuarter, periodYear, periodMonth} {
		if found[k] {
			return best[k], true
		}
	}
	return RevenueEntry{}, false
}

// latestWallet is the share of wallet of the latest begun period of the
// same length as period whose wallet is known: the running quarter often
// has no estimate of their total spend yet, the one before does.
func latestWallet(rev []RevenueEntry, period string, today Date) float64 {
	kind, _, _, _ := periodInfo(period)
	todayN := dayNum(today)
	share, bestSeq := -1.0, 0
	for _, r := range rev {
		k, seq, end, ok := periodInfo(r.Period)
		if !ok || k != kind || periodStart(k, end) > todayN || r.ShareOfWallet() < 0 {
			continue
		}
		if share < 0 || seq > bestSeq {
			share, bestSeq = r.ShareOfWallet(), seq
		}
	}
	return share
}

// periodStart is the day number a period of the kind ending on end began.
func periodStart(k periodKind, end Date) int {
	switch k {
	case periodYear:
		return dayNum(NewDate(end.Year, 1, 1))
	case periodQuarter:
		return dayNum(NewDate(end.Year, end.Month-2, 1))
	}
	return dayNum(NewDate(end.Year, end.Month, 1))
}

// CurrencyTotals are sums in one currency.
type CurrencyTotals struct {
	Currency     string  `json:"currency"`
	Revenue      Money   `json:"revenue"`
	Overdue      Money   `json:"overdue"`
	OverdueShare float64 `json:"overdue_share"` // -1 when there is no revenue
}

// OwnerBalanceView sums one rep's (or a team's) balance views: how many
// accounts, how many are out of balance, and per currency (never added
// across currencies) the latest periods' revenue and the overdue
// receivables. The latest periods of different accounts may differ in
// length; the sum is what the reps' latest figures add up to.
type OwnerBalanceView struct {
	Accounts     int              `json:"accounts"`
	OutOfBalance int              `json:"out_of_balance"`
	Totals       []CurrencyTotals `json:"totals"` // by currency code
}

// OwnerBalance sums balance views.
func OwnerBalance(views []BalanceView) OwnerBalanceView {
	out := OwnerBalanceView{Accounts: len(views)}
	by := map[string]*CurrencyTotals{}
	for i := range views {
		v := &views[i]
		if v.OutOfBalance {
			out.OutOfBalance++
		}
		t := by[v.Currency]
		if t == nil {
			t = &CurrencyTotals{Currency: v.Currency, Revenue: Money{Currency: v.Currency}, Overdue: Money{Currency: v.Currency}}
			by[v.Currency] = t
		}
		t.Revenue.Minor += v.Revenue.Minor
		t.Overdue.Minor += v.Overdue.Minor
	}
	for _, t := range by {
		t.OverdueShare = -1
		if t.Revenue.Minor > 0 {
			t.OverdueShare = float64(t.Overdue.Minor) / float64(t.Revenue.Minor)
		}
		out.Totals = append(out.Totals, *t)
	}
	slices.SortFunc(out.Totals, func(a, b CurrencyTotals) int { return strings.Compare(a.Currency, b.Currency) })
	return out
}
