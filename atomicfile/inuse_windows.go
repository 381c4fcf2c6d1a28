//go:build windows

package atomicfile

import (
	"errors"
	"syscall"
)

// Windows' answers when another program holds the file being replaced:
// a sharing or lock violation, or access denied (a viewer that opened the
// file without allowing it to be deleted).
const (
	errorAccessDenied     syscall.Errno = 5
	errorSharingViolation syscall.Errno = 32
	errorLockViolation    syscall.Errno = 33
)

func heldByAnotherProgram(err error) bool {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return false
	}
	return errno == errorSharingViolation || errno == errorLockViolation || errno == errorAccessDenied
}
