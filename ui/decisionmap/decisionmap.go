package decisionmap

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/locale"
)

// staleDays is when a contact counts as "not met recently" for the map's
// highlight; the coverage analysis uses the same 90 days.
const staleDays = 90

const (
	margin     = 24   // screen units around the cards
	minZoom    = 0.1  // the overview of a 300-person organisation fits a laptop screen
	maxZoom    = 2.0  // beyond this cards stop fitting the screen
	detailZoom = 0.9  // below it the small lines of a card get unreadable
	zoomStep   = 1.25 // one click of zoom in or out
)

// Config is what the screen hosting a decision-maker map tells it:
// the language and day to show, and what to do when the user acts on the map.
type Config struct {
	Lang      string        // "en", "zh" or "zh-Hans": the domain's labels and the seat names follow it
	Today     accounts.Date // "met 12 d ago" counts from here
	OnSelect  func(c accounts.Contact)
	OnMoved   func(layout accounts.MapLayout) // after a drag or Arrange: persist it
	OnAddLink func(from, to accounts.ID)      // the user drew an influence link
	OnDelete  func(c accounts.Contact)        // the user asked to delete; the screen confirms
	// FitOnOpen zooms out on new data until the whole organisation shows
	// when it does not fit the view at 100 %; otherwise the map opens at
	// 100 % on the most senior person.
	FitOnOpen bool
}

// Highlight picks the cards that stand out; the others are dimmed. The
// zero value highlights nothing (every card at full strength). Set fields
// combine: Role and Attitude together highlight contacts having both.
type Highlight struct {
	Role     accounts.BuyingRole
	Attitude accounts.Attitude
	// NotMetRecently highlights active people not met for more than 90 days
	// (or never met).
	NotMetRecently bool
}

func (h Highlight) isZero() bool { return h == Highlight{} }

// Map is the buying centre of one account drawn as a graph: a card
// per contact, reporting lines and informal influence arrows. Cards can be
// dragged, tapped to edit, linked and arranged automatically.
type Map struct {
	cfg Config

	accountID accounts.ID
	contacts  []accounts.Contact
	links     []accounts.InfluenceLink
	lastMet   map[accounts.ID]accounts.Date
	pos       map[accounts.ID]accounts.Point // map units, zoom 1

	cards  []*card
	byID   map[accounts.ID]*card
	edges  []*edge
	zoom   float32
	hl     Highlight
	hlIDs  map[accounts.ID]bool // the people a coverage finding names
	linkOn bool
	linkA  *card // first card of a link being drawn

	board    *board
	scroll   *container.Scroll
	view     fyne.CanvasObject
	status   *widget.Label
	linkBtn  *widget.Button
	hlSelect *widget.Select
	hlValues []Highlight

	gen        int               // bumped whenever the cards and lines are made afresh
	words      map[string]string // translations already looked up
	scratch    []fyne.Position   // reused by the influence arrows' curve sampling
	pendingTop bool              // new data: show the top of the organisation once the view has a size
	pendingOff *fyne.Position    // or this scroll offset, when the view is restored after a reload
}

// New returns an empty map; give it data with SetData.
func New(cfg Config) *Map {
	m := &Map{cfg: cfg, zoom: 1, byID: map[accounts.ID]*card{}, pos: map[accounts.ID]accounts.Point{}}
	m.board = &board{m: m}
	m.board.ExtendBaseWidget(m.board)
	m.scroll = container.NewScroll(m.board)
	return m
}

// SetData shows the account's contacts, influence links and last meetings.
// Contacts without a saved position in layout get the automatic layout's.
func (m *Map) SetData(contacts []accounts.Contact, links []accounts.InfluenceLink, visits []accounts.Visit, layout *accounts.MapLayout) {
	m.contacts = append(m.contacts[:0:0], contacts...)
	m.links = append(m.links[:0:0], links...)
	m.lastMet = accounts.LastMet(visits)
	was, hadCards := m.accountID, len(m.cards) > 0
	m.accountID = ""
	if layout != nil {
		m.accountID = layout.AccountID
	}
	if m.accountID == "" && len(contacts) > 0 {
		m.accountID = contacts[0].AccountID
	}
	auto := accounts.LayoutMap(m.contacts)
	m.pos = make(map[accounts.ID]accounts.Point, len(contacts))
	for _, c := range m.contacts {
		p, ok := accounts.Point{}, false
		if layout != nil {
			p, ok = layout.Positions[c.ID]
		}
		if !ok {
			p = auto[c.ID]
		}
		m.pos[c.ID] = p
	}
	m.linkA = nil
	// the same account again (a link added, a card deleted): stay where the
	// user was looking
	m.pendingTop = !hadCards || was != m.accountID
	m.rebuild()
}

// showTop scrolls sideways so that the top row's first card (the most
// senior person) is in the middle of the view: on a wide organisation the
// top left corner is often empty.
func (m *Map) showTop() {
	var top *card
	for _, c := range m.cards {
		p, q := m.pos[c.c.ID], accounts.Point{}
		if top != nil {
			q = m.pos[top.c.ID]
		}
		if top == nil || p.Y < q.Y || (p.Y == q.Y && p.X < q.X) {
			top = c
		}
	}
	if top == nil {
		return
	}
	view := m.scroll.Size()
	m.board.Resize(m.board.MinSize().Max(view)) // the scroll clamps offsets to the content's size
	x := m.toScreen(m.pos[top.c.ID]).X + m.cardSize().Width/2 - view.Width/2
	m.scroll.ScrollToOffset(fyne.NewPos(max(0, x), 0))
}

// rebuild makes the cards and lines afresh for the current data.
func (m *Map) rebuild() {
	m.cards = make([]*card, 0, len(m.contacts))
	m.byID = make(map[accounts.ID]*card, len(m.contacts))
	for i := range m.contacts {
		c := &card{m: m, c: m.contacts[i]}
		c.ExtendBaseWidget(c)
		m.cards = append(m.cards, c)
		m.byID[c.c.ID] = c
	}
	m.edges = nil
	m.gen++
	for _, c := range m.cards {
		if p, ok := m.byID[c.c.ReportsTo]; ok && c.c.ReportsTo != c.c.ID {
			m.addEdge(&edge{from: p, to: c})
		}
	}
	for _, l := range m.links {
		a, okA := m.byID[l.From]
		b, okB := m.byID[l.To]
		if okA && okB && a != b {
			m.addEdge(&edge{from: a, to: b, influence: true, strength: l.Strength})
		}
	}
	for _, c := range m.cards {
		c.dimmed = !m.matches(c)
	}
	m.scroll.Refresh() // lays the board out too
}

func (m *Map) addEdge(e *edge) {
	e.m = m
	e.ExtendBaseWidget(e)
	m.edges = append(m.edges, e)
	e.from.edges = append(e.from.edges, e)
	e.to.edges = append(e.to.edges, e)
}

// Arrange lays the cards out automatically and reports the new layout.
func (m *Map) Arrange() {
	m.pos = accounts.LayoutMap(m.contacts)
	m.board.Refresh()
	m.scroll.Refresh()
	m.scroll.ScrollToOffset(fyne.Position{})
	m.moved()
}

// SetHighlight dims every card that does not match h.
func (m *Map) SetHighlight(h Highlight) {
	m.hl = h
	m.hlIDs = nil
	m.applyHighlight()
}

// HighlightContacts dims every card but those of ids (the people a coverage
// finding is about) and scrolls the first of them into view. No ids clears
// the highlight.
func (m *Map) HighlightContacts(ids []accounts.ID) {
	m.hl = Highlight{}
	m.hlIDs = nil
	if len(ids) > 0 {
		m.hlIDs = make(map[accounts.ID]bool, len(ids))
		for _, id := range ids {
			m.hlIDs[id] = true
		}
	}
	if m.hlSelect != nil && m.hlSelect.SelectedIndex() != 0 {
		cb := m.hlSelect.OnChanged
		m.hlSelect.OnChanged = nil
		m.hlSelect.SetSelectedIndex(0)
		m.hlSelect.OnChanged = cb
	}
	m.applyHighlight()
	for _, id := range ids {
		if _, ok := m.byID[id]; ok {
			m.ShowContact(id)
			break
		}
	}
}

// ShowContact scrolls the map so that the contact's card is in view.
func (m *Map) ShowContact(id accounts.ID) {
	p, ok := m.pos[id]
	if !ok {
		return
	}
	view := m.scroll.Size()
	if view.Width == 0 {
		return
	}
	m.board.Resize(m.board.MinSize().Max(view))
	c := m.toScreen(p)
	s := m.cardSize()
	off := m.scroll.Offset
	if c.X >= off.X && c.Y >= off.Y && c.X+s.Width <= off.X+view.Width && c.Y+s.Height <= off.Y+view.Height {
		return // already in view: do not jump
	}
	m.scroll.ScrollToOffset(fyne.NewPos(max(0, c.X+s.Width/2-view.Width/2), max(0, c.Y+s.Height/2-view.Height/2)))
}

// ViewState is the zoom and scroll offset, kept when the screen around the
// map is rebuilt so that saving a contact does not throw the user's view away.
func (m *Map) ViewState() (zoom float32, offset fyne.Position) {
	return m.zoom, m.scroll.Offset
}

// RestoreView sets the zoom and, once the map has a size, the scroll offset.
func (m *Map) RestoreView(zoom float32, offset fyne.Position) {
	m.zoom = max(minZoom, min(maxZoom, zoom))
	m.pendingOff = &offset
	m.board.Refresh()
	m.scroll.Refresh()
}

func (m *Map) applyHighlight() {
	for _, c := range m.cards {
		if d := !m.matches(c); d != c.dimmed {
			c.dimmed = d
			c.Refresh()
		}
	}
	for _, e := range m.edges {
		e.update()
	}
}

func (m *Map) matches(c *card) bool {
	if m.hlIDs != nil {
		return m.hlIDs[c.c.ID]
	}
	h := m.hl
	if h.isZero() {
		return true
	}
	if h.Role != "" && c.c.Role != h.Role {
		return false
	}
	if h.Attitude != "" && c.c.Attitude != h.Attitude {
		return false
	}
	if h.NotMetRecently {
		if c.c.Placeholder || !c.c.Active() {
			return false
		}
		if d, ok := m.daysSinceMet(c.c.ID); ok && d <= staleDays {
			return false
		}
	}
	return true
}

// daysSinceMet is how long ago we last met the contact; ok is false when
// we never did.
func (m *Map) daysSinceMet(id accounts.ID) (days int, ok bool) {
	d, ok := m.lastMet[id]
	if !ok || d.IsZero() {
		return 0, false
	}
	return d.DaysUntil(m.cfg.Today), true
}

// Zoom scales the map by factor (2 doubles, 0.5 halves), keeping the middle
// of the view in place.
func (m *Map) Zoom(factor float32) {
	m.setZoom(m.zoom * factor)
}

// ResetView goes back to 100 % and the top left corner.
func (m *Map) ResetView() {
	m.setZoom(1)
	m.scroll.ScrollToOffset(fyne.Position{})
}

// Fit zooms so that the whole map fits the visible area.
func (m *Map) Fit() {
	view := m.scroll.Size()
	w, h := m.extent()
	if w == 0 || h == 0 || view.Width == 0 {
		return
	}
	z := float32(math.Min(float64((view.Width-2*margin)/w), float64((view.Height-2*margin)/h)))
	m.setZoom(min(z, 1))
	m.scroll.ScrollToOffset(fyne.Position{})
}

// fitsAt100 tells whether the whole map shows at 100 % in the view.
func (m *Map) fitsAt100() bool {
	view := m.scroll.Size()
	w, h := m.extent()
	return w+2*margin <= view.Width && h+2*margin <= view.Height
}

func (m *Map) setZoom(z float32) {
	z = max(minZoom, min(maxZoom, z))
	if z == m.zoom {
		return
	}
	view := m.scroll.Size()
	centre := m.toMap(fyne.NewPos(m.scroll.Offset.X+view.Width/2, m.scroll.Offset.Y+view.Height/2))
	m.zoom = z
	for _, c := range m.cards {
		c.Refresh()
	}
	m.board.Refresh()
	m.scroll.Refresh()
	c := m.toScreen(centre)
	m.scroll.ScrollToOffset(fyne.NewPos(max(0, c.X-view.Width/2), max(0, c.Y-view.Height/2)))
}

// StartLink makes the next two card taps draw an influence link from the
// first person to the second.
func (m *Map) StartLink() {
	m.linkOn = true
	m.setLinkSource(nil)
}

func (m *Map) cancelLink() {
	m.linkOn = false
	m.setLinkSource(nil)
}

func (m *Map) setLinkSource(c *card) {
	if m.linkA != nil {
		m.linkA.Refresh()
	}
	m.linkA = c
	if c != nil {
		c.Refresh()
	}
	m.updateStatus()
}

func (m *Map) updateStatus() {
	if m.status == nil {
		return
	}
	was := m.status.Visible()
	defer func() {
		if m.status.Visible() != was && m.view != nil {
			m.view.Refresh() // the hint's row comes or goes: lay the view out again
		}
	}()
	m.status.Show()
	switch {
	case !m.linkOn:
		m.status.SetText("")
		m.status.Hide()
		m.linkBtn.SetText(lang.X("map.add_link", "Add link"))
	case m.linkA == nil:
		m.status.SetText(lang.X("map.link_pick_from", "Click the person who has the influence"))
		m.linkBtn.SetText(lang.X("map.cancel_link", "Cancel link"))
	default:
		m.status.SetText(lang.X("map.link_pick_to", "Now click the person {{.Name}} influences", map[string]any{"Name": locale.Say(m.cfg.Lang, m.linkA.c.Who())}))
		m.linkBtn.SetText(lang.X("map.cancel_link", "Cancel link"))
	}
}

// text is the translation of one of the map's own words. Translating is
// slow next to drawing, and a 300-card map asks for the same few words
// hundreds of times, so each is looked up once.
func (m *Map) text(key, fallback string) string {
	return m.textWith(key, fallback, "", "")
}

// textWith is text for a template with one value, e.g. "met {{.Days}} d ago".
func (m *Map) textWith(key, fallback, name, value string) string {
	k := key + "\x00" + value
	if s, ok := m.words[k]; ok {
		return s
	}
	if m.words == nil {
		m.words = map[string]string{}
	}
	var s string
	if name == "" {
		s = lang.X(key, fallback)
	} else {
		s = lang.X(key, fallback, map[string]any{name: value})
	}
	m.words[k] = s
	return s
}

// Positions returns where each card sits, in map units.
func (m *Map) Positions() map[accounts.ID]accounts.Point {
	out := make(map[accounts.ID]accounts.Point, len(m.pos))
	for id, p := range m.pos {
		out[id] = p
	}
	return out
}

func (m *Map) layout() accounts.MapLayout {
	return accounts.MapLayout{AccountID: m.accountID, Positions: m.Positions(), UpdatedAt: m.cfg.Today}
}

func (m *Map) moved() {
	if m.cfg.OnMoved != nil {
		m.cfg.OnMoved(m.layout())
	}
}

func (m *Map) tapped(c *card) {
	if m.linkOn {
		switch {
		case m.linkA == nil:
			m.setLinkSource(c)
		case m.linkA != c:
			from := m.linkA.c.ID
			m.cancelLink()
			if m.cfg.OnAddLink != nil {
				m.cfg.OnAddLink(from, c.c.ID)
			}
		}
		return
	}
	if m.cfg.OnSelect != nil {
		m.cfg.OnSelect(c.c)
	}
}

func (m *Map) cardSize() fyne.Size {
	return fyne.NewSize(accounts.CardWidth*m.zoom, accounts.CardHeight*m.zoom)
}

func (m *Map) toScreen(p accounts.Point) fyne.Position {
	return fyne.NewPos(p.X*m.zoom+margin, p.Y*m.zoom+margin)
}

func (m *Map) toMap(p fyne.Position) accounts.Point {
	return accounts.Point{X: (p.X - margin) / m.zoom, Y: (p.Y - margin) / m.zoom}
}

// extent is the size of the cards' bounding box in map units.
func (m *Map) extent() (w, h float32) {
	for _, p := range m.pos {
		w = max(w, p.X+accounts.CardWidth)
		h = max(h, p.Y+accounts.CardHeight)
	}
	return w, h
}

// placeAll puts every card and line where the positions and zoom say.
func (m *Map) placeAll() {
	size := m.cardSize()
	for _, c := range m.cards {
		c.Resize(size)
		c.Move(m.toScreen(m.pos[c.c.ID]))
	}
	for _, e := range m.edges {
		e.update()
	}
}

// View is the map in a scroll area, with its toolbar above and legend below.
func (m *Map) View() fyne.CanvasObject {
	if m.view != nil {
		return m.view
	}
	arrange := widget.NewButtonWithIcon(lang.X("map.arrange", "Arrange"), theme.GridIcon(), m.Arrange)
	zoomOut := widget.NewButtonWithIcon("", theme.ZoomOutIcon(), func() { m.Zoom(1 / zoomStep) })
	zoomIn := widget.NewButtonWithIcon("", theme.ZoomInIcon(), func() { m.Zoom(zoomStep) })
	fit := widget.NewButtonWithIcon("", theme.ZoomFitIcon(), m.Fit)
	reset := widget.NewButtonWithIcon("100%", nil, m.ResetView)
	m.linkBtn = widget.NewButtonWithIcon(lang.X("map.add_link", "Add link"), theme.ContentAddIcon(), func() {
		if m.linkOn {
			m.cancelLink()
		} else {
			m.StartLink()
		}
	})
	m.status = widget.NewLabel("")
	m.status.Importance = widget.HighImportance

	opts, vals := m.highlightOptions()
	m.hlValues = vals
	m.hlSelect = widget.NewSelect(opts, func(s string) {
		for i, o := range opts {
			if o == s {
				m.SetHighlight(vals[i])
			}
		}
	})
	m.hlSelect.SetSelectedIndex(0)

	// a Select is only as wide as its current text; give it room for the
	// longest choice so the toolbar does not jump
	hl := container.NewGridWrap(fyne.NewSize(220, m.hlSelect.MinSize().Height), m.hlSelect)
	// toolbar and legend scroll sideways rather than make the window wider
	// when the map shares it with the list and the editor
	bar := container.NewHScroll(container.NewHBox(arrange, zoomOut, zoomIn, fit, reset, m.linkBtn, hl))
	m.status.Hide()
	top := container.NewVBox(bar, m.status)
	m.view = container.NewBorder(top, container.NewHScroll(m.legend()), nil, nil, m.scroll)
	m.updateStatus()
	return m.view
}

func (m *Map) highlightOptions() ([]string, []Highlight) {
	l := m.cfg.Lang
	opts := []string{lang.X("map.highlight_none", "Highlight: none")}
	vals := []Highlight{{}}
	opts = append(opts, lang.X("map.highlight_stale", "Not met in 90 days"))
	vals = append(vals, Highlight{NotMetRecently: true})
	for _, a := range accounts.Attitudes() {
		opts = append(opts, lang.X("map.highlight_attitude", "Attitude: {{.Name}}", map[string]any{"Name": locale.Say(l, a.Label())}))
		vals = append(vals, Highlight{Attitude: a})
	}
	for _, r := range accounts.BuyingRoles() {
		opts = append(opts, lang.X("map.highlight_role", "Role: {{.Name}}", map[string]any{"Name": locale.Say(l, r.Label())}))
		vals = append(vals, Highlight{Role: r})
	}
	return opts, vals
}

// legend explains the colours and lines; every colour on a card is also
// written out, so the legend is a key, not the only way to read the map.
func (m *Map) legend() fyne.CanvasObject {
	label := func(s string) *widget.Label {
		l := widget.NewLabel(s)
		l.SizeName = theme.SizeNameCaptionText
		return l
	}
	items := []fyne.CanvasObject{}
	for _, a := range accounts.Attitudes() {
		sw := canvas.NewRectangle(attitudeColor(a))
		sw.CornerRadius = 2
		sw.SetMinSize(fyne.NewSize(6, 16))
		items = append(items, container.NewHBox(container.NewCenter(sw), label(locale.Say(m.cfg.Lang, a.Label()))))
	}
	items = append(items, widget.NewSeparator())
	items = append(items, container.NewHBox(newLegendLine(false), label(lang.X("map.legend_reports", "reports to"))))
	items = append(items, container.NewHBox(newLegendLine(true), label(lang.X("map.legend_influence", "influences"))))
	items = append(items, widget.NewSeparator(), label("●●●○○ "+lang.X("map.legend_influence_weight", "influence 1–5")))
	return container.NewHBox(items...)
}

// legendLine is the sample of a reporting line or an influence arrow in
// the legend; a widget so that it follows a change of theme.
type legendLine struct {
	widget.BaseWidget
	dashed bool
}

func newLegendLine(dashed bool) *legendLine {
	l := &legendLine{dashed: dashed}
	l.ExtendBaseWidget(l)
	return l
}

func (l *legendLine) CreateRenderer() fyne.WidgetRenderer {
	r := &legendLineRenderer{l: l}
	n := 1
	if l.dashed {
		n = 6 // four dashes and a head
	}
	for i := 0; i < n; i++ {
		r.lines = append(r.lines, &canvas.Line{StrokeWidth: 1.5})
		r.objs = append(r.objs, r.lines[i])
	}
	r.Refresh()
	return r
}

type legendLineRenderer struct {
	l     *legendLine
	lines []*canvas.Line
	objs  []fyne.CanvasObject
}

func (r *legendLineRenderer) MinSize() fyne.Size           { return fyne.NewSize(34, 18) }
func (r *legendLineRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *legendLineRenderer) Destroy()                     {}

func (r *legendLineRenderer) Layout(size fyne.Size) {
	y := size.Height / 2
	if !r.l.dashed {
		r.lines[0].Position1, r.lines[0].Position2 = fyne.NewPos(2, y), fyne.NewPos(32, y)
		return
	}
	for i := 0; i < 4; i++ {
		x := 2 + float32(i)*8
		r.lines[i].Position1, r.lines[i].Position2 = fyne.NewPos(x, y), fyne.NewPos(x+5, y)
	}
	r.lines[4].Position1, r.lines[4].Position2 = fyne.NewPos(32, y), fyne.NewPos(27, y-4)
	r.lines[5].Position1, r.lines[5].Position2 = fyne.NewPos(32, y), fyne.NewPos(27, y+4)
}

func (r *legendLineRenderer) Refresh() {
	for _, l := range r.lines {
		l.StrokeColor = lineColor(r.l.dashed)
	}
	r.Layout(r.l.Size())
	canvas.Refresh(r.l)
}

// attitudeColor is the attitude's colour: green to red through teal, grey
// and amber, chosen so that neighbours differ in lightness too.
func attitudeColor(a accounts.Attitude) color.Color {
	switch a {
	case accounts.AttitudeChampion:
		return color.NRGBA{0x1b, 0x8a, 0x3c, 0xff}
	case accounts.AttitudeSupporter:
		return color.NRGBA{0x2a, 0xa8, 0xb0, 0xff}
	case accounts.AttitudeNeutral:
		return color.NRGBA{0x9a, 0x9a, 0x9a, 0xff}
	case accounts.AttitudeSkeptic:
		return color.NRGBA{0xf0, 0xa2, 0x02, 0xff}
	case accounts.AttitudeOpponent:
		return color.NRGBA{0xd3, 0x2f, 0x2f, 0xff}
	}
	return color.NRGBA{0xcc, 0xcc, 0xcc, 0x80}
}

func lineColor(influence bool) color.Color {
	if influence {
		return theme.Color(theme.ColorNamePrimary)
	}
	r, g, b, _ := theme.Color(theme.ColorNameForeground).RGBA()
	return color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0x99}
}

// board is the drawing surface inside the scroll area. Its MinSize is the
// cards' bounding box at the current zoom, which a container without a
// layout would not report, so the scroll area knows how far it can pan.
type board struct {
	widget.BaseWidget
	m *Map
}

func (b *board) CreateRenderer() fyne.WidgetRenderer { return &boardRenderer{b: b} }

// Tapped on empty space gives up a link being drawn.
func (b *board) Tapped(*fyne.PointEvent) {
	if b.m.linkOn {
		b.m.cancelLink()
	}
}

// Dragged on empty space pans the map, as in any map or diagram program.
func (b *board) Dragged(e *fyne.DragEvent) {
	s := b.m.scroll
	s.ScrollToOffset(fyne.NewPos(s.Offset.X-e.Dragged.DX, s.Offset.Y-e.Dragged.DY))
}

func (b *board) DragEnd() {}

type boardRenderer struct {
	b    *board
	objs []fyne.CanvasObject
	gen  int // Map.gen the objects were collected for
}

func (r *boardRenderer) Layout(fyne.Size) {
	m := r.b.m
	m.placeAll()
	if m.scroll.Size().Width > 0 {
		switch {
		case m.pendingOff != nil:
			off := *m.pendingOff
			m.pendingOff, m.pendingTop = nil, false
			m.board.Resize(m.board.MinSize().Max(m.scroll.Size()))
			m.scroll.ScrollToOffset(off)
		case m.pendingTop:
			m.pendingTop = false
			if m.cfg.FitOnOpen && !m.fitsAt100() {
				m.Fit()
			} else {
				m.showTop()
			}
		}
	}
}

func (r *boardRenderer) MinSize() fyne.Size {
	w, h := r.b.m.extent()
	if w == 0 {
		return fyne.Size{}
	}
	z := r.b.m.zoom
	return fyne.NewSize(w*z+2*margin, h*z+2*margin)
}

// Objects draws the lines first, so cards sit on top of them.
func (r *boardRenderer) Objects() []fyne.CanvasObject {
	m := r.b.m
	if r.gen != m.gen || r.objs == nil {
		r.gen = m.gen
		r.objs = make([]fyne.CanvasObject, 0, len(m.edges)+len(m.cards))
		for _, e := range m.edges {
			r.objs = append(r.objs, e)
		}
		for _, c := range m.cards {
			r.objs = append(r.objs, c)
		}
	}
	return r.objs
}

func (r *boardRenderer) Refresh() {
	r.Objects()
	r.Layout(r.b.Size())
	canvas.Refresh(r.b)
}

func (r *boardRenderer) Destroy() {}
