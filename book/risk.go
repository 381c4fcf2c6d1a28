package book

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"keycard/accounts"
)

// This file holds the portfolio's risk board: one pass over every account's
// risk input gives the scores, the lifetime values, the ABC classes and the
// value ranks that the portfolio list, the risk view, its chart and the
// Warnings tab show, and the daily risk snapshots that Today's "risk rose
// since last week" compares. The board is kept by the book, keyed by the
// writes it has seen: a board is reused only while no write came after it,
// a write to records under one account rescores that account alone, and a
// failed scan leaves the board and the pending writes as they were, so the
// next request tries again and never serves a stale score.

// RiskEntry is one account as the risk view ranks it.
type RiskEntry struct {
	ID         accounts.ID
	Name       string
	Owner      string
	Tier       accounts.Tier
	TierManual bool
	Potential  int64
	Currency   string
	Score      accounts.RiskScore
	CLV        accounts.CLV
	Class      accounts.ABCClass
	Rank       float64 // value percentile by lifetime value, 0 … 1
	// Card is the profile card's completeness, scored in the same pass so
	// that the portfolio list shows it for 10,000 accounts at no extra read.
	Card accounts.Completeness
	// Stage, Created and Exit are what the churn view counts by.
	Stage   accounts.Stage
	Created time.Time
	Exit    *accounts.ExitRecord
	// Balance is sales against collections (the latest period's revenue,
	// overdue receivables, credit, advice), also from the same pass.
	Balance accounts.BalanceView
}

// SuggestedTier is the tier the value rules propose for the entry.
func (e *RiskEntry) SuggestedTier() accounts.Tier {
	return accounts.SuggestTier(e.Class, e.Score.Level, e.Potential, e.CLV.Yearly)
}

// CLVMoney is the lifetime value rounded to whole units of its currency.
func (e *RiskEntry) CLVMoney() accounts.Money {
	return accounts.Money{Minor: (e.CLV.Total + 50) / 100 * 100, Currency: e.Currency}
}

// Board is the scored portfolio of one day, highest risk first. A Board is
// never changed once handed out; a rescore makes a new one.
type Board struct {
	Day     accounts.Date
	Entries []RiskEntry
	// Scan numbers the full scans of the book; a rescore keeps the number
	// of the scan it started from.
	Scan int
	// Snapped is set when making this board saved every account's risk
	// snapshot of the day (the first scan of a day).
	Snapped bool

	// Rates says how the classes and ranks compared accounts billed in
	// different currencies: converted to the reporting currency at the
	// rates of Rates.RateDate (Rates.Converted set), or as recorded when
	// nothing needed converting. RatesErr, when set, is the sentence why
	// they could not be converted (a missing rate): the classes then
	// compare the amounts as recorded and are only indicative.
	Rates    accounts.Total
	RatesErr error
	table    accounts.Rates // the rates the board was classed with, for its roll-ups

	index map[accounts.ID]int
	gen   uint64 // the writes up to gen are in the board
}

// newRiskEntry scores one account's risk input. Class and Rank are left for
// the caller: they compare the account with the whole portfolio.
func newRiskEntry(in accounts.RiskInput, day accounts.Date) RiskEntry {
	a := in.Account
	return RiskEntry{
		ID: a.ID, Name: a.Name, Owner: a.Owner, Tier: a.Tier, TierManual: a.TierManual,
		Potential: a.Potential.Minor, Currency: a.CurrencyOrDefault(),
		Score: accounts.ScoreRisk(in, day), CLV: accounts.LifetimeValue(a, day),
		Card: cardOf(in, day), Stage: a.Stage, Created: a.CreatedAt, Exit: a.Exit,
		Balance: accounts.Balance(a, day),
	}
}

// sort ranks the entries, highest risk first, and indexes them.
func (b *Board) sort() {
	slices.SortStableFunc(b.Entries, func(x, y RiskEntry) int {
		return cmp.Or(
			cmp.Compare(y.Score.Score, x.Score.Score),
			cmp.Compare(y.CLV.Total, x.CLV.Total), // the more valuable of two equal risks first
			strings.Compare(x.Name, y.Name),
			strings.Compare(string(x.ID), string(y.ID)))
	})
	b.index = make(map[accounts.ID]int, len(b.Entries))
	for i := range b.Entries {
		b.index[b.Entries[i].ID] = i
	}
}

// Get is the account's entry, nil if the board does not have it.
func (b *Board) Get(id accounts.ID) *RiskEntry {
	if b == nil {
		return nil
	}
	if i, ok := b.index[id]; ok {
		return &b.Entries[i]
	}
	return nil
}

// Level is the account's risk level, "" if the board does not have it.
func (b *Board) Level(id accounts.ID) accounts.RiskLevel {
	if e := b.Get(id); e != nil {
		return e.Score.Level
	}
	return ""
}

// Scores are the entries' scores in board order.
func (b *Board) Scores() []accounts.RiskScore {
	out := make([]accounts.RiskScore, len(b.Entries))
	for i := range b.Entries {
		out[i] = b.Entries[i].Score
	}
	return out
}

// Cards are the entries' card completeness scores in board order, saved
// beside the scores so that the next start shows both at once.
func (b *Board) Cards() []int {
	out := make([]int, len(b.Entries))
	for i := range b.Entries {
		out[i] = b.Entries[i].Card.Score
	}
	return out
}

// riskState is the book's share of the portfolio's risk.
type riskState struct {
	work sync.Mutex // one scan or rescore at a time

	mu      sync.Mutex
	gen     uint64                 // counts the changes published
	fullAt  uint64                 // the gen of the last change that needs a full scan
	touched map[accounts.ID]uint64 // account → gen of its last change
	board   *Board
	scans   int
	snapped accounts.Date // the day every account's snapshot was saved
}

// mark notes a change, so the next Board includes it.
func (r *riskState) mark(c Change) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.gen++
	if c.Portfolio && len(c.Accounts) == 0 && len(c.Deleted) == 0 {
		r.fullAt = r.gen
		return // nothing named: the full scan scores every account
	}
	if r.touched == nil {
		r.touched = map[accounts.ID]uint64{}
	}
	// A saved profile, a new or a deleted account rescores only itself;
	// the classes and ranks it moves are worked out again in memory.
	for _, id := range slices.Concat(c.Accounts, c.Deleted) {
		r.touched[id] = r.gen
	}
}

// CurrentBoard is the last board made, without scoring; nil before the first.
func (b *Book) CurrentBoard() *Board {
	b.risk.mu.Lock()
	defer b.risk.mu.Unlock()
	return b.risk.board
}

// Board is the risk board with every change so far: the last one while
// nothing changed, the last one with the changed, new and deleted accounts
// rescored (and every account's ABC class and value rank worked out again
// from the board's figures, which only those accounts moved), else a full
// scan: the first of a day, or after a change that named no account or
// more than a quarter of them. The first scan of a day saves every account's snapshot of the day,
// a rescore the rescored accounts'. A failed snapshot does not stop the
// board: it comes back with the error, which is only worth logging.
func (b *Book) Board(ctx context.Context) (*Board, error) {
	r := &b.risk
	r.work.Lock()
	defer r.work.Unlock()
	day := b.Today()
	w := r.due(day)
	if !w.full && len(w.ids) == 0 {
		return w.cur, nil
	}
	var nb *Board
	var err, snapErr error
	if !w.full {
		if nb, snapErr, err = b.rescore(w.cur, w.ids, day); err != nil {
			return nil, err
		}
	}
	if w.full {
		if nb, err = b.scan(ctx, day); err != nil {
			return nil, err
		}
		if w.snap {
			if snapErr = b.st().SaveRiskSnapshots(day, nb.Scores(), nb.Cards()...); snapErr == nil {
				nb.Snapped = true
			}
		}
	}
	r.keep(nb, w)
	if snapErr != nil {
		return nb, fmt.Errorf("save the risk snapshots: %w", snapErr)
	}
	return nb, nil
}

// work is what a Board request has to do.
type work struct {
	cur  *Board
	gen  uint64        // the changes up to gen will be in the new board
	ids  []accounts.ID // the accounts to rescore, unless full
	full bool          // a full scan is due
	snap bool          // the day's snapshots are not saved yet
	day  accounts.Date
}

// due works out what the board lacks for day.
func (r *riskState) due(day accounts.Date) work {
	r.mu.Lock()
	defer r.mu.Unlock()
	w := work{cur: r.board, gen: r.gen, snap: r.snapped != day, day: day}
	w.full = w.cur == nil || w.cur.Day != day || w.cur.gen < r.fullAt
	if !w.full {
		for id, g := range r.touched {
			if g > w.cur.gen {
				w.ids = append(w.ids, id)
			}
		}
		// One read per account: past a quarter of them the scan's
		// parallel walk is quicker.
		w.full = len(w.ids) > max(64, len(w.cur.Entries)/4)
	}
	return w
}

// keep makes nb the board, with the changes up to w.gen in it.
func (r *riskState) keep(nb *Board, w work) {
	r.mu.Lock()
	defer r.mu.Unlock()
	nb.gen = w.gen
	if w.full {
		r.scans++
		if nb.Snapped {
			r.snapped = w.day
		}
	}
	nb.Scan = r.scans
	r.board = nb
	for id, g := range r.touched {
		if g <= w.gen {
			delete(r.touched, id)
		}
	}
}

// scan scores every account. The ABC class is by share of the latest year's
// revenue and the value rank by lifetime value, both across the whole
// database, like keycardctl risk.
func (b *Book) scan(ctx context.Context, day accounts.Date) (*Board, error) {
	nb := &Board{Day: day}
	err := b.st().EachRiskInput(func(in accounts.RiskInput) error {
		if err := ctx.Err(); err != nil {
			return err // shutting down
		}
		nb.Entries = append(nb.Entries, newRiskEntry(in, day))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("score the accounts: %w", err)
	}
	rates, err := b.st().Rates()
	if err != nil {
		return nil, fmt.Errorf("read the exchange rates: %w", err)
	}
	nb.classify(rates)
	nb.sort()
	return nb, nil
}

// classify gives every entry its ABC class and value rank across the board,
// comparing the amounts converted to the reporting currency on the board's
// day. Without a reporting currency and with one currency throughout, the
// amounts are compared as recorded, as they always were.
func (b *Board) classify(rates accounts.Rates) {
	yearlyM := make(map[accounts.ID]accounts.Money, len(b.Entries))
	valueM := make(map[accounts.ID]accounts.Money, len(b.Entries))
	for i := range b.Entries {
		e := &b.Entries[i]
		yearlyM[e.ID] = accounts.Money{Minor: e.CLV.Yearly, Currency: e.Currency}
		valueM[e.ID] = accounts.Money{Minor: e.CLV.Total, Currency: e.Currency}
	}
	yearly, t, err := rates.Values(b.Day, yearlyM)
	var value map[accounts.ID]int64
	if err == nil {
		value, _, err = rates.Values(b.Day, valueM)
	}
	b.Rates, b.RatesErr, b.table = t, err, rates
	if err != nil {
		yearly, value = asRecorded(yearlyM), asRecorded(valueM)
	}
	classes, ranks := accounts.ClassifyABC(yearly), accounts.ValueRanks(value)
	for i := range b.Entries {
		b.Entries[i].Class, b.Entries[i].Rank = classes[b.Entries[i].ID], ranks[b.Entries[i].ID]
	}
}

// asRecorded is the amounts' minor units, whatever their currency.
func asRecorded(in map[accounts.ID]accounts.Money) map[accounts.ID]int64 {
	out := make(map[accounts.ID]int64, len(in))
	for id, m := range in {
		out[id] = m.Minor
	}
	return out
}

// rescore scores the given accounts again on a copy of cur (a new account
// joins it, a deleted one leaves it), works out the classes and ranks again
// and saves the rescored accounts' snapshots of the day. The views that
// still hold cur see it unchanged.
func (b *Book) rescore(cur *Board, ids []accounts.ID, day accounts.Date) (nb *Board, snapErr, err error) {
	nb = &Board{Day: cur.Day, Scan: cur.Scan, Entries: slices.Clone(cur.Entries), gen: cur.gen}
	gone := map[accounts.ID]bool{}
	scores, cards := make([]accounts.RiskScore, 0, len(ids)), make([]int, 0, len(ids))
	for _, id := range ids {
		in, err := b.st().RiskInputFor(id)
		if accounts.ErrorCode(err) == accounts.ENOTFOUND {
			gone[id] = true
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("score the account again: %w", err)
		}
		e := newRiskEntry(in, day)
		if i, ok := cur.index[id]; ok {
			nb.Entries[i] = e
		} else {
			nb.Entries = append(nb.Entries, e)
		}
		scores, cards = append(scores, e.Score), append(cards, e.Card.Score)
	}
	if len(gone) > 0 {
		nb.Entries = slices.DeleteFunc(nb.Entries, func(e RiskEntry) bool { return gone[e.ID] })
	}
	// The rates of the last scan: saving rates names no account, so it
	// brings a full scan (riskState.mark), never a rescore.
	nb.classify(cur.table)
	nb.sort()
	// A change keeps today's snapshot of the account current.
	return nb, b.st().SaveRiskSnapshots(day, scores, cards...), nil
}
