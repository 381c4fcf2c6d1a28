package assets

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// The version the binaries report is the one the fyne packaging tool puts
// into the app bundle (FyneApp.toml).
func TestVersionIsFyneAppTomls(t *testing.T) {
	raw, err := os.ReadFile("../cmd/keycard/FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindSubmatch(raw)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version")
	}
	if string(m[1]) != Version {
		t.Errorf("FyneApp.toml says %s, assets.Version %s", m[1], Version)
	}
	if d := Describe(); !strings.HasPrefix(d, Version) {
		t.Errorf("Describe() = %q", d)
	}
}
