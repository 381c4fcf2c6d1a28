package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// TestAfterFrameLetsTheWindowDrawFirst: outside the tests' queue, what
// waits for a frame does not run in the call that hands it over (the
// drawing would wait for it), and does run soon after.
func TestAfterFrameLetsTheWindowDrawFirst(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	w := &shell{app: a}
	ran := make(chan struct{})
	w.afterFrame(func() { close(ran) })
	select {
	case <-ran:
		t.Fatal("ran before the window could draw")
	default:
	}
	select {
	case <-ran:
	case <-time.After(10 * time.Second):
		t.Fatal("never ran")
	}

	// The tests' queue runs it at once, as everything else it holds.
	q := &shell{app: a, queued: true}
	done := false
	q.afterFrame(func() { done = true })
	if !done {
		t.Fatal("the queued shell deferred it")
	}
}
