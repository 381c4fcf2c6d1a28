//go:build unix

package storage

import (
	"os"

	"golang.org/x/sys/unix"
)

// mapFile maps the first size bytes of f read-only, for the structure walk
// of the integrity check: reading a large file page by page copied every
// byte of it, and most pages need only their headers looked at. A fault
// on the map (the file cut short underneath) is a panic that the store's
// guard turns into "damaged".
func mapFile(f *os.File, size int64) (data []byte, unmap func(), ok bool) {
	if size <= 0 || int64(int(size)) != size {
		return nil, nil, false
	}
	data, err := unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return nil, nil, false // the walk reads the file instead
	}
	return data, func() { _ = unix.Munmap(data) }, true
}
