package accounts

import (
	"math"
	"strings"
	"testing"
)

var cardToday = NewDate(2026, 11, 23)

// completeCard is an account whose card has every item.
func completeCard(tier Tier) *AccountData {
	met := cardToday.AddDays(-20).Time()
	return &AccountData{
		Account: Account{Meta: Meta{ID: "acc-full"}, Name: "华东精密制造", Owner: "Li Wei", Tier: tier, Stage: StageMature,
			Region: "East", City: "Shanghai", Industry: "Machinery", Currency: "CNY",
			Competitors: []Competitor{{Name: "Siemens"}},
			Strengths:   "service network", Weaknesses: "price", ValueProposition: "uptime",
			StrategicGoals: "double capacity", TransactionHabits: "yearly frame contract",
			CreditRating: "AA", PaymentTerms: "Net 60", RenewalDate: NewDate(2027, 3, 1),
			Revenue:   []RevenueEntry{{Period: "2026-Q3", Amount: Amount(1e5, "CNY")}},
			Potential: Amount(5e5, "CNY"), CadenceDays: 30},
		Contacts: []Contact{
			{Meta: Meta{ID: "c-eb"}, Name: "Zhang", Role: RoleEconomic, Influence: 5},
			{Meta: Meta{ID: "c-co"}, Name: "Wang", Role: RoleCoach, Influence: 2},
		},
		Visits: []Visit{{Meta: Meta{ID: "v1"}, At: met, Kind: KindOnSite, ContactIDs: []ID{"c-eb"}}},
		Plan: &Plan{Objectives: []Objective{{ID: "o1", Text: "Win line 2", Status: ProgressPlanned}},
			Actions: []Action{{ID: "a1", Text: "Demo", Status: ProgressPlanned}}},
	}
}

// removers take one item off a complete card.
var removers = map[CardItem]func(d *AccountData){
	ItemOwner:         func(d *AccountData) { d.Account.Owner = "" },
	ItemRegion:        func(d *AccountData) { d.Account.Region = " " },
	ItemIndustry:      func(d *AccountData) { d.Account.Industry = "" },
	ItemEconomicBuyer: func(d *AccountData) { d.Contacts[0].Role = RoleUser },
	ItemCoach:         func(d *AccountData) { d.Contacts[1].Status = StatusLeft },
	ItemDecisionMakerMet: func(d *AccountData) {
		d.Visits[0].At = cardToday.AddDays(-MetRecentlyDays - 1).Time()
	},
	ItemCompetitors:       func(d *AccountData) { d.Account.Competitors = nil },
	ItemKnowYourself:      func(d *AccountData) { d.Account.Weaknesses = "" },
	ItemStrategicGoals:    func(d *AccountData) { d.Account.StrategicGoals = "" },
	ItemTransactionHabits: func(d *AccountData) { d.Account.TransactionHabits = "" },
	ItemCreditRating:      func(d *AccountData) { d.Account.CreditRating = "" },
	ItemPaymentTerms:      func(d *AccountData) { d.Account.PaymentTerms = "" },
	ItemRenewalDate:       func(d *AccountData) { d.Account.RenewalDate = Date{} },
	ItemRevenue:           func(d *AccountData) { d.Account.Revenue[0].Period = "2025-Q2" },
	ItemPotential:         func(d *AccountData) { d.Account.Potential = Money{} },
	ItemCadence:           func(d *AccountData) { d.Account.CadenceDays = 0 },
	ItemPlan:              func(d *AccountData) { d.Plan.Actions[0].Status = ProgressDone },
}

func tierTotal(tier Tier) int {
	total := 0
	for _, w := range CompletenessWeights(tier) {
		total += w
	}
	return total
}

func TestCompletenessTableCoversEveryItem(t *testing.T) {
	if len(completenessRules) != len(CardItems()) {
		t.Fatalf("%d rules for %d items", len(completenessRules), len(CardItems()))
	}
	for i, r := range completenessRules {
		if r.Item != CardItems()[i] {
			t.Errorf("rule %d is %s, the enum says %s", i, r.Item, CardItems()[i])
		}
		if removers[r.Item] == nil {
			t.Errorf("no test remover for %s", r.Item)
		}
		for _, tier := range Tiers() {
			if _, ok := r.Weights[tier]; !ok {
				t.Errorf("%s has no weight for %s", r.Item, tier)
			}
		}
		for _, lang := range []string{"en", "zh-Hans"} {
			if s := say(lang, Phrase{Key: missingKey(r.Item)}); strings.HasPrefix(s, "MISSING") {
				t.Errorf("%s: %s", lang, s)
			}
		}
	}
}

func TestCompleteCardScores100(t *testing.T) {
	for _, tier := range Tiers() {
		c := CardCompleteness(completeCard(tier), cardToday)
		if c.Score != 100 || len(c.Missing) != 0 {
			t.Errorf("%s: complete card scores %d, missing %+v", tier, c.Score, c.Missing)
		}
	}
}

// TestEachMissingItemLowersByItsShare: per tier, each item removed alone
// lowers the score by exactly its weight's share, and is the one item
// listed; an item weighted 0 for the tier changes nothing.
func TestEachMissingItemLowersByItsShare(t *testing.T) {
	for _, tier := range Tiers() {
		total := tierTotal(tier)
		weights := CompletenessWeights(tier)
		for _, item := range CardItems() {
			t.Run(string(tier)+"/"+string(item), func(t *testing.T) {
				d := completeCard(tier)
				removers[item](d)
				c := CardCompleteness(d, cardToday)
				w := weights[item]
				if w == 0 {
					if c.Score != 100 || len(c.Missing) != 0 {
						t.Fatalf("%s does not count for %s, yet score %d missing %+v", item, tier, c.Score, c.Missing)
					}
					return
				}
				want := int(math.Round(100 * float64(total-w) / float64(total)))
				if c.Score != want {
					t.Errorf("score %d, want %d (weight %d of %d)", c.Score, want, w, total)
				}
				if len(c.Missing) != 1 || c.Missing[0].Item != item || c.Missing[0].Weight != w {
					t.Fatalf("missing %+v, want only %s", c.Missing, item)
				}
				if en(c.Missing[0].Phrase) == "" || strings.HasPrefix(zh(c.Missing[0].Phrase), "MISSING") {
					t.Errorf("phrase %v does not read", c.Missing[0].Phrase)
				}
			})
		}
	}
}

func TestMaintainIgnoresStrategicItems(t *testing.T) {
	d := completeCard(TierMaintain)
	for _, item := range []CardItem{ItemEconomicBuyer, ItemCoach, ItemDecisionMakerMet, ItemCompetitors,
		ItemKnowYourself, ItemStrategicGoals, ItemPlan, ItemRenewalDate, ItemPotential, ItemCadence} {
		removers[item](d)
	}
	if c := CardCompleteness(d, cardToday); c.Score != 100 {
		t.Errorf("maintain card without strategic items scores %d, missing %+v", c.Score, c.Missing)
	}
	for _, item := range []CardItem{ItemOwner, ItemRegion, ItemCreditRating, ItemPaymentTerms, ItemRevenue} {
		if CompletenessWeights(TierMaintain)[item] == 0 {
			t.Errorf("maintain must still count %s", item)
		}
	}
}

func TestStrategicWeighsMoreThanGrowth(t *testing.T) {
	for _, item := range []CardItem{ItemEconomicBuyer, ItemCoach, ItemCompetitors, ItemKnowYourself, ItemPlan} {
		s, g := CompletenessWeights(TierStrategic)[item], CompletenessWeights(TierGrowth)[item]
		if s <= g {
			t.Errorf("%s: strategic %d not above growth %d", item, s, g)
		}
	}
}

func TestMissingSortedByWeightThenTable(t *testing.T) {
	d := completeCard(TierStrategic)
	for _, item := range []CardItem{ItemRegion, ItemEconomicBuyer, ItemOwner, ItemCompetitors, ItemKnowYourself} {
		removers[item](d)
	}
	c := CardCompleteness(d, cardToday)
	var got []CardItem
	for _, m := range c.Missing {
		got = append(got, m.Item)
	}
	want := []CardItem{ItemEconomicBuyer, ItemCompetitors, ItemKnowYourself, ItemOwner, ItemRegion}
	if len(got) != len(want) {
		t.Fatalf("missing %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("missing %v, want %v", got, want)
		}
	}
}

// TestExitStageStillScored: a lost account's card is scored like any other
// (it is what a win-back starts from).
func TestExitStageStillScored(t *testing.T) {
	d := completeCard(TierKey)
	d.Account.Stage = StageExit
	removers[ItemCoach](d)
	live := completeCard(TierKey)
	removers[ItemCoach](live)
	if a, b := CardCompleteness(d, cardToday), CardCompleteness(live, cardToday); a.Score != b.Score || a.Score == 100 {
		t.Errorf("exit %d, live %d", a.Score, b.Score)
	}
}

func TestCompletenessEdges(t *testing.T) {
	empty := &AccountData{}
	if c := CardCompleteness(empty, cardToday); c.Score != 0 || len(c.Missing) != len(CardItems()) {
		t.Errorf("empty card (tier unset, weighed as key): %d, %d missing", c.Score, len(c.Missing))
	}
	// A seat on the map (placeholder) is not a person.
	d := completeCard(TierStrategic)
	d.Contacts[0].Placeholder = true
	c := CardCompleteness(d, cardToday)
	if len(c.Missing) != 2 || c.Missing[0].Item != ItemEconomicBuyer || c.Missing[1].Item != ItemDecisionMakerMet {
		t.Errorf("placeholder economic buyer: %+v", c.Missing)
	}
	// A champion counts as a coach.
	d = completeCard(TierStrategic)
	d.Contacts[1].Role, d.Contacts[1].Attitude = RoleUser, AttitudeChampion
	if c := CardCompleteness(d, cardToday); c.Score != 100 {
		t.Errorf("champion as coach: %+v", c)
	}
	// A visit after today does not count as met.
	d = completeCard(TierStrategic)
	d.Visits[0].At = cardToday.AddDays(3).Time()
	if c := CardCompleteness(d, cardToday); len(c.Missing) != 1 || c.Missing[0].Item != ItemDecisionMakerMet {
		t.Errorf("future visit: %+v", c.Missing)
	}
}

func BenchmarkCardCompleteness(b *testing.B) {
	d := completeCard(TierStrategic)
	removers[ItemCoach](d)
	for b.Loop() {
		CardCompleteness(d, cardToday)
	}
}
