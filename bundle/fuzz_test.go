package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"keycard/accounts"
	"keycard/locale"
)

// FuzzRead feeds Read arbitrary files. Read must never panic, must refuse
// with an *accounts.Error carrying a sentence, and whatever it accepts must
// be valid: written again it gives a bundle that reads back to the same
// accounts. The committed corpus is in testdata/fuzz/FuzzRead; more seeds
// are the good and bad bundles the other tests build.
//
// No passphrase is given: Argon2 costs a fraction of a second per try, which
// would starve the fuzzer, so sealed files are fuzzed up to the passphrase
// check and the sealed content is the same archive the plain seeds cover.
func FuzzRead(f *testing.F) {
	cheapKDF(f)
	f.Add(write(f, sample(11, 2, 3, 2), WriteOptions{}))
	f.Add(write(f, sample(12, 1, 1, 1), WriteOptions{IncludePrivate: true}))
	f.Add(write(f, nil, WriteOptions{}))
	f.Add(write(f, sample(13, 1, 2, 1), WriteOptions{Passphrase: "fuzz"}))
	for _, c := range badInputs(f) {
		if len(c.file) < 64<<10 {
			f.Add(c.file)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, data, err := Read(bytes.NewReader(b), int64(len(b)), ReadOptions{MaxSize: 8 << 20})
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
