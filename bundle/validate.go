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
// record belongs to the account it travels with. The reader runs the same
// checks record by record as it decodes (see content.go), so a bad record is
// refused before the next one is read.
func check(data []accounts.AccountData) *badRecord {
	k := newChecker()
	for i := range data {
		if bad := k.all(i+1, &data[i]); bad != nil {
			return bad
		}
	}
	return nil
}

// all checks one account with everything under it, in the order the
// reader meets them.
func (k *checker) all(n int, d *accounts.AccountData) *badRecord {
	s, bad := k.account(n, &d.Account)
	if bad != nil {
		return bad
	}
	for j := range d.Contacts {
		if bad := s.contact(&d.Contacts[j]); bad != nil {
			return bad
		}
	}
	if bad := s.reporting(d.Contacts); bad != nil {
		return bad
	}
	for j := range d.Links {
		if bad := s.link(j+1, &d.Links[j]); bad != nil {
			return bad
		}
	}
	for j := range d.Visits {
		if bad := s.visit(&d.Visits[j]); bad != nil {
			return bad
		}
	}
	for j := range d.Warnings {
		if bad := s.warning(&d.Warnings[j]); bad != nil {
			return bad
		}
	}
	if d.Plan != nil {
		if bad := s.plan(d.Plan); bad != nil {
			return bad
		}
	}
	if d.Layout != nil {
		return s.layout(d.Layout)
	}
	return nil
}

// checker remembers the ids seen so far in one bundle.
type checker struct {
	seen map[accounts.ID]bool
}

func newChecker() *checker { return &checker{seen: map[accounts.ID]bool{}} }

// fresh refuses an id that is malformed or was seen before.
func (k *checker) fresh(id accounts.ID) error {
	if !id.Valid() {
		return accounts.Errorf(accounts.EINVALID, "bundle.bad_id", "ID", printable(string(id)))
	}
	if k.seen[id] {
		return accounts.Errorf(accounts.EINVALID, "bundle.id_twice", "ID", id)
	}
	k.seen[id] = true
	return nil
}

// scope checks the records of one account.
type scope struct {
	k    *checker
	id   accounts.ID
	name accounts.Phrase // the account's name, or its position when unnamed
}

// account checks the account itself, n its position from 1, and returns
// the scope its records are checked in.
func (k *checker) account(n int, a *accounts.Account) (*scope, *badRecord) {
	s := &scope{k: k, id: a.ID, name: quoted(a.Name)}
	if strings.TrimSpace(a.Name) == "" {
		s.name = accounts.Say("bundle.account_number", "N", n)
	}
	return s, s.bad(accounts.Phrase{}, firstErr(k.fresh(a.ID), a.Validate()))
}

// bad is nil when err is.
func (s *scope) bad(record accounts.Phrase, err error) *badRecord {
	if err == nil {
		return nil
	}
	return &badRecord{account: s.name, record: record, err: err}
}

func (s *scope) belongs(got accounts.ID) error {
	if got != s.id {
		return accounts.Errorf(accounts.EINVALID, "bundle.wrong_account")
	}
	return nil
}

func (s *scope) contact(c *accounts.Contact) *badRecord {
	what := accounts.Say("bundle.record.contact", "Name", c.Who())
	return s.bad(what, firstErr(s.k.fresh(c.ID), s.belongs(c.AccountID), c.Validate()))
}

func (s *scope) reporting(cs []accounts.Contact) *badRecord {
	return s.bad(accounts.Phrase{Key: "bundle.record.reporting"}, accounts.ValidateReporting(cs))
}

func (s *scope) link(n int, l *accounts.InfluenceLink) *badRecord {
	what := accounts.Say("bundle.record.link", "N", n)
	return s.bad(what, firstErr(s.k.fresh(l.ID), s.belongs(l.AccountID), l.Validate()))
}

func (s *scope) visit(v *accounts.Visit) *badRecord {
	what := accounts.Say("bundle.record.visit", "Date", v.At.Format("2006-01-02"))
	return s.bad(what, firstErr(s.k.fresh(v.ID), s.belongs(v.AccountID), v.Validate()))
}

func (s *scope) warning(w *accounts.Warning) *badRecord {
	what := accounts.Say("bundle.record.warning", "Kind", string(w.Kind))
	return s.bad(what, firstErr(s.k.fresh(w.ID), s.belongs(w.AccountID), w.Validate()))
}

func (s *scope) plan(p *accounts.Plan) *badRecord {
	return s.bad(accounts.Phrase{Key: "bundle.record.plan"}, firstErr(s.belongs(p.AccountID), p.Validate()))
}

func (s *scope) layout(l *accounts.MapLayout) *badRecord {
	return s.bad(accounts.Phrase{Key: "bundle.record.layout"}, s.belongs(l.AccountID))
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
