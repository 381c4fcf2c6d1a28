package main

import (
	"encoding/json"
	"fmt"

	"keycard/accounts"
	"keycard/book"
)

var listCommand = command{
	name:    "list",
	args:    "[--owner NAME] [--json]",
	summary: "cli.cmd.list.summary",
	help:    "cli.cmd.list.help",
	run:     runList,
}

// listRow is the JSON form of one account in the list; its field names are a
// contract with scripts, so they change only by adding.
type listRow struct {
	ID            accounts.ID         `json:"id"`
	Name          string              `json:"name"`
	LegalName     string              `json:"legal_name,omitempty"`
	Owner         string              `json:"owner"`
	Tier          accounts.Tier       `json:"tier"`
	Stage         accounts.Stage      `json:"stage"`
	Industry      string              `json:"industry,omitempty"`
	Region        string              `json:"region,omitempty"`
	Revenue       accounts.Money      `json:"revenue"`
	RenewalDate   accounts.Date       `json:"renewal_date"`
	LastVisit     accounts.Date       `json:"last_visit"`
	NextFollowUp  accounts.Date       `json:"next_follow_up"`
	OpenFollowUps int                 `json:"open_follow_ups"`
	Risk          accounts.RiskLevel  `json:"risk"`
	Completeness  int                 `json:"completeness"`
	Missing       []accounts.CardItem `json:"missing"`
	// ParentID is the account's parent in a group ("" when none).
	ParentID accounts.ID `json:"parent_id"`
}

func runList(e *env, args []string) int {
	fs := e.flags()
	owner := fs.String("owner", "", tr("cli.flag.list.owner"))
	asJSON := fs.Bool("json", false, tr("cli.flag.list.json"))
	if _, code, done := e.parse(fs, args, 0, 0); done {
		return code
	}
	if *asJSON {
		rows, err := listRows(e, *owner)
		if err != nil {
			return e.fail(err)
		}
		return e.printJSON(rows)
	}
	sums, err := loadSummaries(e, *owner)
	if err != nil {
		return e.fail(err)
	}
	if len(sums) == 0 {
		fmt.Fprintln(e.stdout, say(noAccountsPhrase(*owner, "")))
		return exitOK
	}
	t := &table{}
	t.add(tr("cli.list.head.name"), tr("cli.list.head.owner"), tr("cli.list.head.tier"), tr("cli.list.head.stage"), tr("cli.list.head.last_visit"), tr("cli.list.head.next"))
	for _, s := range sums {
		t.add(clip(s.Name, 40), s.Owner, say(s.Tier.Label()), say(s.Stage.Label()), orDash(s.LastVisit.String()), orDash(s.NextFollowUp.String()))
	}
	t.write(e.stdout, "")
	return exitOK
}

// listRows are the JSON rows of the accounts (of owner): the summary, the
// risk level of the day and the card's completeness with the codes
// of its missing items, heaviest first.
func listRows(e *env, owner string) (rows []listRow, err error) {
	b, err := e.reader()
	if err != nil {
		return nil, err
	}
	defer closeBook(b, &err)
	sums, err := b.Summaries()
	if owner != "" {
		sums, err = b.SummariesByOwner(owner)
	}
	if err != nil {
		return nil, err
	}
	rows = make([]listRow, len(sums))
	for i, s := range sums {
		d, err := b.LoadAccount(s.ID)
		if err != nil {
			return nil, err
		}
		c := accounts.CardCompleteness(d, b.Today())
		missing := make([]accounts.CardItem, len(c.Missing))
		for k, m := range c.Missing {
			missing[k] = m.Item
		}
		rows[i] = listRow{s.ID, s.Name, s.LegalName, s.Owner, s.Tier, s.Stage, s.Industry, s.Region,
			s.Revenue, s.RenewalDate, s.LastVisit, s.NextFollowUp, s.OpenFollowUps, accounts.ScoreRisk(d.RiskInput(), b.Today()).Level, c.Score, missing, s.ParentID}
	}
	return rows, nil
}

func loadSummaries(e *env, owner string) (out []book.Summary, err error) {
	b, err := e.reader()
	if err != nil {
		return nil, err
	}
	defer closeBook(b, &err)
	if owner != "" {
		return b.SummariesByOwner(owner)
	}
	return b.Summaries()
}

// printJSON writes v indented, with Chinese left readable.
func (e *env) printJSON(v any) int {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return e.fail(fmt.Errorf("write JSON: %w", err))
	}
	return exitOK
}
