// Package openfile opens a local file or folder with the program the
// system uses for it, through the platform's own call with the plain path:
// ShellExecuteW on Windows, open on macOS, xdg-open elsewhere. A file://
// URL is not used, because the Windows shell does not decode a
// percent-encoded one (a Chinese path fails) and a '#' or '%' in an
// account's name breaks it everywhere.
package openfile

import (
	"errors"
	"os/exec"
	"path/filepath"
)

// ErrRelative is a path that is not absolute: the program that opens it
// would resolve it against its own folder.
var ErrRelative = errors.New("openfile: the path must be absolute")

// commands is how each system other than Windows opens a path: the
// program and the arguments before the path, which is passed as one
// argument, as it is.
var commands = map[string][]string{
	"darwin":  {"open"},
	"linux":   {"xdg-open"},
	"freebsd": {"xdg-open"},
	"openbsd": {"xdg-open"},
	"netbsd":  {"xdg-open"},
}

// command returns the program and arguments that open path on goos.
func command(goos, path string) (string, []string) {
	c, ok := commands[goos]
	if !ok {
		c = commands["linux"]
	}
	return c[0], append(append([]string(nil), c[1:]...), path)
}

// startCommand starts the opener and does not wait for it: the viewer may
// stay open for hours.
func startCommand(goos, path string) error {
	if !filepath.IsAbs(path) {
		return ErrRelative
	}
	name, args := command(goos, path)
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }() // reap it
	return nil
}
