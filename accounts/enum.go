package accounts

import "strings"

// enumSet is the table behind each enumeration type below: the codes stored
// on disk (stable forever: rename labels, never codes) and the kind that
// names the translation keys. Labels live in the translation files under
// "enum.<kind>.<code>" and the name of the field under "enum.<kind>.name";
// package locale reads them and parses a label back in either language.
type enumSet[E ~string] struct {
	kind  string
	items []E
}

func (s enumSet[E]) label(e E) Phrase {
	if e == "" {
		return Phrase{Key: "enum.not_set"}
	}
	if !s.valid(e) {
		return Say("enum.unknown", "Code", string(e))
	}
	return Phrase{Key: "enum." + s.kind + "." + string(e)}
}

// name is what the field is called, for messages.
func (s enumSet[E]) name() Phrase { return Phrase{Key: "enum." + s.kind + ".name"} }

func (s enumSet[E]) valid(e E) bool {
	for _, it := range s.items {
		if it == e {
			return true
		}
	}
	return false
}

func (s enumSet[E]) all() []E { return append([]E(nil), s.items...) }

func (s enumSet[E]) codes() []string {
	codes := make([]string, len(s.items))
	for i, it := range s.items {
		codes[i] = string(it)
	}
	return codes
}

// parse accepts the code, ignoring case and surrounding space. Labels in
// either language are parsed by locale.Parse, which knows them.
func (s enumSet[E]) parse(str string) (E, error) {
	k := strings.ToLower(strings.TrimSpace(str))
	for _, it := range s.items {
		if k == strings.ToLower(string(it)) {
			return it, nil
		}
	}
	return "", UnknownEnum(str, s.name(), s.codes())
}

// UnknownEnum is the error of a value that names no item of an enumeration
// (kind is the field's name, codes the accepted codes).
func UnknownEnum(value string, kind Phrase, codes []string) *Error {
	return &Error{Code: EINVALID, Msg: Say("error.enum.unknown", "Value", value, "Kind", kind, "Codes", strings.Join(codes, ", "))}
}

// check adds a problem when e is set but unknown. An empty value is allowed
// unless required.
func checkEnum[E ~string](p *problems, field string, s enumSet[E], e E, required bool) {
	if e == "" {
		if required {
			p.add(field, Say("field.choose", "Kind", s.name()))
		}
		return
	}
	if !s.valid(e) {
		p.add(field, Say("field.enum_unknown", "Value", string(e), "Kind", s.name(), "Codes", strings.Join(s.codes(), ", ")))
	}
}

// Tier is how much attention an account gets.
type Tier string

const (
	TierStrategic Tier = "strategic"
	TierKey       Tier = "key"
	TierGrowth    Tier = "growth"
	TierMaintain  Tier = "maintain"
)

var tierSet = enumSet[Tier]{"tier", []Tier{TierStrategic, TierKey, TierGrowth, TierMaintain}}

func (e Tier) Label() Phrase           { return tierSet.label(e) }
func (e Tier) Valid() bool             { return tierSet.valid(e) }
func Tiers() []Tier                    { return tierSet.all() }
func ParseTier(s string) (Tier, error) { return tierSet.parse(s) }

// ABCClass is an account's class by share of revenue (Pareto): A accounts make
// the first 80 % of revenue, B the next 15 %, C the rest.
type ABCClass string

const (
	ClassA ABCClass = "A"
	ClassB ABCClass = "B"
	ClassC ABCClass = "C"
)

var abcSet = enumSet[ABCClass]{"abc_class", []ABCClass{ClassA, ClassB, ClassC}}

func (e ABCClass) Label() Phrase               { return abcSet.label(e) }
func (e ABCClass) Valid() bool                 { return abcSet.valid(e) }
func ABCClasses() []ABCClass                   { return abcSet.all() }
func ParseABCClass(s string) (ABCClass, error) { return abcSet.parse(s) }

// Stage is the account's place in the customer lifecycle.
type Stage string

const (
	StageProspect Stage = "prospect"
	StageGrowth   Stage = "growth"
	StageMature   Stage = "mature"
	StageDecline  Stage = "decline"
	StageExit     Stage = "exit"
)

var stageSet = enumSet[Stage]{"stage", []Stage{StageProspect, StageGrowth, StageMature, StageDecline, StageExit}}

func (e Stage) Label() Phrase            { return stageSet.label(e) }
func (e Stage) Valid() bool              { return stageSet.valid(e) }
func Stages() []Stage                    { return stageSet.all() }
func ParseStage(s string) (Stage, error) { return stageSet.parse(s) }

// BuyingRole is the part a contact plays in the buying decision.
type BuyingRole string

const (
	RoleEconomic   BuyingRole = "economic"
	RoleTechnical  BuyingRole = "technical"
	RoleUser       BuyingRole = "user"
	RoleCoach      BuyingRole = "coach"
	RoleGatekeeper BuyingRole = "gatekeeper"
	RoleInfluencer BuyingRole = "influencer"
)

var roleSet = enumSet[BuyingRole]{"role", []BuyingRole{RoleEconomic, RoleTechnical, RoleUser, RoleCoach, RoleGatekeeper, RoleInfluencer}}

func (e BuyingRole) Label() Phrase                 { return roleSet.label(e) }
func (e BuyingRole) Valid() bool                   { return roleSet.valid(e) }
func BuyingRoles() []BuyingRole                    { return roleSet.all() }
func ParseBuyingRole(s string) (BuyingRole, error) { return roleSet.parse(s) }

// Attitude is how a contact stands towards us.
type Attitude string

const (
	AttitudeChampion  Attitude = "champion"
	AttitudeSupporter Attitude = "supporter"
	AttitudeNeutral   Attitude = "neutral"
	AttitudeSkeptic   Attitude = "skeptic"
	AttitudeOpponent  Attitude = "opponent"
)

var attitudeSet = enumSet[Attitude]{"attitude", []Attitude{AttitudeChampion, AttitudeSupporter, AttitudeNeutral, AttitudeSkeptic, AttitudeOpponent}}

func (e Attitude) Label() Phrase               { return attitudeSet.label(e) }
func (e Attitude) Valid() bool                 { return attitudeSet.valid(e) }
func Attitudes() []Attitude                    { return attitudeSet.all() }
func ParseAttitude(s string) (Attitude, error) { return attitudeSet.parse(s) }

// Supportive reports whether the contact is on our side.
func (e Attitude) Supportive() bool { return e == AttitudeChampion || e == AttitudeSupporter }

// Hostile reports whether the contact works against us.
func (e Attitude) Hostile() bool { return e == AttitudeSkeptic || e == AttitudeOpponent }

// Trust is how far the contact trusts us.
type Trust string

const (
	TrustUnknown      Trust = "unknown"
	TrustAcquainted   Trust = "acquainted"
	TrustProfessional Trust = "professional"
	TrustTrusted      Trust = "trusted"
	TrustAdvocate     Trust = "advocate"
)

var trustSet = enumSet[Trust]{"trust", []Trust{TrustUnknown, TrustAcquainted, TrustProfessional, TrustTrusted, TrustAdvocate}}

func (e Trust) Label() Phrase            { return trustSet.label(e) }
func (e Trust) Valid() bool              { return trustSet.valid(e) }
func Trusts() []Trust                    { return trustSet.all() }
func ParseTrust(s string) (Trust, error) { return trustSet.parse(s) }

// Style is a contact's communication style (the four social styles of the
// training material), which tells how to present to them.
type Style string

const (
	StyleAnalytical Style = "analytical"
	StyleAmiable    Style = "amiable"
	StyleExpressive Style = "expressive"
	StyleDriver     Style = "driver"
)

var styleSet = enumSet[Style]{"style", []Style{StyleAnalytical, StyleAmiable, StyleExpressive, StyleDriver}}

func (e Style) Label() Phrase            { return styleSet.label(e) }
func (e Style) Valid() bool              { return styleSet.valid(e) }
func Styles() []Style                    { return styleSet.all() }
func ParseStyle(s string) (Style, error) { return styleSet.parse(s) }

// Advice says how to work with a person of this style.
func (e Style) Advice() Phrase {
	if !styleSet.valid(e) {
		return Phrase{}
	}
	return Phrase{Key: "enum.style." + string(e) + ".advice"}
}

// ContactStatus says whether a contact still works at the account.
type ContactStatus string

const (
	StatusActive ContactStatus = "active"
	StatusLeft   ContactStatus = "left"
)

var contactStatusSet = enumSet[ContactStatus]{"contact_status", []ContactStatus{StatusActive, StatusLeft}}

func (e ContactStatus) Label() Phrase                    { return contactStatusSet.label(e) }
func (e ContactStatus) Valid() bool                      { return contactStatusSet.valid(e) }
func ContactStatuses() []ContactStatus                   { return contactStatusSet.all() }
func ParseContactStatus(s string) (ContactStatus, error) { return contactStatusSet.parse(s) }

// RelationshipLevel is how one of our people stands with a contact, from a
// mere vendor to a trusted advisor.
type RelationshipLevel string

const (
	LevelVendor   RelationshipLevel = "vendor"
	LevelCredible RelationshipLevel = "credible"
	LevelSolver   RelationshipLevel = "solver"
	LevelAdvisor  RelationshipLevel = "advisor"
)

var levelSet = enumSet[RelationshipLevel]{"relationship_level", []RelationshipLevel{LevelVendor, LevelCredible, LevelSolver, LevelAdvisor}}

func (e RelationshipLevel) Label() Phrase                        { return levelSet.label(e) }
func (e RelationshipLevel) Valid() bool                          { return levelSet.valid(e) }
func RelationshipLevels() []RelationshipLevel                    { return levelSet.all() }
func ParseRelationshipLevel(s string) (RelationshipLevel, error) { return levelSet.parse(s) }

// Rank orders levels: vendor 1 … advisor 4, unset 0.
func (e RelationshipLevel) Rank() int {
	for i, c := range levelSet.all() {
		if c == e {
			return i + 1
		}
	}
	return 0
}

// VisitKind is how we met.
type VisitKind string

const (
	KindOnSite VisitKind = "onsite"
	KindCall   VisitKind = "call"
	KindVideo  VisitKind = "video"
	KindEmail  VisitKind = "email"
	KindEvent  VisitKind = "event"
	KindMeal   VisitKind = "meal"
	KindGift   VisitKind = "gift"
	KindOther  VisitKind = "other"
)

var visitKindSet = enumSet[VisitKind]{"visit_kind", []VisitKind{KindOnSite, KindCall, KindVideo, KindEmail, KindEvent, KindMeal, KindGift, KindOther}}

func (e VisitKind) Label() Phrase                { return visitKindSet.label(e) }
func (e VisitKind) Valid() bool                  { return visitKindSet.valid(e) }
func VisitKinds() []VisitKind                    { return visitKindSet.all() }
func ParseVisitKind(s string) (VisitKind, error) { return visitKindSet.parse(s) }

// Outcome is how a visit went for us.
type Outcome string

const (
	OutcomePositive Outcome = "positive"
	OutcomeNeutral  Outcome = "neutral"
	OutcomeNegative Outcome = "negative"
)

var outcomeSet = enumSet[Outcome]{"outcome", []Outcome{OutcomePositive, OutcomeNeutral, OutcomeNegative}}

func (e Outcome) Label() Phrase              { return outcomeSet.label(e) }
func (e Outcome) Valid() bool                { return outcomeSet.valid(e) }
func Outcomes() []Outcome                    { return outcomeSet.all() }
func ParseOutcome(s string) (Outcome, error) { return outcomeSet.parse(s) }

// WarningKind is an entry of the catalogue of defection warning signs.
type WarningKind string

const (
	WarnMultiSourcing     WarningKind = "multi_sourcing"
	WarnStrategyChange    WarningKind = "strategy_change"
	WarnProcurementChange WarningKind = "procurement_change"
	WarnChannelConflict   WarningKind = "channel_conflict"
	WarnKeyPersonLeft     WarningKind = "key_person_left"
	WarnOrdersDeclining   WarningKind = "orders_declining"
	WarnLatePayment       WarningKind = "late_payment"
	WarnComplaint         WarningKind = "complaint"
	WarnCompetitor        WarningKind = "competitor"
	WarnPricePressure     WarningKind = "price_pressure"
	WarnReducedAccess     WarningKind = "reduced_access"
	WarnReorganisation    WarningKind = "reorganisation"
	WarnBudgetCut         WarningKind = "budget_cut"
)

var warningKindSet = enumSet[WarningKind]{"warning_kind", []WarningKind{WarnMultiSourcing, WarnStrategyChange, WarnProcurementChange, WarnChannelConflict, WarnKeyPersonLeft, WarnOrdersDeclining, WarnLatePayment, WarnComplaint, WarnCompetitor, WarnPricePressure, WarnReducedAccess, WarnReorganisation, WarnBudgetCut}}

func (e WarningKind) Label() Phrase                  { return warningKindSet.label(e) }
func (e WarningKind) Valid() bool                    { return warningKindSet.valid(e) }
func WarningKinds() []WarningKind                    { return warningKindSet.all() }
func ParseWarningKind(s string) (WarningKind, error) { return warningKindSet.parse(s) }

// Severity is how serious a warning sign is.
type Severity string

const (
	SeverityLow      Severity = "low"
	SeverityMedium   Severity = "medium"
	SeverityHigh     Severity = "high"
	SeverityCritical Severity = "critical"
)

var severitySet = enumSet[Severity]{"severity", []Severity{SeverityLow, SeverityMedium, SeverityHigh, SeverityCritical}}

func (e Severity) Label() Phrase               { return severitySet.label(e) }
func (e Severity) Valid() bool                 { return severitySet.valid(e) }
func Severities() []Severity                   { return severitySet.all() }
func ParseSeverity(s string) (Severity, error) { return severitySet.parse(s) }

// WarningStatus is where a recorded warning sign stands.
type WarningStatus string

const (
	WarningOpen       WarningStatus = "open"
	WarningMonitoring WarningStatus = "monitoring"
	WarningResolved   WarningStatus = "resolved"
)

var warningStatusSet = enumSet[WarningStatus]{"warning_status", []WarningStatus{WarningOpen, WarningMonitoring, WarningResolved}}

func (e WarningStatus) Label() Phrase                    { return warningStatusSet.label(e) }
func (e WarningStatus) Valid() bool                      { return warningStatusSet.valid(e) }
func WarningStatuses() []WarningStatus                   { return warningStatusSet.all() }
func ParseWarningStatus(s string) (WarningStatus, error) { return warningStatusSet.parse(s) }

// Progress is the state of a plan objective or action.
type Progress string

const (
	ProgressPlanned    Progress = "planned"
	ProgressInProgress Progress = "in_progress"
	ProgressDone       Progress = "done"
	ProgressBlocked    Progress = "blocked"
	ProgressDropped    Progress = "dropped"
)

var progressSet = enumSet[Progress]{"progress", []Progress{ProgressPlanned, ProgressInProgress, ProgressDone, ProgressBlocked, ProgressDropped}}

func (e Progress) Label() Phrase               { return progressSet.label(e) }
func (e Progress) Valid() bool                 { return progressSet.valid(e) }
func Progresses() []Progress                   { return progressSet.all() }
func ParseProgress(s string) (Progress, error) { return progressSet.parse(s) }

// Open reports whether work is still to be done.
func (e Progress) Open() bool {
	return e == ProgressPlanned || e == ProgressInProgress || e == ProgressBlocked
}

// OpportunityStage is where an opportunity stands in the pipeline. White
// space is a product the account does not buy from us yet.
type OpportunityStage string

const (
	StageWhiteSpace  OpportunityStage = "whitespace"
	StageQualified   OpportunityStage = "qualified"
	StageProposal    OpportunityStage = "proposal"
	StageNegotiation OpportunityStage = "negotiation"
	StageWon         OpportunityStage = "won"
	StageLost        OpportunityStage = "lost"
)

var oppStageSet = enumSet[OpportunityStage]{"opportunity_stage", []OpportunityStage{StageWhiteSpace, StageQualified, StageProposal, StageNegotiation, StageWon, StageLost}}

func (e OpportunityStage) Label() Phrase                       { return oppStageSet.label(e) }
func (e OpportunityStage) Valid() bool                         { return oppStageSet.valid(e) }
func OpportunityStages() []OpportunityStage                    { return oppStageSet.all() }
func ParseOpportunityStage(s string) (OpportunityStage, error) { return oppStageSet.parse(s) }

// Open reports whether the opportunity is still in play.
func (e OpportunityStage) Open() bool { return e != StageWon && e != StageLost }

// RiskLevel buckets a risk score.
type RiskLevel string

const (
	RiskLow      RiskLevel = "low"
	RiskElevated RiskLevel = "elevated"
	RiskHigh     RiskLevel = "high"
	RiskCritical RiskLevel = "critical"
)

var riskLevelSet = enumSet[RiskLevel]{"risk_level", []RiskLevel{RiskLow, RiskElevated, RiskHigh, RiskCritical}}

func (e RiskLevel) Label() Phrase                { return riskLevelSet.label(e) }
func (e RiskLevel) Valid() bool                  { return riskLevelSet.valid(e) }
func RiskLevels() []RiskLevel                    { return riskLevelSet.all() }
func ParseRiskLevel(s string) (RiskLevel, error) { return riskLevelSet.parse(s) }

// HandoverStatus says whether a handover is still being prepared.
type HandoverStatus string

const (
	HandoverDraft HandoverStatus = "draft"
	HandoverDone  HandoverStatus = "done"
)

var handoverStatusSet = enumSet[HandoverStatus]{"handover_status", []HandoverStatus{HandoverDraft, HandoverDone}}

func (e HandoverStatus) Label() Phrase                     { return handoverStatusSet.label(e) }
func (e HandoverStatus) Valid() bool                       { return handoverStatusSet.valid(e) }
func HandoverStatuses() []HandoverStatus                   { return handoverStatusSet.all() }
func ParseHandoverStatus(s string) (HandoverStatus, error) { return handoverStatusSet.parse(s) }
