package accounts_test

import (
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// allowedImports is the table of docs/architecture.md: for every package of
// the module, the packages of the module it may import. Every package must
// have a row, even an empty one, so that a new package is a decision rather
// than an accident. Rows for packages that do not exist (yet) are allowed.
var allowedImports = map[string][]string{
	// cmd/keycardctl runs every use case it shares with the app through book;
	// storage is left for opening the database (its path, read-only, no
	// sync while generating, the scratch database of an import preview) and
	// the admin commands that work on the file: backup, restore, check, stats.
	"cmd/keycard": {"ui", "book", "locale", "storage", "accounts", "assets"},
	// It also reaches teamserver for IT's administration of the server
	// (init, add-user, disable-user, status), as it reaches storage for the file's.
	"cmd/keycardctl": {"book", "locale", "accounts", "storage", "teamserver", "assets", "collation"},
	// ui talks to the application layer only: the store and the file
	// formats are behind book.
	"ui": {"book", "accounts", "assets", "ui/decisionmap", "ui/openfile", "locale", "collation"},
	// The platform's own call that opens a file (no Fyne, no cgo).
	"ui/openfile":    {},
	"ui/decisionmap": {"accounts", "assets", "locale"},
	"book":           {"storage", "accounts", "bundle", "intake", "documents", "demo", "atomicfile", "locale", "teamserver", "credentials", "sheets", "collation"},
	"teamserver":     {"accounts"},
	// A throwaway PostgreSQL for tests (initdb, pg_ctl, psql): only tests
	// import it, and it needs nothing of ours.
	"teamserver/pgtest": {},
	"credentials":       {"accounts", "atomicfile"},
	"locale":            {"accounts", "assets"},
	"documents":         {"accounts", "assets", "locale", "collation"},
	// Spreadsheet files (.xlsx, CSV): tables in, bytes out.
	"sheets":     {"accounts"},
	"intake":     {"accounts", "locale"},
	"bundle":     {"accounts"},
	"storage":    {"accounts", "atomicfile", "collation"},
	"demo":       {"accounts"},
	"atomicfile": {"accounts"},
	"assets":     {},
	// The one place names are compared for sorting (pinyin for Chinese):
	// golang.org/x/text's collation and nothing of ours.
	"collation": {},
	"accounts":  {},
}

// externalOwners keeps each external dependency behind its package(s).
var externalOwners = map[string][]string{ // dependency prefix → the only importers
	"go.etcd.io/bbolt":              {"storage"},
	"fyne.io/":                      {"ui", "ui/decisionmap", "cmd/keycard"},
	"github.com/jung-kurt/gofpdf":   {"documents"},
	"github.com/nicksnyder/go-i18n": {"locale"},
	"github.com/jackc/pgx":          {"teamserver"},
	"github.com/zalando/go-keyring": {"credentials"},
	"github.com/xuri/excelize":      {"sheets"},
	"golang.org/x/text/collate":     {"collation"},
}

// TestLayering keeps the architecture honest: Keycard's packages import each
// other only as the table allows, each external dependency lives behind one
// package, the domain imports nothing of ours and the CLI stays pure Go. It
// reads the real import graph with go list.
func TestLayering(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the go tool")
	}
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "keycard/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	seen := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg, imports := strings.TrimPrefix(f[0], "keycard/"), f[1:]
		allowed, ok := allowedImports[pkg]
		if !ok {
			t.Errorf("the package %s has no row in the table of allowed imports (accounts/layering_test.go, docs/architecture.md)", pkg)
			continue
		}
		seen++
		for _, imp := range imports {
			if own, ok := strings.CutPrefix(imp, "keycard/"); ok {
				if !slices.Contains(allowed, own) {
					t.Errorf("%s imports %s; the table allows it only %v", pkg, own, allowed)
				}
				continue
			}
			for dep, who := range externalOwners {
				if strings.HasPrefix(imp, dep) && !slices.Contains(who, pkg) {
					t.Errorf("%s imports %s; only %v may", pkg, imp, who)
				}
			}
		}
	}
	if seen < 10 {
		t.Fatalf("go list named only %d packages; the check is broken", seen)
	}
	deps, err := exec.Command("go", "list", "-deps", "keycard/cmd/keycardctl").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, deps)
	}
	if strings.Contains(string(deps), "fyne.io/") {
		t.Error("keycardctl depends on Fyne; the CLI must build without a display or cgo")
	}
}

// TestLayeringTableIsTheDocumentedOne keeps docs/architecture.md's table of
// allowed imports and allowedImports the same, so that neither drifts.
func TestLayeringTableIsTheDocumentedOne(t *testing.T) {
	raw, err := os.ReadFile("../docs/architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := documentedImports(t, string(raw))
	for pkg, want := range allowedImports {
		got, ok := doc[pkg]
		if !ok {
			t.Errorf("docs/architecture.md has no row for %s", pkg)
			continue
		}
		if !sameSet(got, want) {
			t.Errorf("docs/architecture.md allows %s → %v, the test %v", pkg, got, want)
		}
	}
	for pkg := range doc {
		if _, ok := allowedImports[pkg]; !ok {
			t.Errorf("docs/architecture.md has a row for %s, the test none", pkg)
		}
	}
}

// documentedImports reads the "Allowed imports" block of the architecture
// document: "pkg → a, b (a note)" rows, a row going on on lines that start
// with spaces; notes in brackets and "standard library" are not packages.
func documentedImports(t *testing.T, doc string) map[string][]string {
	_, rest, ok := strings.Cut(doc, "Allowed imports")
	if !ok {
		t.Fatal(`docs/architecture.md has no "Allowed imports"`)
	}
	_, rest, _ = strings.Cut(rest, "```\n")
	block, _, ok := strings.Cut(rest, "```")
	if !ok {
		t.Fatal("docs/architecture.md: the table of allowed imports is not in a code block")
	}
	note := regexp.MustCompile(`\([^)]*\)`)
	name := regexp.MustCompile(`^[a-z][a-z/]*$`)
	out := map[string][]string{}
	var row string
	for _, line := range strings.Split(block, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		right := line
		if !strings.HasPrefix(line, " ") {
			var left string
			left, right, ok = strings.Cut(line, "→")
			if !ok {
				t.Fatalf("docs/architecture.md: %q is not a row of the table", line)
			}
			row = strings.TrimSpace(left)
			out[row] = []string{}
		}
		for _, p := range strings.Split(note.ReplaceAllString(right, ""), ",") {
			if p = strings.TrimSpace(p); name.MatchString(p) {
				out[row] = append(out[row], p)
			}
		}
	}
	return out
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
