package decisionmap

import (
	"fyne.io/fyne/v2/lang"
	"keycard/locale"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"keycard/accounts"
)

// rig is a decision map in a test window with every callback recorded.
type rig struct {
	m        *Map
	w        fyne.Window
	selected []accounts.Contact
	moved    []accounts.MapLayout
	links    [][2]accounts.ID
	deleted  []accounts.Contact
}

func newRig(t *testing.T, lang string) *rig {
	t.Helper()
	test.NewTempApp(t)
	r := &rig{}
	r.m = New(Config{
		Lang:      lang,
		Today:     testToday,
		OnSelect:  func(c accounts.Contact) { r.selected = append(r.selected, c) },
		OnMoved:   func(l accounts.MapLayout) { r.moved = append(r.moved, l) },
		OnAddLink: func(a, b accounts.ID) { r.links = append(r.links, [2]accounts.ID{a, b}) },
		OnDelete:  func(c accounts.Contact) { r.deleted = append(r.deleted, c) },
	})
	r.w = test.NewWindow(r.m.View())
	t.Cleanup(r.w.Close)
	r.w.Resize(fyne.NewSize(1200, 800))
	return r
}

// centre is the canvas position of the middle of a contact's card.
func (r *rig) centre(id accounts.ID) fyne.Position {
	c := r.m.byID[id]
	r.m.scroll.ScrollToOffset(c.Position().Subtract(fyne.NewPos(40, 40)))
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(c)
	return p.Add(fyne.NewPos(c.Size().Width/2, c.Size().Height/2))
}

// cardTexts is every text the card draws, as the user would read it.
func cardTexts(c *card) []string {
	var out []string
	for _, o := range test.WidgetRenderer(c).Objects() {
		if t, ok := o.(*canvas.Text); ok && o.Visible() {
			out = append(out, t.Text)
		}
	}
	return out
}

// findText returns the canvas position of a text shown under o, which sits
// at abs.
func findText(o fyne.CanvasObject, abs fyne.Position, text string) (fyne.Position, bool) {
	if tx, ok := o.(*canvas.Text); ok && tx.Text == text && tx.Visible() {
		return abs.Add(fyne.NewPos(2, 2)), true
	}
	var kids []fyne.CanvasObject
	switch x := o.(type) {
	case *fyne.Container:
		kids = x.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(x).Objects()
	}
	for _, k := range kids {
		if p, ok := findText(k, abs.Add(k.Position()), text); ok {
			return p, true
		}
	}
	return fyne.Position{}, false
}

func hasObject(c *card, o fyne.CanvasObject) bool {
	for _, x := range test.WidgetRenderer(c).Objects() {
		if x == o {
			return true
		}
	}
	return false
}

func TestDecisionMapDragMovesCardAndPositionSurvivesReopening(t *testing.T) {
	cs, links, visits := smallCentre()
	r := newRig(t, "en")
	r.m.SetData(cs, links, visits, nil)
	id := cs[6].ID // Sarah Johnson
	before := r.m.Positions()[id]

	test.Drag(r.w.Canvas(), r.centre(id), 150, 90)

	if len(r.moved) != 1 {
		t.Fatalf("OnMoved called %d times after one drag, want 1", len(r.moved))
	}
	want := accounts.Point{X: before.X + 150, Y: before.Y + 90}
	saved := r.moved[0]
	if got := saved.Positions[id]; got != want {
		t.Fatalf("saved position %v, want %v", got, want)
	}
	if len(saved.Positions) != len(cs) || saved.AccountID != cs[0].AccountID {
		t.Fatalf("saved layout should hold all %d cards of account %s, got %d of %q", len(cs), cs[0].AccountID, len(saved.Positions), saved.AccountID)
	}
	if got := r.m.byID[id].Position(); got != r.m.toScreen(want) {
		t.Fatalf("card drawn at %v, want %v", got, r.m.toScreen(want))
	}
	// only the dragged card moved
	for _, c := range cs {
		if c.ID != id && saved.Positions[c.ID] != r.m.Positions()[c.ID] {
			t.Fatalf("%s moved too", c.Name)
		}
	}
	// its reporting line now ends where accounts.ReportingLine says
	var line *edge
	for _, e := range r.m.byID[id].edges {
		if !e.influence && e.to.c.ID == id {
			line = e
		}
	}
	if line == nil {
		t.Fatal("Sarah's reporting line is missing")
	}
	route := accounts.ReportingLine(r.m.Positions()[line.from.c.ID], want)
	segs := test.WidgetRenderer(line).Objects()
	if len(segs) != len(route)-1 {
		t.Fatalf("reporting line drawn with %d segments, want %d", len(segs), len(route)-1)
	}
	end := line.Position().Add(segs[len(segs)-1].(*canvas.Line).Position2)
	if tip := r.m.toScreen(route[len(route)-1]); dist(end, tip) > 0.01 {
		t.Fatalf("reporting line ends at %v, want %v", end, tip)
	}

	// reopening the account: a new map with the saved layout
	r2 := newRig(t, "en")
	r2.m.SetData(cs, links, visits, &saved)
	if got := r2.m.Positions()[id]; got != want {
		t.Fatalf("after reopening the card is at %v, want %v", got, want)
	}
	if got := r2.m.byID[id].Position(); got != r2.m.toScreen(want) {
		t.Fatalf("after reopening the card is drawn at %v, want %v", got, r2.m.toScreen(want))
	}
}

func TestDecisionMapNewContactGetsAutomaticPlace(t *testing.T) {
	cs, links, visits := smallCentre()
	r := newRig(t, "en")
	saved := accounts.MapLayout{AccountID: cs[0].AccountID, Positions: map[accounts.ID]accounts.Point{cs[0].ID: {X: 700, Y: 400}}}
	r.m.SetData(cs, links, visits, &saved)
	auto := accounts.LayoutMap(cs)
	if got := r.m.Positions()[cs[0].ID]; got != (accounts.Point{X: 700, Y: 400}) {
		t.Fatalf("saved position ignored: %v", got)
	}
	if got := r.m.Positions()[cs[5].ID]; got != auto[cs[5].ID] {
		t.Fatalf("unsaved contact at %v, want the automatic %v", got, auto[cs[5].ID])
	}
}

func TestDecisionMapClickSelectsContact(t *testing.T) {
	cs, links, visits := smallCentre()
	r := newRig(t, "en")
	r.m.SetData(cs, links, visits, nil)

	test.TapCanvas(r.w.Canvas(), r.centre(cs[2].ID))

	if len(r.selected) != 1 || r.selected[0].ID != cs[2].ID {
		t.Fatalf("selected %v, want Li Na", r.selected)
	}
}

func TestDecisionMapDrawLinkBetweenTwoCards(t *testing.T) {
	cs, links, visits := smallCentre()
	r := newRig(t, "en")
	r.m.SetData(cs, links, visits, nil)
	from, to := cs[7].ID, cs[11].ID // 赵敏 → 黄磊: no link yet

	r.m.StartLink()
	test.TapCanvas(r.w.Canvas(), r.centre(from))
	if len(r.links) != 0 || !hasObject(r.m.byID[from], test.WidgetRenderer(r.m.byID[from]).(*cardRenderer).ring) {
		t.Fatal("the first tap should mark the source card and not yet add a link")
	}
	test.TapCanvas(r.w.Canvas(), r.centre(to))

	if len(r.links) != 1 || r.links[0] != [2]accounts.ID{from, to} {
		t.Fatalf("OnAddLink got %v, want one link 赵敏 → 黄磊", r.links)
	}
	if len(r.selected) != 0 {
		t.Fatal("taps while drawing a link must not open the editor")
	}
	// a further tap is an ordinary click again
	test.TapCanvas(r.w.Canvas(), r.centre(to))
	if len(r.links) != 1 || len(r.selected) != 1 {
		t.Fatalf("after the link, a tap should select: links %d, selected %d", len(r.links), len(r.selected))
	}

	// the screen stores the link and gives the map its data again
	links = append(links, accounts.InfluenceLink{AccountID: cs[0].AccountID, From: from, To: to, Strength: 2})
	r.m.SetData(cs, links, visits, nil)
	var e *edge
	for _, x := range r.m.byID[from].edges {
		if x.influence && x.from.c.ID == from && x.to.c.ID == to {
			e = x
		}
	}
	if e == nil {
		t.Fatal("the new link is not drawn")
	}
	if len(test.WidgetRenderer(e).Objects()) < 3 {
		t.Fatalf("a dashed arrow needs at least a dash and a two-line head, got %d lines", len(e.objs))
	}
	if e.Size().Width <= 0 && e.Size().Height <= 0 {
		t.Fatal("the link has no extent")
	}
}

func TestDecisionMapArrangeGivesNonOverlappingCards(t *testing.T) {
	cs, links, visits := generated(60, 3)
	r := newRig(t, "en")
	heap := accounts.MapLayout{AccountID: cs[0].AccountID, Positions: map[accounts.ID]accounts.Point{}}
	for _, c := range cs {
		heap.Positions[c.ID] = accounts.Point{X: 10, Y: 10} // all on one pile
	}
	r.m.SetData(cs, links, visits, &heap)

	r.m.Arrange()

	if len(r.moved) != 1 {
		t.Fatalf("Arrange should save the layout once, got %d", len(r.moved))
	}
	cards := r.m.cards
	for i := range cards {
		a := cards[i]
		for _, b := range cards[i+1:] {
			pa, pb, s := a.Position(), b.Position(), a.Size()
			if pa.X < pb.X+s.Width && pb.X < pa.X+s.Width && pa.Y < pb.Y+s.Height && pb.Y < pa.Y+s.Height {
				t.Fatalf("%s at %v overlaps %s at %v", a.c.Name, pa, b.c.Name, pb)
			}
		}
	}
	if got := r.moved[0].Positions; len(got) != len(cs) {
		t.Fatalf("saved %d positions, want %d", len(got), len(cs))
	}
}

func TestDecisionMapCardShowsWhatMatters(t *testing.T) {
	cs, links, visits := smallCentre()
	r := newRig(t, "en")
	r.m.SetData(cs, links, visits, nil)

	tests := []struct {
		who  int
		want []string
		not  []string
	}{
		{2, []string{"Li Na", "CTO · R&D", "Technical buyer", "Supporter", r.m.textWith("map.trust", "Trust: {{.Level}}", "Level", "Trusted"), r.m.textWith("map.met_days", "met {{.Days}} d ago", "Days", "12")}, []string{r.m.text("map.left", "Left")}},
		{0, []string{"王建国", "Economic buyer", "Neutral", r.m.textWith("map.met_days", "met {{.Days}} d ago", "Days", "130")}, nil},
		{10, []string{"周杰", r.m.text("map.never_met", "never met")}, nil},
		{1, []string{"CFO — unknown", r.m.text("map.seat", "Seat to fill"), "Economic buyer"}, []string{r.m.text("map.never_met", "never met")}},
		{8, []string{"David Miller", r.m.text("map.left", "Left")}, nil},
	}
	for _, tc := range tests {
		got := strings.Join(cardTexts(r.m.byID[cs[tc.who].ID]), "|")
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("card of %s shows %q, missing %q", cs[tc.who].Name, got, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(got, w) {
				t.Errorf("card of %s shows %q, should not show %q", cs[tc.who].Name, got, w)
			}
		}
	}
}

func TestDecisionMapLeftContactIsStruckAndGreyed(t *testing.T) {
	cs, links, visits := smallCentre()
	r := newRig(t, "en")
	r.m.SetData(cs, links, visits, nil)
	left, active := r.m.byID[cs[8].ID], r.m.byID[cs[4].ID]
	lr := test.WidgetRenderer(left).(*cardRenderer)
	ar := test.WidgetRenderer(active).(*cardRenderer)

	if !hasObject(left, lr.strike) || !hasObject(left, lr.leftTxt) || lr.leftTxt.Text != lang.X("map.left", "Left") {
		t.Fatal("a contact who left needs the struck name and the Left mark")
	}
	if hasObject(active, ar.strike) || hasObject(active, ar.leftTxt) {
		t.Fatal("an active contact must not be marked as left")
	}
	if lr.name.Color == ar.name.Color {
		t.Fatal("the name of a contact who left should be greyed")
	}
	if hasObject(left, lr.pips[0]) {
		t.Fatal("a contact who left no longer shows influence pips")
	}
}

func TestDecisionMapHighlightDimsOthers(t *testing.T) {
	cs, links, visits := smallCentre()
	r := newRig(t, "en")
	r.m.SetData(cs, links, visits, nil)
	dimmed := func() map[string]bool {
		out := map[string]bool{}
		for _, c := range r.m.cards {
			cr := test.WidgetRenderer(c).(*cardRenderer)
			if hasObject(c, cr.dim) {
				out[locale.Name("en", &c.c)] = true
			}
		}
		return out
	}
	if d := dimmed(); len(d) != 0 {
		t.Fatalf("nothing should be dimmed before a highlight, got %v", d)
	}

	r.m.SetHighlight(Highlight{Attitude: accounts.AttitudeChampion})
	d := dimmed()
	for _, c := range cs {
		champ := c.Attitude == accounts.AttitudeChampion
		if d[locale.Name("en", &c)] == champ {
			t.Errorf("%s: dimmed=%v with champions highlighted", locale.Name("en", &c), d[locale.Name("en", &c)])
		}
	}

	// not met in 90 days: 王建国 (130 d), 陈志强 and 赵敏 (200 d), 孙丽 and 周杰 (never)
	r.m.SetHighlight(Highlight{NotMetRecently: true})
	d = dimmed()
	stale := map[string]bool{"王建国": true, "陈志强": true, "赵敏": true, "孙丽": true, "周杰": true}
	for _, c := range cs {
		n := locale.Name("en", &c)
		if d[n] == stale[n] {
			t.Errorf("%s: dimmed=%v with not-met-recently highlighted", n, d[n])
		}
	}

	r.m.SetHighlight(Highlight{})
	if d := dimmed(); len(d) != 0 {
		t.Fatalf("clearing the highlight should undim all, got %v", d)
	}
}

func TestDecisionMapHighlightSelectInToolbar(t *testing.T) {
	cs, links, visits := smallCentre()
	r := newRig(t, "en")
	r.m.SetData(cs, links, visits, nil)
	for i, v := range r.m.hlValues {
		if v.Role == accounts.RoleEconomic {
			r.m.hlSelect.SetSelectedIndex(i)
		}
	}
	if r.m.hl.Role != accounts.RoleEconomic || !r.m.byID[cs[2].ID].dimmed || r.m.byID[cs[0].ID].dimmed {
		t.Fatal("choosing 'Role: Economic buyer' should dim everyone but the economic buyers")
	}
}

func TestDecisionMapZoomScalesAndSimplifiesCards(t *testing.T) {
	cs, links, visits := smallCentre()
	r := newRig(t, "en")
	r.m.SetData(cs, links, visits, nil)
	full := r.m.board.MinSize()
	id := cs[2].ID

	r.m.Zoom(0.5)

	c := r.m.byID[id]
	if got := c.Size(); got != fyne.NewSize(accounts.CardWidth/2, accounts.CardHeight/2) {
		t.Fatalf("card at zoom 0.5 is %v", got)
	}
	if got := r.m.board.MinSize(); got.Width >= full.Width || got.Height >= full.Height {
		t.Fatalf("the map should shrink when zoomed out: %v then %v", full, got)
	}
	cr := test.WidgetRenderer(c).(*cardRenderer)
	texts := strings.Join(cardTexts(c), "|")
	if !strings.Contains(texts, "Li Na") || !strings.Contains(texts, "CTO") || hasObject(c, cr.pips[0]) || hasObject(c, cr.roleBg) {
		t.Fatalf("zoomed out a card keeps name and title in readable text and drops badges and pips, got %q", texts)
	}
	if cr.name.TextSize < 9 {
		t.Fatalf("zoomed-out name drawn at %v pt, too small to read", cr.name.TextSize)
	}
	r.m.Zoom(0.2) // overview: 0.1
	if texts := cardTexts(c); len(texts) != 0 {
		t.Fatalf("in the overview a card is a coloured block, got texts %q", texts)
	}
	r.m.Zoom(5) // back to 0.5
	// positions are kept in map units: zoom does not move anyone on the map
	if r.m.Positions()[id] != accounts.LayoutMap(cs)[id] {
		t.Fatal("zooming changed a saved position")
	}
	if len(r.moved) != 0 {
		t.Fatal("zooming is a view change and must not save the layout")
	}

	r.m.ResetView()
	if c.Size() != fyne.NewSize(accounts.CardWidth, accounts.CardHeight) || r.m.board.MinSize() != full {
		t.Fatal("ResetView should return to 100 %")
	}
	// a drag at zoom 2 moves the card by the drag distance on screen, half in map units
	r.m.Zoom(2)
	before := r.m.Positions()[id]
	test.Drag(r.w.Canvas(), r.centre(id), 40, 20)
	if got := r.m.Positions()[id]; got != (accounts.Point{X: before.X + 20, Y: before.Y + 10}) {
		t.Fatalf("drag at zoom 2 moved to %v from %v", got, before)
	}
}

func TestDecisionMapContextMenuDeleteAsksTheScreen(t *testing.T) {
	cs, links, visits := smallCentre()
	r := newRig(t, "en")
	r.m.SetData(cs, links, visits, nil)
	card := r.m.byID[cs[9].ID]

	test.TapSecondaryAt(card, fyne.NewPos(20, 20))
	top := r.w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("a secondary tap should open the card's menu")
	}
	del, found := findText(top, top.Position(), lang.X("map.menu_delete", "Delete…"))
	if !found {
		t.Fatal("the card menu has no Delete item")
	}
	test.TapCanvas(r.w.Canvas(), del)
	if len(r.deleted) != 1 || r.deleted[0].ID != cs[9].ID {
		t.Fatalf("Delete should pass 孙丽 to the screen to confirm, got %v", r.deleted)
	}
}

func TestDecisionMapEmptyAndRefilled(t *testing.T) {
	r := newRig(t, "en")
	r.m.SetData(nil, nil, nil, nil)
	if got := r.m.board.MinSize(); got != (fyne.Size{}) {
		t.Fatalf("an empty map should take no room, got %v", got)
	}
	r.m.Arrange() // must not fail on nothing
	cs, links, visits := smallCentre()
	r.m.SetData(cs, links, visits, nil)
	if len(r.m.cards) != len(cs) || len(test.WidgetRenderer(r.m.board).Objects()) != len(cs)+len(r.m.edges) {
		t.Fatal("the board should draw every card and line after new data")
	}
}

func TestDecisionMapDragOnEmptySpacePans(t *testing.T) {
	cs, links, visits := generated(80, 5)
	r := newRig(t, "en")
	r.w.Resize(fyne.NewSize(700, 500))
	r.m.SetData(cs, links, visits, nil)
	r.m.scroll.ScrollToOffset(fyne.NewPos(300, 0))
	before := r.m.Positions()
	// the gap left of the top row's card is empty board
	empty := fyne.CurrentApp().Driver().AbsolutePositionForObject(r.m.scroll).Add(fyne.NewPos(5, 5))

	test.Drag(r.w.Canvas(), empty, -120, 0)

	if got := r.m.scroll.Offset.X; got != 420 {
		t.Fatalf("dragging the background 120 to the left should pan to x 420, got %v", got)
	}
	for id, p := range r.m.Positions() {
		if before[id] != p {
			t.Fatal("panning moved a card")
		}
	}
	if len(r.moved) != 0 {
		t.Fatal("panning must not save the layout")
	}
}

func TestDecisionMapLinkModeSaysWhatToDo(t *testing.T) {
	cs, links, visits := smallCentre()
	r := newRig(t, "en")
	r.m.SetData(cs, links, visits, nil)
	if r.m.status.Visible() {
		t.Fatal("no hint before drawing a link")
	}
	test.Tap(r.m.linkBtn)
	if !r.m.status.Visible() || r.m.status.Text != lang.X("map.link_pick_from", "Click the person who has the influence") || r.m.linkBtn.Text != lang.X("map.cancel_link", "Cancel link") {
		t.Fatalf("after Add link the map should say whom to click, got %q / %q", r.m.status.Text, r.m.linkBtn.Text)
	}
	test.TapCanvas(r.w.Canvas(), r.centre(cs[2].ID))
	if !strings.Contains(r.m.status.Text, "Li Na") {
		t.Fatalf("after the first click the hint should name the source, got %q", r.m.status.Text)
	}
	test.Tap(r.m.linkBtn) // cancel
	if r.m.status.Visible() || r.m.linkOn {
		t.Fatal("Cancel link should leave link mode")
	}
	test.TapCanvas(r.w.Canvas(), r.centre(cs[4].ID))
	if len(r.links) != 0 || len(r.selected) != 1 {
		t.Fatal("after cancelling, a click selects instead of linking")
	}
}

func dist(a, b fyne.Position) float32 {
	return max(a.X-b.X, b.X-a.X) + max(a.Y-b.Y, b.Y-a.Y)
}

func TestDecisionMapFitsOnOpenOnlyWhenTooBig(t *testing.T) {
	test.NewTempApp(t)
	open := func(cs []accounts.Contact, links []accounts.InfluenceLink, visits []accounts.Visit, size fyne.Size) *Map {
		m := New(Config{Lang: "en", Today: testToday, FitOnOpen: true})
		w := test.NewWindow(m.View())
		t.Cleanup(w.Close)
		w.Resize(size)
		m.SetData(cs, links, visits, nil)
		return m
	}
	cs, links, visits := smallCentre()
	small := open(cs, links, visits, fyne.NewSize(2400, 1600))
	if small.zoom != 1 {
		t.Fatalf("a small organisation that fits should open at 100 %%, got %v", small.zoom)
	}
	cs, links, visits = generated(80, 5)
	big := open(cs, links, visits, fyne.NewSize(700, 500))
	view, board := big.scroll.Size(), big.board.MinSize()
	if big.zoom >= 1 || board.Width > view.Width || board.Height > view.Height {
		t.Fatalf("80 people in 700x500 should open fitted; zoom %v, board %v, view %v", big.zoom, board, view)
	}
}
