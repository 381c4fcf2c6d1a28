package ui

import (
	"os/user"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
)

// prefReviewer is the reviewer's name last used, offered next time when the
// database is not linked to a team server (whose name comes first).
const prefReviewer = "review.reviewer"

// reviewDialog marks an account reviewed: who reviewed and an optional
// comment for the account's owner.
type reviewDialog struct {
	d        *dialog.CustomDialog
	reviewer *widget.Entry
	comment  *widget.Entry
	problem  *widget.Label
	ok       *widget.Button
}

// defaultReviewer is the name the dialog offers: the person's name on the
// team server, else the name used last time, else the computer's user name.
func defaultReviewer(w *shell) string {
	if me := w.book.Me(); me != "" {
		return me
	}
	if last := w.app.Preferences().String(prefReviewer); last != "" {
		return last
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return ""
}

// showReviewDialog opens the dialog for the account. OK stores the review;
// the book's change refreshes the review view, the account and Today. Bad
// input shows the sentence in the dialog and stores nothing.
func showReviewDialog(w *shell, id accounts.ID, name string) *reviewDialog {
	rd := &reviewDialog{reviewer: entry(defaultReviewer(w)), comment: multiline("")}
	rd.comment.SetMinRowsVisible(5)
	rd.comment.PlaceHolder = lang.L("review.comment.hint")
	rd.problem = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	submit := func() {
		reviewer, comment := strings.TrimSpace(rd.reviewer.Text), rd.comment.Text
		var err error
		w.background("save review "+string(id), func() {
			_, _, err = w.book.MarkReviewed(from(viewReview), id, reviewer, comment)
		}, func() {
			if err != nil {
				rd.problem.SetText(errorSentence(err))
				return
			}
			w.app.Preferences().SetString(prefReviewer, reviewer)
			rd.d.Hide()
		})
	}
	form := &widget.Form{Items: []*widget.FormItem{
		formItem(lang.L("review.reviewer"), rd.reviewer),
		formItem(lang.L("review.comment"), rd.comment),
	}}
	form.ExtendBaseWidget(form)
	note := &widget.Label{Text: lang.L("review.comment.note"), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance}
	rd.ok = &widget.Button{Text: lang.L("review.mark"), Importance: widget.HighImportance, OnTapped: submit}
	rd.ok.ExtendBaseWidget(rd.ok)
	cancel := &widget.Button{Text: lang.L("form.cancel"), OnTapped: func() { rd.d.Hide() }}
	cancel.ExtendBaseWidget(cancel)
	rd.d = dialog.NewCustomWithoutButtons(lang.L("review.dialog.title", map[string]any{"Name": name}),
		container.NewVBox(form, note, rd.problem), w.win)
	rd.d.SetButtons([]fyne.CanvasObject{cancel, rd.ok})
	rd.d.Resize(fyne.NewSize(560, 0))
	rd.d.Show()
	return rd
}
