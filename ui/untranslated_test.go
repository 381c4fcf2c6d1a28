package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"keycard/locale"
)

// screenCalls are the functions and methods whose string arguments a person
// reads: labels, buttons, entries' hints, dialogs, menus, selects, forms,
// window titles.
var screenCalls = map[string]bool{
	"NewLabel": true, "NewLabelWithStyle": true, "NewButton": true, "NewButtonWithIcon": true,
	"SetText": true, "SetPlaceHolder": true, "SetTitle": true, "NewWindow": true,
	"NewCheck": true, "NewSelect": true, "NewSelectEntry": true, "NewRadioGroup": true, "SetOptions": true,
	"NewFormItem": true, "NewMenuItem": true, "NewMenu": true, "NewCard": true, "NewAccordionItem": true,
	"NewTabItem": true, "NewTabItemWithIcon": true, "NewText": true, "NewHyperlink": true, "NewRichTextWithText": true,
	"NewInformation": true, "ShowInformation": true, "NewConfirm": true, "ShowConfirm": true,
	"NewError": true, "ShowError": true, "NewCustom": true, "ShowCustom": true, "NewCustomConfirm": true,
	"ShowCustomConfirm": true, "NewForm": true, "ShowForm": true, "NewEntryDialog": true,
	"NewFileOpen": true, "NewFileSave": true, "SetConfirmText": true, "SetDismissText": true,
	"heading": true, "subheading": true, "label": true, "openRow": true, "section": true,
}

// screenFields are the fields of widget literals a person reads.
var screenFields = map[string]bool{"Text": true, "PlaceHolder": true, "Title": true, "Label": true, "Options": true}

// translators are calls whose string arguments are keys or fallbacks, not
// words on the screen.
var translators = map[string]bool{"L": true, "X": true, "N": true, "tx": true, "Say": true, "T": true, "Error": true,
	"Label": true, "Labels": true, "sayErr": true, "reasonLine": true, "Name": true, "textWith": true, "text": true}

// notWords are literals with letters that are the same in every language:
// the product's name, languages written in themselves, a paper size and
// the examples of formats an entry shows as its hint.
var notWords = map[string]bool{"Keycard": true, "English": true, "中文": true, "简体中文": true, "A4": true,
	"name@example.com": true, "https://example.com": true, "2026-Q3": true}

// TestNoUntranslatedStringReachesTheScreen reads the interface's source and
// fails on a string literal with letters that is shown as it is, without
// going through the translations.
func TestNoUntranslatedStringReachesTheScreen(t *testing.T) {
	// The screens and their widget packages (the decision map).
	files, _ := filepath.Glob("*.go")
	widgets, _ := filepath.Glob("*/*.go")
	files = append(files, widgets...)
	keys := locale.Keys(locale.English)
	fset := token.NewFileSet()
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		report := func(e ast.Expr) {
			checked++
			ast.Inspect(e, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.FuncLit:
					return false // a callback's body is checked where it shows something
				case *ast.CallExpr:
					// a translation, or a helper handed a key (it translates)
					if translators[calleeName(x)] || len(x.Args) > 0 && isKey(x.Args[0], keys) {
						return false
					}
				case *ast.BasicLit:
					if x.Kind != token.STRING {
						return true
					}
					s, _ := strconv.Unquote(x.Value)
					if _, key := keys[s]; hasLetter(s) && !notWords[s] && !key {
						t.Errorf("%s: %q reaches the screen untranslated", fset.Position(x.Pos()), s)
					}
				}
				return true
			})
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				if screenCalls[calleeName(x)] {
					for _, a := range x.Args {
						report(a)
					}
				}
			case *ast.KeyValueExpr:
				if k, ok := x.Key.(*ast.Ident); ok && screenFields[k.Name] {
					report(x.Value)
				}
			case *ast.AssignStmt:
				for i, l := range x.Lhs {
					if sel, ok := l.(*ast.SelectorExpr); ok && screenFields[sel.Sel.Name] && i < len(x.Rhs) {
						report(x.Rhs[i])
					}
				}
			}
			return true
		})
	}
	if checked < 200 {
		t.Fatalf("checked only %d expressions; the scan is broken", checked)
	}
}

func calleeName(c *ast.CallExpr) string {
	switch fn := c.Fun.(type) {
	case *ast.Ident:
		return fn.Name
	case *ast.SelectorExpr:
		return fn.Sel.Name
	case *ast.IndexExpr: // a generic function
		if id, ok := fn.X.(*ast.Ident); ok {
			return id.Name
		}
	}
	return ""
}

func isKey(e ast.Expr, keys map[string]string) bool {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return false
	}
	s, _ := strconv.Unquote(lit.Value)
	_, found := keys[s]
	return found
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
