package documents

import (
	"strings"
	"unicode"
)

// The line breaker. gofpdf's own MultiCell and SplitText lose the character
// that follows a break point between ideographs, so every wrapped line in a
// Keycard document comes from wrapText and is printed with CellFormat.
//
// Rules, from Chinese typesetting practice (and enough for mixed text):
//   - a line may break at a space (the space is dropped) and between two
//     ideographs or an ideograph and a Latin word;
//   - Latin words stay whole unless a word alone is wider than the line;
//   - closing punctuation (，。、）；：！？」』…) never starts a line and
//     opening brackets (（「『) never end one: they stay with their neighbour.

// noStart holds characters that must not begin a line.
const noStart = "，。、）；：！？」』”’…·%,.;:!?)]}》〉】"

// noEnd holds characters that must not end a line.
const noEnd = "（「『“‘([{《〈【"

// wideRune reports whether r is set one per token: ideographs, kana,
// hangul, full-width forms and CJK punctuation, between which a line may
// break.
func wideRune(r rune) bool {
	switch {
	case r >= 0x2E80 && r <= 0x9FFF, // radicals, CJK symbols and punctuation, kana, ideographs
		r >= 0xAC00 && r <= 0xD7AF,   // hangul
		r >= 0xF900 && r <= 0xFAFF,   // compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F,   // CJK compatibility forms
		r >= 0xFF00 && r <= 0xFFEF,   // full-width forms
		r >= 0x20000 && r <= 0x3FFFF: // ideographs, planes 2 and 3
		return true
	}
	// Quotes, ellipsis and the middle dot are set alone so that they can
	// cling to their neighbour whatever script it is in.
	return strings.ContainsRune("“”‘’…·—", r)
}

// token is an unbreakable piece: a Latin word, one wide character, or a
// run of spaces.
type token struct {
	s     string
	space bool
}

func tokenize(p string) []token {
	var toks []token
	start := -1 // start of the current Latin word
	flush := func(end int) {
		if start >= 0 {
			toks = append(toks, token{s: p[start:end]})
			start = -1
		}
	}
	for i, r := range p {
		switch {
		case unicode.IsSpace(r):
			flush(i)
			if n := len(toks); n == 0 || !toks[n-1].space {
				toks = append(toks, token{s: " ", space: true})
			}
		case wideRune(r):
			flush(i)
			toks = append(toks, token{s: string(r)})
		default:
			if start < 0 {
				start = i
			}
		}
	}
	flush(len(p))
	return toks
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

func lastRune(s string) rune {
	var last rune
	for _, r := range s {
		last = r
	}
	return last
}

// glued reports whether no break is allowed between a and b (both words).
func glued(a, b string) bool {
	return strings.ContainsRune(noStart, firstRune(b)) || strings.ContainsRune(noEnd, lastRune(a))
}

// wrapText splits s into lines no wider than width, as measured by measure.
// Newlines in s start a new line; empty paragraphs are kept as empty lines.
// Removing whitespace from the joined lines gives s without whitespace:
// nothing is lost or repeated.
func wrapText(s string, width float64, measure func(string) float64) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var out []string
	for _, p := range strings.Split(s, "\n") {
		out = append(out, wrapParagraph(p, width, measure)...)
	}
	return out
}

func wrapParagraph(p string, width float64, measure func(string) float64) []string {
	toks := tokenize(p)
	// Group the words that must stay together into chunks; a chunk is
	// preceded by a space or not.
	type chunk struct {
		s          string
		spaceAfter bool // a space separates it from the previous chunk
	}
	var chunks []chunk
	pendingSpace := false
	for _, t := range toks {
		if t.space {
			pendingSpace = true
			continue
		}
		if n := len(chunks); n > 0 && !pendingSpace && glued(chunks[n-1].s, t.s) {
			chunks[n-1].s += t.s
			continue
		}
		chunks = append(chunks, chunk{s: t.s, spaceAfter: pendingSpace})
		pendingSpace = false
	}
	if len(chunks) == 0 {
		return []string{""}
	}
	const eps = 1e-6
	spaceW := measure(" ")
	var lines []string
	var line strings.Builder
	lineW := 0.0
	flush := func() {
		lines = append(lines, line.String())
		line.Reset()
		lineW = 0
	}
	for _, c := range chunks {
		w := measure(c.s)
		if line.Len() > 0 {
			extra := w
			if c.spaceAfter {
				extra += spaceW
			}
			if lineW+extra <= width+eps {
				if c.spaceAfter {
					line.WriteByte(' ')
				}
				line.WriteString(c.s)
				lineW += extra
				continue
			}
			flush()
		}
		if w <= width+eps {
			line.WriteString(c.s)
			lineW = w
			continue
		}
		// A chunk wider than the line: cut it between characters, at
		// least one per line.
		for _, r := range c.s {
			rw := measure(string(r))
			if line.Len() > 0 && lineW+rw > width+eps {
				flush()
			}
			line.WriteRune(r)
			lineW += rw
		}
	}
	if line.Len() > 0 {
		flush()
	}
	return lines
}
