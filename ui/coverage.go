package ui

import (
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
)

// coveragePanel sits beside the decision-maker map: the coverage findings,
// most severe first, and what changed on the map since the last visit.
// Tapping a finding that names people highlights their cards.
type coveragePanel struct {
	onPick   func(ids []accounts.ID) // nil ids: clear the highlight
	items    []*coverageItem
	picked   *coverageItem
	findings *fyne.Container
	changes  *fyne.Container
	content  fyne.CanvasObject
}

func newCoveragePanel(onPick func([]accounts.ID)) *coveragePanel {
	p := &coveragePanel{onPick: onPick}
	p.findings = container.NewVBox()
	p.changes = container.NewVBox()
	hint := &widget.Label{Text: lang.L("coverage.hint"), Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance}
	p.content = container.NewVScroll(container.NewVBox(
		wrapped(subheading(lang.L("coverage.title"))), hint, p.findings,
		widget.NewSeparator(), p.changes))
	return p
}

// wrapped lets a heading wrap, so that the narrow panel beside the map is
// not held wide by its longest title.
func wrapped(l *widget.Label) *widget.Label {
	l.Wrapping = fyne.TextWrapWord
	l.Truncation = fyne.TextTruncateOff
	return l
}

// setFindings lists the findings of accounts.AnalyzeCoverage.
func (p *coveragePanel) setFindings(fs []accounts.Finding) {
	p.items, p.picked = nil, nil
	p.findings.Objects = nil
	if len(fs) == 0 {
		p.findings.Add(&widget.Label{Text: lang.L("coverage.none"), Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord})
	}
	for _, f := range fs {
		it := newCoverageItem(f, p)
		p.items = append(p.items, it)
		p.findings.Add(it)
	}
	p.findings.Refresh()
}

// setChanges shows "what changed since the last visit".
func (p *coveragePanel) setChanges(title string, lines []string) {
	p.changes.Objects = []fyne.CanvasObject{wrapped(subheading(title))}
	if len(lines) == 0 {
		p.changes.Add(&widget.Label{Text: lang.L("changes.none"), Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord})
	}
	for _, l := range lines {
		p.changes.Add(&widget.Label{Text: "• " + l, Wrapping: fyne.TextWrapWord})
	}
	p.changes.Refresh()
}

func (p *coveragePanel) pick(it *coverageItem) {
	if len(it.f.ContactIDs) == 0 {
		return
	}
	old := p.picked
	if old == it {
		p.picked = nil
	} else {
		p.picked = it
	}
	if old != nil {
		old.Refresh()
	}
	it.Refresh()
	if p.onPick == nil {
		return
	}
	if p.picked == nil {
		p.onPick(nil)
	} else {
		p.onPick(it.f.ContactIDs)
	}
}

// coverageSeverityColor is the colour of a severity badge; the severity is
// also written beside it.
func coverageSeverityColor(s accounts.Severity) color.Color {
	switch s {
	case accounts.SeverityCritical:
		return color.NRGBA{0xc6, 0x28, 0x28, 0xff}
	case accounts.SeverityHigh:
		return color.NRGBA{0xe6, 0x51, 0x00, 0xff}
	case accounts.SeverityMedium:
		return color.NRGBA{0xf0, 0xa2, 0x02, 0xff}
	}
	return color.NRGBA{0x60, 0x7d, 0x8b, 0xff}
}

// coverageItem is one finding: severity, what, why it matters and the
// suggested next step.
type coverageItem struct {
	widget.BaseWidget
	f        accounts.Finding
	p        *coveragePanel
	what     *widget.Label
	why      *widget.Label
	action   *widget.Label
	severity *canvas.Text
}

func newCoverageItem(f accounts.Finding, p *coveragePanel) *coverageItem {
	it := &coverageItem{f: f, p: p}
	it.severity = canvas.NewText(strings.ToUpper(tx(f.Severity.Label())), color.White)
	it.severity.TextStyle.Bold = true
	it.severity.TextSize = theme.CaptionTextSize()
	it.what = &widget.Label{Text: tx(f.What), Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}
	it.why = &widget.Label{Text: tx(f.Why), Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}
	it.action = &widget.Label{Text: "→ " + tx(f.Action), Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText, Importance: widget.HighImportance}
	it.ExtendBaseWidget(it)
	return it
}

func (it *coverageItem) Tapped(*fyne.PointEvent) { it.p.pick(it) }

func (it *coverageItem) Cursor() desktop.Cursor {
	if len(it.f.ContactIDs) > 0 {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

func (it *coverageItem) CreateRenderer() fyne.WidgetRenderer {
	badgeBg := canvas.NewRectangle(coverageSeverityColor(it.f.Severity))
	badgeBg.CornerRadius = 3
	badge := container.NewStack(badgeBg, container.New(&padBox{pad: fyne.NewSize(6, 1)}, it.severity))
	bg := canvas.NewRectangle(color.Transparent)
	bg.CornerRadius = 4
	body := container.NewVBox(container.NewHBox(badge), it.what, it.why, it.action)
	r := &coverageItemRenderer{it: it, bg: bg, stack: container.NewStack(bg, body)}
	r.Refresh()
	return r
}

type coverageItemRenderer struct {
	it    *coverageItem
	bg    *canvas.Rectangle
	stack *fyne.Container
}

func (r *coverageItemRenderer) Layout(s fyne.Size)           { r.stack.Resize(s) }
func (r *coverageItemRenderer) MinSize() fyne.Size           { return r.stack.MinSize() }
func (r *coverageItemRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.stack} }
func (r *coverageItemRenderer) Destroy()                     {}
func (r *coverageItemRenderer) Refresh() {
	r.bg.FillColor = color.Transparent
	r.bg.StrokeWidth = 0
	if r.it.p.picked == r.it {
		r.bg.FillColor = fade(theme.Color(theme.ColorNamePrimary), 0x28)
		r.bg.StrokeColor = theme.Color(theme.ColorNamePrimary)
		r.bg.StrokeWidth = 1.5
	}
	r.bg.Refresh()
	r.stack.Refresh()
}

// padBox lays out its one object with a fixed padding around it.
type padBox struct{ pad fyne.Size }

func (p *padBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[0].MinSize().Add(fyne.NewSize(2*p.pad.Width, 2*p.pad.Height))
}

func (p *padBox) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	objs[0].Move(fyne.NewPos(p.pad.Width, p.pad.Height))
	objs[0].Resize(s.Subtract(fyne.NewSize(2*p.pad.Width, 2*p.pad.Height)))
}

// matrixView is "who knows whom": the account's key players down (name,
// role, influence), our people across, and in each cell the relationship
// level now and the level we want. A cell is edited in place and stored on
// the contact's Relationships.
type matrixView struct {
	v      *accountView
	m      accounts.CoverageMatrix
	people []string // the matrix's people and the ones added as empty columns
	byID   map[accounts.ID]*accounts.Contact
	table  *widget.Table
	person *widget.Entry
	// onEdit stores one cell (who's level now and wanted with the contact
	// id); the account view refreshes after it.
	onEdit  func(id accounts.ID, who string, level, wanted accounts.RelationshipLevel)
	editing *dialog.ConfirmDialog // kept for tests
	level   *enumSelect[accounts.RelationshipLevel]
	wanted  *enumSelect[accounts.RelationshipLevel]
	content fyne.CanvasObject
}

// matrixMinInfluence is who counts as a key player in the matrix.
const matrixMinInfluence = 3

const matrixFixedCols = 3 // name, role, influence

func newMatrixView(v *accountView, extra []string, onEdit func(id accounts.ID, who string, level, wanted accounts.RelationshipLevel)) *matrixView {
	mv := &matrixView{v: v, onEdit: onEdit}
	mv.m = accounts.BuildCoverageMatrix(v.data.Contacts, matrixMinInfluence)
	mv.byID = map[accounts.ID]*accounts.Contact{}
	for i := range v.data.Contacts {
		mv.byID[v.data.Contacts[i].ID] = &v.data.Contacts[i]
	}
	mv.people = append([]string(nil), mv.m.People...)
	for _, p := range extra {
		mv.addPerson(p)
	}
	mv.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(mv.m.Contacts), matrixFixedCols + len(mv.people) },
		func() fyne.CanvasObject {
			return &widget.Label{Text: tx(accounts.LevelAdvisor.Label()) + " → " + tx(accounts.LevelAdvisor.Label()), Truncation: fyne.TextTruncateEllipsis}
		},
		mv.updateCell)
	mv.table.ShowHeaderColumn = false
	mv.table.StickyColumnCount = 1
	mv.table.CreateHeader = func() fyne.CanvasObject {
		return &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	}
	mv.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText(mv.header(id.Col))
	}
	mv.table.OnSelected = func(id widget.TableCellID) {
		mv.table.UnselectAll()
		if id.Row >= 0 && id.Col >= matrixFixedCols {
			mv.edit(id.Row, id.Col-matrixFixedCols)
		}
	}
	mv.table.SetColumnWidth(0, 170)
	mv.table.SetColumnWidth(1, 120)
	mv.table.SetColumnWidth(2, 100)
	for i := range mv.people {
		mv.table.SetColumnWidth(matrixFixedCols+i, 210)
	}

	mv.person = entry("")
	mv.person.PlaceHolder = lang.L("matrix.person.hint")
	mv.person.OnSubmitted = func(string) { mv.addColumn() }
	add := &widget.Button{Text: lang.L("matrix.add_person"), Icon: theme.ContentAddIcon(), OnTapped: mv.addColumn}
	add.ExtendBaseWidget(add)
	hint := &widget.Label{Text: lang.L("matrix.hint"), Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance}
	bar := container.NewBorder(nil, nil, nil, add, mv.person)
	var body fyne.CanvasObject = mv.table
	if len(mv.m.Contacts) == 0 {
		body = &widget.Label{Text: lang.L("matrix.empty"), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance}
	}
	mv.content = container.NewBorder(container.NewVBox(hint, bar), nil, nil, nil, body)
	return mv
}

func (mv *matrixView) header(col int) string {
	switch col {
	case 0:
		return lang.L("matrix.contact")
	case 1:
		return lang.L("contact.role")
	case 2:
		return lang.L("contact.influence")
	}
	if i := col - matrixFixedCols; i >= 0 && i < len(mv.people) {
		return mv.people[i]
	}
	return ""
}

// cell is the text and importance of one cell: "Vendor → Trusted advisor",
// warning-coloured while the wanted level is not reached, "—" (a gap) when
// that person has no relationship with the contact.
func (mv *matrixView) cell(row, person int) (string, widget.Importance) {
	c, ok := mv.m.Cells[mv.m.Contacts[row]][mv.people[person]]
	if !ok || c.Level == "" {
		return "—", widget.LowImportance
	}
	s := tx(c.Level.Label())
	if c.Wanted != "" && c.Wanted != c.Level {
		s += " → " + tx(c.Wanted.Label())
	}
	if c.Wanted.Rank() > c.Level.Rank() {
		return s, widget.WarningImportance
	}
	return s, widget.SuccessImportance
}

func (mv *matrixView) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	l.TextStyle.Bold = false
	l.Importance = widget.MediumImportance
	ct := mv.byID[mv.m.Contacts[id.Row]]
	switch id.Col {
	case 0:
		l.TextStyle.Bold = true
		l.SetText(tx(ct.Who()))
		return
	case 1:
		l.SetText(tx(ct.Role.Label()))
		return
	case 2:
		l.SetText(strings.Repeat("●", ct.Influence) + " " + strconv.Itoa(ct.Influence))
		return
	}
	text, imp := mv.cell(id.Row, id.Col-matrixFixedCols)
	l.Importance = imp
	l.SetText(text)
}

func (mv *matrixView) addPerson(p string) bool {
	p = strings.TrimSpace(p)
	if p == "" {
		return false
	}
	for _, q := range mv.people {
		if strings.EqualFold(q, p) {
			return false
		}
	}
	mv.people = append(mv.people, p)
	return true
}

// addColumn adds one of our people as an empty column; it is stored once a
// cell in it is filled.
func (mv *matrixView) addColumn() {
	if !mv.addPerson(mv.person.Text) {
		return
	}
	mv.table.SetColumnWidth(matrixFixedCols+len(mv.people)-1, 210)
	mv.person.SetText("")
	mv.table.Refresh()
}

// extra is the people shown without a stored relationship yet.
func (mv *matrixView) extra() []string {
	var out []string
	return append(out, mv.people[len(mv.m.People):]...)
}

// edit asks for the level now and wanted of one of our people with one
// contact.
func (mv *matrixView) edit(row, person int) {
	ct := *mv.byID[mv.m.Contacts[row]]
	who := mv.people[person]
	cur := mv.m.Cells[ct.ID][who]
	mv.level = newEnumSelect(accounts.RelationshipLevels(), accounts.RelationshipLevel.Label, cur.Level, true)
	mv.wanted = newEnumSelect(accounts.RelationshipLevels(), accounts.RelationshipLevel.Label, cur.Wanted, true)
	form := widget.NewForm(
		widget.NewFormItem(lang.L("matrix.level"), mv.level.Select),
		widget.NewFormItem(lang.L("contact.rel.wanted"), mv.wanted.Select))
	note := &widget.Label{Text: lang.L("matrix.clear_hint"), Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance}
	title := lang.L("matrix.edit_title", map[string]any{"Person": who, "Contact": tx(ct.Who())})
	d := dialog.NewCustomConfirm(title, lang.L("form.save"), lang.L("form.cancel"), container.NewVBox(form, note), func(ok bool) {
		if ok {
			mv.onEdit(ct.ID, who, mv.level.value(), mv.wanted.value())
		}
	}, mv.v.w.win)
	d.Resize(fyne.NewSize(420, 0))
	mv.editing = d
	d.Show()
}
