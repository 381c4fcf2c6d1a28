package intake

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

func encode(t *testing.T, e encoding.Encoding, s string) string {
	t.Helper()
	b, err := e.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func hasProblem[T any](r Result[T], key string) bool {
	for _, p := range r.Problems {
		if p.Msg.Key == key {
			return true
		}
	}
	return false
}

// A Japanese phone's vCard 2.1 in Shift_JIS: the names come out as
// written, including 表 and ソ, whose second Shift_JIS byte is a
// backslash.
func TestReadVCardsShiftJIS(t *testing.T) {
	sj := func(s string) string { return encode(t, japanese.ShiftJIS, s) }
	in := "BEGIN:VCARD\r\nVERSION:2.1\r\n" +
		"N;CHARSET=SHIFT_JIS:" + sj("山田;太郎") + "\r\n" +
		"FN;CHARSET=SHIFT_JIS:" + sj("山田 太郎") + "\r\n" +
		"TITLE;CHARSET=Shift_JIS;ENCODING=QUOTED-PRINTABLE:=89=63=8B=C6=95=94=92=B7\r\n" +
		"ORG;CHARSET=SHIFT_JIS:" + sj("表ソフト株式会社;営業部") + "\r\n" +
		"EMAIL;PREF;INTERNET:yamada@example.jp\r\nEND:VCARD\r\n"
	res, err := ReadVCards(strings.NewReader(in), "acct")
	if err != nil || len(res.Records) != 1 {
		t.Fatalf("%d contacts, %v: %s", len(res.Records), err, problems(res))
	}
	c := res.Records[0]
	if c.Name != "山田 太郎" || c.Title != "営業部長" || res.Refs[0] != "表ソフト株式会社" || c.Department != "営業部" {
		t.Errorf("name %q, title %q, org %q, department %q", c.Name, c.Title, res.Refs[0], c.Department)
	}
	if len(res.Problems) != 0 {
		t.Errorf("problems for a file that names its character set: %s", problems(res))
	}
}

// One file, cards in three character sets, each named on its values.
func TestReadVCardsMixedCharsets(t *testing.T) {
	in := "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=GB2312:" + encode(t, simplifiedchinese.GBK, "王芳") + "\r\n" +
		"TITLE;CHARSET=GB2312:" + encode(t, simplifiedchinese.GBK, "销售总监") + "\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=SHIFT_JIS:" + encode(t, japanese.ShiftJIS, "佐藤 花子") + "\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=BIG5:" + encode(t, traditionalchinese.Big5, "陳大文") + "\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=ISO-8859-1:J\xfcrgen M\xfcller\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Zoë 李\r\nEND:VCARD\r\n"
	res, err := ReadVCards(strings.NewReader(in), "acct")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range res.Records {
		got = append(got, c.Name+"/"+c.Title)
	}
	want := "王芳/销售总监|佐藤 花子/|陳大文/|Jürgen Müller/|Zoë 李/"
	if strings.Join(got, "|") != want {
		t.Errorf("got %s, want %s; problems: %s", strings.Join(got, "|"), want, problems(res))
	}
}

// Without a CHARSET, bytes that are not UTF-8 are read in the set they fit
// best, and the person is told which set was assumed.
func TestReadVCardsGuessesAndSays(t *testing.T) {
	cases := []struct {
		enc               encoding.Encoding
		name, title, want string
	}{
		{japanese.ShiftJIS, "山田 太郎", "マネージャー", "Shift_JIS"},
		{simplifiedchinese.GBK, "王芳", "销售总监", "GB18030"},
	}
	for _, c := range cases {
		in := "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:" + encode(t, c.enc, c.name) + "\r\nTITLE:" + encode(t, c.enc, c.title) + "\r\nEND:VCARD\r\n"
		res, err := ReadVCards(strings.NewReader(in), "acct")
		if err != nil || len(res.Records) != 1 {
			t.Fatalf("%s: %d contacts, %v", c.want, len(res.Records), err)
		}
		if r := res.Records[0]; r.Name != c.name || r.Title != c.title {
			t.Errorf("%s: read %q / %q", c.want, r.Name, r.Title)
		}
		found := false
		for _, p := range res.Problems {
			if p.Msg.Key == "intake.charset_guessed" && p.Kept && p.Msg.Args["Charset"] == c.want {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no problem saying the character set was assumed: %s", c.want, problems(res))
		}
	}
}

// A character set Keycard does not know is named in a problem, and its
// bytes never become a name.
func TestReadVCardsUnknownCharset(t *testing.T) {
	in := "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Tanaka;Ken\r\nFN;CHARSET=X-KLINGON:\x8e\x52\x93\x63\r\nEND:VCARD\r\n"
	res, err := ReadVCards(strings.NewReader(in), "acct")
	if err != nil {
		t.Fatal(err)
	}
	if !hasProblem(res, "intake.vcf.charset_unknown") {
		t.Errorf("no problem for an unknown character set: %s", problems(res))
	}
	if len(res.Records) != 1 || res.Records[0].Name != "Ken Tanaka" {
		t.Errorf("contacts: %+v", res.Records)
	}
}

// A CSV that is not UTF-8 is read in the set its bytes fit: GB18030 from
// Chinese Excel as before, without a remark; Shift_JIS, Big5 or
// Windows-1252 with a remark naming the set assumed.
func TestReadAccountsCSVCharsets(t *testing.T) {
	cases := []struct {
		enc        encoding.Encoding
		name, said string
	}{
		{simplifiedchinese.GBK, "华东精密制造", ""},
		{japanese.ShiftJIS, "日本精機株式会社", "Shift_JIS"},
		{traditionalchinese.Big5, "台灣精密機械", "Big5"},
		{charmap.Windows1252, "Müller Maschinenbau", "Windows-1252"},
	}
	for _, c := range cases {
		in := encode(t, c.enc, "Name,Owner,Tier,Stage\n"+c.name+",Ana,key,growth\n")
		res, err := ReadAccountsCSV(strings.NewReader(in), CSVOptions{Now: now})
		if err != nil || len(res.Records) != 1 {
			t.Fatalf("%s: %d accounts, %v", c.name, len(res.Records), err)
		}
		if got := res.Records[0].Name; got != c.name {
			t.Errorf("read %q, want %q", got, c.name)
		}
		said := ""
		for _, p := range res.Problems {
			if p.Msg.Key == "intake.charset_guessed" {
				said, _ = p.Msg.Args["Charset"].(string)
			}
		}
		if said != c.said {
			t.Errorf("%s: remark names %q, want %q", c.name, said, c.said)
		}
	}
}
