package storage

import (
	"testing"
	"time"
)

// The swap waits for the transactions inside; a transaction opened inside
// another while it waits still goes through (no deadlock); newcomers wait
// while the gate is shut; a swap that cannot shut in time gives up.
func TestGateWaitsForTransactionsAndLetsNestedOnesIn(t *testing.T) {
	var g gate
	g.enter()
	shut := make(chan bool, 1)
	go func() { shut <- g.shut(5 * time.Second) }()
	time.Sleep(20 * time.Millisecond) // let the swap start waiting
	nested := make(chan struct{})
	go func() { g.enter(); close(nested) }()
	select {
	case <-nested:
	case <-time.After(2 * time.Second):
		t.Fatal("a transaction opened inside another waits for the swap: a deadlock")
	}
	select {
	case <-shut:
		t.Fatal("the gate shut while transactions were inside")
	case <-time.After(20 * time.Millisecond):
	}
	g.leave()
	g.leave()
	if !<-shut {
		t.Fatal("the gate did not shut once every transaction had left")
	}
	came := make(chan struct{})
	go func() { g.enter(); close(came) }()
	select {
	case <-came:
		t.Fatal("a transaction came in while the gate was shut")
	case <-time.After(20 * time.Millisecond):
	}
	g.open()
	<-came
	if g.shut(30 * time.Millisecond) {
		t.Fatal("the gate shut with a transaction inside")
	}
	g.leave()
	if !g.shut(time.Second) {
		t.Fatal("the gate gave up although nobody was inside")
	}
	g.open()
}
