package decisionmap

import (
	"image/color"
	"math"
	"strconv"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/locale"
)

// card is one contact on the decision-maker map.
type card struct {
	widget.BaseWidget
	m      *Map
	c      accounts.Contact
	edges  []*edge // lines touching this card, redrawn when it moves
	dimmed bool
}

var (
	_ fyne.Draggable         = (*card)(nil)
	_ fyne.Tappable          = (*card)(nil)
	_ fyne.SecondaryTappable = (*card)(nil)
	_ desktop.Cursorable     = (*card)(nil)
)

func (c *card) MinSize() fyne.Size { return c.m.cardSize() }

func (c *card) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (c *card) Tapped(*fyne.PointEvent) { c.m.tapped(c) }

func (c *card) TappedSecondary(e *fyne.PointEvent) {
	cv := fyne.CurrentApp().Driver().CanvasForObject(c)
	if cv == nil {
		return
	}
	m := c.m
	edit := fyne.NewMenuItem(lang.X("map.menu_edit", "Edit"), func() {
		if m.cfg.OnSelect != nil {
			m.cfg.OnSelect(c.c)
		}
	})
	edit.Icon = theme.DocumentCreateIcon()
	link := fyne.NewMenuItem(lang.X("map.menu_link", "Start link from here"), func() {
		m.linkOn = true
		m.setLinkSource(c)
	})
	link.Icon = theme.ContentAddIcon()
	del := fyne.NewMenuItem(lang.X("map.menu_delete", "Delete…"), func() {
		if m.cfg.OnDelete != nil {
			m.cfg.OnDelete(c.c)
		}
	})
	del.Icon = theme.DeleteIcon()
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", edit, link, fyne.NewMenuItemSeparator(), del), cv, e.AbsolutePosition)
}

// Dragged moves only this card and its own lines, so a drag step costs the
// same on a 300-person map as on a 3-person one.
func (c *card) Dragged(e *fyne.DragEvent) {
	p := c.Position().Add(e.Dragged)
	p.X, p.Y = max(p.X, margin), max(p.Y, margin)
	c.Move(p)
	c.m.pos[c.c.ID] = c.m.toMap(p)
	for _, ed := range c.edges {
		ed.update()
	}
}

// DragEnd lets the scroll area learn the new extent and saves the layout.
func (c *card) DragEnd() {
	c.m.scroll.Refresh()
	c.m.moved()
}

func (c *card) CreateRenderer() fyne.WidgetRenderer {
	r := &cardRenderer{c: c}
	r.bg = &canvas.Rectangle{}
	r.stripe = &canvas.Rectangle{}
	r.roleBg = &canvas.Rectangle{}
	r.leftBg = &canvas.Rectangle{}
	r.ring = &canvas.Rectangle{FillColor: color.Transparent}
	r.dim = &canvas.Rectangle{}
	r.attDot = &canvas.Circle{}
	r.strike = &canvas.Line{}
	r.name = &canvas.Text{TextStyle: fyne.TextStyle{Bold: true}}
	r.title, r.role, r.att, r.trust, r.met = &canvas.Text{}, &canvas.Text{}, &canvas.Text{}, &canvas.Text{}, &canvas.Text{}
	r.leftTxt = &canvas.Text{TextStyle: fyne.TextStyle{Bold: true}}
	for i := range r.pips {
		r.pips[i] = &canvas.Circle{}
	}
	r.Refresh()
	return r
}

type cardRenderer struct {
	c *card

	bg, stripe, roleBg, leftBg, ring, dim *canvas.Rectangle
	border                                []*canvas.Line // dashed outline of a seat to fill
	attDot                                *canvas.Circle
	pips                                  [5]*canvas.Circle
	strike                                *canvas.Line
	name, title, role, att, trust, met    *canvas.Text
	leftTxt                               *canvas.Text

	// full texts before they are cut to fit the card
	nameS, titleS, roleS, attS, trustS, metS string
	objs                                     []fyne.CanvasObject
}

func (r *cardRenderer) Destroy() {}

func (r *cardRenderer) MinSize() fyne.Size { return r.c.m.cardSize() }

func (r *cardRenderer) Objects() []fyne.CanvasObject { return r.objs }

// Refresh reads the contact and the map's state into the card's texts and
// colours.
func (r *cardRenderer) Refresh() {
	c, m := r.c, r.c.m
	ct := &c.c
	l := m.cfg.Lang
	fg := theme.Color(theme.ColorNameForeground)
	sub := theme.Color(theme.ColorNamePlaceHolder)
	left := !ct.Active()
	seat := ct.Placeholder

	r.nameS = locale.Say(l, ct.Who())
	r.titleS = ct.Title
	if ct.Department != "" {
		if r.titleS != "" {
			r.titleS += " · "
		}
		r.titleS += ct.Department
	}
	if seat {
		r.titleS = m.text("map.seat", "Seat to fill")
	}
	r.roleS = ""
	if ct.Role != "" {
		r.roleS = locale.Say(l, ct.Role.Label())
	}
	r.attS = ""
	if ct.Attitude != "" && !seat {
		r.attS = locale.Say(l, ct.Attitude.Label())
	}
	r.trustS = ""
	if ct.Trust != "" && ct.Trust != accounts.TrustUnknown && !seat {
		r.trustS = m.textWith("map.trust", "Trust: {{.Level}}", "Level", locale.Say(l, ct.Trust.Label()))
	}
	r.metS = ""
	stale := false
	if !seat {
		if d, ok := m.daysSinceMet(ct.ID); !ok {
			r.metS = m.text("map.never_met", "never met")
			stale = !left
		} else if d <= 0 {
			r.metS = m.text("map.met_today", "met today")
		} else {
			r.metS = m.textWith("map.met_days", "met {{.Days}} d ago", "Days", strconv.Itoa(d))
			stale = d > staleDays && !left
		}
	}

	r.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
	r.bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	r.bg.StrokeWidth = 1
	textCol := fg
	if left {
		textCol = theme.Color(theme.ColorNameDisabled)
		r.bg.FillColor = theme.Color(theme.ColorNameDisabledButton)
	}
	if seat {
		// opaque, so that lines passing behind do not cross its words
		r.bg.FillColor = theme.Color(theme.ColorNameBackground)
		r.bg.StrokeWidth = 0
	}
	r.stripe.FillColor = attitudeColor(ct.Attitude)
	if left {
		r.stripe.FillColor = theme.Color(theme.ColorNameDisabled)
	}
	r.name.Color = textCol
	r.name.TextStyle.Italic = seat
	r.title.Color = sub
	r.role.Color = textCol
	if left {
		r.role.Color = sub
	}
	r.roleBg.FillColor = fade(theme.Color(theme.ColorNamePrimary), 0x30)
	r.att.Color = textCol
	r.attDot.FillColor = attitudeColor(ct.Attitude)
	r.trust.Color = sub
	r.met.Color = sub
	if stale {
		r.met.Color = theme.Color(theme.ColorNameWarning)
		r.met.TextStyle.Bold = true
	} else {
		r.met.TextStyle.Bold = false
	}
	r.met.Alignment = fyne.TextAlignTrailing
	for i, p := range r.pips {
		p.StrokeColor = textCol
		p.StrokeWidth = 1
		p.FillColor = color.Transparent
		if i < ct.Influence {
			p.FillColor = textCol
		}
	}
	r.leftTxt.Text = m.text("map.left", "Left")
	r.leftTxt.Color = theme.Color(theme.ColorNameBackground)
	r.leftBg.FillColor = theme.Color(theme.ColorNameForeground)
	r.strike.StrokeColor = textCol
	r.strike.StrokeWidth = 1.5
	r.ring.StrokeColor = theme.Color(theme.ColorNamePrimary)
	r.ring.StrokeWidth = 3
	r.dim.FillColor = fade(theme.Color(theme.ColorNameBackground), 0xc0)

	r.Layout(c.Size())
	for _, o := range r.objs {
		canvas.Refresh(o)
	}
}

// Layout places the parts for the card's size. Every length is a length at
// zoom 1 times the zoom, so the card scales as a whole; below detailZoom
// the small lines would be unreadable and only name and title remain.
func (r *cardRenderer) Layout(size fyne.Size) {
	c, m := r.c, r.c.m
	ct := &c.c
	z := m.zoom
	w, h := size.Width, size.Height
	if w <= 0 || h <= 0 {
		w, h = m.cardSize().Width, m.cardSize().Height
	}
	detail := z >= detailZoom
	left := !ct.Active()
	seat := ct.Placeholder

	r.objs = r.objs[:0]
	rad := 6 * z
	r.bg.CornerRadius = rad
	r.bg.Move(fyne.Position{})
	r.bg.Resize(fyne.NewSize(w, h))
	r.objs = append(r.objs, r.bg)
	if seat {
		r.dashBorder(w, h, z)
	} else {
		r.stripe.TopLeftCornerRadius, r.stripe.BottomLeftCornerRadius = rad, rad
		r.stripe.Move(fyne.Position{})
		r.stripe.Resize(fyne.NewSize(max(3, 6*z), h))
		r.objs = append(r.objs, r.stripe)
	}
	x0 := max(6, 12*z)

	if !detail {
		r.compact(w, h, x0, z, left)
		r.overlays(w, h, rad)
		return
	}

	// top right: influence pips, or the "Left" mark when the person has gone
	right := w - 8*z
	if left {
		r.leftTxt.TextSize = 10 * z
		ls := r.leftTxt.MinSize()
		pad := 4 * z
		r.leftBg.CornerRadius = 3 * z
		r.leftBg.Move(fyne.NewPos(right-ls.Width-2*pad, 6*z))
		r.leftBg.Resize(fyne.NewSize(ls.Width+2*pad, ls.Height))
		r.leftTxt.Move(fyne.NewPos(right-ls.Width-pad, 6*z))
		r.leftTxt.Resize(ls)
		right = right - ls.Width - 2*pad
		r.objs = append(r.objs, r.leftBg, r.leftTxt)
	} else if !seat && ct.Influence > 0 {
		d, gap := 7*z, 2.5*z
		x := right - 5*d - 4*gap
		for i, p := range r.pips {
			p.Move(fyne.NewPos(x+float32(i)*(d+gap), 9*z))
			p.Resize(fyne.NewSize(d, d))
			r.objs = append(r.objs, p)
		}
		right = x
	}

	r.name.TextSize = 13 * z
	avail := right - x0 - 4*z
	fitText(r.name, r.nameS, avail)
	nh := r.name.MinSize().Height
	r.name.Move(fyne.NewPos(x0, 4*z))
	r.name.Resize(fyne.NewSize(avail, nh))
	r.objs = append(r.objs, r.name)
	if left {
		r.placeStrike(x0, 4*z, nh)
	}

	full := w - x0 - 8*z
	if r.titleS != "" {
		r.title.TextSize = 11 * z
		fitText(r.title, r.titleS, full)
		r.title.Move(fyne.NewPos(x0, 23*z))
		r.title.Resize(fyne.NewSize(full, r.title.MinSize().Height))
		r.objs = append(r.objs, r.title)
	}

	// third row: buying-role badge, then the attitude in words
	x := x0
	if r.roleS != "" {
		r.role.TextSize = 10 * z
		fitText(r.role, r.roleS, full*0.6)
		rs := r.role.MinSize()
		pad := 5 * z
		r.roleBg.CornerRadius = rs.Height / 2
		r.roleBg.Move(fyne.NewPos(x, 42*z))
		r.roleBg.Resize(fyne.NewSize(rs.Width+2*pad, rs.Height))
		r.role.Move(fyne.NewPos(x+pad, 42*z))
		r.role.Resize(rs)
		r.objs = append(r.objs, r.roleBg, r.role)
		x += rs.Width + 2*pad + 6*z
	}
	if r.attS != "" {
		d := 8 * z
		r.att.TextSize = 10.5 * z
		fitText(r.att, r.attS, w-8*z-(x+d+3*z))
		as := r.att.MinSize()
		r.attDot.Move(fyne.NewPos(x, 42*z+(as.Height-d)/2))
		r.attDot.Resize(fyne.NewSize(d, d))
		r.att.Move(fyne.NewPos(x+d+3*z, 42*z))
		r.att.Resize(as)
		r.objs = append(r.objs, r.attDot, r.att)
	}

	// bottom row: trust on the left, last met on the right
	y := 62 * z
	if r.metS != "" {
		r.met.TextSize = 10 * z
		fitText(r.met, r.metS, full*0.6)
		ms := r.met.MinSize()
		r.met.Move(fyne.NewPos(w-8*z-ms.Width, y))
		r.met.Resize(ms)
		r.objs = append(r.objs, r.met)
		if r.trustS != "" {
			r.trust.TextSize = 10 * z
			fitText(r.trust, r.trustS, full-ms.Width-6*z)
			r.trust.Move(fyne.NewPos(x0, y))
			r.trust.Resize(r.trust.MinSize())
			r.objs = append(r.objs, r.trust)
		}
	}
	r.overlays(w, h, rad)
}

// compact fills a card too small for the full layout with as many lines as
// fit, most telling first: name, title, attitude and role, last met. Below
// that the card is a block in its attitude's colour, for the overview of a
// large organisation.
func (r *cardRenderer) compact(w, h, x0, z float32, left bool) {
	if h < 20 {
		if !r.c.c.Placeholder && !left {
			r.bg.FillColor = attitudeColor(r.c.c.Attitude)
		}
		return
	}
	avail := w - x0 - 4
	y := max(1, 4*z)
	row := func(t *canvas.Text, s string, size float32) bool {
		if s == "" {
			return true
		}
		t.TextSize = size
		fitText(t, s, avail)
		th := t.MinSize().Height
		if y+th > h-1 {
			return false
		}
		t.Move(fyne.NewPos(x0, y))
		t.Resize(fyne.NewSize(avail, th))
		r.objs = append(r.objs, t)
		if t == r.name && left {
			r.placeStrike(x0, y, th)
		}
		y += th
		return true
	}
	small := max(8.5, min(11, 12*z))
	attRole := r.attS
	if r.roleS != "" {
		if attRole != "" {
			attRole += " · "
		}
		attRole += r.roleS
	}
	_ = row(r.name, r.nameS, max(9, min(13, 16*z))) &&
		row(r.title, r.titleS, small) &&
		row(r.att, attRole, small) &&
		row(r.met, r.metS, small)
}

// overlays adds the link-source ring and the highlight's dimming veil.
func (r *cardRenderer) overlays(w, h, rad float32) {
	m := r.c.m
	if m.linkOn && m.linkA == r.c {
		r.ring.CornerRadius = rad
		r.ring.Move(fyne.NewPos(-2, -2))
		r.ring.Resize(fyne.NewSize(w+4, h+4))
		r.objs = append(r.objs, r.ring)
	}
	if r.c.dimmed {
		r.dim.CornerRadius = rad
		r.dim.Move(fyne.Position{})
		r.dim.Resize(fyne.NewSize(w, h))
		r.objs = append(r.objs, r.dim)
	}
}

// placeStrike draws the line through the name of someone who left.
func (r *cardRenderer) placeStrike(x, y, hgt float32) {
	tw := fyne.MeasureText(r.name.Text, r.name.TextSize, r.name.TextStyle).Width
	r.strike.Position1 = fyne.NewPos(x-1, y+hgt*0.55)
	r.strike.Position2 = fyne.NewPos(x+tw+1, y+hgt*0.55)
	r.objs = append(r.objs, r.strike)
}

// dashBorder outlines a seat to fill with dashes, so an empty seat reads as
// "someone belongs here" rather than as a card.
func (r *cardRenderer) dashBorder(w, h, z float32) {
	col := theme.Color(theme.ColorNamePlaceHolder)
	dash, gap := max(4, 7*z), max(3, 4*z)
	n := 0
	seg := func(x1, y1, x2, y2 float32) {
		if n == len(r.border) {
			r.border = append(r.border, &canvas.Line{})
		}
		l := r.border[n]
		n++
		l.StrokeColor, l.StrokeWidth = col, 1.5
		l.Position1, l.Position2 = fyne.NewPos(x1, y1), fyne.NewPos(x2, y2)
		r.objs = append(r.objs, l)
	}
	for x := float32(0); x < w; x += dash + gap {
		seg(x, 0, min(x+dash, w), 0)
		seg(x, h, min(x+dash, w), h)
	}
	for y := float32(0); y < h; y += dash + gap {
		seg(0, y, 0, min(y+dash, h))
		seg(w, y, w, min(y+dash, h))
	}
}

// fitText sets t's text to s, cut with an ellipsis where it would be wider
// than width.
func fitText(t *canvas.Text, s string, width float32) {
	t.Text = s
	// no glyph of the font is wider than its size, so a short text surely
	// fits without measuring (measuring is most of a card's cost)
	if s == "" || float32(utf8.RuneCountInString(s))*t.TextSize <= width ||
		fyne.MeasureText(s, t.TextSize, t.TextStyle).Width <= width {
		return
	}
	rs := []rune(s)
	lo, hi := 0, len(rs)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fyne.MeasureText(string(rs[:mid])+"…", t.TextSize, t.TextStyle).Width <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	t.Text = string(rs[:lo]) + "…"
}

func fade(c color.Color, alpha uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), alpha}
}

// edge is a line between two cards: a solid polyline for a reporting line
// (accounts.ReportingLine's route), a dashed arrow for informal influence.
type edge struct {
	widget.BaseWidget
	m         *Map
	from, to  *card
	influence bool
	strength  int

	lines []*canvas.Line
	objs  []fyne.CanvasObject
	segs  [][2]fyne.Position // reused between updates
	key   edgeKey            // what the lines were last drawn for
}

// edgeKey is everything a line's drawing depends on besides the theme.
type edgeKey struct {
	a, b       fyne.Position
	size       fyne.Size
	dimA, dimB bool
	drawn      bool
}

func (e *edge) CreateRenderer() fyne.WidgetRenderer { return &edgeRenderer{e: e} }

// update recomputes the line from where its two cards are now.
func (e *edge) update() {
	pa, pb := e.from.Position(), e.to.Position()
	s := e.m.cardSize()
	key := edgeKey{pa, pb, s, e.from.dimmed, e.to.dimmed, true}
	if key == e.key {
		return // a layout pass that moved neither end
	}
	e.key = key
	col := lineColor(e.influence)
	if e.from.dimmed || e.to.dimmed {
		col = fade(col, 0x30)
	}
	width := float32(1.5)
	pts := e.segs[:0]
	if !e.influence {
		// the route the printed plan draws too, scaled to the zoom: an
		// elbow to the row below, a lane down the side of a stacked team
		route := accounts.ReportingLine(e.m.toMap(pa), e.m.toMap(pb))
		for i := 1; i < len(route); i++ {
			pts = append(pts, [2]fyne.Position{e.m.toScreen(route[i-1]), e.m.toScreen(route[i])})
		}
	} else {
		width = 1 + 0.6*float32(max(1, min(3, e.strength))-1)
		pts = e.arrow(pts, pa, pb, s)
		// a link across half the organisation recedes, so that it does not
		// drown the nearby ones it passes
		if d := float32(math.Hypot(float64(pb.X-pa.X), float64(pb.Y-pa.Y))) / s.Width; d > 4 && !(e.from.dimmed || e.to.dimmed) {
			col = fade(col, uint8(max(0x60, 0xff-int(d-4)*0x18)))
		}
	}
	// the widget spans the lines' bounding box; lines are relative to it
	lo := fyne.NewPos(float32(math.Inf(1)), float32(math.Inf(1)))
	hi := fyne.NewPos(float32(math.Inf(-1)), float32(math.Inf(-1)))
	for _, p := range pts {
		for _, q := range p {
			lo.X, lo.Y = min(lo.X, q.X), min(lo.Y, q.Y)
			hi.X, hi.Y = max(hi.X, q.X), max(hi.Y, q.Y)
		}
	}
	if len(pts) == 0 {
		lo, hi = fyne.Position{}, fyne.Position{}
	}
	e.segs = pts
	lo = lo.Subtract(fyne.NewPos(2, 2))
	e.Move(lo)
	e.Resize(fyne.NewSize(hi.X-lo.X+2, hi.Y-lo.Y+2))
	for len(e.lines) < len(pts) {
		e.lines = append(e.lines, &canvas.Line{})
	}
	e.objs = e.objs[:0]
	for i, p := range pts {
		l := e.lines[i]
		l.Position1, l.Position2 = p[0].Subtract(lo), p[1].Subtract(lo)
		l.StrokeColor, l.StrokeWidth = col, width
		e.objs = append(e.objs, l)
	}
	canvas.Refresh(e)
}

// arrow gives the dashes and head of an influence arrow from card a to card
// b. It bows to its right as a gentle curve, so that a link between two
// people in the same row does not run straight through the cards between
// them and reads as a link rather than part of a reporting line, and so that
// the arrow back (b to a) takes the other side.
func (e *edge) arrow(out [][2]fyne.Position, pa, pb fyne.Position, s fyne.Size) [][2]fyne.Position {
	ax, ay := pa.X+s.Width/2, pa.Y+s.Height/2
	bx, by := pb.X+s.Width/2, pb.Y+s.Height/2
	dx, dy := bx-ax, by-ay
	dist := float32(math.Hypot(float64(dx), float64(dy)))
	if dist < 1 {
		return out
	}
	ux, uy := dx/dist, dy/dist
	bow := min(0.18*dist, 90*e.m.zoom) + 6*e.m.zoom
	cx, cy := (ax+bx)/2-uy*bow, (ay+by)/2+ux*bow // control point, right of a→b

	// sample the quadratic curve, keeping the part outside both cards
	n := int(min(200, max(12, dist/8)))
	inside := func(x, y float32, p fyne.Position) bool {
		return x > p.X-3 && x < p.X+s.Width+3 && y > p.Y-3 && y < p.Y+s.Height+3
	}
	pts := e.m.scratch[:0]
	for i := 0; i <= n; i++ {
		t := float32(i) / float32(n)
		u := 1 - t
		x := u*u*ax + 2*u*t*cx + t*t*bx
		y := u*u*ay + 2*u*t*cy + t*t*by
		if inside(x, y, pa) || inside(x, y, pb) {
			continue
		}
		pts = append(pts, fyne.NewPos(x, y))
	}
	e.m.scratch = pts
	if len(pts) < 2 {
		return out
	}

	// dashes by length along the curve; a link across a whole large map gets
	// longer dashes rather than thousands of them
	period := max(12, dist/150)
	dash, gap := period*7/12, period*5/12
	on, left := true, dash
	start := pts[0]
	for i := 1; i < len(pts); i++ {
		p, q := pts[i-1], pts[i]
		seg := float32(math.Hypot(float64(q.X-p.X), float64(q.Y-p.Y)))
		for seg > 0 {
			step := min(seg, left)
			f := step / seg
			mid := fyne.NewPos(p.X+(q.X-p.X)*f, p.Y+(q.Y-p.Y)*f)
			seg -= step
			left -= step
			p = mid
			if left <= 0 {
				if on {
					out = append(out, [2]fyne.Position{start, mid})
				}
				on = !on
				left = gap
				if on {
					left = dash
				}
				start = mid
			}
		}
	}
	tip := pts[len(pts)-1]
	if on {
		out = append(out, [2]fyne.Position{start, tip})
	}
	// head along the curve's last stretch
	back := pts[max(0, len(pts)-3)]
	hx, hy := back.X-tip.X, back.Y-tip.Y
	const spread = 0.45
	head := float32(10)
	base := math.Atan2(float64(hy), float64(hx))
	for _, sgn := range []float64{-1, 1} {
		ang := base + sgn*spread
		out = append(out, [2]fyne.Position{tip, fyne.NewPos(tip.X+head*float32(math.Cos(ang)), tip.Y+head*float32(math.Sin(ang)))})
	}
	return out
}

type edgeRenderer struct{ e *edge }

func (r *edgeRenderer) Layout(fyne.Size)             {}
func (r *edgeRenderer) MinSize() fyne.Size           { return fyne.Size{} }
func (r *edgeRenderer) Objects() []fyne.CanvasObject { return r.e.objs }
func (r *edgeRenderer) Refresh() { // the theme may have changed: draw again
	r.e.key = edgeKey{}
	r.e.update()
}
func (r *edgeRenderer) Destroy() {}
