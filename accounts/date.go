package accounts

import (
	"fmt"
	"strings"
	"time"
)

// Date is a calendar day without a time zone: a due date, a renewal date, a
// birthday. Storing the day itself (not an instant) keeps a due date from
// moving when the laptop crosses a time zone, and its String form
// "2026-11-23" sorts in date order, which the database indexes rely on.
// The zero Date means "not set".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// NewDate returns the given day, normalised (Feb 30 becomes Mar 1 or 2).
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// ParseDate reads "2006-01-02" (also "2006/01/02" and "2006.1.2"); an empty
// string is the zero Date.
func ParseDate(in string) (Date, error) {
	s := strings.TrimSpace(in)
	if s == "" {
		return Date{}, nil
	}
	if d, ok := parseISODate(s); ok {
		return d, nil
	}
	s = dateSeparators.Replace(s)
	t, err := time.Parse("2006-1-2", s)
	if err != nil {
		return Date{}, &Error{Code: EINVALID, Msg: Say("error.date.invalid", "Value", in), Err: err}
	}
	return DateOf(t), nil
}

// dateSeparators turns the ways people write dates into dashes.
var dateSeparators = strings.NewReplacer("/", "-", ".", "-", "年", "-", "月", "-", "日", "")

// parseISODate is the fast path for the stored form "2006-01-02": every date
// in the database is decoded through here, so it must not allocate.
func parseISODate(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, false
	}
	n := func(b string) int {
		v := 0
		for i := 0; i < len(b); i++ {
			if b[i] < '0' || b[i] > '9' {
				return -1
			}
			v = v*10 + int(b[i]-'0')
		}
		return v
	}
	y, m, d := n(s[:4]), n(s[5:7]), n(s[8:])
	if y < 1 || m < 1 || m > 12 || d < 1 || d > 31 {
		return Date{}, false
	}
	out := Date{y, time.Month(m), d}
	if DateOf(out.Time()) != out { // Feb 30 and the like: let time.Parse report it
		return Date{}, false
	}
	return out, true
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight UTC of the day.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// String returns "2006-01-02", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.ordinal() < e.ordinal() }

// After reports whether d is strictly after e.
func (d Date) After(e Date) bool { return d.ordinal() > e.ordinal() }

// ordinal orders dates as their String form does (the zero Date first)
// without formatting them: the risk and completeness rules compare dates
// millions of times over a large book.
func (d Date) ordinal() int { return d.Year*10000 + int(d.Month)*100 + d.Day }

// AddDays returns the date n days later (earlier for negative n).
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// DaysUntil returns the number of days from d to e (negative when e is earlier).
func (d Date) DaysUntil(e Date) int {
	return int(e.Time().Sub(d.Time()).Hours() / 24)
}

// NextAnniversary returns the first date on or after from that has d's month
// and day; used for birthdays. Feb 29 falls on Mar 1 in other years.
func (d Date) NextAnniversary(from Date) Date {
	a := NewDate(from.Year, d.Month, d.Day)
	if a.Before(from) {
		a = NewDate(from.Year+1, d.Month, d.Day)
	}
	return a
}

// MarshalText writes the String form.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads the String form.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
