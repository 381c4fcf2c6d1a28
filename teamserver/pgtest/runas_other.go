//go:build !unix

package pgtest

import "os/exec"

// runAs is never called here: os.Geteuid is -1 on Windows, so the tests
// never run "as root" and the package compiles for the Windows runner
// (where KEYCARD_SKIP_PG=1 skips the tests that need a server).
func runAs(*exec.Cmd, *owner) {}
