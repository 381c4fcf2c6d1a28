package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"keycard/accounts"
	"keycard/book"
)

var balanceCommand = command{
	name:    "balance",
	args:    "[--owner NAME] [--json]",
	summary: "cli.cmd.balance.summary",
	help:    "cli.cmd.balance.help",
	run:     runBalance,
}

// balanceOwner is one rep in --json: the summary and their accounts.
type balanceOwner struct {
	Owner    string                    `json:"owner"`
	Summary  accounts.OwnerBalanceView `json:"summary"`
	Accounts []balanceAccount          `json:"accounts"`
}

// balanceAccount is an account's view with its advice in words.
type balanceAccount struct {
	accounts.BalanceView
	Advice []string `json:"advice"`
}

func runBalance(e *env, args []string) int {
	fs := e.flags()
	owner := fs.String("owner", "", tr("cli.flag.balance.owner"))
	asJSON := fs.Bool("json", false, tr("cli.flag.balance.json"))
	if _, code, done := e.parse(fs, args, 0, 0); done {
		return code
	}
	reps, err := loadBalances(e, *owner)
	if err != nil {
		return e.fail(err)
	}
	if len(reps) == 0 {
		fmt.Fprintln(e.stdout, say(noAccountsPhrase(*owner, "")))
		return exitOK
	}
	if *asJSON {
		return e.printJSON(balanceJSON(reps))
	}
	printBalances(e, reps)
	return exitOK
}

func loadBalances(e *env, owner string) (reps []book.RepBalance, err error) {
	b, err := e.reader()
	if err != nil {
		return nil, err
	}
	defer closeBook(b, &err)
	bd, err := b.Board(context.Background())
	if bd == nil {
		return nil, err
	}
	return bd.Balances(owner), nil
}

func balanceJSON(reps []book.RepBalance) []balanceOwner {
	out := make([]balanceOwner, 0, len(reps))
	for _, r := range reps {
		o := balanceOwner{Owner: r.Owner, Summary: r.Summary, Accounts: make([]balanceAccount, 0, len(r.Accounts))}
		for _, v := range r.Accounts {
			a := balanceAccount{BalanceView: v, Advice: []string{}}
			for _, p := range v.Advice {
				a.Advice = append(a.Advice, say(p))
			}
			o.Accounts = append(o.Accounts, a)
		}
		out = append(out, o)
	}
	return out
}

// printBalances writes one table per rep, its summary line under it and
// the advice of the accounts out of balance below.
func printBalances(e *env, reps []book.RepBalance) {
	for i, r := range reps {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		t := &table{}
		t.add(tr("cli.balance.head.name"), tr("cli.balance.head.period"), tr("cli.balance.head.revenue"), tr("cli.balance.head.trend"),
			tr("cli.balance.head.overdue"), tr("cli.balance.head.share"), tr("cli.balance.head.credit"), "")
		for _, v := range r.Accounts {
			mark := ""
			if v.OutOfBalance {
				mark = "!"
			}
			t.add(clip(v.Name, 32), orDash(v.Period), moneyOrDash(v.Revenue), trendText(v), moneyOrDash(v.Overdue),
				pctOrDash(v.OverdueShare), creditText(v), mark)
		}
		fmt.Fprintln(e.stdout, tr("cli.balance.owner_line", "Owner", orDash(r.Owner), "Accounts", r.Summary.Accounts, "Out", r.Summary.OutOfBalance))
		t.write(e.stdout, "  ")
		for _, c := range r.Summary.Totals {
			fmt.Fprintln(e.stdout, "  "+tr("cli.balance.total", "Currency", c.Currency, "Revenue", c.Revenue.String(),
				"Overdue", c.Overdue.String(), "Share", pctOrDash(c.OverdueShare)))
		}
		if c := r.Converted; c != nil {
			fmt.Fprintln(e.stdout, "  "+tr("cli.balance.converted", "Revenue", c.Revenue.String(),
				"Overdue", c.Overdue.String(), "Share", pctOrDash(c.OverdueShare), "Date", r.RateDate.String()))
		} else if r.RatesProblem != nil {
			fmt.Fprintln(e.stdout, "  "+say(*r.RatesProblem))
		}
		for _, v := range r.Accounts {
			for _, p := range v.Advice {
				fmt.Fprintln(e.stdout, "  "+v.Name+": "+say(p))
			}
		}
	}
}

func trendText(v accounts.BalanceView) string {
	if !v.HasTrend {
		return "-"
	}
	return fmt.Sprintf("%+.0f %%", v.TrendPct)
}

// pctOrDash shows a fraction as a whole percentage; a negative one means
// unknown.
func pctOrDash(f float64) string {
	if f < 0 {
		return "-"
	}
	return strconv.Itoa(int(f*100+0.5)) + " %"
}

func creditText(v accounts.BalanceView) string {
	if v.CreditRating == "" {
		return say(v.Credit.Label())
	}
	return tr("cli.balance.credit", "Rating", strings.TrimSpace(v.CreditRating), "Class", say(v.Credit.Label()))
}
