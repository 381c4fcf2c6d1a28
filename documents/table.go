package documents

import "math"

// column is one column of a table; width is a share of the text width.
type column struct {
	head  string
	width float64
	align string // "L" (default), "R" or "C"
}

// cell is one table cell. A dot is a colour swatch drawn before the text —
// never the only sign of the meaning, which the text always carries.
type cell struct {
	s      string
	colour *rgb
	dot    *rgb
	strike bool
}

func plain(s string) cell { return cell{s: s} }

const (
	cellPadX = 1.6
	cellPadY = 1.1
	dotW     = 2.9
)

// table prints rows with the header row repeated on every page it spans.
// A row moves whole to the next page if it fits on one page; a taller row
// is split between lines.
func (d *doc) table(cols []column, rows [][]cell) {
	total := 0.0
	for _, c := range cols {
		total += c.width
	}
	ws := make([]float64, len(cols))
	for i, c := range cols {
		ws[i] = c.width / total * d.width()
	}
	lh := d.lineH(sizeTable)
	headH := d.headerHeight(cols, ws)
	d.ensure(headH + 3*lh + 4*cellPadY) // no header stranded with a single row
	d.tableHeader(cols, ws)
	for ri, row := range rows {
		d.font(sizeTable, ink)
		lines := make([][]string, len(cols))
		n := 1
		for i := range cols {
			if i >= len(row) {
				continue
			}
			inner := ws[i] - 2*cellPadX
			if row[i].dot != nil {
				inner -= dotW
			}
			lines[i] = d.wrap(row[i].s, inner)
			n = max(n, len(lines[i]))
		}
		rowH := float64(n)*lh + 2*cellPadY
		if d.y+rowH > d.bottom && rowH <= d.bottom-d.top-headH {
			d.newPage()
			d.tableHeader(cols, ws)
		}
		for from := 0; from < n; {
			fit := int((d.bottom - d.y - 2*cellPadY) / lh)
			if fit < 1 {
				d.newPage()
				d.tableHeader(cols, ws)
				continue
			}
			to := min(n, from+fit)
			h := float64(to-from)*lh + 2*cellPadY
			if ri%2 == 1 {
				d.fill(zebra)
				d.pdf.Rect(d.left, d.y, d.width(), h, "F")
			}
			x := d.left
			for i := range cols {
				if i >= len(row) {
					x += ws[i]
					continue
				}
				c := row[i]
				tx, tw := x+cellPadX, ws[i]-2*cellPadX
				if c.dot != nil {
					if from == 0 {
						d.fill(*c.dot)
						d.pdf.Circle(tx+1.1, d.y+cellPadY+lh/2, 1.1, "F")
					}
					tx, tw = tx+dotW, tw-dotW
				}
				col := ink
				if c.colour != nil {
					col = *c.colour
				}
				d.font(sizeTable, col)
				for li := from; li < to && li < len(lines[i]); li++ {
					ly := d.y + cellPadY + float64(li-from)*lh
					align := cols[i].align
					if align == "" {
						align = "L"
					}
					d.text(tx, ly, tw, lines[i][li], align)
					if c.strike {
						sw := math.Min(d.measure(lines[i][li]), tw)
						d.draw(col)
						d.pdf.SetLineWidth(0.25)
						d.pdf.Line(tx, ly+lh/2, tx+sw, ly+lh/2)
						d.pdf.SetLineWidth(0.2)
					}
				}
				x += ws[i]
			}
			d.y += h
			d.draw(ruleCol)
			d.pdf.SetLineWidth(0.15)
			d.pdf.Line(d.left, d.y, d.right, d.y)
			d.pdf.SetLineWidth(0.2)
			from = to
		}
	}
	d.gap(2)
}

func (d *doc) headerHeight(cols []column, ws []float64) float64 {
	d.font(sizeSmall, muted)
	n := 1
	for i, c := range cols {
		n = max(n, len(d.wrap(c.head, ws[i]-2*cellPadX)))
	}
	return float64(n)*d.lineH(sizeSmall) + 2*cellPadY
}

func (d *doc) tableHeader(cols []column, ws []float64) {
	h := d.headerHeight(cols, ws)
	d.fill(headFill)
	d.pdf.Rect(d.left, d.y, d.width(), h, "F")
	d.font(sizeSmall, muted)
	x := d.left
	for i, c := range cols {
		align := c.align
		if align == "" {
			align = "L"
		}
		for li, l := range d.wrap(c.head, ws[i]-2*cellPadX) {
			d.text(x+cellPadX, d.y+cellPadY+float64(li)*d.lineH(sizeSmall), ws[i]-2*cellPadX, l, align)
		}
		x += ws[i]
	}
	d.y += h
}
