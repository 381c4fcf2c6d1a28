package main

import (
	"context"
	"flag"
	"fmt"
	"os/user"
	"slices"
	"strconv"
	"strings"
	"time"

	"keycard/accounts"
	"keycard/book"
)

var reviewCommand = command{
	name:    "review",
	args:    "[--owner NAME] [--json] | --mark ACCOUNT [--comment TEXT] [--reviewer NAME]",
	summary: "cli.cmd.review.summary",
	help:    "cli.cmd.review.help",
	run:     runReview,
}

// reviewRow is the JSON form of one account on the review board; a
// contract with scripts, so fields change only by adding.
type reviewRow struct {
	ID                 accounts.ID         `json:"id"`
	Name               string              `json:"name"`
	Owner              string              `json:"owner"`
	Tier               accounts.Tier       `json:"tier"`
	Stage              accounts.Stage      `json:"stage"`
	LastReviewed       accounts.Date       `json:"last_reviewed"` // "" when never
	LastReviewedAt     *time.Time          `json:"last_reviewed_at,omitempty"`
	Reviewer           string              `json:"reviewer"`
	Comment            string              `json:"comment"`
	DaysSinceReview    int                 `json:"days_since_review"` // -1 when never
	Stale              bool                `json:"stale"`
	ChangesSince       int                 `json:"changes_since"`
	LatestChanges      []reviewChange      `json:"latest_changes"`
	LastVisit          accounts.Date       `json:"last_visit"`
	OverdueFollowUps   int                 `json:"overdue_follow_ups"`
	RiskScore          int                 `json:"risk_score"`
	RiskLevel          accounts.RiskLevel  `json:"risk_level"` // "" when not scored
	Revenue            accounts.Money      `json:"revenue"`    // the latest period's
	OverdueReceivables accounts.Money      `json:"overdue_receivables"`
	Completeness       int                 `json:"completeness"` // 0–100, -1 unknown
	Missing            []accounts.CardItem `json:"missing"`      // what would complete the card, heaviest first
}

type reviewChange struct {
	At   time.Time `json:"at"`
	Text string    `json:"text"`
}

// reviewOwner is one owner's summary line.
type reviewOwner struct {
	Owner        string `json:"owner"`
	Accounts     int    `json:"accounts"`
	Unreviewed   int    `json:"unreviewed"`           // not reviewed for 7 days, or never
	Completeness int    `json:"average_completeness"` // where known, -1 unknown
}

type reviewReport struct {
	Accounts []reviewRow   `json:"accounts"`
	Owners   []reviewOwner `json:"owners"`
}

func runReview(e *env, args []string) int {
	fs := e.flags()
	owner := fs.String("owner", "", tr("cli.flag.review.owner"))
	asJSON := fs.Bool("json", false, tr("cli.flag.review.json"))
	mark := fs.String("mark", "", tr("cli.flag.review.mark"))
	comment := fs.String("comment", "", tr("cli.flag.review.comment"))
	reviewer := fs.String("reviewer", "", tr("cli.flag.review.reviewer"))
	if _, code, done := e.parse(fs, args, 0, 0); done {
		return code
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *mark == "" {
		if set["comment"] || set["reviewer"] || set["mark"] {
			return e.usageError("%s", tr("cli.review.needs_mark"))
		}
		rep, err := loadReview(e, *owner)
		if err != nil {
			return e.fail(err)
		}
		if *asJSON {
			return e.printJSON(rep)
		}
		printReview(e, rep, *owner)
		return exitOK
	}
	if set["owner"] || *asJSON {
		return e.usageError("%s", tr("cli.review.mark_alone"))
	}
	return markReviewed(e, *mark, *comment, *reviewer)
}

func markReviewed(e *env, query, comment, reviewer string) (code int) {
	b, err := e.openBook(readWrite)
	if err != nil {
		return e.fail(err)
	}
	defer func() {
		if err := b.Close(); err != nil && code == exitOK {
			code = e.fail(err)
		}
	}()
	a, err := b.FindAccount(query)
	if err != nil {
		return e.fail(err)
	}
	if reviewer == "" {
		reviewer = b.Me()
	}
	if reviewer == "" {
		if u, err := user.Current(); err == nil {
			reviewer = u.Username
		}
	}
	r, _, err := b.MarkReviewed(book.CLI, a.ID, reviewer, comment)
	if err != nil {
		return e.fail(err)
	}
	fmt.Fprintln(e.stdout, tr("cli.review.marked", "Account", a.Name, "Reviewer", r.Reviewer, "Date", accounts.DateOf(r.At.Local()).String()))
	return exitOK
}

func loadReview(e *env, owner string) (rep reviewReport, err error) {
	b, err := e.reader()
	if err != nil {
		return rep, err
	}
	defer closeBook(b, &err)
	rows, err := b.ReviewBoard(owner)
	if err != nil {
		return rep, err
	}
	if needsRisk(rows) {
		// Score the portfolio (a read-only database cannot keep the day's
		// snapshots; the scores are still right).
		if bd, err := b.Board(context.Background()); bd == nil {
			return rep, err
		}
		if rows, err = b.ReviewBoard(owner); err != nil {
			return rep, err
		}
	}
	return newReviewReport(rows), nil
}

func needsRisk(rows []book.ReviewRow) bool {
	for i := range rows {
		if !rows[i].RiskKnown || rows[i].Completeness < 0 {
			return true
		}
	}
	return false
}

func newReviewReport(rows []book.ReviewRow) reviewReport {
	rep := reviewReport{Accounts: make([]reviewRow, 0, len(rows)), Owners: []reviewOwner{}}
	owners := map[string]*reviewOwner{}
	known := map[string][2]int{} // owner → sum, count of known completeness
	for i := range rows {
		r := &rows[i]
		rep.Accounts = append(rep.Accounts, toReviewRow(r))
		o := owners[r.Owner]
		if o == nil {
			o = &reviewOwner{Owner: r.Owner}
			owners[r.Owner] = o
		}
		o.Accounts++
		if r.Stale {
			o.Unreviewed++
		}
		if r.Completeness >= 0 {
			k := known[r.Owner]
			known[r.Owner] = [2]int{k[0] + r.Completeness, k[1] + 1}
		}
	}
	for _, o := range owners {
		o.Completeness = accounts.CompletenessUnknown
		if k := known[o.Owner]; k[1] > 0 {
			o.Completeness = (k[0] + k[1]/2) / k[1]
		}
		rep.Owners = append(rep.Owners, *o)
	}
	sortOwners(rep.Owners)
	return rep
}

func toReviewRow(r *book.ReviewRow) reviewRow {
	row := reviewRow{
		ID: r.ID, Name: r.Name, Owner: r.Owner, Tier: r.Tier, Stage: r.Stage,
		DaysSinceReview: r.DaysSince, Stale: r.Stale, ChangesSince: r.Changes, LatestChanges: []reviewChange{},
		LastVisit: r.LastVisit, OverdueFollowUps: r.OverdueFollowUps, Revenue: r.Revenue,
		OverdueReceivables: r.OverdueReceivables, Completeness: r.Completeness,
		Missing: append([]accounts.CardItem{}, r.Missing...),
	}
	if r.Reviewed {
		at := r.LastReview.At
		row.LastReviewedAt, row.LastReviewed = &at, accounts.DateOf(at.Local())
		row.Reviewer, row.Comment = r.LastReview.Reviewer, r.LastReview.Comment
	}
	if r.RiskKnown {
		row.RiskScore, row.RiskLevel = r.RiskScore, r.RiskLevel
	}
	for _, c := range r.LatestChanges {
		row.LatestChanges = append(row.LatestChanges, reviewChange{At: c.At, Text: say(c.What)})
	}
	return row
}

func sortOwners(os []reviewOwner) {
	slices.SortFunc(os, func(a, b reviewOwner) int { return strings.Compare(a.Owner, b.Owner) })
}

func printReview(e *env, rep reviewReport, owner string) {
	if len(rep.Accounts) == 0 {
		fmt.Fprintln(e.stdout, say(noAccountsPhrase(owner, "")))
		return
	}
	t := &table{}
	t.add(tr("cli.review.head.name"), tr("cli.review.head.owner"), tr("cli.review.head.card"), tr("cli.review.head.reviewed"), tr("cli.review.head.days"),
		tr("cli.review.head.changes"), tr("cli.review.head.overdue"), tr("cli.review.head.risk"), tr("cli.review.head.revenue"),
		tr("cli.review.head.receivables"))
	for _, r := range rep.Accounts {
		reviewed, days := tr("cli.review.never"), "-"
		if r.DaysSinceReview >= 0 {
			reviewed, days = r.LastReviewed.String(), strconv.Itoa(r.DaysSinceReview)
		}
		if r.Stale {
			days += " !"
		}
		risk := "-"
		if r.RiskLevel != "" {
			risk = strconv.Itoa(r.RiskScore) + " " + say(r.RiskLevel.Label())
		}
		card := "-"
		if r.Completeness >= 0 {
			card = strconv.Itoa(r.Completeness)
		}
		t.add(clip(r.Name, 32), r.Owner, card, reviewed, days, strconv.Itoa(r.ChangesSince), strconv.Itoa(r.OverdueFollowUps), risk,
			moneyOrDash(r.Revenue), moneyOrDash(r.OverdueReceivables))
	}
	t.write(e.stdout, "")
	fmt.Fprintln(e.stdout)
	for _, o := range rep.Owners {
		line := tr("cli.review.owner_line", "Owner", orDash(o.Owner), "Accounts", o.Accounts, "Unreviewed", o.Unreviewed, "Days", book.ReviewStaleDays)
		if o.Completeness >= 0 {
			line += tr("cli.review.owner_card", "Score", o.Completeness)
		}
		fmt.Fprintln(e.stdout, line)
	}
}

func moneyOrDash(m accounts.Money) string {
	if m.IsZero() {
		return "-"
	}
	return m.String()
}
