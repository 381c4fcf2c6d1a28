package bundle

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"keycard/accounts"
	"keycard/locale"
	"keycard/storage"
)

// cheapKDF makes sealing fast in tests that are not about the key derivation.
func cheapKDF(t testing.TB) {
	old := defaultKDF
	defaultKDF = kdfParams{time: 1, memory: 64, threads: 1}
	t.Cleanup(func() { defaultKDF = old })
}

func write(t testing.TB, data []accounts.AccountData, o WriteOptions) []byte {
	t.Helper()
	if o.Now.IsZero() {
		o.Now = testNow
	}
	var buf bytes.Buffer
	if _, err := Write(&buf, data, o); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

func read(b []byte, o ReadOptions) (Manifest, []accounts.AccountData, error) {
	return Read(bytes.NewReader(b), int64(len(b)), o)
}

// stripped is data as a bundle without private remarks carries it.
func stripped(data []accounts.AccountData) []accounts.AccountData {
	var out []accounts.AccountData
	raw, _ := json.Marshal(data)
	_ = json.Unmarshal(raw, &out)
	for i := range out {
		for j := range out[i].Contacts {
			out[i].Contacts[j].PrivateRemarks = ""
		}
	}
	return out
}

func TestRoundTripLeavesPrivateRemarksOut(t *testing.T) {
	data := sample(1, 4, 5, 6)
	b := write(t, data, WriteOptions{CreatedBy: "Wang Fang", AppVersion: "1.2.0"})

	m, got, err := read(b, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, stripped(data)) {
		t.Fatal("the accounts read back differ from those written")
	}
	if data[0].Contacts[0].PrivateRemarks == "" {
		t.Fatal("Write removed the private remarks from the caller's own contacts")
	}
	want := Manifest{
		Format: Format, FormatVersion: 1, CreatedAt: testNow, CreatedBy: "Wang Fang", AppVersion: "1.2.0",
		Counts:        Counts{Accounts: 4, Contacts: 20, Links: 12, Visits: 24, Warnings: 4, Plans: 2},
		ContentSHA256: m.ContentSHA256,
	}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("manifest\n got %+v\nwant %+v", m, want)
	}
	if bytes.Contains(b, []byte("private:")) {
		t.Fatal("the private remarks are in the bundle's bytes")
	}
}

func TestRoundTripKeepsPrivateRemarksWhenAsked(t *testing.T) {
	data := sample(2, 3, 4, 2)
	b := write(t, data, WriteOptions{IncludePrivate: true})
	m, got, err := read(b, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !m.IncludePrivate {
		t.Fatal("the manifest does not say the private remarks are included")
	}
	if !reflect.DeepEqual(got, data) {
		t.Fatal("the accounts read back differ from those written")
	}
}

func TestChecksumIsOfTheAccountsEntry(t *testing.T) {
	b := write(t, sample(3, 2, 2, 2), WriteOptions{})
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var m Manifest
	var sum string
	for _, f := range zr.File {
		names = append(names, f.Name)
		raw := mustRead(t, f)
		if f.Name == manifestName {
			if err := json.Unmarshal(raw, &m); err != nil {
				t.Fatal(err)
			}
		} else {
			s := sha256.Sum256(raw)
			sum = hex.EncodeToString(s[:])
		}
	}
	// The accounts first, streamed; the manifest, with their checksum
	// and counts, after them.
	if !reflect.DeepEqual(names, []string{contentName, manifestName}) {
		t.Fatalf("entries %v", names)
	}
	if m.ContentSHA256 != sum {
		t.Fatalf("manifest checksum %s, sha256 of %s %s", m.ContentSHA256, contentName, sum)
	}
}

func TestWriteIsDeterministic(t *testing.T) {
	data := sample(4, 2, 3, 3)
	if !bytes.Equal(write(t, data, WriteOptions{}), write(t, data, WriteOptions{})) {
		t.Fatal("the same accounts at the same time gave two different bundles")
	}
}

func TestSealedRoundTrip(t *testing.T) {
	data := sample(5, 3, 3, 3)
	b := write(t, data, WriteOptions{Passphrase: "horse battery 订书钉", IncludePrivate: true})
	if !IsSealed(bytes.NewReader(b), int64(len(b))) {
		t.Fatal("IsSealed is false for a sealed bundle")
	}
	if bytes.Contains(b, []byte("Account 0000")) || bytes.Contains(b, []byte("PK\x03\x04")) {
		t.Fatal("the sealed bundle shows its content")
	}
	m, got, err := read(b, ReadOptions{Passphrase: "horse battery 订书钉"})
	if err != nil {
		t.Fatal(err)
	}
	if !m.Sealed || !reflect.DeepEqual(got, data) {
		t.Fatalf("sealed=%v, equal=%v", m.Sealed, reflect.DeepEqual(got, data))
	}
	plain := write(t, data, WriteOptions{})
	if IsSealed(bytes.NewReader(plain), int64(len(plain))) {
		t.Fatal("IsSealed is true for a plain bundle")
	}
}

func TestSealedRefusals(t *testing.T) {
	cheapKDF(t)
	b := write(t, sample(6, 2, 2, 2), WriteOptions{Passphrase: "right"})
	flipped := bytes.Clone(b)
	flipped[len(flipped)-40] ^= 0x01
	header := bytes.Clone(b)
	header[len(sealMagic)+2+3] = 2 // Argon2 time 1 → 2, still within bounds
	cases := []struct {
		name       string
		file       []byte
		passphrase string
		code       string
		msg        string
	}{
		{"no passphrase", b, "", EPASSPHRASE, "sealed with a passphrase; enter the passphrase"},
		{"wrong passphrase", b, "wrong", EPASSPHRASE, "The passphrase is wrong, or the bundle was changed after it was sealed."},
		{"changed after sealing", flipped, "right", accounts.EFORMAT, "This bundle is damaged or incomplete"},
		{"changed after sealing, wrong passphrase", flipped, "wrong", EPASSPHRASE, "The passphrase is wrong, or the bundle was changed after it was sealed."},
		{"header parameter changed", header, "right", EPASSPHRASE, "The passphrase is wrong"},
		{"sealed by a newer Keycard", setByte(b, len(sealMagic), 2), "right", accounts.EVERSION, "newer version of Keycard"},
		{"key derivation asks for 4 GiB", setBytes(b, len(sealMagic)+6, 0xff, 0xff, 0xff, 0xff), "right", accounts.EFORMAT, "damaged"},
		{"header only", b[:headerLen], "right", accounts.EFORMAT, "damaged"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, data, err := read(c.file, ReadOptions{Passphrase: c.passphrase})
			wantRefusal(t, err, c.code, c.msg)
			if data != nil {
				t.Fatal("refused bundle returned accounts")
			}
		})
	}
}

func setByte(b []byte, i int, v byte) []byte { return setBytes(b, i, v) }

func setBytes(b []byte, i int, v ...byte) []byte {
	out := bytes.Clone(b)
	copy(out[i:], v)
	return out
}

func wantRefusal(t *testing.T, err error, code, msg string) {
	t.Helper()
	var e *accounts.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v (%T), want an *accounts.Error %s", err, err, code)
	}
	if got := locale.Error(locale.English, err); e.Code != code || !strings.Contains(got, msg) {
		t.Fatalf("got %s %q, want %s containing %q", e.Code, locale.Error(locale.English, err), code, msg)
	}
}

// entry is one file of a hand-made archive.
type entry struct {
	name string
	body []byte
	// raw, when set, writes body as already-deflated data declaring size
	// uncompressed bytes.
	raw  bool
	size uint64
}

func archive(t testing.TB, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		var w interface{ Write([]byte) (int, error) }
		var err error
		if e.raw {
			w, err = zw.CreateRaw(&zip.FileHeader{Name: e.name, Method: zip.Deflate,
				CompressedSize64: uint64(len(e.body)), UncompressedSize64: e.size, CRC32: crc32.ChecksumIEEE(e.body)})
		} else {
			w, err = zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate})
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func deflated(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestCompression)
	fw.Write(b)
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// manifestFor returns the manifest Keycard would write for content, changed
// by edit.
func manifestFor(t testing.TB, content []byte, edit func(m map[string]any)) []byte {
	var data []accounts.AccountData
	if err := json.Unmarshal(content, &data); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(content)
	m := Manifest{Format: Format, FormatVersion: 1, CreatedAt: testNow, Counts: count(data), ContentSHA256: hex.EncodeToString(sum[:])}
	raw, _ := json.Marshal(m)
	var mm map[string]any
	_ = json.Unmarshal(raw, &mm)
	if edit != nil {
		edit(mm)
	}
	raw, _ = json.Marshal(mm)
	return raw
}

func mustRead(t testing.TB, f *zip.File) []byte {
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(rc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// badInputs are the refusals Read owes an untrusted bundle; the fuzz test
// also starts from them.
func badInputs(t testing.TB) []struct {
	name string
	file []byte
	max  int64
	code string
	msg  string
} {
	data := sample(7, 2, 3, 3)
	good := write(t, data, WriteOptions{})
	content, _ := json.Marshal(stripped(data))
	man := manifestFor(t, content, nil)
	with := func(edit func([]accounts.AccountData)) []byte {
		d := stripped(data)
		edit(d)
		c, _ := json.Marshal(d)
		return archive(t, entry{name: manifestName, body: manifestFor(t, c, nil)}, entry{name: contentName, body: c})
	}
	// The first byte of accounts.json's compressed data, past its local
	// header.
	zr, _ := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	var off int64
	for _, f := range zr.File {
		if f.Name == contentName {
			off, _ = f.DataOffset()
		}
	}
	many := []entry{{name: manifestName, body: man}, {name: contentName, body: content}}
	for i := 0; len(many) <= maxEntries; i++ {
		many = append(many, entry{name: fmt.Sprintf("extra%d.json", i), body: []byte("{}")})
	}
	bomb := deflated(t, make([]byte, 8<<20))
	private := stripped(data)
	private[0].Contacts[0].PrivateRemarks = "sneaked in"
	privateJSON, _ := json.Marshal(private)
	// A field this Keycard does not know, as a newer one may write: refused
	// naming the field, never dropped on import.
	unknown := func(old, new string) []byte {
		c := bytes.Replace(content, []byte(old), []byte(new), 1)
		if bytes.Equal(c, content) {
			t.Fatalf("%s is not in the sample", old)
		}
		return archive(t, entry{name: manifestName, body: manifestFor(t, c, nil)}, entry{name: contentName, body: c})
	}

	return []struct {
		name string
		file []byte
		max  int64
		code string
		msg  string
	}{
		{"empty file", nil, 0, accounts.EFORMAT, "is not a Keycard bundle"},
		{"a text file", []byte("name,owner\nAcme,Wang\n"), 0, accounts.EFORMAT, "is not a Keycard bundle"},
		{"truncated to half", good[:len(good)/2], 0, accounts.EFORMAT, "damaged or incomplete"},
		{"truncated by one byte", good[:len(good)-1], 0, accounts.EFORMAT, "damaged or incomplete"},
		{"truncated inside the first header", good[:20], 0, accounts.EFORMAT, "damaged or incomplete"},
		{"a flipped byte in the accounts", setByte(good, int(off)+10, good[off+10]^0x40), 0, accounts.EFORMAT, "damaged"},
		{"a flipped byte in stored accounts", flipStored(t, content, man), 0, accounts.EFORMAT, "its checksum does not match"},
		{"manifest with a wrong checksum", archive(t,
			entry{name: manifestName, body: manifestFor(t, content, func(m map[string]any) { m["content_sha256"] = strings.Repeat("ab", 32) })},
			entry{name: contentName, body: content}), 0, accounts.EFORMAT, "This bundle is damaged (its checksum does not match); ask the sender to export it again."},
		{"accounts changed, manifest kept", archive(t,
			entry{name: manifestName, body: man},
			entry{name: contentName, body: bytes.Replace(content, []byte("Account 0001"), []byte("Account 9999"), 1)}), 0, accounts.EFORMAT, "its checksum does not match"},
		{"counts that do not match", archive(t,
			entry{name: manifestName, body: manifestFor(t, content, func(m map[string]any) { m["counts"].(map[string]any)["visits"] = 1 })},
			entry{name: contentName, body: content}), 0, accounts.EFORMAT, "its manifest does not match its content"},
		{"from a future Keycard", archive(t,
			entry{name: manifestName, body: manifestFor(t, content, func(m map[string]any) { m["format_version"] = 2; m["counts"] = "new shape" })},
			entry{name: contentName, body: content}), 0, accounts.EVERSION, "made by a newer version of Keycard (bundle format 2"},
		{"another format", archive(t,
			entry{name: manifestName, body: manifestFor(t, content, func(m map[string]any) { m["format"] = "crm-export" })},
			entry{name: contentName, body: content}), 0, accounts.EFORMAT, "is not a Keycard bundle"},
		{"an entry declaring 1 TiB", archive(t,
			entry{name: manifestName, body: man},
			entry{name: contentName, body: bomb, raw: true, size: 1 << 40}), 0, accounts.EFORMAT, "too large to open safely (it would unpack to more than 512 MiB)"},
		{"an entry lying about its size", archive(t,
			entry{name: manifestName, body: man},
			entry{name: contentName, body: bomb, raw: true, size: 100}), 0, accounts.EFORMAT, "damaged"},
		{"more than the caller allows", good, 4 << 10, accounts.EFORMAT, "too large to open safely (it would unpack to more than 4 KiB)"},
		{"a manifest of 1 MiB", archive(t,
			entry{name: manifestName, body: bytes.Repeat([]byte(" "), 1<<20)},
			entry{name: contentName, body: content}), 0, accounts.EFORMAT, "damaged"},
		{"an entry escaping with ..", archive(t,
			entry{name: manifestName, body: man}, entry{name: contentName, body: content},
			entry{name: "../evil", body: []byte("x")}), 0, accounts.EFORMAT, `unsafe name ("../evil")`},
		{"an absolute path", archive(t,
			entry{name: "/etc/passwd", body: []byte("x")}, entry{name: manifestName, body: man}, entry{name: contentName, body: content}), 0, accounts.EFORMAT, "unsafe name"},
		{"a backslash path", archive(t,
			entry{name: manifestName, body: man}, entry{name: `..\..\evil.exe`, body: []byte("x")}, entry{name: contentName, body: content}), 0, accounts.EFORMAT, "unsafe name"},
		{"an unexpected name", archive(t,
			entry{name: manifestName, body: man}, entry{name: contentName, body: content}, entry{name: "run.sh", body: []byte("x")}), 0, accounts.EFORMAT, `a file Keycard does not know ("run.sh")`},
		{"the accounts twice", archive(t,
			entry{name: manifestName, body: man}, entry{name: contentName, body: content}, entry{name: contentName, body: []byte("[]")}), 0, accounts.EFORMAT, "holds accounts.json twice"},
		{"too many entries", archive(t, many...), 0, accounts.EFORMAT, "holds 17 files where Keycard writes 2"},
		{"no manifest", archive(t, entry{name: contentName, body: content}), 0, accounts.EFORMAT, "incomplete"},
		{"accounts that are not JSON", archive(t,
			entry{name: manifestName, body: manifestFor(t, []byte("[]"), func(m map[string]any) {
				s := sha256.Sum256([]byte("[{"))
				m["content_sha256"] = hex.EncodeToString(s[:])
			})},
			entry{name: contentName, body: []byte("[{")}), 0, accounts.EFORMAT, "damaged"},
		{"an account field this Keycard does not know", unknown(`{"account":{`, `{"mood":"calm","account":{`), 0, accounts.EVERSION,
			`does not know (the field "mood"); it was probably made by a newer version of Keycard`},
		{"a contact field this Keycard does not know", unknown(`"influence":`, `"nickname":"Zhang","influence":`), 0, accounts.EVERSION, `(the field "nickname")`},
		{"a manifest field this Keycard does not know", archive(t,
			entry{name: manifestName, body: manifestFor(t, content, func(m map[string]any) { m["signed_by"] = "Lin" })},
			entry{name: contentName, body: content}), 0, accounts.EVERSION, `(the field "signed_by")`},
		{"private remarks the manifest denies", archive(t,
			entry{name: manifestName, body: manifestFor(t, privateJSON, nil)}, entry{name: contentName, body: privateJSON}), 0, accounts.EFORMAT, "private remarks"},
		{"an invalid contact", with(func(d []accounts.AccountData) { d[1].Contacts[2].Influence = 9 }), 0, accounts.EINVALID,
			`(account "Account 0001 客户", contact "Contact 1-2 张伟": influence must be between 1 and 5); nothing was imported`},
		{"a visit of another account", with(func(d []accounts.AccountData) { d[0].Visits[0].AccountID = d[1].Account.ID }), 0, accounts.EINVALID, "belongs to another account"},
		{"a reporting cycle", with(func(d []accounts.AccountData) { d[0].Contacts[0].ReportsTo = d[0].Contacts[2].ID }), 0, accounts.EINVALID, "goes round in a circle"},
		{"an account twice", with(func(d []accounts.AccountData) { d[1].Account.ID = d[0].Account.ID }), 0, accounts.EINVALID, "appears twice"},
		{"an id that is not an id", with(func(d []accounts.AccountData) { d[0].Warnings[0].ID = "../../x" }), 0, accounts.EINVALID, "is not a Keycard id"},
		{"an account without a name", with(func(d []accounts.AccountData) { d[1].Account.Name = "" }), 0, accounts.EINVALID, "account number 2: the account needs a name"},
	}
}

// flipStored returns a bundle whose accounts are stored uncompressed with
// one byte flipped after the archive was made, as a bad disk or a careless
// transfer would.
func flipStored(t testing.TB, content, man []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range []entry{{name: manifestName, body: man}, {name: contentName, body: content}} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.body)
	}
	zw.Close()
	b := buf.Bytes()
	i := bytes.Index(b, []byte("Account 0001"))
	b[i] ^= 0x01
	return b
}

func TestReadRefusesBadInput(t *testing.T) {
	for _, c := range badInputs(t) {
		t.Run(c.name, func(t *testing.T) {
			m, data, err := read(c.file, ReadOptions{MaxSize: c.max})
			wantRefusal(t, err, c.code, c.msg)
			if data != nil || m != (Manifest{}) {
				t.Fatal("a refused bundle returned content")
			}
		})
	}
}

func TestWriteRefusesInvalidRecords(t *testing.T) {
	data := sample(8, 2, 3, 3)
	data[1].Visits[1].Kind = "teleport"
	var buf bytes.Buffer
	_, err := Write(&buf, data, WriteOptions{Now: testNow})
	wantRefusal(t, err, accounts.EINVALID, `The bundle was not written: account "Account 0001 客户", visit of`)
	if buf.Len() != 0 {
		t.Fatal("a refused export wrote bytes")
	}
}

func TestReadFile(t *testing.T) {
	data := sample(9, 1, 2, 2)
	path := filepath.Join(t.TempDir(), "handover"+Ext)
	if err := os.WriteFile(path, write(t, data, WriteOptions{}), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, got, err := ReadFile(path, ReadOptions{}); err != nil || !reflect.DeepEqual(got, stripped(data)) {
		t.Fatalf("ReadFile: %v", err)
	}
	_, _, err := ReadFile(filepath.Join(t.TempDir(), "missing.keycard"), ReadOptions{})
	wantRefusal(t, err, accounts.ENOTFOUND, "check that the file exists")
}

// TestCarriesADatabaseToAnother is the handover end to end: the departing
// owner's accounts leave one database as a sealed bundle and arrive in an
// empty one equal, record for record; importing the bundle again changes
// nothing.
func TestCarriesADatabaseToAnother(t *testing.T) {
	cheapKDF(t)
	src, err := storage.Open(filepath.Join(t.TempDir(), "leaver.db"), storage.Options{Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if err := src.PutAccountData(sample(31, 3, 4, 5)); err != nil {
		t.Fatal(err)
	}
	exported := loadStore(t, src)

	path := filepath.Join(t.TempDir(), "handover"+Ext)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Write(f, exported, WriteOptions{Now: testNow, Passphrase: "s3cret", IncludePrivate: true}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, data, err := ReadFile(path, ReadOptions{Passphrase: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}

	dst, err := storage.Open(filepath.Join(t.TempDir(), "successor.db"), storage.Options{Now: func() time.Time { return testNow.AddDate(0, 1, 0) }})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if _, err := dst.Import(data); err != nil {
		t.Fatal(err)
	}
	if got, want := mustJSON(t, loadStore(t, dst)), mustJSON(t, exported); got != want {
		t.Fatal("the successor's database differs from the departing owner's")
	}
	again, err := dst.Import(data)
	if err != nil || again.Changes() != 0 || len(again.Conflicts) != 0 {
		t.Fatalf("re-import: %d changes, %d conflicts, %v", again.Changes(), len(again.Conflicts), err)
	}
}

func loadStore(t *testing.T, s *storage.Store) []accounts.AccountData {
	t.Helper()
	sums, err := s.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	var out []accounts.AccountData
	for _, sum := range sums {
		d, err := s.LoadAccount(sum.ID)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, *d)
	}
	return out
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSealedDamageIsNotAWrongPassphrase: a sealed bundle cut short in
// transfer or with a changed byte is damaged, whatever passphrase opens it;
// only a complete file that the passphrase does not open has a wrong
// passphrase.
func TestSealedDamageIsNotAWrongPassphrase(t *testing.T) {
	cheapKDF(t)
	b := write(t, sample(61, 3, 4, 5), WriteOptions{Passphrase: "right"})
	cases := []struct {
		name       string
		file       []byte
		passphrase string
		code       string
		msg        string
	}{
		{"truncated by one byte", b[:len(b)-1], "right", accounts.EFORMAT, "damaged or incomplete"},
		{"truncated by a tag's length", b[:len(b)-16], "right", accounts.EFORMAT, "damaged or incomplete"},
		{"truncated to half", b[:len(b)/2], "right", accounts.EFORMAT, "damaged or incomplete"},
		{"truncated after the header", b[:headerLen+17], "right", accounts.EFORMAT, "damaged or incomplete"},
		{"a byte changed in the middle", setByte(b, len(b)/2, b[len(b)/2]^0x20), "right", accounts.EFORMAT, "damaged or incomplete"},
		{"bytes appended", append(bytes.Clone(b), "\r\n"...), "right", accounts.EFORMAT, "damaged or incomplete"},
		{"a wrong passphrase", b, "wrong", EPASSPHRASE, "The passphrase is wrong"},
		{"a passphrase differing in case", b, "Right", EPASSPHRASE, "The passphrase is wrong"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, data, err := read(c.file, ReadOptions{Passphrase: c.passphrase})
			wantRefusal(t, err, c.code, c.msg)
			if data != nil {
				t.Fatal("refused bundle returned accounts")
			}
		})
	}
	if _, got, err := read(b, ReadOptions{Passphrase: "right"}); err != nil || len(got) != 3 {
		t.Fatalf("the intact bundle: %d accounts, %v", len(got), err)
	}
}
