package demo

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"

	"keycard/accounts"
)

var testNow = time.Date(2026, time.May, 20, 10, 30, 0, 0, time.UTC)

func TestSameSeedSameData(t *testing.T) {
	a := Generate(Options{Seed: 7, Now: testNow})
	b := Generate(Options{Seed: 7, Now: testNow})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs with the same seed and clock differ")
	}
	c := Generate(Options{Seed: 8, Now: testNow})
	if reflect.DeepEqual(a, c) || a[0].Account.ID == c[0].Account.ID {
		t.Fatal("a different seed yields the same data")
	}
	// The zero clock is a fixed day, not the wall clock.
	if !reflect.DeepEqual(Generate(Options{Seed: 7}), Generate(Options{Seed: 7, Now: DefaultNow})) {
		t.Fatal("zero Now does not mean DefaultNow")
	}
}

// validateAll checks every record as the store would before writing it.
func validateAll(t *testing.T, d accounts.AccountData) {
	t.Helper()
	name := d.Account.Name
	check := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Errorf("%s: %s does not validate: %v", name, what, err)
		}
	}
	check("account", d.Account.Validate())
	ids := map[accounts.ID]bool{d.Account.ID: true}
	unique := func(id accounts.ID) {
		t.Helper()
		if !id.Valid() {
			t.Errorf("%s: bad id %q", name, id)
		}
		if ids[id] {
			t.Errorf("%s: id %s used twice", name, id)
		}
		ids[id] = true
	}
	contacts := map[accounts.ID]bool{}
	for i := range d.Contacts {
		c := &d.Contacts[i]
		unique(c.ID)
		contacts[c.ID] = true
		if c.AccountID != d.Account.ID {
			t.Errorf("%s: contact %s belongs to another account", name, c.Name)
		}
		check("contact "+c.Name, c.Validate())
	}
	check("reporting lines", accounts.ValidateReporting(d.Contacts))
	for i := range d.Links {
		l := &d.Links[i]
		unique(l.ID)
		check("influence link", l.Validate())
		if !contacts[l.From] || !contacts[l.To] {
			t.Errorf("%s: influence link to a contact of another account", name)
		}
	}
	for i := range d.Visits {
		v := &d.Visits[i]
		unique(v.ID)
		check("visit "+v.At.String(), v.Validate())
		if i > 0 && v.At.After(d.Visits[i-1].At) {
			t.Errorf("%s: visits are not newest first", name)
		}
		for _, cid := range v.ContactIDs {
			if !contacts[cid] {
				t.Errorf("%s: a visit names a contact of another account", name)
			}
		}
		for _, g := range v.Gifts {
			if g.ContactID != "" && !contacts[g.ContactID] {
				t.Errorf("%s: a gift goes to a contact of another account", name)
			}
		}
	}
	for i := range d.Warnings {
		unique(d.Warnings[i].ID)
		check("warning", d.Warnings[i].Validate())
	}
	if d.Plan != nil {
		check("plan", d.Plan.Validate())
		if d.Plan.AccountID != d.Account.ID {
			t.Errorf("%s: plan of another account", name)
		}
	}
}

func TestPortfolioValidates(t *testing.T) {
	for _, seed := range []int64{1, 2, 42} {
		for _, d := range Generate(Options{Seed: seed, Now: testNow}) {
			validateAll(t, d)
		}
	}
	// A second round of the portfolio gets distinct names.
	names := map[string]bool{}
	for _, d := range Generate(Options{Seed: 1, Now: testNow, Accounts: 65}) {
		validateAll(t, d)
		if names[d.Account.Name] {
			t.Errorf("name %q used twice", d.Account.Name)
		}
		names[d.Account.Name] = true
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// TestPortfolioIsRealistic checks that the demo shows every situation the
// home screen and the account views are built for.
func TestPortfolioIsRealistic(t *testing.T) {
	data := Generate(Options{Seed: 1, Now: testNow})
	if len(data) != DefaultAccounts {
		t.Fatalf("got %d accounts, want %d", len(data), DefaultAccounts)
	}
	today := accounts.DateOf(testNow)
	var (
		zh, en, birthdaysSoon, left, placeholders, buyerLeft, links, plans int
		renewalsSoon, overdue, dueThisWeek, done, gifts, negativeRun       int
		rising, falling, notVisited                                        int
	)
	owners, tiers, stages, kinds := map[string]bool{}, map[accounts.Tier]bool{}, map[accounts.Stage]bool{}, map[accounts.VisitKind]bool{}
	statuses, roles, attitudes := map[accounts.WarningStatus]bool{}, map[accounts.BuyingRole]bool{}, map[accounts.Attitude]bool{}
	for _, d := range data {
		a := d.Account
		if hasHan(a.Name) {
			zh++
		} else {
			en++
		}
		owners[a.Owner], tiers[a.Tier], stages[a.Stage] = true, true, true
		if len(a.Team) == 0 || len(a.Competitors) == 0 {
			t.Errorf("%s: no team or no competitors", a.Name)
		}
		if n := len(d.Contacts); n < 4 || n > 15 {
			t.Errorf("%s: %d contacts, want 4–15", a.Name, n)
		}
		if len(a.Revenue) != 8 {
			t.Errorf("%s: %d revenue periods, want 8", a.Name, len(a.Revenue))
		} else if first, last := a.Revenue[0].Amount.Minor, a.Revenue[7].Amount.Minor; last > first*11/10 {
			rising++
		} else if last < first*9/10 {
			falling++
		}
		for _, r := range a.Revenue {
			if r.ShareOfWallet() <= 0 || r.ShareOfWallet() > 1 {
				t.Errorf("%s: share of wallet %.2f", a.Name, r.ShareOfWallet())
			}
		}
		if n := today.DaysUntil(a.RenewalDate); n >= 0 && n <= 90 {
			renewalsSoon++
		} else if n < 0 || n > 366 {
			t.Errorf("%s: renewal %s not within the next year", a.Name, a.RenewalDate)
		}
		var ecoLeft bool
		for _, c := range d.Contacts {
			roles[c.Role], attitudes[c.Attitude] = true, true
			if !c.Birthday.IsZero() {
				if n := today.DaysUntil(c.Birthday.NextAnniversary(today)); n >= 1 && n <= 14 {
					birthdaysSoon++
				}
			}
			if !c.Active() {
				left++
				ecoLeft = ecoLeft || c.Role == accounts.RoleEconomic
			}
			if c.Placeholder {
				placeholders++
			}
		}
		if ecoLeft {
			buyerLeft++
		}
		links += len(d.Links)
		if d.Plan != nil {
			plans++
			if len(d.Plan.Objectives) == 0 || len(d.Plan.Strategies) == 0 || len(d.Plan.Actions) == 0 || len(d.Plan.Opportunities) == 0 {
				t.Errorf("%s: plan lacks a part", a.Name)
			}
		}
		for _, w := range d.Warnings {
			statuses[w.Status] = true
		}
		if len(d.Visits) < 5 {
			t.Errorf("%s: only %d visits in a year", a.Name, len(d.Visits))
		}
		if len(d.Visits) > 0 {
			if accounts.DateOf(d.Visits[0].At).DaysUntil(today) > a.CadenceDays {
				notVisited++
			}
			oldest := accounts.DateOf(d.Visits[len(d.Visits)-1].At)
			if oldest.DaysUntil(today) > 365 || !d.Visits[0].At.Before(testNow) {
				t.Errorf("%s: visits outside the past year", a.Name)
			}
		}
		run := 0
		for k, v := range d.Visits {
			kinds[v.Kind] = true
			gifts += len(v.Gifts)
			if k == run && v.Outcome == accounts.OutcomeNegative {
				run++
			}
			for _, s := range v.NextSteps {
				switch {
				case s.Done:
					done++
				case s.Due.Before(today):
					overdue++
				case today.DaysUntil(s.Due) <= 7:
					dueThisWeek++
				}
			}
		}
		if run >= 3 {
			negativeRun++
		}
	}
	checks := []struct {
		what string
		got  int
		min  int
	}{
		{"Chinese-named accounts", zh, 10}, {"English-named accounts", en, 10},
		{"owners", len(owners), 3}, {"tiers", len(tiers), 4}, {"lifecycle stages", len(stages), 5},
		{"buying roles", len(roles), 6}, {"attitudes", len(attitudes), 5}, {"visit kinds", len(kinds), 6},
		{"birthdays in the next 14 days", birthdaysSoon, 2}, {"contacts who left", left, 3},
		{"accounts whose economic buyer left", buyerLeft, 1}, {"placeholder seats", placeholders, 2},
		{"influence links", links, 10}, {"plans", plans, 8}, {"renewals within 90 days", renewalsSoon, 3},
		{"overdue follow-ups", overdue, 3}, {"follow-ups due this week", dueThisWeek, 3},
		{"done follow-ups", done, 100}, {"gifts", gifts, 3}, {"accounts with a run of negative visits", negativeRun, 1},
		{"warning statuses", len(statuses), 3}, {"rising accounts", rising, 5}, {"falling accounts", falling, 5},
		{"accounts not visited within cadence", notVisited, 2},
	}
	for _, c := range checks {
		if c.got < c.min {
			t.Errorf("%s: %d, want at least %d", c.what, c.got, c.min)
		}
	}
	if plans > 12 {
		t.Errorf("%d plans; about a third of 30 accounts should have one", plans)
	}
	if overdue > done/5 {
		t.Errorf("%d overdue against %d done; most follow-ups should be done", overdue, done)
	}
}

func TestLargeSet(t *testing.T) {
	const n = 400
	var contacts, visits, textBytes int
	err := GenerateEach(Options{Seed: 3, Now: testNow, Large: true, Accounts: n}, func(d accounts.AccountData) error {
		if d.Account.Name == "" {
			t.Fatal("unnamed account")
		}
		if contacts == 0 {
			if len(d.Contacts) != LargeFirstContacts || len(d.Visits) != LargeFirstVisits {
				t.Errorf("first account has %d contacts and %d visits, want %d and %d",
					len(d.Contacts), len(d.Visits), LargeFirstContacts, LargeFirstVisits)
			}
			validateAll(t, d)
		}
		contacts += len(d.Contacts)
		visits += len(d.Visits)
		for _, v := range d.Visits {
			textBytes += len(v.Summary) + len(v.Situation) + len(v.Problem) + len(v.Implication) + len(v.NeedPayoff)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	avgC := float64(contacts-LargeFirstContacts) / (n - 1)
	avgV := float64(visits-LargeFirstVisits) / (n - 1)
	if avgC < 14 || avgC > 16 || avgV < 92 || avgV > 108 {
		t.Errorf("average %.1f contacts and %.1f visits per account, want about 15 and 100", avgC, avgV)
	}
	if per := textBytes / visits; per > 80 {
		t.Errorf("large-mode visits carry %d bytes of notes each; keep them short", per)
	}
}

func TestLargeSetValidates(t *testing.T) {
	for _, d := range Generate(Options{Seed: 5, Now: testNow, Large: true, Accounts: 40}) {
		validateAll(t, d)
		if strings.TrimSpace(d.Account.Name) == "" {
			t.Fatal("unnamed account")
		}
	}
}

func TestGenerateEachStopsOnError(t *testing.T) {
	stop := errors.New("disk full")
	calls := 0
	err := GenerateEach(Options{Seed: 1, Now: testNow}, func(accounts.AccountData) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 3 {
		t.Fatalf("got %v after %d calls, want the callback's error after 3", err, calls)
	}
}

// BenchmarkGenerateLarge measures generating the full benchmark set in
// memory, one account at a time.
func BenchmarkGenerateLarge(b *testing.B) {
	for b.Loop() {
		var contacts, visits int
		_ = GenerateEach(Options{Seed: 1, Now: testNow, Large: true}, func(d accounts.AccountData) error {
			contacts += len(d.Contacts)
			visits += len(d.Visits)
			return nil
		})
		b.ReportMetric(float64(contacts), "contacts")
		b.ReportMetric(float64(visits), "visits")
	}
}

func BenchmarkGeneratePortfolio(b *testing.B) {
	for b.Loop() {
		Generate(Options{Seed: 1, Now: testNow})
	}
}

// Every demo account has a region and a city, and regions hold several
// cities and owners, so a week's visit route groups by city and a regional
// plan has more than one owner to subtotal.
func TestPortfolioHasRegionsAndCities(t *testing.T) {
	cities := map[string]map[string]bool{}
	owners := map[string]map[string]bool{}
	for _, d := range Generate(Options{Seed: 7, Now: testNow}) {
		a := d.Account
		if a.Region == "" || a.City == "" {
			t.Fatalf("%s: region %q, city %q", a.Name, a.Region, a.City)
		}
		if cities[a.Region] == nil {
			cities[a.Region], owners[a.Region] = map[string]bool{}, map[string]bool{}
		}
		cities[a.Region][a.City] = true
		owners[a.Region][a.Owner] = true
	}
	if len(cities["华东"]) < 4 || len(owners["华东"]) < 2 || len(cities["Europe"]) < 4 {
		t.Errorf("regions too thin: 华东 %v by %v, Europe %v", cities["华东"], owners["华东"], cities["Europe"])
	}
}
