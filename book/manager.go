package book

import (
	"fmt"
	"slices"
	"time"

	"keycard/accounts"
)

// This file holds what the manager's desk needs of the book beyond the
// risk board: the card completeness that the board carries for every
// account, the board read as the churn view's accounts, and plan actions
// added in one write (a playbook's counter-measure, a win-back plan).

// cardOf scores the completeness of the card the risk input describes.
// The input shares the aggregate's slices; nothing is kept. Of the visits
// the card only weighs the recent ones (a decision maker met within
// accounts.MetRecentlyDays, or a visit after the day, which makes that
// contact's last meeting lie ahead), so the older ones are left out
// before the score reads the day of each: on the large set that is most
// of the cost. Two days of margin cover every time zone.
func cardOf(in accounts.RiskInput, day accounts.Date) accounts.Completeness {
	cut := time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -accounts.MetRecentlyDays-2)
	n := 0
	for i := range in.Visits {
		if !in.Visits[i].At.Before(cut) {
			n++
		}
	}
	recent := make([]accounts.Visit, 0, n)
	for i := range in.Visits {
		if !in.Visits[i].At.Before(cut) {
			recent = append(recent, in.Visits[i])
		}
	}
	d := accounts.AccountData{Account: *in.Account, Contacts: in.Contacts, Visits: recent, Plan: in.Plan}
	return accounts.CardCompleteness(&d, day)
}

// Card is the account's card completeness on the board, false if the
// board does not have the account.
func (b *Board) Card(id accounts.ID) (accounts.Completeness, bool) {
	if e := b.Get(id); e != nil {
		return e.Card, true
	}
	return accounts.Completeness{}, false
}

// ChurnAccounts are the board's accounts with what accounts.Churn counts
// by (creation, stage, exit record) and what the churn view lists (name,
// owner, tier, currency), in board order.
func (b *Board) ChurnAccounts() []accounts.Account {
	if b == nil {
		return nil
	}
	out := make([]accounts.Account, len(b.Entries))
	for i := range b.Entries {
		e := &b.Entries[i]
		out[i] = accounts.Account{Meta: accounts.Meta{ID: e.ID, CreatedAt: e.Created}, Name: e.Name, Owner: e.Owner,
			Tier: e.Tier, Stage: e.Stage, Currency: e.Currency, Exit: e.Exit}
	}
	return out
}

// AddPlanActions appends actions to the account's plan in one write,
// starting a plan when the account has none. A plan saved meanwhile by
// someone else is read again once, so the actions land on the newest plan.
func (b *Book) AddPlanActions(src Source, accountID accounts.ID, acts []accounts.Action) (Change, error) {
	if len(acts) == 0 {
		return Change{}, nil
	}
	var err error
	for range 2 {
		var pl *accounts.Plan
		pl, err = b.st().Plan(accountID)
		switch {
		case accounts.ErrorCode(err) == accounts.ENOTFOUND:
			pl = &accounts.Plan{AccountID: accountID}
		case err != nil:
			return Change{}, fmt.Errorf("read the account plan: %w", err)
		}
		n := *pl
		n.Actions = append(slices.Clone(pl.Actions), acts...)
		var c Change
		if c, err = b.SavePlan(src, &n); accounts.ErrorCode(err) != accounts.ECONFLICT {
			return c, err
		}
	}
	return Change{}, err
}
