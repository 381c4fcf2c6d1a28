package documents

import (
	"encoding/binary"
	"errors"
	"sync"

	"keycard/assets"
)

// The embedded font's character map, read once. Keycard draws every
// character with the one embedded font; a character the font lacks (an
// emoji, a rare ideograph) would print as an empty box, so such characters
// are replaced with a visible stand-in before they reach the page.

var (
	coverageOnce sync.Once
	coverage     map[rune]bool
	coverageErr  error
)

func fontCovers() (map[rune]bool, error) {
	coverageOnce.Do(func() { coverage, coverageErr = readCmap(assets.FontRegular) })
	return coverage, coverageErr
}

// readCmap returns the runes a TrueType font maps to a glyph other than
// .notdef, from its Unicode cmap subtable (format 12 preferred, else 4).
func readCmap(font []byte) (map[rune]bool, error) {
	bad := errors.New("the font's character map cannot be read")
	u16 := func(o int) int {
		if o < 0 || o+2 > len(font) {
			return -1
		}
		return int(binary.BigEndian.Uint16(font[o:]))
	}
	u32 := func(o int) int {
		if o < 0 || o+4 > len(font) {
			return -1
		}
		return int(binary.BigEndian.Uint32(font[o:]))
	}
	numTables := u16(4)
	cmapOff := -1
	for i := 0; i < numTables; i++ {
		rec := 12 + 16*i
		if string(font[rec:rec+4]) == "cmap" {
			cmapOff = u32(rec + 8)
		}
	}
	if cmapOff < 0 {
		return nil, bad
	}
	var f4, f12 = -1, -1
	for i := 0; i < u16(cmapOff+2); i++ {
		rec := cmapOff + 4 + 8*i
		pid, eid, off := u16(rec), u16(rec+2), u32(rec+4)
		if !(pid == 3 && (eid == 1 || eid == 10)) && pid != 0 {
			continue
		}
		switch u16(cmapOff + off) {
		case 4:
			f4 = cmapOff + off
		case 12:
			f12 = cmapOff + off
		}
	}
	m := map[rune]bool{}
	switch {
	case f12 >= 0:
		n := u32(f12 + 12)
		for i := 0; i < n; i++ {
			g := f12 + 16 + 12*i
			start, end, gid := u32(g), u32(g+4), u32(g+8)
			if start < 0 || end < start || end > 0x10FFFF {
				return nil, bad
			}
			for r := start; r <= end; r++ {
				if gid+(r-start) != 0 {
					m[rune(r)] = true
				}
			}
		}
	case f4 >= 0:
		segX2 := u16(f4 + 6)
		ends, starts, deltas, ranges := f4+14, f4+16+segX2, f4+16+2*segX2, f4+16+3*segX2
		for s := 0; s < segX2/2; s++ {
			end, start := u16(ends+2*s), u16(starts+2*s)
			delta, ro := u16(deltas+2*s), u16(ranges+2*s)
			if start < 0 || end < start {
				return nil, bad
			}
			for c := start; c <= end && c != 0xFFFF; c++ {
				gid := 0
				if ro == 0 {
					gid = (c + delta) & 0xFFFF
				} else if g := u16(ranges + 2*s + ro + 2*(c-start)); g > 0 {
					gid = (g + delta) & 0xFFFF
				}
				if gid != 0 {
					m[rune(c)] = true
				}
			}
		}
	default:
		return nil, bad
	}
	return m, nil
}
