// Package credentials keeps the team-server password where the operating
// system keeps passwords (Windows Credential Manager, the macOS Keychain,
// the Secret Service on Linux desktops), never in Keycard's database. It is
// the only importer of zalando/go-keyring.
//
// Where there is no such store (a Linux machine without a Secret Service, a
// headless server, CI), the password goes to a file only its owner can read
// (folder 0700, file 0600) in a folder Keycard names, and Save says where,
// so that the person is told. Nothing here logs or wraps the password into
// an error.
package credentials

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"keycard/accounts"
	"keycard/atomicfile"

	"github.com/zalando/go-keyring"
)

// Service is the name Keycard's passwords are kept under in the system's
// store, where a person can find and remove them.
const Service = "Keycard team server"

// System is where Save put the password when the system's store took it.
const System = "system"

// Store saves, loads and removes team-server passwords.
type Store struct {
	// Fallback is the folder for the file fallback, used when the system
	// has no password store; "" allows none.
	Fallback string
	// NoSystem skips the system's store and always uses the file (tests,
	// and a person who prefers it).
	NoSystem bool
}

// systemStore is the system's password store; tests replace it with one
// that never answers.
var systemStore = struct {
	set func(service, user, password string) error
	get func(service, user string) (string, error)
	del func(service, user string) error
}{keyring.Set, keyring.Get, keyring.Delete}

// systemTimeout bounds each call to the system's store: a Secret Service
// that is registered but never answers (a locked keyring waiting for a
// prompt nobody sees) must not hang a sync; the file is used instead.
var systemTimeout = 10 * time.Second

var errTimeout = errors.New("the system's password store did not answer in time")

// User is the name the password of login on server is kept under:
// "login@server", the server's URL without any password in it.
func User(server, login string) string { return login + "@" + ServerName(server) }

// ServerName is server's URL as it may be kept and shown: without its user
// information and without a password or sslpassword parameter.
func ServerName(server string) string {
	u, err := url.Parse(server)
	if err != nil || u.Scheme == "" {
		return server
	}
	u.User = nil
	if q := u.Query(); q.Has("password") || q.Has("sslpassword") {
		q.Del("password")
		q.Del("sslpassword")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// Save keeps the password of login on server, in the system's store when
// there is one, else in a file in s.Fallback. where is System or the file's
// path, for the person to be told.
func (s Store) Save(server, login, password string) (where string, err error) {
	user, sys := User(server, login), systemStore
	if !s.NoSystem {
		_, err := call(func() (struct{}, error) { return struct{}{}, sys.set(Service, user, password) })
		if err == nil {
			// An older copy on disk would outlive a password changed here.
			if path := s.file(user); path != "" {
				os.Remove(path)
			}
			return System, nil
		}
	}
	return s.saveFile(server, login, password)
}

// Load returns the password of login on server; an ENOTFOUND error when
// none is kept (the person connects again).
func (s Store) Load(server, login string) (string, error) {
	user, sys := User(server, login), systemStore
	var systemErr error
	if !s.NoSystem {
		password, err := call(func() (string, error) { return sys.get(Service, user) })
		if err == nil {
			return password, nil
		}
		systemErr = err
	}
	password, err := s.loadFile(server, login)
	if errors.Is(err, fs.ErrNotExist) {
		return "", &accounts.Error{Code: accounts.ENOTFOUND,
			Msg: accounts.Say("credentials.not_found", "Login", login, "Server", ServerName(server)), Err: systemErr}
	}
	return password, err
}

// Delete forgets the password of login on server, wherever it is kept.
// Deleting a password that is not kept is no error.
func (s Store) Delete(server, login string) error {
	user, sys := User(server, login), systemStore
	if !s.NoSystem {
		call(func() (struct{}, error) { return struct{}{}, sys.del(Service, user) })
		// The store says "not found" and "there is no store" in ways that
		// differ by system; whether the password is still there is what
		// counts.
		if _, err := call(func() (string, error) { return sys.get(Service, user) }); err == nil {
			return accounts.Errorf(accounts.EINTERNAL, "credentials.system_kept", "Login", login, "Server", ServerName(server), "Service", Service)
		}
	}
	path := s.file(user)
	if path == "" {
		return nil
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return &accounts.Error{Code: accounts.EINTERNAL, Msg: accounts.Say("credentials.cannot_delete", "Path", path), Err: err}
	}
	return nil
}

// call runs fn on the system's store, giving up after systemTimeout.
func call[T any](fn func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := fn()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-time.After(systemTimeout):
		var zero T
		return zero, errTimeout
	}
}

// The file fallback.

// saved is the fallback file's content. Server and login are kept so that
// a file is never read as another's.
type saved struct {
	Server   string `json:"server"`
	Login    string `json:"login"`
	Password string `json:"password"`
}

// file is the fallback file of user: its name is a hash, so the folder
// shows no server or login, and any login or URL makes a valid name.
func (s Store) file(user string) string {
	if s.Fallback == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(user))
	return filepath.Join(s.Fallback, "team-password-"+hex.EncodeToString(sum[:8])+".secret")
}

func (s Store) saveFile(server, login, password string) (string, error) {
	path := s.file(User(server, login))
	if path == "" {
		return "", accounts.Errorf(accounts.EINTERNAL, "credentials.no_store")
	}
	cannot := func(err error) error {
		return &accounts.Error{Code: accounts.EINTERNAL, Msg: accounts.Say("credentials.cannot_save", "Dir", s.Fallback), Err: err}
	}
	if err := os.MkdirAll(s.Fallback, 0o700); err != nil {
		return "", cannot(err)
	}
	// The folder may have existed with wider permissions; on Windows its
	// access rules (the user's profile) keep it private instead.
	if err := os.Chmod(s.Fallback, 0o700); err != nil {
		return "", cannot(err)
	}
	body, err := json.Marshal(saved{Server: ServerName(server), Login: login, Password: password})
	if err != nil {
		return "", cannot(err)
	}
	err = atomicfile.Write(path, 0o600, func(w io.Writer) error {
		_, err := w.Write(body)
		return err
	})
	if err != nil {
		return "", cannot(err)
	}
	return path, nil
}

// loadFile reads the fallback file; fs.ErrNotExist when there is none for
// this server and login.
func (s Store) loadFile(server, login string) (string, error) {
	path := s.file(User(server, login))
	if path == "" {
		return "", fs.ErrNotExist
	}
	body, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", err
	} else if err != nil {
		return "", &accounts.Error{Code: accounts.EINTERNAL, Msg: accounts.Say("credentials.cannot_read", "Path", path), Err: err}
	}
	var f saved
	if err := json.Unmarshal(body, &f); err != nil {
		return "", &accounts.Error{Code: accounts.EFORMAT, Msg: accounts.Say("credentials.damaged", "Path", path), Err: err}
	}
	if f.Server != ServerName(server) || f.Login != login {
		return "", fs.ErrNotExist // another's file under the same hash: as good as none
	}
	return f.Password, nil
}
