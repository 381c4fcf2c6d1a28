package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"keycard/accounts"
	"keycard/locale"
)

// hostile is a bundle built to make the reader spend memory or time: what
// it is, its bytes, and the refusal it must meet.
type hostile struct {
	name string
	file []byte
	code string
	msg  string
}

// repeated returns prefix + n copies of item joined by commas + suffix,
// without building the whole string more than once.
func repeated(prefix, item string, n int, suffix string) []byte {
	var b bytes.Buffer
	b.Grow(len(prefix) + n*(len(item)+1) + len(suffix))
	b.WriteString(prefix)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(item)
	}
	b.WriteString(suffix)
	return b.Bytes()
}

// withCounts is a bundle whose accounts.json is content, with a correct
// checksum and the counts given: the sender computed both, so only the
// reader's own bounds stand between the file and the memory.
func withCounts(t testing.TB, content []byte, c Counts) []byte {
	sum := sha256.Sum256(content)
	m := Manifest{Format: Format, FormatVersion: 1, CreatedAt: testNow, Counts: c, ContentSHA256: hex.EncodeToString(sum[:])}
	raw, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return archive(t, entry{name: manifestName, body: raw}, entry{name: contentName, body: content})
}

// minimalAccount is the JSON of the smallest account Keycard accepts,
// without its lists, and its id.
func minimalAccount(i int) (string, accounts.ID) {
	a := accounts.Account{Meta: accounts.Meta{ID: accounts.NewID(), Version: 1, CreatedAt: testNow, UpdatedAt: testNow},
		Name: fmt.Sprintf("A%d", i), Currency: "CNY", Owner: "W", Tier: accounts.Tiers()[0], Stage: accounts.Stages()[0]}
	a.Normalize()
	raw, _ := json.Marshal(a)
	return `{"account":` + string(raw) + "}", a.ID
}

// hostileInputs are the bundles of issue 12 and their relatives. Sizes are
// of the files, which is what travels by mail. With div > 1 every count and
// length is divided by it: the fuzz targets start from these smaller
// relatives, which are quick to build in each of its workers (the messages
// are those of div 1).
func hostileInputs(t testing.TB, div int) []hostile {
	// 2 million and 20 million empty records: a 6 KB and a 58 KB file.
	bomb := func(n int) []byte { return repeated("[", "{}", n/div, "]") }
	small, big := bomb(2_000_000), bomb(20_000_000)
	acct, id := minimalAccount(0)
	valid := []byte("[" + acct + "]")
	if _, _, err := read(withCounts(t, valid, Counts{Accounts: 1}), ReadOptions{}); err != nil {
		t.Fatalf("the minimal account is refused: %v", err)
	}
	inAccount := strings.TrimSuffix(acct, "}")
	many := func(n int) []byte {
		var b bytes.Buffer
		b.WriteString("[")
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			a, _ := minimalAccount(i)
			b.WriteString(a)
		}
		b.WriteString("]")
		return b.Bytes()
	}
	huge, deep, contacts := 100<<20/div, 20<<20/div, 5_000_000/div
	return []hostile{
		{"6 KB bomb, counts in the manifest", withCounts(t, small, Counts{Accounts: 2_000_000}), accounts.EFORMAT, "more records than Keycard"},
		{"6 KB bomb, manifest says one account", withCounts(t, small, Counts{Accounts: 1}), accounts.EINVALID, "account number 1"},
		{"6 KB bomb, manifest says none", withCounts(t, small, Counts{}), accounts.EFORMAT, "its manifest does not match its content"},
		{"58 KB bomb, counts in the manifest", withCounts(t, big, Counts{Accounts: 20_000_000}), accounts.EFORMAT, "more records than Keycard"},
		{"58 KB bomb, manifest lies within the bounds", withCounts(t, big, Counts{Accounts: 1000}), accounts.EINVALID, "account number 1"},
		{"empty contacts in a valid account", withCounts(t, repeated("["+inAccount+`,"contacts":[`, "{}", contacts, "]}]"),
			Counts{Accounts: 1, Contacts: 5_000_000}), accounts.EFORMAT, "more records than Keycard"},
		{"empty contacts, manifest lies within the bounds", withCounts(t, repeated("["+inAccount+`,"contacts":[`, "{}", contacts, "]}]"),
			Counts{Accounts: 1, Contacts: 1000}), accounts.EINVALID, "contact"},
		{"empty plan objectives", withCounts(t, repeated("["+inAccount+`,"plan":{"account_id":"`+string(id)+`","objectives":[`, "{}", contacts, "]}}]"),
			Counts{Accounts: 1, Plans: 1}), accounts.EFORMAT, "record larger than"},
		{"deep nesting", withCounts(t, bytes.Repeat([]byte("["), deep), Counts{Accounts: 1}), accounts.EFORMAT, "damaged"},
		{"deep nesting in a record", withCounts(t, append([]byte(`[{"account":{"name":`), bytes.Repeat([]byte("["), deep)...), Counts{Accounts: 1}), accounts.EFORMAT, "damaged"},
		{"a 100 MB name", withCounts(t, []byte(`[{"account":{"name":"`+strings.Repeat("A", huge)+`"}}]`), Counts{Accounts: 1}), accounts.EFORMAT, "record larger than"},
		{"a 100 MB field name", withCounts(t, []byte(`[{"`+strings.Repeat("A", huge)+`":1}]`), Counts{Accounts: 1}), accounts.EFORMAT, "damaged"},
		{"many tiny valid accounts, manifest lies", withCounts(t, many(20_000/div), Counts{Accounts: 100}), accounts.EFORMAT, "its manifest does not match its content"},
	}
}

// allocated returns the bytes f allocates, garbage included: a bound on
// the heap it can grow by.
func allocated(f func()) uint64 {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// readBound is what reading one of these files may allocate. The reader's
// own working memory is the zip reader's and decompressor's buffers, one
// record at a time and the records kept; none of these inputs is allowed
// to keep any.
const readBound = 24 << 20

func TestHostileBundlesAreRefusedInBoundedMemory(t *testing.T) {
	cheapKDF(t)
	for _, h := range hostileInputs(t, 1) {
		for _, sealed := range []bool{false, true} {
			name, file, pass := h.name+", plain", h.file, ""
			if sealed {
				var buf bytes.Buffer
				if err := seal(&buf, h.file, "s3cret", defaultKDF); err != nil {
					t.Fatal(err)
				}
				name, file, pass = h.name+", sealed", buf.Bytes(), "s3cret"
			}
			t.Run(name, func(t *testing.T) {
				var err error
				var data []accounts.AccountData
				got := allocated(func() { _, data, err = read(file, ReadOptions{Passphrase: pass}) })
				t.Logf("file %d bytes, allocated %.1f MiB", len(file), float64(got)/(1<<20))
				if msg := locale.Error(locale.English, err); accounts.ErrorCode(err) != h.code || !strings.Contains(msg, h.msg) {
					t.Errorf("got %s %.300q, want %s containing %q", accounts.ErrorCode(err), msg, h.code, h.msg)
				}
				if data != nil {
					t.Fatal("a refused bundle returned accounts")
				}
				// A sealed file is held whole to be opened: its size
				// comes on top.
				if bound := uint64(readBound + 2*len(file)); got > bound {
					t.Fatalf("allocated %d MiB reading a %d-byte file, more than %d MiB", got>>20, len(file), bound>>20)
				}
			})
		}
	}
}

// TestValidBundlesCostInProportion measures what the records a bundle
// returns cost against the JSON they come from: real accounts, the
// smallest accounts Keycard accepts, and valid accounts padded with as many
// empty nested objects as a record may hold, which unpack to a hundred
// times their JSON and must meet the bound on what records may take.
func TestValidBundlesCostInProportion(t *testing.T) {
	const limit = 8 << 20
	real, _ := json.Marshal(stripped(sample(77, 40, 10, 30)))
	var small, padded bytes.Buffer
	small.WriteString("[")
	padded.WriteString("[")
	const n = 200
	for i := 0; i < n; i++ {
		if i > 0 {
			small.WriteString(",")
			padded.WriteString(",")
		}
		a, _ := minimalAccount(i)
		small.WriteString(a)
		a, _ = minimalAccount(i)
		// As many as the record may hold: the account is one object
		// within the element, the list one array.
		room := maxRecordValues - (values([]byte(a)) - 1) - 1
		a = strings.Replace(a, `"name":`, string(repeated(`"owner_history":[`, "{}", room, `],"name":`)), 1)
		padded.WriteString(a)
	}
	small.WriteString("]")
	padded.WriteString("]")
	var data []accounts.AccountData
	_ = json.Unmarshal(real, &data)
	for _, c := range []struct {
		name    string
		content []byte
		counts  Counts
		refusal string
	}{
		{"real accounts", real, count(data), ""},
		{"smallest accounts", small.Bytes(), Counts{Accounts: n}, ""},
		{"accounts padded with empty objects", padded.Bytes(), Counts{Accounts: n}, "too large to open safely (it would unpack to more than 16 MiB)"},
		{"accounts padded with empty objects, within the default limit", padded.Bytes(), Counts{Accounts: n}, "far more memory than the file's size explains"},
	} {
		limit := int64(limit)
		if strings.Contains(c.name, "default") {
			limit = DefaultMaxSize
		}
		file := withCounts(t, c.content, c.counts)
		var err error
		var got []accounts.AccountData
		var kept uint64
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, got, err = read(file, ReadOptions{MaxSize: limit})
		runtime.ReadMemStats(&after)
		all := after.TotalAlloc - before.TotalAlloc
		// What the records returned take: the live heap with them less
		// the live heap without them.
		runtime.GC()
		runtime.ReadMemStats(&after)
		with := after.HeapAlloc
		runtime.KeepAlive(got)
		got = nil
		runtime.GC()
		runtime.ReadMemStats(&after)
		kept = with - min(with, after.HeapAlloc)
		t.Logf("%s: %.2f MiB of JSON, allocated %.1f MiB, kept %.2f MiB (%.1f× the JSON): %v", c.name,
			float64(len(c.content))/(1<<20), float64(all)/(1<<20), float64(kept)/(1<<20), float64(kept)/float64(len(c.content)), err)
		if c.refusal != "" {
			wantRefusal(t, err, accounts.EFORMAT, c.refusal)
		} else if err != nil {
			t.Fatal(err)
		}
		if kept > uint64(keptPerByte*limit) {
			t.Errorf("the records kept take %d MiB, more than %d× the %d MiB limit", kept>>20, keptPerByte, limit>>20)
		}
		// What the records may take (the JSON bound, since every
		// content here is far below the limit), with three times as
		// much for the garbage decoding leaves: the decoder's copy of
		// each record and its lists' growth.
		if bound := uint64(readBound + 4*(keptPerJSONByte*len(c.content)+keptFloor)); all > bound {
			t.Errorf("allocated %d MiB, more than %d MiB", all>>20, bound>>20)
		}
	}
}
