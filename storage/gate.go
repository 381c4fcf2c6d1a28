package storage

import (
	"sync"
	"time"
)

// A staged import (staged.go) works on a copy of the file and then puts
// the copy in the file's place, which means closing bbolt's handle and
// opening another while the Store stays the same for everyone holding it.
// Every transaction passes the gate; the swap shuts it, once no
// transaction is inside, for the moment of closing, renaming and opening.
//
// The gate favours readers: a transaction opened inside another one (a
// callback that reads) goes through even while a swap waits, so the swap
// can be kept waiting but never deadlocks a reader. A swap that cannot
// shut the gate within its bound gives up, and the import with it.

// gate counts the transactions inside and holds new ones while shut.
type gate struct {
	mu      sync.Mutex
	cond    *sync.Cond
	inside  int
	closing bool
}

func (g *gate) init() {
	if g.cond == nil {
		g.cond = sync.NewCond(&g.mu)
	}
}

// enter waits while the gate is shut, then counts one more inside.
func (g *gate) enter() {
	g.mu.Lock()
	g.init()
	for g.closing {
		g.cond.Wait()
	}
	g.inside++
	g.mu.Unlock()
}

// leave counts one fewer inside.
func (g *gate) leave() {
	g.mu.Lock()
	g.init()
	g.inside--
	if g.inside == 0 {
		g.cond.Broadcast()
	}
	g.mu.Unlock()
}

// shut waits until nobody is inside, at most bound, and then holds every
// newcomer until open. It reports whether it shut the gate.
func (g *gate) shut(bound time.Duration) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.init()
	timer := time.AfterFunc(bound, func() {
		g.mu.Lock()
		g.cond.Broadcast()
		g.mu.Unlock()
	})
	defer timer.Stop()
	deadline := time.Now().Add(bound)
	for g.inside > 0 {
		if !time.Now().Before(deadline) {
			return false
		}
		g.cond.Wait()
	}
	g.closing = true
	return true
}

// open lets the waiting transactions in.
func (g *gate) open() {
	g.mu.Lock()
	g.init()
	g.closing = false
	g.cond.Broadcast()
	g.mu.Unlock()
}
