// Package assets holds what Keycard embeds: the Latin+CJK font used by the GUI and the PDFs (with its licence), the translations and the icon.
package assets
