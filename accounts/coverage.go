package accounts

import (
	"sort"
	"strings"
	"time"
)

// Coverage analysis reads the buying centre the way Strategic Selling reads
// its "buying influences": is every role that buys covered by someone we know,
// does each have someone on our side, where does the economic buyer stand,
// and does the whole relationship hang on one person. Each finding says what
// is wrong, why it matters and what to do next, so the map can be read by
// someone who never took the course.

// Stable codes of the coverage findings. Role-specific findings add the role
// code after a colon: "role_uncovered:economic".
const (
	FindingRoleUncovered      = "role_uncovered"
	FindingRoleNoSupporter    = "role_no_supporter"
	FindingEconomicBuyer      = "economic_buyer_attitude"
	FindingNoChampion         = "no_champion"
	FindingNoSupporter        = "no_supporter"
	FindingSingleThreaded     = "single_threaded"
	FindingSingleContactMet   = "single_contact_met"
	FindingInfluentialHostile = "influential_hostile"
	FindingNotMetRecently     = "key_contact_not_met"
	FindingLeftRoleUncovered  = "left_role_uncovered"
)

// Windows of the coverage rules.
const (
	// KeyContactMeetDays: a key contact not met for longer than this is a
	// finding. Three months is about one buying cycle's attention span.
	KeyContactMeetDays = 90
	// MetWindowDays is the window of the "only one contact met" rule.
	MetWindowDays = 180
)

// requiredRoles are the buying roles every account must cover: the economic
// buyer signs, the technical buyer can veto, the user buyer lives with the
// result. Coach, gatekeeper and influencer are helpful but not needed; they
// count as a gap only when a seat for them has been put on the map.
var requiredRoles = []BuyingRole{RoleEconomic, RoleTechnical, RoleUser}

func severityRank(s Severity) int {
	switch s {
	case SeverityCritical:
		return 0
	case SeverityHigh:
		return 1
	case SeverityMedium:
		return 2
	case SeverityLow:
		return 3
	}
	return 4
}

// isKeyContact says whose silence matters: the influential and the people
// who sign or can veto.
func isKeyContact(c *Contact) bool {
	return c.Influence >= InfluentialLevel || c.Role == RoleEconomic || c.Role == RoleTechnical
}

// AnalyzeCoverage reports the gaps in the account's buying centre on the
// given day, most severe first (then by code). Placeholder seats stand for
// people we have not identified, so they never cover a role; a seat's role
// is a gap even when the role is not one every account needs. Each finding
// comes from one rule of coverageRules.
func AnalyzeCoverage(contacts []Contact, visits []Visit, today Date) []Finding {
	f := newCoverageFacts(contacts, visits, today)
	var out []Finding
	for _, rule := range coverageRules {
		for _, h := range rule.find(f) {
			out = append(out, rule.finding(h))
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := severityRank(out[i].Severity), severityRank(out[j].Severity)
		if a != b {
			return a < b
		}
		return out[i].Code < out[j].Code
	})
	return out
}

// sortContacts orders contacts the way every list on the map does: most
// influential first, then by name, then by id so the order is fixed.
func sortContacts(cs []*Contact) {
	sort.SliceStable(cs, func(i, j int) bool { return contactLess(cs[i], cs[j]) })
}

func contactLess(a, b *Contact) bool {
	if a.Influence != b.Influence {
		return a.Influence > b.Influence
	}
	an, bn := a.sortName(), b.sortName()
	if an != bn {
		return an < bn
	}
	return a.ID < b.ID
}

func contactIDs(cs []*Contact) []ID {
	if len(cs) == 0 {
		return nil
	}
	ids := make([]ID, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return ids
}

// names lists the contacts' names for a sentence; the language joins them.
func names(cs []*Contact) []Phrase {
	out := make([]Phrase, len(cs))
	for i, c := range cs {
		out[i] = c.Who()
	}
	return out
}

// LastMet returns, for each contact who attended a visit, the day of the
// latest such visit: the "days since we last met" on each card.
func LastMet(visits []Visit) map[ID]Date {
	out := map[ID]Date{}
	for i := range visits {
		if visits[i].At.IsZero() {
			continue
		}
		d := DateOf(visits[i].At)
		for _, id := range visits[i].ContactIDs {
			if cur, ok := out[id]; !ok || d.After(cur) {
				out[id] = d
			}
		}
	}
	return out
}

// MatrixCell is one of our people's standing with one contact.
type MatrixCell struct {
	Level, Wanted RelationshipLevel
}

// CoverageMatrix is "who knows whom": their key players down, our people
// across. A missing cell means that person has no relationship with that
// contact, which is what the matrix is for spotting.
type CoverageMatrix struct {
	Contacts []ID
	People   []string
	Cells    map[ID]map[string]MatrixCell
}

// BuildCoverageMatrix builds the matrix for the active contacts (seats to fill
// included: an empty row is a gap) with influence of at least minInfluence,
// most influential first, and our people who know any of them, by name.
func BuildCoverageMatrix(contacts []Contact, minInfluence int) CoverageMatrix {
	var rows []*Contact
	for i := range contacts {
		c := &contacts[i]
		if c.Active() && c.Influence >= minInfluence {
			rows = append(rows, c)
		}
	}
	sortContacts(rows)
	m := CoverageMatrix{Contacts: contactIDs(rows), Cells: map[ID]map[string]MatrixCell{}}
	if m.Contacts == nil {
		m.Contacts = []ID{}
	}
	people := map[string]bool{}
	for _, c := range rows {
		for _, r := range c.Relationships {
			p := strings.TrimSpace(r.Person)
			if p == "" {
				continue
			}
			people[p] = true
			row := m.Cells[c.ID]
			if row == nil {
				row = map[string]MatrixCell{}
				m.Cells[c.ID] = row
			}
			// Two entries for one person: keep the stronger, it is the one to build on.
			if old, ok := row[p]; !ok || r.Level.Rank() > old.Level.Rank() {
				row[p] = MatrixCell{Level: r.Level, Wanted: r.Wanted}
			}
		}
	}
	m.People = make([]string, 0, len(people))
	for p := range people {
		m.People = append(m.People, p)
	}
	sort.Slice(m.People, func(i, j int) bool {
		a, b := strings.ToLower(m.People[i]), strings.ToLower(m.People[j])
		if a != b {
			return a < b
		}
		return m.People[i] < m.People[j]
	})
	return m
}

// MoveContact records that a contact left for another account we serve. The
// old record stays at the old account (marked left, pointing at the new one)
// so its history and visits keep their meaning; the new record at the other
// account carries what belongs to the person — name, phone, birthday, style,
// interests, trust and our people's relationships — while what belongs to the
// old job (title, department, reporting line, buying role, influence,
// attitude in the new role) starts afresh. MovedFrom and PreviousRole say
// where they came from. The caller stores both records in one transaction.
func MoveContact(c Contact, toAccount ID, left Date, now time.Time) (leftVersion Contact, newContact Contact) {
	leftVersion = c
	leftVersion.Relationships = append([]Relationship(nil), c.Relationships...)

	n := c
	n.Meta = Meta{ID: NewID(), CreatedAt: now, UpdatedAt: now}
	n.AccountID = toAccount
	n.Placeholder = false
	n.Title, n.Department = "", ""
	n.ReportsTo = ""
	n.Role = ""
	n.Influence = 3
	n.Attitude = ""
	n.Status = StatusActive
	n.LeftOn, n.LeftTo, n.MovedTo = Date{}, "", ""
	n.Relationships = append([]Relationship(nil), c.Relationships...)
	n.MovedFrom = c.ID
	from := c.Title
	if c.Role != "" {
		if from != "" {
			from += ", "
		}
		from += recordRoleNames[c.Role]
	}
	n.PreviousRole = from

	leftVersion.Status = StatusLeft
	leftVersion.LeftOn = left
	leftVersion.MovedTo = n.ID
	leftVersion.UpdatedAt = now
	return leftVersion, n
}
