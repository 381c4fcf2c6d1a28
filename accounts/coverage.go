package accounts

import (
	"fmt"
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
// is a gap even when the role is not one every account needs.
func AnalyzeCoverage(contacts []Contact, visits []Visit, today Date) []Finding {
	var out []Finding
	add := func(code string, sev Severity, what, why, action Text, ids []ID) {
		out = append(out, Finding{Code: code, Severity: sev, What: what, Why: why, Action: action, ContactIDs: ids})
	}

	var active []*Contact
	byRole := map[BuyingRole][]*Contact{} // active, real people
	seats := map[BuyingRole][]*Contact{}
	leftByRole := map[BuyingRole][]*Contact{}
	for i := range contacts {
		c := &contacts[i]
		switch {
		case !c.Active():
			if c.Role != "" && !c.Placeholder {
				leftByRole[c.Role] = append(leftByRole[c.Role], c)
			}
		case c.Placeholder:
			if c.Role != "" {
				seats[c.Role] = append(seats[c.Role], c)
			}
		default:
			active = append(active, c)
			if c.Role != "" {
				byRole[c.Role] = append(byRole[c.Role], c)
			}
		}
	}
	sortContacts(active)
	for _, m := range []map[BuyingRole][]*Contact{byRole, seats, leftByRole} {
		for _, cs := range m {
			sortContacts(cs)
		}
	}

	// Roles without anyone, and roles whose holder left.
	for _, role := range BuyingRoles() {
		if len(byRole[role]) > 0 {
			continue
		}
		required := false
		for _, r := range requiredRoles {
			required = required || r == role
		}
		label := role.Label()
		if left := leftByRole[role]; len(left) > 0 {
			sev := SeverityMedium
			if role == RoleEconomic {
				sev = SeverityCritical
			}
			ids := append(contactIDs(left), contactIDs(seats[role])...)
			add(FindingLeftRoleUncovered+":"+string(role), sev,
				Text{fmt.Sprintf("%s left the company and no one holds the role of %s now", joinNames(left, "en"), strings.ToLower(label.En)),
					fmt.Sprintf("%s 已离职，目前无人担任%s", joinNames(left, "zh"), label.Zh)},
				Text{"The successor forms their own view of suppliers, often in the first months; if we do not reach them, a competitor will.",
					"继任者通常在上任头几个月形成对供应商的看法；我们不去接触，竞争对手就会去。"},
				Text{"Find out who took over, ask a supporter for an introduction and add them to the map; stay in touch with the person who left, who may buy again elsewhere.",
					"弄清谁接任，请支持者引荐并加入决策图；与离职者保持联系，他可能在新单位再次采购。"},
				ids)
			continue
		}
		if !required && len(seats[role]) == 0 {
			continue
		}
		sev := SeverityMedium
		if role == RoleEconomic {
			sev = SeverityHigh
		}
		what := Text{fmt.Sprintf("No known contact is the %s", strings.ToLower(label.En)), fmt.Sprintf("没有已知的%s", label.Zh)}
		if s := seats[role]; len(s) > 0 {
			what = Text{fmt.Sprintf("The seat %s is still to fill", s[0].DisplayName("en")), fmt.Sprintf("席位“%s”尚未确定人选", s[0].DisplayName("zh"))}
		}
		add(FindingRoleUncovered+":"+string(role), sev, what, roleWhy(role),
			Text{fmt.Sprintf("Ask a supporter who plays the %s and how to meet them; add them to the map.", strings.ToLower(label.En)),
				fmt.Sprintf("请支持者告诉我们谁是%s以及如何接触，并加入决策图。", label.Zh)},
			contactIDs(seats[role]))
	}

	// Roles that have people but no one on our side. The economic buyer has
	// its own finding below.
	for _, role := range BuyingRoles() {
		cs := byRole[role]
		if role == RoleEconomic || len(cs) == 0 {
			continue
		}
		supported := false
		for _, c := range cs {
			supported = supported || c.Attitude.Supportive()
		}
		if supported {
			continue
		}
		label := role.Label()
		add(FindingRoleNoSupporter+":"+string(role), SeverityLow,
			Text{fmt.Sprintf("No %s supports us (%s)", strings.ToLower(label.En), joinNames(cs, "en")),
				fmt.Sprintf("没有支持我们的%s（%s）", label.Zh, joinNames(cs, "zh"))},
			roleWhy(role),
			Text{"Learn what this role needs from us and show it at the next meeting.", "了解该角色对我们的需求，并在下次会面时展示我们能做到。"},
			contactIDs(cs))
	}

	// The economic buyer's attitude.
	if ebs := byRole[RoleEconomic]; len(ebs) > 0 {
		var doubtful []*Contact
		hostile, anySupport := false, false
		for _, c := range ebs {
			if c.Attitude.Supportive() {
				anySupport = true
				continue
			}
			doubtful = append(doubtful, c)
			hostile = hostile || c.Attitude.Hostile()
		}
		if len(doubtful) > 0 {
			sev := SeverityMedium
			if hostile && !anySupport {
				sev = SeverityCritical
			} else if hostile {
				sev = SeverityHigh
			}
			var en, zh []string
			for _, c := range doubtful {
				en = append(en, fmt.Sprintf("%s is %s", c.DisplayName("en"), strings.ToLower(c.Attitude.Label().En)))
				zh = append(zh, fmt.Sprintf("%s 的态度为%s", c.DisplayName("zh"), c.Attitude.Label().Zh))
			}
			add(FindingEconomicBuyer, sev,
				Text{"The economic buyer does not support us: " + strings.Join(en, "; "), "经济决策者不支持我们：" + strings.Join(zh, "；")},
				Text{"The economic buyer releases the money and can overrule everyone else; without their support a renewal or a new deal can fail at the last step.",
					"经济决策者掌握预算并能否决所有人；没有他的支持，续约或新单可能在最后一步失败。"},
				Text{"Meet the economic buyer on their business results, not our product; bring a supporter or our own executive.",
					"围绕其业务成果而非产品与经济决策者会面；可带上支持者或我方高层。"},
				contactIDs(doubtful))
		}
	}

	// A champion, and anyone on our side at all.
	if len(active) > 0 {
		var supporters []*Contact
		champion := false
		for _, c := range active {
			if c.Attitude.Supportive() {
				supporters = append(supporters, c)
			}
			if c.Attitude == AttitudeChampion || (c.Role == RoleCoach && c.Attitude.Supportive()) {
				champion = true
			}
		}
		if len(supporters) == 0 {
			add(FindingNoSupporter, SeverityHigh,
				Text{"No contact at the account supports us", "客户方没有任何联系人支持我们"},
				Text{"Without anyone on our side we hear about problems and competitors last, and no one speaks for us when we are not in the room.",
					"没有人站在我们一边，问题和竞争对手的动向我们最后才知道，我们不在场时也没人替我们说话。"},
				Text{"Pick the most open contact, solve one problem for them and ask for their view of the account.",
					"选择态度最开放的联系人，帮他解决一个问题，并请他谈谈对客户内部的看法。"},
				nil)
		} else if !champion {
			add(FindingNoChampion, SeverityHigh,
				Text{"We have no champion (a contact who sells for us inside the account)", "我们没有拥护者（在客户内部替我们推动的人）"},
				Text{"A champion tells us what is really going on and argues for us in meetings we never see; accounts without one are lost without warning.",
					"拥护者会告诉我们真实情况，并在我们看不到的会议上替我们争取；没有拥护者的客户往往毫无预兆地流失。"},
				Text{"Find the supporter with the most to gain from our success and turn them into a coach: share plans, help them win personally.",
					"找出从我们的成功中获益最多的支持者，培养为教练：共享计划，帮助他取得个人成绩。"},
				contactIDs(supporters))
		}
		if len(supporters) == 1 && len(active) > 1 {
			s := supporters[0]
			add(FindingSingleThreaded, SeverityHigh,
				Text{fmt.Sprintf("Single-threaded: %s is our only supporter", s.DisplayName("en")), fmt.Sprintf("单线联系：%s 是我们唯一的支持者", s.DisplayName("zh"))},
				Text{"If this one person leaves, moves or falls out with us, the whole relationship goes with them.",
					"一旦此人离职、调岗或与我们关系变差，整个客户关系随之中断。"},
				Text{fmt.Sprintf("Ask %s to introduce us to two more people, ideally the economic and technical buyers.", s.DisplayName("en")),
					fmt.Sprintf("请 %s 引荐另外两位联系人，最好是经济决策者和技术把关者。", s.DisplayName("zh"))},
				[]ID{s.ID})
		}
	}

	// Only one person met in the last half year.
	last := LastMet(visits)
	if len(active) > 1 {
		var met []*Contact
		for _, c := range active {
			if d, ok := last[c.ID]; ok && !d.After(today) && d.DaysUntil(today) <= MetWindowDays {
				met = append(met, c)
			}
		}
		if len(met) == 1 {
			m := met[0]
			add(FindingSingleContactMet, SeverityMedium,
				Text{fmt.Sprintf("In the last %d days we met only %s", MetWindowDays, m.DisplayName("en")), fmt.Sprintf("最近 %d 天我们只见过 %s", MetWindowDays, m.DisplayName("zh"))},
				Text{"Everything we know about the account comes through one pair of eyes, and the rest of the buying centre forgets us.",
					"我们对客户的了解全部来自一个人，采购团队其他人会渐渐忘记我们。"},
				Text{"Plan the next visit with at least one other contact from the map.", "下次拜访至少安排见一位决策图上的其他联系人。"},
				[]ID{m.ID})
		}
	}

	// Influential skeptics and opponents.
	{
		var hostile []*Contact
		opponent := false
		for _, c := range active {
			if c.Influence >= InfluentialLevel && c.Attitude.Hostile() {
				hostile = append(hostile, c)
				opponent = opponent || c.Attitude == AttitudeOpponent
			}
		}
		if len(hostile) > 0 {
			sev := SeverityMedium
			if opponent {
				sev = SeverityHigh
			}
			add(FindingInfluentialHostile, sev,
				Text{"Influential contacts against us: " + joinNames(hostile, "en"), "有影响力的反对者或怀疑者：" + joinNames(hostile, "zh")},
				Text{"A skeptic or opponent with influence can stall a decision or steer it to a competitor.",
					"有影响力的怀疑者或反对者可以拖延决定，或把生意引向竞争对手。"},
				Text{"Find out what they fear losing, address it directly, and do not go around them.",
					"弄清他们担心失去什么，正面回应，不要绕开他们。"},
				contactIDs(hostile))
		}
	}

	// Key contacts not met recently.
	{
		var stale []*Contact
		var en, zh []string
		for _, c := range active {
			if !isKeyContact(c) {
				continue
			}
			d, ok := last[c.ID]
			if ok && d.After(today) {
				ok = false // a meeting in the future has not happened yet
			}
			switch {
			case !ok:
				stale = append(stale, c)
				en = append(en, c.DisplayName("en")+" (never)")
				zh = append(zh, c.DisplayName("zh")+"（从未见过）")
			case d.DaysUntil(today) > KeyContactMeetDays:
				stale = append(stale, c)
				n := d.DaysUntil(today)
				en = append(en, fmt.Sprintf("%s (%d days)", c.DisplayName("en"), n))
				zh = append(zh, fmt.Sprintf("%s（%d 天）", c.DisplayName("zh"), n))
			}
		}
		if len(stale) > 0 {
			add(FindingNotMetRecently, SeverityMedium,
				Text{fmt.Sprintf("Key contacts not met for more than %d days: %s", KeyContactMeetDays, strings.Join(en, ", ")),
					fmt.Sprintf("超过 %d 天未见的关键联系人：%s", KeyContactMeetDays, strings.Join(zh, "、"))},
				Text{"Relationships with decision makers fade without contact, and changes in their plans reach us too late.",
					"与决策者的关系不联系就会变淡，他们计划的变化我们也会知道得太晚。"},
				Text{"Book a meeting with each of them within the next month, with a reason that matters to them.",
					"一个月内与他们逐一约见，并准备对他们有价值的话题。"},
				contactIDs(stale))
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

func roleWhy(role BuyingRole) Text {
	switch role {
	case RoleEconomic:
		return Text{"The economic buyer gives the final yes and releases the budget; a deal they have not seen can be stopped at any time.",
			"经济决策者做最终决定并批准预算；他没有参与的交易随时可能被叫停。"}
	case RoleTechnical:
		return Text{"The technical buyer judges whether we meet the specification and can screen us out.",
			"技术把关者判断我们是否符合要求，可以把我们排除在外。"}
	case RoleUser:
		return Text{"User buyers live with what we deliver; their complaints or praise decide renewals.",
			"使用者每天使用我们的产品，他们的抱怨或认可决定是否续约。"}
	case RoleCoach:
		return Text{"A coach guides us through the account and warns us early.", "教练为我们指路，并提前预警。"}
	case RoleGatekeeper:
		return Text{"The gatekeeper controls access to the people who decide.", "守门人控制着我们接触决策者的渠道。"}
	}
	return Text{"Influencers shape the opinion of those who decide.", "影响者左右决策者的看法。"}
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
	an, bn := a.DisplayName("en"), b.DisplayName("en")
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

func joinNames(cs []*Contact, lang string) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.DisplayName(lang)
	}
	if strings.HasPrefix(lang, "zh") {
		return strings.Join(names, "、")
	}
	return strings.Join(names, ", ")
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
		from += c.Role.Label().En
	}
	n.PreviousRole = from

	leftVersion.Status = StatusLeft
	leftVersion.LeftOn = left
	leftVersion.MovedTo = n.ID
	leftVersion.UpdatedAt = now
	return leftVersion, n
}
