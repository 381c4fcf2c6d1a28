package book

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"keycard/accounts"
	"keycard/storage"
)

// The weekly card review (每周至少检查每位业务员的大客户资料卡一次): a manager
// goes through a rep's accounts, sees for each what changed since it was
// last reviewed, marks it reviewed with a comment, and the rep sees the
// comment on the account and on Today. Reviews are history kept in this
// database (storage: the "reviews" bucket); they do not go to the team
// server yet (docs/sync.md says what that needs).
//
// The board is built for 10,000 accounts from what is cheap to read: the
// summaries, each account's newest review (one seek per account), key-only
// counts of visits, map changes and overdue steps, the risk board the book
// already holds (or the day's stored snapshots), and only the records a
// review needs to describe (the newest few map changes, the warning signs
// changed since).

// ReviewStaleDays is how long an account may go unreviewed before it stands
// out: the manager checks every card at least once a week.
const ReviewStaleDays = 7

// ReviewChangesShown is how many of the latest changes a row describes.
const ReviewChangesShown = 3

// ReviewChange is one thing that changed on an account since its last
// review, as a sentence.
type ReviewChange struct {
	At   time.Time
	What accounts.Phrase
}

// ReviewRow is one account on the review board.
type ReviewRow struct {
	ID    accounts.ID
	Name  string
	Owner string
	Tier  accounts.Tier
	Stage accounts.Stage

	// Reviewed says the account has a review; LastReview is its newest
	// (zero when never reviewed).
	Reviewed   bool
	LastReview accounts.Review
	// DaysSince is the number of days since the last review (-1: never).
	DaysSince int
	// Stale: not reviewed for ReviewStaleDays days, or never.
	Stale bool

	// Changes counts what changed since the last review (for an account
	// never reviewed: in the last ReviewStaleDays days): map changes,
	// visits, warning signs created or changed, and an edit of the profile
	// card. LatestChanges describes the newest of them, newest first, at
	// most ReviewChangesShown.
	Changes       int
	LatestChanges []ReviewChange

	LastVisit        accounts.Date
	OverdueFollowUps int

	// RiskKnown is false when neither the book's risk board of today nor a
	// stored risk snapshot has the account.
	RiskKnown bool
	RiskScore int
	RiskLevel accounts.RiskLevel

	Revenue            accounts.Money // the latest period's
	OverdueReceivables accounts.Money

	// Completeness is the card's completeness score, 0–100, from the
	// book's risk board of today; -1 when there is none yet. Missing are
	// the items that would complete it, heaviest first.
	Completeness int
	Missing      []accounts.CardItem
	// OutOfBalance is set when sales and collections are out of balance
	// (accounts.Balance, from the same board); Advice says what to do.
	OutOfBalance bool
	Advice       []accounts.Phrase
}

// ReviewWeek is one ISO week of a review history.
type ReviewWeek struct {
	Year, Week int           // ISO year and week number
	Start      accounts.Date // the Monday
	// Reviews counts the reviews made that week, Accounts the accounts they
	// covered.
	Reviews  int
	Accounts int
	// Completeness is the average completeness of the reviews that knew it
	// (-1 when none did); Known is how many did.
	Completeness int
	Known        int
}

// Me is the name this database's person goes by: their display name on the
// team server when linked (it is the owner name of their accounts), else
// "". Screens offer it as the reviewer; the CLI and a first start without a
// server ask for a name.
func (b *Book) Me() string {
	l, err := b.st().TeamLinkInfo()
	if err != nil || l == nil {
		return ""
	}
	return l.Name
}

// MarkReviewed records that reviewer checked the account's card now, with
// an optional comment for its owner, and publishes the change so that the
// account, Today and the review board refresh. A missing reviewer, a
// comment over accounts.MaxReviewComment characters or an unknown account
// is refused and nothing is stored.
func (b *Book) MarkReviewed(src Source, accountID accounts.ID, reviewer, comment string) (accounts.Review, Change, error) {
	r := accounts.Review{
		AccountID: accountID, Reviewer: reviewer, Comment: comment, At: b.now(),
		Completeness: accounts.CompletenessUnknown,
	}
	// The card's completeness at the review, so that a rep's history shows
	// how their cards grew; an account that cannot be read is refused below.
	if in, err := b.st().RiskInputFor(accountID); err == nil {
		r.Completeness = cardOf(in, accounts.DateOf(r.At)).Score
	}
	if err := b.st().PutReview(&r); err != nil {
		return accounts.Review{}, Change{}, err
	}
	return r, b.publish(accountChange(src, accountID)), nil
}

// Reviews returns the account's reviews, newest first.
func (b *Book) Reviews(accountID accounts.ID) ([]accounts.Review, error) {
	return b.st().Reviews(accountID)
}

// LatestComment is the account's newest review that carries a comment, for
// the owner's account page and Today; false when there is none.
func (b *Book) LatestComment(accountID accounts.ID) (accounts.Review, bool, error) {
	rs, err := b.st().Reviews(accountID)
	if err != nil {
		return accounts.Review{}, false, err
	}
	for _, r := range rs {
		if r.Comment != "" {
			return r, true, nil
		}
	}
	return accounts.Review{}, false, nil
}

// ReviewBoard lists the owner's accounts ("" = every owner's) for the
// weekly review, the stale ones first (never reviewed, then the longest
// unreviewed), then by name. Risk comes from the book's current risk board
// when it is today's, else from the risk snapshots stored today; a row
// without either has RiskKnown false (call Board, which scores the whole
// portfolio, and ask again).
func (b *Book) ReviewBoard(owner string) ([]ReviewRow, error) {
	sums, err := b.summariesOf(owner)
	if err != nil {
		return nil, err
	}
	now := b.now()
	today := accounts.DateOf(now)
	latest, err := b.st().LatestReviews()
	if err != nil {
		return nil, err
	}
	since := make(map[accounts.ID]time.Time, len(sums))
	for _, s := range sums {
		since[s.ID] = reviewSince(latest, s.ID, now)
	}
	act, err := b.st().ReviewActivity(since, ReviewChangesShown)
	if err != nil {
		return nil, err
	}
	overdue, err := b.st().OpenStepsDueBefore(today)
	if err != nil {
		return nil, err
	}
	risk, err := b.riskFor(today)
	if err != nil {
		return nil, err
	}
	card := b.cardFor(today)
	rows := make([]ReviewRow, 0, len(sums))
	for i := range sums {
		s := &sums[i]
		row := newReviewRow(s)
		if r, ok := latest[s.ID]; ok {
			row.setReview(r, today, now.Location())
		}
		row.OverdueFollowUps = overdue[s.ID]
		row.RiskScore, row.RiskLevel, row.RiskKnown = risk(s.ID)
		row.Completeness, row.Missing = card(s.ID)
		if e := b.boardEntry(today, s.ID); e != nil {
			row.OutOfBalance, row.Advice = e.Balance.OutOfBalance, e.Balance.Advice
		}
		a := act[s.ID]
		row.OverdueReceivables = a.OverdueReceivables
		row.Changes, row.LatestChanges = b.describeActivity(&a, today)
		rows = append(rows, row)
	}
	sortReviewRows(rows)
	return rows, nil
}

// reviewSince is the moment changes are counted from: the last review, or
// ReviewStaleDays ago for an account never reviewed.
func reviewSince(latest map[accounts.ID]accounts.Review, id accounts.ID, now time.Time) time.Time {
	if r, ok := latest[id]; ok {
		return r.At
	}
	return now.AddDate(0, 0, -ReviewStaleDays)
}

func newReviewRow(s *storage.Summary) ReviewRow {
	return ReviewRow{
		ID: s.ID, Name: s.Name, Owner: s.Owner, Tier: s.Tier, Stage: s.Stage,
		DaysSince: -1, Stale: true, LastVisit: s.LastVisit, Revenue: s.Revenue,
		Completeness: accounts.CompletenessUnknown,
	}
}

func (row *ReviewRow) setReview(r accounts.Review, today accounts.Date, loc *time.Location) {
	row.Reviewed, row.LastReview = true, r
	row.DaysSince = max(0, accounts.DateOf(r.At.In(loc)).DaysUntil(today))
	row.Stale = row.DaysSince >= ReviewStaleDays
}

// sortReviewRows puts never reviewed first, then the longest unreviewed,
// then by name.
func sortReviewRows(rows []ReviewRow) {
	days := func(r *ReviewRow) int {
		if !r.Reviewed {
			return 1 << 30
		}
		return r.DaysSince
	}
	slices.SortStableFunc(rows, func(x, y ReviewRow) int {
		return cmp.Or(cmp.Compare(days(&y), days(&x)), strings.Compare(x.Name, y.Name), strings.Compare(string(x.ID), string(y.ID)))
	})
}

// cardFor gives each account's card completeness and missing items from
// the book's risk board when it is today's (the board scores completeness
// with risk, in the same pass); -1 otherwise: scoring 10,000 cards here
// would make the review view slow, and the app builds the board at start.
func (b *Book) cardFor(today accounts.Date) func(accounts.ID) (int, []accounts.CardItem) {
	bd := b.CurrentBoard()
	return func(id accounts.ID) (int, []accounts.CardItem) {
		if bd == nil || bd.Day != today {
			return accounts.CompletenessUnknown, nil
		}
		c, ok := bd.Card(id)
		if !ok {
			return accounts.CompletenessUnknown, nil
		}
		missing := make([]accounts.CardItem, len(c.Missing))
		for i, m := range c.Missing {
			missing[i] = m.Item
		}
		return c.Score, missing
	}
}

// boardEntry is the account's entry on the book's risk board of today, nil
// when there is no such board or no entry.
func (b *Book) boardEntry(today accounts.Date, id accounts.ID) *RiskEntry {
	if bd := b.CurrentBoard(); bd != nil && bd.Day == today {
		return bd.Get(id)
	}
	return nil
}

// riskFor gives each account's risk: from the book's board when it is
// today's, else from the snapshots stored today (the app's first scan of a
// day saves them).
func (b *Book) riskFor(today accounts.Date) (func(accounts.ID) (int, accounts.RiskLevel, bool), error) {
	if bd := b.CurrentBoard(); bd != nil && bd.Day == today {
		return func(id accounts.ID) (int, accounts.RiskLevel, bool) {
			if e := bd.Get(id); e != nil {
				return e.Score.Score, e.Score.Level, true
			}
			return 0, "", false
		}, nil
	}
	snaps, err := b.st().RiskOn(today)
	if err != nil {
		return nil, err
	}
	return func(id accounts.ID) (int, accounts.RiskLevel, bool) {
		p, ok := snaps[id]
		if !ok || p.Date != today { // an older score would mislead
			return 0, "", false
		}
		return p.Score, p.Level, true
	}, nil
}

// describeActivity counts what happened and describes the newest of it.
func (b *Book) describeActivity(a *storage.Activity, today accounts.Date) (int, []ReviewChange) {
	n := a.MapChanges + a.Visits + len(a.Warnings)
	var all []ReviewChange
	if !a.AccountUpdated.IsZero() {
		n++
		all = append(all, ReviewChange{At: a.AccountUpdated, What: accounts.Say("review.change.card",
			"Date", accounts.DateOf(a.AccountUpdated).String())})
	}
	for _, at := range a.LatestVisits {
		all = append(all, ReviewChange{At: at, What: accounts.Say("review.change.visit", "Date", accounts.DateOf(at).String())})
	}
	for _, w := range a.Warnings[:min(len(a.Warnings), ReviewChangesShown)] {
		all = append(all, ReviewChange{At: w.UpdatedAt, What: accounts.Say("review.change.warning",
			"Kind", w.Kind.Label(), "Severity", w.Severity.Label())})
	}
	for _, c := range a.LatestMapChanges {
		all = append(all, ReviewChange{At: c.At, What: c.Describe(b.contactWho(c.ContactID))})
	}
	slices.SortStableFunc(all, func(x, y ReviewChange) int { return y.At.Compare(x.At) })
	return n, all[:min(len(all), ReviewChangesShown)]
}

// contactWho names a contact in a map change; a removed one is "a removed
// contact".
func (b *Book) contactWho(id accounts.ID) accounts.Phrase {
	c, err := b.st().Contact(id)
	if err != nil || c == nil {
		return accounts.Phrase{Key: "changes.someone"}
	}
	return c.Who()
}

// ReviewHistory is the owner's ("" = everyone's) review history by ISO
// week, oldest first: the weeks with at least one review of the owner's
// accounts, how many reviews and accounts, and the average completeness
// where it was known — a rep's completeness and review record over time.
func (b *Book) ReviewHistory(owner string) ([]ReviewWeek, error) {
	sums, err := b.summariesOf(owner)
	if err != nil {
		return nil, err
	}
	mine := make(map[accounts.ID]bool, len(sums))
	for _, s := range sums {
		mine[s.ID] = true
	}
	type acc struct {
		w        ReviewWeek
		accounts map[accounts.ID]bool
		sum      int
	}
	weeks := map[[2]int]*acc{}
	loc := b.now().Location()
	err = b.st().EachReview(time.Time{}, func(r accounts.Review) error {
		if !mine[r.AccountID] {
			return nil
		}
		at := r.At.In(loc)
		y, wk := at.ISOWeek()
		a := weeks[[2]int{y, wk}]
		if a == nil {
			d := accounts.DateOf(at)
			a = &acc{w: ReviewWeek{Year: y, Week: wk, Start: d.AddDays(-((int(at.Weekday()) + 6) % 7))}, accounts: map[accounts.ID]bool{}}
			weeks[[2]int{y, wk}] = a
		}
		a.w.Reviews++
		a.accounts[r.AccountID] = true
		if r.Completeness >= 0 {
			a.w.Known++
			a.sum += r.Completeness
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]ReviewWeek, 0, len(weeks))
	for _, a := range weeks {
		a.w.Accounts = len(a.accounts)
		a.w.Completeness = accounts.CompletenessUnknown
		if a.w.Known > 0 {
			a.w.Completeness = (a.sum + a.w.Known/2) / a.w.Known
		}
		out = append(out, a.w)
	}
	slices.SortFunc(out, func(x, y ReviewWeek) int { return cmp.Or(cmp.Compare(x.Year, y.Year), cmp.Compare(x.Week, y.Week)) })
	return out, nil
}

// summariesOf is the owner's summaries, every account's for "".
func (b *Book) summariesOf(owner string) ([]storage.Summary, error) {
	if owner == "" {
		return b.st().Summaries()
	}
	return b.st().SummariesByOwner(owner)
}
