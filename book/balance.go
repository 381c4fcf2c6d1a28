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
		out = append(out, RepBalance{Owner: o, Summary: accounts.OwnerBalance(views), Accounts: views})
	}
	slices.SortFunc(out, func(x, y RepBalance) int { return strings.Compare(x.Owner, y.Owner) })
	return out
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
