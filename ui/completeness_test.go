package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"keycard/accounts"
	"keycard/demo"
)

// The profile card says how complete the card is and what is missing,
// heaviest first, as coaching; filling an item in takes it off the list.
func TestProfileShowsCardCompletenessAndWhatIsMissing(t *testing.T) {
	s := openStore(t)
	a := createAccount(t, s, accounts.Account{Name: "Thin Card Ltd", Tier: accounts.TierStrategic})
	w := newTestWindow(t, s)
	w.openAccount(a.ID)
	w.wait()
	p := w.account.profile
	d, err := s.LoadAccount(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := accounts.CardCompleteness(d, accounts.DateOf(testNow))
	if want.Score == 100 || len(want.Missing) <= maxMissingShown {
		t.Fatalf("fixture: %+v should miss more than %d items", want, maxMissingShown)
	}
	shown := labels(p.content)
	if !strings.Contains(shown, lang.L("card.score", map[string]any{"Score": want.Score})) {
		t.Errorf("the card does not show its score %d:\n%s", want.Score, shown)
	}
	for i, m := range want.Missing {
		has := strings.Contains(shown, tx(m.Phrase))
		if i < maxMissingShown && !has || i >= maxMissingShown && has {
			t.Errorf("missing item %d (%s) shown = %v", i, m.Item, has)
		}
	}
	if !strings.Contains(shown, lang.L("card.more", map[string]any{"Count": len(want.Missing) - maxMissingShown})) {
		t.Error("the card does not say how many more items are missing")
	}

	// The heaviest item of a strategic account is its economic buyer;
	// recording the credit rating takes that item off after the save.
	credit := tx(accounts.Phrase{Key: "completeness.credit_rating.missing"})
	test.Type(p.credit, "AA")
	test.Tap(p.save)
	w.wait()
	if shown := labels(w.account.profile.content); strings.Contains(shown, credit) {
		t.Errorf("after saving a credit rating the card still says: %s", credit)
	}
}

// The portfolio list shows each account's completeness from the risk
// board beside its risk badge.
func TestPortfolioRowsShowCardCompleteness(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	if w.board == nil {
		t.Fatal("no risk board after start")
	}
	for i := range w.portfolio.model.Len() {
		sum, _ := w.portfolio.model.At(i)
		c, ok := w.board.Card(sum.ID)
		if !ok || w.portfolio.model.CardAt(i) != c.Score {
			t.Fatalf("row %s shows card %d, board says %d (%v)", sum.Name, w.portfolio.model.CardAt(i), c.Score, ok)
		}
	}
	row := newPortfolioRow()
	sum, risk := w.portfolio.model.At(0)
	updatePortfolioRow(row, sum, risk, 78, accounts.DateOf(testNow))
	if !strings.Contains(labelsIn(row), lang.L("portfolio.card", map[string]any{"Score": 78})) {
		t.Errorf("the row does not show the card's completeness:\n%s", labelsIn(row))
	}
}

// Showing a new board's risk levels and card completeness in a list of
// 10,000 accounts: what every rescore costs the UI goroutine.
func BenchmarkPortfolioSetBoard10k(b *testing.B) {
	s := openStore(b)
	var batch []accounts.AccountData
	_ = demo.GenerateEach(demo.Options{Accounts: 10000, Now: testNow}, func(d accounts.AccountData) error {
		batch = append(batch, accounts.AccountData{Account: d.Account})
		return nil
	})
	if err := s.PutAccountData(batch); err != nil {
		b.Fatal(err)
	}
	bk := testBook(s)
	board, err := bk.Board(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	rows, err := s.Summaries()
	if err != nil {
		b.Fatal(err)
	}
	a := test.NewApp()
	defer a.Quit()
	p := newPortfolioView(&shell{app: a, book: bk, now: func() time.Time { return testNow }, current: func() *accountView { return nil }})
	p.model = newPortfolioModel(rows, nil)
	for b.Loop() {
		p.setBoard(board)
	}
}
