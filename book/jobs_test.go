package book

import (
	"context"
	"errors"
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
