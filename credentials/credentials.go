// Package credentials keeps the team-server password where the operating
// system keeps passwords (Windows Credential Manager, the macOS Keychain,
// the Secret Service on Linux desktops), never in Keycard's database. It is
// the only importer of zalando/go-keyring.
package credentials

import "errors"

// Store keeps passwords; Fallback is the folder of the file used where the
// system has no credential store.
type Store struct {
	Fallback string
}

// Save keeps the password and says where ("system" or a file).
func (s *Store) Save(server, login, password string) (string, error) {
	return "", errors.New("not built yet")
}

// Load returns the saved password.
func (s *Store) Load(server, login string) (string, error) { return "", errors.New("not built yet") }

// Delete forgets the saved password.
func (s *Store) Delete(server, login string) error { return errors.New("not built yet") }
