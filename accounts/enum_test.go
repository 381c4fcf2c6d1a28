package accounts

import (
	"strings"
	"testing"
)

// checkEnumSet checks one enumeration: every value has a label in both
// languages and parses from its code in any case; labels are unambiguous in
// each language; an unknown word is refused with the list of codes. Parsing
// a label in either language is package locale's (locale.Parse) and tested
// there.
func checkEnumSet[E ~string](t *testing.T, s enumSet[E], parse func(string) (E, error), label func(E) Phrase) {
	t.Helper()
	name := en(s.name())
	if strings.HasPrefix(name, "MISSING") || strings.HasPrefix(zh(s.name()), "MISSING") {
		t.Errorf("enumeration %s has no name", s.kind)
	}
	seen := map[string]E{}
	for _, it := range s.items {
		l := label(it)
		le, lz := en(l), zh(l)
		if le == "" || lz == "" || strings.HasPrefix(le, "MISSING") || strings.HasPrefix(lz, "MISSING") || le == string(it) && lz == string(it) {
			t.Errorf("%s %q lacks a label: %q / %q", name, it, le, lz)
		}
		for _, in := range []string{string(it), strings.ToUpper(string(it)), " " + string(it) + " "} {
			got, err := parse(in)
			if err != nil || got != it {
				t.Errorf("parse %s %q = %q, %v; want %q", name, in, got, err, it)
			}
		}
		for _, k := range []string{strings.ToLower(string(it)), strings.ToLower(le), lz} {
			if prev, dup := seen[k]; dup && prev != it {
				t.Errorf("%s: %q means both %q and %q", name, k, prev, it)
			}
			seen[k] = it
		}
	}
	_, err := parse("no-such-value")
	if ErrorCode(err) != EINVALID || !strings.Contains(errText(err), string(s.items[0])) || !strings.Contains(errText(err), name) {
		t.Errorf("parse of an unknown %s: %v (%q)", name, err, errText(err))
	}
	if _, err := parse(""); err == nil {
		t.Errorf("parse of an empty %s succeeded", name)
	}
	if got := label("no-such-value"); en(got) != "no-such-value" {
		t.Errorf("an unknown %s code is labelled %v, want the code itself", name, got)
	}
	if got := label(""); en(got) != "not set" || zh(got) != "未设置" {
		t.Errorf("an empty %s is labelled %v", name, got)
	}
}

func TestEnumerations(t *testing.T) {
	checkEnumSet(t, tierSet, ParseTier, Tier.Label)
	checkEnumSet(t, abcSet, ParseABCClass, ABCClass.Label)
	checkEnumSet(t, stageSet, ParseStage, Stage.Label)
	checkEnumSet(t, roleSet, ParseBuyingRole, BuyingRole.Label)
	checkEnumSet(t, attitudeSet, ParseAttitude, Attitude.Label)
	checkEnumSet(t, trustSet, ParseTrust, Trust.Label)
	checkEnumSet(t, styleSet, ParseStyle, Style.Label)
	checkEnumSet(t, contactStatusSet, ParseContactStatus, ContactStatus.Label)
	checkEnumSet(t, levelSet, ParseRelationshipLevel, RelationshipLevel.Label)
	checkEnumSet(t, visitKindSet, ParseVisitKind, VisitKind.Label)
	checkEnumSet(t, outcomeSet, ParseOutcome, Outcome.Label)
	checkEnumSet(t, warningKindSet, ParseWarningKind, WarningKind.Label)
	checkEnumSet(t, severitySet, ParseSeverity, Severity.Label)
	checkEnumSet(t, warningStatusSet, ParseWarningStatus, WarningStatus.Label)
	checkEnumSet(t, progressSet, ParseProgress, Progress.Label)
	checkEnumSet(t, oppStageSet, ParseOpportunityStage, OpportunityStage.Label)
	checkEnumSet(t, riskLevelSet, ParseRiskLevel, RiskLevel.Label)
	checkEnumSet(t, handoverStatusSet, ParseHandoverStatus, HandoverStatus.Label)
}

// The stored codes are a file format: renaming one would orphan every record
// that carries it.
func TestStoredCodesAreStable(t *testing.T) {
	cases := []struct {
		got  []string
		want string
	}{
		{strs(Tiers()), "strategic key growth maintain"},
		{strs(Stages()), "prospect growth mature decline exit"},
		{strs(BuyingRoles()), "economic technical user coach gatekeeper influencer"},
		{strs(Attitudes()), "champion supporter neutral skeptic opponent"},
		{strs(Trusts()), "unknown acquainted professional trusted advocate"},
		{strs(Styles()), "analytical amiable expressive driver"},
		{strs(RelationshipLevels()), "vendor credible solver advisor"},
		{strs(VisitKinds()), "onsite call video email event meal gift other"},
		{strs(Outcomes()), "positive neutral negative"},
		{strs(WarningKinds()), "multi_sourcing strategy_change procurement_change channel_conflict key_person_left orders_declining late_payment complaint competitor price_pressure reduced_access reorganisation budget_cut"},
		{strs(WarningStatuses()), "open monitoring resolved"},
		{strs(Progresses()), "planned in_progress done blocked dropped"},
		{strs(OpportunityStages()), "whitespace qualified proposal negotiation won lost"},
		{strs(HandoverStatuses()), "draft done"},
	}
	for _, c := range cases {
		if got := strings.Join(c.got, " "); got != c.want {
			t.Errorf("codes %q, want %q", got, c.want)
		}
	}
}

func strs[E ~string](es []E) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = string(e)
	}
	return out
}

func TestEnumHelpers(t *testing.T) {
	for _, c := range []struct {
		a                   Attitude
		supportive, hostile bool
	}{
		{AttitudeChampion, true, false}, {AttitudeSupporter, true, false}, {AttitudeNeutral, false, false},
		{AttitudeSkeptic, false, true}, {AttitudeOpponent, false, true}, {"", false, false},
	} {
		if c.a.Supportive() != c.supportive || c.a.Hostile() != c.hostile {
			t.Errorf("%q: supportive %v hostile %v", c.a, c.a.Supportive(), c.a.Hostile())
		}
	}
	if LevelVendor.Rank() != 1 || LevelAdvisor.Rank() != 4 || RelationshipLevel("").Rank() != 0 || !(LevelCredible.Rank() < LevelSolver.Rank()) {
		t.Error("relationship ranks out of order")
	}
	for _, p := range Progresses() {
		want := p == ProgressPlanned || p == ProgressInProgress || p == ProgressBlocked
		if p.Open() != want {
			t.Errorf("%q.Open() = %v", p, p.Open())
		}
	}
	if StageWon.Open() || StageLost.Open() || !StageProposal.Open() {
		t.Error("opportunity Open wrong")
	}
	for _, s := range Styles() {
		if a := s.Advice(); en(a) == "" || zh(a) == "" || strings.HasPrefix(en(a), "MISSING") || strings.HasPrefix(zh(a), "MISSING") {
			t.Errorf("style %q has no advice", s)
		}
	}
}
