package main

import (
	"runtime"

	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// workArea is the usable part of the primary screen (without the task bar
// or the dock) in Fyne's units, so that the first window can be made to fit
// a 1366×768 laptop or a 14" one at 150 % scaling. Fyne cannot tell the
// screen's size, so GLFW, which Fyne itself runs on, is asked before the
// window opens (on the main goroutine, which Fyne's driver keeps on the
// main thread). Zero when it cannot be told: the window keeps its default.
func workArea() (size fyne.Size) {
	// GLFW panics where it has no display to ask (a shell without one):
	// the size is then unknown too.
	defer func() {
		if recover() != nil {
			size = fyne.Size{}
		}
	}()
	if err := glfw.Init(); err != nil {
		return fyne.Size{}
	}
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return fyne.Size{}
	}
	_, _, w, h := m.GetWorkarea()
	if w <= 0 || h <= 0 {
		return fyne.Size{}
	}
	sx, sy := m.GetContentScale()
	// macOS measures the work area in points already; Windows and X11 in
	// pixels, which the content scale (125 %, 150 %) turns into Fyne's units.
	if runtime.GOOS == "darwin" || sx <= 0 || sy <= 0 {
		sx, sy = 1, 1
	}
	return fyne.NewSize(float32(w)/sx, float32(h)/sy)
}
