package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// crashChild is this test binary run again as a Keycard that crashes on a
// background goroutine (or ends well), with its crash reports kept.
func init() {
	db := os.Getenv("KEYCARD_CRASH_CHILD")
	if db == "" {
		return
	}
	keepCrashReports(db)
	if os.Getenv("KEYCARD_CRASH_WELL") == "1" {
		endCrashReports(db)
		os.Exit(0)
	}
	done := make(chan struct{})
	go func() { panic("a background job failed") }()
	<-done
}

func runChild(t *testing.T, db string, well bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "KEYCARD_CRASH_CHILD="+db)
	if well {
		cmd.Env = append(cmd.Env, "KEYCARD_CRASH_WELL=1")
	}
	err := cmd.Run()
	if well != (err == nil) {
		t.Fatalf("child (ends well: %v): %v", well, err)
	}
}

// A crash on any goroutine leaves a report with the version and the stack,
// which the next start finds and names; a run that ends well leaves none.
func TestCrashLeavesAReportTheNextStartFinds(t *testing.T) {
	db := filepath.Join(t.TempDir(), "keycard.db")
	runChild(t, db, false)
	report := keepCrashReports(db)
	t.Cleanup(func() { endCrashReports(db) })
	if report != crashFile(db) {
		t.Fatalf("the next start found %q, want %s", report, crashFile(db))
	}
	raw, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Keycard ", "panic: a background job failed", "goroutine "} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("the report lacks %q:\n%s", want, raw)
		}
	}
	if fi, _ := os.Stat(report); fi.Mode().Perm() != 0o600 {
		t.Errorf("the report has mode %v", fi.Mode().Perm())
	}
	endCrashReports(db)

	db2 := filepath.Join(t.TempDir(), "keycard.db")
	runChild(t, db2, true)
	if r := keepCrashReports(db2); r != "" {
		t.Errorf("a run that ended well left a report: %s", r)
	}
	endCrashReports(db2)
}
