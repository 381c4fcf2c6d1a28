//go:build windows

package storage

import "golang.org/x/sys/windows"

// knownDocumentsFolder asks Windows where Documents is (SHGetKnownFolderPath),
// which follows OneDrive's and the company's redirection.
func knownDocumentsFolder() string {
	d, err := windows.KnownFolderPath(windows.FOLDERID_Documents, windows.KF_FLAG_DEFAULT)
	if err != nil {
		return ""
	}
	return d
}
