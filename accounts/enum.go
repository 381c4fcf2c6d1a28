package accounts

import (
	"fmt"
	"strings"
)

// enumItem is one value of an enumeration: the code stored on disk (stable
// forever: rename labels, never codes) and its labels.
type enumItem[E ~string] struct {
	Code  E
	Label Text
}

// enumSet is the table behind each enumeration type below.
type enumSet[E ~string] struct {
	name  Text // what the field is called, for messages
	items []enumItem[E]
}

func (s enumSet[E]) label(e E) Text {
	for _, it := range s.items {
		if it.Code == e {
			return it.Label
		}
	}
	if e == "" {
		return Text{En: "not set", Zh: "未设置"}
	}
	return Text{En: string(e), Zh: string(e)}
}

func (s enumSet[E]) valid(e E) bool {
	for _, it := range s.items {
		if it.Code == e {
			return true
		}
	}
	return false
}

func (s enumSet[E]) all() []E {
	out := make([]E, len(s.items))
	for i, it := range s.items {
		out[i] = it.Code
	}
	return out
}

// parse accepts the code, the English label or the Chinese label, ignoring
// case and surrounding space, so CSV imports and the CLI can use either.
func (s enumSet[E]) parse(str string) (E, error) {
	k := strings.ToLower(strings.TrimSpace(str))
	for _, it := range s.items {
		if k == strings.ToLower(string(it.Code)) || k == strings.ToLower(it.Label.En) || k == strings.ToLower(it.Label.Zh) {
			return it.Code, nil
		}
	}
	codes := make([]string, len(s.items))
	for i, it := range s.items {
		codes[i] = string(it.Code)
	}
	return "", &Error{Code: EINVALID, Message: fmt.Sprintf("%q is not a %s; use one of %s", str, s.name.En, strings.Join(codes, ", "))}
}

// check adds a problem when e is set but unknown. An empty value is allowed
// unless required.
func checkEnum[E ~string](p *problems, field string, s enumSet[E], e E, required bool) {
	if e == "" {
		if required {
			p.add(field, "choose a "+s.name.En, "请选择"+s.name.Zh)
		}
		return
	}
	if !s.valid(e) {
		codes := make([]string, len(s.items))
		for i, it := range s.items {
			codes[i] = string(it.Code)
		}
		p.add(field, fmt.Sprintf("%q is not a known %s (use one of %s)", e, s.name.En, strings.Join(codes, ", ")),
			fmt.Sprintf("“%s”不是有效的%s", e, s.name.Zh))
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

var tierSet = enumSet[Tier]{Text{"tier", "客户级别"}, []enumItem[Tier]{
	{TierStrategic, Text{"Strategic", "战略客户"}},
	{TierKey, Text{"Key", "重点客户"}},
	{TierGrowth, Text{"Growth", "成长客户"}},
	{TierMaintain, Text{"Maintain", "维持客户"}},
}}

func (e Tier) Label() Text             { return tierSet.label(e) }
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

var abcSet = enumSet[ABCClass]{Text{"value class", "价值分类"}, []enumItem[ABCClass]{
	{ClassA, Text{"A", "A 类"}},
	{ClassB, Text{"B", "B 类"}},
	{ClassC, Text{"C", "C 类"}},
}}

func (e ABCClass) Label() Text                 { return abcSet.label(e) }
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

var stageSet = enumSet[Stage]{Text{"lifecycle stage", "生命周期阶段"}, []enumItem[Stage]{
	{StageProspect, Text{"Prospect", "考察期"}},
	{StageGrowth, Text{"Growth", "成长期"}},
	{StageMature, Text{"Mature", "成熟期"}},
	{StageDecline, Text{"Decline", "衰退期"}},
	{StageExit, Text{"Exit", "离场期"}},
}}

func (e Stage) Label() Text              { return stageSet.label(e) }
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

var roleSet = enumSet[BuyingRole]{Text{"buying role", "采购角色"}, []enumItem[BuyingRole]{
	{RoleEconomic, Text{"Economic buyer", "经济决策者"}},
	{RoleTechnical, Text{"Technical buyer", "技术把关者"}},
	{RoleUser, Text{"User buyer", "使用者"}},
	{RoleCoach, Text{"Coach", "教练"}},
	{RoleGatekeeper, Text{"Gatekeeper", "守门人"}},
	{RoleInfluencer, Text{"Influencer", "影响者"}},
}}

func (e BuyingRole) Label() Text                   { return roleSet.label(e) }
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

var attitudeSet = enumSet[Attitude]{Text{"attitude", "态度"}, []enumItem[Attitude]{
	{AttitudeChampion, Text{"Champion", "拥护者"}},
	{AttitudeSupporter, Text{"Supporter", "支持者"}},
	{AttitudeNeutral, Text{"Neutral", "中立"}},
	{AttitudeSkeptic, Text{"Skeptic", "怀疑者"}},
	{AttitudeOpponent, Text{"Opponent", "反对者"}},
}}

func (e Attitude) Label() Text                 { return attitudeSet.label(e) }
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

var trustSet = enumSet[Trust]{Text{"trust level", "信任程度"}, []enumItem[Trust]{
	{TrustUnknown, Text{"Unknown", "未知"}},
	{TrustAcquainted, Text{"Acquainted", "认识"}},
	{TrustProfessional, Text{"Professional", "业务往来"}},
	{TrustTrusted, Text{"Trusted", "信任"}},
	{TrustAdvocate, Text{"Advocate", "鼎力支持"}},
}}

func (e Trust) Label() Text              { return trustSet.label(e) }
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

var styleSet = enumSet[Style]{Text{"communication style", "沟通风格"}, []enumItem[Style]{
	{StyleAnalytical, Text{"Analytical", "思考者"}},
	{StyleAmiable, Text{"Amiable", "合作者"}},
	{StyleExpressive, Text{"Expressive", "外向者"}},
	{StyleDriver, Text{"Driver", "威权者"}},
}}

func (e Style) Label() Text              { return styleSet.label(e) }
func (e Style) Valid() bool              { return styleSet.valid(e) }
func Styles() []Style                    { return styleSet.all() }
func ParseStyle(s string) (Style, error) { return styleSet.parse(s) }

// Advice says how to work with a person of this style.
func (e Style) Advice() Text {
	switch e {
	case StyleAnalytical:
		return Text{"Bring data, details and time to think; avoid pressure.", "准备数据与细节，给对方思考时间，不要施压。"}
	case StyleAmiable:
		return Text{"Build the relationship first; show how others are helped.", "先建立关系，说明方案对团队和他人的帮助。"}
	case StyleExpressive:
		return Text{"Share the vision and recognition; keep it lively.", "谈愿景与认可，保持交流生动。"}
	case StyleDriver:
		return Text{"Be brief, lead with results and options, let them decide.", "简明扼要，先讲结果与选项，让对方做决定。"}
	}
	return Text{}
}

// ContactStatus says whether a contact still works at the account.
type ContactStatus string

const (
	StatusActive ContactStatus = "active"
	StatusLeft   ContactStatus = "left"
)

var contactStatusSet = enumSet[ContactStatus]{Text{"contact status", "在职状态"}, []enumItem[ContactStatus]{
	{StatusActive, Text{"Active", "在职"}},
	{StatusLeft, Text{"Left the company", "已离职"}},
}}

func (e ContactStatus) Label() Text                      { return contactStatusSet.label(e) }
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

var levelSet = enumSet[RelationshipLevel]{Text{"relationship level", "关系层次"}, []enumItem[RelationshipLevel]{
	{LevelVendor, Text{"Vendor", "供应商"}},
	{LevelCredible, Text{"Credible source", "可信来源"}},
	{LevelSolver, Text{"Problem solver", "问题解决者"}},
	{LevelAdvisor, Text{"Trusted advisor", "可信赖顾问"}},
}}

func (e RelationshipLevel) Label() Text                          { return levelSet.label(e) }
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

var visitKindSet = enumSet[VisitKind]{Text{"kind of visit", "拜访方式"}, []enumItem[VisitKind]{
	{KindOnSite, Text{"On-site visit", "上门拜访"}},
	{KindCall, Text{"Call", "电话"}},
	{KindVideo, Text{"Video meeting", "视频会议"}},
	{KindEmail, Text{"Email", "邮件"}},
	{KindEvent, Text{"Event", "活动"}},
	{KindMeal, Text{"Meal", "宴请"}},
	{KindGift, Text{"Gift", "礼品"}},
	{KindOther, Text{"Other", "其他"}},
}}

func (e VisitKind) Label() Text                  { return visitKindSet.label(e) }
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

var outcomeSet = enumSet[Outcome]{Text{"outcome", "结果"}, []enumItem[Outcome]{
	{OutcomePositive, Text{"Positive", "积极"}},
	{OutcomeNeutral, Text{"Neutral", "一般"}},
	{OutcomeNegative, Text{"Negative", "消极"}},
}}

func (e Outcome) Label() Text                { return outcomeSet.label(e) }
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

var warningKindSet = enumSet[WarningKind]{Text{"warning sign", "预警征兆"}, []enumItem[WarningKind]{
	{WarnMultiSourcing, Text{"Splitting business with more suppliers", "增加供应商、分散采购"}},
	{WarnStrategyChange, Text{"Strategic change", "战略调整"}},
	{WarnProcurementChange, Text{"Announced change of procurement model", "宣布改变采购模式"}},
	{WarnChannelConflict, Text{"Channel conflict", "渠道冲突"}},
	{WarnKeyPersonLeft, Text{"Champion or economic buyer left", "支持者或决策者离职"}},
	{WarnOrdersDeclining, Text{"Orders declining", "订单下滑"}},
	{WarnLatePayment, Text{"Late payment", "拖延付款"}},
	{WarnComplaint, Text{"Unresolved complaint", "投诉未解决"}},
	{WarnCompetitor, Text{"Competitor engagement", "竞争对手接触"}},
	{WarnPricePressure, Text{"Price pressure", "压价"}},
	{WarnReducedAccess, Text{"Reduced access to decision makers", "难以接触决策层"}},
	{WarnReorganisation, Text{"Reorganisation or merger", "重组或并购"}},
	{WarnBudgetCut, Text{"Budget cut", "预算削减"}},
}}

func (e WarningKind) Label() Text                    { return warningKindSet.label(e) }
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

var severitySet = enumSet[Severity]{Text{"severity", "严重程度"}, []enumItem[Severity]{
	{SeverityLow, Text{"Low", "低"}},
	{SeverityMedium, Text{"Medium", "中"}},
	{SeverityHigh, Text{"High", "高"}},
	{SeverityCritical, Text{"Critical", "严重"}},
}}

func (e Severity) Label() Text                 { return severitySet.label(e) }
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

var warningStatusSet = enumSet[WarningStatus]{Text{"warning status", "处理状态"}, []enumItem[WarningStatus]{
	{WarningOpen, Text{"Open", "待处理"}},
	{WarningMonitoring, Text{"Monitoring", "观察中"}},
	{WarningResolved, Text{"Resolved", "已解决"}},
}}

func (e WarningStatus) Label() Text                      { return warningStatusSet.label(e) }
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

var progressSet = enumSet[Progress]{Text{"status", "状态"}, []enumItem[Progress]{
	{ProgressPlanned, Text{"Planned", "计划中"}},
	{ProgressInProgress, Text{"In progress", "进行中"}},
	{ProgressDone, Text{"Done", "已完成"}},
	{ProgressBlocked, Text{"Blocked", "受阻"}},
	{ProgressDropped, Text{"Dropped", "已放弃"}},
}}

func (e Progress) Label() Text                 { return progressSet.label(e) }
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

var oppStageSet = enumSet[OpportunityStage]{Text{"opportunity stage", "商机阶段"}, []enumItem[OpportunityStage]{
	{StageWhiteSpace, Text{"White space", "空白机会"}},
	{StageQualified, Text{"Qualified", "已确认"}},
	{StageProposal, Text{"Proposal", "方案报价"}},
	{StageNegotiation, Text{"Negotiation", "商务谈判"}},
	{StageWon, Text{"Won", "赢单"}},
	{StageLost, Text{"Lost", "丢单"}},
}}

func (e OpportunityStage) Label() Text                         { return oppStageSet.label(e) }
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

var riskLevelSet = enumSet[RiskLevel]{Text{"risk level", "风险等级"}, []enumItem[RiskLevel]{
	{RiskLow, Text{"Low", "低"}},
	{RiskElevated, Text{"Elevated", "偏高"}},
	{RiskHigh, Text{"High", "高"}},
	{RiskCritical, Text{"Critical", "危急"}},
}}

func (e RiskLevel) Label() Text                  { return riskLevelSet.label(e) }
func (e RiskLevel) Valid() bool                  { return riskLevelSet.valid(e) }
func RiskLevels() []RiskLevel                    { return riskLevelSet.all() }
func ParseRiskLevel(s string) (RiskLevel, error) { return riskLevelSet.parse(s) }

// HandoverStatus says whether a handover is still being prepared.
type HandoverStatus string

const (
	HandoverDraft HandoverStatus = "draft"
	HandoverDone  HandoverStatus = "done"
)

var handoverStatusSet = enumSet[HandoverStatus]{Text{"handover status", "交接状态"}, []enumItem[HandoverStatus]{
	{HandoverDraft, Text{"In preparation", "准备中"}},
	{HandoverDone, Text{"Completed", "已完成"}},
}}

func (e HandoverStatus) Label() Text                       { return handoverStatusSet.label(e) }
func (e HandoverStatus) Valid() bool                       { return handoverStatusSet.valid(e) }
func HandoverStatuses() []HandoverStatus                   { return handoverStatusSet.all() }
func ParseHandoverStatus(s string) (HandoverStatus, error) { return handoverStatusSet.parse(s) }
