package book

import (
	"context"
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"keycard/accounts"
	"keycard/storage"
)

var t0 = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)

// testClock advances one second per reading, so timestamps differ.
type testClock struct{ t atomic.Int64 }

func (c *testClock) now() time.Time { return time.Unix(0, c.t.Add(int64(time.Second))).UTC() }

// newBook is a book on a real bbolt file in a temporary folder.
func newBook(t *testing.T, opts Options) *Book {
	t.Helper()
	c := &testClock{}
	c.t.Store(t0.UnixNano())
	if opts.Now == nil {
		opts.Now = c.now
	}
	b, err := Open(filepath.Join(t.TempDir(), "keycard.db"), opts, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func mkAccount(t *testing.T, b *Book, name string) accounts.Account {
	t.Helper()
	a := accounts.Account{Name: name, Owner: "Li Wei", Tier: accounts.TierKey, Stage: accounts.StageGrowth}
	if _, err := b.CreateAccount(CLI, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestOpenGivesTheClockToTheStore(t *testing.T) {
	b := newBook(t, Options{Now: func() time.Time { return t0 }})
	a := mkAccount(t, b, "Acme")
	if !a.CreatedAt.Equal(t0) {
		t.Errorf("created at %v, want the book's clock %v", a.CreatedAt, t0)
	}
	if b.Today() != accounts.DateOf(t0) || !b.Now().Equal(t0) {
		t.Errorf("today %v", b.Today())
	}
}

// Close waits for a running job before it closes the store: the job still
// reads the database after Close was called, and finds it open.
func TestCloseWaitsForRunningJobs(t *testing.T) {
	b := newBook(t, Options{})
	mkAccount(t, b, "Acme")
	started, release := make(chan struct{}), make(chan struct{})
	var readErr error
	if err := b.Jobs().Start("scan risk", Refuse, func(context.Context) {
		close(started)
		<-release
		_, readErr = b.Summaries()
	}); err != nil {
		t.Fatal(err)
	}
	<-started
	closed := make(chan error)
	go func() { closed <- b.Close() }()
	select {
	case <-closed:
		t.Fatal("Close returned while a job was running")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if err := <-closed; err != nil {
		t.Fatalf("close: %v", err)
	}
	if readErr != nil {
		t.Errorf("the job found the store closed: %v", readErr)
	}
	if err := b.Jobs().Start("later", Refuse, func(context.Context) {}); !errors.Is(err, ErrClosed) {
		t.Errorf("a job started after Close: %v", err)
	}
	if err := b.Close(); err != nil {
		t.Errorf("a second Close: %v", err)
	}
}

// Close cancels the context the jobs see.
func TestCloseCancelsTheJobsContext(t *testing.T) {
	b := newBook(t, Options{})
	started := make(chan struct{})
	var sawCancel atomic.Bool
	b.Jobs().Start("export pdf", Refuse, func(ctx context.Context) {
		close(started)
		<-ctx.Done()
		sawCancel.Store(true)
	})
	<-started
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if !sawCancel.Load() {
		t.Error("the job did not see its context cancelled")
	}
}

// A job that ignores its context past the bound is reported by name, and
// the store closes only once it has ended.
func TestCloseReportsJobsPastTheBound(t *testing.T) {
	b := newBook(t, Options{CloseBound: 20 * time.Millisecond})
	release := make(chan struct{})
	ended := make(chan error, 1)
	b.Jobs().Start("read bundle x.keycard", Refuse, func(context.Context) {
		<-release
		_, err := b.Summaries()
		ended <- err
	})
	err := b.Close()
	var nf *NotFinishedError
	if !errors.As(err, &nf) || len(nf.Jobs) != 1 || nf.Jobs[0] != "read bundle x.keycard" {
		t.Fatalf("close: %v, want the late job named", err)
	}
	close(release)
	if err := <-ended; err != nil {
		t.Errorf("the late job found the store closed: %v", err)
	}
}
