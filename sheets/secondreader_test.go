package sheets

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/thedatashed/xlsxreader"
)

// TestXLSXReadBySecondLibrary reads the workbook with a reader that shares
// nothing with the writer (github.com/thedatashed/xlsxreader, a streaming
// reader of the sheet XML): texts come back as text cells, numbers and
// amounts as numerical cells of the same value, dates as date cells of the
// same day, and nothing is a formula.
func TestXLSXReadBySecondLibrary(t *testing.T) {
	tb := sample()
	tb.Rows = slices.Delete(tb.Rows, len(hostile)-1, len(hostile)) // cut to Excel's cell limit in the workbook only
	x, err := xlsxreader.NewReader(writeX(t, tb))
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Sheets) != 1 {
		t.Fatalf("sheets %q", x.Sheets)
	}
	got := map[int]map[int]xlsxreader.Cell{}
	for row := range x.ReadRows(x.Sheets[0]) {
		if row.Error != nil {
			t.Fatal(row.Error)
		}
		got[row.Index] = map[int]xlsxreader.Cell{}
		for _, c := range row.Cells {
			got[row.Index][c.ColumnIndex()] = c
		}
	}
	for j, col := range tb.Columns {
		if c := got[1][j]; c.Value != col.Header || c.Type != xlsxreader.TypeString {
			t.Errorf("header %d: %+v", j, c)
		}
	}
	for i, row := range tb.Rows {
		for j, v := range row {
			c, ok := got[i+2][j]
			if !v.set {
				if ok && c.Value != "" {
					t.Errorf("row %d column %d: an empty cell reads %q", i+2, j, c.Value)
				}
				continue
			}
			if msg := secondReadWrong(v, c); msg != "" {
				t.Errorf("row %d column %d: %s (%+v)", i+2, j, msg, c)
			}
		}
	}
}

// secondReadWrong says how the cell c read back differs from v, "" if not.
func secondReadWrong(v Value, c xlsxreader.Cell) string {
	number := func(want float64) string {
		f, err := strconv.ParseFloat(c.Value, 64)
		if c.Type != xlsxreader.TypeNumerical || err != nil || math.Abs(f-want) > 1e-9*math.Max(1, math.Abs(want)) {
			return "not the number " + strconv.FormatFloat(want, 'g', -1, 64)
		}
		return ""
	}
	switch v.kind {
	case Text:
		if c.Type != xlsxreader.TypeString || lineBreaks.Replace(c.Value) != lineBreaks.Replace(v.text) {
			return "not the text " + strconv.Quote(v.text)
		}
	case Number, Percent:
		return number(v.num)
	case Money:
		return number(float64(v.minor) / 100)
	case Date:
		if c.Type != xlsxreader.TypeDateTime || !strings.HasPrefix(c.Value, v.date.String()) {
			return "not the date " + v.date.String()
		}
	}
	return ""
}
