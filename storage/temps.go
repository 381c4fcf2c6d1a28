package storage

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// restoreSuffix names the full copy of a backup that restore writes next to
// the database before renaming it over the database.
const restoreSuffix = ".restore"

// staleAfter is how old a temporary copy must be before it is taken for
// the leftover of a killed restore or backup rather than one under way.
const staleAfter = time.Hour

// staleTemp reports whether name, in the database's folder, is a temporary
// copy Keycard itself makes of the database at dbPath: the restore copy
// "keycard.db.restore" and the atomic writer's ".keycard.db.restore.*.tmp"
// and ".keycard.db.*.tmp". Nothing else is ever removed.
func staleTemp(dbBase, name string) bool {
	switch {
	case name == dbBase+restoreSuffix, name == dbBase+importSuffix:
		return true
	case strings.HasPrefix(name, "."+dbBase+".") && strings.HasSuffix(name, ".tmp"):
		return true
	}
	return false
}

// removeStaleTemps deletes the temporary whole-database copies a killed
// restore (or backup into the same folder) left behind, once they are older
// than staleAfter: each is as large as the database and nothing else would
// ever remove it. Failures are ignored; the copies are only clutter.
func removeStaleTemps(dbPath string) {
	dir, base := filepath.Dir(dbPath), filepath.Base(dbPath)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if !e.Type().IsRegular() || !staleTemp(base, e.Name()) {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > staleAfter {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
