package locale

import (
	"strings"

	"keycard/accounts"
)

// Labelled is an enumeration of the domain: a string code with a label.
type Labelled interface {
	~string
	Label() accounts.Phrase
}

// Label returns an enumeration value's label in lang.
func Label[E Labelled](lang string, e E) string { return Say(lang, e.Label()) }

// Labels returns the labels of all values in lang, in order: the options of
// a select.
func Labels[E Labelled](lang string, all []E) []string {
	out := make([]string, len(all))
	for i, e := range all {
		out[i] = Label(lang, e)
	}
	return out
}

// Parse reads an enumeration value from its code or from its label in any
// shipped language, ignoring case and surrounding space, whatever the
// language of the reader: CSV files and the command line may use either.
func Parse[E Labelled](s string, all []E) (E, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	for _, e := range all {
		if k == strings.ToLower(string(e)) {
			return e, nil
		}
		for _, l := range Languages {
			if k == strings.ToLower(Label(l, e)) {
				return e, nil
			}
		}
	}
	var zero E
	codes := make([]string, len(all))
	for i, e := range all {
		codes[i] = string(e)
	}
	kind := accounts.Phrase{}
	if len(all) > 0 {
		key := all[0].Label().Key
		kind.Key = key[:strings.LastIndexByte(key, '.')] + ".name"
	}
	return zero, accounts.UnknownEnum(s, kind, codes)
}
