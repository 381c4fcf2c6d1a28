package accounts

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Handover passes accounts from a departing owner to successors, with notes
// per account and a checklist of introductions to the key contacts, so that
// the relationship survives the change of person. A handover can be saved as
// a draft and resumed; completing it changes the owners.
type Handover struct {
	Meta
	From        string            `json:"from"`
	Reason      string            `json:"reason,omitempty"`
	Date        Date              `json:"date"`
	Status      HandoverStatus    `json:"status"`
	Accounts    []HandoverAccount `json:"accounts"`
	CompletedAt time.Time         `json:"completed_at"`
}

// HandoverAccount is one account of a handover.
type HandoverAccount struct {
	AccountID     ID             `json:"account_id"`
	To            string         `json:"to"`
	Notes         string         `json:"notes,omitempty"`
	Introductions []Introduction `json:"introductions,omitempty"`
}

// Introduction is one key contact the successor must be introduced to.
type Introduction struct {
	ContactID ID   `json:"contact_id"`
	Done      bool `json:"done,omitempty"`
	DoneOn    Date `json:"done_on"`
}

// Validate reports every bad field of the handover. A completed handover
// must name a successor for every account.
func (h *Handover) Validate() error {
	p := &problems{entity: "handover"}
	if strings.TrimSpace(h.From) == "" {
		p.add("from", Phrase{Key: "field.handover.whose_accounts_are_handed"})
	}
	checkEnum(p, "status", handoverStatusSet, h.Status, true)
	if len(h.Accounts) == 0 {
		p.add("accounts", Phrase{Key: "field.handover.choose_at_least_one"})
	}
	seen := map[ID]bool{}
	for i, a := range h.Accounts {
		f := fmt.Sprintf("accounts[%d]", i)
		if a.AccountID == "" {
			p.add(f+".account_id", Phrase{Key: "field.handover.account_missing"})
		} else if seen[a.AccountID] {
			p.add(f+".account_id", Phrase{Key: "field.handover.account_appears_twice"})
		}
		seen[a.AccountID] = true
		to := strings.TrimSpace(a.To)
		if h.Status == HandoverDone && to == "" {
			p.add(f+".to", Phrase{Key: "field.handover.choose_successor_for_every"})
		}
		if to != "" && strings.EqualFold(to, strings.TrimSpace(h.From)) {
			p.add(f+".to", Say("field.handover.successor_self", "From", h.From))
		}
	}
	return p.err()
}

// KeyContacts are the contacts a successor must be introduced to: active
// people with influence 4 or 5, or in a deciding or coaching role.
func KeyContacts(cs []Contact) []Contact {
	var out []Contact
	for _, c := range cs {
		if !c.Active() || c.Placeholder {
			continue
		}
		switch {
		case c.Influence >= 4, c.Role == RoleEconomic, c.Role == RoleTechnical, c.Role == RoleCoach:
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Influence != out[j].Influence {
			return out[i].Influence > out[j].Influence
		}
		return out[i].Name < out[j].Name
	})
	return out
}
