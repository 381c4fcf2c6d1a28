package assets

import "embed"

// Lang holds the translations of every visible string of the desktop app,
// one file per language (lang/en.json, lang/zh-Hans.json) with dotted keys.
// The Chinese file is named zh-Hans.json because a plain zh.json loses to
// Fyne's own zh-Hans bundle when the locale is matched.
//
//go:embed lang/*.json
var Lang embed.FS
