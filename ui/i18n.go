package ui

import (
	"io"
	"log"
	"os"
	"runtime"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"keycard/accounts"
	"keycard/assets"
	"keycard/locale"
)

// prefLanguage is the Preferences key of the language setting: "auto" (the
// OS locale chooses), "en" or "zh-Hans". It takes effect at the next start
// because Fyne 2.7 cannot switch the language of a running app.
const prefLanguage = "language"

var (
	langOnce sync.Once
	// uiLang is the language the translations resolved to ("en" or
	// "zh-Hans"); the domain's bilingual texts follow it.
	uiLang = "en"
)

// setupLanguage loads the translations and applies the language setting.
// Fyne picks the language from the OS locale; on Linux and the BSDs that is
// read from LC_ALL/LANG, so setting them first is enough. Elsewhere the
// wanted language's file is also registered under the system locale's tag,
// which makes Keycard's own strings follow the setting.
func setupLanguage(pref string) {
	langOnce.Do(func() {
		want := ""
		switch pref {
		case "en", "zh-Hans":
			want = pref
		}
		if want != "" && runtime.GOOS != "windows" && runtime.GOOS != "darwin" {
			loc := "en_US.UTF-8"
			if want == "zh-Hans" {
				loc = "zh_CN.UTF-8"
			}
			os.Setenv("LC_ALL", loc)
			os.Setenv("LANGUAGE", strings.SplitN(loc, ".", 2)[0])
		}
		if err := lang.AddTranslationsFS(assets.Lang, "lang"); err != nil {
			fyne.LogError("load translations", err)
		}
		want = registerUnder(want, quietly(resolvedCode))
		if want != "" && quietly(resolvedCode) != want {
			if data, err := assets.Lang.ReadFile("lang/" + want + ".json"); err == nil {
				_ = lang.AddTranslationsForLocale(data, lang.SystemLocale())
			}
		}
		if strings.HasPrefix(quietly(resolvedCode), "zh") {
			uiLang = "zh-Hans"
		}
	})
}

// resolvedCode is the language code of the translations Fyne resolved for
// the system locale: "lang.code" itself when that language has no Keycard
// file (German, French…).
func resolvedCode() string { return lang.L("lang.code") }

// quietly returns f's result with the standard logger silenced meanwhile:
// Fyne logs a "Translation failure" for a key its language lacks, which is
// exactly what the probe of the resolved language expects on a German or
// French system; it printed twice to the terminal at every start there.
func quietly(f func() string) string {
	w := log.Writer()
	log.SetOutput(io.Discard)
	defer log.SetOutput(w)
	return f()
}

// registerUnder decides which of Keycard's languages to register under the
// system locale's tag: the one the setting asks for when Fyne resolved
// another, and English when Fyne resolved a language Keycard does not ship.
// Fyne carries its own German, French, Russian… files, so on such a system
// its matcher picks that language, in which Keycard has no key at all: every
// Keycard string would show as its key ("menu.file"), including the way out.
// got is what the key "lang.code" resolved to ("lang.code" itself when the
// language has no Keycard file).
func registerUnder(want, got string) string {
	if want != "" {
		return want
	}
	for _, l := range locale.Languages {
		if got == l {
			return ""
		}
	}
	return locale.English
}

// tx says a domain phrase in the interface language.
func tx(p accounts.Phrase) string { return locale.Say(uiLang, p) }

// sayErr is the sentence a person sees for err in the interface language.
func sayErr(err error) string { return locale.Error(uiLang, err) }

// reasonLine is a risk reason with its points: "+18: no visit for 74 days".
func reasonLine(r accounts.Reason) string { return locale.Line(uiLang, r) }

// Language is the language the interface resolved to ("en" or "zh-Hans"),
// for the start-up messages of cmd/keycard.
func Language() string { return uiLang }
