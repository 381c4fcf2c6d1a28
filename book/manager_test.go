package book

import (
	"testing"

	"keycard/accounts"
	"keycard/demo"
)

// The board carries each account's card completeness, the same as scoring
// the loaded account, and follows a change to the card.
func TestBoardCarriesCardCompleteness(t *testing.T) {
	b := newBook(t, Options{})
	a := mkAccount(t, b, "Thin card")
	board, err := b.Board(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	d, err := b.LoadAccount(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := accounts.CardCompleteness(d, b.Today())
	got, ok := board.Card(a.ID)
	if !ok || got.Score != want.Score || len(got.Missing) != len(want.Missing) {
		t.Fatalf("board card = %+v (%v), want %+v", got, ok, want)
	}
	d.Account.CreditRating, d.Account.PaymentTerms = "AA", "30 days"
	if _, err := b.UpdateAccount(CLI, &d.Account); err != nil {
		t.Fatal(err)
	}
	board, err = b.Board(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got2, _ := board.Card(a.ID); got2.Score <= got.Score {
		t.Errorf("after adding credit rating and terms the score is %d, was %d", got2.Score, got.Score)
	}
}

// Actions land on the plan in one write, whether the account had a plan
// or not, and what the plan held stays.
func TestAddPlanActions(t *testing.T) {
	b := newBook(t, Options{})
	a := mkAccount(t, b, "Planned")
	act := func(text string) accounts.Action {
		return accounts.Action{ID: accounts.NewID(), Text: text, Due: b.Today().AddDays(7), Status: accounts.ProgressPlanned}
	}
	if _, err := b.AddPlanActions(CLI, a.ID, []accounts.Action{act("first")}); err != nil {
		t.Fatal(err)
	}
	c, err := b.AddPlanActions(CLI, a.ID, []accounts.Action{act("second"), act("third")})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Accounts) != 1 || c.Accounts[0] != a.ID {
		t.Errorf("change = %+v, want the account", c)
	}
	pl, err := b.Plan(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(pl.Actions) != 3 || pl.Actions[0].Text != "first" || pl.Actions[2].Text != "third" {
		t.Fatalf("plan actions = %+v", pl.Actions)
	}
	if pl.Version != 2 {
		t.Errorf("plan version %d, want 2 (one write each)", pl.Version)
	}
}

// The churn view's accounts carry the exit record from the board.
func TestChurnAccountsFromTheBoard(t *testing.T) {
	b := newBook(t, Options{})
	a := mkAccount(t, b, "Gone")
	a.Stage = accounts.StageExit
	a.Exit = &accounts.ExitRecord{Reason: accounts.ExitPrice, Date: b.Today().AddDays(-3), YearlyLoss: accounts.Money{Minor: 100000, Currency: "CNY"}}
	if _, err := b.UpdateAccount(CLI, &a); err != nil {
		t.Fatal(err)
	}
	mkAccount(t, b, "Kept")
	board, err := b.Board(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	cs := accounts.Churn(board.ChurnAccounts(), b.Today(), b.Today(), accounts.PeriodQuarter)
	if len(cs) != 1 || cs[0].Lost != 1 || cs[0].Reasons[1].Count != 1 {
		t.Fatalf("churn = %+v", cs)
	}
}

// Leaving the old visits out before scoring changes no card: the board's
// completeness is the domain's on the whole account, on the large set
// (visits over a year, some after the day) a week and a year apart.
func TestCardOfMatchesTheDomain(t *testing.T) {
	for _, day := range []accounts.Date{accounts.DateOf(t0), accounts.DateOf(t0).AddDays(-7), accounts.DateOf(t0).AddDays(-365)} {
		_ = demo.GenerateEach(demo.Options{Large: true, Accounts: 150, Now: t0}, func(d accounts.AccountData) error {
			want := accounts.CardCompleteness(&d, day)
			got := cardOf(d.RiskInput(), day)
			if got.Score != want.Score || len(got.Missing) != len(want.Missing) {
				t.Errorf("%s on %s: board card %+v, domain %+v", d.Account.Name, day, got, want)
			}
			return nil
		})
	}
}

// largeInputs are the risk inputs of the first n accounts of the large
// benchmark set (about 15 contacts and 100 visits each), in memory.
func largeInputs(b testing.TB, n int) []accounts.RiskInput {
	b.Helper()
	var out []accounts.RiskInput
	_ = demo.GenerateEach(demo.Options{Large: true, Accounts: n, Now: t0}, func(d accounts.AccountData) error {
		out = append(out, d.RiskInput())
		return nil
	})
	return out
}

// What the board pays per account for the card completeness, beside the
// risk score and lifetime value it computed already (one board entry).
func BenchmarkBoardEntry1000(b *testing.B) {
	ins := largeInputs(b, 1000)
	day := accounts.DateOf(t0)
	for b.Loop() {
		for _, in := range ins {
			newRiskEntry(in, day)
		}
	}
}

func BenchmarkCardCompleteness1000(b *testing.B) {
	ins := largeInputs(b, 1000)
	day := accounts.DateOf(t0)
	for b.Loop() {
		for _, in := range ins {
			cardOf(in, day)
		}
	}
}

func BenchmarkCardCompletenessUnfiltered1000(b *testing.B) {
	ins := largeInputs(b, 1000)
	day := accounts.DateOf(t0)
	for b.Loop() {
		for _, in := range ins {
			d := accounts.AccountData{Account: *in.Account, Contacts: in.Contacts, Visits: in.Visits, Plan: in.Plan}
			accounts.CardCompleteness(&d, day)
		}
	}
}
