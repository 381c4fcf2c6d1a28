package documents

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
)

// A large organisation's map must stay legible on paper: every card shows
// its number and name (the name-and-attitude card, type of 6 pt or more),
// with the map cut into strips rather than shrunk until only numbers fit.
func TestLargeMapKeepsNamesReadable(t *testing.T) {
	for _, n := range []int{50, 150} {
		for _, lang := range []string{"en", "zh"} {
			f := richAccount(n, 5)
			drawn := map[string]bool{}
			var buf bytes.Buffer
			err := accountPlan(&buf, f, Options{Lang: lang, Now: testNow}, func(s string) { drawn[s] = true })
			if err != nil {
				t.Fatal(err)
			}
			ordered, num := orderContacts(f.Contacts)
			missing := 0
			for _, c := range ordered {
				prefix := "#" + strconv.Itoa(num[c.ID]) + " "
				found := false
				for s := range drawn {
					if strings.HasPrefix(s, prefix) {
						found = true
						break
					}
				}
				if !found {
					missing++
				}
			}
			if missing > 0 {
				t.Errorf("%d contacts, %s: %d cards show no name", n, lang, missing)
			}
			parts := 0
			for s := range drawn {
				if strings.HasPrefix(s, w("mapPart", lang)[:4]) {
					parts++
				}
			}
			if parts < 2 {
				t.Errorf("%d contacts, %s: the map is in %d strips, want it cut into several", n, lang, parts)
			}
		}
	}
}

// A small organisation's map prints full cards (title, role badge,
// influence), not the shrunken name-only cards meant for large maps.
func TestSmallMapPrintsFullCards(t *testing.T) {
	f := richAccount(5, 5)
	drawn := map[string]bool{}
	var buf bytes.Buffer
	if err := accountPlan(&buf, f, Options{Lang: "en", Now: testNow}, func(s string) { drawn[s] = true }); err != nil {
		t.Fatal(err)
	}
	ordered, num := orderContacts(f.Contacts)
	for _, c := range ordered {
		n := "#" + strconv.Itoa(num[c.ID])
		if !drawn[n] {
			t.Errorf("card %s (%s) is not a full card: its number is not drawn on its own", n, c.Name)
		}
		if drawn[n+" "+c.Name] {
			t.Errorf("card %s (%s) is drawn as a name-only card", n, c.Name)
		}
	}
}
