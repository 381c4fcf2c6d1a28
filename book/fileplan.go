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
	read, err := ReadAccountsCSV(raw, owner, b.now())
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
	res, err := intake.ReadAccountsCSV(bytes.NewReader(raw), intake.CSVOptions{Owner: owner, Now: now})
	if err != nil {
		return FilePlan[accounts.Account]{}, err
	}
	return FilePlan[accounts.Account]{Add: res.Records, Problems: res.Problems, Ignored: res.Ignored}, nil
}

// PlanAccounts leaves out of a file's accounts (from ReadAccountsCSV) those
// Keycard has (same name).
func (b *Book) PlanAccounts(read FilePlan[accounts.Account]) (FilePlan[accounts.Account], error) {
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
