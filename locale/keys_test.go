package locale

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"keycard/accounts"
)

// keyShape is what a translation key looks like: dotted, lower case first.
var keyShape = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[A-Za-z0-9_]+)+$`)

// runtimeKeys are built by the interface from parts too varied for the
// scan below to see.
var runtimeKeys = []string{"today.birthday.row", "today.birthday.today", "today.overdue.none", "today.week.none",
	"today.stale.none", "today.renewals.none", "today.birthdays.none", "today.recent.none", "today.risen.none"}

// notKeys are literals shaped like keys in a namespace of the files that
// are not keys (file names, formats).
var notKeys = map[string]bool{
	"app.keycard.desktop": true, // the application id
	"export.dir":          true, // preference names
	"export.lang":         true,
}

// keyArg is, for the functions that take a translation key, the position
// (from 1) of the key among their arguments.
var keyArg = map[string]int{"Errorf": 2, "Say": 1, "invalid": 1, "tr": 1}

func calleeName(c *ast.CallExpr) string {
	switch fn := c.Fun.(type) {
	case *ast.Ident:
		return fn.Name
	case *ast.SelectorExpr:
		if id, ok := fn.X.(*ast.Ident); ok && (id.Name == "fmt" || id.Name == "t" || id.Name == "b") {
			return "" // fmt.Errorf and the testing Errorf take formats
		}
		return fn.Sel.Name
	}
	return ""
}

// sourceLiterals returns every string literal of the program's Go files
// (tests excluded) and the captions the documents ask for by name.
func sourceLiterals(t *testing.T) (lits map[string][]string, captions map[string]bool) {
	t.Helper()
	lits, captions = map[string][]string{}, map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != ".." || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		inDocs := strings.HasPrefix(filepath.ToSlash(path), "../documents/")
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.BasicLit:
				if x.Kind == token.STRING {
					if s, err := strconv.Unquote(x.Value); err == nil {
						lits[s] = append(lits[s], fset.Position(x.Pos()).String())
					}
				}
			case *ast.CallExpr:
				// The key of an error or a phrase must be a key, not a
				// sentence written in place.
				if i := keyArg[calleeName(x)]; i > 0 && len(x.Args) >= i {
					if lit, ok := x.Args[i-1].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						if s, _ := strconv.Unquote(lit.Value); !keyShape.MatchString(s) {
							t.Errorf("%s: %q is not a translation key", fset.Position(lit.Pos()), s)
						}
					}
				}
				if !inDocs || len(x.Args) == 0 {
					return true
				}
				name := calleeName(x)
				if lit, ok := x.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING && (name == "t" || name == "tf" || name == "w" || name == "w0") {
					s, _ := strconv.Unquote(lit.Value)
					captions["doc."+s] = true
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(lits) < 500 {
		t.Fatalf("found only %d literals; the scan is broken", len(lits))
	}
	return lits, captions
}

// TestTranslationKeys: both files hold the same keys, none empty; every key
// the Go code names exists in both; every key in the files is used by the
// code (a leftover is work for translators for nothing).
func TestTranslationKeys(t *testing.T) {
	en, zh := Keys(English), Keys(Chinese)
	if len(en) < 500 {
		t.Fatalf("en.json has only %d keys", len(en))
	}
	for k, v := range en {
		if strings.TrimSpace(v) == "" {
			t.Errorf("en.json: %q is empty", k)
		}
		if strings.TrimSpace(zh[k]) == "" {
			t.Errorf("zh-Hans.json lacks %q", k)
		}
	}
	for k := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("en.json lacks %q", k)
		}
	}

	spaces := map[string]bool{}
	for k := range en {
		spaces[strings.SplitN(k, ".", 2)[0]] = true
	}
	lits, captions := sourceLiterals(t)
	used := map[string]bool{}
	for s, where := range lits {
		if !keyShape.MatchString(s) || !spaces[strings.SplitN(s, ".", 2)[0]] || notKeys[s] {
			continue
		}
		used[s] = true
		if _, ok := en[s]; !ok {
			t.Errorf("%s: key %q is in neither translation file", where[0], s)
		}
	}
	for k := range captions {
		used[k] = true
		if _, ok := en[k]; !ok {
			t.Errorf("documents ask for the caption %q, which en.json lacks", k)
		}
	}
	for _, k := range append(accounts.PhraseKeys(), runtimeKeys...) {
		used[k] = true
		if _, ok := en[k]; !ok {
			t.Errorf("the domain builds the key %q, which en.json lacks", k)
		}
	}
	// A literal ending in a dot is a prefix completed at run time with a
	// code: "entity." + "account", "storage.op." + "open".
	var prefixes []string
	for s := range lits {
		if strings.HasSuffix(s, ".") && keyShape.MatchString(strings.TrimSuffix(s, ".")+".x") && spaces[strings.SplitN(s, ".", 2)[0]] {
			prefixes = append(prefixes, s)
		}
	}
	for k := range en {
		if used[k] {
			continue
		}
		ok := false
		for _, p := range prefixes {
			rest, found := strings.CutPrefix(k, p)
			ok = ok || found && rest != "" && !strings.Contains(rest, ".")
		}
		if !ok {
			t.Errorf("key %q is used nowhere", k)
		}
	}
}
