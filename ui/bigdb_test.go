package ui

import (
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
	"keycard/storage"
)

// These benchmarks run on the generated large data set (10,000 accounts,
// 150,000 contacts, 1,000,000 visits) when KEYCARD_BIG_DB names it:
//
//	keycardctl --db big.db generate
//	KEYCARD_BIG_DB=$PWD/big.db go test -tags migrated_fynedo -run '^$' -bench Big -benchtime 3x ./ui/
func bigStore(b *testing.B) *storage.Store {
	path := os.Getenv("KEYCARD_BIG_DB")
	if path == "" {
		b.Skip("set KEYCARD_BIG_DB to a database made by keycardctl generate")
	}
	s, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// Reading the summaries and building the list model: what start-up and every
// reload of the portfolio cost.
func BenchmarkBigPortfolioLoad(b *testing.B) {
	s := bigStore(b)
	for b.Loop() {
		rows, err := s.Summaries()
		if err != nil {
			b.Fatal(err)
		}
		newPortfolioModel(rows, nil)
	}
}

// Building the search texts and their index of byte pairs, off the UI
// goroutine once the list shows (or by the first search, if it comes
// sooner).
func BenchmarkBigSearchTexts(b *testing.B) {
	s := bigStore(b)
	rows, err := s.Summaries()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		haystacks(rows)
	}
}

// Keeping the search texts across a change that renames nobody: the rows
// read again are compared with those the texts were built for.
func BenchmarkBigSearchTextsKept(b *testing.B) {
	s := bigStore(b)
	rows, err := s.Summaries()
	if err != nil {
		b.Fatal(err)
	}
	built := builtTexts{rows: rows, hay: haystacks(rows)}
	for b.Loop() {
		again, err := s.Summaries()
		if err != nil || built.forRows(again) == nil {
			b.Fatal("texts not kept", err)
		}
	}
}

// One search keystroke over the real 10,000 summaries.
func BenchmarkBigSearchKeystroke(b *testing.B) {
	s := bigStore(b)
	rows, err := s.Summaries()
	if err != nil {
		b.Fatal(err)
	}
	m := newPortfolioModel(rows, nil)
	qs := []string{"a", "al", "alp", "alpi", "华", "华东", "li wei"}
	i := 0
	for b.Loop() {
		m.apply(portfolioFilter{Query: qs[i%len(qs)]})
		i++
	}
}

// The keystroke's floor: strings.Contains over the same names, lower-cased
// once beforehand.
func BenchmarkBigSearchKeystrokeFloor(b *testing.B) {
	s := bigStore(b)
	rows, err := s.Summaries()
	if err != nil {
		b.Fatal(err)
	}
	names := make([]string, len(rows))
	for i := range rows {
		names[i] = strings.ToLower(rows[i].Name)
	}
	qs := []string{"a", "al", "alp", "alpi", "华", "华东", "li wei"}
	i, hits := 0, 0
	for b.Loop() {
		q := qs[i%len(qs)]
		for _, n := range names {
			if strings.Contains(n, q) {
				hits++
			}
		}
		i++
	}
	_ = hits
}

func BenchmarkBigToday(b *testing.B) {
	s := bigStore(b)
	today := accounts.DateOf(testNow)
	for b.Loop() {
		if _, err := loadToday(testBook(s), today); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBigBirthdays(b *testing.B) {
	s := bigStore(b)
	today := accounts.DateOf(testNow)
	for b.Loop() {
		if _, err := loadBirthdays(testBook(s), today); err != nil {
			b.Fatal(err)
		}
	}
}

// The largest account (200 contacts and 2,000 visits in the generated set),
// found by counting every account's contacts: the summaries' name lists
// are cut short and would pick a 25-contact one.
func BenchmarkBigOpenAccountViewModel(b *testing.B) {
	s := bigStore(b)
	rows, err := s.Summaries()
	if err != nil {
		b.Fatal(err)
	}
	var id accounts.ID
	most := 0
	for _, r := range rows {
		cs, err := s.Contacts(r.ID)
		if err != nil {
			b.Fatal(err)
		}
		if len(cs) > most {
			most, id = len(cs), r.ID
		}
	}
	b.ReportMetric(float64(most), "contacts")
	today := accounts.DateOf(testNow)
	for b.Loop() {
		d, err := s.LoadAccount(id)
		if err != nil {
			b.Fatal(err)
		}
		riskOf(d, today)
		accounts.AnalyzeCoverage(d.Contacts, d.Visits, today)
	}
}

// The full scan behind the risk board, the list's risk badges and card
// completeness and the churn view, on the real 10,000 accounts. The
// database is read-only here, so saving the day's snapshots fails; the
// board comes back all the same.
func BenchmarkBigBoardScan(b *testing.B) {
	s := bigStore(b)
	for b.Loop() {
		if board, _ := testBook(s).Board(b.Context()); board == nil || len(board.Entries) == 0 {
			b.Fatal("no board")
		}
	}
}

// BenchmarkBigStart is a start on the large set, from opening the file to
// the window showing the portfolio list with its risk badges (the last
// saved snapshots, before the day's scan is done): list-ms is when the rows
// are there, badges-ms when the badges are. Beside it BenchmarkStartFloor,
// a blank window of the same size shown and drawn by the same driver.
func BenchmarkBigStart(b *testing.B) {
	path := os.Getenv("KEYCARD_BIG_DB")
	if path == "" {
		b.Skip("set KEYCARD_BIG_DB to a database made by keycardctl generate")
	}
	a := test.NewApp()
	defer a.Quit()
	var list, badges time.Duration
	for b.Loop() {
		start := time.Now()
		bk, err := book.Open(path, book.Options{Now: func() time.Time { return testNow }}, storage.Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		w := NewMainWindow(a, bk, Options{Now: func() time.Time { return testNow }, queued: true})
		w.win.Resize(fyne.NewSize(1366, 768))
		w.win.Show()
		w.until(func() bool { return w.portfolio.model.Len() > 0 })
		w.win.Canvas().Capture()
		list += time.Since(start)
		w.until(func() bool { _, risk := w.portfolio.model.At(0); return risk != "" })
		w.win.Canvas().Capture()
		badges += time.Since(start)
		b.StopTimer()
		w.win.Close()
		bk.Close() // stops the day's scan, which runs on
		w.book.Jobs().Wait()
		b.StartTimer()
	}
	b.ReportMetric(float64(list.Milliseconds())/float64(b.N), "list-ms")
	b.ReportMetric(float64(badges.Milliseconds())/float64(b.N), "badges-ms")
}

// BenchmarkStartFloor: a blank window shown and drawn, as BenchmarkBigStart
// draws the main window.
func BenchmarkStartFloor(b *testing.B) {
	a := test.NewApp()
	defer a.Quit()
	for b.Loop() {
		w := a.NewWindow("Keycard")
		w.SetContent(widget.NewLabel(""))
		w.Resize(fyne.NewSize(1366, 768))
		w.Show()
		w.Canvas().Capture()
		w.Close()
	}
}

// until runs the results of background work as they come back, without
// waiting for all of it (a start's risk scan runs on), until cond holds.
func (w *shell) until(cond func() bool) {
	for !cond() {
		w.mu.Lock()
		q := w.queue
		w.queue = nil
		w.mu.Unlock()
		if len(q) == 0 {
			time.Sleep(time.Millisecond)
		}
		for _, f := range q {
			f()
		}
	}
}
