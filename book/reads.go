package book

import (
	"keycard/accounts"
	"keycard/collation"
	"keycard/storage"
)

// Reads pass through to the store: the views and keycardctl read through
// the book, so that the book is the one door to the database.

func (b *Book) Summaries() ([]storage.Summary, error) { return b.st().Summaries() }
func (b *Book) SummariesByOwner(owner string) ([]storage.Summary, error) {
	return b.st().SummariesByOwner(owner)
}

// Owners lists the owners of accounts in the order people read names
// (pinyin for Chinese), for the owner pickers and the CLI.
func (b *Book) Owners() ([]string, error) {
	out, err := b.st().Owners()
	collation.Strings(out)
	return out, err
}
func (b *Book) Account(id accounts.ID) (*accounts.Account, error) { return b.st().Account(id) }
func (b *Book) FindAccount(idOrPrefix string) (*accounts.Account, error) {
	return b.st().FindAccount(idOrPrefix)
}
func (b *Book) LoadAccount(id accounts.ID) (*accounts.AccountData, error) {
	return b.st().LoadAccount(id)
}
func (b *Book) Contact(id accounts.ID) (*accounts.Contact, error) { return b.st().Contact(id) }
func (b *Book) Contacts(accountID accounts.ID) ([]accounts.Contact, error) {
	return b.st().Contacts(accountID)
}
func (b *Book) AllContacts() ([]accounts.Contact, error) { return b.st().AllContacts() }
func (b *Book) Birthdays(from accounts.Date, days int) ([]accounts.Contact, error) {
	return b.st().Birthdays(from, days)
}
func (b *Book) Visits(accountID accounts.ID) ([]accounts.Visit, error) {
	return b.st().Visits(accountID)
}
func (b *Book) RecentVisits(n int) ([]accounts.Visit, error) { return b.st().RecentVisits(n) }
func (b *Book) FollowUps(dueOnOrBefore accounts.Date) ([]storage.FollowUp, error) {
	return b.st().FollowUps(dueOnOrBefore)
}
func (b *Book) FollowUpsDue(today, end accounts.Date, limit int) (DueFollowUps, error) {
	return b.st().FollowUpsDue(today, end, limit)
}
func (b *Book) Renewals(from, to accounts.Date) ([]storage.Summary, error) {
	return b.st().Renewals(from, to)
}
func (b *Book) Plan(accountID accounts.ID) (*accounts.Plan, error) { return b.st().Plan(accountID) }
func (b *Book) Handovers() ([]accounts.Handover, error)            { return b.st().Handovers() }
func (b *Book) Handover(id accounts.ID) (*accounts.Handover, error) {
	return b.st().Handover(id)
}
func (b *Book) MapChanges(accountID accounts.ID) ([]accounts.MapChange, error) {
	return b.st().MapChanges(accountID)
}
func (b *Book) RiskHistory(accountID accounts.ID, from accounts.Date) ([]storage.RiskPoint, error) {
	return b.st().RiskHistory(accountID, from)
}
func (b *Book) RiskOn(day accounts.Date) (map[accounts.ID]storage.RiskPoint, error) {
	return b.st().RiskOn(day)
}
func (b *Book) RiskInputFor(id accounts.ID) (accounts.RiskInput, error) {
	return b.st().RiskInputFor(id)
}
func (b *Book) EachRiskInput(fn func(accounts.RiskInput) error) error {
	return b.st().EachRiskInput(fn)
}
func (b *Book) Stats() (storage.Stats, error) { return b.st().Stats() }
func (b *Book) Check() error                  { return b.st().Check() }
