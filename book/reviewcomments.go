package book

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"keycard/accounts"
)

// ReviewComment is a manager's review comment as the rep's Today lists it:
// the review and the account it is about.
type ReviewComment struct {
	accounts.Review
	Name  string
	Owner string
}

// ReviewComments returns, for each account with a review comment made at
// or after since, its newest such review, newest first. Today asks for the
// last ReviewStaleDays days; only the reviews since are read, not the
// review board.
func (b *Book) ReviewComments(since time.Time) ([]ReviewComment, error) {
	newest := map[accounts.ID]accounts.Review{}
	err := b.st().EachReview(since, func(r accounts.Review) error {
		if r.Comment == "" {
			return nil
		}
		// Each account's reviews come oldest first: the last one wins.
		newest[r.AccountID] = r
		return nil
	})
	if err != nil || len(newest) == 0 {
		return nil, err
	}
	sums, err := b.st().Summaries()
	if err != nil {
		return nil, err
	}
	out := make([]ReviewComment, 0, len(newest))
	for i := range sums {
		if r, ok := newest[sums[i].ID]; ok {
			out = append(out, ReviewComment{Review: r, Name: sums[i].Name, Owner: sums[i].Owner})
		}
	}
	slices.SortFunc(out, func(x, y ReviewComment) int {
		return cmp.Or(y.At.Compare(x.At), strings.Compare(x.Name, y.Name))
	})
	return out, nil
}
