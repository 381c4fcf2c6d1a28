package book

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"keycard/accounts"
)

// The import preview reads a bundle through ReadBundle. A 6 KB bundle of
// two million empty records, with a correct checksum, took 4 GB there; it
// must be refused with a sentence, in a few megabytes, whatever the
// manifest announces.
func TestReadBundleRefusesAJSONBombInBoundedMemory(t *testing.T) {
	content := []byte("[" + strings.Repeat("{},", 2_000_000) + "{}]")
	sum := sha256.Sum256(content)
	for _, announced := range []int{2_000_001, 1000, 0} {
		manifest, _ := json.Marshal(map[string]any{
			"format": "keycard-bundle", "format_version": 1, "created_at": t0,
			"counts":         map[string]int{"accounts": announced},
			"content_sha256": hex.EncodeToString(sum[:]),
		})
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, e := range []struct {
			name string
			body []byte
		}{{"manifest.json", manifest}, {"accounts.json", content}} {
			w, err := zw.Create(e.name)
			must(t, err)
			_, err = w.Write(e.body)
			must(t, err)
		}
		must(t, zw.Close())
		path := filepath.Join(t.TempDir(), "bomb"+BundleExt)
		must(t, os.WriteFile(path, buf.Bytes(), 0o600))

		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, data, err := ReadBundle(path, "")
		runtime.ReadMemStats(&after)
		got := after.TotalAlloc - before.TotalAlloc
		t.Logf("%d-byte bundle announcing %d accounts: allocated %.1f MiB, %v", buf.Len(), announced, float64(got)/(1<<20), err)
		if err == nil || data != nil {
			t.Fatalf("the bomb was read: %d accounts", len(data))
		}
		if code := accounts.ErrorCode(err); code != accounts.EFORMAT && code != accounts.EINVALID {
			t.Errorf("refused with %s: %v", code, err)
		}
		if got > 16<<20 {
			t.Errorf("allocated %d MiB reading a %d-byte bundle", got>>20, buf.Len())
		}
	}
}
