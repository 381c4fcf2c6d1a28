package ui

import (
	"bytes"
	"encoding/json"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"

	"keycard/assets"
	"keycard/locale"
)

// Every key the interface asks for must exist in both languages, or a
// person would see a dotted key such as "today.title" on screen.
func TestEveryVisibleStringIsTranslated(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	widgets, _ := filepath.Glob("*/*.go") // ui's own widget packages (decisionmap)
	files = append(files, widgets...)
	main, _ := filepath.Glob("../cmd/keycard/*.go")
	used := map[string]bool{}
	re := regexp.MustCompile(`(?:lang\.L|lang\.X|item|b|section|add)\("([a-z]+\.[a-z0-9._]+)"`)
	for _, f := range append(files, main...) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllSubmatch(src, -1) {
			used[string(m[1])] = true
		}
	}
	// keys built at run time
	for _, k := range []string{"today.birthday.row", "today.birthday.today", "today.overdue.none", "today.week.none",
		"today.stale.none", "today.renewals.none", "today.birthdays.none", "today.recent.none", "today.risen.none"} {
		used[k] = true
	}
	if len(used) < 100 {
		t.Fatalf("found only %d keys; the scan is broken", len(used))
	}
	for _, name := range []string{"en", "zh-Hans"} {
		data, err := assets.Lang.ReadFile("lang/" + name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s.json: %v", name, err)
		}
		for k := range used {
			if m[k] == "" {
				t.Errorf("%s.json lacks %q", name, k)
			}
		}
		// Keys nothing asks for are found by locale's TestTranslationKeys,
		// which reads the whole program: the files now serve the domain,
		// the CLI and the documents too.
		for k := range m {
			if !regexp.MustCompile(`^[a-z]+\.[a-zA-Z0-9._]+$`).MatchString(k) {
				t.Errorf("%s.json: key %q is not a dotted key", name, k)
			}
		}
	}
}

func TestChineseLocaleTranslates(t *testing.T) {
	data, _ := assets.Lang.ReadFile("lang/zh-Hans.json")
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if m["today.title"] != "今日" || m["lang.code"] != "zh-Hans" {
		t.Errorf("zh-Hans.json today.title = %q", m["today.title"])
	}
}

// The language setting overrides the OS locale. Fyne fixes the language per
// process, so each case runs in a child process.
func TestLanguageSettingOverridesLocale(t *testing.T) {
	if pref := os.Getenv("KEYCARD_TEST_LANG_PREF"); pref != "" {
		setupLanguage(pref)
		os.Stdout.WriteString("RESULT:" + lang.L("today.title") + ":" + uiLang + "\n")
		return
	}
	for _, tc := range []struct{ env, pref, want string }{
		{"en_US.UTF-8", "zh-Hans", "RESULT:今日:zh-Hans"},
		{"zh_CN.UTF-8", "en", "RESULT:Today:en"},
		{"zh_CN.UTF-8", "auto", "RESULT:今日:zh-Hans"},
		{"en_US.UTF-8", "auto", "RESULT:Today:en"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestLanguageSettingOverridesLocale$")
		cmd.Env = append(os.Environ(), "KEYCARD_TEST_LANG_PREF="+tc.pref, "LANG="+tc.env, "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s/%s: %v\n%s", tc.env, tc.pref, err, out)
		}
		if !strings.Contains(string(out), tc.want) {
			t.Errorf("locale %s, setting %s: got %q, want %s", tc.env, tc.pref, out, tc.want)
		}
	}
}

// keyPattern turns the message of key in the interface language into a
// pattern: its words as they are, any value where the template has one.
func keyPattern(t testing.TB, key string) *regexp.Regexp {
	t.Helper()
	msg, ok := locale.Keys(uiLang)[key]
	if !ok {
		t.Fatalf("no message %q", key)
	}
	var b strings.Builder
	for _, part := range regexp.MustCompile(`\{\{[^}]*\}\}`).Split(msg, -1) {
		if b.Len() > 0 {
			b.WriteString(`(.*?)`)
		}
		b.WriteString(regexp.QuoteMeta(part))
	}
	return regexp.MustCompile(b.String())
}

// says reports whether got contains the sentence of key, whatever values
// it shows: tests read the screen in the language it speaks.
func says(t testing.TB, got, key string) bool {
	t.Helper()
	return keyPattern(t, key).MatchString(got)
}

// argsOf reads back the values a sentence of key shows, by name.
func argsOf(t testing.TB, got, key string) map[string]string {
	t.Helper()
	m := keyPattern(t, key).FindStringSubmatch(got)
	if m == nil {
		t.Fatalf("%q is not the sentence %q", got, key)
	}
	out := map[string]string{}
	for i, name := range regexp.MustCompile(`\{\{\s*\.(\w+)[^}]*\}\}`).FindAllStringSubmatch(locale.Keys(uiLang)[key], -1) {
		out[name[1]] = m[i+1]
	}
	return out
}

// On a system in a language Keycard does not ship (German, French…), Fyne
// resolves to its own file of that language, where Keycard has no key;
// English is registered under the system's tag so no key shows raw.
func TestRegisterUnderFallsBackToEnglish(t *testing.T) {
	cases := []struct{ want, got, out string }{
		{"", "en", ""},
		{"", "zh-Hans", ""},
		{"", "lang.code", "en"}, // de_DE, fr_FR, ru_RU: no Keycard file
		{"", "", "en"},
		{"zh-Hans", "en", "zh-Hans"},
		{"en", "lang.code", "en"},
	}
	for _, c := range cases {
		if out := registerUnder(c.want, c.got); out != c.out {
			t.Errorf("registerUnder(%q, %q) = %q, want %q", c.want, c.got, out, c.out)
		}
	}
}

// The probe of the resolved language logs nothing, and the logger writes
// where it did afterwards.
func TestQuietlySilencesTheProbeOnly(t *testing.T) {
	var buf bytes.Buffer
	old := log.Writer()
	log.SetOutput(&buf)
	defer log.SetOutput(old)
	got := quietly(func() string { log.Println("Translation failure"); return "lang.code" })
	if got != "lang.code" || buf.Len() != 0 {
		t.Fatalf("quietly returned %q and logged %q", got, buf.String())
	}
	log.Println("after")
	if !strings.Contains(buf.String(), "after") {
		t.Fatal("the logger was not given back")
	}
}
