// Package sheets writes tables to the files spreadsheets open: Excel
// workbooks (.xlsx, through excelize, which no other package imports) and
// CSV in UTF-8 with a byte-order mark, so that Excel shows Chinese right
// when the file is opened by a double click.
//
// A table has typed columns (text, number, money, date, percent): numbers,
// amounts and dates become real number and date cells in a workbook, so a
// person can sum and sort them, and plain ISO dates and decimals in CSV,
// which Excel and LibreOffice read as numbers and dates too.
//
// Text is never run as a formula. In a workbook every text is a string
// cell, which no spreadsheet evaluates whatever its first character; in CSV,
// where the spreadsheet decides, a text starting with = + - @ (or their
// full-width forms), a tab or a carriage return is written with a leading
// apostrophe (see Defuse), the usual guard against CSV injection.
package sheets

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"keycard/accounts"
)

// Kind is a column's type: how its values are written and formatted.
type Kind uint8

// The kinds of column.
const (
	Text    Kind = iota // any text; never a formula
	Number              // a count or a score
	Money               // an amount in minor units, shown with two decimals
	Date                // a calendar day
	Percent             // a fraction shown as a percentage (0.42 → 42%)
)

// Column is a column's header, already in the language of the file, and
// its kind.
type Column struct {
	Header string
	Kind   Kind
}

// Value is one cell. Build it with T, N, M, D or P; the zero Value is an
// empty cell of any column.
type Value struct {
	kind  Kind
	set   bool
	text  string
	num   float64
	minor int64
	date  accounts.Date
}

// T is a text cell.
func T(s string) Value { return Value{kind: Text, set: s != "", text: s} }

// N is a number cell.
func N(f float64) Value { return Value{kind: Number, set: true, num: f} }

// M is an amount: its minor units (the currency goes in a column of its own,
// so amounts of different currencies are never summed by mistake).
func M(m accounts.Money) Value { return Value{kind: Money, set: true, minor: m.Minor} }

// D is a date cell; a zero date is an empty cell.
func D(d accounts.Date) Value { return Value{kind: Date, set: !d.IsZero(), date: d} }

// P is a percentage cell of a fraction (0.42 is 42%).
func P(f float64) Value { return Value{kind: Percent, set: true, num: f} }

// Table is what is written: a title (the sheet's name), the columns and
// the rows, each with one value per column.
type Table struct {
	Title   string
	Columns []Column
	Rows    [][]Value
}

// check refuses a table whose rows do not fit its columns: a mistake of
// the program, never of the person exporting.
func (t *Table) check() error {
	if len(t.Columns) == 0 {
		return fmt.Errorf("sheets: table %q has no columns", t.Title)
	}
	for i, row := range t.Rows {
		if len(row) != len(t.Columns) {
			return fmt.Errorf("sheets: row %d has %d values for %d columns", i+1, len(row), len(t.Columns))
		}
		for j, v := range row {
			if v.set && v.kind != t.Columns[j].Kind {
				return fmt.Errorf("sheets: row %d, column %q: a value of kind %d in a column of kind %d", i+1, t.Columns[j].Header, v.kind, t.Columns[j].Kind)
			}
		}
	}
	return nil
}

// formulaStarts are the first characters that make a spreadsheet read a
// CSV cell as a formula (or, for tab and carriage return, hide one): the
// ASCII ones of the OWASP advice and their full-width forms, which
// East-Asian input methods type and some spreadsheets take for the same.
var formulaStarts = []string{"=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"}

// Defuse returns text as it may be written into a CSV cell: with a leading
// apostrophe when it starts like a formula, which makes every spreadsheet
// show it as the text it is.
func Defuse(s string) string {
	for _, p := range formulaStarts {
		if strings.HasPrefix(s, p) {
			return "'" + s
		}
	}
	return s
}

// moneyText writes minor units as a decimal with two places, exactly.
func moneyText(minor int64) string {
	sign := ""
	u := uint64(minor)
	if minor < 0 {
		sign, u = "-", uint64(-minor)
	}
	return fmt.Sprintf("%s%d.%02d", sign, u/100, u%100)
}

// display is a value as a person reads it, for measuring column widths.
func (v Value) display() string {
	if !v.set {
		return ""
	}
	switch v.kind {
	case Number:
		return fmt.Sprintf("%.0f", v.num)
	case Money:
		return moneyText(v.minor) + "000" // room for the thousands separators
	case Date:
		return "2006-01-02"
	case Percent:
		return "100.0%"
	}
	return v.text
}

// width is how many columns of a monospaced grid s takes: wide (East Asian)
// characters count two.
func width(s string) int {
	n := 0
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		n++
		if wide(r) {
			n++
		}
	}
	return n
}

// wide is true for the characters that take two columns: CJK ideographs,
// kana, Hangul, full-width forms and emoji.
func wide(r rune) bool {
	return r >= 0x1100 && (r <= 0x115F || r >= 0x2E80 && r <= 0xA4CF || r >= 0xAC00 && r <= 0xD7A3 ||
		r >= 0xF900 && r <= 0xFAFF || r >= 0xFE30 && r <= 0xFE4F || r >= 0xFF00 && r <= 0xFF60 ||
		r >= 0xFFE0 && r <= 0xFFE6 || r >= 0x1F300 && r <= 0x1FAFF || r >= 0x20000 && r <= 0x3FFFD)
}

// Column widths, in characters: enough for the header and the widest value
// of the first rows, never so wide that a long note hides the table.
const (
	minWidth    = 8
	maxWidth    = 60
	widthSample = 2000 // rows measured; a column is as wide in row 2,001 as in row 2,000
)

// widths measures each column's header and values.
func (t *Table) widths() []float64 {
	out := make([]float64, len(t.Columns))
	for j, c := range t.Columns {
		w := width(c.Header)
		for i := 0; i < len(t.Rows) && i < widthSample; i++ {
			if line, _, _ := strings.Cut(t.Rows[i][j].display(), "\n"); width(line) > w {
				w = width(line)
			}
		}
		out[j] = float64(min(max(w+2, minWidth), maxWidth))
	}
	return out
}
