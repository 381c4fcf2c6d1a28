package book

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
)

// A second start of a running job is refused, never run twice.
func TestJobsRefuseASecondStart(t *testing.T) {
	j := newJobs()
	release := make(chan struct{})
	var runs atomic.Int32
	job := func(context.Context) { runs.Add(1); <-release }
	if err := j.Start("read bundle a", Refuse, job); err != nil {
		t.Fatal(err)
	}
	if err := j.Start("read bundle a", Refuse, job); !errors.Is(err, ErrRunning) {
		t.Fatalf("second start: %v, want ErrRunning", err)
	}
	if err := j.Start("read bundle b", Refuse, func(context.Context) { runs.Add(1) }); err != nil {
		t.Fatalf("another job: %v", err)
	}
	if got := j.Running(); len(got) < 1 || got[0] != "read bundle a" {
		t.Errorf("running %v", got)
	}
	close(release)
	j.Wait()
	if runs.Load() != 2 {
		t.Errorf("%d runs, want 2 (a once, b once)", runs.Load())
	}
	if err := j.Start("read bundle a", Refuse, job); err != nil {
		t.Errorf("a start after the first ended: %v", err)
	}
	j.Wait()
}

// Starts of an Again job while it runs make one more run, with the latest
// function, after it: never two at once.
func TestJobsRunAgainOnceAfterTheRunningOne(t *testing.T) {
	j := newJobs()
	release := make(chan struct{})
	var running, most, runs atomic.Int32
	var last atomic.Int32
	job := func(n int32) func(context.Context) {
		return func(context.Context) {
			if r := running.Add(1); r > most.Load() {
				most.Store(r)
			}
			runs.Add(1)
			last.Store(n)
			if n == 1 {
				<-release
			}
			running.Add(-1)
		}
	}
	j.Start("scan risk", Again, job(1))
	j.Start("scan risk", Again, job(2))
	j.Start("scan risk", Again, job(3))
	close(release)
	j.Wait()
	if runs.Load() != 2 || last.Load() != 3 || most.Load() != 1 {
		t.Errorf("runs %d, last %d, at once %d; want 2 runs, the last with 3, one at a time", runs.Load(), last.Load(), most.Load())
	}
	if len(j.Running()) != 0 {
		t.Errorf("still running: %v", j.Running())
	}
}

func TestJobsCloseRefusesNewJobs(t *testing.T) {
	j := newJobs()
	if left := j.close(CloseBound); len(left) != 0 {
		t.Fatalf("left %v", left)
	}
	if j.Context().Err() == nil {
		t.Error("the jobs' context is not cancelled")
	}
	if err := j.Start("x", Again, func(context.Context) {}); !errors.Is(err, ErrClosed) {
		t.Errorf("start after close: %v", err)
	}
}

// Starts of a Queue job while it runs all run, in order, one at a time:
// every edit a person made is stored, none is replaced by a later one.
func TestJobsQueueRunsEveryStartInOrder(t *testing.T) {
	j := newJobs()
	release := make(chan struct{})
	var running, most atomic.Int32
	var mu sync.Mutex
	var order []int
	job := func(n int) func(context.Context) {
		return func(context.Context) {
			if r := running.Add(1); r > most.Load() {
				most.Store(r)
			}
			if n == 1 {
				<-release
			}
			mu.Lock()
			order = append(order, n)
			mu.Unlock()
			running.Add(-1)
		}
	}
	for n := 1; n <= 3; n++ {
		if err := j.Start("relationship c", Queue, job(n)); err != nil {
			t.Fatalf("start %d: %v", n, err)
		}
	}
	close(release)
	j.Wait()
	if !slices.Equal(order, []int{1, 2, 3}) || most.Load() != 1 {
		t.Errorf("ran %v, at once %d; want 1 2 3, one at a time", order, most.Load())
	}
	if len(j.Running()) != 0 {
		t.Errorf("still running: %v", j.Running())
	}
}

// A queued write still runs when Close comes while the one before it runs.
func TestJobsQueuedRunsSurviveClose(t *testing.T) {
	j := newJobs()
	release := make(chan struct{})
	var runs atomic.Int32
	j.Start("relationship c", Queue, func(context.Context) { <-release; runs.Add(1) })
	j.Start("relationship c", Queue, func(context.Context) { runs.Add(1) })
	go func() { close(release) }()
	if left := j.close(CloseBound); len(left) != 0 {
		t.Fatalf("left %v", left)
	}
	if runs.Load() != 2 {
		t.Errorf("%d runs, want 2: the queued write was dropped at close", runs.Load())
	}
}
