package storage

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Documents in the home folder when there is one, else the home folder.
func TestDocumentsFolder(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows asks the system for its known folder")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	if got := DocumentsFolder(); got != home {
		t.Errorf("without Documents: %q, want the home folder %q", got, home)
	}
	docs := filepath.Join(home, "Documents")
	if err := os.Mkdir(docs, 0o700); err != nil {
		t.Fatal(err)
	}
	if got := DocumentsFolder(); got != docs {
		t.Errorf("with Documents: %q, want %q", got, docs)
	}
}
