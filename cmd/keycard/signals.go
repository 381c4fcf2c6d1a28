package main

import (
	"os"
	"os/signal"
	"syscall"

	"fyne.io/fyne/v2"
)

// quitOnSignal closes Keycard the way File → Quit does when the system asks
// it to stop: a logout or shutdown (SIGTERM) or Ctrl+C in the terminal that
// started it (SIGINT). Without it the process would end on the spot; with
// it the window closes, the book waits for the work still running (a write,
// a backup, a PDF) and the database file is closed properly. The returned
// func stops listening.
func quitOnSignal(quit func()) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-ch:
			fyne.Do(quit)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}
