package bundle

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"keycard/accounts"
)

var testNow = time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)

// sample builds n accounts with contacts, reporting lines, influence links,
// visits with next steps and gifts, warning signs, a plan and a map layout,
// the same for the same seed.
func sample(seed uint64, n, contactsEach, visitsEach int) []accounts.AccountData {
	r := rand.New(rand.NewPCG(seed, 7))
	id := func(t time.Time) accounts.ID { return accounts.IDAt(t, r) }
	meta := func(t time.Time) accounts.Meta {
		return accounts.Meta{ID: id(t), Version: 1 + r.Int64N(5), CreatedAt: t, UpdatedAt: t.Add(time.Duration(r.IntN(90*24)) * time.Hour)}
	}
	tiers := accounts.Tiers()
	stages := accounts.Stages()
	roles := accounts.BuyingRoles()
	attitudes := accounts.Attitudes()
	kinds := accounts.VisitKinds()
	words := strings.Fields("budget renewal pilot plant procurement 采购 预算 合同 quality delivery price service tender audit roadmap 续约 质量 交付")
	text := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = words[r.IntN(len(words))]
		}
		return strings.Join(w, " ")
	}
	out := make([]accounts.AccountData, n)
	for i := range out {
		created := testNow.AddDate(-3, 0, -r.IntN(700))
		a := accounts.Account{
			Meta:           meta(created),
			Name:           fmt.Sprintf("Account %04d 客户", i),
			Industry:       "Manufacturing",
			Region:         "East China",
			Website:        "https://example.com",
			Tags:           []string{"tender", "2026"},
			Owner:          []string{"Wang Fang", "Li Lei", "Anna Berg"}[i%3],
			Team:           []string{"Zhou Min"},
			Tier:           tiers[r.IntN(len(tiers))],
			Stage:          stages[r.IntN(len(stages))],
			Currency:       "CNY",
			Revenue:        []accounts.RevenueEntry{{Period: "2025", Amount: accounts.Money{Minor: 120_000_00}, WalletTotal: accounts.Money{Minor: 400_000_00}}},
			Potential:      accounts.Money{Minor: 500_000_00},
			RenewalDate:    accounts.NewDate(2026, time.Month(1+r.IntN(12)), 1+r.IntN(28)),
			CadenceDays:    30,
			Competitors:    []accounts.Competitor{{Name: "Rival Ltd", Share: 0.3}},
			StrategicGoals: text(20),
			Notes:          text(30),
			OwnerHistory:   []accounts.OwnershipChange{{From: "", To: "Wang Fang", At: created, Reason: "new account"}},
		}
		d := accounts.AccountData{Account: a}
		for j := 0; j < contactsEach; j++ {
			c := accounts.Contact{
				Meta:              meta(created.Add(time.Duration(j) * time.Hour)),
				AccountID:         a.ID,
				Name:              fmt.Sprintf("Contact %d-%d 张伟", i, j),
				Title:             "Director",
				Email:             fmt.Sprintf("c%d.%d@example.com", i, j),
				Birthday:          accounts.NewDate(1980, time.Month(1+j%12), 1+j%28),
				Role:              roles[r.IntN(len(roles))],
				Influence:         1 + r.IntN(5),
				Attitude:          attitudes[r.IntN(len(attitudes))],
				Trust:             accounts.TrustProfessional,
				Style:             accounts.StyleAnalytical,
				Status:            accounts.StatusActive,
				PersonalInterests: text(5),
				PrivateRemarks:    "private: " + text(6),
				Relationships:     []accounts.Relationship{{Person: a.Owner, Level: accounts.LevelCredible, Wanted: accounts.LevelAdvisor}},
			}
			if j > 0 {
				c.ReportsTo = d.Contacts[(j-1)/2].ID // a tree, never a cycle
			}
			d.Contacts = append(d.Contacts, c)
		}
		for j := 1; j < len(d.Contacts) && j < 4; j++ {
			d.Links = append(d.Links, accounts.InfluenceLink{Meta: meta(created), AccountID: a.ID, From: d.Contacts[j].ID, To: d.Contacts[0].ID, Strength: 1 + j%3, Note: "listens to"})
		}
		for j := 0; j < visitsEach; j++ {
			at := testNow.Add(-time.Duration(j*7*24+r.IntN(48)) * time.Hour)
			v := accounts.Visit{
				Meta: meta(at), AccountID: a.ID, At: at, Kind: kinds[r.IntN(len(kinds))],
				OurPeople: []string{a.Owner}, Objective: text(8), Situation: text(15), Problem: text(12),
				Summary: text(40), Outcome: accounts.OutcomePositive,
				NextSteps: []accounts.NextStep{{ID: id(at), Text: text(6), Owner: a.Owner, Due: accounts.DateOf(at).AddDays(14), Done: j > 2, DoneOn: doneOn(j > 2, at)}},
			}
			if len(d.Contacts) > 0 {
				v.ContactIDs = []accounts.ID{d.Contacts[j%len(d.Contacts)].ID}
			}
			if j%10 == 0 {
				v.Gifts = []accounts.Gift{{Item: "tea", Value: accounts.Money{Minor: 300_00, Currency: "CNY"}}}
			}
			d.Visits = append(d.Visits, v)
		}
		d.Warnings = []accounts.Warning{{
			Meta: meta(created), AccountID: a.ID, Kind: accounts.WarnPricePressure, Observed: accounts.NewDate(2026, 1, 5),
			Severity: accounts.SeverityMedium, Status: accounts.WarningMonitoring, Evidence: text(10),
			History: []accounts.WarningEvent{{At: created, Status: accounts.WarningOpen, Severity: accounts.SeverityMedium}},
		}}
		if i%2 == 0 {
			objID := id(created)
			d.Plan = &accounts.Plan{
				Meta: accounts.Meta{ID: a.ID, Version: 2, CreatedAt: created, UpdatedAt: created}, AccountID: a.ID,
				Objectives:    []accounts.Objective{{ID: objID, Text: "Grow share of wallet", Target: "40 %", Status: accounts.ProgressInProgress}},
				Strategies:    []accounts.Strategy{{ID: id(created), Text: text(8)}},
				Actions:       []accounts.Action{{ID: id(created), Text: text(5), Owner: a.Owner, Status: accounts.ProgressPlanned, ObjectiveID: objID}},
				Opportunities: []accounts.Opportunity{{ID: id(created), Product: "Service plan", Value: accounts.Money{Minor: 80_000_00}, Stage: accounts.StageQualified, StageHistory: []accounts.StageChange{{Stage: accounts.StageQualified, At: created}}}},
			}
		}
		if len(d.Contacts) > 0 {
			d.Layout = &accounts.MapLayout{AccountID: a.ID, Positions: map[accounts.ID]accounts.Point{d.Contacts[0].ID: {X: 10, Y: 20.5}}, UpdatedAt: accounts.NewDate(2026, 2, 1)}
		}
		out[i] = d
	}
	return out
}

func doneOn(done bool, at time.Time) accounts.Date {
	if !done {
		return accounts.Date{}
	}
	return accounts.DateOf(at).AddDays(3)
}

// TestSampleIsValid keeps the generator honest: every test below relies on
// it producing records the bundle accepts.
func TestSampleIsValid(t *testing.T) {
	if bad := check(sample(1, 5, 6, 8)); bad != nil {
		t.Fatal(bad.forWrite())
	}
}
