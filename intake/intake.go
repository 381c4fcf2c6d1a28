// Package intake turns files from other tools into Keycard records: CSV
// exports from Excel and CRMs become accounts or contacts, vCards become
// contacts and iCalendar events become visits.
//
// It only reads and maps: every reader returns domain values that passed the
// domain's own validation, together with a list of the rows it could not
// take and why, and leaves saving them to the caller. That lets a preview
// ("dry run") and the real import share one code path, and a bad file never
// leaves half of itself in the database.
package intake

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"keycard/accounts"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// MaxFileSize is the largest file the readers take. Real exports of a
// portfolio are a few megabytes; a file far larger is almost certainly the
// wrong file, and reading it whole would stall the app.
const MaxFileSize = 50 << 20

// Result is what a reader found in one file.
type Result[T any] struct {
	// Records are the rows that passed validation, in file order.
	Records []T
	// Rows[i] is the row (CSV, counting the header as row 1), card or event
	// number that Records[i] came from, for messages about it later.
	Rows []int
	// Refs[i] is the organisation or account name the file gave for
	// Records[i] (a vCard's ORG, a contact CSV's company column, an
	// event's organizer), so the caller can match it to an account; "" when
	// the file gave none.
	Refs []string
	// Problems are rows left out and values replaced by defaults.
	Problems []Problem
	// Ignored lists the CSV columns that mean nothing to Keycard.
	Ignored []string
}

// Problem is one thing the person should know about a row.
type Problem struct {
	Row   int             // CSV row (header is row 1), vCard or event number from 1; 0 for the whole file
	Field string          // the record field concerned, when known
	Msg   accounts.Phrase // what a person can act on
	// Kept is true when the row was still imported, with a default in
	// place of the value in question; false when the row was left out.
	Kept bool
}

// Line is the problem with its row, as a report lists it.
func (p Problem) Line() accounts.Phrase {
	if p.Row == 0 {
		return p.Msg
	}
	return accounts.Say("intake.problem_row", "Row", p.Row, "Problem", p.Msg)
}

func (p Problem) String() string { return fmt.Sprintf("row %d: %s", p.Row, p.Msg) }

// whatFile names the kind of file in a sentence.
func whatFile(what string) accounts.Phrase { return accounts.Phrase{Key: "intake.what." + what} }

// Skipped counts the problems that left a row out.
func (r *Result[T]) Skipped() int {
	n := 0
	for _, p := range r.Problems {
		if !p.Kept {
			n++
		}
	}
	return n
}

func (r *Result[T]) add(rec T, row int, ref string) {
	r.Records = append(r.Records, rec)
	r.Rows = append(r.Rows, row)
	r.Refs = append(r.Refs, ref)
}

func (r *Result[T]) problem(row int, field string, msg accounts.Phrase, kept bool) {
	r.Problems = append(r.Problems, Problem{Row: row, Field: field, Msg: msg, Kept: kept})
}

// invalid records a row refused by the domain's validation, one problem
// per bad field so each reads on its own line.
func (r *Result[T]) invalid(row int, err error) {
	fields := accounts.FieldErrors(err)
	if len(fields) == 0 {
		r.problem(row, "", accounts.ErrorPhrase(err), false)
		return
	}
	for _, f := range fields {
		r.problem(row, f.Field, f.Msg, false)
	}
}

// validatePending runs validate on a record whose account the caller will
// only match later as if it had one, so that the rest of its fields are
// still reported; the account id is left as it was.
func validatePending(account *accounts.ID, validate func() error) error {
	if *account != "" {
		return validate()
	}
	*account = "pending"
	defer func() { *account = "" }()
	return validate()
}

// readText reads the whole input, refusing one over MaxFileSize, and
// returns it as UTF-8: a byte-order mark is dropped, and a file that is not
// valid UTF-8 is taken as GB18030 (which includes GBK and GB2312), the
// encoding Excel on a Chinese Windows saves "CSV" in.
func readText(r io.Reader, what string) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return "", fmt.Errorf("read the %s file: %w", what, err)
	}
	if len(b) > MaxFileSize {
		return "", accounts.Errorf(accounts.EFORMAT, "intake.too_large", "What", whatFile(what), "MB", MaxFileSize>>20)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if utf8.Valid(b) {
		return string(b), nil
	}
	if len(b) >= 2 && (b[0] == 0xff && b[1] == 0xfe || b[0] == 0xfe && b[1] == 0xff) {
		return "", accounts.Errorf(accounts.EFORMAT, "intake.utf16", "What", whatFile(what))
	}
	u, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil || !utf8.Valid(u) {
		return "", accounts.Errorf(accounts.EFORMAT, "intake.encoding", "What", whatFile(what))
	}
	return strings.TrimPrefix(string(u), "\ufeff"), nil
}

// safely runs a third-party parser so that a bug it has on some odd input
// becomes a sentence for the person instead of a crash of the app.
func safely(what string, fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = accounts.Errorf(accounts.EFORMAT, "intake.damaged", "What", whatFile(what))
		}
	}()
	return fn()
}
