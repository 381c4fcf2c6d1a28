package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
	"keycard/ui/decisionmap"
)

// dmTab is the right side of the Decision makers tab: the decision-maker
// map with the coverage panel beside it, and the "who knows whom" matrix.
// Every write goes to the store off the UI goroutine.
type dmTab struct {
	cv      *contactsView
	v       *accountView
	m       *decisionmap.Map
	cov     *coveragePanel
	matrix  *matrixView
	inner   *container.AppTabs
	split   *container.Split // map | coverage panel
	mapBox  *fyne.Container  // holds the split, or the map alone with the panel closed
	panelOn bool
	panel   *widget.Button
	addSeat *widget.Button
	addNew  *widget.Button

	deleting *dialog.ConfirmDialog // kept for tests
	content  fyne.CanvasObject
}

func newDMTab(cv *contactsView) *dmTab {
	v := cv.v
	// the coverage panel starts folded to a button so the map gets the room
	t := &dmTab{cv: cv, v: v}
	t.m = decisionmap.New(decisionmap.Config{
		Lang:      uiLang,
		Today:     v.w.day(),
		FitOnOpen: true,
		OnSelect:  func(c accounts.Contact) { t.selectContact(c.ID) },
		OnMoved:   t.saveLayout,
		OnAddLink: t.addLink,
		OnDelete:  t.confirmDelete,
	})
	t.cov = newCoveragePanel(t.m.HighlightContacts)
	t.cov.setFindings(accounts.AnalyzeCoverage(v.data.Contacts, v.data.Visits, v.w.day()))
	t.cov.setChanges(lang.L("changes.loading"), nil)

	t.addNew = &widget.Button{Text: lang.L("map.add_contact"), Icon: theme.ContentAddIcon(), OnTapped: cv.newContact}
	t.addNew.ExtendBaseWidget(t.addNew)
	t.addSeat = &widget.Button{Text: lang.L("map.add_seat"), Icon: theme.ContentAddIcon(), OnTapped: t.newSeat}
	t.addSeat.ExtendBaseWidget(t.addSeat)
	t.panel = &widget.Button{OnTapped: func() { t.showPanel(!t.panelOn) }}
	t.panel.ExtendBaseWidget(t.panel)

	t.split = container.NewHSplit(t.m.View(), t.cov.content)
	t.split.Offset = 0.64
	t.mapBox = container.NewStack()
	// the buttons scroll sideways rather than hold the map area wide
	head := container.NewBorder(nil, nil, nil, t.panel, container.NewHScroll(container.NewHBox(t.addNew, t.addSeat)))
	mapTab := container.NewBorder(head, nil, nil, nil, t.mapBox)

	// The tab is built anew when the stored data changes; the map's zoom,
	// scroll, the open inner tab, the selected contact and the matrix's
	// added columns of the window's last tab of this account carry over,
	// so a change does not throw the user's place away.
	prev := v.w.lastDM
	if prev != nil && prev.v.id != v.id {
		prev = nil
	}
	var extra []string
	if prev != nil {
		extra = prev.matrix.extra()
		t.panelOn = prev.panelOn
	}
	t.matrix = newMatrixView(v, extra, t.saveRelationships)
	t.inner = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("map.tab"), theme.GridIcon(), mapTab),
		container.NewTabItemWithIcon(lang.L("matrix.tab"), theme.AccountIcon(), t.matrix.content))
	t.showPanel(t.panelOn)
	t.m.SetData(v.data.Contacts, v.data.Links, v.data.Visits, v.data.Layout)
	if prev != nil {
		zoom, off := prev.m.ViewState()
		t.m.RestoreView(zoom, off)
		t.inner.SelectIndex(prev.inner.SelectedIndex())
	}
	t.content = t.inner
	v.w.lastDM = t
	t.loadChanges()
	return t
}

// selectFirst opens the contact selected before the rebuild, else the first.
func (t *dmTab) selectFirst(prev *dmTab) {
	if prev != nil && prev.cv.editor != nil && !prev.cv.editor.isNew {
		if i := t.index(prev.cv.editor.contact.ID); i >= 0 {
			t.cv.list.Select(i)
			t.cv.list.ScrollTo(i)
			return
		}
	}
	if len(t.v.data.Contacts) > 0 {
		t.cv.list.Select(0)
	}
}

func (t *dmTab) index(id accounts.ID) int {
	for i := range t.v.data.Contacts {
		if t.v.data.Contacts[i].ID == id {
			return i
		}
	}
	return -1
}

func (t *dmTab) showPanel(on bool) {
	t.panelOn = on
	if on {
		t.split.Leading = t.m.View()
		t.mapBox.Objects = []fyne.CanvasObject{t.split}
		t.panel.SetText(lang.L("coverage.hide"))
		t.panel.SetIcon(theme.NavigateNextIcon())
	} else {
		t.mapBox.Objects = []fyne.CanvasObject{t.m.View()}
		n := len(t.cov.items)
		t.panel.SetText(lang.L("coverage.show", map[string]any{"Count": n}))
		t.panel.SetIcon(theme.NavigateBackIcon())
	}
	t.mapBox.Refresh()
}

// selectContact opens the contact tapped on the map in the editor beside it.
func (t *dmTab) selectContact(id accounts.ID) {
	i := t.index(id)
	if i < 0 {
		return
	}
	if t.cv.editor.contact.ID == id && !t.cv.editor.isNew {
		return
	}
	t.cv.list.Select(i)
	t.cv.list.ScrollTo(i)
}

// newSeat opens the editor on a seat to fill: a role we know exists whose
// person we have not identified.
func (t *dmTab) newSeat() {
	e := t.cv.editor
	guard(e.dirty(), t.v.w, func() {
		t.cv.list.UnselectAll()
		e.set(accounts.Contact{AccountID: t.v.id, Placeholder: true, Influence: 3, Status: accounts.StatusActive, Trust: accounts.TrustUnknown}, true)
		e.heading.SetText(lang.L("map.new_seat"))
		t.v.w.win.Canvas().Focus(e.title)
	}, nil)
}

func (t *dmTab) saveLayout(l accounts.MapLayout) {
	w := t.v.w
	var err error
	w.background("layout "+string(l.AccountID), func() { _, err = w.book.SaveLayout(from(viewMap), &l) }, func() {
		if err != nil {
			w.showError(fmt.Errorf("save the map layout: %w", err))
			return
		}
		t.v.data.Layout = &l
	})
}

func (t *dmTab) addLink(from, to accounts.ID) {
	w := t.v.w
	l := accounts.InfluenceLink{AccountID: t.v.id, From: from, To: to, Strength: 2}
	var err error
	w.background("save link "+string(from)+" "+string(to), func() { _, err = w.book.CreateLink(book.From(viewMap), &l) }, func() {
		if err != nil {
			w.showError(err)
			return
		}
		t.v.data.Links = append(t.v.data.Links, l)
		t.m.SetData(t.v.data.Contacts, t.v.data.Links, t.v.data.Visits, t.m.CurrentLayout())
	})
}

func (t *dmTab) confirmDelete(c accounts.Contact) {
	w := t.v.w
	d := dialog.NewConfirm(lang.L("map.delete_title"),
		lang.L("map.delete_message", map[string]any{"Name": tx(c.Who())}),
		func(ok bool) {
			if !ok {
				return
			}
			var err error
			w.background("delete contact "+string(c.ID), func() { _, err = w.book.DeleteContact(from(viewContacts), c.ID) }, func() {
				if err != nil {
					w.showError(err)
					return
				}
				if t.cv.editor.contact.ID == c.ID {
					t.cv.editor.set(accounts.Contact{AccountID: t.v.id, Influence: 3}, true)
				}
			})
		}, w.win)
	d.SetConfirmText(lang.L("map.delete_confirm"))
	d.SetDismissText(lang.L("form.cancel"))
	t.deleting = d
	d.Show()
}

// saveRelationships stores a cell of the matrix. Each cell is its own
// write, applied to the contact as stored, and the job queues: two quick
// edits of the same contact are both stored, in the order they were made.
func (t *dmTab) saveRelationships(id accounts.ID, who string, level, wanted accounts.RelationshipLevel) {
	w := t.v.w
	guard(t.cv.editor.dirty(), w, func() {
		var err error
		w.background("relationship "+string(id), func() { _, err = w.book.SetRelationship(from(viewMatrix), id, who, level, wanted) }, func() {
			if err != nil {
				w.showError(err)
			}
		})
	}, nil)
}

// loadChanges reads the map's history and lists what changed since the
// last visit in the coverage panel.
func (t *dmTab) loadChanges() {
	w, v := t.v.w, t.v
	var all []accounts.MapChange
	var err error
	w.background("load map changes "+string(v.id), func() { all, err = w.book.MapChanges(v.id) }, func() {
		if err != nil {
			t.cov.setChanges(lang.L("changes.all"), []string{errorSentence(err)})
			return
		}
		title, lines := mapChangesText(all, v.data.Visits, v.data.Contacts, w.now())
		t.cov.setChanges(title, lines)
	})
}
