package accounts

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes a caller can switch on, in the manner of benbjohnson/wtf: the
// storage layer and the CLI map them to exit statuses and sentences.
const (
	ECONFLICT = "conflict"  // an update carried a stale version
	EINTERNAL = "internal"  // a bug or an I/O failure
	EINVALID  = "invalid"   // validation failed; see FieldErrors
	ENOTFOUND = "not_found" // no such record
	ELOCKED   = "locked"    // the database is held by another process
	EFORMAT   = "format"    // a file is not what it claims to be (not a Keycard database, damaged bundle)
	EVERSION  = "version"   // a file from a newer version of Keycard
)

// Error is a domain error with a code and a sentence a person can act on.
type Error struct {
	Code    string
	Message string
	// Fields holds per-field problems when Code is EINVALID.
	Fields []FieldError
	// Err is the underlying cause, kept for logs and errors.Is.
	Err error
}

func (e *Error) Error() string {
	if e.Message != "" {
		return e.Message
	}
	if len(e.Fields) > 0 {
		parts := make([]string, len(e.Fields))
		for i, f := range e.Fields {
			parts[i] = f.Error()
		}
		return strings.Join(parts, "; ")
	}
	if e.Err != nil {
		return e.Err.Error()
	}
	return e.Code
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
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

// ErrorMessage returns the person-facing sentence of err: the message of the
// first *Error in its chain, or a generic sentence for internal errors so that
// a Go error dump never reaches a person.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Error()
	}
	return "Something went wrong inside Keycard; your data was not changed. Please try again."
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
// "next_steps[2].due") and the message in both languages.
type FieldError struct {
	Field string
	Msg   Text
}

func (f FieldError) Error() string { return f.Field + ": " + f.Msg.En }

// problems collects FieldErrors during validation.
type problems struct {
	entity string
	list   []FieldError
}

func (p *problems) add(field, en, zh string) {
	p.list = append(p.list, FieldError{Field: field, Msg: Text{En: en, Zh: zh}})
}

func (p *problems) addAll(prefix string, err error) {
	for _, f := range FieldErrors(err) {
		p.list = append(p.list, FieldError{Field: prefix + f.Field, Msg: f.Msg})
	}
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	parts := make([]string, len(p.list))
	for i, f := range p.list {
		parts[i] = f.Msg.En
	}
	return &Error{
		Code:    EINVALID,
		Message: fmt.Sprintf("The %s was not saved: %s.", p.entity, strings.Join(parts, "; ")),
		Fields:  p.list,
	}
}
