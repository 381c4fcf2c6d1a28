package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
)

// Playbooks against defection (防止大客户叛离) on the Warnings tab: each live
// sign offers its counter-measures (accounts.Playbook), and each measure
// goes into the account plan as an action in one step. A measure whose
// action is in the plan already says so instead of being added twice.

// playbookPanel is the counter-measures of one sign.
type playbookPanel struct {
	toggle  *widget.Button
	box     *fyne.Container
	add     map[string]*widget.Button // by measure key, for tests
	content fyne.CanvasObject
}

// playbookFor builds the panel of sign w, open when it was open before the
// tab was built again (adding a measure rebuilds the tab).
func (wv *warningsView) playbookFor(w accounts.Warning) *playbookPanel {
	ms := accounts.Playbook(w.Kind)
	if len(ms) == 0 || !w.Live() {
		return nil
	}
	pp := &playbookPanel{box: container.NewVBox(), add: map[string]*widget.Button{}}
	inPlan := wv.planTexts()
	for _, m := range ms {
		pp.box.Add(wv.measureRow(pp, w, m, inPlan))
	}
	open := wv.v.playbooksOpen
	pp.toggle = &widget.Button{Text: lang.L("playbook.show", map[string]any{"Count": len(ms)}), Icon: theme.MenuDropDownIcon(), Importance: widget.LowImportance}
	pp.toggle.ExtendBaseWidget(pp.toggle)
	pp.toggle.OnTapped = func() {
		open[w.ID] = !open[w.ID]
		pp.showOpen(open[w.ID])
	}
	pp.showOpen(open[w.ID])
	pp.content = container.NewVBox(container.NewHBox(pp.toggle), pp.box)
	return pp
}

func (pp *playbookPanel) showOpen(open bool) {
	if open {
		pp.box.Show()
		pp.toggle.Icon = theme.MenuDropUpIcon()
	} else {
		pp.box.Hide()
		pp.toggle.Icon = theme.MenuDropDownIcon()
	}
	pp.toggle.Refresh()
}

// measureRow is one counter-measure: what to do, why, and Add to plan.
func (wv *warningsView) measureRow(pp *playbookPanel, w accounts.Warning, m accounts.CounterMeasure, inPlan map[string]bool) fyne.CanvasObject {
	title := &widget.Label{Text: tx(m.Title), TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord}
	detail := &widget.Label{Text: tx(m.Detail), Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}
	add := &widget.Button{Text: lang.L("playbook.add"), Icon: theme.ContentAddIcon()}
	add.ExtendBaseWidget(add)
	add.OnTapped = func() { wv.addMeasure(add, w, m) }
	if inPlan[tx(m.Title)] {
		markAdded(add)
	}
	pp.add[m.Key] = add
	return container.NewBorder(nil, nil, nil, container.NewVBox(add), container.NewVBox(title, detail))
}

func markAdded(b *widget.Button) {
	b.SetText(lang.L("playbook.added"))
	b.SetIcon(theme.ConfirmIcon())
	b.Disable()
}

// planTexts are the texts of the plan's actions: a measure whose title is
// among them was added already.
func (wv *warningsView) planTexts() map[string]bool {
	out := map[string]bool{}
	if pl := wv.v.data.Plan; pl != nil {
		for _, a := range pl.Actions {
			out[a.Text] = true
		}
	}
	return out
}

// addMeasure puts the measure into the plan as an action in one write. The
// button is disabled at once, so a second tap adds nothing.
func (wv *warningsView) addMeasure(b *widget.Button, w accounts.Warning, m accounts.CounterMeasure) {
	sh := wv.v.w
	act := m.Action(&wv.v.data.Account, &w, sh.day(), tx)
	id := wv.v.id
	b.Disable()
	var err error
	started := sh.background("save plan "+string(id), func() {
		_, err = sh.book.AddPlanActions(from(viewWarnings), id, []accounts.Action{act})
	}, func() {
		if err != nil {
			b.Enable()
			sh.showError(err)
			return
		}
		markAdded(b)
	})
	if !started {
		b.Enable()
	}
}
