package intake

import (
	"bytes"
	"io"
	"math"
	"mime/quotedprintable"
	"strings"
	"unicode"
	"unicode/utf8"

	"keycard/accounts"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// Character sets of vCards. vCard 2.1, which phones and Outlook still
// write, lets each property name its own CHARSET; a Japanese phone writes
// Shift_JIS, a Chinese one GB2312 or GBK, and one file can mix them. Each
// value is turned into UTF-8 on its own, before the vCard parser sees the
// file, so that a Shift_JIS byte that happens to be a backslash or a
// semicolon cannot split a name. A value that names no character set and
// is not UTF-8 is read in the set the file's other such values fit best,
// and the person is told which was assumed.

// charsetNames are the names people and phones write that the WHATWG
// index (htmlindex) does not know.
var charsetNames = map[string]encoding.Encoding{
	"SJIS": japanese.ShiftJIS, "X-SJIS": japanese.ShiftJIS, "CP932": japanese.ShiftJIS,
	"MS932": japanese.ShiftJIS, "WINDOWS-31J": japanese.ShiftJIS,
	"EUCJP": japanese.EUCJP, "CP936": simplifiedchinese.GBK, "EUC-CN": simplifiedchinese.GBK,
	"BIG5-HKSCS": traditionalchinese.Big5, "CP950": traditionalchinese.Big5,
	"LATIN1": charmap.Windows1252, "CP1252": charmap.Windows1252,
}

// charsetByName returns the encoding a CHARSET parameter names; nil for
// UTF-8 and false for a name Keycard does not know.
func charsetByName(name string) (encoding.Encoding, bool) {
	n := strings.ToUpper(strings.Trim(strings.TrimSpace(name), `"`))
	switch n {
	case "", "UTF-8", "UTF8", "US-ASCII", "ASCII":
		return nil, true
	case "GB18030":
		return simplifiedchinese.GB18030, true
	}
	if e, ok := charsetNames[n]; ok {
		return e, true
	}
	e, err := htmlindex.Get(n)
	if err != nil || e == encoding.Replacement {
		return nil, false
	}
	if n2, _ := htmlindex.Name(e); n2 == "utf-8" {
		return nil, true
	}
	if n2, _ := htmlindex.Name(e); n2 == "gbk" {
		return simplifiedchinese.GB18030, true // GB18030 reads all of GBK and GB2312
	}
	return e, true
}

// guesses are the character sets tried for text that names none, with the
// name the person is told.
var guesses = []struct {
	name string
	enc  encoding.Encoding
}{
	{"GB18030", simplifiedchinese.GB18030},
	{"Shift_JIS", japanese.ShiftJIS},
	{"Big5", traditionalchinese.Big5},
	{"EUC-JP", japanese.EUCJP},
	{"Windows-1252", charmap.Windows1252},
}

// maxSample bounds the bytes guessCharset decodes: enough text to tell
// the sets apart, and a 50 MB file is not decoded five times over.
const maxSample = 64 << 10

// guessCharset picks the character set that reads the unlabelled bytes
// best: no invalid sequences, and the most letters of the scripts it is
// made for (kana count most; Chinese read in GB18030 loses points for
// characters outside everyday GB2312, which is what Shift_JIS and Big5
// bytes become there). GB18030, the set of most files Keycard gets, wins
// a near tie.
func guessCharset(samples [][]byte) (string, encoding.Encoding) {
	bestName, best, bestScore := "GB18030", encoding.Encoding(simplifiedchinese.GB18030), math.MinInt
	for _, g := range guesses {
		score, ok, size := 0, true, 0
		for _, b := range samples {
			if size += len(b); size > maxSample {
				break
			}
			u, err := g.enc.NewDecoder().Bytes(b)
			if err != nil || !utf8.Valid(u) || bytes.ContainsRune(u, utf8.RuneError) {
				ok = false
				break
			}
			score += textScore(string(u))
			if g.enc == simplifiedchinese.GB18030 {
				score -= 3 * gbRare(b)
			}
		}
		if g.enc == simplifiedchinese.GB18030 {
			score += abs(score) / 10 // the usual set of Chinese files wins a near tie
		}
		if ok && score > bestScore {
			bestName, best, bestScore = g.name, g.enc, score
		}
	}
	return bestName, best
}

// gbRare counts the two- and four-byte GB18030 sequences outside GB2312,
// the set everyday Chinese is written in: many of them mean the bytes are
// Shift_JIS or Big5, whose trail bytes fall there.
func gbRare(b []byte) int {
	n := 0
	for i := 0; i+1 < len(b); {
		switch {
		case b[i] < 0x81:
			i++
		case b[i+1] >= 0x30 && b[i+1] <= 0x39:
			n++
			i += 4
		default:
			if b[i] < 0xa1 || b[i+1] < 0xa1 {
				n++
			}
			i += 2
		}
	}
	return n
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// textScore rates how much s looks like names and titles: common CJK
// ideographs, kana and accented letters inside Latin words score;
// half-width katakana, private-use characters, rare symbols and runs of
// accented letters count against. ASCII reads the same in every set and
// scores nothing.
func textScore(s string) int {
	rs := []rune(s)
	n := 0
	for i, r := range rs {
		switch {
		case r >= 0x3040 && r <= 0x9fff && asciiLetter(rs, i-1) && asciiLetter(rs, i+1):
			// Kana or an ideograph inside a Latin word is Latin text
			// read in a CJK set (Müller as M悤ler).
			n -= 2
		case r >= 0x3040 && r <= 0x30ff:
			n += 3
		case r >= 0x4e00 && r <= 0x9fff:
			n += 2
		case r >= 0xc0 && r <= 0x17f && r != 0xd7 && r != 0xf7:
			// An accented letter inside a Latin word (Müller) is likely;
			// runs of them are CJK bytes read as Latin.
			if asciiLetter(rs, i-1) || asciiLetter(rs, i+1) {
				n += 2
			} else {
				n--
			}
		case r >= 0xff61 && r <= 0xff9f, r >= 0xe000 && r <= 0xf8ff, r >= 0x3400 && r <= 0x4dbf,
			r >= 0xac00 && r <= 0xd7af, r == utf8.RuneError, unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t':
			n -= 4
		}
	}
	return n
}

func asciiLetter(rs []rune, i int) bool {
	return i >= 0 && i < len(rs) && (rs[i] >= 'a' && rs[i] <= 'z' || rs[i] >= 'A' && rs[i] <= 'Z')
}

// vcardLine is one logical line of a vCard file: the property with its
// parameters, and the value as raw bytes.
type vcardLine struct {
	head, value string
	charset     string // the CHARSET parameter, "" when none
	qp          bool   // quoted-printable
}

func splitVCardLine(l string) (vcardLine, bool) {
	colon, quoted := -1, false
	for i := 0; i < len(l); i++ {
		if l[i] == '"' {
			quoted = !quoted
		} else if l[i] == ':' && !quoted {
			colon = i
			break
		}
	}
	if colon <= 0 {
		return vcardLine{}, false
	}
	v := vcardLine{head: l[:colon], value: l[colon+1:]}
	for _, seg := range strings.Split(v.head, ";")[1:] {
		k, val, _ := strings.Cut(seg, "=")
		switch strings.ToUpper(k) {
		case "CHARSET":
			v.charset = val
		case "ENCODING", "TYPE":
			v.qp = v.qp || strings.EqualFold(val, "QUOTED-PRINTABLE")
		}
	}
	return v, true
}

// raw returns the bytes of the value in its own character set.
func (v vcardLine) raw() []byte {
	if !v.qp {
		return []byte(v.value)
	}
	b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(v.value)))
	if err != nil {
		return []byte(v.value)
	}
	return b
}

// withUTF8 writes the line back with value u (UTF-8), its CHARSET
// parameter dropped and quoted-printable undone when u needs no encoding
// (a value with a line break stays quoted-printable, in UTF-8).
func (v vcardLine) withUTF8(u string) string {
	var segs []string
	for i, seg := range strings.Split(v.head, ";") {
		k, _, _ := strings.Cut(seg, "=")
		if i > 0 && strings.EqualFold(k, "CHARSET") {
			continue
		}
		segs = append(segs, seg)
	}
	if v.qp && strings.ContainsAny(u, "\r\n") {
		var b bytes.Buffer
		w := quotedprintable.NewWriter(&b)
		_, _ = w.Write([]byte(u))
		_ = w.Close()
		return strings.Join(segs, ";") + ";CHARSET=UTF-8:" + strings.ReplaceAll(b.String(), "=\r\n", "")
	}
	if v.qp {
		kept := segs[:0]
		for i, seg := range segs {
			k, val, _ := strings.Cut(seg, "=")
			if i > 0 && (strings.EqualFold(k, "ENCODING") || strings.EqualFold(k, "TYPE")) && strings.EqualFold(val, "QUOTED-PRINTABLE") {
				continue
			}
			kept = append(kept, seg)
		}
		segs = kept
	}
	return strings.Join(segs, ";") + ":" + u
}

// vcardToUTF8 turns every value of a vCard file (lines already joined by
// normalizeVCard21 and unfolded) into UTF-8, as its CHARSET says or as
// guessed, and reports unknown character sets and guesses in res.
func vcardToUTF8[T any](text string, res *Result[T]) string {
	lines := strings.Split(text, "\n")
	var unlabelled [][]byte
	for _, l := range lines {
		if v, ok := splitVCardLine(strings.TrimSuffix(l, "\r")); ok && v.charset == "" {
			if b := v.raw(); !utf8.Valid(b) {
				unlabelled = append(unlabelled, b)
			}
		}
	}
	var guessed encoding.Encoding
	if len(unlabelled) > 0 {
		var name string
		name, guessed = guessCharset(unlabelled)
		res.problem(0, "", accounts.Say("intake.charset_guessed", "Charset", name), true)
	}
	card := 0
	for i, l := range lines {
		l = strings.TrimSuffix(l, "\r")
		if strings.EqualFold(strings.TrimSpace(l), "BEGIN:VCARD") {
			card++
		}
		v, ok := splitVCardLine(l)
		if !ok {
			continue
		}
		b := v.raw()
		enc, known := charsetByName(v.charset)
		switch {
		case !known:
			res.problem(card, "", accounts.Say("intake.vcf.charset_unknown", "Charset", clipText(v.charset, 40)), true)
			if !utf8.Valid(b) {
				lines[i] = v.withUTF8("")
				continue
			}
		case v.charset == "" && !utf8.Valid(b):
			enc = guessed
		}
		if enc != nil {
			if u, err := enc.NewDecoder().Bytes(b); err == nil {
				b = u
			}
		}
		if v.charset == "" && !v.qp && utf8.Valid([]byte(v.value)) {
			continue // nothing to change; keep the line as written
		}
		lines[i] = v.withUTF8(strings.ToValidUTF8(string(b), ""))
	}
	return strings.Join(lines, "\n")
}

// unfoldVCard joins folded lines (a line break followed by a space or a
// tab) so that each property is one line for vcardToUTF8.
func unfoldVCard(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\n ", "")
	return strings.ReplaceAll(text, "\n\t", "")
}
