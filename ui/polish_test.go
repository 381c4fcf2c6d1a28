package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
)

func TestLastAccountTabIsReopened(t *testing.T) {
	s, w, r := openDemoAccount(t, 3)
	w.account.tabs.SelectIndex(3) // the person clicks Warnings
	w.wait()
	w.closeIntercept()

	w2 := NewMainWindow(w.app, testBook(s), Options{Now: func() time.Time { return testNow }, queued: true})
	w2.wait()
	if w2.account == nil || w2.account.id != r.ID {
		t.Fatalf("the last open account %s was not reopened", r.Name)
	}
	if got := w2.account.tabs.SelectedIndex(); got != 3 || w2.account.warnings == nil {
		t.Errorf("the next start shows tab %d, want the Warnings tab (3) built and shown", got)
	}

	// another account opens on its profile, and that is what the next start shows
	other, _ := w2.portfolio.model.At(5)
	w2.openAccount(other.ID)
	w2.wait()
	if got := w2.account.tabs.SelectedIndex(); got != 0 {
		t.Fatalf("a newly opened account shows tab %d, want the profile", got)
	}
	w3 := NewMainWindow(w.app, testBook(s), Options{Now: func() time.Time { return testNow }, queued: true})
	w3.wait()
	if w3.account == nil || w3.account.tabs.SelectedIndex() != 0 {
		t.Errorf("the next start should show the profile of %s, the tab last seen", other.Name)
	}
}

func TestProfileTableHeadersAreNotClipped(t *testing.T) {
	_, w, _ := openDemoAccount(t, 1)
	p := w.account.profile
	p.revenue.append(accounts.RevenueEntry{})
	p.competitors.set(nil)
	p.competitors.append(accounts.Competitor{})
	p.revenue.showHead()
	p.competitors.showHead()
	for _, size := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 1000, Height: 700}, {Width: 760, Height: 600}} {
		w.win.Resize(size)
		for name, head := range map[string]fyne.CanvasObject{"revenue": p.revenue.head, "competitors": p.competitors.head} {
			cols := head.(*fyne.Container).Objects[0].(*fyne.Container).Objects[1].(*fyne.Container).Objects
			for _, o := range cols {
				l := o.(*widget.Label)
				full := (&widget.Label{Text: l.Text, SizeName: theme.SizeNameCaptionText}).MinSize().Width
				if l.Size().Width+0.5 < full {
					t.Errorf("at %v the %s column title %q is %.0f wide, needs %.0f", size, name, l.Text, l.Size().Width, full)
				}
			}
		}
	}
	// the competitor's name gets the widest column
	row := p.competitors.rows[0].content.(*fyne.Container).Objects[0].(*fyne.Container).Objects
	if name, share := row[0].Size().Width, row[1].Size().Width; name < 2*share {
		t.Errorf("competitor name is %.0f wide beside a share of %.0f; the name should have the room", name, share)
	}
}
