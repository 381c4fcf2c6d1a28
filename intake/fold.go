package intake

import (
	"strings"
	"unicode/utf8"
)

// foldAt is the longest line vCard and iCalendar want, in octets, without
// its CRLF (RFC 6350 3.2, RFC 5545 3.1).
const foldAt = 75

// foldLines folds every CRLF-ended line of text longer than foldAt octets
// into lines of at most foldAt octets, each continuation starting with a
// space, never inside a UTF-8 sequence: what the readers of both formats
// unfold again.
func foldLines(text string) string {
	var b strings.Builder
	b.Grow(len(text) + len(text)/foldAt*3)
	for line := range strings.SplitSeq(strings.TrimSuffix(text, "\r\n"), "\r\n") {
		limit := foldAt
		for len(line) > limit {
			cut := limit
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut--
			}
			b.WriteString(line[:cut])
			b.WriteString("\r\n ")
			line = line[cut:]
			limit = foldAt - 1 // the leading space counts
		}
		b.WriteString(line)
		b.WriteString("\r\n")
	}
	return b.String()
}

// oneLineBreak makes every line break a line feed, which both formats write
// as \n; a carriage return has no escape of its own.
var oneLineBreak = strings.NewReplacer("\r\n", "\n", "\r", "\n")
