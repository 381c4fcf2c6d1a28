package collation

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestStringsSortsChineseByPinyin(t *testing.T) {
	cases := []struct {
		name string
		in   []string
		want []string
	}{
		{"companies", []string{"招商银行", "中国银行", "腾讯", "阿里巴巴", "华为", "百度", "北京银行"},
			[]string{"阿里巴巴", "百度", "北京银行", "华为", "腾讯", "招商银行", "中国银行"}},
		{"people", []string{"张伟", "王芳", "李娜", "陈静", "刘洋"},
			[]string{"陈静", "李娜", "刘洋", "王芳", "张伟"}},
		{"Latin first, case ignored", []string{"华为", "zebra Ltd", "Acme", "北京银行", "apple"},
			[]string{"Acme", "apple", "zebra Ltd", "北京银行", "华为"}},
		{"mixed within a name", []string{"中国银行 Shanghai", "中国银行 Beijing", "ABB 中国"},
			[]string{"ABB 中国", "中国银行 Beijing", "中国银行 Shanghai"}},
		{"full-width Latin as half-width", []string{"ＩＢＭ", "HSBC", "Dell"},
			[]string{"Dell", "HSBC", "ＩＢＭ"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := slices.Clone(c.in)
			Strings(got)
			if !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
	if Compare("百度", "阿里巴巴") <= 0 || Compare("Acme", "acme") != 0 {
		t.Error("Compare disagrees with the sort")
	}
}

// names10k is a portfolio's worth of names, Chinese and Latin.
func names10k() []string {
	r := rand.New(rand.NewPCG(1, 2))
	cities := []string{"北京", "上海", "广州", "深圳", "杭州", "成都", "重庆", "武汉", "南京", "西安"}
	kinds := []string{"银行", "电子", "制药", "物流", "汽车", "能源", "科技", "食品"}
	out := make([]string, 10000)
	for i := range out {
		if i%3 == 0 {
			out[i] = fmt.Sprintf("Company %d Ltd", r.IntN(100000))
			continue
		}
		out[i] = cities[r.IntN(len(cities))] + kinds[r.IntN(len(kinds))] + fmt.Sprint(r.IntN(1000)) + "号"
	}
	return out
}

func BenchmarkSort10k(b *testing.B) {
	names := names10k()
	b.ReportAllocs()
	for b.Loop() {
		s := slices.Clone(names)
		Strings(s)
	}
}

// BenchmarkKeys10kCold is the first sort of a portfolio: no key cached.
func BenchmarkKeys10kCold(b *testing.B) {
	names := names10k()
	b.ReportAllocs()
	for b.Loop() {
		cache.mu.Lock()
		cache.keys = map[string][]byte{}
		cache.mu.Unlock()
		Keys(names)
	}
}

// The cache hands out the keys the collator makes, also when bounded.
func TestCachedKeysAgree(t *testing.T) {
	names := names10k()
	first := Keys(names)
	again := Keys(names)
	for i := range names {
		if string(first[i]) != string(again[i]) {
			t.Fatalf("%q: cached key differs", names[i])
		}
	}
	big := make([]string, maxCached+10)
	for i := range big {
		big[i] = fmt.Sprintf("名字%d", i)
	}
	Keys(big)
	if k := Keys([]string{"百度", "阿里巴巴"}); string(k[0]) <= string(k[1]) {
		t.Fatal("after the cache started afresh the order is wrong")
	}
}

// Version names the tables: the same within a build, and it changes with
// the keys it is made of.
func TestVersion(t *testing.T) {
	v := Version()
	if v == "" || v != Version() || !strings.HasPrefix(v, "unicode ") {
		t.Fatalf("Version() = %q", v)
	}
}
