// Package book is Keycard's application layer: it owns the open store, the
// clock, the portfolio's risk board and the background jobs, and it has one
// method for every use case the desktop app and keycardctl share (create,
// update and delete each record, log a visit, tick a follow-up, move a
// contact, import, hand over, export). Every write returns a Change that
// says what moved; listeners subscribed to the book get every Change,
// whatever made it: a form, an import, or (later) a team server through
// Apply. The package does not import Fyne, so every use case can be tested
// on a real database without a display.
package book

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"keycard/accounts"
	"keycard/storage"
)

// CloseBound is how long Close waits for running jobs before it reports the
// ones that did not finish and closes the store anyway.
const CloseBound = 10 * time.Second

// Options tune a Book.
type Options struct {
	// Now is the clock; nil means time.Now. Tests pass a fixed day.
	Now func() time.Time
	// CloseBound overrides CloseBound (tests use a short one).
	CloseBound time.Duration
}

// Book is one open Keycard database with everything that works on it.
type Book struct {
	// store is the open database; a restore swaps it for the restored one
	// while no job runs (Jobs.StartAlone), so it is read atomically.
	store atomic.Pointer[storage.Store]
	sopts storage.Options // how the store was opened, to open it again after a restore
	now   func() time.Time
	bound time.Duration
	jobs  *Jobs
	risk  riskState
	auto  autoState
	team  teamState

	mu     sync.Mutex
	subs   map[int]func(Change)
	nextID int
	closed bool
}

// New puts s under a Book; the Book closes it in Close.
func New(s *storage.Store, opts Options) *Book {
	b := &Book{now: opts.Now, bound: opts.CloseBound, jobs: newJobs(), subs: map[int]func(Change){}}
	b.store.Store(s)
	if b.now == nil {
		b.now = time.Now
	}
	b.sopts = storage.Options{Now: b.now}
	if b.bound <= 0 {
		b.bound = CloseBound
	}
	return b
}

// Open opens the database at path and puts it under a Book.
func Open(path string, opts Options, sopts storage.Options) (*Book, error) {
	if sopts.Now == nil {
		sopts.Now = opts.Now
	}
	s, err := storage.Open(path, sopts)
	if err != nil {
		return nil, err
	}
	b := New(s, opts)
	b.sopts = sopts
	return b, nil
}

// st is the open store.
func (b *Book) st() *storage.Store { return b.store.Load() }

// Now is the book's clock.
func (b *Book) Now() time.Time { return b.now() }

// Today is the current calendar day.
func (b *Book) Today() accounts.Date { return accounts.DateOf(b.now()) }

// Jobs is the owner of the book's background work.
func (b *Book) Jobs() *Jobs { return b.jobs }

// Path is the database file.
func (b *Book) Path() string { return b.st().Path() }

// NotFinishedError is Close's report of jobs still running at its bound;
// the store was closed under them and their results are lost.
type NotFinishedError struct{ Jobs []string }

func (e *NotFinishedError) Error() string {
	return fmt.Sprintf("close the database: %d background jobs did not finish in time: %v", len(e.Jobs), e.Jobs)
}

// Close is the shutdown: it refuses new jobs, cancels the context the
// running ones see, waits for them up to the bound and only then closes the
// store, so no job ever reads a closed database. Jobs still running at the
// bound are reported (a *NotFinishedError) and the store is closed once
// they end, never under them; the process is usually exiting by then, and
// every committed write is already on disk.
func (b *Book) Close() error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil
	}
	b.closed = true
	b.mu.Unlock()
	b.stopAutoBackups()
	b.stopTeamSync()
	if left := b.jobs.close(b.bound); len(left) > 0 {
		go func() {
			b.jobs.wg.Wait()
			b.st().Close()
		}()
		return &NotFinishedError{Jobs: left}
	}
	return b.st().Close()
}
