package bundle

import (
	"strings"

	"keycard/accounts"
)

// badRecord says which record of which account failed validation.
type badRecord struct {
	account accounts.Phrase // the account's name, or its position when unnamed
	record  accounts.Phrase // e.g. `contact "Li Wei"`; zero for the account itself
	err     error
}

// detail is the record's problems in one clause.
func (b *badRecord) detail() accounts.Phrase {
	fields := accounts.FieldErrors(b.err)
	if len(fields) == 0 {
		return accounts.ErrorPhrase(b.err)
	}
	parts := make([]accounts.Phrase, len(fields))
	for i, f := range fields {
		parts[i] = f.Msg
	}
	return accounts.Say("error.fields", "Problems", parts)
}

func (b *badRecord) where() accounts.Phrase {
	if b.record.IsZero() {
		return accounts.Say("bundle.where.account", "Account", b.account)
	}
	return accounts.Say("bundle.where.record", "Account", b.account, "Record", b.record)
}

// forRead turns the problem into the refusal of an incoming bundle.
func (b *badRecord) forRead() error {
	return &accounts.Error{Code: accounts.EINVALID,
		Msg:    accounts.Say("bundle.bad_record.read", "Where", b.where(), "Detail", b.detail()),
		Fields: accounts.FieldErrors(b.err), Err: b.err}
}

// forWrite turns the problem into the refusal of an export.
func (b *badRecord) forWrite() error {
	return &accounts.Error{Code: accounts.EINVALID,
		Msg:    accounts.Say("bundle.bad_record.write", "Where", b.where(), "Detail", b.detail()),
		Fields: accounts.FieldErrors(b.err), Err: b.err}
}

func quoted(s string) accounts.Phrase { return accounts.Say("bundle.quoted", "Name", printable(s)) }

// check validates every record of data as the database would before storing
// it, plus what a bundle adds: ids are well formed and unique, and every
// record belongs to the account it travels with.
func check(data []accounts.AccountData) *badRecord {
	seen := map[accounts.ID]bool{}
	fresh := func(id accounts.ID) error {
		if !id.Valid() {
			return accounts.Errorf(accounts.EINVALID, "bundle.bad_id", "ID", printable(string(id)))
		}
		if seen[id] {
			return accounts.Errorf(accounts.EINVALID, "bundle.id_twice", "ID", id)
		}
		seen[id] = true
		return nil
	}
	belongs := func(got, want accounts.ID) error {
		if got != want {
			return accounts.Errorf(accounts.EINVALID, "bundle.wrong_account")
		}
		return nil
	}
	for i := range data {
		d := &data[i]
		a := &d.Account
		name := quoted(a.Name)
		if strings.TrimSpace(a.Name) == "" {
			name = accounts.Say("bundle.account_number", "N", i+1)
		}
		bad := func(record accounts.Phrase, err error) *badRecord {
			return &badRecord{account: name, record: record, err: err}
		}
		if err := fresh(a.ID); err != nil {
			return bad(accounts.Phrase{}, err)
		}
		if err := a.Validate(); err != nil {
			return bad(accounts.Phrase{}, err)
		}
		for j := range d.Contacts {
			c := &d.Contacts[j]
			what := accounts.Say("bundle.record.contact", "Name", c.Who())
			if err := firstErr(fresh(c.ID), belongs(c.AccountID, a.ID), c.Validate()); err != nil {
				return bad(what, err)
			}
		}
		if err := accounts.ValidateReporting(d.Contacts); err != nil {
			return bad(accounts.Phrase{Key: "bundle.record.reporting"}, err)
		}
		for j := range d.Links {
			l := &d.Links[j]
			if err := firstErr(fresh(l.ID), belongs(l.AccountID, a.ID), l.Validate()); err != nil {
				return bad(accounts.Say("bundle.record.link", "N", j+1), err)
			}
		}
		for j := range d.Visits {
			v := &d.Visits[j]
			what := accounts.Say("bundle.record.visit", "Date", v.At.Format("2006-01-02"))
			if err := firstErr(fresh(v.ID), belongs(v.AccountID, a.ID), v.Validate()); err != nil {
				return bad(what, err)
			}
		}
		for j := range d.Warnings {
			w := &d.Warnings[j]
			what := accounts.Say("bundle.record.warning", "Kind", string(w.Kind))
			if err := firstErr(fresh(w.ID), belongs(w.AccountID, a.ID), w.Validate()); err != nil {
				return bad(what, err)
			}
		}
		if d.Plan != nil {
			if err := firstErr(belongs(d.Plan.AccountID, a.ID), d.Plan.Validate()); err != nil {
				return bad(accounts.Phrase{Key: "bundle.record.plan"}, err)
			}
		}
		if d.Layout != nil {
			if err := belongs(d.Layout.AccountID, a.ID); err != nil {
				return bad(accounts.Phrase{Key: "bundle.record.layout"}, err)
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
