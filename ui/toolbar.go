package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// newToolbar is the row of everyday commands above the panes. Buttons with
// words, not bare icons: a person opening Keycard twice a week should not
// have to guess.
func (w *MainWindow) newToolbar() fyne.CanvasObject {
	b := func(key string, icon fyne.Resource, tap func()) *widget.Button {
		btn := &widget.Button{Text: lang.L(key), Icon: icon, Importance: widget.LowImportance, OnTapped: tap}
		btn.ExtendBaseWidget(btn)
		return btn
	}
	return container.NewVBox(container.NewBorder(nil, nil, nil, w.badge.btn, container.NewHBox(
		b("toolbar.today", theme.HomeIcon(), w.showToday),
		b("toolbar.risk", theme.WarningIcon(), w.showRisk),
		b("toolbar.review", theme.ConfirmIcon(), w.showReview),
		b("toolbar.newaccount", theme.ContentAddIcon(), w.newAccount),
		widget.NewSeparator(),
		b("toolbar.logvisit", theme.DocumentCreateIcon(), w.logVisit),
		b("toolbar.logcall", theme.MailReplyIcon(), w.logCall),
		widget.NewSeparator(),
		b("toolbar.export", theme.DocumentPrintIcon(), w.export),
		b("toolbar.backup", theme.DownloadIcon(), w.backup),
	)), widget.NewSeparator())
}
