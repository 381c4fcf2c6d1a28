//go:build !windows

package storage

// knownDocumentsFolder is Windows' alone; elsewhere Documents is looked for
// in the home folder.
func knownDocumentsFolder() string { return "" }
