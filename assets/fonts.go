package assets

import _ "embed"

// FontRegular is WenQuanYi Micro Hei (face 0 of Debian's wqy-microhei.ttc,
// Apache-2.0), one TrueType font that has both Latin and Simplified Chinese
// glyphs, so a line that mixes the two never needs a font switch. The PDF
// library reads neither font collections nor CFF outlines, hence the
// extracted TrueType file; see fonts/README.md for how it was made.
//
//go:embed fonts/wqy-microhei.ttf
var FontRegular []byte

// FontName is the family name of FontRegular. The font has a single regular
// weight: hierarchy is shown with size and colour, never with a synthetic bold.
const FontName = "WenQuanYi Micro Hei"
