package bundle

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"runtime"
	"testing"

	"keycard/accounts"
)

// chunked refuses any single write larger than max, as a stand-in for a
// destination that must never be handed the whole bundle at once.
type chunked struct {
	max, n, largest int
}

func (c *chunked) Write(p []byte) (int, error) {
	c.largest = max(c.largest, len(p))
	if len(p) > c.max {
		return 0, fmt.Errorf("a write of %d bytes: the bundle was built in memory", len(p))
	}
	c.n += len(p)
	return len(p), nil
}

// A plain bundle goes to its destination as it is made, in small writes,
// not built whole in memory and written at the end.
func TestWriteStreamsAPlainBundle(t *testing.T) {
	data := sample(5, 40, 10, 20)
	dst := &chunked{max: 64 << 10}
	m, err := Write(dst, data, WriteOptions{Now: testNow})
	if err != nil {
		t.Fatalf("Write: %v (largest write %d bytes)", err, dst.largest)
	}
	if dst.n < 128<<10 || m.Counts.Accounts != 40 {
		t.Fatalf("wrote %d bytes, counts %+v: the sample is too small to tell", dst.n, m.Counts)
	}

	// With a Writer, the accounts reach the destination before Close.
	dst = &chunked{max: 64 << 10}
	bw := NewWriter(dst, WriteOptions{Now: testNow})
	for i := range data {
		if err := bw.Add(&data[i]); err != nil {
			t.Fatal(err)
		}
	}
	before := dst.n
	if _, err := bw.Close(); err != nil {
		t.Fatal(err)
	}
	if before < dst.n/2 {
		t.Fatalf("%d of %d bytes written before Close", before, dst.n)
	}
}

// What writing takes in memory does not grow with the number of accounts.
func TestWriterMemoryDoesNotGrowWithTheAccounts(t *testing.T) {
	one := sample(6, 1, 15, 100)[0]
	peak := func(n int) uint64 {
		bw := NewWriter(io.Discard, WriteOptions{Now: testNow})
		runtime.GC()
		var base, ms runtime.MemStats
		runtime.ReadMemStats(&base)
		var most uint64
		for i := range n {
			d := renumbered(&one, i)
			if err := bw.Add(&d); err != nil {
				t.Fatal(err)
			}
			if i%50 == 49 {
				runtime.GC()
				runtime.ReadMemStats(&ms)
				most = max(most, ms.HeapAlloc-min(ms.HeapAlloc, base.HeapAlloc))
			}
		}
		if _, err := bw.Close(); err != nil {
			t.Fatal(err)
		}
		return most
	}
	small, big := peak(100), peak(800)
	// The ids seen (for the check that none is used twice) grow by about
	// 120 ids × 100 bytes per account; the records themselves must not.
	if big > small+8<<20 {
		t.Fatalf("heap grows with the accounts: %d KiB after 100, %d KiB after 800", small>>10, big>>10)
	}
}

// renumbered is a copy of d with fresh ids, the n-th of a series.
func renumbered(d *accounts.AccountData, n int) accounts.AccountData {
	out := *d
	id := func(old accounts.ID) accounts.ID {
		s := []byte(old)
		copy(s[len(s)-8:], fmt.Sprintf("%08x", n))
		return accounts.ID(s)
	}
	out.Account.ID = id(d.Account.ID)
	out.Contacts = append([]accounts.Contact(nil), d.Contacts...)
	for i := range out.Contacts {
		out.Contacts[i].ID, out.Contacts[i].AccountID = id(out.Contacts[i].ID), out.Account.ID
		if out.Contacts[i].ReportsTo != "" {
			out.Contacts[i].ReportsTo = id(out.Contacts[i].ReportsTo)
		}
	}
	out.Visits = append([]accounts.Visit(nil), d.Visits...)
	for i := range out.Visits {
		out.Visits[i].ID, out.Visits[i].AccountID = id(out.Visits[i].ID), out.Account.ID
		out.Visits[i].ContactIDs = nil
	}
	out.Links, out.Warnings = nil, nil
	if d.Plan != nil {
		p := *d.Plan
		p.AccountID = out.Account.ID
		out.Plan = &p
	}
	out.Layout = nil
	return out
}

// A refused account refuses the bundle: Close says so and writes no
// manifest.
func TestWriterRefusesABadAccountAndStaysRefused(t *testing.T) {
	data := sample(7, 3, 2, 2)
	var buf bytes.Buffer
	bw := NewWriter(&buf, WriteOptions{Now: testNow})
	if err := bw.Add(&data[0]); err != nil {
		t.Fatal(err)
	}
	if err := bw.Add(&data[0]); accounts.ErrorCode(err) != accounts.EINVALID {
		t.Fatalf("the same account twice: %v", err)
	}
	if err := bw.Add(&data[1]); accounts.ErrorCode(err) != accounts.EINVALID {
		t.Fatalf("an account after a refusal: %v", err)
	}
	if _, err := bw.Close(); accounts.ErrorCode(err) != accounts.EINVALID {
		t.Fatalf("Close after a refusal: %v", err)
	}
}

// Bundles written before the manifest moved after the accounts read as
// they always did.
func TestReadsBundlesWithTheManifestFirst(t *testing.T) {
	b, err := os.ReadFile("testdata/manifest-first.keycard")
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil || zr.File[0].Name != manifestName {
		t.Fatalf("the file is not an old bundle: %v", err)
	}
	m, data, err := read(b, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := stripped(sample(11, 3, 2, 3))
	if m.CreatedBy != "Li Wei" || m.Counts != count(want) || mustJSON(t, data) != mustJSON(t, want) {
		t.Fatalf("read %+v and %d accounts", m, len(data))
	}
}

// ReadEach hands the accounts over as they are read; a checksum that only
// fails at the end refuses the bundle after some were handed over, which
// is why the store imports them in one transaction.
func TestReadEachHandsAccountsOverAndRefusesAtTheEnd(t *testing.T) {
	data := stripped(sample(8, 3, 2, 2))
	good := write(t, data, WriteOptions{})
	var got []accounts.ID
	m, err := ReadEach(bytes.NewReader(good), int64(len(good)), ReadOptions{}, func(d *accounts.AccountData) error {
		got = append(got, d.Account.ID)
		return nil
	})
	if err != nil || m.Counts.Accounts != 3 || !reflect.DeepEqual(got, []accounts.ID{data[0].Account.ID, data[1].Account.ID, data[2].Account.ID}) {
		t.Fatalf("ReadEach: %v, %+v, %v", err, m.Counts, got)
	}

	content := mustJSONBytes(t, data)
	tampered := bytes.Replace(content, []byte(data[2].Account.Name), []byte("Changed "+data[2].Account.Name[len("Changed "):]), 1)
	if bytes.Equal(tampered, content) {
		t.Fatal("nothing changed")
	}
	bad := archive(t, entry{name: manifestName, body: manifestFor(t, content, nil)}, entry{name: contentName, body: tampered})
	n := 0
	_, err = ReadEach(bytes.NewReader(bad), int64(len(bad)), ReadOptions{}, func(*accounts.AccountData) error { n++; return nil })
	wantRefusal(t, err, accounts.EFORMAT, "checksum")
	if n != 3 {
		t.Fatalf("%d accounts handed over before the checksum was known, want 3", n)
	}

	// fn's own error stops the read and comes back as it is.
	stop := errors.New("the store is full")
	n = 0
	_, err = ReadEach(bytes.NewReader(good), int64(len(good)), ReadOptions{}, func(*accounts.AccountData) error { n++; return stop })
	if err != stop || n != 1 {
		t.Fatalf("after fn failed: %v, %d accounts", err, n)
	}
}

func mustJSONBytes(t *testing.T, v any) []byte {
	t.Helper()
	return []byte(mustJSON(t, v))
}
