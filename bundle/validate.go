package bundle

import (
	"errors"
	"fmt"
	"strings"

	"keycard/accounts"
)

// badRecord says which record of which account failed validation.
type badRecord struct {
	account string // the account's name, or its position when unnamed
	record  string // e.g. `contact "Li Wei"`; empty for the account itself
	err     error
}

// detail is the record's problems in one clause.
func (b *badRecord) detail() string {
	fields := accounts.FieldErrors(b.err)
	if len(fields) == 0 {
		return b.err.Error()
	}
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = f.Msg.En
	}
	return strings.Join(parts, "; ")
}

func (b *badRecord) where() string {
	if b.record == "" {
		return "account " + b.account
	}
	return "account " + b.account + ", " + b.record
}

// forRead turns the problem into the refusal of an incoming bundle.
func (b *badRecord) forRead() error {
	return &accounts.Error{Code: accounts.EINVALID,
		Message: fmt.Sprintf("This bundle holds a record Keycard cannot accept (%s: %s); nothing was imported. Ask the sender to correct it and export again.", b.where(), b.detail()),
		Fields:  accounts.FieldErrors(b.err), Err: b.err}
}

// forWrite turns the problem into the refusal of an export.
func (b *badRecord) forWrite() error {
	return &accounts.Error{Code: accounts.EINVALID,
		Message: fmt.Sprintf("The bundle was not written: %s is not valid (%s). Correct it and export again.", b.where(), b.detail()),
		Fields:  accounts.FieldErrors(b.err), Err: b.err}
}

func quoted(s string) string { return fmt.Sprintf("%q", printable(s)) }

// check validates every record of data as the database would before storing
// it, plus what a bundle adds: ids are well formed and unique, and every
// record belongs to the account it travels with.
func check(data []accounts.AccountData) *badRecord {
	seen := map[accounts.ID]bool{}
	fresh := func(id accounts.ID) error {
		if !id.Valid() {
			return fmt.Errorf("its id %q is not a Keycard id", printable(string(id)))
		}
		if seen[id] {
			return fmt.Errorf("its id %s appears twice in the bundle", id)
		}
		seen[id] = true
		return nil
	}
	belongs := func(got, want accounts.ID) error {
		if got != want {
			return errors.New("it belongs to another account than the one it travels with")
		}
		return nil
	}
	for i := range data {
		d := &data[i]
		a := &d.Account
		name := quoted(a.Name)
		if strings.TrimSpace(a.Name) == "" {
			name = fmt.Sprintf("number %d", i+1)
		}
		bad := func(record string, err error) *badRecord {
			return &badRecord{account: name, record: record, err: err}
		}
		if err := fresh(a.ID); err != nil {
			return bad("", err)
		}
		if err := a.Validate(); err != nil {
			return bad("", err)
		}
		for j := range d.Contacts {
			c := &d.Contacts[j]
			what := "contact " + quoted(c.DisplayName("en"))
			if err := firstErr(fresh(c.ID), belongs(c.AccountID, a.ID), c.Validate()); err != nil {
				return bad(what, err)
			}
		}
		if err := accounts.ValidateReporting(d.Contacts); err != nil {
			return bad("reporting lines", err)
		}
		for j := range d.Links {
			l := &d.Links[j]
			if err := firstErr(fresh(l.ID), belongs(l.AccountID, a.ID), l.Validate()); err != nil {
				return bad(fmt.Sprintf("influence link %d", j+1), err)
			}
		}
		for j := range d.Visits {
			v := &d.Visits[j]
			what := fmt.Sprintf("visit of %s", v.At.Format("2006-01-02"))
			if err := firstErr(fresh(v.ID), belongs(v.AccountID, a.ID), v.Validate()); err != nil {
				return bad(what, err)
			}
		}
		for j := range d.Warnings {
			w := &d.Warnings[j]
			what := "warning sign " + quoted(string(w.Kind))
			if err := firstErr(fresh(w.ID), belongs(w.AccountID, a.ID), w.Validate()); err != nil {
				return bad(what, err)
			}
		}
		if d.Plan != nil {
			if err := firstErr(belongs(d.Plan.AccountID, a.ID), d.Plan.Validate()); err != nil {
				return bad("account plan", err)
			}
		}
		if d.Layout != nil {
			if err := belongs(d.Layout.AccountID, a.ID); err != nil {
				return bad("map layout", err)
			}
		}
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
