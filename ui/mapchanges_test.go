package ui

import (
	"fyne.io/fyne/v2/lang"
	"keycard/locale"
	"testing"
	"time"

	"keycard/accounts"
)

func TestMapChangesSinceLastVisit(t *testing.T) {
	setupLanguage("auto")
	at := func(d int) time.Time { return time.Date(2026, 3, d, 10, 0, 0, 0, time.UTC) }
	a, b := accounts.ID("a"), accounts.ID("b")
	contacts := []accounts.Contact{{Name: "Li Na"}, {Name: "王建国"}}
	contacts[0].ID, contacts[1].ID = a, b
	all := []accounts.MapChange{
		{ContactID: a, At: at(1), Field: accounts.ChangeAttitude, From: "neutral", To: "skeptic"},
		{ContactID: b, At: at(5), Field: accounts.ChangeInfluence, From: "3", To: "5"},
		{ContactID: "gone", At: at(6), Field: accounts.ChangeRemoved},
	}
	visits := []accounts.Visit{{At: at(20)}, {At: at(3)}} // the one on the 20th has not happened yet
	title, lines := mapChangesText(all, visits, contacts, at(10))
	if title != lang.L("changes.since", map[string]any{"Date": "2026-03-03"}) {
		t.Errorf("title %q", title)
	}
	want := []string{"2026-03-06  " + locale.T(uiLang, "mapchange.removed", map[string]any{"Name": lang.L("changes.someone")}),
		"2026-03-05  " + locale.T(uiLang, "mapchange.changed", map[string]any{"Field": locale.T(uiLang, "mapchange.field.influence", nil), "Name": "王建国", "From": "3", "To": "5"})}
	if len(lines) != len(want) {
		t.Fatalf("lines %q, want %q", lines, want)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d = %q, want %q", i, lines[i], want[i])
		}
	}
	// before the first visit, everything recorded is news
	title, lines = mapChangesText(all, nil, contacts, at(10))
	if title != lang.L("changes.all") || len(lines) != 3 {
		t.Errorf("without a visit: %q %d lines", title, len(lines))
	}
}
