package documents

import (
	"math"
	"sort"
	"strconv"

	"github.com/jung-kurt/gofpdf"

	"keycard/accounts"
	"keycard/collation"
)

// orderContacts returns the contacts in the order the documents list them
// (active first, then by influence and name) and each one's number, which
// ties a card on the map to its row in the contacts table.
func orderContacts(cs []accounts.Contact) ([]*accounts.Contact, map[accounts.ID]int) {
	out := make([]*accounts.Contact, len(cs))
	for i := range cs {
		out[i] = &cs[i]
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Active() != b.Active() {
			return a.Active()
		}
		if a.Influence != b.Influence {
			return a.Influence > b.Influence
		}
		return collation.Compare(a.Name, b.Name) < 0 // pinyin for Chinese names
	})
	num := make(map[accounts.ID]int, len(out))
	for i, c := range out {
		num[c.ID] = i + 1
	}
	return out, num
}

type mmRect struct{ x, y, w, h float64 }

func (r mmRect) cx() float64 { return r.x + r.w/2 }
func (r mmRect) cy() float64 { return r.y + r.h/2 }

// edgeToward returns where the line from r's centre toward (tx, ty) leaves r.
func (r mmRect) edgeToward(tx, ty float64) (float64, float64) {
	dx, dy := tx-r.cx(), ty-r.cy()
	if dx == 0 && dy == 0 {
		return r.cx(), r.cy()
	}
	s := math.Inf(1)
	if dx != 0 {
		s = math.Min(s, (r.w/2)/math.Abs(dx))
	}
	if dy != 0 {
		s = math.Min(s, (r.h/2)/math.Abs(dy))
	}
	return r.cx() + dx*s, r.cy() + dy*s
}

// mapPositions returns the cards' positions: the user's own arrangement
// where there is one, the automatic layout for the rest.
func mapPositions(f *accounts.AccountData) map[accounts.ID]accounts.Point {
	pos := accounts.LayoutMap(f.Contacts)
	if f.Layout != nil {
		for id, p := range f.Layout.Positions {
			if _, ok := pos[id]; ok {
				pos[id] = p
			}
		}
	}
	return pos
}

// readableScale is the least scale, in millimetres per map unit, at which
// a card still shows its name and attitude in type of 6 pt or more.
const readableScale = 16.0 / accounts.CardWidth

// fullCardScale is the least scale at which a card is printed whole (title,
// role badge, influence): 19 mm high and 34 mm wide, as mapCard draws it.
const fullCardScale = max(19.0/accounts.CardHeight, 34.0/accounts.CardWidth)

// decisionMap draws the map as the app shows it: the same positions (the
// user's own layout where there is one), cards coloured by attitude with the
// attitude also written out, solid reporting lines and dashed influence
// arrows, scaled to the text width. The detail on a card shrinks with its
// printed size; the number on each card leads to the contacts table.
//
// A map too wide to print at a readable size is not shrunk into a sliver:
// it is cut into horizontal strips, each the text width, printed one below
// the other like the lines of a paragraph, so every card keeps its name.
// Cuts fall in the gaps between cards where there is one; a reporting line
// that crosses a cut continues in the next strip.
func (d *doc) decisionMap(f *accounts.AccountData, num map[accounts.ID]int) {
	if len(f.Contacts) == 0 {
		return
	}
	pos := mapPositions(f)
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range pos {
		minX, minY = math.Min(minX, float64(p.X)), math.Min(minY, float64(p.Y))
		maxX, maxY = math.Max(maxX, float64(p.X)+accounts.CardWidth), math.Max(maxY, float64(p.Y)+accounts.CardHeight)
	}
	bw, bh := maxX-minX, maxY-minY
	availH := func() float64 { return d.bottom - d.y - 10 }
	scale := math.Min(d.width()/bw, 46.0/accounts.CardWidth) // at most 46 mm a card (46.0: an integer 46/180 is 0)
	strips := [][2]float64{{minX, maxX}}
	if scale < readableScale && bh*readableScale <= d.bottom-d.top-12 {
		scale = readableScale
		strips = mapStrips(pos, minX, maxX, d.width()/scale)
	}
	for i, st := range strips {
		// A single map shrinks to the room left under its heading as long as
		// its cards stay full cards; only a map that would lose detail (or a
		// strip, which keeps its scale) starts a new page.
		need := scale
		if len(strips) == 1 {
			need = math.Min(scale, fullCardScale)
		}
		if bh*need > availH() && d.y > d.top+20 {
			d.newPage()
		}
		sc := math.Min(scale, availH()/bh)
		if len(strips) > 1 {
			d.font(sizeSmall, muted)
			d.text(d.left, d.y, d.width(), d.tf("mapPart", i+1, len(strips)), "L")
			d.y += d.lineH(sizeSmall) + 0.5
			sc = scale
		}
		ox := d.left + (d.width()-(st[1]-st[0])*sc)/2 - st[0]*sc
		if len(strips) > 1 {
			ox = d.left - st[0]*sc
			d.pdf.ClipRect(d.left-0.5, d.y-0.5, d.width()+1, bh*sc+1, false)
		}
		oy := d.y - minY*sc
		d.mapPiece(f, pos, num, ox, oy, sc, st)
		if len(strips) > 1 {
			d.pdf.ClipEnd()
			d.restoreState()
		}
		d.y = oy + maxY*sc + 2.5
	}
	d.font(sizeSmall, muted)
	for _, l := range d.wrap(d.t("mapLegend"), d.width()) {
		d.text(d.left, d.y, d.width(), l, "L")
		d.y += d.lineH(sizeSmall)
	}
	d.gap(2)
}

// restoreState selects again the colours, line width and font that the
// PDF library believes are current: ending a clip restores the page's
// graphics state from before the clip, which the library does not track.
func (d *doc) restoreState() {
	d.pdf.SetFillColor(d.pdf.GetFillColor())
	d.pdf.SetDrawColor(d.pdf.GetDrawColor())
	d.pdf.SetTextColor(d.pdf.GetTextColor())
	d.pdf.SetLineWidth(d.pdf.GetLineWidth())
	size := d.fontSizePt
	d.pdf.SetFontSize(size + 1)
	d.pdf.SetFontSize(size)
}

// mapStrips cuts the map's width [minX, maxX] into pieces no wider than w
// map units, each cut in a gap between cards where one exists.
func mapStrips(pos map[accounts.ID]accounts.Point, minX, maxX, w float64) [][2]float64 {
	// A cut may fall just left of any card that no other card overlaps.
	var cuts []float64
	for _, p := range pos {
		x := float64(p.X) - cutOffset
		free := true
		for _, q := range pos {
			if float64(q.X) < x && x < float64(q.X)+accounts.CardWidth {
				free = false
				break
			}
		}
		if free {
			cuts = append(cuts, x)
		}
	}
	sort.Float64s(cuts)
	var out [][2]float64
	for x0 := minX; x0 < maxX-0.5; {
		x1 := math.Min(maxX, x0+w)
		if x1 < maxX {
			i := sort.SearchFloat64s(cuts, x1+0.001) - 1
			if i >= 0 && cuts[i] > x0+w/3 {
				x1 = cuts[i]
			}
		}
		out = append(out, [2]float64{x0, x1})
		x0 = x1
	}
	return out
}

// cutOffset is how far left of a card a strip is cut: mid-gap.
const cutOffset = accounts.CardGap / 2

// mapPiece draws the lines and cards of the map at the given origin and
// scale; with a strip, only the cards that reach into it.
func (d *doc) mapPiece(f *accounts.AccountData, pos map[accounts.ID]accounts.Point, num map[accounts.ID]int, ox, oy, scale float64, strip [2]float64) {
	rects := make(map[accounts.ID]mmRect, len(pos))
	for id, p := range pos {
		rects[id] = mmRect{ox + float64(p.X)*scale, oy + float64(p.Y)*scale, accounts.CardWidth * scale, accounts.CardHeight * scale}
	}
	lw := math.Max(0.15, math.Min(0.35, scale*1.2))

	// Reporting lines follow the route the app draws, so that a line never
	// runs behind a card of a stacked team.
	d.draw(faint)
	d.pdf.SetLineWidth(lw)
	for _, c := range f.Contacts {
		r, ok1 := pos[c.ID]
		p, ok2 := pos[c.ReportsTo]
		if c.ReportsTo == "" || c.ReportsTo == c.ID || !ok1 || !ok2 {
			continue
		}
		line := accounts.ReportingLine(p, r)
		for i := 1; i < len(line); i++ {
			a, b := line[i-1], line[i]
			d.pdf.Line(ox+float64(a.X)*scale, oy+float64(a.Y)*scale, ox+float64(b.X)*scale, oy+float64(b.Y)*scale)
		}
	}
	// Influence links: dashed arrows, thicker when stronger.
	link := rgb{88, 110, 160}
	for _, l := range f.Links {
		a, ok1 := rects[l.From]
		b, ok2 := rects[l.To]
		if !ok1 || !ok2 || l.From == l.To {
			continue
		}
		x1, y1 := a.edgeToward(b.cx(), b.cy())
		x2, y2 := b.edgeToward(a.cx(), a.cy())
		d.draw(link)
		d.fill(link)
		d.pdf.SetLineWidth(lw * (0.7 + 0.3*float64(max(1, min(3, l.Strength)))))
		d.pdf.SetDashPattern([]float64{1.2, 0.9}, 0)
		ang := math.Atan2(y2-y1, x2-x1)
		ah := math.Max(1.2, math.Min(2.4, scale*8))
		d.pdf.Line(x1, y1, x2-math.Cos(ang)*ah*0.8, y2-math.Sin(ang)*ah*0.8)
		d.pdf.SetDashPattern(nil, 0)
		d.pdf.Polygon([]gofpdf.PointType{
			{X: x2, Y: y2},
			{X: x2 - ah*math.Cos(ang-0.4), Y: y2 - ah*math.Sin(ang-0.4)},
			{X: x2 - ah*math.Cos(ang+0.4), Y: y2 - ah*math.Sin(ang+0.4)},
		}, "F")
	}
	d.pdf.SetLineWidth(0.2)

	ordered, _ := orderContacts(f.Contacts)
	for _, c := range ordered {
		p, ok := pos[c.ID]
		if !ok || float64(p.X)+accounts.CardWidth < strip[0] || float64(p.X) > strip[1] {
			continue
		}
		d.card(c, rects[c.ID], num[c.ID])
	}
}

// card draws one contact card in r.
func (d *doc) card(c *accounts.Contact, r mmRect, n int) {
	left := !c.Active()
	att := attitudeColour(c.Attitude)
	textCol, sub := ink, muted
	bg := white
	if left {
		att, textCol, sub, bg = faint, faint, faint, rgb{242, 244, 246}
	}
	d.fill(bg)
	d.draw(ruleCol)
	d.pdf.SetLineWidth(0.25)
	if c.Placeholder {
		d.pdf.SetDashPattern([]float64{0.8, 0.6}, 0)
	}
	rad := math.Min(1.2, r.h/8)
	d.roundedRect(r.x, r.y, r.w, r.h, rad, "1234", "FD")
	d.pdf.SetDashPattern(nil, 0)
	// Attitude stripe on the left edge.
	stripe := math.Max(0.8, r.w*0.045)
	d.fill(att)
	d.roundedRect(r.x, r.y, stripe, r.h, rad, "14", "F")
	d.pdf.SetLineWidth(0.2)

	pad := math.Max(0.6, r.w*0.04)
	x := r.x + stripe + pad
	iw := r.w - stripe - 2*pad
	name := d.name(c)
	numS := "#" + strconv.Itoa(n)
	strike := func(y, size float64, s string) {
		if !left {
			return
		}
		d.draw(faint)
		d.pdf.SetLineWidth(0.2)
		d.pdf.Line(x, y+d.lineH(size)/2, x+math.Min(d.measure(s), iw), y+d.lineH(size)/2)
	}

	switch {
	case r.h >= 19 && r.w >= 34: // full card
		y := r.y + pad*0.8
		d.font(5.5, sub)
		nw := d.measure(numS) + 0.5
		d.text(r.x+r.w-pad-nw, y+0.3, nw, numS, "R")
		d.font(8, textCol)
		s := d.fit(name, iw-nw-1)
		d.text(x, y, iw-nw-1, s, "L")
		strike(y, 8, s)
		y += d.lineH(8)
		d.font(6, sub)
		title := c.Title
		if left {
			title = d.t("left") + " " + d.date(c.LeftOn)
			if c.LeftTo != "" {
				title += " → " + c.LeftTo
			}
		}
		d.text(x, y, iw, d.fit(title, iw), "L")
		y += d.lineH(6) + 0.6
		if c.Role != "" {
			badge := d.fit(d.in(c.Role.Label()), iw-4)
			roleCol := accent
			if left {
				roleCol = faint
			}
			d.pill(x, y, badge, roleCol, 5.5)
		}
		y += d.lineH(5.5) + 1.4
		// Influence bar: five segments.
		seg := math.Min(3.2, (iw*0.45)/5)
		for i := 0; i < 5; i++ {
			if i < c.Influence {
				d.fill(accent)
				if left {
					d.fill(faint)
				}
			} else {
				d.fill(rgb{225, 230, 236})
			}
			d.pdf.Rect(x+float64(i)*(seg+0.4), y+0.6, seg, 1.4, "F")
		}
		d.font(5.5, sub)
		lx := x + 5*(seg+0.4) + 1
		d.text(lx, y-0.3, iw-(lx-x), d.fit(d.t("influence")+" "+strconv.Itoa(c.Influence)+"/5", iw-(lx-x)), "L")
		y += d.lineH(5.5) + 0.3
		d.font(6, att)
		attS := d.in(c.Attitude.Label())
		d.text(x, y, iw, d.fit(attS+" · "+d.t("trust")+": "+d.in(c.Trust.Label()), iw), "L")
	case r.h >= 7 && r.w >= 16: // name, attitude
		size := math.Max(4.2, math.Min(7.5, (r.h-2*pad*0.5)/2/0.3528/1.45))
		y := r.y + (r.h-2*d.lineH(size))/2
		d.font(size, textCol)
		s := d.fit(numS+" "+name, iw)
		d.text(x, y, iw, s, "L")
		strike(y, size, s)
		y += d.lineH(size)
		d.font(size*0.85, att)
		label := d.in(c.Attitude.Label())
		if left {
			label = d.t("left")
		}
		d.text(x, y, iw, d.fit(label, iw), "L")
	default: // number only; the table says the rest
		size := math.Max(3.5, math.Min(6, r.h/0.3528/1.6))
		d.font(size, textCol)
		d.text(x, r.y+(r.h-d.lineH(size))/2, iw, d.fit(numS, iw), "C")
	}
}
