package accounts

import (
	"strings"
	"testing"
)

// TestEveryWarningKindHasAPlaybook fails when a new kind of warning sign
// lacks its counter-measures (or their sentences).
func TestEveryWarningKindHasAPlaybook(t *testing.T) {
	if len(playbooks) != len(WarningKinds()) {
		t.Errorf("%d playbooks for %d kinds", len(playbooks), len(WarningKinds()))
	}
	for _, k := range WarningKinds() {
		ms := Playbook(k)
		if len(ms) < 2 || len(ms) > 4 {
			t.Errorf("%s: %d counter-measures, want 2–4", k, len(ms))
		}
		seen := map[string]bool{}
		for _, m := range ms {
			if seen[m.Key] || m.Key == "" || m.DueInDays <= 0 {
				t.Errorf("%s: measure %+v", k, m)
			}
			seen[m.Key] = true
			for _, p := range []Phrase{m.Title, m.Detail} {
				for _, lang := range []string{"en", "zh-Hans"} {
					if s := say(lang, p); s == "" || strings.HasPrefix(s, "MISSING") || strings.HasPrefix(s, "BAD") {
						t.Errorf("%s %s: %q", k, lang, s)
					}
				}
			}
		}
	}
	if Playbook("no_such_kind") != nil {
		t.Error("an unknown kind has a playbook")
	}
}

func TestCounterMeasureAction(t *testing.T) {
	today := NewDate(2026, 11, 23)
	a := &Account{Name: "Acme", Owner: "Li"}
	m := Playbook(WarnComplaint)[0]
	act := m.Action(a, &Warning{Kind: WarnComplaint}, today, zh)
	if act.Owner != "Li" || act.Due != today.AddDays(m.DueInDays) || act.Status != ProgressPlanned || act.ID == "" {
		t.Errorf("action %+v", act)
	}
	if act.Text != zh(m.Title) || act.Text == "" {
		t.Errorf("text %q", act.Text)
	}
	act = m.Action(a, &Warning{Kind: WarnComplaint, Owner: "Wang"}, today, en)
	if act.Owner != "Wang" || act.Text != en(m.Title) {
		t.Errorf("sign's owner: %+v", act)
	}
	if act = m.Action(a, nil, today, en); act.Owner != "Li" {
		t.Errorf("no sign: %+v", act)
	}
	pl := Plan{AccountID: "x", Actions: []Action{act}}
	if err := pl.Validate(); err != nil {
		t.Errorf("the action does not validate: %v", err)
	}
}
