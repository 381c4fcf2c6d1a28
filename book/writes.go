package book

import (
	"keycard/accounts"
	"keycard/storage"
)

// Every write below calls the store, and on success publishes and returns
// the Change it made; on failure nothing was written and the Change is
// empty. src says which form or view made the write.

// write runs fn and publishes c when it succeeds.
func (b *Book) write(c Change, fn func() error) (Change, error) {
	if err := fn(); err != nil {
		return Change{}, err
	}
	return b.publish(c), nil
}

// CreateAccount stores a new account; a moves the portfolio (a new row, a
// new owner perhaps).
func (b *Book) CreateAccount(src Source, a *accounts.Account) (Change, error) {
	if err := b.st().CreateAccount(a); err != nil {
		return Change{}, err
	}
	return b.publish(Change{Source: src, Accounts: []accounts.ID{a.ID}, Portfolio: true}), nil
}

// UpdateAccount stores a changed account. Its name, owner, revenue or tier
// can move the portfolio-wide figures, so the whole board is scored again.
func (b *Book) UpdateAccount(src Source, a *accounts.Account) (Change, error) {
	return b.write(Change{Source: src, Accounts: []accounts.ID{a.ID}, Portfolio: true}, func() error { return b.st().UpdateAccount(a) })
}

// DeleteAccount deletes an account with everything under it.
func (b *Book) DeleteAccount(src Source, id accounts.ID) (Change, error) {
	return b.write(Change{Source: src, Deleted: []accounts.ID{id}, Portfolio: true}, func() error { return b.st().DeleteAccount(id) })
}

// CreateContact stores a new contact of its account.
func (b *Book) CreateContact(src Source, c *accounts.Contact) (Change, error) {
	return b.write(accountChange(src, c.AccountID), func() error { return b.st().CreateContact(c) })
}

// UpdateContact stores a changed contact.
func (b *Book) UpdateContact(src Source, c *accounts.Contact) (Change, error) {
	return b.write(accountChange(src, c.AccountID), func() error { return b.st().UpdateContact(c) })
}

// DeleteContact deletes a contact with its links.
func (b *Book) DeleteContact(src Source, id accounts.ID) (Change, error) {
	c, err := b.st().Contact(id)
	if err != nil {
		return Change{}, err
	}
	return b.write(accountChange(src, c.AccountID), func() error { return b.st().DeleteContact(id) })
}

// MoveContact records that a contact left for another account we manage:
// the old record is marked left, a new one starts at the other account.
func (b *Book) MoveContact(src Source, contactID, to accounts.ID, left accounts.Date) (*accounts.Contact, Change, error) {
	old, err := b.st().Contact(contactID)
	if err != nil {
		return nil, Change{}, err
	}
	moved, err := b.st().MoveContact(contactID, to, left)
	if err != nil {
		return nil, Change{}, err
	}
	return moved, b.publish(accountChange(src, old.AccountID, to)), nil
}

// MoveContactToNewAccount is MoveContact to an account created with it, in
// one transaction.
func (b *Book) MoveContactToNewAccount(src Source, contactID accounts.ID, a *accounts.Account, left accounts.Date) (*accounts.Contact, Change, error) {
	old, err := b.st().Contact(contactID)
	if err != nil {
		return nil, Change{}, err
	}
	moved, err := b.st().MoveContactToNewAccount(contactID, a, left)
	if err != nil {
		return nil, Change{}, err
	}
	c := accountChange(src, old.AccountID, a.ID)
	c.Portfolio = true // a new account
	return moved, b.publish(c), nil
}

// CreateLink stores a new influence link between two contacts.
func (b *Book) CreateLink(src Source, l *accounts.InfluenceLink) (Change, error) {
	return b.write(accountChange(src, l.AccountID), func() error { return b.st().CreateLink(l) })
}

// UpdateLink stores a changed influence link.
func (b *Book) UpdateLink(src Source, l *accounts.InfluenceLink) (Change, error) {
	return b.write(accountChange(src, l.AccountID), func() error { return b.st().UpdateLink(l) })
}

// DeleteLink deletes the account's influence link id.
func (b *Book) DeleteLink(src Source, accountID, id accounts.ID) (Change, error) {
	return b.write(accountChange(src, accountID), func() error { return b.st().DeleteLink(id) })
}

// SaveLayout stores where the cards of an account's map sit.
func (b *Book) SaveLayout(src Source, l *accounts.MapLayout) (Change, error) {
	return b.write(accountChange(src, l.AccountID), func() error { return b.st().SaveLayout(l) })
}

// LogVisit stores a new visit (or call) of its account.
func (b *Book) LogVisit(src Source, v *accounts.Visit) (Change, error) {
	return b.write(accountChange(src, v.AccountID), func() error { return b.st().CreateVisit(v) })
}

// UpdateVisit stores a changed visit.
func (b *Book) UpdateVisit(src Source, v *accounts.Visit) (Change, error) {
	return b.write(accountChange(src, v.AccountID), func() error { return b.st().UpdateVisit(v) })
}

// DeleteVisit deletes the account's visit id.
func (b *Book) DeleteVisit(src Source, accountID, id accounts.ID) (Change, error) {
	return b.write(accountChange(src, accountID), func() error { return b.st().DeleteVisit(id) })
}

// TickFollowUp marks a visit's next step done (or not done again) on a day;
// an overdue follow-up counts in the account's risk score.
func (b *Book) TickFollowUp(src Source, f storage.FollowUp, done bool, on accounts.Date) (Change, error) {
	return b.write(accountChange(src, f.AccountID), func() error { return b.st().SetStepDone(f.VisitID, f.Step.ID, done, on) })
}

// CreateWarning stores a new warning sign of its account.
func (b *Book) CreateWarning(src Source, w *accounts.Warning) (Change, error) {
	return b.write(accountChange(src, w.AccountID), func() error { return b.st().CreateWarning(w) })
}

// UpdateWarning stores a changed warning sign.
func (b *Book) UpdateWarning(src Source, w *accounts.Warning) (Change, error) {
	return b.write(accountChange(src, w.AccountID), func() error { return b.st().UpdateWarning(w) })
}

// DeleteWarning deletes the account's warning sign id.
func (b *Book) DeleteWarning(src Source, accountID, id accounts.ID) (Change, error) {
	return b.write(accountChange(src, accountID), func() error { return b.st().DeleteWarning(id) })
}

// SavePlan stores an account's plan: goals, actions and opportunities.
func (b *Book) SavePlan(src Source, p *accounts.Plan) (Change, error) {
	return b.write(accountChange(src, p.AccountID), func() error { return b.st().SavePlan(p) })
}

// SaveHandover stores a handover draft; it changes no account.
func (b *Book) SaveHandover(src Source, h *accounts.Handover) (Change, error) {
	return b.write(Change{Source: src}, func() error { return b.st().SaveHandover(h) })
}

// CompleteHandover passes the accounts to their successors in one
// transaction: owners change, so the portfolio moves.
func (b *Book) CompleteHandover(src Source, h *accounts.Handover) (Change, error) {
	if err := b.st().CompleteHandover(h); err != nil {
		return Change{}, err
	}
	ids := make([]accounts.ID, len(h.Accounts))
	for i := range h.Accounts {
		ids[i] = h.Accounts[i].AccountID
	}
	return b.publish(Change{Source: src, Accounts: dedupe(ids), Portfolio: true}), nil
}

// AddAccounts stores whole accounts (with everything under them) in one
// transaction: a file comes in whole or not at all. The demo portfolio and
// the large generated data sets come in this way too.
func (b *Book) AddAccounts(src Source, batch []accounts.AccountData) (Change, error) {
	if len(batch) == 0 {
		return Change{}, nil
	}
	ids := make([]accounts.ID, len(batch))
	for i := range batch {
		ids[i] = batch[i].Account.ID
	}
	src.Origin = Import
	return b.write(Change{Source: src, Accounts: dedupe(ids), Portfolio: true}, func() error { return b.st().PutAccountData(batch) })
}

// Backup copies the database to path, whole, while it stays open. The
// copy is checked before it takes the name path; a database whose copy
// fails the check is damaged and gets no backup (a sentence says so and
// where the automatic backups are), so a damaged copy never passes for a
// good one.
func (b *Book) Backup(path string) error {
	if sameFile(path, b.Path()) {
		return b.st().BackupFile(path) // the store refuses it with its sentence
	}
	return copyChecked(b.st(), path)
}
