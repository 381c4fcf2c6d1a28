package accounts

// Phrase is something to say to a person, not yet said in any language: a
// key of the translation files (assets/lang/*.json) and the named values its
// sentence shows. The domain decides what to say and with which evidence;
// package locale decides how it reads in English or Chinese. Keeping words out
// of the domain means one set of files holds every sentence, and a test can
// prove each one exists in both languages.
//
// An argument may itself be a Phrase (a label inside a sentence) or a
// []Phrase (a list, joined the way the language joins lists); dates, numbers
// and strings are shown as they are.
type Phrase struct {
	Key  string         `json:"key"`
	Args map[string]any `json:"args,omitempty"`
}

// Say builds a Phrase from a key and name/value pairs:
// Say("risk.renewal_without_plan.reason", "Date", d, "Days", 12).
func Say(key string, pairs ...any) Phrase {
	p := Phrase{Key: key}
	if len(pairs) > 0 {
		p.Args = make(map[string]any, len(pairs)/2)
		for i := 0; i+1 < len(pairs); i += 2 {
			p.Args[pairs[i].(string)] = pairs[i+1]
		}
	}
	return p
}

// IsZero reports whether there is nothing to say.
func (p Phrase) IsZero() bool { return p.Key == "" }

// String is the key, for logs and test failures; people read locale.Say.
func (p Phrase) String() string { return p.Key }
