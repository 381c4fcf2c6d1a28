package accounts_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayering keeps the architecture honest: each external dependency lives
// behind one package (docs/architecture.md), the domain imports none of ours,
// and the CLI stays pure Go. It reads the real import graph with go list.
func TestLayering(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the go tool")
	}
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "keycard/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	allowed := map[string][]string{ // dependency prefix → the only importers
		"go.etcd.io/bbolt":              {"keycard/storage"},
		"fyne.io/":                      {"keycard/ui", "keycard/cmd/keycard"},
		"github.com/jung-kurt/gofpdf":   {"keycard/documents"},
		"github.com/nicksnyder/go-i18n": {"keycard/locale"},
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg, imports := f[0], f[1:]
		for _, imp := range imports {
			for dep, who := range allowed {
				if strings.HasPrefix(imp, dep) && !contains(who, pkg) {
					t.Errorf("%s imports %s; only %v may", pkg, imp, who)
				}
			}
			if pkg == "keycard/accounts" && strings.HasPrefix(imp, "keycard/") {
				t.Errorf("the domain imports %s; it must import none of Keycard's packages", imp)
			}
		}
	}
	deps, err := exec.Command("go", "list", "-deps", "keycard/cmd/keycardctl").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, deps)
	}
	if strings.Contains(string(deps), "fyne.io/") {
		t.Error("keycardctl depends on Fyne; the CLI must build without a display or cgo")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
