package ui

import (
	"bytes"
	"encoding/json"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
)

// viewConflicts is the source of a conflict resolved in the account view.
const viewConflicts = "conflicts"

// conflictPanel sits above an account's tabs when a field was changed here
// and on the team server at the same time: the record shows the server's
// value (it reached the server first), and the panel keeps this laptop's
// beside it with "Keep mine" and "Keep theirs". Nothing is lost until the
// person chooses.
type conflictPanel struct {
	v    *accountView
	box  *fyne.Container
	list []book.Conflict
	// relayout lays out what holds the panel again when it appears,
	// changes height or goes.
	relayout func()
}

func newConflictPanel(v *accountView) *conflictPanel {
	p := &conflictPanel{v: v, box: container.NewVBox()}
	p.box.Hide()
	return p
}

// load reads the account's conflicts off the UI goroutine.
func (p *conflictPanel) load() {
	var cs []book.Conflict
	var err error
	id := p.v.id
	p.v.w.background("load conflicts "+string(id), func() { cs, err = p.v.w.book.Conflicts(id) }, func() {
		if err != nil {
			cs = nil // a conflict list that cannot be read hides the panel; sync says why
		}
		p.show(cs)
	})
}

func (p *conflictPanel) show(cs []book.Conflict) {
	p.list = cs
	defer func() {
		if p.relayout != nil {
			p.relayout()
		}
	}()
	if len(cs) == 0 {
		p.box.Objects = nil
		p.box.Hide()
		return
	}
	head := &widget.Label{Text: lang.L("conflict.panel.title", map[string]any{"Count": len(cs)}), TextStyle: fyne.TextStyle{Bold: true},
		Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord}
	objs := []fyne.CanvasObject{container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, head)}
	for _, c := range cs {
		objs = append(objs, p.row(c))
	}
	objs = append(objs, widget.NewSeparator())
	p.box.Objects = objs
	p.box.Show()
	p.box.Refresh()
}

// row is one field: where it is, both values and the two choices.
func (p *conflictPanel) row(c book.Conflict) fyne.CanvasObject {
	where := &widget.Label{Text: p.where(c), TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord}
	theirs := &widget.Label{Text: lang.L("conflict.theirs", map[string]any{"Value": jsonText(c.Theirs), "By": c.By}), Wrapping: fyne.TextWrapWord}
	mine := &widget.Label{Text: lang.L("conflict.mine", map[string]any{"Value": jsonText(c.Mine)}), Wrapping: fyne.TextWrapWord}
	keepMine := &widget.Button{Text: lang.L("conflict.keep_mine"), Importance: widget.HighImportance, OnTapped: func() { p.resolve(c, true) }}
	keepMine.ExtendBaseWidget(keepMine)
	keepTheirs := &widget.Button{Text: lang.L("conflict.keep_theirs"), OnTapped: func() { p.resolve(c, false) }}
	keepTheirs.ExtendBaseWidget(keepTheirs)
	return container.NewBorder(nil, nil, nil, container.NewVBox(container.NewHBox(keepMine, keepTheirs)),
		container.NewVBox(where, theirs, mine))
}

// resolve keeps one side; the change comes back through MainWindow.apply,
// which refreshes the tabs and this panel.
func (p *conflictPanel) resolve(c book.Conflict, keepMine bool) {
	var err error
	p.v.w.background("save conflict "+string(c.ID)+c.Path, func() {
		_, err = p.v.w.book.ResolveConflict(book.From(viewConflicts), c, keepMine)
	}, func() {
		if err != nil {
			p.v.w.showError(err)
		}
		p.load()
	})
}

// where names the record and the field in the person's words.
func (p *conflictPanel) where(c book.Conflict) string {
	rec := lang.L(kindKey[string(c.Kind)])
	if string(c.Kind) == "contact" && p.v.data != nil {
		for _, ct := range p.v.data.Contacts {
			if ct.ID == c.ID {
				rec = lang.L("conflict.kind.contact_named", map[string]any{"Name": ct.Name})
			}
		}
	}
	return rec + " · " + fieldLabel(string(c.Kind), c.Path)
}

// kindKey names each kind of record.
var kindKey = map[string]string{
	"account": "conflict.kind.account", "contact": "conflict.kind.contact", "visit": "conflict.kind.visit",
	"warning": "conflict.kind.warning", "plan": "conflict.kind.plan", "link": "conflict.kind.link",
	"layout": "conflict.kind.layout", "handover": "conflict.kind.handover",
}

// fieldLabels are the form labels of the fields a conflict can name, by
// record kind and JSON name; a field without one is named as stored.
var fieldLabels = map[string]map[string]string{
	"account": {
		"name": "profile.name", "legal_name": "profile.legal", "industry": "profile.industry", "region": "profile.region",
		"address": "profile.address", "website": "profile.website", "tags": "profile.tags", "owner": "profile.owner",
		"team": "profile.team", "tier": "profile.tier", "stage": "profile.stage", "currency": "profile.currency",
		"revenue": "profile.revenue", "potential": "profile.potential", "credit_rating": "profile.credit",
		"payment_terms": "profile.terms", "overdue_receivables": "profile.overdue", "renewal_date": "profile.renewal",
		"cadence_days": "profile.cadence", "competitors": "profile.competitors", "strategic_goals": "profile.goals",
		"value_proposition": "profile.valueprop", "why_they_buy": "profile.why", "strengths": "profile.strengths",
		"weaknesses": "profile.weaknesses", "transaction_habits": "profile.habits", "notes": "profile.notes",
		"retention_rate": "profile.retention", "discount_rate": "profile.discount",
	},
	"contact": {
		"name": "contact.name", "title": "contact.title", "department": "contact.dept", "reports_to": "contact.reportsto",
		"phone": "contact.phone", "email": "contact.email", "messaging_id": "contact.msg", "birthday": "contact.birthday",
		"role": "contact.role", "influence": "contact.influence", "attitude": "contact.attitude", "trust": "contact.trust",
		"style": "contact.style", "personal_interests": "contact.interests", "personal_wins": "contact.wins",
		"private_remarks": "contact.private", "left_on": "contact.lefton", "left_to": "contact.leftto",
		"relationships": "contact.relations",
	},
	"visit": {
		"at": "visit.when", "kind": "visit.kind", "objective": "visit.objective", "situation": "visit.situation",
		"problem": "visit.problem", "implication": "visit.implication", "need_payoff": "visit.needpayoff",
		"summary": "visit.summary", "outcome": "visit.outcome", "next_steps": "visit.steps", "gifts": "visit.gifts",
		"our_people": "visit.ourpeople", "contact_ids": "visit.attendees",
	},
	"warning": {
		"kind": "warnings.kind", "severity": "warnings.severity", "status": "warnings.status", "observed": "warnings.observedon",
		"resolved_on": "warnings.resolvedon", "evidence": "warnings.evidence.label", "mitigation": "warnings.mitigation.label",
		"owner": "warnings.ownerlabel",
	},
}

// fieldLabel words a conflict's path: its first field's form label (a
// next step's field is still "Next steps").
func fieldLabel(kind, path string) string {
	top := path
	if i := strings.IndexAny(top, ".["); i >= 0 {
		top = top[:i]
	}
	if key, ok := fieldLabels[kind][top]; ok {
		return lang.L(key)
	}
	return path
}

// jsonText shows a stored JSON value as a person reads it: text without
// quotes, lists joined, nothing as "(empty)".
func jsonText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" || string(raw) == `""` {
		return lang.L("conflict.empty")
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var list []any
	if json.Unmarshal(raw, &list) == nil {
		parts := make([]string, 0, len(list))
		for _, v := range list {
			if str, ok := v.(string); ok {
				parts = append(parts, str)
			} else {
				b, _ := json.Marshal(v)
				parts = append(parts, string(b))
			}
		}
		return strings.Join(parts, ", ")
	}
	var m accounts.Money
	if json.Unmarshal(raw, &m) == nil && m.Currency != "" {
		return m.String()
	}
	return string(raw)
}
