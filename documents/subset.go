package documents

import (
	"encoding/binary"
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync"

	"keycard/assets"
	"keycard/locale"
)

// The embedded font has some 50,000 glyphs in 4.6 MB, and the PDF library
// reads all of it again for every document it is given (its parsed form is
// private to one document and changed while writing, so it cannot be shared
// between documents drawn at the same time). A document uses a few hundred
// characters, so each one is given a font cut down to the characters its
// data and captions can contain: the library then reads a few kilobytes.
// The cut is made from the font's tables, read once and never written
// after, so documents drawn concurrently share them safely.
//
// Which characters a document will draw is known for certain only once it
// is drawn, so the cut is a generous guess: every string in its data, the
// captions and the domain's labels in both languages. Every string measured
// or drawn is checked against the cut; a character outside it (a label
// added later, say) makes the document be drawn again with that character
// added, and after that with the whole font, so a guess that falls short
// costs time, never a wrong page. Widths in the cut are those of the whole
// font, so the layout is the same either way.

type face struct {
	tables map[string][]byte
	gid    map[rune]uint16 // the cmap the PDF library reads: format 4, Unicode
	loca   []uint32        // numGlyphs+1 offsets into glyf
	nh     int             // numberOfHMetrics
	base   []rune          // characters every document may draw
}

var (
	faceOnce sync.Once
	theFace  *face
	faceErr  error
)

func loadFace() (*face, error) {
	faceOnce.Do(func() { theFace, faceErr = readFace(assets.FontRegular) })
	return theFace, faceErr
}

var errFace = errors.New("the font's tables cannot be read")

// readFace reads the tables the cut needs: the table directory, the glyph
// offsets and the Unicode cmap. Anything out of bounds is errFace.
func readFace(font []byte) (*face, error) {
	be := binary.BigEndian
	fc := &face{gid: map[rune]uint16{}}
	var err error
	if fc.tables, err = readTables(font); err != nil {
		return nil, err
	}
	head, hhea, maxp := fc.tables["head"], fc.tables["hhea"], fc.tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return nil, errFace
	}
	numGlyphs := int(be.Uint16(maxp[4:]))
	fc.nh = int(be.Uint16(hhea[34:]))
	if fc.loca, err = readLoca(fc.tables["loca"], numGlyphs, be.Uint16(head[50:]) == 1); err != nil {
		return nil, err
	}
	if fc.nh < 1 || fc.nh > numGlyphs || len(fc.tables["hmtx"]) < 4*fc.nh+2*(numGlyphs-fc.nh) || int(fc.loca[numGlyphs]) > len(fc.tables["glyf"]) {
		return nil, errFace
	}
	cmap := fc.tables["cmap"]
	sub := unicodeCmap(cmap)
	if sub < 0 {
		return nil, errFace
	}
	readCmap4(cmap, sub, numGlyphs, fc.gid)
	fc.base = baseRunes()
	return fc, nil
}

// requiredTables are the tables a cut font is made of.
var requiredTables = []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap", "name", "post", "OS/2"}

// readTables reads the table directory: each table's bytes by tag.
func readTables(font []byte) (map[string][]byte, error) {
	be := binary.BigEndian
	if len(font) < 12 {
		return nil, errFace
	}
	tables := map[string][]byte{}
	n := int(be.Uint16(font[4:]))
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(font) {
			return nil, errFace
		}
		off, ln := int(be.Uint32(font[rec+8:])), int(be.Uint32(font[rec+12:]))
		if off < 0 || ln < 0 || off+ln > len(font) {
			return nil, errFace
		}
		tables[string(font[rec:rec+4])] = font[off : off+ln]
	}
	for _, t := range requiredTables {
		if tables[t] == nil {
			return nil, errFace
		}
	}
	return tables, nil
}

// readLoca reads the numGlyphs+1 glyph offsets, in the long or the short
// form.
func readLoca(loca []byte, numGlyphs int, long bool) ([]uint32, error) {
	be := binary.BigEndian
	out := make([]uint32, numGlyphs+1)
	for g := range out {
		if long {
			if 4*g+4 > len(loca) {
				return nil, errFace
			}
			out[g] = be.Uint32(loca[4*g:])
		} else {
			if 2*g+2 > len(loca) {
				return nil, errFace
			}
			out[g] = 2 * uint32(be.Uint16(loca[2*g:]))
		}
	}
	return out, nil
}

// u16 reads a number of a font table, 0 when out of bounds.
func u16(b []byte, o int) int {
	be := binary.BigEndian
	if o < 0 || o+2 > len(b) {
		return 0
	}
	return int(be.Uint16(b[o:]))
}

// unicodeCmap is the offset of the subtable the PDF library picks: the
// first format 4 of Microsoft Unicode or of the Unicode platform; -1 if
// there is none.
func unicodeCmap(cmap []byte) int {
	be := binary.BigEndian
	for i := 0; i < u16(cmap, 2); i++ {
		rec := 4 + 8*i
		if rec+8 > len(cmap) {
			break
		}
		pid, eid, off := u16(cmap, rec), u16(cmap, rec+2), int(be.Uint32(cmap[rec+4:]))
		if ((pid == 3 && eid == 1) || pid == 0) && u16(cmap, off) == 4 {
			return off
		}
	}
	return -1
}

// readCmap4 maps each character of the format 4 subtable at sub to its
// glyph in gid, leaving out glyph 0 and glyphs past numGlyphs.
func readCmap4(cmap []byte, sub, numGlyphs int, gid map[rune]uint16) {
	segs := u16(cmap, sub+6) / 2
	ends, starts := sub+14, sub+16+2*segs
	deltas, ranges := starts+2*segs, starts+4*segs
	for s := 0; s < segs; s++ {
		end, start := u16(cmap, ends+2*s), u16(cmap, starts+2*s)
		delta, ro := u16(cmap, deltas+2*s), u16(cmap, ranges+2*s)
		for c := start; c <= end && c < 0xFFFF; c++ {
			g := 0
			if ro == 0 {
				g = (c + delta) & 0xFFFF
			} else if v := u16(cmap, ranges+2*s+ro+2*(c-start)); v != 0 {
				g = (v + delta) & 0xFFFF
			}
			if g != 0 && g < numGlyphs {
				gid[rune(c)] = uint16(g)
			}
		}
	}
}

// baseRunes are the characters any document may draw whatever its data:
// printable ASCII, the punctuation the layout adds, the captions and the
// domain's labels in both languages.
func baseRunes() []rune {
	var b []rune
	for r := rune(0x20); r < 0x7F; r++ {
		b = append(b, r)
	}
	b = append(b, []rune("·—–…→“”‘’、，。：；（）「」『』《》〈〉【】！？％×¥€£万亿")...)
	for _, l := range locale.Languages {
		for k, v := range locale.Keys(l) {
			if printedKey(k) {
				b = append(b, []rune(v)...)
			}
		}
	}
	return b
}

// printedKey says whether a translation may appear in a document: its own
// captions and the domain's labels, findings and reasons.
func printedKey(k string) bool {
	for _, p := range []string{"doc.", "enum.", "risk.", "coverage.", "value.", "contact.who", "mapchange.", "route.reason."} {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

// runeSet is a set of characters of the Basic Multilingual Plane, the only
// ones the PDF library draws.
type runeSet [0x10000 / 64]uint64

func (s *runeSet) add(r rune) {
	if r >= 0 && r < 0x10000 {
		s[r/64] |= 1 << (r % 64)
	}
}
func (s *runeSet) has(r rune) bool { return r >= 0 && r < 0x10000 && s[r/64]&(1<<(r%64)) != 0 }

// collectRunes adds every character of every string reachable from v.
func collectRunes(s *runeSet, v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		for _, r := range v.String() {
			s.add(r)
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			collectRunes(s, v.Elem())
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			collectRunes(s, v.Field(i))
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		for i := 0; i < v.Len(); i++ {
			collectRunes(s, v.Index(i))
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			collectRunes(s, it.Key())
			collectRunes(s, it.Value())
		}
	}
}

// guess returns the characters a document about the given values may draw.
func (fc *face) guess(values ...any) *runeSet {
	s := new(runeSet)
	for _, r := range fc.base {
		s.add(r)
	}
	for _, v := range values {
		collectRunes(s, reflect.ValueOf(v))
	}
	return s
}

// cut returns a TrueType font with the glyphs of the characters in s (and
// .notdef), their metrics as in the whole font, and the hinting tables.
func (fc *face) cut(s *runeSet) []byte {
	be := binary.BigEndian
	glyf, hmtx := fc.tables["glyf"], fc.tables["hmtx"]
	var runes []rune
	newID := map[uint16]uint16{0: 0}
	order := []uint16{0}
	for r := range fc.gid {
		if s.has(r) {
			runes = append(runes, r)
		}
	}
	slices.Sort(runes)
	use := func(g uint16) uint16 {
		if n, ok := newID[g]; ok {
			return n
		}
		n := uint16(len(order))
		newID[g] = n
		order = append(order, g)
		return n
	}
	for _, r := range runes {
		use(fc.gid[r])
	}
	// Glyph outlines; a composite glyph brings its components, renumbered.
	var glyfOut, locaOut, hmtxOut []byte
	for i := 0; i < len(order); i++ {
		g := order[i]
		locaOut = be.AppendUint32(locaOut, uint32(len(glyfOut)))
		data := glyf[fc.loca[g]:fc.loca[g+1]]
		start := len(glyfOut)
		glyfOut = append(glyfOut, data...)
		if len(data) >= 10 && int16(be.Uint16(data)) < 0 {
			p := 10
			for p+4 <= len(data) {
				flags := be.Uint16(data[p:])
				comp := be.Uint16(data[p+2:])
				be.PutUint16(glyfOut[start+p+2:], use(comp))
				p += 4
				if flags&1 != 0 { // arguments are words
					p += 4
				} else {
					p += 2
				}
				switch {
				case flags&8 != 0: // one scale
					p += 2
				case flags&0x40 != 0: // x and y scale
					p += 4
				case flags&0x80 != 0: // two by two
					p += 8
				}
				if flags&0x20 == 0 { // no more components
					break
				}
			}
		}
		for len(glyfOut)%4 != 0 {
			glyfOut = append(glyfOut, 0)
		}
		adv, lsb := hmtx[4*(fc.nh-1):4*(fc.nh-1)+2], []byte(nil)
		if int(g) < fc.nh {
			adv, lsb = hmtx[4*int(g):4*int(g)+2], hmtx[4*int(g)+2:4*int(g)+4]
		} else {
			o := 4*fc.nh + 2*(int(g)-fc.nh)
			lsb = hmtx[o : o+2]
		}
		hmtxOut = append(append(hmtxOut, adv...), lsb...)
	}
	locaOut = be.AppendUint32(locaOut, uint32(len(glyfOut)))
	n := uint16(len(order))

	head := slices.Clone(fc.tables["head"])
	be.PutUint32(head[8:], 0)  // checkSumAdjustment, set below
	be.PutUint16(head[50:], 1) // long loca
	hhea := slices.Clone(fc.tables["hhea"])
	be.PutUint16(hhea[34:], n)
	maxp := slices.Clone(fc.tables["maxp"])
	be.PutUint16(maxp[4:], n)
	post := make([]byte, 32)
	copy(post, fc.tables["post"])
	be.PutUint32(post, 0x00030000) // no glyph names

	tables := map[string][]byte{
		"OS/2": fc.tables["OS/2"], "cmap": cmap4(runes, newID, fc.gid), "glyf": glyfOut, "head": head,
		"hhea": hhea, "hmtx": hmtxOut, "loca": locaOut, "maxp": maxp, "name": fc.tables["name"], "post": post,
	}
	for _, t := range []string{"cvt ", "fpgm", "prep", "gasp"} {
		if b := fc.tables[t]; b != nil {
			tables[t] = b
		}
	}
	return assemble(tables)
}

// cmap4 is a cmap table with one format 4 subtable for Windows Unicode,
// one segment per run of consecutive characters with consecutive glyphs.
func cmap4(runes []rune, newID map[uint16]uint16, gid map[rune]uint16) []byte {
	type seg struct{ start, end, delta uint16 }
	var segs []seg
	for _, r := range runes {
		g := newID[gid[r]]
		d := uint16(int(g) - int(r))
		if k := len(segs) - 1; k >= 0 && segs[k].end+1 == uint16(r) && segs[k].delta == d {
			segs[k].end = uint16(r)
			continue
		}
		segs = append(segs, seg{uint16(r), uint16(r), d})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	be := binary.BigEndian
	nseg := len(segs)
	search, sel := 1, 0
	for search*2 <= nseg {
		search *= 2
		sel++
	}
	sub := make([]byte, 0, 16+8*nseg)
	sub = be.AppendUint16(sub, 4)
	sub = be.AppendUint16(sub, uint16(16+8*nseg))
	sub = be.AppendUint16(sub, 0)
	sub = be.AppendUint16(sub, uint16(2*nseg))
	sub = be.AppendUint16(sub, uint16(2*search))
	sub = be.AppendUint16(sub, uint16(sel))
	sub = be.AppendUint16(sub, uint16(2*nseg-2*search))
	for _, s := range segs {
		sub = be.AppendUint16(sub, s.end)
	}
	sub = be.AppendUint16(sub, 0)
	for _, s := range segs {
		sub = be.AppendUint16(sub, s.start)
	}
	for _, s := range segs {
		sub = be.AppendUint16(sub, s.delta)
	}
	for range segs {
		sub = be.AppendUint16(sub, 0)
	}
	out := []byte{0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12}
	return append(out, sub...)
}

// assemble writes a TrueType file from its tables, with their checksums
// and the font's checksum adjustment.
func assemble(tables map[string][]byte) []byte {
	be := binary.BigEndian
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	n := len(tags)
	search, sel := 1, 0
	for search*2 <= n {
		search *= 2
		sel++
	}
	out := be.AppendUint32(nil, 0x00010000)
	out = be.AppendUint16(out, uint16(n))
	out = be.AppendUint16(out, uint16(16*search))
	out = be.AppendUint16(out, uint16(sel))
	out = be.AppendUint16(out, uint16(16*n-16*search))
	off := 12 + 16*n
	headAt := 0
	for _, t := range tags {
		b := tables[t]
		if t == "head" {
			headAt = off
		}
		out = append(out, t...)
		out = be.AppendUint32(out, checksum(b))
		out = be.AppendUint32(out, uint32(off))
		out = be.AppendUint32(out, uint32(len(b)))
		off += (len(b) + 3) &^ 3
	}
	for _, t := range tags {
		out = append(out, tables[t]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	be.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
