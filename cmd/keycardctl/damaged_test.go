package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"keycard/locale"
)

// buildCtl builds the real program without cgo into dir.
func buildCtl(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "keycardctl")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
	return bin
}

// runBin runs bin with args and the database db, returning its output and
// exit status.
func runBin(t *testing.T, bin, db string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"--db", db}, args...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return out.String(), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), 0
}

// noStack fails when output shows a Go stack, a panic or a signal.
func noStack(t *testing.T, what, out string) {
	t.Helper()
	for _, bad := range []string{"goroutine ", "panic", "SIGSEGV", "SIGBUS", "fatal error", "unexpected fault", "runtime."} {
		if strings.Contains(out, bad) {
			t.Fatalf("%s shows %q:\n%s", what, bad, out)
		}
	}
}

// TestBinaryOnDamagedDatabases runs the real keycardctl against a demo
// database cut short at several lengths and with its newest meta page
// written over: every command says in one sentence that the database is
// damaged, exits 1 and shows no stack; restore from such a file replaces
// nothing. Before, bbolt mapped the file and a page beyond its end was a
// SIGSEGV/SIGBUS, or the file was called "not a Keycard database".
func TestBinaryOnDamagedDatabases(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := buildCtl(t, dir)
	good := filepath.Join(dir, "good.db")
	if out, code := runBin(t, bin, good, "demo"); code != 0 {
		t.Fatalf("demo: %s", out)
	}
	full, _ := os.ReadFile(good)
	ps := int(binary.NativeEndian.Uint32(full[24:]))
	lang := locale.Choose("auto", os.Getenv)
	damaged := prefixOf(lang, "storage.damaged") // the sentence up to the path
	newer := 0
	if binary.NativeEndian.Uint64(full[ps+64:]) > binary.NativeEndian.Uint64(full[64:]) {
		newer = ps
	}
	// The pages in use (the high-water mark); the file may be longer.
	used := int(binary.NativeEndian.Uint64(full[newer+56:])) * ps
	variants := map[string][]byte{}
	for _, n := range []int{100, ps, ps + 100, 2 * ps, 3 * ps, used / 4, used / 2, used - ps, used - 1} {
		variants[fmt.Sprintf("cut at %d", n)] = full[:n]
	}
	over := append([]byte(nil), full...)
	copy(over[newer+16+40:], "garbage!")
	variants["newest meta written over"] = over
	// Garbage over the headers of the pages holding the portfolio summaries:
	// bbolt's page decoding panicked and list showed a stack. A summary row
	// is a CBOR array of twenty (0x94) that starts with a 36-letter id.
	pages := append([]byte(nil), full...)
	hit := 0
	for off := 2 * ps; off+ps <= used; off += ps {
		if bytes.Contains(pages[off:off+ps], []byte{0x94, 0x78, 0x24}) && binary.NativeEndian.Uint16(pages[off+8:]) == 0x02 {
			binary.NativeEndian.PutUint16(pages[off+8:], 0x77)
			hit++
		}
	}
	if hit == 0 {
		t.Fatal("no summary page found")
	}
	variants["summary pages written over"] = pages
	for name, content := range variants {
		t.Run(name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "keycard.db")
			os.WriteFile(db, content, 0o600)
			cmds := [][]string{{"list"}, {"show", "a"}, {"check"}, {"stats"}, {"backup", filepath.Join(t.TempDir(), "b.db")}}
			want := map[string]string{}
			restoreKey := "storage.backup.damaged_file"
			if name == "summary pages written over" {
				// The file opens; what reads the pages says so.
				cmds = cmds[:0]
				cmds = append(cmds, []string{"list"}, []string{"check"}, []string{"backup", filepath.Join(t.TempDir(), "b.db")})
				want["list"] = prefixOf(lang, "storage.damaged_read", "Path", db)
				want["check"] = prefixOf(lang, "storage.check.problems", "Count", 1, "Path", db)
				want["backup"] = prefixOf(lang, "storage.backup.refused", "Path", db)
			}
			for _, args := range cmds {
				out, code := runBin(t, bin, db, args...)
				noStack(t, args[0], out)
				w := want[args[0]]
				if w == "" {
					w = damaged
				}
				if code != 1 || !strings.Contains(out, w) || strings.Count(strings.TrimSpace(out), "\n") > 0 {
					t.Fatalf("%s: exit %d, want 1 and one sentence with %q:\n%s", args[0], code, w, out)
				}
			}
			live := filepath.Join(t.TempDir(), "live.db")
			os.WriteFile(live, full, 0o600)
			out, code := runBin(t, bin, live, "restore", db)
			noStack(t, "restore", out)
			if code != 1 || !strings.Contains(out, prefixOf(lang, restoreKey, "Path", db)) {
				t.Fatalf("restore: exit %d:\n%s", code, out)
			}
			if after, _ := os.ReadFile(live); !bytes.Equal(after, full) {
				t.Fatal("restore from a damaged backup changed the database")
			}
			if after, _ := os.ReadFile(db); !bytes.Equal(after, content) {
				t.Fatal("the damaged file was changed")
			}
		})
	}
	if out, code := runBin(t, bin, good, "check"); code != 0 {
		t.Fatalf("check of the sound file: %s", out)
	}
}
