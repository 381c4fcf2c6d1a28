package storage

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzOpenAnyFile gives Open whatever bytes as a database file: nothing may
// crash (a panic or a memory fault is a failed test, and the fault would
// kill the fuzzer), take long, or change the file; a file that opens must
// be listed and checked without a panic, and one that fails must fail with
// a sentence.
func FuzzOpenAnyFile(f *testing.F) {
	s, path := newStore(f)
	a := mkAccount(f, s, "Acme", "Li Wei")
	mkContact(f, s, a.ID, "Zhang", "")
	mkVisit(f, s, a.ID, t0)
	s.Close()
	good, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(good[:4096+100])
	f.Add([]byte("not a database"))
	f.Add([]byte{})
	defer func(d time.Duration) { recheckAfter = d }(recheckAfter)
	recheckAfter = 0 // no other program writes these files
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "fuzz.db")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		s, err := Open(p, Options{ReadOnly: true})
		if took := time.Since(start); took > 10*time.Second {
			t.Fatalf("open took %v", took)
		}
		if err != nil {
			if say(err) == "" {
				t.Fatalf("error without a sentence: %v", err)
			}
			return
		}
		defer s.Close()
		_, _ = s.Summaries()
		_ = s.Check()
		if took := time.Since(start); took > 10*time.Second {
			t.Fatalf("took %v", took)
		}
		after, _ := os.ReadFile(p)
		if string(after) != string(data) {
			t.Fatal("a read-only open changed the file")
		}
	})
}
