package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
)

// What the rep sees of a manager's review: the newest comment on the
// account's profile card, and Today's "Review comments this week".

// reviewNote is the "Manager's review" line above the profile card, hidden
// while the account has no review comment.
type reviewNote struct {
	w       *shell
	id      accounts.ID
	text    *widget.Label
	content *fyne.Container
}

func newReviewNote(w *shell, id accounts.ID) *reviewNote {
	n := &reviewNote{w: w, id: id, text: &widget.Label{Wrapping: fyne.TextWrapWord}}
	icon := widget.NewIcon(theme.NewPrimaryThemedResource(theme.MailComposeIcon()))
	n.content = container.NewVBox(container.NewBorder(nil, nil, container.NewCenter(icon), nil, n.text), widget.NewSeparator())
	n.content.Hide()
	n.load()
	return n
}

// load reads the account's newest comment off the UI goroutine.
func (n *reviewNote) load() {
	var r accounts.Review
	var ok bool
	var err error
	n.w.background("load reviewnote "+string(n.id), func() { r, ok, err = n.w.book.LatestComment(n.id) }, func() {
		if err != nil || !ok {
			n.content.Hide() // a failed read leaves no line rather than an alarm
			return
		}
		n.text.SetText(lang.L("review.note", map[string]any{
			"Date": accounts.DateOf(r.At.Local()).String(), "Reviewer": r.Reviewer, "Comment": r.Comment}))
		n.content.Show()
	})
}

// withReviewNote is the profile tab: the review line above the card.
func (v *accountView) withReviewNote() fyne.CanvasObject {
	v.review = newReviewNote(v.w, v.id)
	return container.NewBorder(v.review.content, nil, nil, nil, v.profile.content)
}

// reviewCommentsSince is where Today's review comments start: the last
// ReviewStaleDays days.
func reviewCommentsSince(today accounts.Date) time.Time {
	d := today.AddDays(-book.ReviewStaleDays)
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.Local)
}

// commentRows are the rows of Today's "Review comments this week".
func (t *todayView) commentRows(cs []book.ReviewComment) []fyne.CanvasObject {
	var rows []fyne.CanvasObject
	for _, c := range limit(cs) {
		rows = append(rows, t.openRow(c.AccountID, lang.L("today.reviews.row", map[string]any{
			"Name": c.Name, "Date": accounts.DateOf(c.At.Local()).String(), "Reviewer": c.Reviewer, "Comment": firstLine(c.Comment)}), c.Owner))
	}
	return rows
}
