package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestHasDisplay(t *testing.T) {
	for _, tc := range []struct {
		goos, display, wayland string
		want                   bool
	}{
		{"linux", ":0", "", true},
		{"linux", "", "", false},
		{"linux", "", "wayland-0", false}, // drawn through X11: XWayland sets DISPLAY
		{"freebsd", "", "", false},
		{"windows", "", "", true},
		{"darwin", "", "", true},
	} {
		env := func(k string) string {
			return map[string]string{"DISPLAY": tc.display, "WAYLAND_DISPLAY": tc.wayland}[k]
		}
		if got := hasDisplay(tc.goos, env); got != tc.want {
			t.Errorf("%s with DISPLAY=%q WAYLAND_DISPLAY=%q: %v, want %v", tc.goos, tc.display, tc.wayland, got, tc.want)
		}
	}
}

// The real binary started without a display says so in a sentence, in the
// person's language, and exits; it does not panic, and it leaves the
// database alone.
func TestBinaryWithoutDisplaySaysWhatToDo(t *testing.T) {
	if hasDisplay(runtime.GOOS, func(string) string { return "" }) {
		t.Skip("this system always has its desktop")
	}
	bin := filepath.Join(t.TempDir(), "keycard")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, tc := range []struct{ lang, want string }{
		{"en_US.UTF-8", "Keycard needs a desktop"},
		{"zh_CN.UTF-8", "Keycard 需要在桌面环境中显示窗口"},
	} {
		home := t.TempDir()
		db := filepath.Join(home, "keycard.db")
		cmd := exec.Command(bin, "--db", db)
		cmd.Env = []string{"HOME=" + home, "LANG=" + tc.lang, "PATH=" + os.Getenv("PATH")}
		out, err := cmd.CombinedOutput()
		if code := cmd.ProcessState.ExitCode(); err == nil || code != 1 {
			t.Fatalf("%s: exit %d (%v), want 1:\n%s", tc.lang, code, err, out)
		}
		if !strings.Contains(string(out), tc.want) || strings.Contains(string(out), "panic") || strings.Contains(string(out), "goroutine") {
			t.Errorf("%s: said\n%s\nwant the sentence %q and no stack", tc.lang, out, tc.want)
		}
		if _, err := os.Stat(db); err == nil {
			t.Errorf("%s: the database was created although no window could open", tc.lang)
		}
	}
}
