package documents

// Keycard draws every character with the one embedded font; a character the
// font lacks (an emoji, a rare ideograph) would print as an empty box, so
// such characters are replaced with a visible stand-in before they reach
// the page.

// fontCovers returns the glyph of each character the embedded font has one
// for, from the character map the PDF library reads; a character it lacks
// maps to 0.
func fontCovers() (map[rune]uint16, error) {
	fc, err := loadFace()
	if err != nil {
		return nil, err
	}
	return fc.gid, nil
}
