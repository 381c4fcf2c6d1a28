//go:build !windows

package openfile

import "runtime"

// Open opens path (absolute) with the system's program for it.
func Open(path string) error { return startCommand(runtime.GOOS, path) }
