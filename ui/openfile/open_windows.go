//go:build windows

package openfile

import (
	"path/filepath"

	"golang.org/x/sys/windows"
)

// Open opens path (absolute) with the program Windows associates with it,
// through ShellExecuteW with the path as it is (UTF-16, no URL).
func Open(path string) error {
	if !filepath.IsAbs(path) {
		return ErrRelative
	}
	verb, err := windows.UTF16PtrFromString("open")
	if err != nil {
		return err
	}
	file, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return err
	}
	return windows.ShellExecute(0, verb, file, nil, nil, windows.SW_SHOWNORMAL)
}
