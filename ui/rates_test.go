package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"keycard/accounts"
	"keycard/book"
)

// The rates window refuses a bad rate with a sentence, keeps good ones and
// saves the table; the pipeline then says its converted total and the date
// of the rates it used.
func TestRatesWindowAndConvertedPipeline(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	w.showRates()
	w.wait()
	d := w.rates
	if d == nil {
		t.Fatal("no rates window")
	}
	d.reporting.SetText("CNY")
	d.currency.SetText("USD")
	test.Type(d.rate, "-3")
	d.from.SetText("2026-01-01")
	d.add()
	if !says(t, d.problem.Text, "rates.error.rate") || len(d.rates.Table) != 0 {
		t.Fatalf("a negative rate: %q %v", d.problem.Text, d.rates.Table)
	}
	for _, r := range []struct{ cur, rate, from string }{{"USD", "7.1", "2026-01-01"}, {"USD", "7.24", "2026-06-01"}, {"EUR", "7.85", "2026-03-15"}} {
		d.currency.SetText(r.cur)
		d.rate.SetText(r.rate)
		d.from.SetText(r.from)
		d.add()
		if d.problem.Text != "" {
			t.Fatalf("%v: %s", r, d.problem.Text)
		}
	}
	d.currency.SetText("USD")
	d.rate.SetText("7.3")
	d.from.SetText("2026-06-01")
	d.add()
	if !says(t, d.problem.Text, "rates.error.duplicate") || !strings.Contains(d.problem.Text, "USD") || len(d.rates.Table) != 3 {
		t.Fatalf("a second USD rate of one day: %q", d.problem.Text)
	}
	d.save()
	w.wait()
	r, err := w.book.Rates()
	if err != nil || r.Reporting != "CNY" || len(r.Table) != 3 {
		t.Fatalf("saved %+v %v", r, err)
	}
	// The demo bills in more currencies than these (SGD, GBP, HKD, JPY):
	// the risk view says its classes are only indicative, and why.
	w.showRisk()
	w.wait()
	if txt := w.riskView.rates.Text; !says(t, txt, "rates.board.missing") || !says(t, txt, "rates.error.missing") {
		t.Fatalf("risk view rates line %q", txt)
	}
	for _, c := range []string{"SGD", "GBP", "HKD", "JPY"} {
		r.Table = append(r.Table, accounts.Rate{Currency: c, PerUnit: 1, ValidFrom: accounts.NewDate(2026, 2, 1)})
	}
	if _, err := w.book.SaveRates(book.From("test"), r); err != nil {
		t.Fatal(err)
	}
	w.wait()
	if v := argsOf(t, w.riskView.rates.Text, "rates.board.used"); v["Currency"] != "CNY" || v["Date"] != "2026-06-01" {
		t.Fatalf("risk view rates line %q", w.riskView.rates.Text)
	}
	pv := w.openPipeline()
	w.wait()
	if txt := pv.total.Text; !says(t, txt, "rates.total.converted") || !strings.Contains(txt, "CNY ") || !strings.Contains(txt, "2026-06-01") {
		t.Fatalf("pipeline total %q", pv.total.Text)
	}
}

// With a currency and no rate for it, the pipeline says which rate is
// missing instead of a total.
func TestPipelineTotalMissingRate(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	sums := summaries(t, s)
	a, err := w.book.Account(sums[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	pl, _ := w.book.Plan(a.ID)
	pl.AccountID = a.ID
	pl.Opportunities = append(pl.Opportunities, accounts.Opportunity{ID: accounts.NewID(), Product: "Deal in GBP", Stage: accounts.StageProposal, Value: accounts.Amount(1000, "GBP")})
	if _, err := w.book.SavePlan(book.From("test"), pl); err != nil {
		t.Fatal(err)
	}
	if _, err := w.book.SaveRates(book.From("test"), accounts.Rates{Reporting: "CNY"}); err != nil {
		t.Fatal(err)
	}
	pv := w.openPipeline()
	w.wait()
	if txt := pv.total.Text; !says(t, txt, "rates.error.missing") || !strings.Contains(txt, "2026-11-23") {
		t.Fatalf("want the missing-rate sentence, got %q", txt)
	}
}

// Reminders are sent on a check, once per day, and not at all when off.
func TestRemindersSentOncePerDay(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	var sent []*fyne.Notification
	w.notify = func(n *fyne.Notification) { sent = append(sent, n) }
	w.app.Preferences().SetBool(prefRemindersOff, true)
	w.checkReminders()
	w.wait()
	if len(sent) != 0 {
		t.Fatalf("off, yet sent %d", len(sent))
	}
	w.setReminders(true)
	w.wait()
	if len(sent) == 0 {
		t.Fatal("the demo has follow-ups due; nothing was sent")
	}
	n := len(sent)
	w.checkReminders()
	w.wait()
	if len(sent) != n {
		t.Fatalf("a second check the same day sent %d more", len(sent)-n)
	}
	if sent[0].Title == "" || sent[0].Content == "" {
		t.Fatalf("empty notification %+v", sent[0])
	}
}

// The fyne test app records what the app itself sends.
func TestRemindersReachTheApp(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	rs, err := w.book.DueReminders()
	if err != nil || len(rs) == 0 {
		t.Fatalf("demo reminders: %v %v", rs, err)
	}
	last := rs[len(rs)-1]
	test.AssertNotificationSent(t, fyne.NewNotification(tx(last.Title), tx(last.Body)), func() {
		stop := w.startReminders(time.Hour)
		defer stop()
		w.wait()
	})
}

// The value card of an account billed in USD says its lifetime value in
// the reporting currency and the rate date; its own amounts stay in USD.
func TestLifetimeValueConverted(t *testing.T) {
	s := openStore(t)
	a := createAccount(t, s, accounts.Account{Name: "Boston Dynamics", Tier: accounts.TierGrowth, Currency: "USD",
		Revenue: []accounts.RevenueEntry{{Period: "2025", Amount: accounts.Amount(100000, "USD")}}})
	createAccount(t, s, accounts.Account{Name: "华为", Tier: accounts.TierGrowth,
		Revenue: []accounts.RevenueEntry{{Period: "2025", Amount: accounts.Amount(500000, "CNY")}}})
	w := newTestWindow(t, s)
	if _, err := w.book.SaveRates(book.From("test"), accounts.Rates{Reporting: "CNY", Table: []accounts.Rate{
		{Currency: "USD", PerUnit: 7.24, ValidFrom: accounts.NewDate(2026, 6, 1)}}}); err != nil {
		t.Fatal(err)
	}
	w.wait()
	wv := openWarnings(t, w, a.ID)
	w.refreshBoard()
	w.wait()
	if v := argsOf(t, wv.clv.Text, "value.clv.converted"); !strings.Contains(wv.clv.Text, "USD ") || !strings.HasPrefix(v["Total"], "CNY ") || v["Date"] != "2026-06-01" {
		t.Fatalf("lifetime value %q", wv.clv.Text)
	}
	if v := argsOf(t, wv.class.Text, "rates.board.used"); v["Currency"] != "CNY" || v["Date"] != "2026-06-01" {
		t.Fatalf("class %q", wv.class.Text)
	}
}

// Importing a CSV in the rates window previews it in the table: nothing is
// written until Save, bad rows are listed, a second import adds nothing.
func TestRatesWindowImportsCSV(t *testing.T) {
	s := openStore(t)
	w := newTestWindow(t, s)
	w.firstStart.Hide()
	w.showRates()
	w.wait()
	d := w.rates
	d.importFile("../intake/testdata/rates.csv")
	w.wait()
	if len(d.rates.Table) != 4 || d.rates.Reporting != "CNY" {
		t.Fatalf("table %+v", d.rates)
	}
	if v := argsOf(t, d.info.Text, "rates.import.done"); v["Added"] != "4" || v["Left"] != "3" {
		t.Fatalf("info %q", d.info.Text)
	}
	if strings.Count(d.problem.Text, "\n") != 2 {
		t.Fatalf("problems %q", d.problem.Text)
	}
	if r, _ := w.book.Rates(); len(r.Table) != 0 {
		t.Fatal("the preview wrote")
	}
	d.importFile("../intake/testdata/rates.csv")
	w.wait()
	if v := argsOf(t, d.info.Text, "rates.import.done"); len(d.rates.Table) != 4 || v["Added"] != "0" || v["Same"] != "4" {
		t.Fatalf("second import: %d rates, %q", len(d.rates.Table), d.info.Text)
	}
	d.save()
	w.wait()
	if r, _ := w.book.Rates(); len(r.Table) != 4 {
		t.Fatalf("saved %+v", r)
	}
	d.importFile("no-such-file.csv")
	w.wait()
	if !says(t, d.problem.Text, "cli.intake.cannot_open") {
		t.Fatalf("a missing file: %q", d.problem.Text)
	}
}
