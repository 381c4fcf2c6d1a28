package documents

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"keycard/accounts"
)

// compact formats an amount in major units for axis labels: 1.2M, 350k;
// in Chinese 120万, 1.2亿.
func (d *doc) compact(minor int64) string {
	v := float64(minor) / 100
	trim := func(f float64) string {
		s := strconv.FormatFloat(f, 'f', 1, 64)
		return strings.TrimSuffix(s, ".0")
	}
	if d.lang == "zh" {
		switch {
		case math.Abs(v) >= 1e8:
			return trim(v/1e8) + "亿"
		case math.Abs(v) >= 1e4:
			return trim(v/1e4) + "万"
		}
		return trim(v)
	}
	switch {
	case math.Abs(v) >= 1e9:
		return trim(v/1e9) + "B"
	case math.Abs(v) >= 1e6:
		return trim(v/1e6) + "M"
	case math.Abs(v) >= 1e3:
		return trim(v/1e3) + "k"
	}
	return trim(v)
}

// revenueChart draws revenue with us as bars and share of wallet as a line
// (right axis, 0–100 %), for the last periods recorded.
func (d *doc) revenueChart(a *accounts.Account) {
	rev := append([]accounts.RevenueEntry(nil), a.Revenue...)
	sort.Slice(rev, func(i, j int) bool { return rev[i].Period < rev[j].Period })
	if len(rev) > 10 {
		rev = rev[len(rev)-10:]
	}
	cur := a.CurrencyOrDefault()
	const chartH = 46.0
	d.ensure(chartH + 18)
	// Legend.
	d.font(sizeSmall, muted)
	lx := d.left
	d.fill(accent)
	d.pdf.Rect(lx, d.y+1, 3, 2, "F")
	s := d.clean(d.t("revenueUs") + " (" + cur + ")")
	d.text(lx+4, d.y, d.measure(s)+1, s, "L")
	lx += 4 + d.measure(s) + 6
	d.draw(orange)
	d.pdf.SetLineWidth(0.5)
	d.pdf.Line(lx, d.y+2, lx+4, d.y+2)
	s = d.clean(d.t("sow"))
	d.text(lx+5, d.y, d.measure(s)+1, s, "L")
	d.y += d.lineH(sizeSmall) + 2

	axisW := 14.0
	x0, x1 := d.left+axisW, d.right-axisW
	y1 := d.y + chartH // the baseline
	maxV := int64(1)
	for _, r := range rev {
		maxV = max(maxV, r.Amount.Minor)
	}
	// A round top for the axis: 1, 2 or 5 times a power of ten.
	step := math.Pow(10, math.Floor(math.Log10(float64(maxV)/4)))
	for _, m := range []float64{1, 2, 5, 10} {
		if float64(maxV)/(step*m) <= 4 {
			step *= m
			break
		}
	}
	top := step * math.Ceil(float64(maxV)/step)
	d.pdf.SetLineWidth(0.15)
	for v := 0.0; v <= top+step/2; v += step {
		y := y1 - v/top*chartH
		d.draw(ruleCol)
		d.pdf.Line(x0, y, x1, y)
		d.font(sizeSmall-0.5, muted)
		d.text(d.left, y-d.lineH(sizeSmall-0.5)/2, axisW-1.5, d.compact(int64(v)), "R")
	}
	for _, p := range []int{0, 50, 100} {
		y := y1 - float64(p)/100*chartH
		d.text(x1+1.5, y-d.lineH(sizeSmall-0.5)/2, axisW-1.5, fmt.Sprintf("%d%%", p), "L")
	}
	slot := (x1 - x0) / float64(len(rev))
	barW := math.Min(14, slot*0.55)
	var pts [][2]float64
	for i, r := range rev {
		cx := x0 + slot*(float64(i)+0.5)
		h := float64(r.Amount.Minor) / top * chartH
		d.fill(accent)
		d.pdf.Rect(cx-barW/2, y1-h, barW, h, "F")
		d.font(sizeSmall-0.5, muted)
		d.text(cx-slot/2, y1+0.8, slot, d.fit(r.Period, slot), "C")
		if sow := r.ShareOfWallet(); sow >= 0 {
			pts = append(pts, [2]float64{cx, y1 - math.Min(1, sow)*chartH})
		}
	}
	d.draw(orange)
	d.fill(orange)
	d.pdf.SetLineWidth(0.5)
	for i, p := range pts {
		if i > 0 {
			d.pdf.Line(pts[i-1][0], pts[i-1][1], p[0], p[1])
		}
	}
	for _, p := range pts {
		d.pdf.Circle(p[0], p[1], 0.9, "F")
	}
	d.pdf.SetLineWidth(0.2)
	d.y = y1 + d.lineH(sizeSmall) + 3

	rows := make([][]cell, 0, len(rev))
	for i := len(rev) - 1; i >= 0; i-- {
		r := rev[i]
		sow := "—"
		if v := r.ShareOfWallet(); v >= 0 {
			sow = fmt.Sprintf("%.0f%%", v*100)
		}
		wallet := "—"
		if r.WalletTotal.Minor > 0 {
			wallet = d.money(r.WalletTotal, cur)
		}
		rows = append(rows, []cell{plain(r.Period), plain(d.money(r.Amount, cur)), plain(wallet), plain(sow)})
	}
	d.table([]column{{head: d.t("period"), width: 2}, {head: d.t("revenueUs"), width: 3, align: "R"}, {head: d.t("wallet"), width: 3, align: "R"}, {head: d.t("sow"), width: 2, align: "R"}}, rows)
}
