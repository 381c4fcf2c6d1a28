package documents

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"strings"
	"time"
	"unicode"

	"github.com/jung-kurt/gofpdf"

	"keycard/accounts"
	"keycard/assets"
	"keycard/locale"
)

// Options say how a document is printed.
type Options struct {
	Lang           string    // "en" or "zh" (also "zh-CN"…); empty means English
	Paper          string    // "A4" or "Letter"; empty means A4
	Now            time.Time // the generation time, printed on every page
	IncludePrivate bool      // print contacts' private remarks
	Confidential   string    // the confidentiality line; empty means the standard one
	// Attendees are the contacts expected at the visit (visit brief only);
	// empty means the most influential active contacts.
	Attendees []accounts.ID
	// Group is the account's group (account plan only): its parents,
	// its subsidiaries and their revenue together; nil prints none.
	Group *accounts.GroupInfo
	// Rates convert the account plan's open pipeline when its
	// opportunities are in several currencies; nil or without a reporting
	// currency, such a pipeline is shown per currency with a note.
	Rates *accounts.Rates
}

// Colours: one accent, greys for structure, and signal colours only where
// they carry meaning (attitude, severity, risk), always beside a word.
type rgb struct{ r, g, b int }

var (
	ink      = rgb{31, 41, 51}
	muted    = rgb{92, 104, 118}
	faint    = rgb{150, 160, 172}
	accent   = rgb{28, 72, 115}
	ruleCol  = rgb{205, 212, 220}
	headFill = rgb{233, 238, 244}
	zebra    = rgb{247, 249, 251}
	white    = rgb{255, 255, 255}
	green    = rgb{34, 128, 66}
	lgreen   = rgb{110, 168, 74}
	grey     = rgb{140, 148, 158}
	amber    = rgb{212, 138, 0}
	red      = rgb{192, 57, 43}
	orange   = rgb{222, 98, 30}
)

// The colours of attitudes, severities and risk levels, as on screen; a
// value missing from a table is drawn in the table's default.
var (
	attitudeColours = map[accounts.Attitude]rgb{
		accounts.AttitudeChampion: green, accounts.AttitudeSupporter: lgreen,
		accounts.AttitudeSkeptic: amber, accounts.AttitudeOpponent: red,
	}
	severityColours = map[accounts.Severity]rgb{
		accounts.SeverityCritical: red, accounts.SeverityHigh: orange, accounts.SeverityMedium: amber,
	}
	riskColours = map[accounts.RiskLevel]rgb{
		accounts.RiskCritical: red, accounts.RiskHigh: orange, accounts.RiskElevated: amber,
	}
)

func attitudeColour(a accounts.Attitude) rgb { return colourOr(attitudeColours, a, grey) }
func severityColour(s accounts.Severity) rgb { return colourOr(severityColours, s, grey) }
func riskColour(l accounts.RiskLevel) rgb    { return colourOr(riskColours, l, green) }

func colourOr[K comparable](table map[K]rgb, k K, def rgb) rgb {
	if c, ok := table[k]; ok {
		return c
	}
	return def
}

// fontFamily is chosen so that the PDF library's name for the embedded
// subset, "utf8" + the lower-cased family, is exactly as long as a proper
// subset name ("ABCDEF+WenQuanYiMicroHei"); finish swaps one for the other
// so that viewers and preflight tools see the subset tag the PDF standard
// asks for, without moving any byte offset.
const fontFamily = "kcxwenquanyimicrohei"

const fontLibName = "/utf8" + fontFamily

func subsetName(pdf []byte) []byte {
	h := fnv.New32a()
	h.Write(pdf)
	sum := h.Sum32()
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = byte('A' + sum%26)
		sum /= 26
	}
	return []byte("/" + string(tag) + "+WenQuanYiMicroHei")
}

// Type sizes in points. The font has one weight, so size and colour make the
// hierarchy.
const (
	sizeTitle = 24.0
	sizeH1    = 14.0
	sizeH2    = 10.5
	sizeBody  = 9.0
	sizeTable = 8.0
	sizeSmall = 7.0
)

// doc is a document being drawn: the PDF, the language, the running
// header text and the vertical cursor.
type doc struct {
	pdf    *gofpdf.Fpdf
	lang   string
	o      Options
	today  accounts.Date
	covers map[rune]uint16 // the embedded font's glyphs; 0: none

	pageW, pageH        float64
	left, right, bottom float64 // right and bottom are coordinates
	top                 float64
	y                   float64

	header     string       // running header, left
	kind       string       // running header, right
	noHeader   map[int]bool // cover pages
	hook       func(string) // tests: sees every string drawn
	fontSizePt float64

	cut    *runeSet // the characters the font was cut to; nil: the whole font
	missed []rune   // characters measured or drawn that the cut lacks
}

var errNoTime = errors.New("the document needs the current date (Options.Now is not set)")

func newDoc(o Options, kind string, f *accounts.AccountData) (*doc, error) {
	return newDocFont(o, kind, f, assets.FontRegular, nil)
}

// newDocFont starts a document drawn with font, which holds the glyphs of
// the characters in cut (all of the embedded font's when cut is nil).
func newDocFont(o Options, kind string, f *accounts.AccountData, font []byte, cut *runeSet) (*doc, error) {
	lang := "en"
	if strings.HasPrefix(strings.ToLower(o.Lang), "zh") {
		lang = "zh"
	} else if o.Lang != "" && !strings.HasPrefix(strings.ToLower(o.Lang), "en") {
		return nil, fmt.Errorf("documents are printed in English (en) or Chinese (zh), not %q", o.Lang)
	}
	size := "A4"
	switch strings.ToLower(o.Paper) {
	case "", "a4":
	case "letter", "us letter", "usletter":
		size = "Letter"
	default:
		return nil, fmt.Errorf("paper size %q is not supported; choose A4 or Letter", o.Paper)
	}
	if o.Now.IsZero() {
		return nil, errNoTime
	}
	covers, err := fontCovers()
	if err != nil {
		return nil, fmt.Errorf("load the embedded font: %w", err)
	}
	pdf := gofpdf.New("P", "mm", size, "")
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(o.Now)
	pdf.SetModificationDate(o.Now)
	pdf.SetCreator("Keycard", true)
	pdf.AddUTF8FontFromBytes(fontFamily, "", font)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("load the embedded font %s: %w", assets.FontName, err)
	}
	// A font that fails to parse is not reported by AddUTF8FontFromBytes;
	// selecting it is what fails, and later calls would panic.
	pdf.SetFont(fontFamily, "", sizeBody)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("load the embedded font %s: %w", assets.FontName, err)
	}
	d := &doc{pdf: pdf, lang: lang, o: o, today: accounts.DateOf(o.Now), covers: covers, cut: cut, noHeader: map[int]bool{}, fontSizePt: sizeBody}
	d.pageW, d.pageH = pdf.GetPageSize()
	d.left, d.right = 18, d.pageW-18
	d.top, d.bottom = 22, d.pageH-18
	d.kind = kind
	d.header = f.Account.Name
	pdf.SetTitle(d.clean(kind+" — "+f.Account.Name), true)
	pdf.SetAuthor(d.clean(f.Account.Owner), true)
	pdf.SetSubject(d.clean(kind), true)
	return d, nil
}

// check notes the characters of s that the whole font has and the cut
// font lacks: the document is then drawn again with a fuller font.
func (d *doc) check(s string) {
	if d.cut == nil {
		return
	}
	for _, r := range s {
		if r >= 0x80 || r < 0x20 {
			if !d.cut.has(r) && theFace.gid[r] != 0 {
				d.missed = append(d.missed, r)
			}
		}
	}
}

// clean makes s printable with the embedded font: tabs become spaces,
// other control characters go, and characters the font lacks become "?".
func (d *doc) clean(s string) string {
	ok := true
	for _, r := range s {
		if (r != '\n' && unicode.IsControl(r)) || (r != '\n' && d.covers[r] == 0) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteByte(' ')
		case unicode.IsControl(r), r == 0xFE0F, r == 0x200D:
			// variation selectors and joiners have no glyph of their own
		case d.covers[r] == 0:
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (d *doc) t(k string) string                 { return w(k, d.lang) }
func (d *doc) in(p accounts.Phrase) string       { return locale.Say(d.lang, p) }
func (d *doc) tf(k string, a ...any) string      { return w(k, d.lang, a...) }
func (d *doc) measure(s string) float64          { d.check(s); return d.pdf.GetStringWidth(s) }
func (d *doc) lineH(size float64) float64        { return size * 0.3528 * 1.45 }
func (d *doc) width() float64                    { return d.right - d.left }
func (d *doc) wrap(s string, w float64) []string { return wrapText(d.clean(s), w, d.measure) }

func (d *doc) font(size float64, c rgb) {
	if size != d.fontSizePt {
		d.pdf.SetFontSize(size)
		d.fontSizePt = size
	}
	d.pdf.SetTextColor(c.r, c.g, c.b)
}

func (d *doc) fill(c rgb) { d.pdf.SetFillColor(c.r, c.g, c.b) }
func (d *doc) draw(c rgb) { d.pdf.SetDrawColor(c.r, c.g, c.b) }

// text draws one line (already cleaned and fitted) in a box of width w
// whose top is y.
func (d *doc) text(x, y, w float64, s, align string) {
	if d.hook != nil {
		d.hook(s)
	}
	d.check(s)
	h := d.lineH(d.fontSizePt)
	d.pdf.SetXY(x, y)
	d.pdf.CellFormat(w, h, s, "", 0, align+"M", false, 0, "")
}

// fit shortens s with an ellipsis until it is no wider than w; for labels
// in fixed boxes (map cards, header), where wrapping has no room.
func (d *doc) fit(s string, w float64) string {
	s = strings.ReplaceAll(d.clean(s), "\n", " ")
	if d.measure(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && d.measure(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}

func (d *doc) newPage() {
	d.pdf.AddPage()
	d.fontSizePt = -1 // a new page starts without a selected font size
	d.font(sizeBody, ink)
	d.y = d.top
}

// ensure starts a new page unless h millimetres are left on this one.
func (d *doc) ensure(h float64) {
	if d.y+h > d.bottom {
		d.newPage()
	}
}

// para prints wrapped text at x in width w, breaking pages between lines.
func (d *doc) para(x, w float64, s string, size float64, c rgb) {
	d.font(size, c)
	lh := d.lineH(size)
	for _, line := range d.wrap(s, w) {
		d.ensure(lh)
		d.text(x, d.y, w, line, "L")
		d.y += lh
	}
}

func (d *doc) gap(h float64) { d.y += h }

// h1 starts a section: large accent title with a rule, kept with at least
// keep millimetres of what follows.
func (d *doc) h1(s string, keep float64) {
	if d.y > d.top+1 {
		d.gap(5)
	}
	d.ensure(12 + keep)
	d.font(sizeH1, accent)
	d.text(d.left, d.y, d.width(), d.fit(s, d.width()), "L")
	d.y += d.lineH(sizeH1) + 0.8
	d.draw(accent)
	d.pdf.SetLineWidth(0.4)
	d.pdf.Line(d.left, d.y, d.right, d.y)
	d.pdf.SetLineWidth(0.2)
	d.y += 3
}

func (d *doc) h2(s string, keep float64) {
	d.gap(2.5)
	d.ensure(8 + keep)
	d.font(sizeH2, accent)
	d.text(d.left, d.y, d.width(), d.fit(s, d.width()), "L")
	d.y += d.lineH(sizeH2) + 1
}

// note prints a muted line, e.g. "No visits recorded yet."
func (d *doc) note(s string) {
	d.para(d.left, d.width(), s, sizeBody, muted)
	d.gap(1)
}

// pill draws a rounded label with a coloured background and white text;
// it returns its width.
func (d *doc) pill(x, y float64, s string, c rgb, size float64) float64 {
	d.font(size, white)
	s = d.clean(s)
	w := d.measure(s) + 3.2
	h := d.lineH(size) + 0.6
	d.fill(c)
	d.roundedRect(x, y, w, h, h/2.2, "1234", "F")
	d.text(x, y+0.3, w, s, "C")
	return w
}

// kv prints labelled values in columns: small grey label above the value.
type kv struct{ k, v string }

func (d *doc) kvGrid(items []kv, cols int) {
	colW := (d.width() - float64(cols-1)*6) / float64(cols)
	var row []kv
	flushRow := func() {
		if len(row) == 0 {
			return
		}
		heights := make([]float64, len(row))
		wrapped := make([][]string, len(row))
		d.font(sizeBody, ink)
		maxH := 0.0
		for i, it := range row {
			wrapped[i] = d.wrap(it.v, colW)
			heights[i] = d.lineH(sizeSmall) + float64(len(wrapped[i]))*d.lineH(sizeBody)
			maxH = math.Max(maxH, heights[i])
		}
		if maxH < d.bottom-d.top {
			d.ensure(maxH + 2)
		}
		y0 := d.y
		for i, it := range row {
			x := d.left + float64(i)*(colW+6)
			d.y = y0
			d.font(sizeSmall, muted)
			d.text(x, d.y, colW, d.fit(it.k, colW), "L")
			d.y += d.lineH(sizeSmall)
			d.font(sizeBody, ink)
			for _, l := range wrapped[i] {
				d.ensure(d.lineH(sizeBody))
				d.text(x, d.y, colW, l, "L")
				d.y += d.lineH(sizeBody)
			}
		}
		d.y = y0 + maxH + 2.2
		row = row[:0]
	}
	for _, it := range items {
		if strings.TrimSpace(it.v) == "" {
			continue
		}
		row = append(row, it)
		if len(row) == cols {
			flushRow()
		}
	}
	flushRow()
}

// labelled prints a grey caption and a wrapped paragraph below it, skipped
// when the text is empty.
func (d *doc) labelled(label, s string) {
	if strings.TrimSpace(s) == "" {
		return
	}
	d.ensure(d.lineH(sizeSmall) + 2*d.lineH(sizeBody))
	d.font(sizeSmall, muted)
	d.text(d.left, d.y, d.width(), d.fit(label, d.width()), "L")
	d.y += d.lineH(sizeSmall)
	d.para(d.left, d.width(), s, sizeBody, ink)
	d.gap(2)
}

// bullet prints a wrapped item with a small square marker.
func (d *doc) bullet(s string, c rgb) {
	d.font(sizeBody, ink)
	lh := d.lineH(sizeBody)
	lines := d.wrap(s, d.width()-5)
	d.ensure(lh * math.Min(2, float64(len(lines))))
	d.fill(c)
	d.pdf.Rect(d.left+0.8, d.y+lh/2-0.8, 1.6, 1.6, "F")
	for _, l := range lines {
		d.ensure(lh)
		d.text(d.left+5, d.y, d.width()-5, l, "L")
		d.y += lh
	}
	d.gap(0.8)
}

// finish draws the running header and the footer on every page — the page
// count is known only now — and writes the PDF.
func (d *doc) finish(out io.Writer) error {
	n := d.pdf.PageCount()
	conf := d.o.Confidential
	if strings.TrimSpace(conf) == "" {
		conf = d.t("confidential")
	}
	// The version says which Keycard made the page, for a reader who
	// reports a problem with it.
	gen := d.t("generated") + " " + d.o.Now.Format("2006-01-02 15:04") + " · Keycard " + assets.Version
	for i := 1; i <= n; i++ {
		d.pdf.SetPage(i)
		d.pdf.SetFontSize(sizeSmall + 1) // the page's text state is unknown here: select the font again
		d.fontSizePt = -1
		d.font(sizeSmall, muted)
		d.draw(ruleCol)
		d.pdf.SetLineWidth(0.2)
		if !d.noHeader[i] {
			hy := 11.0
			kw := d.measure(d.clean(d.kind)) + 2
			d.text(d.left, hy, d.width()-kw-4, d.fit(d.header, d.width()-kw-4), "L")
			d.text(d.right-kw, hy, kw, d.clean(d.kind), "R")
			d.pdf.Line(d.left, hy+d.lineH(sizeSmall)+0.6, d.right, hy+d.lineH(sizeSmall)+0.6)
		}
		fy := d.pageH - 13
		d.pdf.Line(d.left, fy, d.right, fy)
		page := d.clean(d.tf("pageOf", i, n))
		pw := d.measure(page) + 1
		d.text(d.right-pw, fy+1, pw, page, "R")
		d.text(d.left, fy+1, d.width()-pw-4, d.fit(conf, d.width()-pw-4), "L")
		d.text(d.left, fy+1+d.lineH(sizeSmall), d.width()-pw-4, d.fit(gen, d.width()-pw-4), "L")
	}
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("draw the document: %w", err)
	}
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return fmt.Errorf("draw the document: %w", err)
	}
	pdf := buf.Bytes()
	pdf = bytes.ReplaceAll(pdf, []byte(fontLibName), subsetName(pdf))
	if _, err := out.Write(pdf); err != nil {
		return fmt.Errorf("write the document: %w", err)
	}
	return nil
}

// Formatting of domain values.

func (d *doc) date(x accounts.Date) string {
	if x.IsZero() {
		return "—"
	}
	return x.String()
}

func (d *doc) money(m accounts.Money, cur string) string {
	if m.Currency == "" {
		m.Currency = cur
	}
	return m.String()
}

func (d *doc) name(c *accounts.Contact) string {
	n := locale.Name(d.lang, c)
	if n == "" {
		n = "—"
	}
	return n
}

func (d *doc) ago(x accounts.Date) string {
	if x.IsZero() {
		return d.t("never")
	}
	return d.tf("daysAgo", x.String(), x.DaysUntil(d.today))
}

// roundedRect draws a rectangle with the given corners rounded ("1" top
// left, then clockwise). The PDF library's own RoundedRect saves the
// graphics state and never restores it, so every card on a map would nest
// one level deeper and a clip could never be ended; this one builds the
// path itself.
func (d *doc) roundedRect(x, y, w, h, r float64, corners, style string) {
	k := 4.0 / 3.0 * (math.Sqrt2 - 1) * r // control distance for a quarter circle
	rad := func(c string) float64 {
		if strings.Contains(corners, c) {
			return r
		}
		return 0
	}
	tl, tr, br, bl := rad("1"), rad("2"), rad("3"), rad("4")
	p := d.pdf
	kk := func(c float64) float64 { return k * c / math.Max(r, 1e-9) }
	p.MoveTo(x+tl, y)
	p.LineTo(x+w-tr, y)
	if tr > 0 {
		p.CurveBezierCubicTo(x+w-tr+kk(tr), y, x+w, y+tr-kk(tr), x+w, y+tr)
	}
	p.LineTo(x+w, y+h-br)
	if br > 0 {
		p.CurveBezierCubicTo(x+w, y+h-br+kk(br), x+w-br+kk(br), y+h, x+w-br, y+h)
	}
	p.LineTo(x+bl, y+h)
	if bl > 0 {
		p.CurveBezierCubicTo(x+bl-kk(bl), y+h, x, y+h-bl+kk(bl), x, y+h-bl)
	}
	p.LineTo(x, y+tl)
	if tl > 0 {
		p.CurveBezierCubicTo(x, y+tl-kk(tl), x+tl-kk(tl), y, x+tl, y)
	}
	p.ClosePath()
	p.DrawPath(style)
}
