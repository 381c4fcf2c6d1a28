package accounts

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The yearly regional plan (年度区域销售计划): for one region and the year
// being planned, each account's revenue of the year before, its potential,
// our share of its wallet, the target the manager sets, the open pipeline by
// stage and the risk; with totals per currency (never added across
// currencies) for the region and for each owner.

// YearTarget is the sales target set for an account for one year.
type YearTarget struct {
	Year   int   `json:"year"`
	Amount Money `json:"amount"`
}

// checkTargets: years 2000–2100, amounts not negative, one per year.
func checkTargets(p *problems, ts []YearTarget) {
	seen := map[int]bool{}
	for i, t := range ts {
		f := fmt.Sprintf("targets[%d]", i)
		switch {
		case t.Year < 2000 || t.Year > 2100:
			p.add(f+".year", Say("field.account.target_year_range", "Year", t.Year))
		case seen[t.Year]:
			p.add(f+".year", Say("field.account.target_year_twice", "Year", t.Year))
		}
		seen[t.Year] = true
		p.money(f+".amount", t.Amount)
	}
}

// Target returns the account's target for the year.
func (a *Account) Target(year int) (Money, bool) {
	for _, t := range a.Targets {
		if t.Year == year {
			return t.Amount, true
		}
	}
	return Money{}, false
}

// StageAmount is the open pipeline of one opportunity stage.
type StageAmount struct {
	Stage  OpportunityStage `json:"stage"`
	Amount Money            `json:"amount"`
	Count  int              `json:"count"`
}

// RegionPlanRow is one account of the regional plan, in its currency.
// LastYear is the revenue of the year before the plan year (the year's
// entry, else its quarters, else its months; HasLastYear false when none).
// Wallet is the share of wallet of those entries, -1 when unknown.
type RegionPlanRow struct {
	AccountID   ID            `json:"account_id"`
	Name        string        `json:"name"`
	Owner       string        `json:"owner"`
	City        string        `json:"city,omitempty"`
	Tier        Tier          `json:"tier"`
	Currency    string        `json:"currency"`
	LastYear    Money         `json:"last_year"`
	HasLastYear bool          `json:"has_last_year"`
	Potential   Money         `json:"potential"`
	Wallet      float64       `json:"share_of_wallet"`
	Target      Money         `json:"target"`
	HasTarget   bool          `json:"has_target"`
	Pipeline    []StageAmount `json:"pipeline,omitempty"` // open stages with deals, in stage order
	Risk        RiskLevel     `json:"risk"`
	RiskScore   int           `json:"risk_score"`
	// Group names the head of the account's group (the account itself
	// when it heads one); empty when it belongs to none.
	Group string `json:"group,omitempty"`
}

// PlanTotals are the plan's sums in one currency.
type PlanTotals struct {
	Currency  string `json:"currency"`
	LastYear  Money  `json:"last_year"`
	Potential Money  `json:"potential"`
	Target    Money  `json:"target"`
	Pipeline  Money  `json:"pipeline"`
}

// OwnerPlan is one owner's part of the regional plan.
type OwnerPlan struct {
	Owner    string       `json:"owner"`
	Accounts int          `json:"accounts"`
	Totals   []PlanTotals `json:"totals"`
}

// RegionPlanView is the regional plan: rows by owner then name, per-owner
// subtotals by owner, and the region's totals; currencies by code.
type RegionPlanView struct {
	Region string          `json:"region"`
	Year   int             `json:"year"`
	Rows   []RegionPlanRow `json:"rows"`
	Owners []OwnerPlan     `json:"owners"`
	Totals []PlanTotals    `json:"totals"`
	// Converted is the region's total in the reporting currency at the
	// rates of RateDate, when the totals are in several currencies (or one
	// that is not the reporting currency) and every rate is known;
	// RatesProblem is why it could not be converted. Both are left empty
	// when nothing needs converting.
	Converted    *PlanTotals `json:"converted,omitempty"`
	RateDate     Date        `json:"rate_date,omitzero"`
	RatesProblem *Phrase     `json:"rates_problem,omitempty"`
}

// RegionPlan builds the plan of the region (matched ignoring case and
// surrounding space) for the year. Lost accounts (exit stage) are left out:
// a plan targets accounts we still serve.
func RegionPlan(data []*AccountData, region string, year int, today Date) RegionPlanView {
	return RegionPlanOrdered(data, region, year, today, strings.Compare)
}

// RegionPlanOrdered is RegionPlan with owners and accounts ordered by
// compare, so the caller can order names as readers expect (pinyin for
// Chinese), which needs a library the domain does not import.
func RegionPlanOrdered(data []*AccountData, region string, year int, today Date, compare func(a, b string) int) RegionPlanView {
	v := RegionPlanView{Region: strings.TrimSpace(region), Year: year}
	for _, d := range data {
		a := &d.Account
		if a.Stage == StageExit || !strings.EqualFold(strings.TrimSpace(a.Region), v.Region) {
			continue
		}
		v.Rows = append(v.Rows, regionRow(d, year, today))
	}
	slices.SortFunc(v.Rows, func(a, b RegionPlanRow) int {
		if c := compare(a.Owner, b.Owner); c != 0 {
			return c
		}
		if c := compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(string(a.AccountID), string(b.AccountID))
	})
	v.Totals = planTotals(v.Rows)
	for i := 0; i < len(v.Rows); {
		j := i
		for j < len(v.Rows) && v.Rows[j].Owner == v.Rows[i].Owner {
			j++
		}
		v.Owners = append(v.Owners, OwnerPlan{Owner: v.Rows[i].Owner, Accounts: j - i, Totals: planTotals(v.Rows[i:j])})
		i = j
	}
	return v
}

func regionRow(d *AccountData, year int, today Date) RegionPlanRow {
	a := &d.Account
	cur := a.CurrencyOrDefault()
	r := RegionPlanRow{AccountID: a.ID, Name: a.Name, Owner: a.Owner, City: a.City, Tier: a.Tier, Currency: cur,
		Potential: Money{Minor: a.Potential.Minor, Currency: cur}, Wallet: -1}
	var wallet int64
	r.LastYear, wallet, r.HasLastYear = yearRevenue(a.Revenue, year-1)
	r.LastYear.Currency = cur
	if wallet > 0 {
		r.Wallet = float64(r.LastYear.Minor) / float64(wallet)
	}
	r.Target, r.HasTarget = a.Target(year)
	r.Target.Currency = cur
	if d.Plan != nil {
		r.Pipeline = pipeline(d.Plan.Opportunities, cur)
	}
	rs := ScoreRisk(d.RiskInput(), today)
	r.Risk, r.RiskScore = rs.Level, rs.Score
	return r
}

// yearRevenue sums one year's revenue and wallet from the year's entry,
// else its quarters, else its months (the finest entries never add to the
// coarser ones, which would count twice). Wallet is 0 unless every summed
// entry knows it.
func yearRevenue(rev []RevenueEntry, year int) (amount Money, wallet int64, ok bool) {
	y := strconv.Itoa(year)
	var sums [3]int64
	var wallets [3]int64
	var found [3]bool
	walletKnown := [3]bool{true, true, true}
	for _, e := range rev {
		k, _, _, valid := periodInfo(e.Period)
		if !valid || !strings.HasPrefix(e.Period, y) {
			continue
		}
		sums[k] += e.Amount.Minor
		wallets[k] += e.WalletTotal.Minor
		found[k] = true
		walletKnown[k] = walletKnown[k] && e.WalletTotal.Minor > 0
	}
	for _, k := range []periodKind{periodYear, periodQuarter, periodMonth} {
		if found[k] {
			if !walletKnown[k] {
				wallets[k] = 0
			}
			return Money{Minor: sums[k]}, wallets[k], true
		}
	}
	return Money{}, 0, false
}

// pipeline sums the open opportunities per stage, in stage order.
func pipeline(opps []Opportunity, cur string) []StageAmount {
	var out []StageAmount
	for _, st := range OpportunityStages() {
		if !st.Open() {
			continue
		}
		sa := StageAmount{Stage: st, Amount: Money{Currency: cur}}
		for _, o := range opps {
			if o.Stage == st {
				sa.Amount.Minor += o.Value.Minor
				sa.Count++
			}
		}
		if sa.Count > 0 {
			out = append(out, sa)
		}
	}
	return out
}

// planTotals sums rows per currency.
func planTotals(rows []RegionPlanRow) []PlanTotals {
	by := map[string]*PlanTotals{}
	var order []string
	for i := range rows {
		r := &rows[i]
		t := by[r.Currency]
		if t == nil {
			c := r.Currency
			t = &PlanTotals{Currency: c, LastYear: Money{Currency: c}, Potential: Money{Currency: c}, Target: Money{Currency: c}, Pipeline: Money{Currency: c}}
			by[c] = t
			order = append(order, c)
		}
		t.LastYear.Minor += r.LastYear.Minor
		t.Potential.Minor += r.Potential.Minor
		t.Target.Minor += r.Target.Minor
		for _, p := range r.Pipeline {
			t.Pipeline.Minor += p.Amount.Minor
		}
	}
	slices.Sort(order)
	out := make([]PlanTotals, 0, len(order))
	for _, c := range order {
		out = append(out, *by[c])
	}
	return out
}
