package accounts

import (
	"fmt"
	"strings"
	"time"
)

// Visit is one entry of the visit log: a meeting, call, meal or gift, who
// took part on both sides, what we wanted and learned (SPIN), how it went,
// what was agreed next and what was given.
type Visit struct {
	Meta
	AccountID ID `json:"account_id"`

	At         time.Time `json:"at"`
	Kind       VisitKind `json:"kind"`
	ContactIDs []ID      `json:"contact_ids,omitempty"` // their side
	OurPeople  []string  `json:"our_people,omitempty"`  // our side
	Objective  string    `json:"objective,omitempty"`

	// SPIN notes: situation, problem, implication, need-payoff.
	Situation   string `json:"situation,omitempty"`
	Problem     string `json:"problem,omitempty"`
	Implication string `json:"implication,omitempty"`
	NeedPayoff  string `json:"need_payoff,omitempty"`

	Summary   string     `json:"summary,omitempty"`
	Outcome   Outcome    `json:"outcome,omitempty"`
	NextSteps []NextStep `json:"next_steps,omitempty"`
	Gifts     []Gift     `json:"gifts,omitempty"`
}

// NextStep is a follow-up agreed at a visit: a promise to keep, with an owner
// and a due date. Open next steps are the "follow-ups" of the Today view.
type NextStep struct {
	ID     ID     `json:"id"`
	Text   string `json:"text"`
	Owner  string `json:"owner,omitempty"`
	Due    Date   `json:"due"`
	Done   bool   `json:"done,omitempty"`
	DoneOn Date   `json:"done_on"`
}

// Gift is something given at a visit, kept because gifts have compliance
// limits and because what was given last time should not be given again.
type Gift struct {
	Item      string `json:"item"`
	Value     Money  `json:"value"`
	ContactID ID     `json:"contact_id,omitempty"`
}

// Normalize trims text and gives next steps their ids.
func (v *Visit) Normalize() {
	v.Objective = strings.TrimSpace(v.Objective)
	v.OurPeople = cleanList(v.OurPeople)
	for i := range v.NextSteps {
		n := &v.NextSteps[i]
		n.Text, n.Owner = strings.TrimSpace(n.Text), strings.TrimSpace(n.Owner)
		if n.ID == "" {
			n.ID = NewID()
		}
		if !n.Done {
			n.DoneOn = Date{}
		}
	}
	for i := range v.Gifts {
		v.Gifts[i].Item = strings.TrimSpace(v.Gifts[i].Item)
	}
}

// Validate reports every bad field of the visit.
func (v *Visit) Validate() error {
	p := &problems{entity: "visit"}
	if v.AccountID == "" {
		p.add("account_id", Phrase{Key: "field.visit.visit_belong_account"})
	}
	if v.At.IsZero() {
		p.add("at", Phrase{Key: "field.visit.when_visit_took_place"})
	}
	checkEnum(p, "kind", visitKindSet, v.Kind, true)
	checkEnum(p, "outcome", outcomeSet, v.Outcome, false)
	day := DateOf(v.At)
	for i, n := range v.NextSteps {
		f := fmt.Sprintf("next_steps[%d]", i)
		if strings.TrimSpace(n.Text) == "" {
			p.add(f+".text", Phrase{Key: "field.visit.next_step_needs_description"})
		}
		if !n.Due.IsZero() && !v.At.IsZero() && n.Due.Before(day) {
			p.add(f+".due", Say("field.visit.due_before_visit", "Due", n.Due, "Day", day))
		}
	}
	for i, g := range v.Gifts {
		f := fmt.Sprintf("gifts[%d]", i)
		if strings.TrimSpace(g.Item) == "" {
			p.add(f+".item", Phrase{Key: "field.visit.what_gift_was"})
		}
		p.money(f+".value", g.Value)
	}
	return p.err()
}

// Warning is a recorded defection warning sign (跳槽征兆) from the
// catalogue, with the evidence, how serious it is and what we do about it.
type Warning struct {
	Meta
	AccountID ID `json:"account_id"`

	Kind       WarningKind   `json:"kind"`
	Observed   Date          `json:"observed"`
	Severity   Severity      `json:"severity"`
	Evidence   string        `json:"evidence,omitempty"`
	Status     WarningStatus `json:"status"`
	ResolvedOn Date          `json:"resolved_on"`
	Mitigation string        `json:"mitigation,omitempty"`
	Owner      string        `json:"owner,omitempty"`
	// History records each change of status or severity, oldest first.
	History []WarningEvent `json:"history,omitempty"`
}

// WarningEvent is one step in a warning sign's history.
type WarningEvent struct {
	At       time.Time     `json:"at"`
	Status   WarningStatus `json:"status"`
	Severity Severity      `json:"severity"`
	Note     string        `json:"note,omitempty"`
}

// Live reports whether the sign still counts against the account.
func (w *Warning) Live() bool { return w.Status != WarningResolved }

// Validate reports every bad field of the warning sign.
func (w *Warning) Validate() error {
	p := &problems{entity: "warning"}
	if w.AccountID == "" {
		p.add("account_id", Phrase{Key: "field.visit.warning_sign_belong_account"})
	}
	checkEnum(p, "kind", warningKindSet, w.Kind, true)
	checkEnum(p, "severity", severitySet, w.Severity, true)
	checkEnum(p, "status", warningStatusSet, w.Status, true)
	if w.Observed.IsZero() {
		p.add("observed", Phrase{Key: "field.visit.when_sign_was_observed"})
	}
	if w.Status == WarningResolved && w.ResolvedOn.IsZero() {
		p.add("resolved_on", Phrase{Key: "field.visit.resolved_sign_needs_date"})
	}
	if !w.ResolvedOn.IsZero() && !w.Observed.IsZero() && w.ResolvedOn.Before(w.Observed) {
		p.add("resolved_on", Phrase{Key: "field.visit.it_cannot_resolved_before"})
	}
	if w.Status != WarningResolved && !w.ResolvedOn.IsZero() {
		p.add("resolved_on", Phrase{Key: "field.visit.only_resolved_sign_has"})
	}
	return p.err()
}
