// Package locale says things to people. The domain returns codes and
// Phrases (a translation key and named arguments); locale turns them into
// English or Chinese sentences from assets/lang/*.json, the same files and
// template syntax the desktop app's Fyne translations use, so one file set
// serves the GUI, the CLI and the PDF documents. It also chooses the
// language from a setting or the environment, says any error in words a
// person can act on, and reads enumeration labels back in either language.
//
// It does not import Fyne, so the CLI stays pure Go.
package locale

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"
	"text/template"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"keycard/accounts"
	"keycard/assets"
)

// The languages Keycard ships.
const (
	English = "en"
	Chinese = "zh-Hans"
)

// Languages lists the shipped languages, English (the fallback) first.
var Languages = []string{English, Chinese}

var (
	loadOnce sync.Once
	messages map[string]map[string]string // language → key → raw message
	loadErr  error
)

// load reads the translation files once. go-i18n parses them as Fyne's
// lang does, so a file either serves both or fails here; the messages are
// then said from the cache below.
func load() {
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("json", json.Unmarshal)
	messages = map[string]map[string]string{}
	for _, l := range Languages {
		name := path.Join("lang", l+".json")
		data, err := fs.ReadFile(assets.Lang, name)
		if err != nil {
			loadErr = fmt.Errorf("read translations %s: %w", name, err)
			return
		}
		raw := map[string]string{}
		if err := json.Unmarshal(data, &raw); err != nil {
			loadErr = fmt.Errorf("parse translations %s: %w", name, err)
			return
		}
		messages[l] = raw
		if _, err := bundle.ParseMessageFileBytes(data, name); err != nil {
			loadErr = fmt.Errorf("load translations %s: %w", name, err)
			return
		}
	}
}

// Keys returns every message of the given language's file by key: for the
// tests of the files and for the PDF font subset, which needs every
// character a document may print.
func Keys(lang string) map[string]string {
	loadOnce.Do(load)
	return messages[Normalize(lang)]
}

// Normalize maps any language tag or locale name to a shipped language:
// Chinese for every "zh…" (zh, zh-Hans, zh_CN.UTF-8, zh_TW), English for
// anything else. A person never gets raw keys for an unknown language.
func Normalize(lang string) string {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(lang)), "zh") {
		return Chinese
	}
	return English
}

// Choose resolves a language setting: "en" or "zh-Hans" as given, "auto"
// (or empty) from the environment the way POSIX programs read it: the
// first set of LC_ALL, LC_MESSAGES, LANG, then LANGUAGE's first entry.
// getenv is os.Getenv in programs and a map in tests.
func Choose(setting string, getenv func(string) string) string {
	switch s := strings.TrimSpace(setting); s {
	case "", "auto":
	default:
		return Normalize(s)
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if val := getenv(v); val != "" && val != "C" && val != "POSIX" {
			return Normalize(val)
		}
	}
	if val := getenv("LANGUAGE"); val != "" {
		return Normalize(strings.SplitN(val, ":", 2)[0])
	}
	return English
}

// funcs are the template functions the translation files may use: join a
// list the way the sentence wants it, lower-case a label inside a sentence.
var funcs = template.FuncMap{
	"join":  func(list []string, sep string) string { return strings.Join(list, sep) },
	"lower": strings.ToLower,
}

// T returns the message of key in lang with args filled in. A key missing in
// Chinese falls back to English; a key missing everywhere returns the key
// itself (the key tests keep that from shipping).
func T(lang, key string, args map[string]any) string {
	loadOnce.Do(load)
	if loadErr != nil {
		return key
	}
	l := Normalize(lang)
	msg, ok := messages[l][key]
	if !ok {
		if msg, ok = messages[English][key]; !ok {
			return key
		}
		l = English
	}
	if !strings.Contains(msg, "{{") {
		return msg
	}
	return execute(l, key, msg, args)
}

// templates caches the parsed messages: a risk board says thousands of
// reasons, and parsing is most of the cost of saying one.
var templates sync.Map // language + "\x00" + key → *template.Template

// execute fills in a message with the template syntax go-i18n and Fyne's
// lang use (text/template over the named arguments).
func execute(lang, key, msg string, args map[string]any) string {
	id := lang + "\x00" + key
	t, ok := templates.Load(id)
	if !ok {
		parsed, err := template.New(key).Funcs(funcs).Parse(msg)
		if err != nil {
			return msg
		}
		t, _ = templates.LoadOrStore(id, parsed)
	}
	var b strings.Builder
	if err := t.(*template.Template).Execute(&b, args); err != nil {
		return msg
	}
	return b.String()
}

// Say returns the phrase in lang. Arguments that are Phrases are said
// first, lists of Phrases become lists of strings for the template's join,
// and values with a String method (dates, money) are shown by it.
func Say(lang string, p accounts.Phrase) string {
	if p.IsZero() {
		return ""
	}
	return T(lang, p.Key, sayArgs(lang, p.Args))
}

func sayArgs(lang string, args map[string]any) map[string]any {
	if len(args) == 0 {
		return nil
	}
	out := make(map[string]any, len(args))
	for k, v := range args {
		switch x := v.(type) {
		case accounts.Phrase:
			out[k] = Say(lang, x)
		case []accounts.Phrase:
			list := make([]string, len(x))
			for i := range x {
				list[i] = Say(lang, x[i])
			}
			out[k] = list
		case fmt.Stringer:
			out[k] = x.String()
		default:
			out[k] = v
		}
	}
	return out
}

// Line returns a risk reason as the user reads it: "+18: no visit for 74
// days, cadence 30 days".
func Line(lang string, r accounts.Reason) string {
	return T(lang, "risk.line", map[string]any{"Points": r.Points, "Text": Say(lang, r.Text)})
}

// Name returns a contact's name, or a seat's description, in lang.
func Name(lang string, c *accounts.Contact) string { return Say(lang, c.Who()) }

// Error returns the sentence a person sees for err: the phrase of a domain
// error, its field problems, or a generic sentence for anything else, so a
// Go error dump never reaches a person. Nil gives "".
func Error(lang string, err error) string {
	return Say(lang, accounts.ErrorPhrase(err))
}

// ByteSize formats a file's size for a person: "812 B", "1.3 MB", "2.9 GB"
// (units of 1024, written the same in every language Keycard speaks).
func ByteSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "KMGTPE"[exp])
}
