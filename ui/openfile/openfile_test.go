package openfile

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// The opener gets the path as one plain argument, never a URL: Chinese
// letters, spaces, '#' and '%' reach it exactly as they are in the file
// system.
func TestCommandPassesThePlainPath(t *testing.T) {
	paths := []string{
		"/home/wang/文档/plan-华东精密制造-2026-11-23.pdf",
		"/Users/tom/Plans/plan-A&B #1 100%-2026-11-23.pdf",
		"/tmp/a folder/with spaces.pdf",
	}
	for _, goos := range []string{"darwin", "linux", "freebsd", "plan9"} {
		for _, p := range paths {
			name, args := command(goos, p)
			want := map[string]string{"darwin": "open"}[goos]
			if want == "" {
				want = "xdg-open"
			}
			if name != want || !slices.Equal(args, []string{p}) {
				t.Errorf("%s: %s %q, want %s [%s]", goos, name, args, want, p)
			}
			for _, a := range args {
				if strings.Contains(a, "file:") || strings.Contains(a, "%25") || strings.Contains(a, "%E5") {
					t.Errorf("%s: %q is a URL, not the path", goos, a)
				}
			}
		}
	}
}

// A relative path is refused before anything starts.
func TestRelativePathIsRefused(t *testing.T) {
	if err := Open("plan.pdf"); err != ErrRelative {
		t.Errorf("a relative path: %v", err)
	}
}

// The opener really receives the path: a stand-in xdg-open on PATH writes
// its argument to a file.
func TestOpenStartsTheSystemsOpener(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("the stand-in is a shell script for xdg-open")
	}
	dir := t.TempDir()
	got := filepath.Join(dir, "got")
	script := "#!/bin/sh\nprintf '%s' \"$1\" > " + got + "\n"
	if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	p := filepath.Join(dir, "plan-华东 #1 100%.pdf")
	if err := Open(p); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		if raw, err := os.ReadFile(got); err == nil && len(raw) > 0 {
			if string(raw) != p {
				t.Errorf("the opener got %q, want %q", raw, p)
			}
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the opener was not started")
}
