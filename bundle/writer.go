package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"time"

	"keycard/accounts"
)

// A Writer writes a bundle as a stream: accounts are added one at a time
// and each goes straight into the zip entry on the destination, so what an
// export holds in memory is one account and the ids seen so far (for the
// check that no id is used twice), whatever the number of accounts. The
// checksum and the counts are worked out as the accounts go by, so the
// manifest is the archive's second entry; the reader finds both by name,
// and bundles with the manifest first, as Keycard wrote them before, read
// as they always did.
//
// A sealed bundle is one AEAD seal over the whole archive, which needs the
// archive whole: its Writer builds the archive in memory and seals it in
// Close. Only plain bundles are written in bounded memory.
type Writer struct {
	dst     io.Writer     // where the bundle goes
	archive *bytes.Buffer // the archive of a sealed bundle, sealed in Close
	zw      *zip.Writer
	entry   io.Writer // accounts.json inside the archive
	sum     hash.Hash // SHA-256 of accounts.json
	o       WriteOptions
	now     time.Time
	check   *checker
	counts  Counts
	err     error // the first failure: every later call returns it
	closed  bool
}

// NewWriter starts a bundle on w; add the accounts with Add, then Close,
// which writes the manifest and returns it. Nothing is complete until
// Close returns without error: write to a file that is replaced only then
// (as book.WriteBundle does), so a refused account never leaves half a
// bundle behind.
func NewWriter(w io.Writer, o WriteOptions) *Writer {
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	bw := &Writer{dst: w, o: o, now: now.UTC(), sum: sha256.New(), check: newChecker()}
	out := w
	if o.Passphrase != "" {
		bw.archive = &bytes.Buffer{}
		out = bw.archive
	}
	bw.zw = zip.NewWriter(out)
	f, err := bw.zw.CreateHeader(&zip.FileHeader{Name: contentName, Method: zip.Deflate, Modified: bw.now})
	if err != nil {
		bw.err = fmt.Errorf("write bundle entry %s: %w", contentName, err)
		return bw
	}
	bw.entry = f
	bw.err = bw.write([]byte("["))
	return bw
}

// write puts p into accounts.json and its checksum.
func (bw *Writer) write(p []byte) error {
	bw.sum.Write(p)
	if _, err := bw.entry.Write(p); err != nil {
		return fmt.Errorf("write bundle: %w", err)
	}
	return nil
}

// Add validates d as Read will and writes it. Contacts' private remarks
// are left out unless the options include them; d itself is not changed.
// After an error, the bundle is refused: every later call returns it.
func (bw *Writer) Add(d *accounts.AccountData) error {
	if bw.err == nil && bw.closed {
		bw.err = fmt.Errorf("add to a closed bundle")
	}
	if bw.err != nil {
		return bw.err
	}
	if !bw.o.IncludePrivate {
		d = withoutPrivateOne(d)
	}
	if bad := bw.check.all(bw.counts.Accounts+1, d); bad != nil {
		bw.err = bad.forWrite()
		return bw.err
	}
	raw, err := json.Marshal(d)
	if err != nil {
		bw.err = fmt.Errorf("encode bundle content: %w", err)
		return bw.err
	}
	if bw.counts.Accounts > 0 {
		raw = append([]byte{','}, raw...)
	}
	if bw.err = bw.write(raw); bw.err != nil {
		return bw.err
	}
	bw.counts.add(d)
	return nil
}

// Close ends accounts.json, writes the manifest and finishes the archive
// (sealing it when asked); it returns the manifest.
func (bw *Writer) Close() (Manifest, error) {
	if bw.err == nil && bw.closed {
		bw.err = fmt.Errorf("close a closed bundle")
	}
	bw.closed = true
	if bw.err != nil {
		return Manifest{}, bw.err
	}
	m, err := bw.finish()
	if err != nil {
		bw.err = err
		return Manifest{}, err
	}
	return m, nil
}

func (bw *Writer) finish() (Manifest, error) {
	if err := bw.write([]byte("]")); err != nil {
		return Manifest{}, err
	}
	m := Manifest{
		Format:         Format,
		FormatVersion:  FormatVersion,
		CreatedAt:      bw.now,
		CreatedBy:      bw.o.CreatedBy,
		AppVersion:     bw.o.AppVersion,
		Counts:         bw.counts,
		IncludePrivate: bw.o.IncludePrivate,
		ContentSHA256:  hex.EncodeToString(bw.sum.Sum(nil)),
		Sealed:         bw.o.Passphrase != "",
	}
	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return Manifest{}, fmt.Errorf("encode bundle manifest: %w", err)
	}
	f, err := bw.zw.CreateHeader(&zip.FileHeader{Name: manifestName, Method: zip.Deflate, Modified: m.CreatedAt})
	if err != nil {
		return Manifest{}, fmt.Errorf("write bundle entry %s: %w", manifestName, err)
	}
	if _, err := f.Write(manifest); err != nil {
		return Manifest{}, fmt.Errorf("write bundle entry %s: %w", manifestName, err)
	}
	if err := bw.zw.Close(); err != nil {
		return Manifest{}, fmt.Errorf("finish bundle archive: %w", err)
	}
	if bw.archive != nil {
		if err := seal(bw.dst, bw.archive.Bytes(), bw.o.Passphrase, defaultKDF); err != nil {
			return Manifest{}, err
		}
	}
	return m, nil
}

// withoutPrivateOne returns d, or a copy of it whose contacts carry no
// private remarks when some do; d is left as it is.
func withoutPrivateOne(d *accounts.AccountData) *accounts.AccountData {
	if d.Contacts == nil {
		return d
	}
	out := *d
	out.Contacts = make([]accounts.Contact, len(d.Contacts))
	copy(out.Contacts, d.Contacts)
	for j := range out.Contacts {
		out.Contacts[j].PrivateRemarks = ""
	}
	return &out
}

// add counts the records of one account.
func (c *Counts) add(d *accounts.AccountData) {
	c.Accounts++
	c.Contacts += len(d.Contacts)
	c.Links += len(d.Links)
	c.Visits += len(d.Visits)
	c.Warnings += len(d.Warnings)
	if d.Plan != nil {
		c.Plans++
	}
}
