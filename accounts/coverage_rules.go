package accounts

// The coverage findings as a table: each rule has its stable code and the
// function that reads the buying centre and returns what it found, with the
// severity, the contacts concerned and the evidence. A rule's sentences live
// in the translation files under "coverage.<code>.what" (the finding),
// ".why" (why it matters) and ".action" (what to do next); role rules take
// their "why" from "coverage.role_why.<role>".

// coverageHit is one finding of a rule. Role, when set, is appended to the
// code ("role_uncovered:economic") and picks the role's "why". Variant picks
// another "what" sentence ("coverage.<code>.what_<variant>").
type coverageHit struct {
	Severity Severity
	Role     BuyingRole
	Variant  string
	Args     []any // name/value pairs, shown by what, why and action alike
	IDs      []ID
}

// coverageRule is one kind of finding.
type coverageRule struct {
	Code     string
	roleWhy  bool     // "why" depends on the role
	variants []string // the other "what" sentences find may choose
	find     func(*coverageFacts) []coverageHit
}

// keys lists every translation key of the rule.
func (r coverageRule) keys() []string {
	key := "coverage." + r.Code
	out := []string{key + ".what", key + ".action"}
	if !r.roleWhy {
		out = append(out, key+".why")
	}
	for _, v := range r.variants {
		out = append(out, key+".what_"+v)
	}
	return out
}

func (r coverageRule) finding(h coverageHit) Finding {
	code, key := r.Code, "coverage."+r.Code
	what := key + ".what"
	if h.Variant != "" {
		what += "_" + h.Variant
	}
	why := Say(key+".why", h.Args...)
	if h.Role != "" {
		code += ":" + string(h.Role)
		if r.roleWhy {
			why = Phrase{Key: "coverage.role_why." + string(h.Role)}
		}
	}
	return Finding{Code: code, Severity: h.Severity, What: Say(what, h.Args...), Why: why,
		Action: Say(key+".action", h.Args...), ContactIDs: h.IDs}
}

// coverageRules are the findings in the order they are looked for; the
// result is sorted by severity and code, so the order here is for readers.
var coverageRules = []coverageRule{
	{Code: FindingLeftRoleUncovered, find: leftRoleUncovered},
	{Code: FindingRoleUncovered, roleWhy: true, variants: []string{"seat"}, find: roleUncovered},
	{Code: FindingRoleNoSupporter, roleWhy: true, find: roleNoSupporter},
	{Code: FindingEconomicBuyer, find: economicBuyerAttitude},
	{Code: FindingNoSupporter, find: noSupporter},
	{Code: FindingNoChampion, find: noChampion},
	{Code: FindingSingleThreaded, find: singleThreaded},
	{Code: FindingSingleContactMet, find: singleContactMet},
	{Code: FindingInfluentialHostile, find: influentialHostile},
	{Code: FindingNotMetRecently, find: keyContactsNotMet},
}

// coverageFacts is the buying centre sorted once for all rules: the active
// real people, by role, the seats still to fill and the people who left.
type coverageFacts struct {
	today      Date
	active     []*Contact
	byRole     map[BuyingRole][]*Contact // active, real people
	seats      map[BuyingRole][]*Contact
	leftByRole map[BuyingRole][]*Contact
	supporters []*Contact
	last       map[ID]Date
}

func newCoverageFacts(contacts []Contact, visits []Visit, today Date) *coverageFacts {
	f := &coverageFacts{today: today, byRole: map[BuyingRole][]*Contact{}, seats: map[BuyingRole][]*Contact{},
		leftByRole: map[BuyingRole][]*Contact{}, last: LastMet(visits)}
	for i := range contacts {
		c := &contacts[i]
		switch {
		case !c.Active():
			if c.Role != "" && !c.Placeholder {
				f.leftByRole[c.Role] = append(f.leftByRole[c.Role], c)
			}
		case c.Placeholder:
			if c.Role != "" {
				f.seats[c.Role] = append(f.seats[c.Role], c)
			}
		default:
			f.active = append(f.active, c)
			if c.Role != "" {
				f.byRole[c.Role] = append(f.byRole[c.Role], c)
			}
		}
	}
	sortContacts(f.active)
	for _, m := range []map[BuyingRole][]*Contact{f.byRole, f.seats, f.leftByRole} {
		for _, cs := range m {
			sortContacts(cs)
		}
	}
	for _, c := range f.active {
		if c.Attitude.Supportive() {
			f.supporters = append(f.supporters, c)
		}
	}
	return f
}

// leftRoleUncovered: a role's holder left and no one holds it now.
func leftRoleUncovered(f *coverageFacts) []coverageHit {
	var out []coverageHit
	for _, role := range BuyingRoles() {
		left := f.leftByRole[role]
		if len(f.byRole[role]) > 0 || len(left) == 0 {
			continue
		}
		sev := SeverityMedium
		if role == RoleEconomic {
			sev = SeverityCritical
		}
		out = append(out, coverageHit{Severity: sev, Role: role, Args: []any{"Names", names(left), "Role", role.Label()},
			IDs: append(contactIDs(left), contactIDs(f.seats[role])...)})
	}
	return out
}

// roleUncovered: a required role, or a role with a seat on the map, that no
// one we know plays (and no holder left: that is the rule above).
func roleUncovered(f *coverageFacts) []coverageHit {
	var out []coverageHit
	for _, role := range BuyingRoles() {
		if len(f.byRole[role]) > 0 || len(f.leftByRole[role]) > 0 {
			continue
		}
		seats := f.seats[role]
		if !isRequired(role) && len(seats) == 0 {
			continue
		}
		sev := SeverityMedium
		if role == RoleEconomic {
			sev = SeverityHigh
		}
		h := coverageHit{Severity: sev, Role: role, Args: []any{"Role", role.Label()}, IDs: contactIDs(seats)}
		if len(seats) > 0 {
			h.Variant = "seat"
			h.Args = append(h.Args, "Seat", seats[0].Who())
		}
		out = append(out, h)
	}
	return out
}

func isRequired(role BuyingRole) bool {
	for _, r := range requiredRoles {
		if r == role {
			return true
		}
	}
	return false
}

// roleNoSupporter: a role has people but no one on our side. The economic
// buyer has its own rule.
func roleNoSupporter(f *coverageFacts) []coverageHit {
	var out []coverageHit
	for _, role := range BuyingRoles() {
		cs := f.byRole[role]
		if role == RoleEconomic || len(cs) == 0 || anySupportive(cs) {
			continue
		}
		out = append(out, coverageHit{Severity: SeverityLow, Role: role, Args: []any{"Role", role.Label(), "Names", names(cs)}, IDs: contactIDs(cs)})
	}
	return out
}

func anySupportive(cs []*Contact) bool {
	for _, c := range cs {
		if c.Attitude.Supportive() {
			return true
		}
	}
	return false
}

// economicBuyerAttitude: an economic buyer is not on our side; critical when
// one is hostile and none supports us.
func economicBuyerAttitude(f *coverageFacts) []coverageHit {
	var doubtful []*Contact
	var items []Phrase
	hostile, anySupport := false, false
	for _, c := range f.byRole[RoleEconomic] {
		if c.Attitude.Supportive() {
			anySupport = true
			continue
		}
		doubtful = append(doubtful, c)
		hostile = hostile || c.Attitude.Hostile()
		items = append(items, Say("coverage.economic_buyer_attitude.item", "Name", c.Who(), "Attitude", c.Attitude.Label()))
	}
	if len(doubtful) == 0 {
		return nil
	}
	sev := SeverityMedium
	if hostile && !anySupport {
		sev = SeverityCritical
	} else if hostile {
		sev = SeverityHigh
	}
	return []coverageHit{{Severity: sev, Args: []any{"Items", items}, IDs: contactIDs(doubtful)}}
}

// noSupporter: no one at the account is on our side.
func noSupporter(f *coverageFacts) []coverageHit {
	if len(f.active) == 0 || len(f.supporters) > 0 {
		return nil
	}
	return []coverageHit{{Severity: SeverityHigh}}
}

// noChampion: supporters, but no one who sells for us inside.
func noChampion(f *coverageFacts) []coverageHit {
	if len(f.supporters) == 0 {
		return nil
	}
	for _, c := range f.active {
		if c.Attitude == AttitudeChampion || (c.Role == RoleCoach && c.Attitude.Supportive()) {
			return nil
		}
	}
	return []coverageHit{{Severity: SeverityHigh, IDs: contactIDs(f.supporters)}}
}

// singleThreaded: the whole relationship hangs on one supporter.
func singleThreaded(f *coverageFacts) []coverageHit {
	if len(f.supporters) != 1 || len(f.active) < 2 {
		return nil
	}
	s := f.supporters[0]
	return []coverageHit{{Severity: SeverityHigh, Args: []any{"Name", s.Who()}, IDs: []ID{s.ID}}}
}

// singleContactMet: only one person met in the last half year.
func singleContactMet(f *coverageFacts) []coverageHit {
	if len(f.active) < 2 {
		return nil
	}
	var met []*Contact
	for _, c := range f.active {
		if d, ok := f.last[c.ID]; ok && !d.After(f.today) && d.DaysUntil(f.today) <= MetWindowDays {
			met = append(met, c)
		}
	}
	if len(met) != 1 {
		return nil
	}
	return []coverageHit{{Severity: SeverityMedium, Args: []any{"Days", MetWindowDays, "Name", met[0].Who()}, IDs: []ID{met[0].ID}}}
}

// influentialHostile: influential skeptics and opponents.
func influentialHostile(f *coverageFacts) []coverageHit {
	var hostile []*Contact
	opponent := false
	for _, c := range f.active {
		if c.Influence >= InfluentialLevel && c.Attitude.Hostile() {
			hostile = append(hostile, c)
			opponent = opponent || c.Attitude == AttitudeOpponent
		}
	}
	if len(hostile) == 0 {
		return nil
	}
	sev := SeverityMedium
	if opponent {
		sev = SeverityHigh
	}
	return []coverageHit{{Severity: sev, Args: []any{"Names", names(hostile)}, IDs: contactIDs(hostile)}}
}

// keyContactsNotMet: key contacts never met, or not for longer than the
// window. A meeting in the future has not happened yet.
func keyContactsNotMet(f *coverageFacts) []coverageHit {
	var stale []*Contact
	var items []Phrase
	for _, c := range f.active {
		if !isKeyContact(c) {
			continue
		}
		d, ok := f.last[c.ID]
		if ok && d.After(f.today) {
			ok = false
		}
		switch {
		case !ok:
			stale = append(stale, c)
			items = append(items, Say("coverage.key_contact_not_met.never", "Name", c.Who()))
		case d.DaysUntil(f.today) > KeyContactMeetDays:
			stale = append(stale, c)
			items = append(items, Say("coverage.key_contact_not_met.days", "Name", c.Who(), "Days", d.DaysUntil(f.today)))
		}
	}
	if len(stale) == 0 {
		return nil
	}
	return []coverageHit{{Severity: SeverityMedium, Args: []any{"Days", KeyContactMeetDays, "Items", items}, IDs: contactIDs(stale)}}
}
