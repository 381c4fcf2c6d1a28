package book

import (
	"testing"

	"keycard/accounts"
)

// Today lists each account's newest review comment of the last week,
// newest first: a review without a comment does not hide an earlier
// comment, and an older comment is left out.
func TestReviewCommentsOfTheLastWeekNewestFirst(t *testing.T) {
	clk := &dayClock{t: t0}
	b := newBook(t, Options{Now: clk.now})
	old := mkAccount(t, b, "Old")
	ids := map[string]accounts.ID{}
	for _, n := range []string{"Acme", "Beta", "Quiet"} {
		ids[n] = mkAccount(t, b, n).ID
	}
	if _, _, err := b.MarkReviewed(From("review"), old.ID, "Mia Wong", "Long ago"); err != nil {
		t.Fatal(err)
	}
	clk.nextDay(10)
	for _, s := range []struct{ name, comment string }{
		{"Acme", "Add the CFO"}, {"Beta", "Plan the renewal"}, {"Acme", ""}, {"Quiet", ""},
	} {
		if _, _, err := b.MarkReviewed(From("review"), ids[s.name], "Mia Wong", s.comment); err != nil {
			t.Fatal(err)
		}
	}
	got, err := b.ReviewComments(clk.now().AddDate(0, 0, -ReviewStaleDays))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range got {
		names = append(names, c.Name+": "+c.Comment)
	}
	want := []string{"Beta: Plan the renewal", "Acme: Add the CFO"}
	if len(names) != len(want) || names[0] != want[0] || names[1] != want[1] {
		t.Fatalf("comments %q, want %q", names, want)
	}
	if got[0].Owner == "" || got[0].AccountID != ids["Beta"] {
		t.Fatalf("the comment lacks its account: %+v", got[0])
	}
}
