package sheets

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Cell formats of the workbook, as Excel's number-format codes. Dates are
// ISO days, whatever the computer's locale, like everywhere in Keycard.
var numFmts = map[Kind]string{
	Number:  "#,##0.##",
	Money:   "#,##0.00",
	Date:    "yyyy-mm-dd",
	Percent: "0.0%",
}

// WriteXLSX writes t to w as an Excel workbook of one sheet: a bold header
// row that stays in view while the rows scroll, columns as wide as their
// contents, numbers, amounts, dates and percentages as number cells with
// their format, and text as string cells, which never run as formulas. Rows
// are streamed, so 10,000 rows do not hold a workbook's worth of cells in
// memory.
func WriteXLSX(w io.Writer, t Table) (err error) {
	if err := t.check(); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("sheets: close the workbook: %w", cerr)
		}
	}()
	sheet := sheetName(t.Title)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("sheets: name the sheet: %w", err)
	}
	styles, head, err := newStyles(f)
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("sheets: start the sheet: %w", err)
	}
	if err := layout(sw, t); err != nil {
		return err
	}
	if err := writeRows(sw, t, styles, head); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("sheets: finish the sheet: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("sheets: write the workbook: %w", err)
	}
	return nil
}

// newStyles makes the header style and one style per kind of number cell.
func newStyles(f *excelize.File) (map[Kind]int, int, error) {
	styles := map[Kind]int{}
	for k, code := range numFmts {
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
		if err != nil {
			return nil, 0, fmt.Errorf("sheets: cell format %q: %w", code, err)
		}
		styles[k] = id
	}
	styles[Text], _ = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}})
	head, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DCE6F1"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "95B3D7", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "center"},
	})
	if err != nil {
		return nil, 0, fmt.Errorf("sheets: header style: %w", err)
	}
	return styles, head, nil
}

// layout sets the column widths and freezes the header row; a stream
// writer takes both before the first row.
func layout(sw *excelize.StreamWriter, t Table) error {
	for j, wd := range t.widths() {
		if err := sw.SetColWidth(j+1, j+1, wd); err != nil {
			return fmt.Errorf("sheets: column width: %w", err)
		}
	}
	err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}})
	if err != nil {
		return fmt.Errorf("sheets: freeze the header: %w", err)
	}
	return nil
}

func writeRows(sw *excelize.StreamWriter, t Table, styles map[Kind]int, head int) error {
	cells := make([]any, len(t.Columns))
	for j, c := range t.Columns {
		cells[j] = excelize.Cell{StyleID: head, Value: c.Header}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return fmt.Errorf("sheets: header row: %w", err)
	}
	for i, row := range t.Rows {
		for j, v := range row {
			cells[j] = cellOf(v, t.Columns[j].Kind, styles)
		}
		ref, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return fmt.Errorf("sheets: row %d: %w", i+2, err)
		}
		if err := sw.SetRow(ref, cells); err != nil {
			return fmt.Errorf("sheets: row %d: %w", i+2, err)
		}
	}
	return nil
}

// cellOf is v as a workbook cell of a column of kind k.
func cellOf(v Value, k Kind, styles map[Kind]int) any {
	if !v.set {
		return nil
	}
	c := excelize.Cell{StyleID: styles[k]}
	switch k {
	case Text:
		c.Value = v.text // a string cell: a leading = is text, not a formula
	case Money:
		c.Value = float64(v.minor) / 100
	case Date:
		c.Value = v.date.Time()
	default:
		c.Value = v.num
	}
	return c
}

// sheetName is title as Excel allows a sheet to be named: at most 31
// characters, none of : \ / ? * [ ], not empty.
func sheetName(title string) string {
	title = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) || r < ' ' {
			return ' '
		}
		return r
	}, title)
	title = strings.Trim(strings.TrimSpace(title), "'")
	if r := []rune(title); len(r) > 31 {
		title = string(r[:31])
	}
	if title == "" {
		return "Keycard"
	}
	return title
}
