package accounts

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes a caller can switch on, in the manner of benbjohnson/wtf: the
// storage layer and the CLI map them to exit statuses, and package locale
// to sentences.
const (
	ECONFLICT = "conflict"  // an update carried a stale version
	EINTERNAL = "internal"  // a bug or an I/O failure
	EINVALID  = "invalid"   // validation failed; see FieldErrors
	ENOTFOUND = "not_found" // no such record
	ELOCKED   = "locked"    // the database is held by another process
	EFORMAT   = "format"    // a file is not what it claims to be (not a Keycard database, damaged bundle)
	EVERSION  = "version"   // a file from a newer version of Keycard
	// The team server's codes: what a person can do differs for each.
	EAUTH      = "auth"      // the server refused the login: wrong password, user disabled
	EOFFLINE   = "offline"   // the server cannot be reached now; work goes on locally
	EFORBIDDEN = "forbidden" // the server's rules refused a write (e.g. a rep changing an owner)
	EINSECURE  = "insecure"  // a connection to another machine without TLS, or a certificate not trusted
)

// Error is a domain error with a code and what to tell a person, as a Phrase
// (locale.Error says it in the reader's language).
type Error struct {
	Code string
	Msg  Phrase
	// Fields holds per-field problems when Code is EINVALID.
	Fields []FieldError
	// Err is the underlying cause, kept for logs and errors.Is.
	Err error
}

// Error is for logs: the code, the phrase's key and its arguments. People
// read locale.Error instead.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	if !e.Msg.IsZero() {
		b.WriteString(": " + e.Msg.Key + argsString(e.Msg.Args))
	}
	for _, f := range e.Fields {
		b.WriteString("; " + f.Error())
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

func argsString(args map[string]any) string {
	if len(args) == 0 {
		return ""
	}
	names := make([]string, 0, len(args))
	for k := range args {
		names = append(names, k)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, k := range names {
		parts[i] = fmt.Sprintf("%s=%v", k, args[k])
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error with the given code whose message is the phrase
// key with name/value pairs: Errorf(ENOTFOUND, "error.account.not_found",
// "ID", id).
func Errorf(code, key string, pairs ...any) *Error {
	return &Error{Code: code, Msg: Say(key, pairs...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorPhrase returns what to tell a person about err: the phrase of the
// first *Error in its chain (its field problems when it has no phrase of its
// own), or a generic sentence for any other error, so that a Go error dump
// never reaches a person.
func ErrorPhrase(err error) Phrase {
	var e *Error
	switch {
	case err == nil:
		return Phrase{}
	case !errors.As(err, &e):
		return Phrase{Key: "error.internal"}
	case !e.Msg.IsZero():
		return e.Msg
	case len(e.Fields) > 0:
		list := make([]Phrase, len(e.Fields))
		for i, f := range e.Fields {
			list[i] = f.Msg
		}
		return Say("error.fields", "Problems", list)
	}
	return Phrase{Key: "error.code." + e.Code}
}

// FieldErrors returns the per-field problems carried by err, if any.
func FieldErrors(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// FieldError is one bad field: its name as stored (e.g. "name",
// "next_steps[2].due") and what is wrong with it.
type FieldError struct {
	Field string
	Msg   Phrase
}

func (f FieldError) Error() string { return f.Field + ": " + f.Msg.Key + argsString(f.Msg.Args) }

// problems collects FieldErrors during validation.
type problems struct {
	entity string // key of the entity's name: "entity.account"
	list   []FieldError
}

func (p *problems) add(field string, msg Phrase) {
	p.list = append(p.list, FieldError{Field: field, Msg: msg})
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	list := make([]Phrase, len(p.list))
	for i, f := range p.list {
		list[i] = f.Msg
	}
	return &Error{
		Code:   EINVALID,
		Msg:    Say("error.not_saved", "Entity", Phrase{Key: "entity." + p.entity}, "Problems", list),
		Fields: p.list,
	}
}
