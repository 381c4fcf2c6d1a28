package storage

import (
	"math/rand/v2"
	"testing"
)

// plainRun skips eight bytes at a time; it must never skip a byte a JSON
// string cannot hold as it is.
func TestPlainRunStopsAtEverySpecialByte(t *testing.T) {
	if got := plainRun([]byte("plain text, 王芳, twenty-six"), 0); got != 24 {
		t.Fatalf("plainRun over plain text stopped at %d, want 24", got)
	}
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte{'a', 'Z', ' ', '"', '\\', 0, 0x1f, 0x20, 0x21, 0x7f, 0x80, 0xe4, 0xff, '!', '#', '[', ']', 0x5b, 0x5d}
	for range 20000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			if r.IntN(6) == 0 {
				b[i] = alphabet[r.IntN(len(alphabet))]
			} else {
				b[i] = byte(0x20 + r.IntN(0x60))
				if b[i] == '"' || b[i] == '\\' {
					b[i] = 'x'
				}
			}
		}
		from := r.IntN(len(b) + 1)
		got := plainRun(b, from)
		first := len(b)
		for i := from; i < len(b); i++ {
			if c := b[i]; c < 0x20 || c == '"' || c == '\\' {
				first = i
				break
			}
		}
		// It may stop short, but only at the start of the eight bytes
		// that hold the special one, or where fewer than eight are left.
		if got < from || got > first || (got < first && got+8 <= len(b) && first >= got+8) {
			t.Fatalf("plainRun(%q, %d) = %d, first special byte at %d", b, from, got, first)
		}
	}
}

// decodeIDIn reads the id wherever it stands and passes over the rest; what
// it cannot read, encoding/json reads or refuses.
func TestDecodeIDAgreesWithEncodingJSON(t *testing.T) {
	for _, tc := range []struct {
		raw     string
		want    string
		refused bool
	}{
		{`{"id":"l1","from":"c1","to":"c2"}`, "l1", false},
		{`{"version":3,"notes":{"a":[1,"}"]},"id":"w\u00e9"}`, "wé", false},
		{` { "signs" : [ "x" ] , "id" : "w2" } `, "w2", false},
		{`{"from":"c1"}`, "", false},
		{`{"id":7}`, "", true},
		{`{"id":"l1"`, "", true},
	} {
		got, err := decodeIDIn([]byte(tc.raw), tc.raw)
		if string(got) != tc.want || (err != nil) != tc.refused {
			t.Errorf("%s: %q, %v; want %q, refused %v", tc.raw, got, err, tc.want, tc.refused)
		}
	}
}
