package storage

import (
	"io"
	"os"
)

// walkFile follows every page reachable from the newest meta page's root
// bucket, reading the file (not bbolt's memory map): each page inside the
// high-water mark and reached once, of a type that fits where it is
// reached, each element and each key and value inside its page, nested
// buckets too (inline ones included). bbolt's own check (tx.Check) runs on a
// goroutine of its own, where a page pointer beyond the end of the map is a
// memory fault that no recover catches; Keycard runs it only after this walk
// passed. The walk reads the file once, as tx.Check does.
func walkFile(path string) *fileProblem {
	f, err := os.Open(path)
	if err != nil {
		return damagedf("the file cannot be read: %v", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return damagedf("the file cannot be read: %v", err)
	}
	m, ps, p := readMetas(f, fi.Size())
	if p != nil {
		return p
	}
	w := &walker{f: f, ps: uint64(ps), hwm: m.pgid, seen: map[uint64]bool{}}
	return w.page(m.root, 0)
}

// maxDepth bounds how deep pages and buckets nest: a real tree is a few
// levels; more is a loop or garbage.
const maxDepth = 64

const (
	elemSize       = 16 // branch and leaf elements are both 16 bytes
	bucketFlag     = 0x01
	inBucketHeader = 16 // root pgid, sequence
)

type walker struct {
	f       io.ReaderAt
	ps, hwm uint64
	seen    map[uint64]bool
}

// page reads the page id (with its overflow) and walks its elements.
func (w *walker) page(id uint64, depth int) *fileProblem {
	switch {
	case depth > maxDepth:
		return damagedf("the pages nest deeper than %d levels at page %d", maxDepth, id)
	case id < 2 || id >= w.hwm:
		return damagedf("a page points at page %d, outside the %d pages in use", id, w.hwm)
	case w.seen[id]:
		return damagedf("page %d is reached twice", id)
	}
	hdr := make([]byte, pageHeaderSize)
	if _, err := w.f.ReadAt(hdr, int64(id*w.ps)); err != nil {
		return damagedf("page %d cannot be read: %v", id, err)
	}
	overflow := uint64(order.Uint32(hdr[12:]))
	if order.Uint64(hdr) != id || id+overflow >= w.hwm {
		return damagedf("page %d is overwritten (header of page %d, %d overflow pages)", id, order.Uint64(hdr), overflow)
	}
	buf := make([]byte, (overflow+1)*w.ps)
	if _, err := w.f.ReadAt(buf, int64(id*w.ps)); err != nil {
		return damagedf("page %d cannot be read: %v", id, err)
	}
	for i := id; i <= id+overflow; i++ {
		w.seen[i] = true
	}
	return w.node(buf, id, depth)
}

// node walks the elements of one page held in buf (a page read from the
// file, or an inline bucket's page inside a value).
func (w *walker) node(buf []byte, id uint64, depth int) *fileProblem {
	if len(buf) < pageHeaderSize {
		return damagedf("page %d is cut short", id)
	}
	flags, count := order.Uint16(buf[8:]), int(order.Uint16(buf[10:]))
	if flags != flagBranch && flags != flagLeaf {
		return damagedf("page %d has the type %#x where a branch or leaf belongs", id, flags)
	}
	if pageHeaderSize+count*elemSize > len(buf) {
		return damagedf("page %d claims %d elements, more than it holds", id, count)
	}
	for i := 0; i < count; i++ {
		at := pageHeaderSize + i*elemSize
		e := buf[at : at+elemSize]
		if flags == flagBranch {
			pos, ksize := int(order.Uint32(e)), int(order.Uint32(e[4:]))
			if at+pos+ksize > len(buf) {
				return damagedf("page %d: key %d runs beyond the page", id, i)
			}
			if p := w.page(order.Uint64(e[8:]), depth+1); p != nil {
				return p
			}
			continue
		}
		eflags, pos, ksize, vsize := order.Uint32(e), int(order.Uint32(e[4:])), int(order.Uint32(e[8:])), int(order.Uint32(e[12:]))
		end := at + pos + ksize + vsize
		if pos < 0 || ksize < 0 || vsize < 0 || end > len(buf) || end < at {
			return damagedf("page %d: element %d runs beyond the page", id, i)
		}
		if eflags&bucketFlag == 0 {
			continue
		}
		if p := w.bucket(buf[at+pos+ksize:end], id, depth); p != nil {
			return p
		}
	}
	return nil
}

// bucket walks a nested bucket's pages: its root page, or its inline page.
func (w *walker) bucket(v []byte, id uint64, depth int) *fileProblem {
	if len(v) < inBucketHeader {
		return damagedf("page %d: a bucket header is cut short", id)
	}
	if root := order.Uint64(v); root != 0 {
		return w.page(root, depth+1)
	}
	if depth+1 > maxDepth {
		return damagedf("the buckets nest deeper than %d levels at page %d", maxDepth, id)
	}
	return w.node(v[inBucketHeader:], id, depth+1)
}
