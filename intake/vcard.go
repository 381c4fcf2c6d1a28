package intake

import (
	"errors"
	"io"
	"mime/quotedprintable"
	"sort"
	"strings"
	"time"

	"keycard/accounts"

	"github.com/emersion/go-vcard"
)

// maxCards bounds the cards read from one file; a phone's whole address
// book has a few thousand.
const maxCards = 100000

// vcardUsed are the properties ReadVCards maps or that carry no data;
// every other property found is listed in Result.Ignored.
var vcardUsed = map[string]bool{
	"BEGIN": true, "END": true, "VERSION": true, "PRODID": true, "UID": true, "REV": true, "KIND": true,
	"FN": true, "N": true, "TITLE": true, "ROLE": true, "ORG": true, "EMAIL": true, "TEL": true,
	"BDAY": true, "IMPP": true, "X-WECHAT": true,
}

// ReadVCards reads the contacts of a .vcf file (vCard 2.1 as phones and
// Outlook export it, 3.0 and 4.0) for the account accountID.
//
// It maps FN (or N) to the name, TITLE (or ROLE) to the title, ORG's first
// part to Result.Refs and its second to the department, the preferred EMAIL,
// work and mobile TEL numbers (not home, fax or pager), BDAY, and
// X-WECHAT or IMPP to the messaging id. NOTE is not imported: Keycard keeps
// no free note on a contact, and an address-book note may hold what
// belongs in the private remarks, which only a person should fill. It and
// the other unmapped properties (ADR, PHOTO, URL…) are listed in
// Result.Ignored. accountID may be empty when the caller matches each
// card's ORG (Result.Refs) to an account itself.
//
// Each value is read in the character set its CHARSET parameter names
// (Shift_JIS, GB2312, Big5, ISO-8859-1…); values that name none and are
// not UTF-8 are read in the set that fits them best, with a problem saying
// which (see charset.go).
func ReadVCards(r io.Reader, accountID accounts.ID) (Result[accounts.Contact], error) {
	raw, err := readRaw(r, "vCard")
	if err != nil {
		return Result[accounts.Contact]{}, err
	}
	return guarded("vCard", func(dl *deadline) (Result[accounts.Contact], error) {
		return readVCards(string(raw), accountID, dl)
	})
}

func readVCards(text string, accountID accounts.ID, dl *deadline) (Result[accounts.Contact], error) {
	var res Result[accounts.Contact]
	text = vcardToUTF8(unfoldVCard(normalizeVCard21(text)), &res)
	var cards []vcard.Card
	var decodeErrs []int
	err := safely("vCard", func() error {
		dec := vcard.NewDecoder(strings.NewReader(text))
		for n := 1; n <= maxCards; n++ {
			if dl.over() {
				return tooSlow("vCard")
			}
			card, err := dec.Decode()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				if len(card) == 0 {
					decodeErrs = append(decodeErrs, n)
					if len(decodeErrs) > maxBadRows {
						return accounts.Errorf(accounts.EFORMAT, "intake.vcf.not_vcf")
					}
					continue
				}
				// A card cut off at the end of the file: take what it has.
			}
			cards = append(cards, card)
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	if len(cards) == 0 {
		return res, accounts.Errorf(accounts.EFORMAT, "intake.vcf.none")
	}
	for _, n := range decodeErrs {
		res.problem(n, "", accounts.Phrase{Key: "intake.vcf.unreadable"}, false)
	}
	ignored := map[string]bool{}
	for i, card := range cards {
		n := i + 1
		for k := range card {
			if !vcardUsed[k] {
				ignored[k] = true
			}
		}
		if k := card.Kind(); k == vcard.KindOrganization || k == vcard.KindGroup || k == vcard.KindLocation {
			res.problem(n, "", accounts.Say("intake.vcf.not_person", "Kind", accounts.Phrase{Key: "intake.vcf.kind." + string(k)}), false)
			continue
		}
		c, org := contactFromCard(card, n, &res)
		c.AccountID = accountID
		if err := validateContact(&c); err != nil {
			res.invalid(n, err)
			continue
		}
		res.add(c, n, org)
	}
	for k := range ignored {
		res.Ignored = append(res.Ignored, k)
	}
	sort.Strings(res.Ignored)
	return res, nil
}

func contactFromCard(card vcard.Card, n int, res *Result[accounts.Contact]) (accounts.Contact, string) {
	c := accounts.Contact{Influence: 3}
	c.Name = unescapeSemicolons(fieldText(card.Get(vcard.FieldFormattedName)))
	if c.Name == "" {
		if f := card.Get(vcard.FieldName); f != nil {
			parts := splitCompound(fieldText(f))
			family, given := part(parts, 0), part(parts, 1)
			c.Name = personName(given, family)
		}
	}
	c.Title = unescapeSemicolons(fieldText(card.Get(vcard.FieldTitle)))
	if c.Title == "" {
		c.Title = unescapeSemicolons(fieldText(card.Get(vcard.FieldRole)))
	}
	var org string
	if f := card.Get(vcard.FieldOrganization); f != nil {
		parts := splitCompound(fieldText(f))
		org, c.Department = part(parts, 0), part(parts, 1)
	}
	if f := card.Preferred(vcard.FieldEmail); f != nil {
		c.Email = strings.TrimPrefix(strings.TrimPrefix(fieldText(f), "mailto:"), "MAILTO:")
	}
	c.Phone = strings.Join(workPhones(card[vcard.FieldTelephone]), " / ")
	c.MessagingID = messagingID(card)
	if f := card.Get(vcard.FieldBirthday); f != nil {
		if d, ok := vcardDate(fieldText(f)); ok {
			c.Birthday = d
		} else if s := fieldText(f); s != "" {
			res.problem(n, "birthday", accounts.Say("intake.vcf.bad_birthday", "Value", s), true)
		}
	}
	return c, org
}

// splitCompound splits a compound value (N, ORG) at the semicolons that
// separate its components, not at an escaped one ("\;"), which is part of
// a component: "Smith\; Sons;Sales" is the company "Smith; Sons", department
// Sales. The vCard library leaves that escape to its caller.
func splitCompound(v string) []string {
	var parts []string
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		switch {
		case v[i] == '\\' && i+1 < len(v) && v[i+1] == ';':
			b.WriteByte(';')
			i++
		case v[i] == ';':
			parts = append(parts, b.String())
			b.Reset()
		default:
			b.WriteByte(v[i])
		}
	}
	return append(parts, b.String())
}

// unescapeSemicolons reads "\;" in a text value as the semicolon it is.
func unescapeSemicolons(v string) string { return strings.ReplaceAll(v, `\;`, ";") }

func part(parts []string, i int) string {
	if i < len(parts) {
		return strings.TrimSpace(parts[i])
	}
	return ""
}

// workPhones returns the numbers to reach someone at work: the preferred
// one first, then mobile and work numbers, then untyped ones; never home,
// fax or pager numbers, which are private or useless to call.
func workPhones(fields []*vcard.Field) []string {
	rank := func(f *vcard.Field) int {
		switch {
		case f.Params.HasType("fax") || f.Params.HasType("pager") || f.Params.HasType("home"):
			return -1
		case f.Params.HasType("pref") || f.Params.Get(vcard.ParamPreferred) != "":
			return 0
		case f.Params.HasType("cell"):
			return 1
		case f.Params.HasType("work"):
			return 2
		}
		return 3
	}
	var keep []*vcard.Field
	for _, f := range fields {
		if rank(f) >= 0 && strings.TrimSpace(f.Value) != "" {
			keep = append(keep, f)
		}
	}
	sort.SliceStable(keep, func(i, j int) bool { return rank(keep[i]) < rank(keep[j]) })
	var out []string
	seen := map[string]bool{}
	for _, f := range keep {
		v := strings.TrimPrefix(fieldText(f), "tel:")
		if !seen[v] && len(out) < 2 {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// messagingID prefers a WeChat id, the messenger of Keycard's users, over
// other instant-messaging addresses.
func messagingID(card vcard.Card) string {
	if v := fieldText(card.Get("X-WECHAT")); v != "" {
		return v
	}
	var first string
	for _, f := range card[vcard.FieldIMPP] {
		v := fieldText(f)
		scheme, rest, ok := strings.Cut(v, ":")
		if ok && (strings.EqualFold(scheme, "wechat") || strings.EqualFold(scheme, "weixin")) {
			return rest
		}
		if first == "" {
			first = v
		}
	}
	return first
}

// vcardDate reads BDAY as vCard writes it: 1980-03-31, 19800331, or
// either with a time after it. A birthday without a year (--0331) does not
// fit Keycard's date and is refused.
func vcardDate(s string) (accounts.Date, bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, 'T'); i > 0 {
		s = s[:i]
	}
	for _, layout := range []string{"2006-01-02", "20060102"} {
		if t, err := time.Parse(layout, s); err == nil && t.Year() > 1 {
			return accounts.DateOf(t), true
		}
	}
	return accounts.Date{}, false
}

// fieldText returns a field's value as text, quoted-printable decoded
// (vcardToUTF8 has already made every value UTF-8).
func fieldText(f *vcard.Field) string {
	if f == nil {
		return ""
	}
	v := f.Value
	if strings.EqualFold(f.Params.Get("ENCODING"), "QUOTED-PRINTABLE") || f.Params.HasType("QUOTED-PRINTABLE") {
		if b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(v))); err == nil {
			v = string(b)
		}
	}
	return strings.TrimSpace(strings.ToValidUTF8(v, ""))
}

// normalizeVCard21 rewrites the two habits of vCard 2.1 that later vCard
// readers do not follow, before the file is parsed: bare parameters
// ("TEL;WORK;VOICE:") become TYPE parameters, and quoted-printable values
// broken over lines with a trailing "=" are joined back into one line.
func normalizeVCard21(text string) string {
	if !strings.Contains(strings.ToUpper(text), "VERSION:2.1") {
		return text
	}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var b strings.Builder
	b.Grow(len(text))
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		colon := strings.IndexByte(l, ':')
		if colon < 0 || l == "" || l[0] == ' ' || l[0] == '\t' || strings.ContainsRune(l[:colon], '"') {
			b.WriteString(l)
			b.WriteByte('\n')
			continue
		}
		head, value := l[:colon], l[colon:]
		segs := strings.Split(head, ";")
		for j := 1; j < len(segs); j++ {
			if segs[j] != "" && !strings.Contains(segs[j], "=") {
				segs[j] = "TYPE=" + segs[j]
			}
		}
		head = strings.Join(segs, ";")
		if strings.Contains(strings.ToUpper(head), "QUOTED-PRINTABLE") {
			for strings.HasSuffix(value, "=") && i+1 < len(lines) {
				i++
				value += "\n" + lines[i] // the soft break stays for the QP decoder to remove
			}
			value = strings.ReplaceAll(value, "=\n", "")
		}
		b.WriteString(head)
		b.WriteString(value)
		b.WriteByte('\n')
	}
	return b.String()
}
