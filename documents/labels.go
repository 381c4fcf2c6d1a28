package documents

import (
	"fmt"

	"keycard/locale"
)

// Headings and captions of the documents live in the translation files
// under "doc.<name>"; enumerations (roles, stages…) take their words from
// the domain's Label(). Captions with values name them A1, A2… in order.

// w returns the caption k in lang; an unknown key shows itself, which a
// test catches.
func w(k, lang string, a ...any) string {
	var args map[string]any
	if len(a) > 0 {
		args = make(map[string]any, len(a))
		for i, v := range a {
			args[fmt.Sprintf("A%d", i+1)] = v
		}
	}
	if got := locale.T(lang, "doc."+k, args); got != "doc."+k {
		return got
	}
	return k
}
