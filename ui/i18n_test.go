package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"keycard/assets"
)

// Every key the interface asks for must exist in both languages, or a
// person would see a dotted key such as "today.title" on screen.
func TestEveryVisibleStringIsTranslated(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	main, _ := filepath.Glob("../cmd/keycard/*.go")
	used := map[string]bool{}
	re := regexp.MustCompile(`(?:lang\.L|item|b|section|add)\("([a-z]+\.[a-z0-9.]+)"`)
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
		"today.stale.none", "today.renewals.none", "today.birthdays.none", "today.recent.none"} {
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
			if !regexp.MustCompile(`^[a-z]+\.[a-z0-9.]+$`).MatchString(k) {
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
