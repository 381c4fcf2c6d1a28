package ui

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"

	"keycard/assets"
)

// Every key the interface asks for must exist in both languages, or a
// person would see a dotted key such as "today.title" on screen.
func TestEveryVisibleStringIsTranslated(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	widgets, _ := filepath.Glob("*/*.go") // ui's own widget packages (decisionmap)
	files = append(files, widgets...)
	main, _ := filepath.Glob("../cmd/keycard/*.go")
	used := map[string]bool{}
	var all []byte // the program's source, to find keys passed around in variables
	re := regexp.MustCompile(`(?:lang\.L|lang\.X|item|b|section|add)\("([a-z]+\.[a-z0-9._]+)"`)
	for _, f := range append(files, main...) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(f, "_test.go") {
			all = append(all, src...)
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
		for k := range m {
			// a key nothing asks for is a leftover that translators would
			// keep maintaining for nothing
			if !used[k] && !bytes.Contains(all, []byte(`"`+k+`"`)) {
				t.Errorf("%s.json: key %q is used nowhere", name, k)
			}
			if !regexp.MustCompile(`^[a-z]+\.[a-z0-9._]+$`).MatchString(k) {
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
