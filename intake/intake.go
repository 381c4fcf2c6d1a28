// Package intake turns files from other tools into Keycard records: CSV
// exports from Excel and CRMs become accounts or contacts, vCards become
// contacts and iCalendar events become visits. It also writes the two of
// those formats that address books and calendars take back: an account's
// contacts as vCards (vcardout.go) and follow-ups and planned visits as
// iCalendar events with reminders (icalout.go).
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
	"sync/atomic"
	"time"
	"unicode/utf8"

	"keycard/accounts"
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
// valid UTF-8 is read in the character set its bytes fit best
// (guessCharset): GB18030 (which includes GBK and GB2312), the encoding
// Excel on a Chinese Windows saves "CSV" in, unless the bytes are plainly
// Shift_JIS, Big5, EUC-JP or Windows-1252. assumed names a set other than
// GB18030, for the caller to tell the person.
func readText(r io.Reader, what string) (text, assumed string, err error) {
	b, err := readRaw(r, what)
	if err != nil || utf8.Valid(b) {
		return string(b), "", err
	}
	name, enc := guessCharset([][]byte{b})
	u, err := enc.NewDecoder().Bytes(b)
	if err != nil || !utf8.Valid(u) {
		return "", "", accounts.Errorf(accounts.EFORMAT, "intake.encoding", "What", whatFile(what))
	}
	if name == "GB18030" {
		name = ""
	}
	return strings.TrimPrefix(string(u), "\ufeff"), name, nil
}

// assumedCharset tells the person which character set a file was read in
// when it named none and was neither UTF-8 nor GB18030.
func (r *Result[T]) assumedCharset(name string) {
	if name != "" {
		r.problem(0, "", accounts.Say("intake.charset_guessed", "Charset", name), true)
	}
}

// readTimeout bounds the work on one file. A portfolio's largest export
// reads in well under a second; a file that takes this long is damaged
// or made to stall the reader, and the person is told so instead of
// waiting.
var readTimeout = 30 * time.Second

// deadline is the end of the time a reader has; its loops check it once
// per row, card or event, so a reader stops soon after a timeout.
type deadline struct {
	at      time.Time
	expired atomic.Bool
}

func (d *deadline) over() bool { return d.expired.Load() || time.Now().After(d.at) }

// panicHook, when set (by the fuzz tests), hears of every panic guarded
// turned into a sentence, so that none goes unnoticed in testing.
var panicHook func(any)

// tooSlow is what the person reads when a file took too long.
func tooSlow(what string) error {
	return accounts.Errorf(accounts.EFORMAT, "intake.too_slow", "What", whatFile(what), "Seconds", int(readTimeout/time.Second))
}

// guarded runs read, the parsing of a file already read into memory, with
// a deadline and a recover: a panic in a third-party parser becomes a
// sentence for the person instead of a crash of the app, and a parser that
// loops is abandoned after readTimeout (it stops at its next check). The
// caller reads the file itself first, so nothing here touches its reader
// after returning.
func guarded[T any](what string, read func(*deadline) (Result[T], error)) (Result[T], error) {
	type outcome struct {
		res Result[T]
		err error
	}
	dl := &deadline{at: time.Now().Add(readTimeout)}
	done := make(chan outcome, 1)
	go func() {
		var o outcome
		defer func() {
			if p := recover(); p != nil {
				if panicHook != nil {
					panicHook(p)
				}
				o = outcome{err: accounts.Errorf(accounts.EFORMAT, "intake.damaged", "What", whatFile(what))}
			}
			done <- o
		}()
		o.res, o.err = read(dl)
	}()
	timer := time.NewTimer(readTimeout + time.Second)
	defer timer.Stop()
	select {
	case o := <-done:
		return o.res, o.err
	case <-timer.C:
		dl.expired.Store(true)
		return Result[T]{}, tooSlow(what)
	}
}

// readRaw reads the whole input, refusing one over MaxFileSize or in
// UTF-16, and drops a UTF-8 byte-order mark; the bytes are left in their
// character set.
func readRaw(r io.Reader, what string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read the %s file: %w", what, err)
	}
	if len(b) > MaxFileSize {
		return nil, accounts.Errorf(accounts.EFORMAT, "intake.too_large", "What", whatFile(what), "MB", MaxFileSize>>20)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) && len(b) >= 2 && (b[0] == 0xff && b[1] == 0xfe || b[0] == 0xfe && b[1] == 0xff) {
		return nil, accounts.Errorf(accounts.EFORMAT, "intake.utf16", "What", whatFile(what))
	}
	return b, nil
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
