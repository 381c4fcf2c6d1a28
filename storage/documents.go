package storage

import (
	"os"
	"path/filepath"
)

// DocumentsFolder is where the person keeps documents, the first place to
// suggest for handover dossiers and exported plans: Windows' Documents
// folder wherever it really is (OneDrive's backup moves it, and a company
// may redirect it to a server), ~/Documents elsewhere, else the home
// folder; "" when even that is unknown.
func DocumentsFolder() string {
	if d := knownDocumentsFolder(); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	if fi, err := os.Stat(filepath.Join(home, "Documents")); err == nil && fi.IsDir() {
		return filepath.Join(home, "Documents")
	}
	return home
}
