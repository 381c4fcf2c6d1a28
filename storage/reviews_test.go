package storage

import (
	"strings"
	"testing"
	"time"

	"keycard/accounts"
)

func TestReviewsNewestFirstLatestAndDeletedWithAccount(t *testing.T) {
	s, _ := newStore(t)
	a := mkAccount(t, s, "Alpha", "Li Wei")
	b := mkAccount(t, s, "Beta", "Wang Fang")
	c := mkAccount(t, s, "Gamma", "Wang Fang")
	at := func(d int) time.Time { return t0.AddDate(0, 0, d) }
	for _, r := range []accounts.Review{
		{AccountID: a.ID, Reviewer: "Zhao", At: at(0), Comment: "first", Completeness: -1},
		{AccountID: b.ID, Reviewer: "Zhao", At: at(1), Comment: "b1", Completeness: 40},
		{AccountID: a.ID, Reviewer: "Zhao", At: at(7), Comment: "second", Completeness: 60},
		{AccountID: a.ID, Reviewer: "Qian", At: at(7), Comment: "same moment, later", Completeness: 70},
		{AccountID: b.ID, Reviewer: "Zhao", At: at(8), Comment: "b2", Completeness: -1},
	} {
		must(t, s.PutReview(&r))
		if r.ID == "" || r.Version != 1 || r.CreatedAt.IsZero() {
			t.Fatalf("the stored review was not filled in: %+v", r)
		}
	}
	got, err := s.Reviews(a.ID)
	must(t, err)
	var comments []string
	for _, r := range got {
		comments = append(comments, r.Comment)
	}
	if strings.Join(comments, "|") != "same moment, later|second|first" {
		t.Fatalf("reviews of Alpha, newest first: %q", comments)
	}
	none, err := s.Reviews(c.ID)
	must(t, err)
	if len(none) != 0 {
		t.Fatalf("Gamma has no review: %+v", none)
	}
	latest, err := s.LatestReviews()
	must(t, err)
	if len(latest) != 2 || latest[a.ID].Comment != "same moment, later" || latest[b.ID].Comment != "b2" {
		t.Fatalf("latest reviews: %+v", latest)
	}
	var since []string
	must(t, s.EachReview(at(7), func(r accounts.Review) error { since = append(since, r.Comment); return nil }))
	if strings.Join(since, "|") != "second|same moment, later|b2" && strings.Join(since, "|") != "b2|second|same moment, later" {
		t.Fatalf("reviews since day 7: %q", since)
	}
	mustClean(t, s)
	must(t, s.DeleteAccount(a.ID))
	latest, err = s.LatestReviews()
	must(t, err)
	if _, ok := latest[a.ID]; ok || len(latest) != 1 {
		t.Fatalf("the deleted account's reviews are still there: %+v", latest)
	}
	_, err = s.Reviews(a.ID)
	wantCode(t, err, accounts.ENOTFOUND)
	mustClean(t, s)
}

func TestPutReviewRefusesBadInputAndChangesNothing(t *testing.T) {
	s, _ := newStore(t)
	a := mkAccount(t, s, "Alpha", "Li Wei")
	for name, r := range map[string]accounts.Review{
		"no reviewer":      {AccountID: a.ID, Reviewer: "  ", Completeness: -1},
		"no account":       {Reviewer: "Zhao", Completeness: -1},
		"long comment":     {AccountID: a.ID, Reviewer: "Zhao", Comment: strings.Repeat("长", accounts.MaxReviewComment+1), Completeness: -1},
		"bad completeness": {AccountID: a.ID, Reviewer: "Zhao", Completeness: 101},
	} {
		err := s.PutReview(&r)
		wantCode(t, err, accounts.EINVALID)
		if r.ID != "" {
			t.Errorf("%s: the caller's review was changed: %+v", name, r)
		}
	}
	err := s.PutReview(&accounts.Review{AccountID: accounts.NewID(), Reviewer: "Zhao", Completeness: -1})
	wantCode(t, err, accounts.ENOTFOUND)
	ok := accounts.Review{AccountID: a.ID, Reviewer: "Zhao", Comment: strings.Repeat("长", accounts.MaxReviewComment), Completeness: -1}
	must(t, s.PutReview(&ok))
	latest, err := s.LatestReviews()
	must(t, err)
	if len(latest) != 1 {
		t.Fatalf("only the good review is stored: %+v", latest)
	}
}

// A file made before reviews existed has no "reviews" bucket: it reads as
// having none, and the first review creates the bucket.
func TestReviewsInAFileWithoutTheBucket(t *testing.T) {
	s, path := newStore(t)
	a := mkAccount(t, s, "Alpha", "Li Wei")
	must(t, s.update(func(t *txn) error { return t.tx.DeleteBucket(bktReviews) }))
	must(t, s.Close())
	s, err := Open(path, Options{Now: (&testClock{t: t0}).now})
	must(t, err)
	defer s.Close()
	latest, err := s.LatestReviews()
	must(t, err)
	got, err := s.Reviews(a.ID)
	must(t, err)
	if len(latest)+len(got) != 0 {
		t.Fatal("reviews out of nowhere")
	}
	must(t, s.PutReview(&accounts.Review{AccountID: a.ID, Reviewer: "Zhao", Completeness: -1}))
	got, err = s.Reviews(a.ID)
	must(t, err)
	if len(got) != 1 {
		t.Fatalf("reviews: %+v", got)
	}
	mustClean(t, s)
}

func TestReviewActivityAfterAMoment(t *testing.T) {
	s, _ := newStore(t)
	a := mkAccount(t, s, "Alpha", "Li Wei")
	b := mkAccount(t, s, "Beta", "Li Wei")
	mkVisit(t, s, a.ID, t0.AddDate(0, 0, -3))
	mkVisit(t, s, a.ID, t0.AddDate(0, 0, 1))
	mkVisit(t, s, a.ID, t0.AddDate(0, 0, 2))
	mkContact(t, s, a.ID, "Zhang", "") // a map change at the store's clock (after t0)
	w := accounts.Warning{AccountID: a.ID, Kind: accounts.WarnComplaint, Observed: accounts.DateOf(t0),
		Severity: accounts.SeverityHigh, Status: accounts.WarningOpen}
	if err := s.CreateWarning(&w); err != nil {
		t.Fatal(err)
	}
	got, err := s.ReviewActivity(map[accounts.ID]time.Time{a.ID: t0, b.ID: t0.AddDate(1, 0, 0), accounts.NewID(): t0}, 1)
	must(t, err)
	if len(got) != 2 {
		t.Fatalf("an unknown account is left out: %+v", got)
	}
	ga := got[a.ID]
	if ga.Visits != 2 || len(ga.LatestVisits) != 1 || !ga.LatestVisits[0].Equal(t0.AddDate(0, 0, 2)) {
		t.Fatalf("visits after t0: %+v", ga)
	}
	if ga.MapChanges != 1 || len(ga.LatestMapChanges) != 1 || ga.LatestMapChanges[0].Field != accounts.ChangeAdded {
		t.Fatalf("map changes after t0: %+v", ga)
	}
	if len(ga.Warnings) != 1 || ga.AccountUpdated.IsZero() {
		t.Fatalf("warning and card edits after t0: %+v", ga)
	}
	gb := got[b.ID]
	if gb.Visits+gb.MapChanges+len(gb.Warnings) != 0 || !gb.AccountUpdated.IsZero() {
		t.Fatalf("nothing happened to Beta after a year: %+v", gb)
	}
}

// A portfolio past activitySplit is read in two halves: every account is
// still there, with its own activity.
func TestReviewActivityOfALargePortfolio(t *testing.T) {
	s, _ := newStore(t)
	batch := make([]accounts.AccountData, activitySplit+101)
	for i := range batch {
		batch[i].Account = accounts.Account{Name: "Account " + strings.Repeat("x", i%7) + string(rune('A'+i%26)), Owner: "Li Wei",
			Tier: accounts.TierKey, Stage: accounts.StageGrowth}
	}
	must(t, s.PutAccountData(batch))
	since := map[accounts.ID]time.Time{}
	for _, d := range batch {
		since[d.Account.ID] = t0
	}
	last := batch[len(batch)-1].Account.ID
	mkVisit(t, s, last, t0.AddDate(0, 0, 1))
	got, err := s.ReviewActivity(since, 2)
	must(t, err)
	if len(got) != len(batch) {
		t.Fatalf("%d accounts' activity, want %d", len(got), len(batch))
	}
	for id, a := range got {
		if want := map[bool]int{true: 1}[id == last]; a.Visits != want {
			t.Fatalf("%s: %d visits, want %d", id, a.Visits, want)
		}
	}
}
