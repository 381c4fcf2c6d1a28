package assets

import _ "embed"

// Icon is the application icon (512×512 PNG): a card with a key-shaped
// accent, used for the window, the dock and the packaged app.
//
//go:embed icon.png
var Icon []byte
