package accounts

import (
	"fmt"
	"net/mail"
	"strings"
)

// Contact is a person at the account and the part they play in buying:
// their role, influence, attitude to us, trust, communication style and what
// they want personally. A Placeholder contact is a seat for a role we know
// exists but whose person we have not identified yet ("CFO — unknown").
type Contact struct {
	Meta
	AccountID ID `json:"account_id"`

	Placeholder bool   `json:"placeholder,omitempty"`
	Name        string `json:"name"`
	Title       string `json:"title,omitempty"`
	Department  string `json:"department,omitempty"`
	ReportsTo   ID     `json:"reports_to,omitempty"`
	Phone       string `json:"phone,omitempty"`
	Email       string `json:"email,omitempty"`
	MessagingID string `json:"messaging_id,omitempty"` // WeChat, WhatsApp…
	Birthday    Date   `json:"birthday"`

	Role      BuyingRole `json:"role,omitempty"`
	Influence int        `json:"influence"` // 1 (little) … 5 (decides)
	Attitude  Attitude   `json:"attitude,omitempty"`
	Trust     Trust      `json:"trust,omitempty"`
	Style     Style      `json:"style,omitempty"`

	PersonalInterests string `json:"personal_interests,omitempty"`
	PersonalWins      string `json:"personal_wins,omitempty"` // 决策人员个人的特殊需求
	// PrivateRemarks are sensitive (personality, family): bundles and
	// documents leave them out unless the user asks for them.
	PrivateRemarks string `json:"private_remarks,omitempty"`

	Status  ContactStatus `json:"status"`
	LeftOn  Date          `json:"left_on"`
	LeftTo  string        `json:"left_to,omitempty"`  // where they went, as told
	MovedTo ID            `json:"moved_to,omitempty"` // the contact record at the account they moved to
	// MovedFrom links a contact back to their record at a previous account,
	// so the relationship history follows the person; PreviousRole says what
	// they were there ("CFO, Economic buyer").
	MovedFrom    ID     `json:"moved_from,omitempty"`
	PreviousRole string `json:"previous_role,omitempty"`

	// Relationships says which of our people know this contact and how well.
	Relationships []Relationship `json:"relationships,omitempty"`
}

// Relationship is one of our people's standing with a contact, now and the
// level we want to reach.
type Relationship struct {
	Person string            `json:"person"`
	Level  RelationshipLevel `json:"level"`
	Wanted RelationshipLevel `json:"wanted,omitempty"`
}

// Active reports whether the contact still works at the account.
func (c *Contact) Active() bool { return c.Status != StatusLeft }

// Who names the contact for a sentence: the name, or for a seat still to
// fill its title (else its role) marked as unknown.
func (c *Contact) Who() Phrase {
	if c.Placeholder && strings.TrimSpace(c.Name) == "" {
		var seat any = c.Title
		if c.Title == "" {
			seat = c.Role.Label()
		}
		return Say("contact.who_seat", "Seat", seat)
	}
	return Say("contact.who", "Name", c.Name)
}

// sortName is what lists sort a contact by: the name, or for a seat the
// title, else its role's English name, so the order does not depend on the
// language shown.
func (c *Contact) sortName() string {
	if c.Placeholder && strings.TrimSpace(c.Name) == "" {
		t := c.Title
		if t == "" {
			t = recordRoleNames[c.Role]
		}
		return t + " — unknown"
	}
	return c.Name
}

// recordRoleNames are the English role names Keycard writes into records
// that keep them as written (PreviousRole of a moved contact) and sorts
// seats by. They are data, not interface text; a test in package locale
// checks they match the English labels.
var recordRoleNames = map[BuyingRole]string{
	RoleEconomic:   "Economic buyer",
	RoleTechnical:  "Technical buyer",
	RoleUser:       "User buyer",
	RoleCoach:      "Coach",
	RoleGatekeeper: "Gatekeeper",
	RoleInfluencer: "Influencer",
}

// RecordRoleName is the role's name as records store it (see
// recordRoleNames).
func RecordRoleName(r BuyingRole) string { return recordRoleNames[r] }

// Normalize trims text fields and fills defaults.
func (c *Contact) Normalize() {
	for _, s := range []*string{&c.Name, &c.Title, &c.Department, &c.Phone, &c.Email, &c.MessagingID, &c.LeftTo} {
		*s = strings.TrimSpace(*s)
	}
	if c.Status == "" {
		c.Status = StatusActive
	}
	if c.Trust == "" {
		c.Trust = TrustUnknown
	}
}

// Validate reports every bad field of the contact. Reporting cycles need the
// account's other contacts; see ValidateReporting.
func (c *Contact) Validate() error {
	p := &problems{entity: "contact"}
	if c.AccountID == "" {
		p.add("account_id", Phrase{Key: "field.contact.contact_belong_account"})
	}
	if strings.TrimSpace(c.Name) == "" && !c.Placeholder {
		p.add("name", Phrase{Key: "field.contact.contact_needs_name_or"})
	}
	if c.Placeholder && c.Role == "" && strings.TrimSpace(c.Title) == "" {
		p.add("role", Phrase{Key: "field.contact.seat_fill_needs_role"})
	}
	if c.ReportsTo != "" && c.ReportsTo == c.ID {
		p.add("reports_to", Phrase{Key: "field.contact.contact_cannot_report_themself"})
	}
	if c.Influence < 1 || c.Influence > 5 {
		p.add("influence", Phrase{Key: "field.contact.influence_between_and"})
	}
	checkEnum(p, "role", roleSet, c.Role, false)
	checkEnum(p, "attitude", attitudeSet, c.Attitude, false)
	checkEnum(p, "trust", trustSet, c.Trust, false)
	checkEnum(p, "style", styleSet, c.Style, false)
	checkEnum(p, "status", contactStatusSet, c.Status, false)
	if c.Email != "" {
		if _, err := mail.ParseAddress(c.Email); err != nil || !strings.Contains(c.Email, "@") {
			p.add("email", Phrase{Key: "field.contact.email_address_not_valid"})
		}
	}
	if c.Status != StatusLeft && (!c.LeftOn.IsZero() || c.MovedTo != "") {
		p.add("status", Phrase{Key: "field.contact.leaving_date_or_new"})
	}
	for i, r := range c.Relationships {
		f := fmt.Sprintf("relationships[%d]", i)
		if strings.TrimSpace(r.Person) == "" {
			p.add(f+".person", Phrase{Key: "field.contact.which_our_people_has"})
		}
		checkEnum(p, f+".level", levelSet, r.Level, true)
		checkEnum(p, f+".wanted", levelSet, r.Wanted, false)
	}
	return p.err()
}

// ValidateReporting checks the reporting lines of one account's contacts: each
// ReportsTo must name a contact of the same account and no line may form a
// cycle. It returns the problems of the first contact found in a cycle.
func ValidateReporting(contacts []Contact) error {
	byID := make(map[ID]*Contact, len(contacts))
	for i := range contacts {
		byID[contacts[i].ID] = &contacts[i]
	}
	for i := range contacts {
		c := &contacts[i]
		if c.ReportsTo == "" {
			continue
		}
		p := &problems{entity: "contact"}
		if c.ReportsTo == c.ID {
			p.add("reports_to", Phrase{Key: "field.contact.contact_cannot_report_themself"})
			return p.err()
		}
		if _, ok := byID[c.ReportsTo]; !ok {
			p.add("reports_to", Say("field.contact.reports_outside", "Name", c.Name))
			return p.err()
		}
		seen := map[ID]bool{c.ID: true}
		for cur := byID[c.ReportsTo]; cur != nil && cur.ReportsTo != ""; cur = byID[cur.ReportsTo] {
			if seen[cur.ID] || cur.ReportsTo == c.ID {
				p.add("reports_to", Say("field.contact.reports_circle", "Name", c.Name))
				return p.err()
			}
			seen[cur.ID] = true
		}
	}
	return nil
}

// InfluenceLink is an informal line of influence between two contacts,
// besides the reporting line: "the CFO listens to the plant manager".
type InfluenceLink struct {
	Meta
	AccountID ID     `json:"account_id"`
	From      ID     `json:"from"`     // who influences
	To        ID     `json:"to"`       // whom
	Strength  int    `json:"strength"` // 1 weak … 3 strong
	Note      string `json:"note,omitempty"`
}

// Validate reports every bad field of the link.
func (l *InfluenceLink) Validate() error {
	p := &problems{entity: "influence_link"}
	if l.AccountID == "" {
		p.add("account_id", Phrase{Key: "field.contact.link_belong_account"})
	}
	if l.From == "" || l.To == "" {
		p.add("to", Phrase{Key: "field.contact.choose_both_people_link"})
	} else if l.From == l.To {
		p.add("to", Phrase{Key: "field.contact.person_cannot_influence_themself"})
	}
	if l.Strength < 1 || l.Strength > 3 {
		p.add("strength", Phrase{Key: "field.contact.strength_or"})
	}
	return p.err()
}

// Point is a position on the decision-maker map, in map units.
type Point struct {
	X float32 `json:"x"`
	Y float32 `json:"y"`
}

// MapLayout holds where the user placed each contact card on an account's
// map. It is kept apart from the contacts so that dragging a card does not
// bump the contact's version and conflict with an edit.
type MapLayout struct {
	AccountID ID           `json:"account_id"`
	Positions map[ID]Point `json:"positions"`
	UpdatedAt Date         `json:"updated_at"`
}
