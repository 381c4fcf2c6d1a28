package book_test

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// storeWrites are the methods of *storage.Store that write. Neither the
// screens nor keycardctl may call them: every write goes through the book,
// so that every change is published to the views that show it.
var storeWrites = []string{
	"CreateAccount", "UpdateAccount", "DeleteAccount", "PutAccountData",
	"CreateContact", "UpdateContact", "DeleteContact", "MoveContact", "MoveContactToNewAccount",
	"CreateLink", "UpdateLink", "DeleteLink", "SaveLayout",
	"CreateVisit", "UpdateVisit", "DeleteVisit", "SetStepDone", "AddContacts", "AddVisits",
	"CreateWarning", "UpdateWarning", "DeleteWarning", "SavePlan",
	"SaveHandover", "CompleteHandover", "Import", "ImportWith", "ImportStream", "ImportStaged", "SaveRiskSnapshots", "PutReview",
	"AddDeals", "PutPeople",
	// Settings: the exchange rates and the reminders shown today.
	"PutRates", "PutReminded",
	// The team-server replica (sync).
	"Link", "Unlink", "SaveTeamLink", "MarkPushed", "KeepLocal", "ApplyIncoming", "SetPrivateRemarks", "ResolveConflict",
}

// storeReads are the methods that only read (or, for Close and BackupFile,
// do not change the records); reads may stay where moving them is not worth it.
var storeReads = []string{
	"Account", "AllContacts", "Backup", "Birthdays", "FollowUpsDue", "BackupFile", "Check", "Close", "Contact", "Contacts",
	"EachRiskInput", "FindAccount", "FollowUps", "Handover", "Handovers", "Layout", "Links",
	"LoadAccount", "MapChanges", "Owners", "Path", "Plan", "PlanImport", "PlanImportWith", "PlanImportStream",
	"RecentVisits", "Renewals", "RiskHistory", "RiskInputFor", "RiskOn", "Stats",
	"Summaries", "SummariesByOwner", "Visit", "Visits", "Warnings",
	"Reviews", "LatestReviews", "EachReview", "ReviewActivity", "OpenStepsDueBefore",
	"DealsOf", "People",
	"Rates", "Reminded",
	// The replica: Outbox drops entries that hold no change, never a record.
	"TeamLinkInfo", "Outbox", "OutboxLen", "Conflicts", "HandedOver",
}

const storeType = "*keycard/storage.Store"

// TestOnlyTheBookWritesToTheStore type-checks ui and cmd/keycardctl (their
// non-test sources) and fails on any call of a writing method of
// *storage.Store.
func TestOnlyTheBookWritesToTheStore(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the go tool")
	}
	imp := exportImporter(t, "keycard/ui", "keycard/cmd/keycardctl")
	for _, pkg := range []string{"keycard/ui", "keycard/cmd/keycardctl"} {
		writes, reads := storeCalls(t, imp, pkg, nil)
		for _, w := range writes {
			t.Errorf("%s writes to the store directly: %s; call the book", pkg, w)
		}
		if pkg == "keycard/ui" && len(reads) > 0 {
			t.Errorf("the screens read the store directly (%v); they read through the book", reads)
		}
		t.Logf("%s: %d store reads, %d store writes", pkg, len(reads), len(writes))
	}
}

// behindTheBook are the packages the screens reach only through the book:
// the store and the file formats.
var behindTheBook = []string{"storage", "bundle", "intake", "documents", "demo", "atomicfile"}

// TestTheScreensImportOnlyTheBook is the real guarantee behind the write
// check above: ui does not import the store at all (nor the file formats),
// so nothing on a screen can reach around the book, and every change it
// makes is published to the views that show it.
func TestTheScreensImportOnlyTheBook(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the go tool")
	}
	for _, pkg := range []string{"keycard/ui", "keycard/ui/decisionmap"} {
		out, err := exec.Command("go", "list", "-tags", "migrated_fynedo", "-f", `{{join .Imports "\n"}}`, pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		imports := strings.Fields(string(out))
		if !slices.Contains(imports, "fyne.io/fyne/v2") {
			t.Fatalf("%s imports %v: the list is not read right", pkg, imports)
		}
		for _, imp := range imports {
			if own, ok := strings.CutPrefix(imp, "keycard/"); ok && slices.Contains(behindTheBook, own) {
				t.Errorf("%s imports %s; the screens reach it through the book", pkg, imp)
			}
		}
	}
}

// TestTheWriteCheckFindsAWrite keeps the check above from passing by
// finding nothing: a direct write in a small package is found.
func TestTheWriteCheckFindsAWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the go tool")
	}
	imp := exportImporter(t, "keycard/storage")
	src := `package x

import "keycard/storage"

func f(s *storage.Store) error {
	if _, err := s.Summaries(); err != nil {
		return err
	}
	return s.DeleteAccount("x")
}
`
	writes, reads := storeCalls(t, imp, "x", map[string]string{"x.go": src})
	if len(writes) != 1 || !strings.Contains(writes[0], "DeleteAccount") || len(reads) != 1 {
		t.Fatalf("writes %v, reads %v; want DeleteAccount and Summaries", writes, reads)
	}
}

// TestEveryStoreMethodIsClassified makes a new method of *storage.Store
// choose a side: a write must be added to storeWrites (and to the book).
func TestEveryStoreMethodIsClassified(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the go tool")
	}
	imp := exportImporter(t, "keycard/storage")
	p, err := imp.Import("keycard/storage")
	if err != nil {
		t.Fatal(err)
	}
	ms := types.NewMethodSet(types.NewPointer(p.Scope().Lookup("Store").Type()))
	for i := range ms.Len() {
		name := ms.At(i).Obj().Name()
		if !ms.At(i).Obj().Exported() {
			continue
		}
		if !slices.Contains(storeWrites, name) && !slices.Contains(storeReads, name) {
			t.Errorf("(*storage.Store).%s is neither in storeWrites nor in storeReads", name)
		}
	}
}

// storeCalls type-checks pkg (from go list, or the given sources) and lists
// its calls of the store's writing and reading methods.
func storeCalls(t *testing.T, imp types.Importer, pkg string, srcs map[string]string) (writes, reads []string) {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	if srcs == nil {
		for _, name := range goFiles(t, pkg) {
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
	}
	for name, src := range srcs {
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	info := &types.Info{Selections: map[*ast.SelectorExpr]*types.Selection{}}
	conf := types.Config{Importer: imp, Error: func(error) {}}
	if _, err := conf.Check(pkg, fset, files, info); err != nil {
		t.Fatalf("type-check %s: %v", pkg, err)
	}
	for sel, s := range info.Selections {
		if s.Kind() != types.MethodVal || types.TypeString(s.Recv(), nil) != storeType {
			continue
		}
		at := fmt.Sprintf("%s at %s", sel.Sel.Name, fset.Position(sel.Pos()))
		if slices.Contains(storeWrites, sel.Sel.Name) {
			writes = append(writes, at)
		} else {
			reads = append(reads, at)
		}
	}
	return writes, reads
}

// goFiles are the package's non-test sources, as the build sees them.
func goFiles(t *testing.T, pkg string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-tags", "migrated_fynedo", "-f", "{{.Dir}}\n{{join .GoFiles \"\\n\"}}", pkg).Output()
	if err != nil {
		t.Fatalf("go list %s: %v", pkg, err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	var files []string
	for _, f := range lines[1:] {
		files = append(files, filepath.Join(lines[0], f))
	}
	return files
}

// exportImporter imports the dependencies of pkgs from the compiler's
// export data, which go list -export builds (cgo packages included).
func exportImporter(t *testing.T, pkgs ...string) types.Importer {
	t.Helper()
	args := append([]string{"list", "-tags", "migrated_fynedo", "-export", "-deps", "-json=ImportPath,Export"}, pkgs...)
	out, err := exec.Command("go", args...).Output()
	if err != nil {
		t.Fatalf("go list -export: %v", err)
	}
	exports := map[string]string{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p struct{ ImportPath, Export string }
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		exports[p.ImportPath] = p.Export
	}
	return importer.ForCompiler(token.NewFileSet(), "gc", func(path string) (io.ReadCloser, error) {
		f, ok := exports[path]
		if !ok || f == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(f)
	})
}
