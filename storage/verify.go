package storage

// Before bbolt memory-maps a file, Keycard reads the file's two meta pages
// itself and compares them with the file: bbolt trusts them and maps the
// file, and a page it then touches beyond the end of a truncated file is a
// memory fault (SIGBUS), which no recover catches and which kills the
// program with a stack dump. bbolt also falls back silently to the older
// meta page when the newer one fails its checksum, which rolls the
// database back to an older state without a word; Keycard refuses such a
// file instead and says so.
//
// The on-disk format (go.etcd.io/bbolt/internal/common, format version 2),
// in the machine's byte order:
//
//	page header (16 bytes): id u64, flags u16, count u16, overflow u32
//	meta (after the header of pages 0 and 1):
//	  magic u32 (0xED0CDAED), version u32 (2), pageSize u32, flags u32,
//	  root bucket {root pgid u64, sequence u64}, freelist pgid u64,
//	  pgid u64 (high-water mark: pages in use), txid u64,
//	  checksum u64 (FNV-64a of the 56 bytes before it)

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"time"
)

const (
	boltMagic       = 0xED0CDAED
	boltVersion     = 2
	pageHeaderSize  = 16
	metaSize        = 64 // up to and with the checksum
	metaSummed      = 56 // bytes the checksum covers
	flagBranch      = 0x01
	flagLeaf        = 0x02
	flagMeta        = 0x04
	flagFreelist    = 0x10
	noFreelist      = ^uint64(0)
	minPageSize     = 512
	maxPageSize     = 1 << 24
	metaPageReadLen = pageHeaderSize + metaSize
)

var order = binary.NativeEndian

// recheckAfter is how long checkFile waits before it looks at a file that
// seemed damaged a second time.
var recheckAfter = 100 * time.Millisecond

// boltMeta is one meta page as read from the file.
type boltMeta struct {
	id                    uint64 // page header id
	flags                 uint16 // page header flags
	magic, version, psize uint32
	root, freelist, pgid  uint64
	txid                  uint64
	sumOK                 bool
}

func parseMeta(b []byte) boltMeta {
	m := boltMeta{
		id:       order.Uint64(b[0:]),
		flags:    order.Uint16(b[8:]),
		magic:    order.Uint32(b[16:]),
		version:  order.Uint32(b[20:]),
		psize:    order.Uint32(b[24:]),
		root:     order.Uint64(b[32:]),
		freelist: order.Uint64(b[48:]),
		pgid:     order.Uint64(b[56:]),
		txid:     order.Uint64(b[64:]),
	}
	h := fnv.New64a()
	h.Write(b[pageHeaderSize : pageHeaderSize+metaSummed])
	m.sumOK = h.Sum64() == order.Uint64(b[pageHeaderSize+metaSummed:])
	return m
}

// fileProblem is what is wrong with a file, in words for the check's list
// (the person is told the file is damaged; the detail goes to the log).
type fileProblem struct {
	foreign bool // not a bbolt file at all
	detail  string
}

func (p *fileProblem) Error() string { return p.detail }

func damagedf(format string, args ...any) *fileProblem {
	return &fileProblem{detail: fmt.Sprintf(format, args...)}
}

// inspectFile reads the meta pages of the bbolt file f (of the given size)
// and checks them against the file: both valid, the same page size, every
// page they name inside the file, and the root and freelist pages of the
// newer one what they should be. It returns nil for a sound file.
func inspectFile(f io.ReaderAt, size int64) *fileProblem {
	newer, ps, p := readMetas(f, size)
	if p != nil {
		return p
	}
	return inspectPages(f, size, ps, newer)
}

// readMetas reads and checks both meta pages and returns the newer one and
// the page size.
func readMetas(f io.ReaderAt, size int64) (newer boltMeta, ps int64, _ *fileProblem) {
	first := make([]byte, metaPageReadLen)
	n, _ := f.ReadAt(first, 0)
	if n < pageHeaderSize+4 || order.Uint32(first[16:]) != boltMagic {
		if alt, ok := findSecondMeta(f, size); ok {
			return newer, 0, damagedf("the first meta page is overwritten (the second, at page size %d, is intact)", alt)
		}
		return newer, 0, &fileProblem{foreign: true, detail: "no bbolt meta page"}
	}
	if n < metaPageReadLen {
		return newer, 0, damagedf("the file is cut short after %d bytes", size)
	}
	m0 := parseMeta(first)
	if err := m0.valid(0); err != nil {
		return newer, 0, err
	}
	ps = int64(m0.psize)
	second := make([]byte, metaPageReadLen)
	if n, _ := f.ReadAt(second, ps); n < metaPageReadLen {
		return newer, 0, damagedf("the file is cut short after %d bytes (page size %d)", size, ps)
	}
	m1 := parseMeta(second)
	if err := m1.valid(1); err != nil {
		return newer, 0, err
	}
	if m1.psize != m0.psize {
		return newer, 0, damagedf("the meta pages disagree on the page size (%d, %d)", m0.psize, m1.psize)
	}
	for _, m := range []boltMeta{m0, m1} {
		if end := m.pgid * uint64(ps); m.pgid < 2 || m.pgid > uint64(size)/uint64(ps) {
			return newer, 0, damagedf("the file is cut short: %d bytes, but the database (transaction %d) uses %d pages of %d bytes (%d bytes)",
				size, m.txid, m.pgid, ps, end)
		}
		if m.root < 2 || m.root >= m.pgid || (m.freelist != noFreelist && (m.freelist < 2 || m.freelist >= m.pgid)) {
			return newer, 0, damagedf("meta page %d names pages beyond its end (root %d, freelist %d, %d pages)", m.id, m.root, m.freelist, m.pgid)
		}
	}
	newer = m0
	if m1.txid > m0.txid {
		newer = m1
	}
	return newer, ps, nil
}

// valid checks one meta page read from page index i.
func (m boltMeta) valid(i uint64) *fileProblem {
	switch {
	case m.magic != boltMagic:
		return damagedf("meta page %d is overwritten (no bbolt marker)", i)
	case m.version != boltVersion:
		return damagedf("meta page %d has format version %d, not %d", i, m.version, boltVersion)
	case !m.sumOK:
		return damagedf("meta page %d fails its checksum: bytes were written over it", i)
	case m.psize < minPageSize || m.psize > maxPageSize || m.psize&(m.psize-1) != 0:
		return damagedf("meta page %d has an impossible page size %d", i, m.psize)
	case m.id != i || m.flags != flagMeta:
		return damagedf("meta page %d has the header of page %d (flags %#x)", i, m.id, m.flags)
	}
	return nil
}

// inspectPages checks the headers of the root and freelist pages the newest
// meta names: right type, and with their overflow inside the file. bbolt
// reads the freelist while opening, before any recover can help.
func inspectPages(f io.ReaderAt, size, ps int64, m boltMeta) *fileProblem {
	type want struct {
		id    uint64
		flags []uint16
		what  string
	}
	pages := []want{{m.root, []uint16{flagLeaf, flagBranch}, "root"}}
	if m.freelist != noFreelist {
		pages = append(pages, want{m.freelist, []uint16{flagFreelist}, "freelist"})
	}
	for _, w := range pages {
		h := make([]byte, pageHeaderSize+8)
		if n, _ := f.ReadAt(h, int64(w.id)*ps); n < len(h) {
			return damagedf("the %s page %d is beyond the end of the file", w.what, w.id)
		}
		id, flags, count, overflow := order.Uint64(h), order.Uint16(h[8:]), uint64(order.Uint16(h[10:])), uint64(order.Uint32(h[12:]))
		if id != w.id || !containsFlag(w.flags, flags) {
			return damagedf("the %s page %d is overwritten (header of page %d, flags %#x)", w.what, w.id, id, flags)
		}
		span := (overflow + 1) * uint64(ps)
		if (w.id+overflow+1)*uint64(ps) > uint64(size) || w.id+overflow >= m.pgid {
			return damagedf("the %s page %d runs beyond the end of the file", w.what, w.id)
		}
		if w.what == "freelist" {
			if count == 0xFFFF { // the real count is the first element
				count = order.Uint64(h[pageHeaderSize:]) + 1
			}
			if pageHeaderSize+count*8 > span {
				return damagedf("the freelist page %d claims %d entries, more than it holds", w.id, count)
			}
		}
	}
	return nil
}

func containsFlag(set []uint16, f uint16) bool {
	for _, s := range set {
		if s == f {
			return true
		}
	}
	return false
}

// findSecondMeta looks for a valid second meta page at each page size
// bbolt may use, as bbolt itself does when the first is unreadable.
func findSecondMeta(f io.ReaderAt, size int64) (int64, bool) {
	buf := make([]byte, metaPageReadLen)
	for ps := int64(minPageSize); ps <= maxPageSize && ps+metaPageReadLen <= size; ps *= 2 {
		if n, _ := f.ReadAt(buf, ps); n == len(buf) {
			if m := parseMeta(buf); m.magic == boltMagic && m.sumOK && m.id == 1 {
				return ps, true
			}
		}
	}
	return 0, false
}

// checkFile inspects the file at path before bbolt maps it. An empty or
// missing file passes (it is initialised or refused elsewhere); a file that
// is not bbolt's is "not a Keycard database"; a damaged one says so and
// names the backups.
func checkFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return ioError("open", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return ioError("open", path, err)
	}
	if fi.IsDir() || fi.Size() == 0 {
		return nil
	}
	p := inspectFile(f, fi.Size())
	if p != nil && !p.foreign {
		// Another program may be committing to the file this moment (the
		// lock is taken only after this look): look again before saying
		// it is damaged.
		time.Sleep(recheckAfter)
		if fi, err := f.Stat(); err == nil {
			p = inspectFile(f, fi.Size())
		}
	}
	switch {
	case p == nil:
		return nil
	case p.foreign:
		return notKeycardError(path, p)
	}
	return damagedError(path, p)
}
