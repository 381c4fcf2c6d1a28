// Package credentials keeps the team-server password where the operating
// system keeps passwords (Windows Credential Manager, the macOS Keychain,
// the Secret Service on Linux desktops), never in Keycard's database. It is
// the only importer of zalando/go-keyring.
package credentials
