package accounts

import (
	"math"
	"slices"
	"strings"
)

// Card completeness answers the supervisor's weekly question "is this rep's
// profile card (客户资料卡) filled in well enough to work from?". It is
// coaching data, not a pay figure: every missing item is named with why it
// matters, and the score is only the weighted share of what is there.
//
// The rules are one table (completenessRules): each row is a CardItem, the
// check that says whether the card has it, and a weight per tier. A
// strategic account needs nearly everything (its economic buyer and a coach
// on the map, its competitors, 知己知彼, a plan); a maintain account only the
// basics (owner, region, credit, payment terms, revenue). A weight of 0
// means the item does not apply to that tier and does not count at all.
//
// Exit-stage accounts are scored like any other: the card of a lost account
// is what a win-back starts from, and a manager reviewing the portfolio
// should see lost accounts with thin cards too. Callers that want to leave
// them out filter on Stage.

// CardItem is one thing a complete profile card holds. Codes are stable
// (the CLI's JSON and stored review history carry them).
type CardItem string

const (
	ItemOwner             CardItem = "owner"
	ItemRegion            CardItem = "region"
	ItemIndustry          CardItem = "industry"
	ItemEconomicBuyer     CardItem = "economic_buyer"
	ItemCoach             CardItem = "coach"
	ItemDecisionMakerMet  CardItem = "decision_maker_met"
	ItemCompetitors       CardItem = "competitors"
	ItemKnowYourself      CardItem = "know_yourself"
	ItemStrategicGoals    CardItem = "strategic_goals"
	ItemTransactionHabits CardItem = "transaction_habits"
	ItemCreditRating      CardItem = "credit_rating"
	ItemPaymentTerms      CardItem = "payment_terms"
	ItemRenewalDate       CardItem = "renewal_date"
	ItemRevenue           CardItem = "revenue"
	ItemPotential         CardItem = "potential"
	ItemCadence           CardItem = "cadence"
	ItemPlan              CardItem = "plan"
)

var cardItemSet = enumSet[CardItem]{"card_item", []CardItem{ItemOwner, ItemRegion, ItemIndustry,
	ItemEconomicBuyer, ItemCoach, ItemDecisionMakerMet, ItemCompetitors, ItemKnowYourself, ItemStrategicGoals,
	ItemTransactionHabits, ItemCreditRating, ItemPaymentTerms, ItemRenewalDate, ItemRevenue, ItemPotential,
	ItemCadence, ItemPlan}}

func (e CardItem) Label() Phrase               { return cardItemSet.label(e) }
func (e CardItem) Valid() bool                 { return cardItemSet.valid(e) }
func CardItems() []CardItem                    { return cardItemSet.all() }
func ParseCardItem(s string) (CardItem, error) { return cardItemSet.parse(s) }

// MetRecentlyDays is how recent a meeting with a decision maker must be for
// the card to count the relationship as current.
const MetRecentlyDays = 90

// MissingItem is one item the card lacks: its weight in the account's tier
// and a sentence saying what is missing and why it matters
// ("completeness.<item>.missing").
type MissingItem struct {
	Item   CardItem `json:"item"`
	Weight int      `json:"weight"`
	Phrase Phrase   `json:"phrase"`
}

// Completeness is an account's card score, 0 to 100, with every missing
// item, heaviest first (ties in the table's order).
type Completeness struct {
	Score   int           `json:"score"`
	Missing []MissingItem `json:"missing,omitempty"`
}

// completenessRule is one row of the table: the item, whether the card has
// it, and its weight per tier (strategic, key, growth, maintain).
type completenessRule struct {
	Item    CardItem
	Weights map[Tier]int
	has     func(*AccountData, Date) bool
}

// perTier builds a weight row in the order strategic, key, growth, maintain.
func perTier(strategic, key, growth, maintain int) map[Tier]int {
	return map[Tier]int{TierStrategic: strategic, TierKey: key, TierGrowth: growth, TierMaintain: maintain}
}

// completenessRules is THE table. Weights per tier:
//
//	item                strategic key growth maintain
//	owner                   2      2    2      3
//	region                  2      2    2      3
//	industry                2      2    2      0
//	economic_buyer         10      8    5      0
//	coach                   8      6    0      0
//	decision_maker_met      8      6    4      0
//	competitors             6      5    3      0
//	know_yourself           6      5    3      0
//	strategic_goals         6      4    2      0
//	transaction_habits      3      3    2      0
//	credit_rating           6      6    5      4
//	payment_terms           5      5    4      4
//	renewal_date            6      5    3      0
//	revenue                 6      6    5      4
//	potential               5      5    4      0
//	cadence                 4      4    3      0
//	plan                    7      5    3      0
var completenessRules = []completenessRule{
	{ItemOwner, perTier(2, 2, 2, 3), func(d *AccountData, _ Date) bool { return filled(d.Account.Owner) }},
	{ItemRegion, perTier(2, 2, 2, 3), func(d *AccountData, _ Date) bool { return filled(d.Account.Region) }},
	{ItemIndustry, perTier(2, 2, 2, 0), func(d *AccountData, _ Date) bool { return filled(d.Account.Industry) }},
	{ItemEconomicBuyer, perTier(10, 8, 5, 0), func(d *AccountData, _ Date) bool { return hasRole(d, RoleEconomic) }},
	{ItemCoach, perTier(8, 6, 0, 0), func(d *AccountData, _ Date) bool { return hasRole(d, RoleCoach) }},
	{ItemDecisionMakerMet, perTier(8, 6, 4, 0), decisionMakerMet},
	{ItemCompetitors, perTier(6, 5, 3, 0), func(d *AccountData, _ Date) bool { return len(d.Account.Competitors) > 0 }},
	{ItemKnowYourself, perTier(6, 5, 3, 0), func(d *AccountData, _ Date) bool {
		a := &d.Account
		return filled(a.Strengths) && filled(a.Weaknesses) && filled(a.ValueProposition)
	}},
	{ItemStrategicGoals, perTier(6, 4, 2, 0), func(d *AccountData, _ Date) bool { return filled(d.Account.StrategicGoals) }},
	{ItemTransactionHabits, perTier(3, 3, 2, 0), func(d *AccountData, _ Date) bool { return filled(d.Account.TransactionHabits) }},
	{ItemCreditRating, perTier(6, 6, 5, 4), func(d *AccountData, _ Date) bool { return filled(d.Account.CreditRating) }},
	{ItemPaymentTerms, perTier(5, 5, 4, 4), func(d *AccountData, _ Date) bool { return filled(d.Account.PaymentTerms) }},
	{ItemRenewalDate, perTier(6, 5, 3, 0), func(d *AccountData, _ Date) bool { return !d.Account.RenewalDate.IsZero() }},
	{ItemRevenue, perTier(6, 6, 5, 4), recentRevenue},
	{ItemPotential, perTier(5, 5, 4, 0), func(d *AccountData, _ Date) bool { return d.Account.Potential.Minor > 0 }},
	{ItemCadence, perTier(4, 4, 3, 0), func(d *AccountData, _ Date) bool { return d.Account.CadenceDays > 0 }},
	{ItemPlan, perTier(7, 5, 3, 0), func(d *AccountData, _ Date) bool { return workingPlan(d.Plan) }},
}

// missingKey is the sentence of a missing item.
func missingKey(item CardItem) string { return "completeness." + string(item) + ".missing" }

// CompletenessWeights returns the weight of every item for the tier, in the
// table's order (0 = the item does not apply), for the README and the UI.
func CompletenessWeights(t Tier) map[CardItem]int {
	out := make(map[CardItem]int, len(completenessRules))
	for _, r := range completenessRules {
		out[r.Item] = r.Weights[t]
	}
	return out
}

// CardCompleteness scores the account's card on the given day. An account
// without a known tier is weighed as a key account, the middle of the
// table, so that old data still gets a useful score.
func CardCompleteness(d *AccountData, today Date) Completeness {
	tier := d.Account.Tier
	if !tier.Valid() {
		tier = TierKey
	}
	var c Completeness
	total, present := 0, 0
	for _, r := range completenessRules {
		wt := r.Weights[tier]
		if wt == 0 {
			continue
		}
		total += wt
		if r.has(d, today) {
			present += wt
			continue
		}
		c.Missing = append(c.Missing, MissingItem{Item: r.Item, Weight: wt, Phrase: Phrase{Key: missingKey(r.Item)}})
	}
	// Stable: ties keep the table's order.
	slices.SortStableFunc(c.Missing, func(a, b MissingItem) int { return b.Weight - a.Weight })
	if total > 0 {
		c.Score = int(math.Round(100 * float64(present) / float64(total)))
	}
	return c
}

func filled(s string) bool { return strings.TrimSpace(s) != "" }

// hasRole: an active, real person (not an empty seat) holds the role. A
// champion counts as a coach: both guide us from the inside.
func hasRole(d *AccountData, role BuyingRole) bool {
	for i := range d.Contacts {
		c := &d.Contacts[i]
		if !c.Active() || c.Placeholder {
			continue
		}
		if c.Role == role || role == RoleCoach && c.Attitude == AttitudeChampion {
			return true
		}
	}
	return false
}

// decisionMakerMet: an active economic buyer or highly influential contact
// took part in a visit within MetRecentlyDays before today.
func decisionMakerMet(d *AccountData, today Date) bool {
	last := LastMet(d.Visits)
	todayN := dayNum(today)
	for i := range d.Contacts {
		c := &d.Contacts[i]
		if !c.Active() || c.Placeholder || (c.Role != RoleEconomic && c.Influence < InfluentialLevel) {
			continue
		}
		if m, ok := last[c.ID]; ok {
			if n := dayNum(m); n <= todayN && todayN-n <= MetRecentlyDays {
				return true
			}
		}
	}
	return false
}

// recentRevenue: a revenue entry for a period that ended within the last
// year or is still running.
func recentRevenue(d *AccountData, today Date) bool {
	from := dayNum(today) - 365
	for _, r := range d.Account.Revenue {
		if _, _, end, ok := periodInfo(r.Period); ok && dayNum(end) >= from && r.Amount.Minor > 0 {
			return true
		}
	}
	return false
}

// workingPlan: a plan with an objective and an action still to do.
func workingPlan(pl *Plan) bool {
	if pl == nil || !pl.HasOpenAction() {
		return false
	}
	for _, o := range pl.Objectives {
		if filled(o.Text) {
			return true
		}
	}
	return false
}
