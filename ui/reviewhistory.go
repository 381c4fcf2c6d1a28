package ui

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/book"
)

// reviewHistory is the review view's panel of a rep's (or everyone's)
// review record by week, newest first: a bar as long as the week's reviews
// beside the numbers, so a skipped week shows at a glance.
type reviewHistory struct {
	weeks   []book.ReviewWeek
	body    *fyne.Container
	content fyne.CanvasObject
}

// historyWeeks is how many weeks the panel shows: a quarter.
const historyWeeks = 13

// historyBarWidth is the longest bar, for the busiest week shown.
const historyBarWidth = 140

func newReviewHistory() *reviewHistory {
	h := &reviewHistory{body: container.NewVBox()}
	legend := &widget.Label{Text: lang.L("review.history.legend"), Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance}
	h.content = container.NewBorder(subheading(lang.L("review.history.title")), legend, nil, nil, container.NewVScroll(h.body))
	return h
}

// set shows the weeks (oldest first, as the book returns them) newest
// first, the last historyWeeks of them.
func (h *reviewHistory) set(weeks []book.ReviewWeek) {
	h.weeks = slices.Clone(weeks)
	slices.Reverse(h.weeks)
	h.weeks = h.weeks[:min(len(h.weeks), historyWeeks)]
	most := 1
	for _, w := range h.weeks {
		most = max(most, w.Reviews)
	}
	var objs []fyne.CanvasObject
	for _, w := range h.weeks {
		objs = append(objs, historyRow(w, most))
	}
	if len(objs) == 0 {
		objs = append(objs, &widget.Label{Text: lang.L("review.history.none"), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance})
	}
	h.body.Objects = objs
	h.body.Refresh()
}

// historyRow is one week: "2026-W47 · 11-16", a bar, and the numbers.
func historyRow(w book.ReviewWeek, most int) fyne.CanvasObject {
	week := &widget.Label{Text: lang.L("review.history.week", map[string]any{"Year": w.Year, "Week": fmt.Sprintf("%02d", w.Week)}), TextStyle: fyne.TextStyle{Bold: true}}
	bar := canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))
	bar.SetMinSize(fyne.NewSize(float32(max(4, historyBarWidth*w.Reviews/most)), 10))
	text := &widget.Label{Text: lang.L("review.history.row", map[string]any{
		"Date": w.Start.String(), "Reviews": w.Reviews, "Accounts": w.Accounts, "Completeness": completenessText(w.Completeness)}),
		SizeName: theme.SizeNameCaptionText, Wrapping: fyne.TextWrapWord}
	return container.NewVBox(container.NewHBox(week, container.NewCenter(bar)), text)
}
