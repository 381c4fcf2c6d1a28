package main

// hasDisplay reports whether a window can open: on Linux and the BSDs the
// app draws through X11 (XWayland under Wayland), which needs DISPLAY;
// started over SSH or from a service without one, the graphics library
// panicked with a stack where the person should read what to do. Windows
// and macOS always have their desktop.
func hasDisplay(goos string, env func(string) string) bool {
	switch goos {
	case "windows", "darwin", "ios", "android", "js":
		return true
	}
	return env("DISPLAY") != ""
}
