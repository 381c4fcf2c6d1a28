package documents

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWriteSamples writes the sample documents to $KEYCARD_DOCS_OUT for
// looking at; it does nothing otherwise.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("KEYCARD_DOCS_OUT")
	if dir == "" {
		t.Skip("set KEYCARD_DOCS_OUT to write sample documents")
	}
	f := richAccount(50, 500)
	for _, lang := range []string{"en", "zh"} {
		o := Options{Lang: lang, Now: testNow, Paper: "A4"}
		for name, fn := range map[string]func(*os.File) error{
			"plan":    func(w *os.File) error { return AccountPlan(w, f, o) },
			"brief":   func(w *os.File) error { return VisitBrief(w, f, o) },
			"dossier": func(w *os.File) error { return HandoverDossier(w, f, testHandover(f), o) },
		} {
			out, err := os.Create(filepath.Join(dir, name+"-"+lang+".pdf"))
			if err != nil {
				t.Fatal(err)
			}
			if err := fn(out); err != nil {
				t.Fatal(err)
			}
			out.Close()
		}
		out, err := os.Create(filepath.Join(dir, "plan150-"+lang+".pdf"))
		if err != nil {
			t.Fatal(err)
		}
		if err := AccountPlan(out, richAccount(150, 60), o); err != nil {
			t.Fatal(err)
		}
		out.Close()
	}
}
