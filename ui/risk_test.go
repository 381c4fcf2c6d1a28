package ui

import (
	"context"
	"fmt"
	"fyne.io/fyne/v2/lang"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"keycard/accounts"
	"keycard/book"
	"keycard/storage"
)

// seedSigns gives each named account one open sign of the given severity.
func seedSigns(t *testing.T, s *storage.Store, sev map[string]accounts.Severity) map[string]accounts.ID {
	t.Helper()
	ids := map[string]accounts.ID{}
	day := accounts.DateOf(testNow)
	for name, sv := range sev {
		a := createAccount(t, s, accounts.Account{Name: name})
		ids[name] = a.ID
		if sv == "" {
			continue
		}
		ws := accounts.Warning{AccountID: a.ID, Kind: accounts.WarnPricePressure, Severity: sv, Status: accounts.WarningOpen, Observed: day.AddDays(-2)}
		if err := s.CreateWarning(&ws); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

// The risk view ranks the accounts by score with their top reason, filters
// by owner, and a row or a dot of the chart opens the account.
func TestRiskViewRanksAndOpens(t *testing.T) {
	s := openStore(t)
	ids := seedSigns(t, s, map[string]accounts.Severity{
		"Alpha": accounts.SeverityLow, "Bravo": accounts.SeverityCritical, "Charlie": accounts.SeverityMedium, "Delta": ""})
	w := newTestWindow(t, s)
	w.showRisk()
	w.wait()
	v := w.riskView
	if v == nil || !w.showing(v.content) {
		t.Fatal("the risk view is not showing")
	}
	var order []string
	for _, i := range v.shown {
		order = append(order, v.board.Entries[i].Name)
	}
	if strings.Join(order, ",") != "Bravo,Charlie,Alpha,Delta" {
		t.Fatalf("ranked %v, want Bravo (20), Charlie (8), Alpha (4), Delta (0)", order)
	}
	shown := labels(v.content)
	sign := reasonLine(accounts.Reason{Points: 20, Text: accounts.Say("risk.warning.reason", "Kind", accounts.WarnPricePressure.Label(),
		"Severity", accounts.SeverityCritical.Label(), "State", accounts.WarningOpen.Label(), "Observed", accounts.DateOf(testNow).AddDays(-2))})
	detail := lang.L("riskview.detail", map[string]any{"Owner": "Li Wei", "Tier": tx(accounts.TierKey.Label()), "Class": "C", "CLV": "§"})
	for _, want := range []string{"Bravo", sign, detail[:strings.Index(detail, "§")]} {
		if !strings.Contains(shown, want) {
			t.Errorf("the risk view lacks %q:\n%s", want, shown)
		}
	}
	if len(v.chart.dots) != 4 {
		t.Fatalf("the chart has %d dots, want 4", len(v.chart.dots))
	}

	v.list.Select(1)
	w.wait()
	if w.account == nil || w.account.id != ids["Charlie"] {
		t.Fatal("clicking the second row should open Charlie")
	}

	w.showRisk()
	w.wait()
	var bravo int
	for i, d := range v.chart.dots {
		if d.ID == ids["Bravo"] {
			bravo = i
		}
	}
	test.TapAt(v.chart, v.chart.dotPos(bravo, v.chart.Size()))
	w.wait()
	if w.account == nil || w.account.id != ids["Bravo"] {
		t.Fatal("tapping Bravo's dot should open Bravo")
	}

	w.showRisk()
	w.wait()
	v.tier.SetSelected(tx(accounts.TierStrategic.Label()))
	if len(v.shown) != 0 || len(v.chart.dots) != 0 {
		t.Errorf("filtering by a tier without accounts still shows %d", len(v.shown))
	}
	v.tier.SetSelected(tx(accounts.TierKey.Label()))
	v.owner.SetSelected("Li Wei")
	if len(v.shown) != 4 {
		t.Errorf("the owner and tier of every account filter out %d", 4-len(v.shown))
	}
}

// Today lists an account whose score rose against the snapshot of a week
// ago, with the rise and the reason, and the row opens the account.
func TestTodayShowsRiskRise(t *testing.T) {
	s := openStore(t)
	ids := seedSigns(t, s, map[string]accounts.Severity{"Risen": accounts.SeverityHigh, "Steady": accounts.SeverityLow})
	today := accounts.DateOf(testNow)
	if err := s.SaveRiskSnapshots(today.AddDays(-9), []accounts.RiskScore{
		{AccountID: ids["Risen"], Score: 2}, {AccountID: ids["Steady"], Score: 4}}); err != nil {
		t.Fatal(err)
	}
	w := newTestWindow(t, s)
	r := w.today.data.risen
	if len(r) != 1 || r[0].ID != ids["Risen"] || r[0].from != 2 || r[0].to != 14 {
		t.Fatalf("risen = %+v, want Risen 2 → 14 only", r)
	}
	shown := labels(w.today.content)
	for _, o := range test.LaidOutObjects(w.today.content) {
		if l, ok := o.(*tapLabel); ok {
			shown += l.Text + "\n"
		}
	}
	rise := lang.L("today.risen.row", map[string]any{"Name": "Risen", "From": 2, "To": 14, "Delta": 12}) + " — " +
		reasonLine(accounts.Reason{Points: 14, Text: accounts.Say("risk.warning.reason", "Kind", accounts.WarnPricePressure.Label(),
			"Severity", accounts.SeverityHigh.Label(), "State", accounts.WarningOpen.Label(), "Observed", today.AddDays(-2))})
	if !strings.Contains(shown, lang.L("today.risen", map[string]any{"Count": 1})) || !strings.Contains(shown, rise) {
		t.Fatalf("Today does not show the rise:\n%s", shown)
	}
	for _, o := range test.LaidOutObjects(w.today.content) {
		if l, ok := o.(*tapLabel); ok && strings.HasPrefix(l.Text, lang.L("today.risen.row", map[string]any{"Name": "Risen", "From": 2, "To": 14, "Delta": 12})) {
			test.Tap(l)
		}
	}
	w.wait()
	if w.account == nil || w.account.id != ids["Risen"] {
		t.Fatal("the row should open the account")
	}
}

// The portfolio list's risk filter uses the scan of every account.
func TestPortfolioRiskFilterUsesScores(t *testing.T) {
	s := openStore(t)
	ids := seedSigns(t, s, map[string]accounts.Severity{"Calm": "", "Stormy": accounts.SeverityCritical})
	for _, k := range []accounts.WarningKind{accounts.WarnBudgetCut, accounts.WarnCompetitor} {
		ws := accounts.Warning{AccountID: ids["Stormy"], Kind: k, Severity: accounts.SeverityCritical, Status: accounts.WarningOpen, Observed: accounts.DateOf(testNow)}
		if err := s.CreateWarning(&ws); err != nil {
			t.Fatal(err)
		}
	}
	w := newTestWindow(t, s)
	w.portfolio.filter.Risk = accounts.RiskElevated // 60 points: high
	w.portfolio.apply()
	if w.portfolio.model.Len() != 0 {
		t.Errorf("no account is elevated, the list shows %d", w.portfolio.model.Len())
	}
	w.portfolio.filter.Risk = accounts.RiskHigh
	w.portfolio.apply()
	if w.portfolio.model.Len() != 1 {
		t.Fatalf("the high filter shows %d accounts, want Stormy", w.portfolio.model.Len())
	}
	if sm, _ := w.portfolio.model.At(0); sm.ID != ids["Stormy"] {
		t.Errorf("the high filter shows %s", sm.Name)
	}
}

// A change to one account rescores that account alone: its new score
// reaches the board and the portfolio list without another scan of every
// account, and its class and value rank stay those of the last scan.
func TestChangeRescoresOnlyThatAccount(t *testing.T) {
	s := openStore(t)
	ids := seedSigns(t, s, map[string]accounts.Severity{"Calm": "", "Stormy": accounts.SeverityMedium})
	w := newTestWindow(t, s)
	scans := w.board.Scan
	before := *w.board.Get(ids["Calm"])
	ws := accounts.Warning{AccountID: ids["Calm"], Kind: accounts.WarnBudgetCut, Severity: accounts.SeverityCritical, Status: accounts.WarningOpen, Observed: accounts.DateOf(testNow)}
	if err := s.CreateWarning(&ws); err != nil {
		t.Fatal(err)
	}
	// written elsewhere: the change comes in through the book's door
	w.book.Apply(book.Change{Source: book.Source{Origin: book.Server}, Accounts: []accounts.ID{ids["Calm"]}})
	w.wait()
	if w.board.Scan != scans {
		t.Errorf("a change to one account scanned the whole portfolio again")
	}
	b := w.board
	if b.Entries[0].ID != ids["Calm"] || b.Entries[0].Score.Score != 20 {
		t.Fatalf("the board ranks %s (%d) first, want Calm with its new score 20", b.Entries[0].Name, b.Entries[0].Score.Score)
	}
	if e := b.Get(ids["Calm"]); e.Class != before.Class || e.Rank != before.Rank {
		t.Errorf("class and rank changed from %s/%v to %s/%v", before.Class, before.Rank, e.Class, e.Rank)
	}
	if got := b.Level(ids["Stormy"]); got != accounts.ScoreRisk(mustRiskInput(t, s, ids["Stormy"]), accounts.DateOf(testNow)).Level {
		t.Errorf("the unchanged account's level became %s", got)
	}
	i := w.portfolio.model.IndexOf(ids["Calm"])
	if i < 0 {
		t.Fatal("Calm is missing from the portfolio list")
	}
	if _, level := w.portfolio.model.At(i); level != b.Level(ids["Calm"]) {
		t.Errorf("the portfolio list does not show Calm's new level %s", b.Level(ids["Calm"]))
	}
}

func mustRiskInput(t *testing.T, s *storage.Store, id accounts.ID) accounts.RiskInput {
	t.Helper()
	in, err := s.RiskInputFor(id)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// Scoring every account of the large set, as start-up and the risk view do:
//
//	KEYCARD_BIG_DB=$PWD/big.db go test -tags migrated_fynedo -run '^$' -bench BigRiskScan -benchtime 3x ./ui/
func BenchmarkBigRiskScan(b *testing.B) {
	s := bigStore(b)
	n := 0
	for b.Loop() {
		// The store is read-only: the board comes, its snapshots cannot be saved.
		board, err := testBook(s).Board(context.Background())
		if board == nil {
			b.Fatal(err)
		}
		n = len(board.Entries)
	}
	if n > 0 {
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "µs/account")
	}
}

// On a start the list shows each account's last saved risk level and card
// before the day's first scan is done (on a large book it takes seconds),
// and the scan's figures then take their place.
func TestStartShowsTheLastSnapshotsBeforeTheScan(t *testing.T) {
	s := openStore(t)
	ids := seedSigns(t, s, map[string]accounts.Severity{"Calm": "", "Stormy": accounts.SeverityCritical})
	yesterday := accounts.DateOf(testNow).AddDays(-1)
	if err := s.SaveRiskSnapshots(yesterday, []accounts.RiskScore{
		{AccountID: ids["Calm"], Score: 90, Level: accounts.RiskCritical}}, 12); err != nil {
		t.Fatal(err)
	}
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := NewMainWindow(a, testBook(s), Options{Now: func() time.Time { return testNow }, queued: true})
	shown := func() map[string]string {
		got := map[string]string{}
		for i := range w.portfolio.model.Len() {
			sum, risk := w.portfolio.model.At(i)
			got[sum.Name] = fmt.Sprintf("%s/%d", risk, w.portfolio.model.CardAt(i))
		}
		return got
	}
	// One result at a time (the summaries, Today, the snapshots, the
	// board), looking at the list between them.
	want := map[string]string{"Calm": fmt.Sprintf("%s/12", accounts.RiskCritical), "Stormy": "/-1"}
	var before map[string]string
	for range 10 {
		w.step()
		if w.board != nil {
			break
		}
		before = shown()
	}
	if fmt.Sprint(before) != fmt.Sprint(want) {
		t.Fatalf("before the scan the list shows %v, want %v", before, want)
	}
	w.wait()
	if w.board == nil {
		t.Fatal("no board after the scan")
	}
	for i := range w.portfolio.model.Len() {
		sum, risk := w.portfolio.model.At(i)
		if risk != w.board.Level(sum.ID) {
			t.Errorf("after the scan %s shows %s, the board says %s", sum.Name, risk, w.board.Level(sum.ID))
		}
	}
}

// What waits for the first frames (the day's first scan, the search texts)
// runs startDelay after the list first showed, and at once from then on.
func TestWorkAfterTheFirstFramesWaits(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := &shell{app: a}
	ran := make(chan time.Time, 2)
	start := time.Now()
	w.afterFirstFrames(func() { ran <- time.Now() })
	select {
	case <-ran:
		t.Fatal("it ran while the window was drawing the list")
	default:
	}
	select {
	case at := <-ran:
		if d := at.Sub(start); d < startDelay {
			t.Fatalf("it ran after %v, before startDelay", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("it never ran")
	}
	w.afterFirstFrames(func() { ran <- time.Now() })
	select {
	case <-ran:
	default:
		t.Fatal("a later call waited too")
	}
}
