package book

import (
	"context"
	"strings"
	"testing"

	"keycard/accounts"
)

func rowOf(t *testing.T, rows []ReviewRow, id accounts.ID) ReviewRow {
	t.Helper()
	for _, r := range rows {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no row for %s in %+v", id, rows)
	return ReviewRow{}
}

func TestMarkReviewedPublishesAndTheOwnerSeesTheComment(t *testing.T) {
	clk := &dayClock{t: t0}
	b := newBook(t, Options{Now: clk.now})
	a := mkAccount(t, b, "Acme")
	other := mkAccount(t, b, "Beta")
	var got []Change
	defer b.Subscribe(func(c Change) { got = append(got, c) })()

	r, ch, err := b.MarkReviewed(From("review"), a.ID, " Zhao Min ", "Add the CFO to the map")
	if err != nil {
		t.Fatal(err)
	}
	// The review keeps the card's completeness at that moment.
	d, err := b.LoadAccount(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := accounts.CardCompleteness(d, accounts.DateOf(r.At)).Score; r.Completeness != want {
		t.Fatalf("the review's completeness is %d, the card's %d", r.Completeness, want)
	}
	if r.Reviewer != "Zhao Min" || r.ID == "" || !ch.Touches(a.ID) || len(got) != 1 || !got[0].Touches(a.ID) {
		t.Fatalf("review %+v, change %+v, published %+v", r, ch, got)
	}
	// a later review without a comment does not hide the comment
	if _, _, err := b.MarkReviewed(From("review"), a.ID, "Zhao Min", ""); err != nil {
		t.Fatal(err)
	}
	c, ok, err := b.LatestComment(a.ID)
	if err != nil || !ok || c.Comment != "Add the CFO to the map" {
		t.Fatalf("latest comment: %+v %v %v", c, ok, err)
	}
	if _, ok, _ := b.LatestComment(other.ID); ok {
		t.Fatal("Beta has no comment")
	}
	all, err := b.Reviews(a.ID)
	if err != nil || len(all) != 2 || all[0].Comment != "" {
		t.Fatalf("reviews newest first: %+v %v", all, err)
	}
	// Bad input: a sentence, nothing stored, nothing published.
	for _, bad := range []struct{ reviewer, comment string }{{"", "x"}, {"Zhao", strings.Repeat("x", accounts.MaxReviewComment+1)}} {
		_, _, err := b.MarkReviewed(From("review"), a.ID, bad.reviewer, bad.comment)
		if accounts.ErrorCode(err) != accounts.EINVALID {
			t.Fatalf("%q: %v", bad.reviewer, err)
		}
	}
	if _, _, err := b.MarkReviewed(From("review"), accounts.NewID(), "Zhao", ""); accounts.ErrorCode(err) != accounts.ENOTFOUND {
		t.Fatalf("unknown account: %v", err)
	}
	if all, _ := b.Reviews(a.ID); len(all) != 2 || len(got) != 2 {
		t.Fatalf("a refused review was stored or published: %d reviews, %d changes", len(all), len(got))
	}
}

func TestReviewBoardShowsWhatChangedSinceTheLastReview(t *testing.T) {
	clk := &dayClock{t: t0}
	b := newBook(t, Options{Now: clk.now})
	ctx := context.Background()
	a := mkAccount(t, b, "Acme")
	never := mkAccount(t, b, "Beta")
	elsewhere := accounts.Account{Name: "Gamma", Owner: "Wang Fang", Tier: accounts.TierKey, Stage: accounts.StageGrowth,
		OverdueReceivables: accounts.Money{Minor: 5000, Currency: "CNY"}}
	if _, err := b.CreateAccount(CLI, &elsewhere); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.MarkReviewed(CLI, a.ID, "Zhao", "ok"); err != nil {
		t.Fatal(err)
	}
	clk.nextDay(1)
	v := accounts.Visit{AccountID: a.ID, At: clk.now(), Kind: accounts.KindOnSite, Summary: "met",
		NextSteps: []accounts.NextStep{{Text: "send offer", Due: accounts.DateOf(clk.now())}}}
	if _, err := b.LogVisit(CLI, &v); err != nil {
		t.Fatal(err)
	}
	clk.nextDay(2) // the step is overdue now
	c := accounts.Contact{AccountID: a.ID, Name: "张伟", Influence: 4}
	if _, err := b.CreateContact(CLI, &c); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Board(ctx); err != nil {
		t.Fatal(err)
	}

	rows, err := b.ReviewBoard("Li Wei")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].ID != never.ID {
		t.Fatalf("the never-reviewed account comes first, Wang Fang's is not there: %+v", rows)
	}
	ra := rowOf(t, rows, a.ID)
	if !ra.Reviewed || ra.DaysSince != 3 || ra.Stale || ra.LastReview.Comment != "ok" || ra.LastReview.Reviewer != "Zhao" {
		t.Fatalf("Acme's last review: %+v", ra)
	}
	if ra.Changes != 2 || len(ra.LatestChanges) != 2 || ra.LatestChanges[0].What.Key != "mapchange.added" ||
		ra.LatestChanges[1].What.Key != "review.change.visit" {
		t.Fatalf("a visit and a new contact since the review: %+v", ra)
	}
	if ra.OverdueFollowUps != 1 || ra.LastVisit != accounts.DateOf(v.At) || !ra.RiskKnown || ra.RiskLevel == "" {
		t.Fatalf("Acme's row: %+v", ra)
	}
	// Completeness comes from the risk board, scored in the same pass.
	bd := b.CurrentBoard()
	for _, r := range rows {
		if c, ok := bd.Card(r.ID); !ok || r.Completeness != c.Score {
			t.Fatalf("%s: completeness %d, the board's %+v", r.Name, r.Completeness, c)
		}
	}
	rn := rowOf(t, rows, never.ID)
	if rn.Reviewed || !rn.Stale || rn.DaysSince != -1 {
		t.Fatalf("Beta was never reviewed: %+v", rn)
	}

	clk.nextDay(5) // eight days after the review: stale
	a2, _ := b.Account(a.ID)
	a2.Region = "North"
	if _, err := b.UpdateAccount(CLI, a2); err != nil {
		t.Fatal(err)
	}
	all, err := b.ReviewBoard("")
	if err != nil || len(all) != 3 {
		t.Fatalf("every owner's accounts: %d %v", len(all), err)
	}
	ra = rowOf(t, all, a.ID)
	if !ra.Stale || ra.DaysSince != 8 || ra.Changes != 3 || ra.LatestChanges[0].What.Key != "review.change.card" {
		t.Fatalf("Acme after eight days and a card edit: %+v", ra)
	}
	if g := rowOf(t, all, elsewhere.ID); g.OverdueReceivables.Minor != 5000 || g.Owner != "Wang Fang" {
		t.Fatalf("Gamma: %+v", g)
	}
	// Reviewed again: no longer stale, nothing changed since.
	if _, _, err := b.MarkReviewed(CLI, a.ID, "Zhao", ""); err != nil {
		t.Fatal(err)
	}
	rows, _ = b.ReviewBoard("Li Wei")
	if ra = rowOf(t, rows, a.ID); ra.Stale || ra.DaysSince != 0 || ra.Changes != 0 || len(ra.LatestChanges) != 0 {
		t.Fatalf("Acme just reviewed: %+v", ra)
	}
}

func TestReviewHistoryByISOWeek(t *testing.T) {
	clk := &dayClock{t: t0} // Monday 23 November 2026, ISO week 48
	b := newBook(t, Options{Now: clk.now})
	a := mkAccount(t, b, "Acme")
	c := mkAccount(t, b, "Beta")
	other := accounts.Account{Name: "Gamma", Owner: "Wang Fang", Tier: accounts.TierKey, Stage: accounts.StageGrowth}
	if _, err := b.CreateAccount(CLI, &other); err != nil {
		t.Fatal(err)
	}
	mark := func(id accounts.ID, completeness int) {
		t.Helper()
		r := accounts.Review{AccountID: id, Reviewer: "Zhao", At: clk.now(), Completeness: completeness}
		if err := b.st().PutReview(&r); err != nil {
			t.Fatal(err)
		}
	}
	mark(a.ID, 40)
	mark(a.ID, 60)
	mark(c.ID, -1)
	mark(other.ID, 90)
	clk.nextDay(7)
	mark(a.ID, 81)
	h, err := b.ReviewHistory("Li Wei")
	if err != nil {
		t.Fatal(err)
	}
	want := []ReviewWeek{
		{Year: 2026, Week: 48, Start: accounts.NewDate(2026, 11, 23), Reviews: 3, Accounts: 2, Completeness: 50, Known: 2},
		{Year: 2026, Week: 49, Start: accounts.NewDate(2026, 11, 30), Reviews: 1, Accounts: 1, Completeness: 81, Known: 1},
	}
	if len(h) != len(want) || h[0] != want[0] || h[1] != want[1] {
		t.Fatalf("history:\n got %+v\nwant %+v", h, want)
	}
	all, _ := b.ReviewHistory("")
	if len(all) != 2 || all[0].Reviews != 4 || all[0].Completeness != 63 {
		t.Fatalf("everyone's history: %+v", all)
	}
}
