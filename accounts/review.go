package accounts

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Review is one weekly card review: a manager (or anyone checking the
// cards) looked at an account's profile card at a moment and may have left
// a comment for the account's owner. The training material asks a
// supervisor to check every rep's cards at least once a week and talk the
// results over with them, so reviews are kept as a history per account: the
// newest says when the card was last checked and carries the comment the
// rep sees on the account and on Today. Completeness is the card's
// completeness score (0–100) at the moment of the review, -1 when it was
// not known, so a rep's completeness can be followed over time.
type Review struct {
	Meta
	AccountID    ID        `json:"account_id"`
	Reviewer     string    `json:"reviewer"`
	At           time.Time `json:"at"`
	Comment      string    `json:"comment,omitempty"`
	Completeness int       `json:"completeness"` // 0–100, -1 unknown
}

// MaxReviewComment is the longest comment a review keeps, in characters.
const MaxReviewComment = 2000

// CompletenessUnknown marks a review made without a completeness score.
const CompletenessUnknown = -1

// Normalize trims the reviewer's name and the comment.
func (r *Review) Normalize() {
	r.Reviewer = strings.TrimSpace(r.Reviewer)
	r.Comment = strings.TrimSpace(r.Comment)
}

// Validate checks a review before it is stored: it belongs to an account,
// names who reviewed, keeps its comment short enough to read, has a moment
// and a completeness of -1 (unknown) or 0–100.
func (r *Review) Validate() error {
	p := &problems{entity: "review"}
	if r.AccountID == "" {
		p.add("account_id", Phrase{Key: "field.review.account_required"})
	}
	if r.Reviewer == "" {
		p.add("reviewer", Phrase{Key: "field.review.reviewer_required"})
	}
	if n := utf8.RuneCountInString(r.Comment); n > MaxReviewComment {
		p.add("comment", Say("field.review.comment_too_long", "Max", MaxReviewComment, "Count", n))
	}
	if r.At.IsZero() {
		p.add("at", Phrase{Key: "field.review.when_required"})
	}
	if r.Completeness < CompletenessUnknown || r.Completeness > 100 {
		p.add("completeness", Say("field.review.completeness_range", "Value", r.Completeness))
	}
	return p.err()
}
