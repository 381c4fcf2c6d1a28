//go:build unix

package main

import (
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// A SIGTERM (logout, shutdown, kill) quits through the app, as File → Quit
// does, instead of ending the process on the spot.
func TestSignalQuitsThroughTheApp(t *testing.T) {
	test.NewApp()
	quitted := make(chan struct{})
	stop := quitOnSignal(func() { close(quitted) })
	defer stop()
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-quitted:
	case <-time.After(5 * time.Second):
		t.Fatal("SIGTERM did not quit the app")
	}
}
