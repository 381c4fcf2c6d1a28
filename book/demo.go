package book

import (
	"keycard/accounts"
	"keycard/demo"
)

// LargeDemoAccounts is the size of the large benchmark data set.
const LargeDemoAccounts = demo.LargeAccounts

// DemoBatch is how many generated accounts GenerateDemo stores in one
// write transaction.
const DemoBatch = 200

// DemoCount counts the made-up records a demo load has stored so far.
type DemoCount struct{ Accounts, Contacts, Visits int }

// LoadDemo adds the demo portfolio (thirty made-up accounts of the book's
// day) for a first look at Keycard.
func (b *Book) LoadDemo(src Source) (Change, error) {
	_, c, err := b.GenerateDemo(src, DemoOptions{Seed: 1}, nil)
	return c, err
}

// GenerateDemo adds made-up accounts as o says (on the book's day unless
// o.Now is set): the demo portfolio, or the large benchmark data set. The
// accounts are generated one at a time and stored DemoBatch to a
// transaction, so the large set never sits in memory at once; progress, if
// set, is called after each transaction. On failure the transactions
// before it stay.
func (b *Book) GenerateDemo(src Source, o DemoOptions, progress func(DemoCount)) (DemoCount, Change, error) {
	if o.Now.IsZero() {
		o.Now = b.now()
	}
	var n DemoCount
	var all Change
	batch := make([]accounts.AccountData, 0, DemoBatch)
	flush := func() error {
		c, err := b.AddAccounts(src, batch)
		if err != nil {
			return err
		}
		// Each batch holds other accounts: no need to look for doubles.
		all.Source, all.Portfolio = c.Source, true
		all.Accounts = append(all.Accounts, c.Accounts...)
		n.Accounts += len(batch)
		batch = batch[:0]
		if progress != nil {
			progress(n)
		}
		return nil
	}
	err := demo.GenerateEach(o, func(d accounts.AccountData) error {
		n.Contacts += len(d.Contacts)
		n.Visits += len(d.Visits)
		batch = append(batch, d)
		if len(batch) == DemoBatch {
			return flush()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	return n, all, err
}
