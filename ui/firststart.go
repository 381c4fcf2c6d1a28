package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/demo"
)

// offerFirstStart greets an empty database with the two ways to begin.
func (w *MainWindow) offerFirstStart() {
	var d *dialog.CustomDialog
	loadDemo := &widget.Button{Text: lang.L("first.demo"), Icon: theme.DownloadIcon(), Importance: widget.HighImportance, OnTapped: func() {
		d.Hide()
		w.loadDemo()
	}}
	loadDemo.ExtendBaseWidget(loadDemo)
	create := &widget.Button{Text: lang.L("first.create"), Icon: theme.ContentAddIcon(), OnTapped: func() {
		d.Hide()
		w.newAccount()
	}}
	create.ExtendBaseWidget(create)
	msg := &widget.Label{Text: lang.L("first.message"), Wrapping: fyne.TextWrapWord}
	d = dialog.NewCustomWithoutButtons(lang.L("first.title"), container.NewVBox(msg, container.NewGridWithColumns(2, create, loadDemo)), w.win)
	d.Resize(fyne.NewSize(560, 0))
	w.firstStart = d
	d.Show()
}

// loadDemo writes the demo portfolio into the store.
func (w *MainWindow) loadDemo() {
	var err error
	now := w.now()
	w.background("import demo", func() {
		data := demo.Generate(demo.Options{Seed: 1, Now: now})
		_, err = w.book.AddAccounts(from(viewStart), data)
	}, func() {
		if err != nil {
			w.showError(err)
		}
	})
}
