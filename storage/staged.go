package storage

import (
	"errors"
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
	"keycard/atomicfile"
)

// One transaction holds everything it writes in memory until it commits:
// an import of 2,500 accounts (287,500 records) in one transaction took
// 1.8 GB. A staged import bounds that: it copies the database beside
// itself, merges the bundle into the copy in transactions of about
// stageBatch records each, and when every account is in, puts the copy in
// the file's place. Until that moment the database is as it was, so the
// import stays all-or-nothing: a bad account, a bundle whose checksum
// fails at its end, a full disk or a kill leave the database unchanged and
// the copy is deleted (a killed one when the database is next opened,
// temps.go). Writers wait for the import as they wait for a one-transaction
// one; readers go on reading the database as it was.
//
// The copy costs time and room in proportion to the database, so a small
// bundle is still merged in one transaction (ImportStream); the caller
// chooses by the bundle's size (StageFrom).

// StageFrom is the number of records (accounts, contacts, visits, warning
// signs, plans) from which a bundle is better imported staged: below it
// one transaction takes under about 100 MB.
const StageFrom = 20_000

// stageBatch is about how many records each transaction on the copy
// takes; the bound on the import's memory follows from it.
const stageBatch = 5_000

// importSuffix names the copy a staged import works on, beside the
// database.
const importSuffix = ".import"

// swapBound is how long the swap waits for the transactions under way
// (a risk scan, an export) to end before it gives the import up.
const swapBound = 30 * time.Second

// ImportStaged merges the accounts of each into the database as
// ImportStream does, all or nothing, with its memory bounded whatever the
// number of accounts (see StageFrom). Only a database opened for writing
// can take it.
func (s *Store) ImportStaged(each AccountStream, opts ImportOptions) (ImportPlan, error) {
	if s.readOnly {
		return ImportPlan{}, readOnlyError(s.path)
	}
	if err := s.refuseDamaged(); err != nil {
		return ImportPlan{}, err
	}
	// Writers wait from the copy to the swap: a write in between would be
	// lost with the file it went to.
	s.writing.Lock()
	defer s.writing.Unlock()
	stage := s.path + importSuffix
	_ = os.Remove(stage)
	if err := s.copyFile(stage); err != nil {
		_ = os.Remove(stage)
		return ImportPlan{}, err
	}
	plan, err := mergeInto(stage, s.now, each, opts)
	if err != nil || plan.Changes() == 0 {
		// Nothing to put in place: the copy holds what the file holds.
		_ = os.Remove(stage)
		if err != nil {
			return ImportPlan{}, err
		}
		return plan, nil
	}
	if err := s.swapIn(stage); err != nil {
		_ = os.Remove(stage)
		return ImportPlan{}, err
	}
	return plan, nil
}

// copyFile writes the database as one read transaction sees it to path.
func (s *Store) copyFile(path string) error {
	s.gate.enter()
	defer s.gate.leave()
	if s.db == nil {
		return closedError()
	}
	err := s.guard(func() error {
		return s.db.View(func(tx *bolt.Tx) error { return tx.CopyFile(path, 0o600) })
	})
	var ke *accounts.Error
	if err != nil && !errors.As(err, &ke) {
		return ioError("write", path, err)
	}
	return err
}

// mergeInto merges the stream into the copy at path, stageBatch records a
// transaction, and syncs it to disk once.
func mergeInto(path string, now func() time.Time, each AccountStream, opts ImportOptions) (ImportPlan, error) {
	st, err := Open(path, Options{NoSync: true, Now: now})
	if err != nil {
		return ImportPlan{}, err
	}
	plan, err := st.importBatches(each, opts)
	if err == nil {
		err = st.guard(st.db.Sync)
		if err != nil {
			err = ioError("write", path, err)
		}
	}
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	return plan, err
}

// importBatches is ImportStream over several transactions, each taking
// whole accounts until it holds stageBatch records.
func (s *Store) importBatches(each AccountStream, opts ImportOptions) (ImportPlan, error) {
	var plan ImportPlan
	in := newIncoming(s.now().UTC())
	b := &stagedBatch{s: s}
	defer b.rollback()
	err := wrapTx(s.guard(func() error {
		err := streamIn(each, func(d *accounts.AccountData) error {
			prepared, err := in.prepare(d)
			if err != nil {
				return err
			}
			t, err := b.txn()
			if err != nil {
				return err
			}
			if err := t.importAccount(prepared, &plan, opts); err != nil {
				return err
			}
			if b.records += recordCount(prepared); b.records >= stageBatch {
				return b.commit()
			}
			return nil
		})
		if err != nil {
			return err
		}
		return b.commit()
	}))
	if err != nil {
		return ImportPlan{}, err
	}
	return plan, nil
}

// recordCount is the number of records an account's data holds.
func recordCount(d *accounts.AccountData) int {
	n := 1 + len(d.Contacts) + len(d.Links) + len(d.Visits) + len(d.Warnings)
	if d.Plan != nil {
		n++
	}
	if d.Layout != nil {
		n++
	}
	return n
}

// stagedBatch is the transaction of a staged import under way.
type stagedBatch struct {
	s       *Store
	tx      *bolt.Tx
	t       *txn
	records int
}

// txn is the batch's transaction, begun when the first account comes.
func (b *stagedBatch) txn() (*txn, error) {
	if b.t != nil {
		return b.t, nil
	}
	tx, err := b.s.db.Begin(true)
	if err != nil {
		return nil, err
	}
	b.tx, b.t = tx, b.s.writeTxn(tx, b.s.now().UTC())
	b.t.deferRecords()
	return b.t, nil
}

// commit writes the batch's records in key order and commits them.
func (b *stagedBatch) commit() error {
	if b.t == nil {
		return nil
	}
	t, tx := b.t, b.tx
	b.t, b.tx, b.records = nil, nil, 0
	if err := t.flushLater(); err != nil {
		tx.Rollback()
		return err
	}
	if err := t.flushOutbox(); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// rollback ends a batch left open by an error.
func (b *stagedBatch) rollback() {
	if b.tx != nil {
		b.tx.Rollback()
		b.t, b.tx = nil, nil
	}
}

// swapIn puts the file at stage in the database's place: the gate is shut
// once the transactions under way have ended, bbolt's handle closed, the
// copy renamed over the file and the file opened again.
func (s *Store) swapIn(stage string) error {
	if !s.gate.shut(swapBound) {
		return accounts.Errorf(accounts.ECONFLICT, "storage.import.busy")
	}
	defer s.gate.open()
	if s.db == nil {
		return closedError()
	}
	if err := s.db.Close(); err != nil {
		s.db = nil
		return s.reopenAfter(ioError("close", s.path, err))
	}
	s.db = nil
	if err := atomicfile.Replace(stage, s.path); err != nil {
		return s.reopenAfter(ioError("replace", s.path, err))
	}
	s.sums.reset()
	return s.reopenAfter(nil)
}

// reopenAfter opens the file again after the swap (done: err is nil) or a
// swap that stopped before the rename (the file is as it was), and
// returns err, or why the file could not be opened.
func (s *Store) reopenAfter(err error) error {
	db, oerr := openGuarded(s.path, &s.bopts)
	if oerr != nil {
		return &accounts.Error{Code: accounts.EINTERNAL, Err: fmt.Errorf("open again: %w", oerr),
			Msg: accounts.Say("storage.import.reopen_failed", "Path", s.path)}
	}
	s.db = db
	return err
}
