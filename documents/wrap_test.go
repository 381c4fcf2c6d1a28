package documents

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
)

// monoWidth measures Latin characters as 1 and wide characters as 2, like a
// terminal; the breaker must not care how widths come about.
func monoWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if wideRune(r) {
			w += 2
		} else {
			w++
		}
	}
	return w
}

func TestWrapText(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		width float64
		want  []string
	}{
		{"fits", "hello world", 20, []string{"hello world"}},
		{"breaks at space", "hello big world", 10, []string{"hello big", "world"}},
		{"keeps words whole", "alpha beta gamma", 7, []string{"alpha", "beta", "gamma"}},
		{"cuts a word wider than the line", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"breaks between ideographs", "华东精密制造", 6, []string{"华东精", "密制造"}},
		{"comma stays with what it follows", "华东精，密制造", 6, []string{"华东", "精，密", "制造"}},
		{"full stop never starts a line", "一二三。四五", 6, []string{"一二", "三。四", "五"}},
		{"opening bracket never ends a line", "一二（三四）", 6, []string{"一二", "（三", "四）"}},
		{"quote marks cling", "他说「好」了", 6, []string{"他说", "「好」", "了"}},
		{"mixed scripts break at the script change", "使用Keycard软件", 10, []string{"使用", "Keycard软", "件"}},
		{"newline starts a line", "a\nb", 10, []string{"a", "b"}},
		{"empty paragraph kept", "a\n\nb", 10, []string{"a", "", "b"}},
		{"empty", "", 10, []string{""}},
		{"spaces collapse at breaks", "aaa    bbb", 3, []string{"aaa", "bbb"}},
		{"ascii comma stays with the ideograph", "中文, english", 5, []string{"中文,", "engli", "sh"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrapText(tt.in, tt.width, monoWidth)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("wrapText(%q, %v) = %q, want %q", tt.in, tt.width, got, tt.want)
			}
		})
	}
}

func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// randomMixed returns text of random length mixing ideographs, Chinese
// punctuation, Latin words, digits and spaces.
func randomMixed(r *rand.Rand) string {
	pieces := []string{"华", "东", "精", "密", "制", "造", "客", "户", "，", "。", "、", "（", "）", "：", "「", "」", "！", "？",
		"Keycard", "a", "the", "supercalifragilistic", "2026-11-23", "CNY", "(", ")", ",", ".", " ", " ", " ", "  ", "—", "…", "“", "”"}
	var b strings.Builder
	for i, n := 0, r.IntN(120); i < n; i++ {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// Property: for any text and width, no character is lost or repeated, no
// line is wider than the width unless it holds a single character, and no
// line starts with closing punctuation unless the text left no choice.
func TestWrapTextProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for i := 0; i < 3000; i++ {
		s := randomMixed(r)
		width := float64(2 + r.IntN(30))
		lines := wrapText(s, width, monoWidth)
		if got, want := noSpace(strings.Join(lines, "")), noSpace(s); got != want {
			t.Fatalf("wrapText(%q, %v) lost or repeated characters:\n got %q\nwant %q", s, width, got, want)
		}
		for _, l := range lines {
			if monoWidth(l) > width && len([]rune(l)) > 1 {
				t.Fatalf("wrapText(%q, %v): line %q is %v wide", s, width, l, monoWidth(l))
			}
			if l != strings.TrimSpace(l) {
				t.Fatalf("wrapText(%q, %v): line %q has space at an end", s, width, l)
			}
		}
	}
}
