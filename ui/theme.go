package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"keycard/assets"
)

// keycardTheme is Fyne's default theme with the bundled Latin+CJK font for
// every text style. Without it Fyne falls back per character to whatever
// system fonts exist, so a Chinese name could be drawn in two fonts and look
// different on every laptop; with it the GUI matches the PDFs everywhere.
type keycardTheme struct {
	fyne.Theme
	font fyne.Resource
}

func newTheme() fyne.Theme {
	return &keycardTheme{Theme: theme.DefaultTheme(), font: fyne.NewStaticResource("wqy-microhei.ttf", assets.FontRegular)}
}

func (t *keycardTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return t.Theme.Font(s)
	}
	// The font has one weight; bold and italic are drawn from it too so that
	// a mixed line never switches font.
	return t.font
}

func (t *keycardTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNamePrimary {
		return color.NRGBA{R: 0x1f, G: 0x5f, B: 0xa8, A: 0xff}
	}
	return t.Theme.Color(n, v)
}

// fade is c at the given opacity (0 transparent … 255 opaque).
func fade(c color.Color, alpha uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), alpha}
}
