package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
)

// levelColor is the colour of a risk level, the same wherever a level shows:
// green, amber, red, dark red.
func levelColor(l accounts.RiskLevel) color.Color {
	switch l {
	case accounts.RiskElevated:
		return color.NRGBA{R: 0xe0, G: 0x8a, B: 0x00, A: 0xff}
	case accounts.RiskHigh:
		return color.NRGBA{R: 0xd3, G: 0x2f, B: 0x2f, A: 0xff}
	case accounts.RiskCritical:
		return color.NRGBA{R: 0x8e, G: 0x10, B: 0x10, A: 0xff}
	}
	return color.NRGBA{R: 0x2e, G: 0x8b, B: 0x3e, A: 0xff}
}

// levelImportance is the label importance closest to levelColor.
func levelImportance(l accounts.RiskLevel) widget.Importance {
	switch l {
	case accounts.RiskElevated:
		return widget.WarningImportance
	case accounts.RiskHigh, accounts.RiskCritical:
		return widget.DangerImportance
	}
	return widget.SuccessImportance
}

// sparkline draws an account's score history as a small line: enough to see
// whether the risk is rising, not a chart to read numbers from (the numbers
// are in the label beside it).
type sparkline struct {
	widget.BaseWidget
	points []book.RiskPoint
}

func newSparkline() *sparkline {
	s := &sparkline{}
	s.ExtendBaseWidget(s)
	return s
}

func (s *sparkline) set(points []book.RiskPoint) {
	s.points = points
	s.Refresh()
}

func (s *sparkline) CreateRenderer() fyne.WidgetRenderer {
	r := &sparkRenderer{s: s, frame: canvas.NewRectangle(color.Transparent)}
	r.frame.StrokeWidth = 1
	r.rebuild()
	return r
}

type sparkRenderer struct {
	s     *sparkline
	frame *canvas.Rectangle
	lines []*canvas.Line
	dot   *canvas.Circle
	objs  []fyne.CanvasObject
}

func (r *sparkRenderer) rebuild() {
	r.frame.StrokeColor = theme.Color(theme.ColorNameSeparator)
	r.lines = r.lines[:0]
	r.objs = []fyne.CanvasObject{r.frame}
	n := len(r.s.points)
	for i := 1; i < n; i++ {
		l := canvas.NewLine(theme.Color(theme.ColorNamePrimary))
		l.StrokeWidth = 2
		r.lines = append(r.lines, l)
		r.objs = append(r.objs, l)
	}
	r.dot = nil
	if n > 0 {
		r.dot = canvas.NewCircle(levelColor(r.s.points[n-1].Level))
		r.objs = append(r.objs, r.dot)
	}
}

// pos places point i: days across, score 0–100 up.
func (r *sparkRenderer) pos(i int, size fyne.Size) fyne.Position {
	pts := r.s.points
	const pad = 4
	w, h := size.Width-2*pad, size.Height-2*pad
	x := float32(0.5)
	if first, last := dayNumber(pts[0].Date), dayNumber(pts[len(pts)-1].Date); last > first {
		x = float32(dayNumber(pts[i].Date)-first) / float32(last-first)
	}
	return fyne.NewPos(pad+x*w, pad+(1-float32(pts[i].Score)/100)*h)
}

func (r *sparkRenderer) Layout(size fyne.Size) {
	r.frame.Resize(size)
	for i, l := range r.lines {
		l.Position1, l.Position2 = r.pos(i, size), r.pos(i+1, size)
	}
	if r.dot != nil {
		p := r.pos(len(r.s.points)-1, size)
		r.dot.Position1 = p.SubtractXY(3, 3)
		r.dot.Position2 = p.AddXY(3, 3)
	}
}

func (r *sparkRenderer) MinSize() fyne.Size           { return fyne.NewSize(160, 40) }
func (r *sparkRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *sparkRenderer) Destroy()                     {}
func (r *sparkRenderer) Refresh() {
	r.rebuild()
	r.Layout(r.s.Size())
	canvas.Refresh(r.s)
}

// dayNumber counts days, for spacing the trend by time rather than by point.
func dayNumber(d accounts.Date) int64 { return d.Time().Unix() / 86400 }

// chartDot is one account on the value/risk chart.
type chartDot struct {
	ID    accounts.ID
	Name  string
	Rank  float64 // value percentile, 0 lowest … 1 highest
	Score int
	Level accounts.RiskLevel
}

// riskChart plots value against risk in the four quadrants of the value
// rules (protect, maintain, grow, review). Each dot is an account: hovering
// names it, tapping opens it.
type riskChart struct {
	widget.BaseWidget
	dots  []chartDot
	onTap func(accounts.ID)
	hover int // index of the dot under the pointer, -1 for none
	gen   int // bumps when the dots change, so the renderer rebuilds them
}

func newRiskChart(onTap func(accounts.ID)) *riskChart {
	c := &riskChart{onTap: onTap, hover: -1}
	c.ExtendBaseWidget(c)
	return c
}

func (c *riskChart) setDots(d []chartDot) {
	c.dots, c.hover = d, -1
	c.gen++
	c.Refresh()
}

// Margins of the plot inside the widget: room for the axis titles.
const (
	chartLeft   = 34
	chartRight  = 8
	chartTop    = 22
	chartBottom = 26
	dotRadius   = 5
)

// dotPos is where dot i is drawn in a chart of the given size.
func (c *riskChart) dotPos(i int, size fyne.Size) fyne.Position {
	d := c.dots[i]
	w := size.Width - chartLeft - chartRight - 2*dotRadius
	h := size.Height - chartTop - chartBottom - 2*dotRadius
	return fyne.NewPos(chartLeft+dotRadius+float32(d.Rank)*w, chartTop+dotRadius+(1-float32(d.Score)/100)*h)
}

// dotAt returns the dot nearest to p within a few pixels, or -1.
func (c *riskChart) dotAt(p fyne.Position) int {
	best, bestD := -1, float32(dotRadius+4)*float32(dotRadius+4)
	size := c.Size()
	// Later dots are drawn on top, so they win ties.
	for i := range c.dots {
		q := c.dotPos(i, size)
		dx, dy := q.X-p.X, q.Y-p.Y
		if d := dx*dx + dy*dy; d <= bestD {
			best, bestD = i, d
		}
	}
	return best
}

func (c *riskChart) Tapped(e *fyne.PointEvent) {
	if i := c.dotAt(e.Position); i >= 0 && c.onTap != nil {
		c.onTap(c.dots[i].ID)
	}
}

func (c *riskChart) MouseIn(e *desktop.MouseEvent)    { c.MouseMoved(e) }
func (c *riskChart) MouseMoved(e *desktop.MouseEvent) { c.setHover(c.dotAt(e.Position)) }
func (c *riskChart) MouseOut()                        { c.setHover(-1) }

func (c *riskChart) setHover(i int) {
	if i != c.hover {
		c.hover = i
		c.Refresh()
	}
}

func (c *riskChart) Cursor() desktop.Cursor {
	if c.hover >= 0 {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

func (c *riskChart) CreateRenderer() fyne.WidgetRenderer {
	r := &chartRenderer{c: c, gen: -1}
	r.bg = canvas.NewRectangle(color.Transparent)
	r.bg.StrokeWidth = 1
	for i := range r.quads {
		r.quads[i] = canvas.NewRectangle(color.Transparent)
		r.qlabels[i] = canvas.NewText("", nil)
		r.qlabels[i].TextStyle = fyne.TextStyle{Bold: true}
	}
	r.vline, r.hline = canvas.NewLine(nil), canvas.NewLine(nil)
	r.xtitle, r.ytitle = canvas.NewText("", nil), canvas.NewText("", nil)
	r.y0, r.y50, r.y100 = canvas.NewText("0", nil), canvas.NewText("50", nil), canvas.NewText("100", nil)
	r.tipBg = canvas.NewRectangle(nil)
	r.tipBg.CornerRadius = 4
	r.tip = canvas.NewText("", nil)
	r.Refresh()
	return r
}

type chartRenderer struct {
	c              *riskChart
	gen            int
	bg             *canvas.Rectangle
	quads          [4]*canvas.Rectangle // protect, maintain, grow, review
	qlabels        [4]*canvas.Text
	vline, hline   *canvas.Line
	xtitle, ytitle *canvas.Text
	y0, y50, y100  *canvas.Text
	dots           []*canvas.Circle
	tipBg          *canvas.Rectangle
	tip            *canvas.Text
	objs           []fyne.CanvasObject
}

// quadrantTint is a faint wash of the quadrant's meaning: red where value is
// at risk, green where it is safe.
var quadrantTint = [4]color.NRGBA{
	{R: 0xd3, G: 0x2f, B: 0x2f, A: 0x22}, // protect
	{R: 0x2e, G: 0x8b, B: 0x3e, A: 0x1c}, // maintain
	{R: 0x1f, G: 0x5f, B: 0xa8, A: 0x16}, // grow
	{R: 0xe0, G: 0x8a, B: 0x00, A: 0x1c}, // review
}

func (r *chartRenderer) Refresh() {
	fg := theme.Color(theme.ColorNameForeground)
	muted := theme.Color(theme.ColorNamePlaceHolder)
	sep := theme.Color(theme.ColorNameSeparator)
	small := theme.CaptionTextSize()
	r.bg.StrokeColor = sep
	for i, q := range accounts.Quadrants() {
		r.quads[i].FillColor = quadrantTint[i]
		r.qlabels[i].Text = tx(q.Label())
		r.qlabels[i].Color = muted
		r.qlabels[i].TextSize = theme.TextSize()
	}
	r.vline.StrokeColor, r.hline.StrokeColor = sep, sep
	r.vline.StrokeWidth, r.hline.StrokeWidth = 1, 1
	r.xtitle.Text, r.ytitle.Text = lang.L("riskchart.x"), lang.L("riskchart.y")
	for _, t := range []*canvas.Text{r.xtitle, r.ytitle, r.y0, r.y50, r.y100} {
		t.Color, t.TextSize = muted, small
	}
	if r.gen != r.c.gen {
		r.gen = r.c.gen
		r.dots = r.dots[:0]
		for _, d := range r.c.dots {
			r.dots = append(r.dots, canvas.NewCircle(levelColor(d.Level)))
		}
	}
	for i, d := range r.dots {
		d.StrokeWidth = 0
		if i == r.c.hover {
			d.StrokeColor, d.StrokeWidth = fg, 2
		}
	}
	r.tipBg.FillColor = theme.Color(theme.ColorNameOverlayBackground)
	r.tipBg.StrokeColor = sep
	r.tipBg.StrokeWidth = 1
	r.tip.Color, r.tip.TextSize = fg, small
	r.tip.Text = ""
	if h := r.c.hover; h >= 0 && h < len(r.c.dots) {
		d := r.c.dots[h]
		r.tip.Text = lang.L("riskchart.tip", map[string]any{"Name": d.Name, "Score": d.Score, "Level": tx(d.Level.Label())})
	}
	r.objs = []fyne.CanvasObject{r.bg}
	for i := range r.quads {
		r.objs = append(r.objs, r.quads[i])
	}
	r.objs = append(r.objs, r.vline, r.hline)
	for i := range r.qlabels {
		r.objs = append(r.objs, r.qlabels[i])
	}
	r.objs = append(r.objs, r.xtitle, r.ytitle, r.y0, r.y50, r.y100)
	for _, d := range r.dots {
		r.objs = append(r.objs, d)
	}
	r.objs = append(r.objs, r.tipBg, r.tip)
	r.Layout(r.c.Size())
	for _, o := range r.objs {
		o.Refresh()
	}
}

func (r *chartRenderer) Layout(size fyne.Size) {
	if size.Width <= 0 || size.Height <= 0 {
		return
	}
	left, top := float32(chartLeft), float32(chartTop)
	right, bottom := size.Width-chartRight, size.Height-chartBottom
	pw, ph := right-left, bottom-top
	midX := left + pw*float32(accounts.HighValueRank)
	midY := top + ph*(1-float32(accounts.HighRiskScore)/100)
	r.bg.Move(fyne.NewPos(left, top))
	r.bg.Resize(fyne.NewSize(pw, ph))
	// protect: right top; maintain: right bottom; grow: left bottom; review: left top.
	rects := [4][4]float32{{midX, top, right, midY}, {midX, midY, right, bottom}, {left, midY, midX, bottom}, {left, top, midX, midY}}
	for i, q := range rects {
		r.quads[i].Move(fyne.NewPos(q[0], q[1]))
		r.quads[i].Resize(fyne.NewSize(q[2]-q[0], q[3]-q[1]))
		t := r.qlabels[i]
		ts := t.MinSize()
		x := q[0] + 6
		if i < 2 { // the right-hand quadrants label their right corner
			x = q[2] - ts.Width - 6
		}
		y := q[1] + 4
		if i == 1 || i == 2 {
			y = q[3] - ts.Height - 4
		}
		t.Move(fyne.NewPos(x, y))
		t.Resize(ts)
	}
	r.vline.Position1, r.vline.Position2 = fyne.NewPos(midX, top), fyne.NewPos(midX, bottom)
	r.hline.Position1, r.hline.Position2 = fyne.NewPos(left, midY), fyne.NewPos(right, midY)
	place := func(t *canvas.Text, x, y float32) {
		s := t.MinSize()
		t.Move(fyne.NewPos(x, y))
		t.Resize(s)
	}
	xs := r.xtitle.MinSize()
	place(r.xtitle, left+(pw-xs.Width)/2, bottom+4)
	place(r.ytitle, 2, 2)
	for _, yt := range []struct {
		t *canvas.Text
		v float32
	}{{r.y0, 0}, {r.y50, 50}, {r.y100, 100}} {
		s := yt.t.MinSize()
		y := top + dotRadius + (1-yt.v/100)*(ph-2*dotRadius) - s.Height/2
		place(yt.t, left-s.Width-4, y)
	}
	for i, d := range r.dots {
		if i >= len(r.c.dots) {
			break
		}
		p := r.c.dotPos(i, size)
		d.Position1 = p.SubtractXY(dotRadius, dotRadius)
		d.Position2 = p.AddXY(dotRadius, dotRadius)
	}
	if r.tip.Text == "" {
		r.tip.Hide()
		r.tipBg.Hide()
		return
	}
	r.tip.Show()
	r.tipBg.Show()
	ts := r.tip.MinSize()
	p := r.c.dotPos(r.c.hover, size)
	x := min(p.X+10, size.Width-ts.Width-8)
	y := max(p.Y-ts.Height-10, 0)
	r.tipBg.Move(fyne.NewPos(x-4, y-2))
	r.tipBg.Resize(fyne.NewSize(ts.Width+8, ts.Height+4))
	place(r.tip, x, y)
}

func (r *chartRenderer) MinSize() fyne.Size           { return fyne.NewSize(320, 260) }
func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *chartRenderer) Destroy()                     {}
