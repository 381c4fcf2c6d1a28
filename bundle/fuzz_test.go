package bundle

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"keycard/accounts"
	"keycard/locale"
)

// FuzzRead feeds Read arbitrary files. Read must never panic, must refuse
// with an *accounts.Error carrying a sentence, and whatever it accepts must
// be valid: written again it gives a bundle that reads back to the same
// accounts. The committed corpus is in testdata/fuzz/FuzzRead; more seeds
// are the good and bad bundles the other tests build.
//
// A sealed file is opened with the passphrase "fuzz" when its header asks
// for a cheap key derivation (as the seeds sealed here do), so the fuzzer
// reaches the seal's checks and the archive inside; a header asking for an
// expensive one is fuzzed up to the passphrase check only, since Argon2 at
// full cost takes a fraction of a second per try and would starve the
// fuzzer. FuzzReadSealed seals arbitrary archives for the same reason.
//
// Every read must end within readDeadline and allocate no more than the
// bound TestHostileBundlesAreRefusedInBoundedMemory holds the reader to.
func FuzzRead(f *testing.F) {
	cheapKDF(f)
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		pass := ""
		if cheapSeal(b) {
			pass = "fuzz"
		}
		m, data, err := readBounded(t, b, pass)
		if err != nil {
			var e *accounts.Error
			if !errors.As(err, &e) || e.Msg.IsZero() || strings.HasPrefix(locale.Error(locale.English, err), "error.") {
				t.Fatalf("refusal without a sentence: %#v", err)
			}
			switch e.Code {
			case accounts.EFORMAT, accounts.EVERSION, accounts.EINVALID, EPASSPHRASE:
			default:
				t.Fatalf("refusal with code %q: %v", e.Code, err)
			}
			if data != nil {
				t.Fatal("a refused bundle returned accounts")
			}
			return
		}
		if m.Counts != count(data) {
			t.Fatalf("manifest counts %+v, content %+v", m.Counts, count(data))
		}
		validates(t, data)
		var again bytes.Buffer
		if _, err := Write(&again, data, WriteOptions{IncludePrivate: m.IncludePrivate, Now: m.CreatedAt}); err != nil {
			t.Fatalf("an accepted bundle does not write again: %v", err)
		}
		_, back, err := Read(bytes.NewReader(again.Bytes()), int64(again.Len()), ReadOptions{})
		if err != nil {
			t.Fatalf("an accepted bundle, written again, is refused: %v", err)
		}
		// Compare as JSON: times with odd zone offsets decode to distinct
		// but equal locations.
		want, _ := json.Marshal(data)
		got, _ := json.Marshal(back)
		if !bytes.Equal(want, got) {
			t.Fatal("an accepted bundle, written again, reads back different")
		}
	})
}

// fuzzLimit is the size limit the fuzz targets read with.
const fuzzLimit = 8 << 20

// readDeadline is the longest one read of a small file may take, with
// room for a loaded machine.
const readDeadline = 5 * time.Second

// readBounded reads b, failing when the read takes too long or allocates
// more than the bounds a reader is held to.
func readBounded(t *testing.T, b []byte, pass string) (Manifest, []accounts.AccountData, error) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	m, data, err := Read(bytes.NewReader(b), int64(len(b)), ReadOptions{MaxSize: fuzzLimit, Passphrase: pass})
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	if took > readDeadline {
		t.Fatalf("reading %d bytes took %v", len(b), took)
	}
	// The working set, the sealed file held whole, and what the records
	// kept may take, with as much again for the garbage decoding leaves.
	bound := uint64(readBound + 2*len(b) + 3*keptPerByte*fuzzLimit)
	if got := after.TotalAlloc - before.TotalAlloc; got > bound {
		t.Fatalf("reading %d bytes allocated %d MiB, more than %d MiB", len(b), got>>20, bound>>20)
	}
	return m, data, err
}

// cheapSeal reports whether b is sealed with key derivation parameters as
// cheap as the tests' own.
func cheapSeal(b []byte) bool {
	if !IsSealed(bytes.NewReader(b), int64(len(b))) || len(b) < headerLen {
		return false
	}
	i := len(sealMagic)
	return binary.BigEndian.Uint32(b[i+2:]) <= 2 && binary.BigEndian.Uint32(b[i+6:]) <= 1024
}

// validates fails unless every record returned is valid on its own, as
// the database would check it, and within the bundle.
func validates(t *testing.T, data []accounts.AccountData) {
	t.Helper()
	for i := range data {
		d := &data[i]
		errs := []error{d.Account.Validate(), accounts.ValidateReporting(d.Contacts)}
		for j := range d.Contacts {
			errs = append(errs, d.Contacts[j].Validate())
		}
		for j := range d.Links {
			errs = append(errs, d.Links[j].Validate())
		}
		for j := range d.Visits {
			errs = append(errs, d.Visits[j].Validate())
		}
		for j := range d.Warnings {
			errs = append(errs, d.Warnings[j].Validate())
		}
		if d.Plan != nil {
			errs = append(errs, d.Plan.Validate())
		}
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("an accepted bundle holds an invalid record: %v", err)
		}
	}
	if bad := check(data); bad != nil {
		t.Fatalf("an accepted bundle fails the bundle's checks: %v", bad.forRead())
	}
}

// fuzzSeeds are real bundles written by Write, plain and sealed, the bad
// inputs and the hostile ones small enough to mutate, and sealed bundles
// cut short or changed.
func fuzzSeeds(t testing.TB) [][]byte {
	sealed := write(t, sample(13, 1, 2, 1), WriteOptions{Passphrase: "fuzz"})
	seeds := [][]byte{
		write(t, sample(11, 2, 3, 2), WriteOptions{}),
		write(t, sample(12, 1, 1, 1), WriteOptions{IncludePrivate: true}),
		write(t, nil, WriteOptions{}),
		sealed,
		write(t, sample(14, 2, 1, 1), WriteOptions{Passphrase: "fuzz", IncludePrivate: true}),
		sealed[:len(sealed)-1],
		sealed[:len(sealed)/2],
		setByte(sealed, len(sealed)/2, sealed[len(sealed)/2]^1),
	}
	for _, c := range badInputs(t) {
		if len(c.file) < 64<<10 {
			seeds = append(seeds, c.file)
		}
	}
	for _, h := range hostileInputs(t, 10) {
		if len(h.file) < 64<<10 {
			seeds = append(seeds, h.file)
		}
	}
	return seeds
}

// FuzzReadSealed seals arbitrary archives with the passphrase and a cheap
// key derivation and reads them back: whatever the archive, the sealed
// reader refuses it as the plain one does, or returns valid records.
func FuzzReadSealed(f *testing.F) {
	cheapKDF(f)
	for _, s := range fuzzSeeds(f) {
		if !IsSealed(bytes.NewReader(s), int64(len(s))) {
			f.Add(s, uint16(0))
		}
	}
	f.Fuzz(func(t *testing.T, archive []byte, cut uint16) {
		var buf bytes.Buffer
		if err := seal(&buf, archive, "fuzz", defaultKDF); err != nil {
			t.Fatal(err)
		}
		b := buf.Bytes()
		// Cut the sealed file short by up to its length: a cut file is
		// damaged, never a wrong passphrase.
		cutBy := int(cut) % (len(b) + 1)
		b = b[:len(b)-cutBy]
		_, data, err := readBounded(t, b, "fuzz")
		if err != nil {
			// Keycard seals zip archives only; their first bytes are
			// what tells a damaged file from a wrong passphrase.
			if accounts.ErrorCode(err) == EPASSPHRASE && bytes.HasPrefix(archive, []byte("PK\x03\x04")) {
				t.Fatalf("the right passphrase, a file cut by %d bytes: %v", cutBy, err)
			}
			if data != nil {
				t.Fatal("a refused bundle returned accounts")
			}
			return
		}
		if cutBy > 0 {
			t.Fatalf("a sealed file cut by %d bytes was read", cutBy)
		}
		validates(t, data)
		_, plain, perr := Read(bytes.NewReader(archive), int64(len(archive)), ReadOptions{MaxSize: fuzzLimit})
		if perr != nil || len(plain) != len(data) {
			t.Fatalf("sealed, the archive gives %d accounts; plain %d, %v", len(data), len(plain), perr)
		}
	})
}
