package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
)

// Views, by the name their writes carry in a book.Change, so a view can
// tell its own change from somebody else's.
const (
	viewProfile  = "profile"
	viewContacts = "contacts"
	viewMap      = "map"
	viewMatrix   = "matrix"
	viewVisits   = "visits"
	viewWarnings = "warnings"
	viewPlan     = "plan"
	viewToday    = "today"
	viewMenu     = "menu"
	viewIntake   = "intake"
	viewBundle   = "bundle"
	viewHandover = "handover"
	viewStart    = "firststart"
	viewReload   = "reload" // a reload asked for by the person, not a change
)

// from is the source of a change made here by the named view.
func from(view string) book.Source { return book.From(view) }

// elsewhereNotice is the line a form shows when what it edits was changed
// elsewhere (another window, an import, later a team server) while it held
// unsaved edits: the edits stay, the sentence says so, and Reload shows the
// stored version instead.
type elsewhereNotice struct {
	text    *widget.Label
	reload  *widget.Button
	content *fyne.Container
}

func newElsewhereNotice(key string, reload func()) *elsewhereNotice {
	n := &elsewhereNotice{text: &widget.Label{Text: lang.L(key), Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance}}
	n.reload = &widget.Button{Text: lang.L("conflict.reload"), Icon: theme.ViewRefreshIcon(), OnTapped: func() {
		n.hide()
		reload()
	}}
	n.reload.ExtendBaseWidget(n.reload)
	n.content = container.NewBorder(nil, widget.NewSeparator(), nil, n.reload, n.text)
	n.content.Hide()
	return n
}

func (n *elsewhereNotice) show()         { n.content.Show() }
func (n *elsewhereNotice) hide()         { n.content.Hide() }
func (n *elsewhereNotice) visible() bool { return n.content.Visible() }

// storedAsLoaded reports whether the record a form loaded (m) is still
// stored as it was among the n records of an account, meta(i) giving each
// one's id and version: when it is not, someone changed or deleted it
// while the form held edits.
func storedAsLoaded(n int, meta func(i int) accounts.Meta, m accounts.Meta) bool {
	for i := 0; i < n; i++ {
		if mi := meta(i); mi.ID == m.ID && mi.Version == m.Version {
			return true
		}
	}
	return false
}
