package storage

import (
	"keycard/accounts"
	"keycard/locale"
)

// say is the English sentence a person reads for err; the tests check the
// evidence it carries.
func say(err error) string { return locale.Error(locale.English, err) }

// sayP is a phrase in English.
func sayP(p accounts.Phrase) string { return locale.Say(locale.English, p) }
