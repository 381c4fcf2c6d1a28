// Package decisionmap is the decision-maker map widget: the buying centre of
// one account drawn as a graph, a card per contact (role, influence,
// attitude, trust, when last met), reporting lines from the automatic layout
// (accounts.LayoutMap, shared with the printed plan) and informal influence
// arrows. Cards can be dragged, tapped, linked and arranged; the map pans,
// zooms down to an overview of a few hundred people and dims the cards that
// do not match a highlight.
//
// The widget knows nothing of the store or the main window: the screen that
// hosts it gives it data (Map.SetData) and a Config of callbacks, and
// persists what the user did (a moved card, a new link). Its words are
// translated with Fyne's lang (the map.* keys of assets/lang) and its
// colours come from the current Fyne theme, so it follows the app's.
package decisionmap
