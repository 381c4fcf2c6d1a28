package storage

import (
	"io"
	"math/bits"
	"os"
	"runtime/debug"
	"sync"
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
	newWalker := func() *walker {
		return &walker{f: f, ps: uint64(ps), hwm: m.pgid, seen: make([]uint64, m.pgid/64+1), ahead: 1}
	}
	var mapped []byte
	if data, unmap, ok := mapFile(f, fi.Size()); ok {
		defer unmap()
		mapped = data[:uint64(len(data))/uint64(ps)*uint64(ps)] // every whole page: no read at all
	}
	// The root bucket's pages first, noting its buckets; then the buckets
	// on two walkers that take them in turn (the data bucket is about half
	// of the file), each with its own record of the pages it reached.
	root := newWalker()
	root.blk = mapped
	root.buckets = &[]bucketJob{}
	if p := root.page(m.root, 0); p != nil {
		return p
	}
	return walkBuckets(root, *root.buckets, []*walker{newWalker(), newWalker()}, mapped)
}

// walkBuckets walks the buckets found by root on the walkers, which take
// them in turn, each on a goroutine of its own, then merges what they
// reached into root's record.
func walkBuckets(root *walker, buckets []bucketJob, walkers []*walker, mapped []byte) *fileProblem {
	jobs := make(chan bucketJob, len(buckets))
	for _, j := range buckets {
		jobs <- j
	}
	close(jobs)
	problems := make([]*fileProblem, len(walkers))
	var wg sync.WaitGroup
	for i, w := range walkers {
		w.blk = mapped
		wg.Add(1)
		go func() {
			defer wg.Done()
			// As the store's guard does on the caller's goroutine: a fault
			// on the map (the file cut short underneath) is damage, not a
			// crash.
			defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
			defer func() {
				if r := recover(); r != nil {
					problems[i] = damagedf("reading the file failed: %v", r)
				}
			}()
			for j := range jobs {
				if problems[i] = w.bucket(j.v, j.id, j.depth); problems[i] != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, p := range problems {
		if p != nil {
			return p
		}
	}
	// A page that two walkers reached is reached twice.
	for _, w := range walkers {
		for i, word := range w.seen {
			if both := root.seen[i] & word; both != 0 {
				return damagedf("page %d is reached twice", uint64(i)*64+uint64(bits.TrailingZeros64(both)))
			}
			root.seen[i] |= word
		}
	}
	return nil
}

// bucketJob is a bucket of the root bucket, left for the walkers.
type bucketJob struct {
	v     []byte // the bucket's header, with its page if inline
	id    uint64 // the page it is in
	depth int
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
	seen    []uint64 // a bit for each page reached

	// Read-ahead: blk holds the pages from blkAt on, read in one call. A
	// tree written in key order keeps siblings side by side, so one read
	// serves many pages (one read per page was half the check's time on a
	// large file); ahead doubles while blocks serve more pages and drops
	// when they do not, so a scattered tree costs little more than a read
	// per page.
	blk   []byte
	blkAt uint64
	ahead uint64
	hits  int

	// buckets, when set, collects the buckets met instead of walking
	// them: the root bucket's walker leaves them to others.
	buckets *[]bucketJob
}

// maxAhead is the most pages one read takes (1 MiB of 4 KiB pages).
const maxAhead = 256

// page reads the page id (with its overflow) and walks its elements.
func (w *walker) page(id uint64, depth int) *fileProblem {
	switch {
	case depth > maxDepth:
		return damagedf("the pages nest deeper than %d levels at page %d", maxDepth, id)
	case id < 2 || id >= w.hwm:
		return damagedf("a page points at page %d, outside the %d pages in use", id, w.hwm)
	case w.seen[id/64]&(1<<(id%64)) != 0:
		return damagedf("page %d is reached twice", id)
	}
	buf, p := w.read(id)
	if p != nil {
		return p
	}
	for i := id; i < id+uint64(len(buf))/w.ps; i++ {
		w.seen[i/64] |= 1 << (i % 64)
	}
	return w.node(buf, id, depth)
}

// read returns the page id with its overflow pages, from the block read
// ahead when it holds them, else from a new read.
func (w *walker) read(id uint64) ([]byte, *fileProblem) {
	if buf, ok := w.inBlock(id); ok {
		w.hits++
		return w.whole(id, buf)
	}
	if w.hits > 0 {
		w.ahead = min(maxAhead, w.ahead*2)
	} else {
		w.ahead = max(1, w.ahead/4)
	}
	w.hits = 0
	n := min(w.ahead, w.hwm-id)
	blk := make([]byte, n*w.ps)
	got, err := w.f.ReadAt(blk, int64(id*w.ps))
	if uint64(got) < w.ps {
		if err == nil {
			err = io.ErrUnexpectedEOF
		}
		return nil, damagedf("page %d cannot be read: %v", id, err)
	}
	// A new slice, never reused: the pages above this one in the walk
	// still point into the earlier blocks.
	w.blk, w.blkAt = blk[:uint64(got)/w.ps*w.ps], id
	buf, _ := w.inBlock(id)
	return w.whole(id, buf)
}

// inBlock is the part of the block from page id on, if the block holds
// that page's header.
func (w *walker) inBlock(id uint64) ([]byte, bool) {
	if id < w.blkAt || (id-w.blkAt+1)*w.ps > uint64(len(w.blk)) {
		return nil, false
	}
	return w.blk[(id-w.blkAt)*w.ps:], true
}

// whole checks the header of page id at the start of buf and returns the
// page with its overflow pages: from buf when it holds them all, else
// read on their own.
func (w *walker) whole(id uint64, buf []byte) ([]byte, *fileProblem) {
	overflow := uint64(order.Uint32(buf[12:]))
	if order.Uint64(buf) != id || id+overflow >= w.hwm {
		return nil, damagedf("page %d is overwritten (header of page %d, %d overflow pages)", id, order.Uint64(buf), overflow)
	}
	size := (overflow + 1) * w.ps
	if size <= uint64(len(buf)) {
		return buf[:size:size], nil
	}
	page := make([]byte, size)
	if _, err := w.f.ReadAt(page, int64(id*w.ps)); err != nil {
		return nil, damagedf("page %d cannot be read: %v", id, err)
	}
	return page, nil
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
		if w.buckets != nil {
			*w.buckets = append(*w.buckets, bucketJob{buf[at+pos+ksize : end], id, depth})
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
