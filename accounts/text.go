package accounts

import "strings"

// Text is a sentence or label in the two languages Keycard ships. The domain
// owns these words (role names, findings, reasons) because the GUI, the CLI and
// the PDF documents must all say the same thing.
type Text struct {
	En string `json:"en"`
	Zh string `json:"zh"`
}

// In returns the text in lang ("zh", "zh-Hans", "zh_CN"... choose Chinese;
// anything else English), falling back to English when a translation is missing.
func (t Text) In(lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "zh") && t.Zh != "" {
		return t.Zh
	}
	return t.En
}

func (t Text) String() string { return t.En }
