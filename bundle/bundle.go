// Package bundle reads and writes Keycard's .keycard handover bundles: one
// file that carries chosen accounts with everything that hangs off them from
// a departing account manager's computer to the successor's.
//
// A plain bundle is a zip archive with two entries, found by name:
//
//	accounts.json  the accounts as a JSON array of accounts.AccountData
//	manifest.json  what the bundle holds (format, version, counts, checksum)
//
// Keycard writes accounts.json first, as a stream (Writer), and the
// manifest, whose counts and checksum are known only then, after it;
// bundles written with the manifest first read the same. The content
// checksum (Manifest.ContentSHA256) is the SHA-256 of the uncompressed
// bytes of accounts.json, so anyone can check it with
// `unzip -p file.keycard accounts.json | sha256sum`. All accounts travel in
// one entry rather than one entry per account: a fixed set of two names
// lets the reader refuse every other entry outright and keeps the checksum
// a single, well-defined byte sequence.
//
// A sealed bundle is that zip archive encrypted with a passphrase: a short
// header (see seal.go) followed by the archive sealed with
// XChaCha20-Poly1305 under a key derived with Argon2id.
//
// Bundles come from other computers and are untrusted: every size is bounded
// while reading, names are checked, the checksum is verified and every record
// is validated before Read returns anything. Each refusal is an
// *accounts.Error whose message says what to do.
//
// accounts.json is decoded as a stream, one record at a time, each counted
// against the manifest before it is decoded and checked as soon as it is
// (content.go). ReadEach hands each account over as it is read and keeps
// none, so reading takes a working set of a few megabytes and the ids seen
// (plus, for a sealed bundle, the file itself, which is deciphered whole);
// Read keeps them all, at most keptPerByte × the size limit (1 GiB with
// DefaultMaxSize). The checksum and the counts are known at the end of the
// content: whoever takes accounts from ReadEach drops them on an error
// (the store imports them in one transaction).
package bundle

import (
	"archive/zip"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"keycard/accounts"
)

// Format is the value of Manifest.Format in every Keycard bundle.
const Format = "keycard-bundle"

// FormatVersion is the bundle format this Keycard writes and the newest it
// reads.
const FormatVersion = 1

// Ext is the file name extension of bundles.
const Ext = ".keycard"

// DefaultMaxSize bounds the uncompressed size of a bundle's entries taken
// together when ReadOptions.MaxSize is zero. 500 accounts with full histories
// take about 50 MiB; this leaves room for the largest real portfolios.
const DefaultMaxSize int64 = 512 << 20

// EPASSPHRASE is the accounts.Error code of a sealed bundle opened without its
// passphrase or with a wrong one; the app asks for the passphrase again.
const EPASSPHRASE = "passphrase"

// Entry names. Nothing else may appear in a bundle.
const (
	manifestName = "manifest.json"
	contentName  = "accounts.json"
)

const (
	maxManifestSize = 64 << 10
	// maxEntries is generous for the two entries Keycard writes; the names
	// are checked one by one below, this only stops a directory of millions
	// of entries from being walked.
	maxEntries = 16
	// zipSlack covers zip headers on top of the entries' data.
	zipSlack = 1 << 20
)

// Manifest describes a bundle. It is stored as manifest.json and returned by
// Read so that an import preview can show who made the bundle and when.
type Manifest struct {
	Format         string    `json:"format"`
	FormatVersion  int       `json:"format_version"`
	CreatedAt      time.Time `json:"created_at"`
	CreatedBy      string    `json:"created_by"`
	AppVersion     string    `json:"app_version"`
	Counts         Counts    `json:"counts"`
	IncludePrivate bool      `json:"include_private"`
	ContentSHA256  string    `json:"content_sha256"`

	// Sealed reports whether the bundle was encrypted with a passphrase.
	// It is a property of the file, not stored in the manifest.
	Sealed bool `json:"-"`
}

// Counts says how many records of each kind a bundle holds.
type Counts struct {
	Accounts int `json:"accounts"`
	Contacts int `json:"contacts"`
	Links    int `json:"links"`
	Visits   int `json:"visits"`
	Warnings int `json:"warnings"`
	Plans    int `json:"plans"`
}

// WriteOptions tune Write.
type WriteOptions struct {
	// CreatedBy names the person exporting, shown on the successor's import
	// preview.
	CreatedBy string
	// Now is the creation time; the zero time means the current time.
	Now time.Time
	// IncludePrivate keeps contacts' private remarks in the bundle. They are
	// left out unless the user asks for them.
	IncludePrivate bool
	// Passphrase, when set, seals the bundle.
	Passphrase string
	// AppVersion is the Keycard version writing the bundle.
	AppVersion string
}

// ReadOptions tune Read.
type ReadOptions struct {
	// Passphrase opens a sealed bundle; it is ignored for a plain one.
	Passphrase string
	// MaxSize bounds the uncompressed size of the bundle's entries taken
	// together; zero means DefaultMaxSize.
	MaxSize int64
}

// Write writes data as a bundle to w and returns its manifest. Contacts'
// private remarks are left out unless o.IncludePrivate; data itself is not
// changed. Every record is validated as it is written, so Write never
// produces a bundle that Read would refuse. It is NewWriter for accounts
// already in memory.
func Write(w io.Writer, data []accounts.AccountData, o WriteOptions) (Manifest, error) {
	bw := NewWriter(w, o)
	for i := range data {
		if err := bw.Add(&data[i]); err != nil {
			return Manifest{}, err
		}
	}
	return bw.Close()
}

// count counts the records of data.
func count(data []accounts.AccountData) Counts {
	var c Counts
	for i := range data {
		c.add(&data[i])
	}
	return c
}

// IsSealed reports whether the file starts like a sealed bundle, so that the
// app can ask for the passphrase before trying to open it.
func IsSealed(r io.ReaderAt, size int64) bool {
	if size < int64(len(sealMagic)) {
		return false
	}
	b := make([]byte, len(sealMagic))
	if err := readAt(r, b, 0); err != nil {
		return false
	}
	return string(b) == sealMagic
}

// ReadFile opens the bundle at path; see Read.
func ReadFile(path string, o ReadOptions) (Manifest, []accounts.AccountData, error) {
	var data []accounts.AccountData
	m, err := ReadFileEach(path, o, func(d *accounts.AccountData) error {
		data = append(data, *d)
		return nil
	})
	if err != nil {
		return Manifest{}, nil, err
	}
	return m, data, nil
}

// ReadFileEach opens the bundle at path; see ReadEach.
func ReadFileEach(path string, o ReadOptions, fn func(*accounts.AccountData) error) (Manifest, error) {
	br, err := OpenFile(path, o)
	if err != nil {
		return Manifest{}, err
	}
	defer br.Close()
	if err := br.Each(fn); err != nil {
		return Manifest{}, err
	}
	return br.Manifest(), nil
}

// OpenFile opens the bundle at path; see Open. Close the Reader when done.
func OpenFile(path string, o ReadOptions) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &accounts.Error{Code: accounts.ENOTFOUND,
			Msg: accounts.Say("bundle.open_failed", "Path", path),
			Err: fmt.Errorf("open bundle %s: %w", path, err)}
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, &accounts.Error{Code: accounts.EINTERNAL,
			Msg: accounts.Say("bundle.read_failed", "Path", path),
			Err: fmt.Errorf("stat bundle %s: %w", path, err)}
	}
	br, err := Open(f, st.Size(), o)
	if err != nil {
		f.Close()
		return nil, err
	}
	br.file = f
	return br, nil
}

// Read reads, checks and validates a bundle of size bytes. Nothing is
// returned unless the whole bundle is sound: a damaged, truncated, tampered,
// oversized, unsafe or future-version bundle, a wrong passphrase or an
// invalid record is refused with an *accounts.Error (EFORMAT, EVERSION,
// EPASSPHRASE or EINVALID) whose message says what to do. It is ReadEach
// keeping every account.
func Read(r io.ReaderAt, size int64, o ReadOptions) (Manifest, []accounts.AccountData, error) {
	var data []accounts.AccountData
	m, err := ReadEach(r, size, o, func(d *accounts.AccountData) error {
		data = append(data, *d)
		return nil
	})
	if err != nil {
		return Manifest{}, nil, err
	}
	return m, data, nil
}

// ReadEach reads a bundle of size bytes as a stream: each account is handed
// to fn as soon as it is decoded and checked, and none is kept, so reading
// takes a working set of a few records whatever the number of accounts.
// The bundle is refused as Read refuses it, but its checksum and counts
// are only known at the end: an error after accounts were handed to fn
// means the bundle is refused whole, and fn's caller must drop what it was
// given (the store imports in one transaction, which the error rolls
// back). An error fn returns stops the read and comes back as it is,
// unless the file turns out damaged.
func ReadEach(r io.ReaderAt, size int64, o ReadOptions, fn func(*accounts.AccountData) error) (Manifest, error) {
	br, err := Open(r, size, o)
	if err != nil {
		return Manifest{}, err
	}
	if err := br.Each(fn); err != nil {
		return Manifest{}, err
	}
	return br.Manifest(), nil
}

// A Reader is a bundle opened for reading: its archive, its names and its
// manifest checked, its accounts not read yet. A sealed bundle is opened
// whole in memory (its seal covers the whole archive); a plain one is read
// from its file as Each goes.
type Reader struct {
	m       Manifest
	content *zip.File
	max     int64 // what accounts.json may take
	limit   int64 // the size limit of the whole bundle
	file    io.Closer
}

// Close closes the file OpenFile opened.
func (br *Reader) Close() error {
	if br.file == nil {
		return nil
	}
	return br.file.Close()
}

// Open opens a bundle of size bytes: it checks the archive and the
// manifest (and the passphrase of a sealed bundle) and reads no account.
// Refusals are Read's.
func Open(r io.ReaderAt, size int64, o ReadOptions) (*Reader, error) {
	limit := o.MaxSize
	if limit <= 0 {
		limit = DefaultMaxSize
	}
	sealed := IsSealed(r, size)
	if sealed {
		plain, err := unseal(r, size, o.Passphrase, limit)
		if err != nil {
			return nil, err
		}
		r, size = bytes.NewReader(plain), int64(len(plain))
	}
	br, err := openArchive(r, size, limit)
	if err != nil {
		return nil, err
	}
	br.m.Sealed = sealed
	return br, nil
}

// Manifest is what the bundle says it holds; Each checks it against the
// accounts.
func (br *Reader) Manifest() Manifest { return br.m }

// Each reads the accounts, handing each to fn as soon as it is decoded and
// checked; see ReadEach for what an error means.
func (br *Reader) Each(fn func(*accounts.AccountData) error) error {
	want := br.m.ContentSHA256
	return readContent(br.content, br.max, br.limit, br.m, func(sum []byte) bool { return hex.EncodeToString(sum) == want }, fn)
}

func openArchive(r io.ReaderAt, size, limit int64) (*Reader, error) {
	if size > limit+zipSlack {
		return nil, tooLarge(limit)
	}
	head := make([]byte, 4)
	if size < 4 {
		return nil, notBundle(nil)
	}
	if err := readAt(r, head, 0); err != nil {
		return nil, damaged(err)
	}
	if string(head) != "PK\x03\x04" {
		return nil, notBundle(nil)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, damaged(err)
	}
	if len(zr.File) > maxEntries {
		return nil, &accounts.Error{Code: accounts.EFORMAT,
			Msg: accounts.Say("bundle.too_many_files", "Count", len(zr.File))}
	}
	manifestFile, contentFile, err := entries(zr, limit)
	if err != nil {
		return nil, err
	}
	raw, err := readEntry(manifestFile, maxManifestSize)
	if err != nil {
		return nil, err
	}
	m, err := decodeManifest(raw)
	if err != nil {
		return nil, err
	}
	if err := checkCounts(m.Counts); err != nil {
		return nil, err
	}
	return &Reader{m: m, content: contentFile, max: limit - int64(len(raw)), limit: limit}, nil
}

// entries finds the manifest and the accounts by name, in either order,
// checking every name and declared size before anything is decompressed.
func entries(zr *zip.Reader, limit int64) (manifestFile, contentFile *zip.File, err error) {
	var declared uint64
	for _, f := range zr.File {
		if err := checkName(f.Name); err != nil {
			return nil, nil, err
		}
		slot := &contentFile
		if f.Name == manifestName {
			slot = &manifestFile
			// Keycard's manifests are a few hundred bytes; a big one was
			// not made by Keycard.
			if f.UncompressedSize64 > maxManifestSize {
				return nil, nil, damaged(fmt.Errorf("manifest of %d bytes", f.UncompressedSize64))
			}
		}
		if *slot != nil {
			return nil, nil, &accounts.Error{Code: accounts.EFORMAT,
				Msg: accounts.Say("bundle.file_twice", "Name", f.Name)}
		}
		*slot = f
		declared += f.UncompressedSize64
		if f.UncompressedSize64 > uint64(limit) || declared > uint64(limit) {
			return nil, nil, tooLarge(limit)
		}
	}
	if manifestFile == nil || contentFile == nil {
		return nil, nil, &accounts.Error{Code: accounts.EFORMAT,
			Msg: accounts.Phrase{Key: "bundle.incomplete"}}
	}
	return manifestFile, contentFile, nil
}

// readEntry decompresses f, refusing to read more than max bytes whatever
// the entry declares.
func readEntry(f *zip.File, max int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, damaged(fmt.Errorf("open %s: %w", f.Name, err))
	}
	defer rc.Close()
	capHint := int64(f.UncompressedSize64)
	if capHint > max {
		capHint = max
	}
	buf := bytes.NewBuffer(make([]byte, 0, capHint))
	n, err := io.Copy(buf, io.LimitReader(rc, max+1))
	if errors.Is(err, zip.ErrChecksum) {
		return nil, checksumMismatch(fmt.Errorf("read %s: %w", f.Name, err))
	}
	if err != nil {
		return nil, damaged(fmt.Errorf("read %s: %w", f.Name, err))
	}
	if n > max {
		return nil, tooLarge(max)
	}
	if uint64(n) != f.UncompressedSize64 {
		return nil, damaged(fmt.Errorf("read %s: %d bytes, %d declared", f.Name, n, f.UncompressedSize64))
	}
	return buf.Bytes(), nil
}

func decodeManifest(raw []byte) (Manifest, error) {
	// The version is read on its own first: a newer format may change any
	// other field, and its reader deserves a "please update" rather than a
	// "damaged".
	var head struct {
		Format        string `json:"format"`
		FormatVersion int    `json:"format_version"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return Manifest{}, damaged(fmt.Errorf("decode %s: %w", manifestName, err))
	}
	if head.Format != Format {
		return Manifest{}, notBundle(fmt.Errorf("manifest format %q", head.Format))
	}
	if head.FormatVersion > FormatVersion {
		return Manifest{}, &accounts.Error{Code: accounts.EVERSION,
			Msg: accounts.Say("bundle.newer", "Format", head.FormatVersion, "Max", FormatVersion)}
	}
	if head.FormatVersion < 1 {
		return Manifest{}, damaged(fmt.Errorf("manifest format version %d", head.FormatVersion))
	}
	var m Manifest
	if err := accounts.DecodeStrict(raw, &m); err != nil {
		return Manifest{}, undecodable(manifestName, err)
	}
	if len(m.ContentSHA256) != 64 {
		return Manifest{}, damaged(fmt.Errorf("manifest checksum %q", m.ContentSHA256))
	}
	return m, nil
}

// checkName refuses any entry name that could point outside the archive or
// that Keycard does not write. Bundles are never extracted to disk, but a
// name like "../evil" says the file was crafted, and it is refused as such.
func checkName(name string) error {
	switch name {
	case manifestName, contentName:
		return nil
	}
	unsafe := name == "" || name[0] == '/' || strings.ContainsAny(name, "\\:\x00") ||
		name == ".." || strings.HasPrefix(name, "../") || strings.Contains(name, "/../") || strings.HasSuffix(name, "/..")
	if unsafe {
		return &accounts.Error{Code: accounts.EFORMAT,
			Msg: accounts.Say("bundle.unsafe_name", "Name", printable(name))}
	}
	return &accounts.Error{Code: accounts.EFORMAT,
		Msg: accounts.Say("bundle.unknown_file", "Name", printable(name))}
}

// printable shortens a name from an untrusted file for a message.
func printable(s string) string {
	r := []rune(s)
	if len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

func notBundle(err error) error {
	return &accounts.Error{Code: accounts.EFORMAT,
		Msg: accounts.Phrase{Key: "bundle.not_bundle"}, Err: err}
}

func damaged(err error) error {
	return &accounts.Error{Code: accounts.EFORMAT,
		Msg: accounts.Phrase{Key: "bundle.damaged"}, Err: err}
}

// undecodable words a failed decode of the entry name: a field this Keycard
// does not know says the bundle comes from a newer one.
func undecodable(name string, err error) error {
	err = fmt.Errorf("decode %s: %w", name, err)
	if field, ok := strings.CutPrefix(errors.Unwrap(err).Error(), "json: unknown field "); ok {
		return &accounts.Error{Code: accounts.EVERSION, Err: err,
			Msg: accounts.Say("bundle.unknown_field", "Field", field)}
	}
	return damaged(err)
}

func checksumMismatch(err error) error {
	return &accounts.Error{Code: accounts.EFORMAT,
		Msg: accounts.Phrase{Key: "bundle.checksum"}, Err: err}
}

func tooLarge(limit int64) error {
	size := fmt.Sprintf("%d MiB", limit>>20)
	if limit%(1<<20) != 0 {
		size = fmt.Sprintf("%d KiB", (limit+1023)>>10)
	}
	return &accounts.Error{Code: accounts.EFORMAT, Msg: accounts.Say("bundle.too_large", "Size", size)}
}
