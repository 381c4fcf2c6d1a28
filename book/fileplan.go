package book

import (
	"bytes"
	"io"
	"time"

	"keycard/accounts"
	"keycard/intake"
)

// FilePlan is what a file from another tool (a CSV from Excel or a CRM,
// vCards) would add, worked out before anything is written, so the import
// preview and the import itself skip the same records.
type FilePlan[T any] struct {
	Add      []T       // the records Keycard does not have yet
	Have     int       // the records Keycard has already
	Existing []string  // their names, in the file's order
	Problems []Problem // rows left out, or kept with a remark, and why
	Ignored  []string  // columns Keycard does not read
	// Money says how the file's money columns were read (unit and
	// currency), for the preview; empty for a file without any.
	Money accounts.Phrase

	refs []string // what each record of Add refers to (an account's parent)
	rows []int    // the row each record of Add came from
}

// ReadImportFile reads a file to import whole, up to one byte past
// MaxImportSize, so that the reader can say the file is too large.
func ReadImportFile(r io.Reader) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r, MaxImportSize+1))
}

// PlanAccountsCSV reads accounts from a CSV file (read by ReadImportFile);
// owner is the owner of rows that name none. Accounts Keycard has (same
// name) are left out.
func (b *Book) PlanAccountsCSV(raw []byte, owner string) (FilePlan[accounts.Account], error) {
	return b.PlanAccountsCSVWith(raw, CSVImport{Owner: owner})
}

// CSVImport is what a CSV file does not say itself: the owner of rows that
// name none, the currency and unit of its money columns, and the column of
// an accounts file that names each account's parent ("" finds it by its
// header).
type CSVImport struct {
	Owner        string
	Money        intake.Money
	ParentColumn string
}

// PlanAccountsCSVWith is PlanAccountsCSV with the file's options.
func (b *Book) PlanAccountsCSVWith(raw []byte, o CSVImport) (FilePlan[accounts.Account], error) {
	read, err := ReadAccountsCSVWith(raw, o, b.now())
	if err != nil {
		return FilePlan[accounts.Account]{}, err
	}
	return b.PlanAccounts(read)
}

// ReadAccountsCSV reads accounts from a CSV file (read by ReadImportFile)
// for the day now, without a database: every account read is in Add. A
// command that may create the database reads the file first, so a file
// it refuses creates nothing.
func ReadAccountsCSV(raw []byte, owner string, now time.Time) (FilePlan[accounts.Account], error) {
	return ReadAccountsCSVWith(raw, CSVImport{Owner: owner}, now)
}

// ReadAccountsCSVWith is ReadAccountsCSV with the file's options.
func ReadAccountsCSVWith(raw []byte, o CSVImport, now time.Time) (FilePlan[accounts.Account], error) {
	if err := o.Money.Check(); err != nil {
		return FilePlan[accounts.Account]{}, err
	}
	res, err := intake.ReadAccountsCSV(bytes.NewReader(raw), intake.CSVOptions{Owner: o.Owner, Now: now, Money: o.Money, ParentColumn: o.ParentColumn})
	if err != nil {
		return FilePlan[accounts.Account]{}, err
	}
	p := FilePlan[accounts.Account]{Add: res.Records, Problems: res.Problems, Ignored: res.Ignored, refs: res.Refs, rows: res.Rows}
	if moneyOptions(o.Money) {
		p.Money = o.Money.Phrase()
	}
	return p, nil
}

// moneyOptions reports whether the person said how money is written.
func moneyOptions(m intake.Money) bool {
	return m.Currency != "" || (m.Unit != "" && m.Unit != intake.UnitOne)
}

// PlanAccounts leaves out of a file's accounts (from ReadAccountsCSV) those
// Keycard has (same name).
func (b *Book) PlanAccounts(read FilePlan[accounts.Account]) (FilePlan[accounts.Account], error) {
	if err := b.resolveParents(&read); err != nil {
		return FilePlan[accounts.Account]{}, err
	}
	add, have, err := b.NewAccounts(read.Add)
	if err != nil {
		return FilePlan[accounts.Account]{}, err
	}
	read.Add, read.Have, read.Existing = add, len(have), have
	return read, nil
}

// PlanContactsCSV reads contacts from a CSV file, matching each row's
// company column to an account. People an account has already are left out.
func (b *Book) PlanContactsCSV(r io.Reader) (FilePlan[accounts.Contact], error) {
	match, err := b.AccountMatcher()
	if err != nil {
		return FilePlan[accounts.Contact]{}, err
	}
	res, err := intake.ReadContactsCSV(r, intake.CSVOptions{Account: match})
	if err != nil {
		return FilePlan[accounts.Contact]{}, err
	}
	return b.newContactsPlan(res)
}

// PlanVCards reads the contacts of a vCard file for the account. People
// the account has already are left out.
func (b *Book) PlanVCards(r io.Reader, account accounts.ID) (FilePlan[accounts.Contact], error) {
	res, err := intake.ReadVCards(r, account)
	if err != nil {
		return FilePlan[accounts.Contact]{}, err
	}
	return b.newContactsPlan(res)
}

func (b *Book) newContactsPlan(res intake.Result[accounts.Contact]) (FilePlan[accounts.Contact], error) {
	add, have, err := b.NewContacts(res.Records)
	if err != nil {
		return FilePlan[accounts.Contact]{}, err
	}
	names := make([]string, len(have))
	for i, c := range have {
		names[i] = c.Name
	}
	return FilePlan[accounts.Contact]{Add: add, Have: len(have), Existing: names, Problems: res.Problems, Ignored: res.Ignored}, nil
}
