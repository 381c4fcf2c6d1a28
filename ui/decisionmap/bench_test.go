package decisionmap

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"keycard/accounts"
)

// BenchmarkDecisionMapBuild300 is opening the map of a 300-person account:
// cards and lines made, laid out, and every card's canvas objects created.
func BenchmarkDecisionMapBuild300(b *testing.B) {
	test.NewTempApp(b)
	cs, links, visits := generated(300, 1)
	b.ResetTimer()
	for b.Loop() {
		m := New(Config{Lang: "en", Today: testToday})
		m.SetData(cs, links, visits, nil)
		m.board.Resize(m.board.MinSize())
		for _, c := range m.cards {
			test.WidgetRenderer(c)
		}
		for _, e := range m.edges {
			test.WidgetRenderer(e)
		}
	}
}

// busiestCard is the card with the most lines, the dearest to drag.
func busiestCard(m *Map) *card {
	best := m.cards[0]
	for _, c := range m.cards {
		if len(c.edges) > len(best.edges) {
			best = c
		}
	}
	return best
}

// BenchmarkDecisionMapDragStep300 is one mouse-move event of a drag on a
// 300-person map: it must stay well inside a 16 ms frame.
func BenchmarkDecisionMapDragStep300(b *testing.B) {
	test.NewTempApp(b)
	cs, links, visits := generated(300, 1)
	m := New(Config{Lang: "en", Today: testToday})
	w := test.NewWindow(m.View())
	defer w.Close()
	w.Resize(fyne.NewSize(1400, 900))
	m.SetData(cs, links, visits, nil)
	c := busiestCard(m)
	c.Move(c.Position().Add(fyne.NewPos(200, 200)))
	b.ReportMetric(float64(len(c.edges)), "lines")
	ev := &fyne.DragEvent{}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		d := float32(3)
		if i%2 == 1 {
			d = -3
		}
		i++
		ev.Dragged = fyne.Delta{DX: d, DY: d}
		c.Dragged(ev)
	}
}

// BenchmarkDecisionMapDragEnd300 is letting go of a card: the scroll area
// learns the new extent and the layout of all 300 cards is handed over.
func BenchmarkDecisionMapDragEnd300(b *testing.B) {
	test.NewTempApp(b)
	cs, links, visits := generated(300, 1)
	m := New(Config{Lang: "en", Today: testToday, OnMoved: func(accounts.MapLayout) {}})
	w := test.NewWindow(m.View())
	defer w.Close()
	w.Resize(fyne.NewSize(1400, 900))
	m.SetData(cs, links, visits, nil)
	c := busiestCard(m)
	b.ResetTimer()
	for b.Loop() {
		c.DragEnd()
	}
}
