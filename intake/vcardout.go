package intake

import (
	"fmt"
	"io"
	"strings"

	"keycard/accounts"
)

// VCard versions WriteVCards writes: 3.0 for Outlook and older phones, 4.0
// for current address books (Apple Contacts, Android, Google Contacts
// import either).
const (
	VCard3 = "3.0"
	VCard4 = "4.0"
)

// vcardText escapes a text value (RFC 6350 3.4, RFC 2426 5): backslash,
// comma and line breaks always.
var vcardText = strings.NewReplacer(`\`, `\\`, ",", `\,`, "\n", `\n`)

// vcardPart escapes one component of a compound value (N, ORG), where a
// semicolon separates the components and so must be escaped inside one.
var vcardPart = strings.NewReplacer(`\`, `\\`, ",", `\,`, "\n", `\n`, ";", `\;`)

func escText(s string) string { return vcardText.Replace(oneLineBreak.Replace(s)) }
func escPart(s string) string { return vcardPart.Replace(oneLineBreak.Replace(s)) }

// WriteVCards writes the contacts of the account named org as vCards of
// version (VCard3 or VCard4): name, the name split for N where it has a
// space, organisation and department, title, work phone and e-mail,
// birthday, WeChat id (X-WECHAT, which ReadVCards reads back) and the
// contact's id as UID, so an address book that imports the file again
// updates its cards instead of adding new ones. Private remarks and the
// buying-centre assessment are Keycard's own and never leave it this way.
func WriteVCards(w io.Writer, contacts []accounts.Contact, org, version string) error {
	if version != VCard3 && version != VCard4 {
		return fmt.Errorf("intake: vCard version %q", version)
	}
	var b strings.Builder
	for i := range contacts {
		writeCard(&b, &contacts[i], org, version)
	}
	if _, err := io.WriteString(w, foldLines(b.String())); err != nil {
		return fmt.Errorf("intake: write the vCards: %w", err)
	}
	return nil
}

func writeCard(b *strings.Builder, c *accounts.Contact, org, version string) {
	line := func(parts ...string) {
		for _, p := range parts {
			b.WriteString(p)
		}
		b.WriteString("\r\n")
	}
	v4 := version == VCard4
	line("BEGIN:VCARD")
	line("VERSION:", version)
	line("PRODID:-//Keycard//Keycard//EN")
	if v4 {
		line("KIND:individual")
	}
	line("UID:urn:uuid:", string(c.ID))
	line("FN:", escText(c.Name))
	family, given := splitName(c.Name)
	line("N:", escPart(family), ";", escPart(given), ";;;")
	if org != "" || c.Department != "" {
		o := escPart(org)
		if c.Department != "" {
			o += ";" + escPart(c.Department)
		}
		line("ORG:", o)
	}
	if c.Title != "" {
		line("TITLE:", escText(c.Title))
	}
	if c.Phone != "" {
		line(pick(v4, "TEL;TYPE=work:", "TEL;TYPE=WORK,VOICE:"), escText(c.Phone))
	}
	if c.Email != "" {
		line(pick(v4, "EMAIL;TYPE=work:", "EMAIL;TYPE=INTERNET,WORK:"), escText(c.Email))
	}
	if !c.Birthday.IsZero() {
		line("BDAY:", pick(v4, c.Birthday.Time().Format("20060102"), c.Birthday.String()))
	}
	if c.MessagingID != "" {
		line("X-WECHAT:", escText(c.MessagingID))
	}
	if !c.UpdatedAt.IsZero() {
		line("REV:", c.UpdatedAt.UTC().Format("20060102T150405Z"))
	}
	line("END:VCARD")
}

func pick(first bool, a, b string) string {
	if first {
		return a
	}
	return b
}

// splitName guesses N's family and given names: "Anna Meier" is Meier,
// Anna; a name without a space (王芳, as Chinese names are written) is
// left whole as the family name, where address books show it as written.
func splitName(name string) (family, given string) {
	name = strings.TrimSpace(name)
	i := strings.LastIndexByte(name, ' ')
	if i < 0 {
		return name, ""
	}
	return strings.TrimSpace(name[i+1:]), strings.TrimSpace(name[:i])
}
