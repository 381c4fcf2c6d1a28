// Package collation orders names as their readers expect: Chinese names by
// pinyin (阿里巴巴, 百度, 北京银行 … 招商银行, 中国银行), Latin names
// alphabetically without regard to case, Latin before Han, as the CLDR
// collation for Chinese does. It is the one place Keycard compares names
// for sorting, so the portfolio, the owner pickers, the CLI, exports and
// PDFs agree.
//
// A collator is not safe for concurrent use and comparing two strings
// through it costs far more than comparing bytes, so long lists are sorted
// by keys computed once per name (Keys, SortBy); Compare is for the odd
// comparison of a few names.
package collation

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"slices"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// The Chinese tailoring orders Han characters by pinyin and Latin letters
// like the root collation; IgnoreCase makes "apple" and "Apple" equal at the
// key level, so the original order (or the next sort key) decides.
var pool = sync.Pool{New: func() any {
	return collate.New(language.Chinese, collate.IgnoreCase, collate.IgnoreWidth)
}}

// Keys returns a sort key per name: bytes.Compare of two keys orders the
// names. A key costs about a microsecond, so the keys of names seen before
// come from a cache: the portfolio is sorted again after every change, and
// its 10,000 names rarely change. The cache is bounded (maxCached names,
// then it starts afresh), and its keys are never changed once made.
func Keys(names []string) [][]byte {
	out := make([][]byte, len(names))
	var missing []int
	cache.mu.RLock()
	for i, n := range names {
		if k, ok := cache.keys[n]; ok {
			out[i] = k
		} else {
			missing = append(missing, i)
		}
	}
	cache.mu.RUnlock()
	if len(missing) == 0 {
		return out
	}
	c := pool.Get().(*collate.Collator)
	var buf collate.Buffer
	for _, i := range missing {
		out[i] = slices.Clone(c.KeyFromString(&buf, names[i]))
		buf.Reset()
	}
	pool.Put(c)
	cache.mu.Lock()
	if len(cache.keys)+len(missing) > maxCached {
		cache.keys = make(map[string][]byte, len(missing))
	}
	for _, i := range missing {
		cache.keys[names[i]] = out[i]
	}
	cache.mu.Unlock()
	return out
}

// maxCached bounds the key cache: a few portfolios' worth of names.
const maxCached = 50_000

var cache = struct {
	mu   sync.RWMutex
	keys map[string][]byte
}{keys: map[string][]byte{}}

// Version names the collation's tables: their Unicode version and a
// checksum of the keys of names of every script and case Keycard sees.
// Sort keys stored on disk (the portfolio's summary rows) are made again
// when it changes: a newer golang.org/x/text may weigh a character
// differently, and rows in the old order would be out of place.
func Version() string {
	probe := []string{"a", "A", "á", "ä", "ß", "z", "Z", "0", "9", "-", " ", "Ａ", "ａ", "中", "阿", "银", "行", "北", "招",
		"鑫", "㐀", "𠀀", "가", "あ", "ア", "Ω", "я", "é", "ø", "ł", "ñ", "Ç", "&", "・", "，"}
	h := crc32.NewIEEE()
	for _, k := range Keys(probe) {
		h.Write(k)
		h.Write([]byte{0xff})
	}
	return fmt.Sprintf("unicode %s, keys %08x", norm.Version, h.Sum32())
}

// Key is one name's sort key.
func Key(name string) []byte { return Keys([]string{name})[0] }

// Compare orders two names: -1, 0 or +1.
func Compare(a, b string) int {
	c := pool.Get().(*collate.Collator)
	defer pool.Put(c)
	return c.CompareString(a, b)
}

// SortBy sorts s stably by the name of each element, computing each key
// once.
func SortBy[T any](s []T, name func(*T) string) {
	names := make([]string, len(s))
	for i := range s {
		names[i] = name(&s[i])
	}
	keys := Keys(names)
	idx := make([]int, len(s))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return bytes.Compare(keys[a], keys[b]) })
	sorted := make([]T, len(s))
	for i, j := range idx {
		sorted[i] = s[j]
	}
	copy(s, sorted)
}

// Strings sorts names in place.
func Strings(names []string) { SortBy(names, func(s *string) string { return *s }) }
