package sheets

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"keycard/accounts"
)

// hostile are texts that break naive writers: formula starts, separators,
// quotes, line breaks, CJK, emoji, a very long note.
var hostile = []string{
	"=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tindented", "\rreturn",
	"＝1+1", "＋1", "－1", "＠x",
	"plain", "a,b;c", `say "hello"`, "two\nlines", "crlf\r\nline", "深圳云帆科技有限公司", "王芳 👩‍💼 🚀",
	strings.Repeat("长文本 long text, ", 2000),
}

func sample() Table {
	t := Table{Title: "Portfolio: A/B [test]", Columns: []Column{
		{"Name 名称", Text}, {"Count", Number}, {"Revenue", Money}, {"Renewal", Date}, {"Share", Percent},
	}}
	for i, s := range hostile {
		t.Rows = append(t.Rows, []Value{T(s), N(float64(i) - 3.5), M(accounts.Money{Minor: int64(i*123457 - 500)}), D(accounts.NewDate(2026, time.Month(i%12+1), i+1)), P(float64(i) / 17)})
	}
	t.Rows = append(t.Rows, []Value{{}, {}, {}, D(accounts.Date{}), T("")}) // empty cells of every kind
	return t
}

func writeX(t *testing.T, tb Table) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, tb); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestXLSXRoundTrip reads the workbook back with excelize's reader: text as
// written (up to Excel's limit of 32,767 characters a cell), numbers,
// amounts and dates as numbers with their formats, the header frozen.
func TestXLSXRoundTrip(t *testing.T) {
	tb := sample()
	f, err := excelize.OpenReader(bytes.NewReader(writeX(t, tb)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	if sheet != "Portfolio  A B  test" {
		t.Errorf("sheet name %q", sheet)
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("header not frozen: %+v %v", panes, err)
	}
	for j, c := range tb.Columns {
		ref, _ := excelize.CoordinatesToCellName(j+1, 1)
		if v, _ := f.GetCellValue(sheet, ref); v != c.Header {
			t.Errorf("header %s = %q, want %q", ref, v, c.Header)
		}
		col, _ := excelize.ColumnNumberToName(j + 1)
		if w, _ := f.GetColWidth(sheet, col); w < minWidth || w > maxWidth {
			t.Errorf("column %s is %v wide", col, w)
		}
	}
	if w, _ := f.GetColWidth(sheet, "A"); w != maxWidth {
		t.Errorf("the column of the long note is %v wide, want the most, %d", w, maxWidth)
	}
	for i, row := range tb.Rows {
		r := i + 2
		checkText(t, f, sheet, r, row[0])
		checkNumber(t, f, sheet, "B"+strconv.Itoa(r), row[1], row[1].num)
		checkNumber(t, f, sheet, "C"+strconv.Itoa(r), row[2], float64(row[2].minor)/100)
		checkDate(t, f, sheet, "D"+strconv.Itoa(r), row[3])
		checkNumber(t, f, sheet, "E"+strconv.Itoa(r), row[4], row[4].num)
	}
}

func checkText(t *testing.T, f *excelize.File, sheet string, r int, v Value) {
	t.Helper()
	ref := "A" + strconv.Itoa(r)
	got, _ := f.GetCellValue(sheet, ref)
	want := v.text
	if len([]rune(want)) > excelize.TotalCellChars {
		want = string([]rune(want)[:excelize.TotalCellChars])
	}
	if got != want {
		t.Errorf("%s = %.40q, want %.40q", ref, got, want)
	}
	if fm, _ := f.GetCellFormula(sheet, ref); fm != "" {
		t.Errorf("%s holds the formula %q", ref, fm)
	}
	if typ, _ := f.GetCellType(sheet, ref); v.set && typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
		t.Errorf("%s is of type %v, want a string", ref, typ)
	}
}

func checkNumber(t *testing.T, f *excelize.File, sheet, ref string, v Value, want float64) {
	t.Helper()
	raw, _ := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if !v.set {
		if raw != "" {
			t.Errorf("%s = %q, want empty", ref, raw)
		}
		return
	}
	got, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.Abs(got-want) > 1e-9 {
		t.Errorf("%s = %q, want %v", ref, raw, want)
	}
	if typ, _ := f.GetCellType(sheet, ref); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("%s is of type %v, want a number", ref, typ)
	}
}

func checkDate(t *testing.T, f *excelize.File, sheet, ref string, v Value) {
	t.Helper()
	shown, _ := f.GetCellValue(sheet, ref)
	if !v.set {
		if shown != "" {
			t.Errorf("%s = %q, want empty", ref, shown)
		}
		return
	}
	if shown != v.date.String() {
		t.Errorf("%s shows %q, want %s", ref, shown, v.date)
	}
	raw, _ := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Fatalf("%s is not a date serial: %q", ref, raw)
	}
	if got, _ := excelize.ExcelDateToTime(serial, false); !got.Equal(v.date.Time()) {
		t.Errorf("%s is the day %v, want %s", ref, got, v.date)
	}
}

// xmlCell is a cell as the sheet's XML holds it.
type xmlCell struct {
	Ref     string `xml:"r,attr"`
	Type    string `xml:"t,attr"`
	Formula *struct {
		Text string `xml:",chardata"`
	} `xml:"f"`
	Value  string `xml:"v"`
	Inline string `xml:"is>t"`
}

// rawCells reads the sheet's cells straight from the file's XML, without
// excelize: a second reader, which sees what any spreadsheet will.
func rawCells(t *testing.T, data []byte) map[string]xmlCell {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name != "xl/worksheets/sheet1.xml" {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(rc)
		rc.Close()
		var ws struct {
			Rows []struct {
				Cells []xmlCell `xml:"c"`
			} `xml:"sheetData>row"`
		}
		if err := xml.Unmarshal(raw, &ws); err != nil {
			t.Fatal(err)
		}
		out := map[string]xmlCell{}
		for _, r := range ws.Rows {
			for _, c := range r.Cells {
				out[c.Ref] = c
			}
		}
		return out
	}
	t.Fatal("the workbook has no sheet1.xml")
	return nil
}

// TestXLSXTextNeverAFormula: every text that starts like a formula is a
// string cell without a formula, as the file's own XML says (each leading
// character of the list), and numbers are number cells.
func TestXLSXTextNeverAFormula(t *testing.T) {
	tb := Table{Title: "t", Columns: []Column{{"Text", Text}, {"N", Number}}}
	for _, p := range formulaStarts {
		tb.Rows = append(tb.Rows, []Value{T(p + "1+2*cmd|' /C calc'!A0"), N(-1)})
	}
	cells := rawCells(t, writeX(t, tb))
	for i := range tb.Rows {
		r := strconv.Itoa(i + 2)
		c := cells["A"+r]
		if c.Formula != nil || c.Type != "inlineStr" && c.Type != "s" || !strings.Contains(c.Inline, "1+2") {
			t.Errorf("%q: cell %+v, want a string cell", formulaStarts[i], c)
		}
		if n := cells["B"+r]; n.Type != "" && n.Type != "n" || n.Value != "-1" || n.Formula != nil {
			t.Errorf("number cell %+v", n)
		}
	}
}

func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte(bom)) {
		t.Fatal("the CSV has no byte-order mark")
	}
	r := csv.NewReader(bytes.NewReader(data[len(bom):]))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestCSVRoundTrip reads the CSV back with encoding/csv: every hostile text
// whole (defused ones with their apostrophe), amounts exact, ISO dates.
func TestCSVRoundTrip(t *testing.T) {
	tb := sample()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, tb); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte("\r\n")) {
		t.Error("no CRLF line ends")
	}
	recs := readCSV(t, buf.Bytes())
	if len(recs) != len(tb.Rows)+1 || recs[0][0] != "Name 名称" {
		t.Fatalf("%d records, header %q", len(recs), recs[0])
	}
	for i, row := range tb.Rows {
		got := recs[i+1]
		want := Defuse(row[0].text)
		want = lineBreaks.Replace(want) // every line break in a cell is a line feed
		if got[0] != want {
			t.Errorf("row %d: %.40q, want %.40q", i+1, got[0], want)
		}
		if !row[1].set {
			if strings.Join(got[1:], "") != "" {
				t.Errorf("empty row came back as %q", got)
			}
			continue
		}
		if got[2] != moneyText(row[2].minor) || got[3] != row[3].date.String() {
			t.Errorf("row %d: %q", i+1, got)
		}
		if f, _ := strconv.ParseFloat(got[1], 64); f != row[1].num {
			t.Errorf("row %d: number %q", i+1, got[1])
		}
	}
}

// TestCSVDefusesEachFormulaStart: each leading character in the list gets
// the apostrophe; text that merely contains one does not.
func TestCSVDefusesEachFormulaStart(t *testing.T) {
	tb := Table{Title: "t", Columns: []Column{{"=Header", Text}, {"Amount", Money}}}
	for _, p := range formulaStarts {
		tb.Rows = append(tb.Rows, []Value{T(p + "SUM(1,2)"), M(accounts.Money{Minor: -1234})})
	}
	tb.Rows = append(tb.Rows, []Value{T("a=b+c-d@e"), M(accounts.Money{Minor: 5})})
	var buf bytes.Buffer
	if err := WriteCSV(&buf, tb); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, buf.Bytes())
	if recs[0][0] != "'=Header" {
		t.Errorf("header %q", recs[0][0])
	}
	for i, p := range formulaStarts {
		want := "'" + p + "SUM(1,2)"
		if p == "\r" {
			want = "'\nSUM(1,2)" // a CR inside a quoted field reads back as a line break
		}
		if got := recs[i+1][0]; got != want {
			t.Errorf("%q: %q, want %q", p, got, want)
		}
		if recs[i+1][1] != "-12.34" {
			t.Errorf("a negative amount is %q; numbers are not defused", recs[i+1][1])
		}
	}
	if got := recs[len(recs)-1][0]; got != "a=b+c-d@e" {
		t.Errorf("inner signs: %q", got)
	}
}

func TestMoneyText(t *testing.T) {
	for minor, want := range map[int64]string{0: "0.00", 5: "0.05", -5: "-0.05", 123456: "1234.56", -100: "-1.00", math.MinInt64: "-92233720368547758.08"} {
		if got := moneyText(minor); got != want {
			t.Errorf("moneyText(%d) = %q, want %q", minor, got, want)
		}
	}
}

// TestBadTableRefused: a row that does not fit the columns is the
// program's mistake and writes nothing.
func TestBadTableRefused(t *testing.T) {
	for _, tb := range []Table{
		{Title: "no columns"},
		{Title: "short", Columns: []Column{{"a", Text}, {"b", Number}}, Rows: [][]Value{{T("x")}}},
		{Title: "kind", Columns: []Column{{"a", Number}}, Rows: [][]Value{{T("x")}}},
	} {
		var buf bytes.Buffer
		if WriteXLSX(&buf, tb) == nil || WriteCSV(&buf, tb) == nil || buf.Len() != 0 {
			t.Errorf("%s: written", tb.Title)
		}
	}
}

func TestWidth(t *testing.T) {
	for s, want := range map[string]int{"abc": 3, "王芳": 4, "a王": 3, "🚀": 2, "": 0} {
		if got := width(s); got != want {
			t.Errorf("width(%q) = %d, want %d", s, got, want)
		}
	}
}

// bigTable is a portfolio-shaped table of n rows.
func bigTable(n int) Table {
	tb := Table{Title: "Portfolio", Columns: []Column{{"Name", Text}, {"Owner", Text}, {"Tier", Text}, {"Revenue", Money},
		{"Currency", Text}, {"Renewal", Date}, {"Open", Number}, {"Risk", Number}, {"Card", Percent}}}
	for i := range n {
		tb.Rows = append(tb.Rows, []Value{T("客户 " + strconv.Itoa(i) + " Holdings Ltd"), T("王芳"), T("Key"),
			M(accounts.Money{Minor: int64(i) * 98765}), T("CNY"), D(accounts.NewDate(2027, time.Month(i%12+1), i%28+1)),
			N(float64(i % 7)), N(float64(i % 100)), P(float64(i%100) / 100)})
	}
	return tb
}

// BenchmarkWriteXLSX10k writes a 10,000-row portfolio table.
func BenchmarkWriteXLSX10k(b *testing.B) {
	tb := bigTable(10000)
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteXLSX(io.Discard, tb); err != nil {
			b.Fatal(err)
		}
	}
}

// TestXLSXAndCSVSayTheSame reads the workbook back as a spreadsheet shows
// it (excelize's formatted values, as LibreOffice's CSV conversion would
// give them) and compares it with the CSV of the same table: every cell
// the same but for the amounts' thousands separators and the defusing
// apostrophe, which only CSV needs.
func TestXLSXAndCSVSayTheSame(t *testing.T) {
	tb := sample()
	// The long note is cut to Excel's cell limit in the workbook only.
	tb.Rows = slices.Delete(tb.Rows, len(hostile)-1, len(hostile))
	f, err := excelize.OpenReader(bytes.NewReader(writeX(t, tb)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	shown, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, tb); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, buf.Bytes())
	if len(shown) == len(recs)-1 {
		shown = append(shown, nil) // a spreadsheet reader ends at the last row with a value
	}
	if len(shown) != len(recs) {
		t.Fatalf("%d rows in the workbook, %d in the CSV", len(shown), len(recs))
	}
	for i := range recs {
		for j, c := range recs[i] {
			x := ""
			if j < len(shown[i]) {
				x = shown[i][j]
			}
			switch {
			case i > 0 && tb.Columns[j].Kind == Text:
				c, x = strings.TrimPrefix(c, "'"), lineBreaks.Replace(x)
			case i > 0 && (tb.Columns[j].Kind == Money || tb.Columns[j].Kind == Number):
				x = strings.ReplaceAll(x, ",", "")
				a, _ := strconv.ParseFloat(c, 64)
				b, _ := strconv.ParseFloat(x, 64)
				if math.Abs(a-b) < 0.005 {
					continue
				}
			}
			if c != x && !(i > 0 && strings.HasPrefix(recs[i][j], "'") && recs[i][j][1:] == x) {
				t.Errorf("row %d column %d: workbook %.30q, CSV %.30q", i, j, x, c)
			}
		}
	}
}
