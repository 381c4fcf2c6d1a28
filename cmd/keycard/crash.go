package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"keycard/assets"
)

// crashFile is where the report of a crash goes, beside the database: a GUI
// program on Windows has no console, so without it a crash leaves nothing
// the person could send to whoever helps them.
func crashFile(dbPath string) string { return filepath.Join(filepath.Dir(dbPath), "keycard-crash.log") }

// keepCrashReports makes the Go runtime write the report of a crash (an
// unrecovered panic on any goroutine, a fatal error) into "<crash file>.run"
// after a line saying which Keycard started when. A run that ends well
// removes it (endCrashReports); so at the next start a ".run" file with a
// stack in it is a crash: it becomes the crash file, whose path is
// returned for the window to tell the person. A run killed from outside
// (power cut) leaves only the header, which is no crash.
func keepCrashReports(dbPath string) (report string) {
	final := crashFile(dbPath)
	run := final + ".run"
	if raw, err := os.ReadFile(run); err == nil && bytes.Contains(raw, []byte("goroutine ")) {
		if os.Rename(run, final) == nil {
			report = final
		}
	}
	f, err := os.OpenFile(run, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return report
	}
	_, _ = f.WriteString("Keycard " + assets.Describe() + ", started " + time.Now().Format(time.RFC3339) + "\n")
	if err := debug.SetCrashOutput(f, debug.CrashOptions{}); err != nil {
		f.Close()
	}
	return report
}

// endCrashReports ends a run that did not crash: nothing is left behind.
func endCrashReports(dbPath string) {
	_ = debug.SetCrashOutput(nil, debug.CrashOptions{})
	_ = os.Remove(crashFile(dbPath) + ".run")
}
