// Package documents prints Keycard's PDF documents: the account plan, the
// one- or two-page visit brief and the handover dossier, in English or
// Chinese, on A4 or US Letter.
//
// It is the only package that imports the PDF library (gofpdf). Every line of
// text goes through this package's own line breaker (wrap.go), because the
// library's wrapping loses characters at breaks between ideographs, and
// every character is drawn with the embedded WenQuanYi Micro Hei font, which
// has both Latin and Chinese glyphs; characters it lacks are replaced with a
// visible stand-in rather than printed as empty boxes.
//
// The documents take the domain types only and compute nothing of their
// own: risk, coverage, map layout and "last met" come from package accounts,
// so the PDF says what the app says.
package documents
