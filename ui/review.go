package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
	"keycard/collation"
)

// This file is the weekly card review (每周至少检查每位业务员的大客户资料卡一次):
// the manager goes through a rep's accounts — the ones not reviewed for a
// week first —, sees what changed since the last review, and marks each
// reviewed with a comment the rep then sees on the account and on Today.
// The rows come from book.ReviewBoard; the history panel from
// book.ReviewHistory (reviewhistory.go); the dialog is reviewdialog.go.

// viewReview names the changes the review view makes.
const viewReview = "review"

// showReview puts the weekly review on the right.
func (w *MainWindow) showReview() {
	w.leave(func() {
		if w.reviewView == nil {
			w.reviewView = newReviewView(w.shell)
		}
		v := w.reviewView
		w.showOnRight("review.title", v.content)
		v.reload()
	})
}

// reviewView is the weekly review: an owner picker, a line per owner, the
// accounts and the owner's review history.
type reviewView struct {
	w     *shell
	rows  []book.ReviewRow // every owner's, as the board orders them
	shown []int            // indexes into rows for the chosen owner
	owner string           // "" = all reps

	pick    *widget.Select
	summary *fyne.Container // a line per owner, in two columns
	list    *widget.List
	history *reviewHistory
	content fyne.CanvasObject
	gen     int // counts reloads so the results of an older one are dropped

	needRisk bool // the board had rows without a risk score: scan once
	dialog   *reviewDialog
	// ids is the account each row object shows, for its button; the list
	// keeps only the visible rows' objects.
	ids map[*fyne.Container]accounts.ID
}

func newReviewView(w *shell) *reviewView {
	v := &reviewView{w: w, ids: map[*fyne.Container]accounts.ID{}}
	v.pick = &widget.Select{Options: []string{lang.L("review.allreps")}, OnChanged: v.choose}
	v.pick.ExtendBaseWidget(v.pick)
	v.pick.Selected = lang.L("review.allreps")
	v.summary = container.NewGridWithColumns(2, &widget.Label{Text: lang.L("review.loading")})
	v.list = &widget.List{
		Length:     func() int { return len(v.shown) },
		CreateItem: v.newRow,
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(v.shown) {
				v.updateRow(o, &v.rows[v.shown[i]])
			}
		},
		OnSelected: func(i widget.ListItemID) {
			v.list.UnselectAll()
			if i < len(v.shown) {
				v.w.open(v.rows[v.shown[i]].ID)
			}
		},
	}
	v.list.ExtendBaseWidget(v.list)
	v.history = newReviewHistory()

	hint := &widget.Label{Text: lang.L("review.hint", map[string]any{"Days": book.ReviewStaleDays}), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance}
	title := container.NewBorder(nil, nil, nil, container.NewHBox(&widget.Label{Text: lang.L("review.owner")}, v.pick), heading(lang.L("review.title")))
	head := container.NewVBox(title, hint, v.summary, widget.NewSeparator())
	split := container.NewHSplit(v.list, v.history.content)
	split.Offset = 0.66
	v.content = container.NewBorder(head, nil, nil, nil, split)
	return v
}

// reload reads the board and the chosen owner's history off the UI
// goroutine. A board whose rows have no risk yet asks for a scan; the
// scan's board comes back through changed.
func (v *reviewView) reload() {
	var rows []book.ReviewRow
	var weeks []book.ReviewWeek
	var err error
	owner := v.owner
	v.gen++
	gen := v.gen
	v.w.background("load review", func() {
		if rows, err = v.w.book.ReviewBoard(""); err == nil {
			weeks, err = v.w.book.ReviewHistory(owner)
		}
	}, func() {
		if gen != v.gen {
			return
		}
		if err != nil {
			v.setSummary([]string{errorSentence(err)})
			return
		}
		v.rows = rows
		v.history.set(weeks)
		v.setOwners()
		v.apply()
		if !v.needRisk && slices.ContainsFunc(rows, func(r book.ReviewRow) bool { return !r.RiskKnown }) {
			v.needRisk = true
			v.w.rescore() // the scan's board comes back through boardChanged
		}
	})
}

// boardChanged follows a new risk board: the rows read their risk again.
func (v *reviewView) boardChanged() {
	v.reload()
}

// choose shows one owner's accounts and history ("All reps": everyone's).
func (v *reviewView) choose(s string) {
	owner := s
	if s == lang.L("review.allreps") {
		owner = ""
	}
	if owner == v.owner {
		return
	}
	v.owner = owner
	v.reload()
}

// setOwners offers every owner of the board in the picker.
func (v *reviewView) setOwners() {
	v.pick.Options = append([]string{lang.L("review.allreps")}, reviewOwners(v.rows)...)
	v.pick.Refresh()
}

// reviewOwners are the board's owners, sorted; an account without an owner
// is left out of the picker (it still shows under All reps).
func reviewOwners(rows []book.ReviewRow) []string {
	var out []string
	for i := range rows {
		if o := rows[i].Owner; o != "" && !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	collation.Strings(out)
	return out
}

// apply shows the chosen owner's rows and the summary lines.
func (v *reviewView) apply() {
	v.shown = v.shown[:0]
	for i := range v.rows {
		if v.owner == "" || v.rows[i].Owner == v.owner {
			v.shown = append(v.shown, i)
		}
	}
	owners := []string{v.owner}
	if v.owner == "" {
		owners = reviewOwners(v.rows)
	}
	var lines []string
	for _, o := range owners {
		lines = append(lines, ownerLine(o, v.rows))
	}
	if len(lines) == 0 {
		lines = append(lines, lang.L("review.empty"))
	}
	v.setSummary(lines)
	v.list.Refresh()
}

// setSummary shows the owners' lines, two to a row.
func (v *reviewView) setSummary(lines []string) {
	v.summary.Objects = nil
	for _, l := range lines {
		v.summary.Add(&widget.Label{Text: l, Wrapping: fyne.TextWrapWord})
	}
	v.summary.Refresh()
}

// ownerLine is "Tom Becker: 8 accounts, 3 not reviewed for 7 days or more,
// average completeness —".
func ownerLine(owner string, rows []book.ReviewRow) string {
	n, stale, known, sum, out := 0, 0, 0, 0, 0
	for i := range rows {
		r := &rows[i]
		if r.Owner != owner {
			continue
		}
		n++
		if r.OutOfBalance {
			out++
		}
		if r.Stale {
			stale++
		}
		if r.Completeness >= 0 {
			known++
			sum += r.Completeness
		}
	}
	avg := "—"
	if known > 0 {
		avg = fmt.Sprint((sum + known/2) / known)
	}
	line := lang.L("review.ownerline", map[string]any{"Owner": owner, "Count": n, "Stale": stale, "Days": book.ReviewStaleDays, "Completeness": avg})
	if out > 0 {
		line += lang.L("review.ownerline.balance", map[string]any{"Count": out})
	}
	return line
}

// markRow opens the mark-reviewed dialog for a row.
func (v *reviewView) markRow(id accounts.ID) {
	for i := range v.rows {
		if v.rows[i].ID == id {
			v.dialog = showReviewDialog(v.w, v.rows[i].ID, v.rows[i].Name)
			return
		}
	}
}

// The row: a stale icon, the name with owner, completeness and risk, a
// line of review facts, a line of the latest changes, and Mark reviewed.
func (v *reviewView) newRow() fyne.CanvasObject {
	icon := widget.NewIcon(theme.WarningIcon())
	name := &widget.Label{Text: lang.L("pipeline.col.account"), TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	facts := &widget.Label{Text: "—", SizeName: theme.SizeNameCaptionText, Truncation: fyne.TextTruncateEllipsis}
	changes := &widget.Label{Text: "—", SizeName: theme.SizeNameCaptionText, Truncation: fyne.TextTruncateEllipsis, TextStyle: fyne.TextStyle{Italic: true}}
	mark := &widget.Button{Text: lang.L("review.mark"), Icon: theme.ConfirmIcon(), Importance: widget.LowImportance}
	mark.ExtendBaseWidget(mark)
	row := container.NewBorder(nil, nil, container.NewCenter(icon), container.NewCenter(mark), container.New(&tightVBox{}, name, facts, changes))
	mark.OnTapped = func() {
		if id, ok := v.ids[row]; ok {
			v.markRow(id)
		}
	}
	return row
}

func (v *reviewView) updateRow(o fyne.CanvasObject, r *book.ReviewRow) {
	c := o.(*fyne.Container)
	v.ids[c] = r.ID
	text := c.Objects[0].(*fyne.Container)
	icon := c.Objects[1].(*fyne.Container).Objects[0].(*widget.Icon)
	name, facts, changes := text.Objects[0].(*widget.Label), text.Objects[1].(*widget.Label), text.Objects[2].(*widget.Label)
	if r.Stale {
		icon.SetResource(theme.NewWarningThemedResource(theme.WarningIcon()))
		name.Importance = widget.WarningImportance
	} else {
		icon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
		name.Importance = widget.MediumImportance
	}
	name.SetText(lang.L("review.row.name", map[string]any{"Name": r.Name, "Owner": r.Owner, "Completeness": completenessText(r.Completeness), "Risk": riskText(r)}))
	facts.SetText(reviewFacts(r))
	changes.SetText(changesText(r))
}

func completenessText(n int) string {
	if n < 0 {
		return "—"
	}
	return fmt.Sprint(n)
}

func riskText(r *book.ReviewRow) string {
	if !r.RiskKnown {
		return "—"
	}
	return fmt.Sprintf("%d %s", r.RiskScore, tx(r.RiskLevel.Label()))
}

// reviewFacts is the row's second line: last review, days since, last
// visit, overdue follow-ups.
func reviewFacts(r *book.ReviewRow) string {
	last := lang.L("review.never")
	if r.Reviewed {
		key := "review.last"
		if r.DaysSince == 0 {
			key = "review.last.today"
		}
		last = lang.L(key, map[string]any{"Date": accounts.DateOf(r.LastReview.At.Local()).String(), "Reviewer": r.LastReview.Reviewer, "Days": r.DaysSince})
	}
	visit := lang.L("review.novisit")
	if !r.LastVisit.IsZero() {
		visit = r.LastVisit.String()
	}
	facts := lang.L("review.facts", map[string]any{"Last": last, "Visit": visit, "Overdue": r.OverdueFollowUps})
	if r.OutOfBalance {
		facts += lang.L("review.facts.balance")
	}
	return facts
}

// changesText is the row's third line: how many changes since the last
// review and the newest of them.
func changesText(r *book.ReviewRow) string {
	// An account never reviewed counts the changes of the last week.
	none, some := "review.nochanges", "review.changes"
	if !r.Reviewed {
		none, some = "review.nochanges.week", "review.changes.week"
	}
	if r.Changes == 0 {
		return lang.L(none, map[string]any{"Days": book.ReviewStaleDays})
	}
	var what []string
	for _, c := range r.LatestChanges {
		what = append(what, tx(c.What))
	}
	return lang.L(some, map[string]any{"Count": r.Changes, "Days": book.ReviewStaleDays, "Latest": strings.Join(what, "; ")})
}
