package book

import (
	"slices"
	"strings"

	"keycard/accounts"
)

// RepBalance is one rep's sales against collections: their accounts'
// balance views, the out-of-balance ones first, and what they sum to.
type RepBalance struct {
	Owner    string
	Summary  accounts.OwnerBalanceView
	Accounts []accounts.BalanceView
	// Converted is the rep's revenue and overdue receivables in the
	// reporting currency at the rates of RateDate, when the totals are in
	// several currencies (or one that is not the reporting currency);
	// RatesProblem says why they could not be converted.
	Converted    *accounts.CurrencyTotals
	RateDate     accounts.Date
	RatesProblem *accounts.Phrase
}

// Balances groups the board's sales-against-collections views by owner
// ("" = every owner; otherwise that owner only, matched ignoring case), the
// owners in name order and, within each, the accounts out of balance
// first, then the largest overdue receivables. Lost accounts (the exit
// stage) are left out: there is nothing left to balance. It reads the
// board, so it costs no database read.
func (bd *Board) Balances(owner string) []RepBalance {
	if bd == nil {
		return nil
	}
	byOwner := map[string][]accounts.BalanceView{}
	for i := range bd.Entries {
		e := &bd.Entries[i]
		if e.Stage == accounts.StageExit || (owner != "" && !strings.EqualFold(strings.TrimSpace(owner), e.Owner)) {
			continue
		}
		byOwner[e.Owner] = append(byOwner[e.Owner], e.Balance)
	}
	out := make([]RepBalance, 0, len(byOwner))
	for o, views := range byOwner {
		slices.SortStableFunc(views, balanceOrder)
		r := RepBalance{Owner: o, Summary: accounts.OwnerBalance(views), Accounts: views}
		bd.convertBalance(&r)
		out = append(out, r)
	}
	slices.SortFunc(out, func(x, y RepBalance) int { return byName(x.Owner, y.Owner) })
	return out
}

// convertBalance adds the rep's totals in the reporting currency, with the
// board's day's rates, when they are kept in more than one currency.
func (bd *Board) convertBalance(r *RepBalance) {
	ts := r.Summary.Totals
	if len(ts) < 2 && (len(ts) == 0 || bd.table.Reporting == "" || ts[0].Currency == bd.table.Reporting) {
		return
	}
	var rev, over []accounts.Money
	for _, t := range ts {
		rev = append(rev, accounts.Money{Minor: t.Revenue.Minor, Currency: t.Currency})
		over = append(over, accounts.Money{Minor: t.Overdue.Minor, Currency: t.Currency})
	}
	tr, err := bd.table.Sum(bd.Day, rev...)
	var to accounts.Total
	if err == nil {
		to, err = bd.table.Sum(bd.Day, over...)
	}
	if err != nil {
		p := accounts.ErrorPhrase(err)
		r.RatesProblem = &p
		return
	}
	c := accounts.CurrencyTotals{Currency: tr.Money.Currency, Revenue: tr.Money, Overdue: to.Money, OverdueShare: -1}
	if c.Revenue.Minor > 0 {
		c.OverdueShare = float64(c.Overdue.Minor) / float64(c.Revenue.Minor)
	}
	r.Converted, r.RateDate = &c, tr.RateDate
	if to.RateDate.After(r.RateDate) {
		r.RateDate = to.RateDate
	}
}

// balanceOrder: out of balance first, then the larger overdue share, then
// the name.
func balanceOrder(x, y accounts.BalanceView) int {
	switch {
	case x.OutOfBalance != y.OutOfBalance:
		if x.OutOfBalance {
			return -1
		}
		return 1
	case x.OverdueShare != y.OverdueShare:
		if x.OverdueShare > y.OverdueShare {
			return -1
		}
		return 1
	}
	return strings.Compare(x.Name, y.Name)
}
