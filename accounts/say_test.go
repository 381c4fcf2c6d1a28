package accounts

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"text/template"
)

// The domain's tests read its phrases as sentences to check the evidence
// they carry. Package locale cannot be imported here (it imports accounts),
// so this is a small reader of the same files with the same template
// functions; locale's own tests check the two agree.

var (
	testMsgsOnce sync.Once
	testMsgs     map[string]map[string]string
)

func loadTestMsgs() {
	testMsgs = map[string]map[string]string{}
	for _, l := range []string{"en", "zh-Hans"} {
		data, err := os.ReadFile("../assets/lang/" + l + ".json")
		if err != nil {
			panic(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(data, &m); err != nil {
			panic(err)
		}
		testMsgs[l] = m
	}
}

// say renders p in lang ("en" or "zh-Hans"); a missing key is returned
// marked so that assertions on the sentence fail.
func say(lang string, p Phrase) string {
	testMsgsOnce.Do(loadTestMsgs)
	if p.Key == "" {
		return ""
	}
	msg, ok := testMsgs[lang][p.Key]
	if !ok {
		return "MISSING:" + p.Key
	}
	args := map[string]any{}
	for k, v := range p.Args {
		switch x := v.(type) {
		case Phrase:
			args[k] = say(lang, x)
		case []Phrase:
			list := make([]string, len(x))
			for i := range x {
				list[i] = say(lang, x[i])
			}
			args[k] = list
		case fmt.Stringer:
			args[k] = x.String()
		default:
			args[k] = v
		}
	}
	t, err := template.New(p.Key).Funcs(template.FuncMap{
		"join":  func(l []string, sep string) string { return strings.Join(l, sep) },
		"lower": strings.ToLower,
	}).Parse(msg)
	if err != nil {
		return "BAD TEMPLATE:" + p.Key
	}
	var b strings.Builder
	if err := t.Execute(&b, args); err != nil {
		return "BAD ARGS:" + p.Key + ": " + err.Error()
	}
	if strings.Contains(b.String(), "<no value>") {
		return "BAD ARGS:" + p.Key + ": " + b.String()
	}
	return b.String()
}

func en(p Phrase) string { return say("en", p) }
func zh(p Phrase) string { return say("zh-Hans", p) }

// errText is the English sentence of an error, as locale.Error says it.
func errText(err error) string { return en(ErrorPhrase(err)) }

func TestSayMarksMissingKeys(t *testing.T) {
	if got := en(Phrase{Key: "no.such.key"}); !strings.HasPrefix(got, "MISSING") {
		t.Errorf("a missing key reads %q", got)
	}
}
