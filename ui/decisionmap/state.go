package decisionmap

import (
	"fyne.io/fyne/v2"

	"keycard/accounts"
)

// What the screen hosting the map (and its tests) can read of it.

// CurrentLayout is where the cards sit now, so that giving the map new data
// keeps them there.
func (m *Map) CurrentLayout() *accounts.MapLayout {
	l := m.layout()
	return &l
}

// Card is the card of a contact on the board, nil when the contact is not
// on the map. Its position is on the board, which the map's scroll area
// shows; ShowContact brings it into view.
func (m *Map) Card(id accounts.ID) fyne.CanvasObject {
	if c, ok := m.byID[id]; ok {
		return c
	}
	return nil
}

// Dimmed tells whether the contact's card is dimmed by the highlight (a
// role, an attitude, "not met recently" or the people of a coverage
// finding).
func (m *Map) Dimmed(id accounts.ID) bool {
	c, ok := m.byID[id]
	return ok && c.dimmed
}

// ToScreen is where a point of the map (a card's top-left corner, in the
// units of accounts.LayoutMap) is on the board at the current zoom.
func (m *Map) ToScreen(p accounts.Point) fyne.Position { return m.toScreen(p) }

// AllInView tells whether every card shows in the view without scrolling.
func (m *Map) AllInView() bool {
	view, board := m.scroll.Size(), m.board.MinSize()
	return board.Width <= view.Width && board.Height <= view.Height
}

// InfluenceDrawn tells whether the influence arrow from one contact to
// another is drawn (its dashes and head are on the board).
func (m *Map) InfluenceDrawn(from, to accounts.ID) bool {
	c, ok := m.byID[from]
	if !ok {
		return false
	}
	for _, e := range c.edges {
		if e.influence && e.from.c.ID == from && e.to.c.ID == to {
			return len(e.objs) >= 3
		}
	}
	return false
}
