package accounts

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

var covToday = NewDate(2026, 11, 23)

func person(id string, role BuyingRole, infl int, att Attitude) Contact {
	return Contact{Meta: Meta{ID: ID(id)}, AccountID: "acc", Name: strings.ToUpper(id[:1]) + id[1:], Role: role, Influence: infl, Attitude: att, Status: StatusActive}
}

func metAgo(days int, ids ...string) Visit {
	v := Visit{At: covToday.AddDays(-days).Time().Add(10 * time.Hour), Kind: KindOnSite}
	for _, id := range ids {
		v.ContactIDs = append(v.ContactIDs, ID(id))
	}
	return v
}

// healthyMap is a buying centre with no finding: every required role held by
// a supporter, a champion, all key people met recently.
func healthyMap() ([]Contact, []Visit) {
	cs := []Contact{
		person("eb", RoleEconomic, 5, AttitudeSupporter),
		person("tb", RoleTechnical, 4, AttitudeChampion),
		person("ub", RoleUser, 3, AttitudeSupporter),
	}
	vs := []Visit{metAgo(10, "eb", "tb"), metAgo(20, "ub")}
	return cs, vs
}

func findingCodes(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

func findCode(fs []Finding, code string) (Finding, bool) {
	for _, f := range fs {
		if f.Code == code {
			return f, true
		}
	}
	return Finding{}, false
}

func TestHealthyMapHasNoFindings(t *testing.T) {
	cs, vs := healthyMap()
	if fs := AnalyzeCoverage(cs, vs, covToday); len(fs) != 0 {
		t.Fatalf("findings on a healthy map: %v", findingCodes(fs))
	}
}

func TestCoverageRules(t *testing.T) {
	set := func(id string, f func(c *Contact)) func([]Contact, []Visit) ([]Contact, []Visit) {
		return func(cs []Contact, vs []Visit) ([]Contact, []Visit) {
			for i := range cs {
				if cs[i].ID == ID(id) {
					f(&cs[i])
				}
			}
			return cs, vs
		}
	}
	cases := []struct {
		name     string
		change   func([]Contact, []Visit) ([]Contact, []Visit)
		code     string
		fires    bool
		severity Severity
		ids      []ID
		what     string
	}{
		{"no economic buyer", func(cs []Contact, vs []Visit) ([]Contact, []Visit) { return cs[1:], vs },
			"role_uncovered:economic", true, SeverityHigh, nil, "No known contact is the economic buyer"},
		{"no user buyer", func(cs []Contact, vs []Visit) ([]Contact, []Visit) { return cs[:2], vs },
			"role_uncovered:user", true, SeverityMedium, nil, "user buyer"},
		{"a seat does not cover its role", func(cs []Contact, vs []Visit) ([]Contact, []Visit) {
			seat := Contact{Meta: Meta{ID: "seat"}, Placeholder: true, Title: "CFO", Role: RoleEconomic, Influence: 5, Status: StatusActive}
			return append(cs[1:], seat), vs
		}, "role_uncovered:economic", true, SeverityHigh, []ID{"seat"}, "The seat CFO — unknown is still to fill"},
		{"a seat for an optional role is a gap", func(cs []Contact, vs []Visit) ([]Contact, []Visit) {
			seat := Contact{Meta: Meta{ID: "seat"}, Placeholder: true, Role: RoleGatekeeper, Influence: 2, Status: StatusActive}
			return append(cs, seat), vs
		}, "role_uncovered:gatekeeper", true, SeverityMedium, []ID{"seat"}, "Gatekeeper — unknown"},
		{"an optional role without a seat is no gap", func(cs []Contact, vs []Visit) ([]Contact, []Visit) { return cs, vs },
			"role_uncovered:gatekeeper", false, "", nil, ""},
		{"technical buyer not a supporter", set("tb", func(c *Contact) { c.Attitude = AttitudeNeutral }),
			"role_no_supporter:technical", true, SeverityLow, []ID{"tb"}, "No technical buyer supports us (Tb)"},
		{"economic buyer neutral", set("eb", func(c *Contact) { c.Attitude = AttitudeNeutral }),
			FindingEconomicBuyer, true, SeverityMedium, []ID{"eb"}, "Eb is neutral"},
		{"economic buyer attitude unknown", set("eb", func(c *Contact) { c.Attitude = "" }),
			FindingEconomicBuyer, true, SeverityMedium, []ID{"eb"}, ""},
		{"economic buyer opponent", set("eb", func(c *Contact) { c.Attitude = AttitudeOpponent }),
			FindingEconomicBuyer, true, SeverityCritical, []ID{"eb"}, "Eb is opponent"},
		{"economic buyer supporter", set("eb", func(c *Contact) {}), FindingEconomicBuyer, false, "", nil, ""},
		{"no champion", set("tb", func(c *Contact) { c.Attitude = AttitudeSupporter }),
			FindingNoChampion, true, SeverityHigh, []ID{"eb", "tb", "ub"}, "no champion"},
		{"a supportive coach is a champion", func(cs []Contact, vs []Visit) ([]Contact, []Visit) {
			cs[1].Attitude = AttitudeSupporter
			return append(cs, person("coach", RoleCoach, 2, AttitudeSupporter)), append(vs, metAgo(5, "coach"))
		}, FindingNoChampion, false, "", nil, ""},
		{"nobody supports us", func(cs []Contact, vs []Visit) ([]Contact, []Visit) {
			for i := range cs {
				cs[i].Attitude = AttitudeNeutral
			}
			return cs, vs
		}, FindingNoSupporter, true, SeverityHigh, nil, "No contact at the account supports us"},
		{"single-threaded on one supporter", func(cs []Contact, vs []Visit) ([]Contact, []Visit) {
			cs[0].Attitude, cs[2].Attitude = AttitudeNeutral, AttitudeSkeptic
			return cs, vs
		}, FindingSingleThreaded, true, SeverityHigh, []ID{"tb"}, "Tb is our only supporter"},
		{"two supporters are not single-threaded", func(cs []Contact, vs []Visit) ([]Contact, []Visit) {
			cs[2].Attitude = AttitudeSkeptic
			return cs, vs
		}, FindingSingleThreaded, false, "", nil, ""},
		{"only one contact met in 180 days", func(cs []Contact, vs []Visit) ([]Contact, []Visit) {
			return cs, []Visit{metAgo(10, "ub"), metAgo(181, "eb", "tb")}
		}, FindingSingleContactMet, true, SeverityMedium, []ID{"ub"}, "In the last 180 days we met only Ub"},
		{"a second contact met 180 days ago counts", func(cs []Contact, vs []Visit) ([]Contact, []Visit) {
			return cs, []Visit{metAgo(10, "ub"), metAgo(180, "eb")}
		}, FindingSingleContactMet, false, "", nil, ""},
		{"influential skeptic", func(cs []Contact, vs []Visit) ([]Contact, []Visit) {
			return append(cs, person("sk", RoleInfluencer, 4, AttitudeSkeptic)), append(vs, metAgo(3, "sk"))
		}, FindingInfluentialHostile, true, SeverityMedium, []ID{"sk"}, "Sk"},
		{"influential opponent", func(cs []Contact, vs []Visit) ([]Contact, []Visit) {
			return append(cs, person("op", RoleInfluencer, 5, AttitudeOpponent)), append(vs, metAgo(3, "op"))
		}, FindingInfluentialHostile, true, SeverityHigh, []ID{"op"}, ""},
		{"an opponent of influence 3 is not listed", func(cs []Contact, vs []Visit) ([]Contact, []Visit) {
			return append(cs, person("op", RoleInfluencer, 3, AttitudeOpponent)), vs
		}, FindingInfluentialHostile, false, "", nil, ""},
		{"key contact met 91 days ago", func(cs []Contact, vs []Visit) ([]Contact, []Visit) {
			return cs, []Visit{metAgo(91, "eb"), metAgo(90, "tb"), metAgo(10, "ub")}
		}, FindingNotMetRecently, true, SeverityMedium, []ID{"eb"}, "Eb (91 days)"},
		{"key contact never met", func(cs []Contact, vs []Visit) ([]Contact, []Visit) {
			return cs, []Visit{metAgo(10, "tb", "ub")}
		}, FindingNotMetRecently, true, SeverityMedium, []ID{"eb"}, "Eb (never)"},
		{"a planned visit is not a meeting", func(cs []Contact, vs []Visit) ([]Contact, []Visit) {
			return cs, []Visit{metAgo(-5, "eb"), metAgo(10, "tb", "ub")}
		}, FindingNotMetRecently, true, SeverityMedium, []ID{"eb"}, "Eb (never)"},
		{"a user buyer of influence 3 is not key", func(cs []Contact, vs []Visit) ([]Contact, []Visit) {
			return cs, []Visit{metAgo(10, "eb", "tb")}
		}, FindingNotMetRecently, false, "", nil, ""},
		{"economic buyer left, role uncovered", func(cs []Contact, vs []Visit) ([]Contact, []Visit) {
			cs[0].Status, cs[0].LeftOn = StatusLeft, covToday.AddDays(-20)
			return cs, vs
		}, "left_role_uncovered:economic", true, SeverityCritical, []ID{"eb"}, "Eb left the company and no one holds the role of economic buyer now"},
		{"economic buyer left, successor known", func(cs []Contact, vs []Visit) ([]Contact, []Visit) {
			cs[0].Status, cs[0].LeftOn = StatusLeft, covToday.AddDays(-20)
			return append(cs, person("eb2", RoleEconomic, 5, AttitudeSupporter)), append(vs, metAgo(2, "eb2"))
		}, "left_role_uncovered:economic", false, "", nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cs, vs := healthyMap()
			cs, vs = tc.change(cs, vs)
			fs := AnalyzeCoverage(cs, vs, covToday)
			f, ok := findCode(fs, tc.code)
			if ok != tc.fires {
				t.Fatalf("%s fired = %v, want %v; findings %v", tc.code, ok, tc.fires, findingCodes(fs))
			}
			if !ok {
				return
			}
			if f.Severity != tc.severity {
				t.Errorf("severity %s, want %s", f.Severity, tc.severity)
			}
			if !reflect.DeepEqual(f.ContactIDs, tc.ids) {
				t.Errorf("contacts %v, want %v", f.ContactIDs, tc.ids)
			}
			if !strings.Contains(en(f.What), tc.what) {
				t.Errorf("what %q lacks %q", en(f.What), tc.what)
			}
			for _, txt := range []Phrase{f.What, f.Why, f.Action} {
				if en(txt) == "" || zh(txt) == "" {
					t.Errorf("missing text in %+v", f)
				}
			}
		})
	}
}

func TestLeftRoleReplacesGenericGap(t *testing.T) {
	cs, vs := healthyMap()
	cs[0].Status = StatusLeft
	fs := AnalyzeCoverage(cs, vs, covToday)
	if _, ok := findCode(fs, "role_uncovered:economic"); ok {
		t.Errorf("the generic gap is reported besides the departure: %v", findingCodes(fs))
	}
}

func TestFindingsSortedBySeverityThenCode(t *testing.T) {
	cs := []Contact{
		person("a", RoleInfluencer, 5, AttitudeOpponent),
		person("b", RoleUser, 2, AttitudeNeutral),
		{Meta: Meta{ID: "gone"}, Name: "Gone", Role: RoleEconomic, Influence: 5, Status: StatusLeft},
		{Meta: Meta{ID: "seat"}, Placeholder: true, Role: RoleTechnical, Influence: 4, Status: StatusActive},
	}
	fs := AnalyzeCoverage(cs, nil, covToday)
	if len(fs) < 5 {
		t.Fatalf("expected many findings, got %v", findingCodes(fs))
	}
	for i := 1; i < len(fs); i++ {
		a, b := fs[i-1], fs[i]
		if severityRank(a.Severity) > severityRank(b.Severity) ||
			(a.Severity == b.Severity && a.Code > b.Code) {
			t.Errorf("out of order: %s/%s before %s/%s", a.Severity, a.Code, b.Severity, b.Code)
		}
	}
	if fs[0].Code != "left_role_uncovered:economic" {
		t.Errorf("first finding %s, want the departed economic buyer", fs[0].Code)
	}
	// Same input, same answer.
	if again := AnalyzeCoverage(cs, nil, covToday); !reflect.DeepEqual(again, fs) {
		t.Error("not deterministic")
	}
}

func TestLastMet(t *testing.T) {
	vs := []Visit{metAgo(30, "a", "b"), metAgo(5, "b"), metAgo(60, "a"), {Kind: KindCall, ContactIDs: []ID{"c"}}}
	got := LastMet(vs)
	want := map[ID]Date{"a": covToday.AddDays(-30), "b": covToday.AddDays(-5)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LastMet = %v, want %v", got, want)
	}
}

func TestBuildCoverageMatrix(t *testing.T) {
	cs := []Contact{
		person("low", RoleUser, 2, AttitudeNeutral),
		person("zed", RoleTechnical, 4, AttitudeNeutral),
		person("amy", RoleInfluencer, 4, AttitudeNeutral),
		person("boss", RoleEconomic, 5, AttitudeNeutral),
		{Meta: Meta{ID: "gone"}, Name: "Gone", Influence: 5, Status: StatusLeft, Relationships: []Relationship{{Person: "Xu", Level: LevelAdvisor}}},
		{Meta: Meta{ID: "seat"}, Placeholder: true, Title: "CFO", Role: RoleEconomic, Influence: 5, Status: StatusActive},
	}
	cs[1].Relationships = []Relationship{{Person: "wang", Level: LevelVendor, Wanted: LevelSolver}, {Person: "Chen", Level: LevelCredible}}
	cs[3].Relationships = []Relationship{{Person: "Chen", Level: LevelSolver, Wanted: LevelAdvisor}, {Person: "Chen", Level: LevelVendor}}
	cs[0].Relationships = []Relationship{{Person: "Low's friend", Level: LevelAdvisor}}

	m := BuildCoverageMatrix(cs, 4)
	if want := []ID{"boss", "seat", "amy", "zed"}; !reflect.DeepEqual(m.Contacts, want) {
		t.Errorf("rows %v, want %v (influence desc, then name; seats included; left and minor excluded)", m.Contacts, want)
	}
	if want := []string{"Chen", "wang"}; !reflect.DeepEqual(m.People, want) {
		t.Errorf("people %v, want %v", m.People, want)
	}
	if got := m.Cells["boss"]["Chen"]; got != (MatrixCell{LevelSolver, LevelAdvisor}) {
		t.Errorf("boss/Chen = %+v (the stronger of two entries)", got)
	}
	if got := m.Cells["zed"]["wang"]; got != (MatrixCell{LevelVendor, LevelSolver}) {
		t.Errorf("zed/wang = %+v", got)
	}
	if _, ok := m.Cells["amy"]["Chen"]; ok {
		t.Error("a cell without a relationship")
	}
	if len(m.Cells["seat"]) != 0 {
		t.Error("a seat has relationships")
	}
	if e := BuildCoverageMatrix(nil, 4); len(e.Contacts) != 0 || len(e.People) != 0 {
		t.Errorf("empty matrix %+v", e)
	}
}

func TestMoveContact(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	c := Contact{Meta: Meta{ID: "old", Version: 4}, AccountID: "acc-a", Name: "张伟", Title: "CFO", Department: "Finance",
		ReportsTo: "ceo", Phone: "+86 138 0000 0000", Birthday: NewDate(1975, 3, 8), Role: RoleEconomic, Influence: 5,
		Attitude: AttitudeChampion, Trust: TrustTrusted, Style: StyleDriver, PersonalInterests: "golf", Status: StatusActive,
		Relationships: []Relationship{{Person: "Chen", Level: LevelAdvisor}}}
	left := NewDate(2026, 11, 1)
	oldV, newC := MoveContact(c, "acc-b", left, now)

	if oldV.ID != "old" || oldV.AccountID != "acc-a" || oldV.Status != StatusLeft || oldV.LeftOn != left || oldV.MovedTo != newC.ID || !oldV.UpdatedAt.Equal(now) {
		t.Errorf("old version %+v", oldV)
	}
	if oldV.Role != RoleEconomic || oldV.Title != "CFO" || oldV.Attitude != AttitudeChampion {
		t.Error("the old record lost its history")
	}
	if err := oldV.Validate(); err != nil {
		t.Errorf("old version invalid: %v", err)
	}
	if newC.ID == "" || newC.ID == c.ID || !newC.ID.Valid() || newC.AccountID != "acc-b" || newC.Version != 0 || !newC.CreatedAt.Equal(now) {
		t.Errorf("new contact meta %+v", newC.Meta)
	}
	if newC.Name != "张伟" || newC.Phone != c.Phone || newC.Birthday != c.Birthday || newC.Trust != TrustTrusted || newC.Style != StyleDriver || newC.PersonalInterests != "golf" {
		t.Errorf("personal details not kept: %+v", newC)
	}
	if !reflect.DeepEqual(newC.Relationships, c.Relationships) {
		t.Errorf("relationships %v", newC.Relationships)
	}
	if newC.Role != "" || newC.Attitude != "" || newC.Influence != 3 || newC.ReportsTo != "" || newC.Title != "" || newC.Department != "" {
		t.Errorf("job fields not reset: %+v", newC)
	}
	if !newC.Active() || newC.MovedTo != "" || !newC.LeftOn.IsZero() {
		t.Errorf("new contact not active: %+v", newC)
	}
	if newC.MovedFrom != c.ID || newC.PreviousRole != "CFO, Economic buyer" {
		t.Errorf("no link to the origin: moved_from %q previous_role %q", newC.MovedFrom, newC.PreviousRole)
	}
	if newC.PrivateRemarks != c.PrivateRemarks {
		t.Errorf("private remarks changed by the move: %q", newC.PrivateRemarks)
	}
	if err := newC.Validate(); err != nil {
		t.Errorf("new contact invalid: %v", err)
	}
	// The moved person is a known relationship at the new account.
	m := BuildCoverageMatrix([]Contact{newC}, 1)
	if m.Cells[newC.ID]["Chen"].Level != LevelAdvisor {
		t.Error("relationship not visible at the new account")
	}
	// The two records do not share the relationships' backing array.
	newC.Relationships[0].Level = LevelVendor
	if oldV.Relationships[0].Level != LevelAdvisor || c.Relationships[0].Level != LevelAdvisor {
		t.Error("editing the new contact changed the old one")
	}
	// At the old account the role is now uncovered.
	fs := AnalyzeCoverage([]Contact{oldV}, nil, covToday)
	if f, ok := findCode(fs, "left_role_uncovered:economic"); !ok || !slices.Contains(f.ContactIDs, "old") {
		t.Errorf("old account findings %v", findingCodes(fs))
	}
}
