package accounts

import (
	"fmt"
	"strings"
	"time"
)

// Plan is the account plan: what we want to achieve with the account
// (objectives), how (strategies), the concrete actions, and the
// opportunities — white space not yet sold and live deals. There is one plan
// per account; its Meta.ID is the account's id.
type Plan struct {
	Meta
	AccountID ID `json:"account_id"`

	Objectives    []Objective   `json:"objectives,omitempty"`
	Strategies    []Strategy    `json:"strategies,omitempty"`
	Actions       []Action      `json:"actions,omitempty"`
	Opportunities []Opportunity `json:"opportunities,omitempty"`
}

// Objective is a measurable goal for the account.
type Objective struct {
	ID     ID       `json:"id"`
	Text   string   `json:"text"`
	Target string   `json:"target,omitempty"` // e.g. "share of wallet 40 %"
	Due    Date     `json:"due"`
	Status Progress `json:"status"`
}

// Strategy is how we mean to reach the objectives.
type Strategy struct {
	ID   ID     `json:"id"`
	Text string `json:"text"`
}

// Action is a concrete step of the plan, optionally serving an objective.
type Action struct {
	ID          ID       `json:"id"`
	Text        string   `json:"text"`
	Owner       string   `json:"owner,omitempty"`
	Due         Date     `json:"due"`
	Status      Progress `json:"status"`
	ObjectiveID ID       `json:"objective_id,omitempty"`
}

// Opportunity is white space (a product they do not buy from us yet) or a
// live deal, tracked by stage.
type Opportunity struct {
	ID ID `json:"id"`
	// Name is the deal's own name where a CRM gives one ("Acme – 200
	// licences"); Owner is the salesperson working it; ExternalID is its
	// id in the CRM it was imported from, so a second import finds it.
	Name          string           `json:"name,omitempty"`
	Owner         string           `json:"owner,omitempty"`
	ExternalID    string           `json:"external_id,omitempty"`
	Product       string           `json:"product"`
	Value         Money            `json:"value"`
	Stage         OpportunityStage `json:"stage"`
	ExpectedClose Date             `json:"expected_close"`
	// StageHistory records when the opportunity entered each stage, so the
	// pipeline can say how long deals sit in a stage.
	StageHistory []StageChange `json:"stage_history,omitempty"`
	Notes        string        `json:"notes,omitempty"`
}

// StageChange is an opportunity's entry into a stage.
type StageChange struct {
	Stage OpportunityStage `json:"stage"`
	At    time.Time        `json:"at"`
}

// Normalize gives items ids and default statuses.
func (pl *Plan) Normalize() {
	for i := range pl.Objectives {
		o := &pl.Objectives[i]
		o.Text = strings.TrimSpace(o.Text)
		if o.ID == "" {
			o.ID = NewID()
		}
		if o.Status == "" {
			o.Status = ProgressPlanned
		}
	}
	for i := range pl.Strategies {
		s := &pl.Strategies[i]
		s.Text = strings.TrimSpace(s.Text)
		if s.ID == "" {
			s.ID = NewID()
		}
	}
	for i := range pl.Actions {
		a := &pl.Actions[i]
		a.Text = strings.TrimSpace(a.Text)
		if a.ID == "" {
			a.ID = NewID()
		}
		if a.Status == "" {
			a.Status = ProgressPlanned
		}
	}
	for i := range pl.Opportunities {
		o := &pl.Opportunities[i]
		o.Product = strings.TrimSpace(o.Product)
		o.Name = strings.TrimSpace(o.Name)
		o.Owner = strings.TrimSpace(o.Owner)
		o.ExternalID = strings.TrimSpace(o.ExternalID)
		if o.ID == "" {
			o.ID = NewID()
		}
		if o.Stage == "" {
			o.Stage = StageWhiteSpace
		}
	}
}

// HasOpenAction reports whether any action is still to be done.
func (pl *Plan) HasOpenAction() bool {
	for _, a := range pl.Actions {
		if a.Status.Open() {
			return true
		}
	}
	return false
}

// Validate reports every bad field of the plan.
func (pl *Plan) Validate() error {
	p := &problems{entity: "plan"}
	if pl.AccountID == "" {
		p.add("account_id", Phrase{Key: "field.plan.plan_belong_account"})
	}
	objs := map[ID]bool{}
	for i, o := range pl.Objectives {
		f := fmt.Sprintf("objectives[%d]", i)
		objs[o.ID] = true
		if strings.TrimSpace(o.Text) == "" {
			p.add(f+".text", Phrase{Key: "field.plan.objective_needs_description"})
		}
		checkEnum(p, f+".status", progressSet, o.Status, true)
	}
	for i, s := range pl.Strategies {
		if strings.TrimSpace(s.Text) == "" {
			p.add(fmt.Sprintf("strategies[%d].text", i), Phrase{Key: "field.plan.strategy_needs_description"})
		}
	}
	for i, a := range pl.Actions {
		f := fmt.Sprintf("actions[%d]", i)
		if strings.TrimSpace(a.Text) == "" {
			p.add(f+".text", Phrase{Key: "field.plan.action_needs_description"})
		}
		checkEnum(p, f+".status", progressSet, a.Status, true)
		if a.ObjectiveID != "" && !objs[a.ObjectiveID] {
			p.add(f+".objective_id", Phrase{Key: "field.plan.action_serves_objective_that"})
		}
	}
	for i, o := range pl.Opportunities {
		f := fmt.Sprintf("opportunities[%d]", i)
		if strings.TrimSpace(o.Product) == "" {
			p.add(f+".product", Phrase{Key: "field.plan.opportunity_needs_product_or"})
		}
		p.money(f+".value", o.Value)
		checkEnum(p, f+".stage", oppStageSet, o.Stage, true)
	}
	return p.err()
}

// Deal is an opportunity with the account it belongs to, as an import
// reads it before it joins the account's plan.
type Deal struct {
	AccountID ID
	Opportunity
}
