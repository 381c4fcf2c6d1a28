package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
	"keycard/storage"
)

// reviewRowOf is the board row of the account in the review view.
func reviewRowOf(t *testing.T, v *reviewView, id accounts.ID) book.ReviewRow {
	t.Helper()
	for _, r := range v.rows {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("the review view has no row for %s", id)
	return book.ReviewRow{}
}

// shownRow is the list row object that shows the account.
func shownRow(t *testing.T, v *reviewView, id accounts.ID) *fyne.Container {
	t.Helper()
	for c, rid := range v.ids {
		if rid == id {
			return c
		}
	}
	t.Fatalf("no visible row shows %s", id)
	return nil
}

// openReviewDialog taps the row's Mark reviewed button.
func openReviewDialog(t *testing.T, w *MainWindow, id accounts.ID) *reviewDialog {
	t.Helper()
	v := w.reviewView
	v.dialog = nil
	mark := shownRow(t, v, id).Objects[2].(*fyne.Container).Objects[0].(*widget.Button)
	if mark.Text != lang.L("review.mark") {
		t.Fatalf("the row's button says %q", mark.Text)
	}
	test.Tap(mark)
	if v.dialog == nil {
		t.Fatal("Mark reviewed opened no dialog")
	}
	return v.dialog
}

func putReview(t *testing.T, s *storage.Store, id accounts.ID, daysAgo int) {
	t.Helper()
	r := accounts.Review{AccountID: id, Reviewer: "Mia Wong", At: testNow.AddDate(0, 0, -daysAgo), Completeness: accounts.CompletenessUnknown}
	if err := s.PutReview(&r); err != nil {
		t.Fatal(err)
	}
}

// The manager reviews an account with a comment in the review view; the
// row stops standing out, and the rep sees the comment on the account's
// profile card and on Today.
func TestReviewWithACommentReachesTheRep(t *testing.T) {
	s := openStore(t)
	alpine := createAccount(t, s, accounts.Account{Name: "Alpine", Owner: "Tom Becker"})
	birch := createAccount(t, s, accounts.Account{Name: "Birch", Owner: "Li Wei"})
	w := newTestWindow(t, s)
	w.showReview()
	w.wait()
	v := w.reviewView
	if v == nil || !w.showing(v.content) {
		t.Fatal("the review view is not showing")
	}
	if r := reviewRowOf(t, v, alpine.ID); !r.Stale || !r.RiskKnown {
		t.Fatalf("Alpine, never reviewed, should be stale and scored: %+v", r)
	}
	shown := labels(v.content)
	for _, want := range []string{lang.L("review.never"), ownerLine("Tom Becker", v.rows), ownerLine("Li Wei", v.rows), lang.L("review.history.none")} {
		if !strings.Contains(shown, want) {
			t.Errorf("the review view lacks %q:\n%s", want, shown)
		}
	}

	comment := "Add the CFO to the map before the renewal"
	rd := openReviewDialog(t, w, alpine.ID)
	rd.reviewer.SetText("Mia Wong")
	test.Type(rd.comment, comment)
	test.Tap(rd.ok)
	w.wait()

	stored, err := s.Reviews(alpine.ID)
	if err != nil || len(stored) != 1 || stored[0].Comment != comment || stored[0].Reviewer != "Mia Wong" {
		t.Fatalf("stored %+v, %v", stored, err)
	}
	if got := w.app.Preferences().String(prefReviewer); got != "Mia Wong" {
		t.Errorf("the reviewer remembered is %q", got)
	}
	if r := reviewRowOf(t, v, alpine.ID); r.Stale || !r.Reviewed {
		t.Fatalf("Alpine is still stale after the review: %+v", r)
	}
	shown = labels(v.content)
	last := lang.L("review.last.today", map[string]any{"Date": accounts.DateOf(testNow).String(), "Reviewer": "Mia Wong", "Days": 0})
	// The review keeps the card's completeness at that moment.
	if stored[0].Completeness < 0 {
		t.Fatalf("the review did not keep the card's completeness: %+v", stored[0])
	}
	week := lang.L("review.history.row", map[string]any{"Date": "2026-11-23", "Reviews": 1, "Accounts": 1, "Completeness": stored[0].Completeness})
	for _, want := range []string{last, week} {
		if !strings.Contains(shown, want) {
			t.Errorf("after the review the view lacks %q:\n%s", want, shown)
		}
	}
	// Birch, not reviewed, still stands out.
	if r := reviewRowOf(t, v, birch.ID); !r.Stale {
		t.Fatalf("Birch should still be stale: %+v", r)
	}

	// The rep opens the account: the profile card shows the comment.
	w.openAccount(alpine.ID)
	w.wait()
	note := lang.L("review.note", map[string]any{"Date": accounts.DateOf(testNow).String(), "Reviewer": "Mia Wong", "Comment": comment})
	if shown := labels(w.account.content); !strings.Contains(shown, note) {
		t.Errorf("the profile card lacks %q:\n%s", note, shown)
	}
	// and Today lists it.
	w.showToday()
	w.wait()
	row := lang.L("today.reviews.row", map[string]any{"Name": "Alpine", "Date": accounts.DateOf(testNow).String(), "Reviewer": "Mia Wong", "Comment": comment})
	shown = labels(w.today.content) + tapLabels(w.today.content)
	for _, want := range []string{lang.L("today.reviews", map[string]any{"Count": 1}), row} {
		if !strings.Contains(shown, want) {
			t.Errorf("Today lacks %q:\n%s", want, shown)
		}
	}
}

// tapLabels are the texts of the rows that open an account.
func tapLabels(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, c := range test.LaidOutObjects(o) {
		if l, ok := c.(*tapLabel); ok {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

// An account last reviewed eight days ago stands out (warning colour,
// first in the list); one reviewed two days ago does not; after the
// review the first no longer stands out. Choosing a rep shows only theirs.
func TestStaleAccountStandsOutUntilReviewed(t *testing.T) {
	s := openStore(t)
	cedar := createAccount(t, s, accounts.Account{Name: "Cedar", Owner: "Tom Becker"})
	dune := createAccount(t, s, accounts.Account{Name: "Dune", Owner: "Tom Becker"})
	elm := createAccount(t, s, accounts.Account{Name: "Elm", Owner: "Li Wei"})
	putReview(t, s, cedar.ID, 8)
	putReview(t, s, dune.ID, 2)
	putReview(t, s, elm.ID, 1)
	w := newTestWindow(t, s)
	w.showReview()
	w.wait()
	v := w.reviewView
	name := func(id accounts.ID) *widget.Label {
		return shownRow(t, v, id).Objects[0].(*fyne.Container).Objects[0].(*widget.Label)
	}
	if first := v.rows[v.shown[0]]; first.ID != cedar.ID || !first.Stale || first.DaysSince != 8 {
		t.Fatalf("the stale Cedar should come first: %+v", first)
	}
	if name(cedar.ID).Importance != widget.WarningImportance || name(dune.ID).Importance == widget.WarningImportance {
		t.Fatalf("Cedar should stand out and Dune not: %v, %v", name(cedar.ID).Importance, name(dune.ID).Importance)
	}

	v.pick.SetSelected("Tom Becker")
	w.wait()
	if len(v.shown) != 2 {
		t.Fatalf("Tom Becker's accounts: %d rows, want 2", len(v.shown))
	}
	if want, got := ownerLine("Tom Becker", v.rows), labels(v.summary); got != want+"\n" || !strings.Contains(want, "Tom Becker") {
		t.Fatalf("summary %q, want %q", got, want)
	}
	// Tom Becker's history: Dune's review last week, Cedar's the week before.
	if h := v.history.weeks; len(h) != 2 || h[0].Start.String() != "2026-11-16" || h[1].Start.String() != "2026-11-09" {
		t.Fatalf("Tom Becker's history %+v, want the weeks of 11-16 and 11-09, newest first", h)
	}
	row := lang.L("review.history.row", map[string]any{"Date": "2026-11-16", "Reviews": 1, "Accounts": 1, "Completeness": "—"})
	if shown := labels(v.history.content); !strings.Contains(shown, row) {
		t.Fatalf("the history lacks %q:\n%s", row, shown)
	}

	rd := openReviewDialog(t, w, cedar.ID)
	test.Tap(rd.ok) // no comment: a review is still recorded
	w.wait()
	if r := reviewRowOf(t, v, cedar.ID); r.Stale || r.DaysSince != 0 {
		t.Fatalf("Cedar after the review: %+v", r)
	}
	if name(cedar.ID).Importance == widget.WarningImportance {
		t.Fatal("Cedar still stands out after the review")
	}
}

// A comment over the limit is refused with the sentence that says so, the
// dialog stays open with what was typed, and nothing is stored.
func TestTooLongReviewCommentIsRefused(t *testing.T) {
	s := openStore(t)
	a := createAccount(t, s, accounts.Account{Name: "Alpine", Owner: "Tom Becker"})
	w := newTestWindow(t, s)
	w.showReview()
	w.wait()
	rd := openReviewDialog(t, w, a.ID)
	rd.reviewer.SetText("Mia Wong")
	long := strings.Repeat("长", accounts.MaxReviewComment+1)
	rd.comment.SetText(long)
	test.Tap(rd.ok)
	w.wait()
	want := tx(accounts.Say("field.review.comment_too_long", "Max", accounts.MaxReviewComment, "Count", accounts.MaxReviewComment+1))
	if !strings.Contains(rd.problem.Text, want) {
		t.Fatalf("the dialog says %q, want it to contain %q", rd.problem.Text, want)
	}
	if rd.comment.Text != long || w.win.Canvas().Overlays().Top() == nil {
		t.Fatal("the dialog should stay open with the comment typed")
	}
	if rs, err := s.Reviews(a.ID); err != nil || len(rs) != 0 {
		t.Fatalf("stored %d reviews (%v), want none", len(rs), err)
	}
	if r := reviewRowOf(t, w.reviewView, a.ID); !r.Stale || r.Reviewed {
		t.Fatalf("the refused review changed the row: %+v", r)
	}
}

// Sales against collections in the review: an account whose overdue
// receivables are half its latest revenue is marked out of balance on its
// row, and its rep's line counts it; a balanced account is not marked.
func TestReviewShowsSalesOutOfBalance(t *testing.T) {
	s := openStore(t)
	yuan := func(n int64) accounts.Money { return accounts.Money{Minor: n * 100, Currency: "CNY"} }
	owing := createAccount(t, s, accounts.Account{Name: "深圳云帆科技", Owner: "王芳", Currency: "CNY", CreditRating: "BBB",
		Revenue:            []accounts.RevenueEntry{{Period: "2026-Q2", Amount: yuan(800000)}, {Period: "2026-Q3", Amount: yuan(800000)}},
		OverdueReceivables: yuan(400000)})
	fine := createAccount(t, s, accounts.Account{Name: "浦江金融信息", Owner: "王芳", Currency: "CNY", CreditRating: "BBB",
		Revenue: []accounts.RevenueEntry{{Period: "2026-Q2", Amount: yuan(800000)}, {Period: "2026-Q3", Amount: yuan(800000)}}})
	w := newTestWindow(t, s)
	w.showReview()
	w.wait()
	v := w.reviewView
	if r := reviewRowOf(t, v, owing.ID); !r.OutOfBalance || len(r.Advice) == 0 {
		t.Fatalf("half the revenue overdue, yet not out of balance: %+v", r)
	}
	if r := reviewRowOf(t, v, fine.ID); r.OutOfBalance {
		t.Fatalf("nothing overdue, yet out of balance: %+v", r)
	}
	shown := labels(v.content)
	for _, want := range []string{lang.L("review.ownerline.balance", map[string]any{"Count": 1}), lang.L("review.facts.balance")} {
		if !strings.Contains(shown, want) {
			t.Errorf("the review view lacks %q:\n%s", want, shown)
		}
	}
}
