package sheets

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// bom is UTF-8's byte-order mark: without it Excel reads a CSV file in the
// computer's legacy code page and shows Chinese as mojibake.
const bom = "\uFEFF"

// WriteCSV writes t to w as CSV for spreadsheets: UTF-8 with a byte-order
// mark, CRLF line ends, the header row first, amounts as decimals with two
// places, dates as 2006-01-02, percentages with a % sign (which Excel and
// LibreOffice read as numbers), and text defused (see Defuse).
func WriteCSV(w io.Writer, t Table) error {
	if err := t.check(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(bom); err != nil {
		return fmt.Errorf("sheets: write the CSV: %w", err)
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	rec := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		rec[j] = Defuse(c.Header)
	}
	if err := cw.Write(rec); err != nil {
		return fmt.Errorf("sheets: write the CSV: %w", err)
	}
	for _, row := range t.Rows {
		for j, v := range row {
			rec[j] = csvText(v)
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("sheets: write the CSV: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("sheets: write the CSV: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("sheets: write the CSV: %w", err)
	}
	return nil
}

// csvText is v as the text of a CSV cell.
func csvText(v Value) string {
	if !v.set {
		return ""
	}
	switch v.kind {
	case Number:
		return strconv.FormatFloat(v.num, 'f', -1, 64)
	case Money:
		return moneyText(v.minor)
	case Date:
		return v.date.String()
	case Percent:
		return strconv.FormatFloat(v.num*100, 'f', 1, 64) + "%"
	}
	return lineBreaks.Replace(Defuse(v.text))
}

// lineBreaks makes every line break inside a cell a line feed, the one a
// spreadsheet shows as a new line in the cell (a lone carriage return is
// read back as nothing by some readers and as a new row by others).
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n")
