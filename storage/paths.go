package storage

import (
	"os"
	"path"
	"runtime"
	"strings"

	"keycard/accounts"
)

// EnvDB names the environment variable that overrides the database path.
const EnvDB = "KEYCARD_DB"

// platform is what the default path depends on, injectable for tests.
type platform struct {
	goos   string
	getenv func(string) string
	home   func() (string, error)
}

func hostPlatform() platform {
	return platform{goos: runtime.GOOS, getenv: os.Getenv, home: os.UserHomeDir}
}

var errNoHome = accounts.Errorf(accounts.EINVALID, "storage.no_home")

func (p platform) join(parts ...string) string {
	if p.goos == "windows" {
		for i := range parts {
			if i > 0 {
				parts[i] = strings.Trim(parts[i], `\/`)
			} else {
				parts[i] = strings.TrimRight(parts[i], `\/`)
			}
		}
		return strings.Join(parts, `\`)
	}
	return path.Join(parts...)
}

// defaultPath is keycard.db in the user's data folder: the local (not
// roaming) application data on Windows, Application Support on macOS and the
// XDG data home elsewhere.
func (p platform) defaultPath() (string, error) {
	home := func() (string, error) {
		h, err := p.home()
		if err != nil || h == "" {
			return "", errNoHome
		}
		return h, nil
	}
	switch p.goos {
	case "windows":
		if d := p.getenv("LOCALAPPDATA"); d != "" {
			return p.join(d, "Keycard", "keycard.db"), nil
		}
		h, err := home()
		if err != nil {
			return "", err
		}
		return p.join(h, "AppData", "Local", "Keycard", "keycard.db"), nil
	case "darwin", "ios":
		h, err := home()
		if err != nil {
			return "", err
		}
		return p.join(h, "Library", "Application Support", "Keycard", "keycard.db"), nil
	default:
		// The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
		if d := p.getenv("XDG_DATA_HOME"); d != "" && strings.HasPrefix(d, "/") {
			return p.join(d, "keycard", "keycard.db"), nil
		}
		h, err := home()
		if err != nil {
			return "", err
		}
		return p.join(h, ".local", "share", "keycard", "keycard.db"), nil
	}
}

func (p platform) resolve(flagValue string) (string, error) {
	if f := strings.TrimSpace(flagValue); f != "" {
		return f, nil
	}
	if e := strings.TrimSpace(p.getenv(EnvDB)); e != "" {
		return e, nil
	}
	return p.defaultPath()
}
