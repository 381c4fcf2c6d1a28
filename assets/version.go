package assets

import "runtime/debug"

// Version is Keycard's version, the same as FyneApp.toml's (a test keeps
// them equal, so the packaged app and the binaries say the same); a
// release build may set it with -ldflags "-X keycard/assets.Version=1.2.3".
var Version = "0.1.0"

// Describe is the version with the commit it was built from, when the
// build recorded one ("0.1.0 (bcd8636)", "+" for uncommitted changes), so
// a person reporting a problem can say exactly which Keycard they run.
func Describe() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return Version
	}
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if len(rev) > 7 {
		rev = rev[:7]
	}
	if rev == "" {
		return Version
	}
	if dirty {
		rev += "+"
	}
	return Version + " (" + rev + ")"
}
