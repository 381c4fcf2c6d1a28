package locale

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"keycard/accounts"
)

func TestChoose(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	for _, tc := range []struct {
		name, setting string
		getenv        func(string) string
		want          string
	}{
		{"explicit English", "en", env("LANG", "zh_CN.UTF-8"), English},
		{"explicit Chinese", "zh-Hans", env("LANG", "en_US.UTF-8"), Chinese},
		{"auto, Chinese LANG", "auto", env("LANG", "zh_CN.UTF-8"), Chinese},
		{"auto, Taiwanese LANG", "auto", env("LANG", "zh_TW.UTF-8"), Chinese},
		{"auto, German LANG gets English", "auto", env("LANG", "de_DE.UTF-8"), English},
		{"auto, English LANG", "", env("LANG", "en_US.UTF-8"), English},
		{"LC_ALL wins over LANG", "auto", env("LC_ALL", "zh_CN.UTF-8", "LANG", "en_US.UTF-8"), Chinese},
		{"LC_MESSAGES wins over LANG", "auto", env("LC_MESSAGES", "en_GB.UTF-8", "LANG", "zh_CN.UTF-8"), English},
		{"C locale falls through", "auto", env("LC_ALL", "C", "LANG", "zh_CN.UTF-8"), Chinese},
		{"LANGUAGE when nothing else", "auto", env("LANGUAGE", "zh_CN:en"), Chinese},
		{"nothing set", "auto", env(), English},
		{"unknown setting", "fr", env("LANG", "zh_CN.UTF-8"), English},
	} {
		if got := Choose(tc.setting, tc.getenv); got != tc.want {
			t.Errorf("%s: Choose(%q) = %q, want %q", tc.name, tc.setting, got, tc.want)
		}
	}
}

func TestTemplatesAndFallback(t *testing.T) {
	if got := T(English, "risk.cap.reason", map[string]any{"Sum": 130}); got != "capped at 100 (the reasons add up to 130)" {
		t.Errorf("English template: %q", got)
	}
	if got := T(Chinese, "risk.cap.reason", map[string]any{"Sum": 130}); got != "上限为 100（各项合计 130）" {
		t.Errorf("Chinese template: %q", got)
	}
	if got := T("de", "risk.cap.reason", map[string]any{"Sum": 1}); !strings.HasPrefix(got, "capped at 100") {
		t.Errorf("another language should read English, got %q", got)
	}
	// A key only English has falls back to English in Chinese.
	messages[English]["test.only_english"] = "only {{.X}}"
	defer delete(messages[English], "test.only_english")
	if got := T(Chinese, "test.only_english", map[string]any{"X": "here"}); got != "only here" {
		t.Errorf("missing Chinese key: %q, want the English", got)
	}
	if got := T(English, "no.such.key", nil); got != "no.such.key" {
		t.Errorf("unknown key: %q", got)
	}
}

func TestSayRendersNestedPhrasesListsAndDates(t *testing.T) {
	p := accounts.Say("risk.key_person_left.reason", "People", []accounts.Phrase{
		accounts.Say("risk.key_person_left.person", "Name", "Li Wei", "Date", accounts.NewDate(2026, 10, 1)),
		accounts.Say("risk.key_person_left.person", "Name", "张伟", "Date", accounts.NewDate(2026, 9, 2)),
	})
	if got := Say(English, p); got != "key person left: Li Wei on 2026-10-01, 张伟 on 2026-09-02" {
		t.Errorf("English: %q", got)
	}
	if got := Say(Chinese, p); got != "关键人离职：Li Wei（2026-10-01）、张伟（2026-09-02）" {
		t.Errorf("Chinese: %q", got)
	}
	label := accounts.Say("coverage.role_uncovered.what", "Role", accounts.RoleEconomic.Label())
	if got := Say(English, label); got != "No known contact is the economic buyer" {
		t.Errorf("lower-cased label: %q", got)
	}
	if Say(English, accounts.Phrase{}) != "" {
		t.Error("an empty phrase says something")
	}
	r := accounts.Reason{Points: 18, Text: accounts.Say("risk.no_visit_in_cadence.reason_never", "Cadence", 30)}
	if got := Line(English, r); got != "+18: no visit recorded, cadence 30 days" {
		t.Errorf("line: %q", got)
	}
	if got := Line(Chinese, accounts.Reason{Points: -12, Text: accounts.Say("risk.cap.reason", "Sum", 112)}); got != "-12：上限为 100（各项合计 112）" {
		t.Errorf("Chinese line: %q", got)
	}
}

func TestErrorNeverDumpsGo(t *testing.T) {
	if got := Error(English, errors.New("open /x: permission denied")); strings.Contains(got, "/x") || !strings.Contains(got, "Keycard") {
		t.Errorf("an unknown error reads %q", got)
	}
	if got := Error(Chinese, fmt.Errorf("wrapped: %w", errors.New("boom"))); strings.Contains(got, "boom") || got == "" {
		t.Errorf("an unknown error in Chinese reads %q", got)
	}
	if Error(English, nil) != "" {
		t.Error("nil error says something")
	}
	err := fmt.Errorf("save: %w", accounts.Errorf(accounts.ENOTFOUND, "storage.not_found", "Entity", accounts.Phrase{Key: "entity.contact"}, "ID", "c1"))
	if got := Error(English, err); got != "There is no contact with id c1; it may have been deleted." {
		t.Errorf("wrapped domain error: %q", got)
	}
	if got := Error(Chinese, err); got != "没有 id 为 c1 的联系人，可能已被删除。" {
		t.Errorf("wrapped domain error in Chinese: %q", got)
	}
	// Every code has a sentence of its own, for an error that carries none.
	for _, code := range []string{accounts.ECONFLICT, accounts.EINTERNAL, accounts.EINVALID, accounts.ENOTFOUND, accounts.ELOCKED, accounts.EFORMAT, accounts.EVERSION} {
		for _, l := range Languages {
			if got := Error(l, &accounts.Error{Code: code}); got == "" || strings.HasPrefix(got, "error.") {
				t.Errorf("%s %s: %q", l, code, got)
			}
		}
	}
	// A validation error lists its fields.
	a := accounts.Account{}
	err = a.Validate()
	if got := Error(Chinese, err); !strings.Contains(got, "请填写客户名称") || !strings.HasPrefix(got, "客户未保存") {
		t.Errorf("validation in Chinese: %q", got)
	}
}

func TestParseTakesLabelsInEitherLanguage(t *testing.T) {
	for _, in := range []string{"strategic", "STRATEGIC", "Strategic", " 战略客户 "} {
		if got, err := Parse(in, accounts.Tiers()); err != nil || got != accounts.TierStrategic {
			t.Errorf("Parse(%q) = %q, %v", in, got, err)
		}
	}
	if got, err := Parse("成熟期", accounts.Stages()); err != nil || got != accounts.StageMature {
		t.Errorf("Parse(成熟期) = %q, %v", got, err)
	}
	_, err := Parse("gold", accounts.Tiers())
	if got := Error(English, err); accounts.ErrorCode(err) != accounts.EINVALID || got != `"gold" is not a tier; use one of strategic, key, growth, maintain` {
		t.Errorf("unknown tier: %q", got)
	}
	if got := Error(Chinese, err); !strings.Contains(got, "客户级别") {
		t.Errorf("unknown tier in Chinese: %q", got)
	}
	if got := Labels(Chinese, accounts.Outcomes()); strings.Join(got, ",") != "积极,一般,消极" {
		t.Errorf("labels: %v", got)
	}
}

// Every label of every enumeration parses back, and no label means two
// values, in either language.
func TestEveryLabelParsesBack(t *testing.T) {
	check := func(name string, parse func(string) (string, error), labels func(string) []string, codes []string) {
		for _, l := range Languages {
			seen := map[string]bool{}
			for i, lab := range labels(l) {
				if seen[strings.ToLower(lab)] {
					t.Errorf("%s: label %q twice in %s", name, lab, l)
				}
				seen[strings.ToLower(lab)] = true
				if got, err := parse(lab); err != nil || got != codes[i] {
					t.Errorf("%s: %q parses to %q, %v; want %q", name, lab, got, err, codes[i])
				}
			}
		}
	}
	check("tier", wrap(accounts.Tiers()), labelsOf(accounts.Tiers()), codesOf(accounts.Tiers()))
	check("stage", wrap(accounts.Stages()), labelsOf(accounts.Stages()), codesOf(accounts.Stages()))
	check("role", wrap(accounts.BuyingRoles()), labelsOf(accounts.BuyingRoles()), codesOf(accounts.BuyingRoles()))
	check("attitude", wrap(accounts.Attitudes()), labelsOf(accounts.Attitudes()), codesOf(accounts.Attitudes()))
	check("visit kind", wrap(accounts.VisitKinds()), labelsOf(accounts.VisitKinds()), codesOf(accounts.VisitKinds()))
	check("warning kind", wrap(accounts.WarningKinds()), labelsOf(accounts.WarningKinds()), codesOf(accounts.WarningKinds()))
	check("severity", wrap(accounts.Severities()), labelsOf(accounts.Severities()), codesOf(accounts.Severities()))
	check("progress", wrap(accounts.Progresses()), labelsOf(accounts.Progresses()), codesOf(accounts.Progresses()))
}

func wrap[E Labelled](all []E) func(string) (string, error) {
	return func(s string) (string, error) { e, err := Parse(s, all); return string(e), err }
}

func labelsOf[E Labelled](all []E) func(string) []string {
	return func(l string) []string { return Labels(l, all) }
}

func codesOf[E ~string](all []E) []string {
	out := make([]string, len(all))
	for i, e := range all {
		out[i] = string(e)
	}
	return out
}

// The English role names records keep (a moved contact's previous role)
// are the English labels.
func TestRecordRoleNamesAreTheEnglishLabels(t *testing.T) {
	for _, r := range accounts.BuyingRoles() {
		if got, want := accounts.RecordRoleName(r), Label(English, r); got != want {
			t.Errorf("%s: record name %q, label %q", r, got, want)
		}
	}
}

func TestNames(t *testing.T) {
	seat := &accounts.Contact{Placeholder: true, Role: accounts.RoleEconomic}
	if got := Name(English, seat); got != "Economic buyer — unknown" {
		t.Errorf("seat in English: %q", got)
	}
	if got := Name(Chinese, seat); got != "经济决策者（待确定）" {
		t.Errorf("seat in Chinese: %q", got)
	}
	if got := Name(Chinese, &accounts.Contact{Name: "Li Wei"}); got != "Li Wei" {
		t.Errorf("a person: %q", got)
	}
}

func TestByteSize(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{{0, "0 B"}, {1023, "1023 B"}, {1024, "1.0 KB"}, {2_621_440, "2.5 MB"}, {3_113_851_290, "2.9 GB"}} {
		if got := ByteSize(c.n); got != c.want {
			t.Errorf("ByteSize(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
