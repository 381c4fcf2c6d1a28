package ui

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"keycard/accounts"
)

// Building and showing the whole main window on the 30-account demo
// portfolio, including the Today scan and the list.
func BenchmarkMainWindowDemo(b *testing.B) {
	s := demoStore(b)
	a := test.NewApp()
	defer a.Quit()
	for b.Loop() {
		w := NewMainWindow(a, testBook(s), Options{Now: func() time.Time { return testNow }, queued: true})
		w.win.Resize(fyne.NewSize(1280, 800))
		w.win.Show()
		w.wait()
		w.win.Close()
	}
}

// bigAccount is one account with 200 contacts and 2,000 visits.
func bigAccount() accounts.AccountData {
	r := accounts.NewID()
	d := accounts.AccountData{Account: accounts.Account{Meta: accounts.Meta{ID: r}, Name: "Big Account", Owner: "Li Wei",
		Tier: accounts.TierStrategic, Stage: accounts.StageMature, CadenceDays: 30}}
	for i := range 200 {
		d.Contacts = append(d.Contacts, accounts.Contact{Meta: accounts.Meta{ID: accounts.NewID()}, AccountID: r,
			Name: fmt.Sprintf("Contact %d", i), Title: "Manager", Influence: 1 + i%5, Role: accounts.BuyingRoles()[i%6],
			Attitude: accounts.Attitudes()[i%5], Status: accounts.StatusActive, Trust: accounts.TrustProfessional})
	}
	for i := range 2000 {
		at := testNow.Add(-time.Duration(i) * 5 * time.Hour)
		v := accounts.Visit{Meta: accounts.Meta{ID: accounts.NewID()}, AccountID: r, At: at, Kind: accounts.VisitKinds()[i%8],
			ContactIDs: []accounts.ID{d.Contacts[i%200].ID}, Summary: "Discussed the renewal and the pilot", Outcome: accounts.Outcomes()[i%3]}
		if i%10 == 0 {
			v.NextSteps = []accounts.NextStep{{ID: accounts.NewID(), Text: "Send the quote", Due: accounts.DateOf(at).AddDays(7), Done: i > 50, DoneOn: accounts.DateOf(at).AddDays(3)}}
		}
		d.Visits = append(d.Visits, v)
	}
	return d
}

// Opening an account with 200 contacts and 2,000 visits to its view model:
// load, risk score and coverage analysis. Budget 50 ms.
func BenchmarkOpenAccountViewModel(b *testing.B) {
	s := openStore(b)
	d := bigAccount()
	if err := s.PutAccountData([]accounts.AccountData{d}); err != nil {
		b.Fatal(err)
	}
	today := accounts.DateOf(testNow)
	for b.Loop() {
		ld, err := s.LoadAccount(d.Account.ID)
		if err != nil {
			b.Fatal(err)
		}
		riskOf(ld, today)
		accounts.AnalyzeCoverage(ld.Contacts, ld.Visits, today)
	}
}

// The same account all the way to its built tabs (widgets, not pixels).
func BenchmarkOpenAccountWidgets(b *testing.B) {
	s := openStore(b)
	d := bigAccount()
	if err := s.PutAccountData([]accounts.AccountData{d}); err != nil {
		b.Fatal(err)
	}
	w := newTestWindow(b, s)
	for b.Loop() {
		w.account = nil
		w.openAccount(d.Account.ID)
		w.wait()
	}
}
