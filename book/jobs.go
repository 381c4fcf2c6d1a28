package book

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"keycard/accounts"
)

// Policy says what a second start of a named job does while the first runs.
type Policy int

const (
	// Refuse turns the second start away with ErrRunning: for work that
	// must not run twice (a bundle read, a PDF export, an import, a save),
	// where the second start is a repeated click or Enter.
	Refuse Policy = iota
	// Again runs the job once more after the running one ends, with the
	// latest function, however many starts arrive meanwhile: for loads and
	// the risk scan, whose result must include the writes made while they
	// ran. Never two at once.
	Again
	// Queue runs every start, one after the other in the order they came:
	// for small writes of which each carries its own edit (a cell of the
	// "who knows whom" matrix), where running only the latest would drop
	// the ones before it. Queued runs still run when Close comes: they are
	// writes a person made, and the store stays open until they end.
	Queue
)

// ErrRunning is a refused second start of a job that is running.
var ErrRunning = accounts.Errorf(accounts.ECONFLICT, "book.running")

// ErrBusy is a job started while one that must run alone (a restore) waits
// for the others or runs: the database is about to be replaced under it.
var ErrBusy = accounts.Errorf(accounts.ECONFLICT, "book.busy_restoring")

// ErrClosed is a job started after Close.
var ErrClosed = errors.New("the database is closing; no new work starts")

// Jobs owns the background work of a Book: every job has a name; start-up,
// shutdown and each job go through it, so shutdown knows what still runs.
type Jobs struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	idle    *sync.Cond // signalled when a job ends, for StartAlone
	running map[string]*job
	closed  bool
	alone   string // the job that runs alone (a restore), "" if none
}

type job struct {
	again func(context.Context)   // the next run, for Policy Again; nil if none is due
	queue []func(context.Context) // the runs waiting, for Policy Queue, in order
}

func newJobs() *Jobs {
	ctx, cancel := context.WithCancel(context.Background())
	j := &Jobs{ctx: ctx, cancel: cancel, running: map[string]*job{}}
	j.idle = sync.NewCond(&j.mu)
	return j
}

// Start runs fn in the background as the job name. A second start while the
// job runs follows p. fn sees a context that Close cancels.
func (j *Jobs) Start(name string, p Policy, fn func(context.Context)) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return ErrClosed
	}
	if j.alone != "" {
		return ErrBusy
	}
	if r, ok := j.running[name]; ok {
		switch p {
		case Refuse:
			return ErrRunning
		case Queue:
			r.queue = append(r.queue, fn)
		default:
			r.again = fn
		}
		return nil
	}
	j.running[name] = &job{}
	j.wg.Add(1)
	go j.run(name, fn)
	return nil
}

func (j *Jobs) run(name string, fn func(context.Context)) {
	defer j.wg.Done()
	for fn != nil {
		fn(j.ctx)
		j.mu.Lock()
		fn = j.next(name)
		j.mu.Unlock()
	}
}

// next takes the job's next run, with j.mu held: the first queued one
// (even after Close), else the Again one (not after Close); with none the
// job ends.
func (j *Jobs) next(name string) func(context.Context) {
	r := j.running[name]
	if len(r.queue) > 0 {
		fn := r.queue[0]
		r.queue = r.queue[1:]
		return fn
	}
	fn := r.again
	r.again = nil
	if fn == nil || j.closed {
		delete(j.running, name)
		j.idle.Broadcast()
		return nil
	}
	return fn
}

// StartAlone runs fn in the background as the job name once every other
// job has ended; new starts are turned away with ErrBusy from now until fn
// returns. It is for work that replaces the database under the book (a
// restore), which no other job may see half done. The function fn returns,
// if any, runs after that, when jobs start again: what fn made known (a
// Change) may start new work. A second StartAlone while one waits or runs
// is refused with ErrRunning.
func (j *Jobs) StartAlone(name string, fn func(context.Context) (then func())) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	switch {
	case j.closed:
		return ErrClosed
	case j.alone != "":
		return ErrRunning
	}
	j.alone = name
	j.wg.Add(1)
	go func() {
		defer j.wg.Done()
		j.mu.Lock()
		for len(j.running) > 0 {
			j.idle.Wait()
		}
		if j.closed { // the book closes: the work is not started
			j.alone = ""
			j.mu.Unlock()
			return
		}
		j.running[name] = &job{}
		j.mu.Unlock()
		then := fn(j.ctx)
		j.mu.Lock()
		delete(j.running, name)
		j.alone = ""
		j.mu.Unlock()
		if then != nil {
			then()
		}
	}()
	return nil
}

// Context is the context every job sees: Close cancels it.
func (j *Jobs) Context() context.Context { return j.ctx }

// Running lists the jobs under way, by name.
func (j *Jobs) Running() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]string, 0, len(j.running))
	for n := range j.running {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// Wait blocks until no job runs (tests use it).
func (j *Jobs) Wait() { j.wg.Wait() }

// close refuses new jobs, cancels the running ones and waits for them up to
// bound; it returns the names of those still running then.
func (j *Jobs) close(bound time.Duration) []string {
	j.mu.Lock()
	j.closed = true
	j.mu.Unlock()
	j.cancel()
	done := make(chan struct{})
	go func() {
		j.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-time.After(bound):
		return j.Running()
	}
}
