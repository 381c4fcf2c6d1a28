package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
	"keycard/demo"
	"keycard/storage"
)

// testNow is the fixed clock of the UI tests.
var testNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local)

// openStore opens a real bbolt file in a temporary folder.
func openStore(t testing.TB) *storage.Store {
	t.Helper()
	s, err := storage.Open(filepath.Join(t.TempDir(), "keycard.db"), storage.Options{Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// demoStore is a store holding the 30-account demo portfolio.
func demoStore(t testing.TB) *storage.Store {
	t.Helper()
	s := openStore(t)
	if err := s.PutAccountData(demo.Generate(demo.Options{Seed: 1, Now: testNow})); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	return s
}

// testBook puts s under the application layer with the tests' clock.
func testBook(s *storage.Store) *book.Book {
	return book.New(s, book.Options{Now: func() time.Time { return testNow }})
}

// newTestWindow builds the main window on s and waits until it has loaded.
func newTestWindow(t testing.TB, s *storage.Store) *MainWindow {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := NewMainWindow(a, testBook(s), Options{Now: func() time.Time { return testNow }, queued: true})
	w.win.Resize(fyne.NewSize(1280, 800))
	w.win.Show()
	w.wait()
	return w
}

// openDemoAccount opens the i-th account of the demo portfolio in a new
// main window.
func openDemoAccount(t *testing.T, i int) (*storage.Store, *MainWindow, *storage.Summary) {
	t.Helper()
	s := demoStore(t)
	w := newTestWindow(t, s)
	r, _ := w.portfolio.model.At(i)
	w.openAccount(r.ID)
	w.wait()
	return s, w, r
}

func summaries(t *testing.T, s *storage.Store) []storage.Summary {
	t.Helper()
	rows, err := s.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestEmptyDatabaseOffersDemoOrFirstAccount(t *testing.T) {
	w := newTestWindow(t, openStore(t))
	if w.firstStart == nil {
		t.Fatal("an empty database should greet with the first-start choice")
	}
	w.firstStart.Hide()
	w.loadDemo()
	w.wait()
	if n := w.portfolio.model.Len(); n != 30 {
		t.Fatalf("after loading the demo the list shows %d accounts, want 30", n)
	}
}

func TestCreateAccountThroughTheForm(t *testing.T) {
	s := openStore(t)
	w := newTestWindow(t, s)
	w.firstStart.Hide()
	w.newAccount()
	p := w.account.profile
	test.Type(p.name, "华东精密制造")
	p.owner.SetText("")
	test.Type(p.owner, "Li Wei")
	test.Type(p.tags, "制造业, long-term")
	test.Type(p.potential, "12.5万")
	test.Tap(p.save)
	w.wait()

	rows := summaries(t, s)
	if len(rows) != 1 || rows[0].Name != "华东精密制造" || rows[0].Owner != "Li Wei" {
		t.Fatalf("stored summaries = %+v, want the new account", rows)
	}
	a, err := s.Account(rows[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if a.Potential.Minor != 12_500_000 || len(a.Tags) != 2 || a.Tier != accounts.TierGrowth {
		t.Errorf("stored account = potential %d tags %v tier %s", a.Potential.Minor, a.Tags, a.Tier)
	}
	if w.account == nil || w.account.id != a.ID {
		t.Errorf("the new account should be open after saving")
	}
	if w.portfolio.model.IndexOf(a.ID) < 0 {
		t.Errorf("the new account is missing from the portfolio list")
	}
}

func TestValidationErrorShownAndNothingStored(t *testing.T) {
	s := openStore(t)
	w := newTestWindow(t, s)
	w.firstStart.Hide()
	w.newAccount()
	p := w.account.profile
	test.Type(p.owner, "Li Wei")
	test.Type(p.website, "not a web address")
	test.Type(p.potential, "lots")
	test.Tap(p.save)
	w.wait()

	for _, f := range []string{"name", "website", "potential"} {
		l := p.errs[f]
		if !l.Visible() || l.Text == "" {
			t.Errorf("no message next to %s", f)
		}
	}
	if !strings.Contains(p.status.Text, "3") {
		t.Errorf("status %q should count the 3 problems", p.status.Text)
	}
	if rows := summaries(t, s); len(rows) != 0 {
		t.Fatalf("bad input stored %d accounts", len(rows))
	}
	// fixing the input clears the messages and saves
	test.Type(p.name, "Nordlicht Logistics")
	p.website.SetText("https://nordlicht-logistics.de")
	p.potential.SetText("3.2m")
	test.Tap(p.save)
	w.wait()
	if rows := summaries(t, s); len(rows) != 1 {
		t.Fatalf("after fixing, %d accounts stored, want 1", len(rows))
	}
}

func TestSearchNarrowsTheList(t *testing.T) {
	w := newTestWindow(t, demoStore(t))
	all := w.portfolio.model.Len()
	if all != 30 {
		t.Fatalf("list shows %d accounts, want 30", all)
	}
	for _, tc := range []struct{ query, want string }{
		{"华东", "华东精密制造"},
		{"NORDLICHT", "Nordlicht Logistics"},
		{"hdjm", ""}, // not a searched field: web domains are not names
	} {
		w.portfolio.search.SetText("")
		test.Type(w.portfolio.search, tc.query)
		n := w.portfolio.model.Len()
		if tc.want == "" {
			if n != 0 {
				t.Errorf("%q: %d rows, want none", tc.query, n)
			}
			continue
		}
		if n == 0 || n >= all {
			t.Errorf("%q: %d rows, want fewer than %d and at least one", tc.query, n, all)
			continue
		}
		found := false
		for i := 0; i < n; i++ {
			r, _ := w.portfolio.model.At(i)
			found = found || r.Name == tc.want
		}
		if !found {
			t.Errorf("%q: %s not among the rows", tc.query, tc.want)
		}
		if got := w.portfolio.list.Length(); got != n {
			t.Errorf("%q: the list widget shows %d rows, the model %d", tc.query, got, n)
		}
	}
	// contact names are searched too
	w.portfolio.search.SetText("")
	r, _ := w.portfolio.model.At(0)
	var contact string
	for i := 0; i < w.portfolio.model.Len(); i++ {
		row, _ := w.portfolio.model.At(i)
		if len(row.ContactNames) > 0 {
			r, contact = row, row.ContactNames[0]
			break
		}
	}
	test.Type(w.portfolio.search, contact)
	if w.portfolio.model.IndexOf(r.ID) < 0 {
		t.Errorf("searching contact %q does not find %s", contact, r.Name)
	}
}

func TestLogVisitWithNextStepShowsOnTodayAndTickDone(t *testing.T) {
	s := openStore(t)
	a := accounts.Account{Name: "Kestrel Aerospace", Owner: "Sarah Chen", Tier: accounts.TierKey, Stage: accounts.StageMature}
	if err := s.CreateAccount(&a); err != nil {
		t.Fatal(err)
	}
	c := accounts.Contact{AccountID: a.ID, Name: "Hannah Price", Title: "CFO", Influence: 5}
	if err := s.CreateContact(&c); err != nil {
		t.Fatal(err)
	}
	w := newTestWindow(t, s)
	w.openAccount(a.ID)
	w.wait()
	w.logVisit()
	f := w.account.visits.form
	if !f.isNew {
		t.Fatal("Log visit should open an empty visit form")
	}
	test.Type(f.objective, "Agree the pilot scope")
	test.Tap(f.attendeeChecks[0])
	test.Type(f.summary, "CFO wants a pilot before the renewal")
	test.Tap(f.steps.add)
	fields := f.steps.rows[0].widgets
	test.Type(fields[0].(*widget.Entry), "Send the pilot proposal")
	test.Type(fields[1].(*widget.Entry), "Sarah Chen")
	due := fields[2].(*widget.DateEntry)
	due.SetText("2026-11-26")
	test.Tap(w.account.visits.form.saveButton)
	w.wait()
	if f.status.Importance == widget.DangerImportance {
		t.Fatalf("visit not saved: %s", f.status.Text)
	}
	vs, err := s.Visits(a.ID)
	if err != nil || len(vs) != 1 || len(vs[0].NextSteps) != 1 || len(vs[0].ContactIDs) != 1 {
		t.Fatalf("stored visits = %+v (%v), want one visit with one next step and one attendee", vs, err)
	}

	w.showToday()
	w.wait()
	week := w.today.data.thisWeek
	if len(week) != 1 || week[0].Step.Text != "Send the pilot proposal" || week[0].Step.Due != accounts.NewDate(2026, 11, 26) {
		t.Fatalf("Today's this-week follow-ups = %+v", week)
	}
	check := w.today.checks[0]
	test.Tap(check)
	w.wait()
	open, err := s.FollowUps(accounts.NewDate(2026, 12, 31))
	if err != nil {
		t.Fatal(err)
	}
	for _, fu := range open {
		if fu.Step.Text == "Send the pilot proposal" && !fu.Step.Done {
			t.Fatalf("ticking the follow-up on Today did not mark it done in the store")
		}
	}
	v, _ := s.Visit(vs[0].ID)
	if !v.NextSteps[0].Done || v.NextSteps[0].DoneOn != accounts.DateOf(testNow) {
		t.Errorf("stored step = %+v, want done today", v.NextSteps[0])
	}
}

func TestLogACallWithEnter(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	r, _ := w.portfolio.model.At(0)
	before, _ := s.Visits(r.ID)
	w.openAccount(r.ID)
	w.wait()
	w.logCall()
	if w.lastCall == nil {
		t.Fatal("Log a call opened no dialog")
	}
	test.Type(w.lastCallSummary, "Confirmed the delivery dates")
	w.lastCallSummary.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	w.wait()
	after, _ := s.Visits(r.ID)
	if len(after) != len(before)+1 {
		t.Fatalf("visits %d → %d, want one more", len(before), len(after))
	}
	newest := after[0]
	if newest.Kind != accounts.KindCall || newest.Summary != "Confirmed the delivery dates" || len(newest.ContactIDs) != 1 {
		t.Errorf("stored call = %+v", newest)
	}
}

func TestUnsavedEditsAreGuarded(t *testing.T) {
	s, w, r := openDemoAccount(t, 0)
	if w.account.dirty() {
		t.Fatal("a freshly opened account must not count as edited")
	}
	test.Type(w.account.profile.notes, "call back after the trade fair")
	w.showToday()
	if w.unsaved == nil || w.account == nil || w.account.id != r.ID {
		t.Fatal("leaving with unsaved edits should ask first and stay on the account")
	}
	w.unsaved.Confirm() // discard
	w.wait()
	if w.account != nil {
		t.Fatal("after discarding, Today should show")
	}
	a, _ := s.Account(r.ID)
	if strings.Contains(a.Notes, "trade fair") {
		t.Error("discarded edits reached the store")
	}
}

func TestConflictIsExplainedWithReload(t *testing.T) {
	s, w, r := openDemoAccount(t, 0)
	// another window saves first
	other, _ := s.Account(r.ID)
	other.Notes = "saved elsewhere"
	if err := s.UpdateAccount(other); err != nil {
		t.Fatal(err)
	}
	p := w.account.profile
	test.Type(p.region, " Nord")
	test.Tap(p.save)
	w.wait()
	if p.status.Text != lang.L("error.conflict") {
		t.Fatalf("status = %q, want the conflict sentence", p.status.Text)
	}
	a, _ := s.Account(r.ID)
	if a.Notes != "saved elsewhere" || strings.HasSuffix(a.Region, "Nord") {
		t.Fatalf("the stale save overwrote the other edit: %+v", a)
	}
	p.onReload()
	w.wait()
	if got := w.account.profile.notes.Text; got != "saved elsewhere" {
		t.Errorf("after Reload the form shows notes %q", got)
	}
}

func TestEditContactMarkLeft(t *testing.T) {
	s, w, _ := openDemoAccount(t, 0)
	w.account.selectTab(1)
	e := w.account.contacts.editor
	if e.isNew || e.contact.ID == "" {
		t.Fatal("the first contact should be selected")
	}
	id := e.contact.ID
	e.left.SetChecked(true)
	e.leftOn.SetText("2026-11-01")
	test.Type(e.leftTo, "Competitor Co")
	test.Tap(e.saveButton)
	w.wait()
	c, err := s.Contact(id)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != accounts.StatusLeft || c.LeftOn != accounts.NewDate(2026, 11, 1) || c.LeftTo != "Competitor Co" {
		t.Errorf("stored contact = status %s left %s to %q", c.Status, c.LeftOn, c.LeftTo)
	}
}

// Opening an account and looking around must never count as an edit, or
// every switch of account would ask about unsaved changes.
func TestOpeningAccountsIsNotAnEdit(t *testing.T) {
	s := demoStore(t)
	w := newTestWindow(t, s)
	for i := 0; i < w.portfolio.model.Len(); i++ {
		r, _ := w.portfolio.model.At(i)
		w.openAccount(r.ID)
		w.wait()
		if w.account == nil || w.account.id != r.ID {
			t.Fatalf("%s did not open", r.Name)
		}
		for tab := 0; tab < 5; tab++ {
			w.account.selectTab(tab)
		}
		if w.account.profile.dirty() {
			a, _ := w.account.profile.read()
			t.Errorf("%s: the untouched profile counts as edited: %+v", r.Name, a)
		}
		if w.account.contacts.dirty() {
			t.Errorf("%s: the untouched contact counts as edited", r.Name)
		}
		if w.account.visits.dirty() {
			t.Errorf("%s: the untouched visit counts as edited", r.Name)
		}
	}
}

func TestWindowSizeAndLastAccountAreRemembered(t *testing.T) {
	s, w, r := openDemoAccount(t, 3)
	w.win.Resize(fyne.NewSize(1100, 700))
	w.closeIntercept()
	p := w.app.Preferences()
	if p.Float(prefWidth) != 1100 || p.Float(prefHeight) != 700 {
		t.Errorf("remembered size %vx%v, want 1100x700", p.Float(prefWidth), p.Float(prefHeight))
	}
	// the next start on the same preferences opens the same account
	w2 := NewMainWindow(w.app, testBook(s), Options{Now: func() time.Time { return testNow }, queued: true})
	w2.wait()
	if w2.account == nil || w2.account.id != r.ID {
		t.Errorf("the last open account %s was not reopened", r.Name)
	}
}

func TestFirstStartOpensAtLaptopSize(t *testing.T) {
	s := demoStore(t)
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := NewMainWindow(a, testBook(s), Options{Now: func() time.Time { return testNow }, queued: true})
	w.wait()
	if sz := w.win.Canvas().Size(); sz.Width != firstWidth || sz.Height != firstHeight {
		t.Errorf("first start opens at %vx%v, want %vx%v", sz.Width, sz.Height, firstWidth, firstHeight)
	}
	w.win.Resize(fyne.NewSize(1000, 650))
	w.closeIntercept()
	w2 := NewMainWindow(a, testBook(s), Options{Now: func() time.Time { return testNow }, queued: true})
	w2.wait()
	if sz := w2.win.Canvas().Size(); sz.Width != 1000 || sz.Height != 650 {
		t.Errorf("the next start opens at %vx%v, want the remembered 1000x650", sz.Width, sz.Height)
	}
}

// Keycard opens where the person left off: the last account, or Today when
// that account is gone.
func TestStartReopensTheLastAccountOrToday(t *testing.T) {
	s := demoStore(t)
	rows := summaries(t, s)
	for _, tc := range []struct {
		name string
		last accounts.ID
	}{{"kept", rows[3].ID}, {"deleted", accounts.NewID()}} {
		t.Run(tc.name, func(t *testing.T) {
			a := test.NewApp()
			t.Cleanup(a.Quit)
			a.Preferences().SetString(prefLastAccount, string(tc.last))
			w := NewMainWindow(a, testBook(s), Options{Now: func() time.Time { return testNow }, queued: true})
			w.wait()
			if tc.name == "kept" {
				if w.account == nil || w.account.id != tc.last || w.account.data == nil {
					t.Fatalf("the last account %s should open at start", tc.last)
				}
				return
			}
			if w.account != nil {
				t.Fatalf("an account that is gone should not open")
			}
			if len(w.today.data.overdue) == 0 || w.right.Objects[0] != w.today.content {
				t.Fatalf("Today should show with its follow-ups when the last account is gone")
			}
		})
	}
}

// The first window fits the screen it opens on, title bar included: a
// 1366×768 laptop, a 1920×1080 one at 150 % (1280×720 in Fyne's units, less
// the task bar); a remembered size from a big monitor shrinks; an unknown
// screen keeps the default.
func TestWindowFitsTheScreen(t *testing.T) {
	for _, c := range []struct {
		name         string
		want, screen fyne.Size
		fit          fyne.Size
	}{
		{"big screen keeps the default", fyne.NewSize(1400, 880), fyne.NewSize(2560, 1400), fyne.NewSize(1400, 880)},
		{"1366×768 less the task bar", fyne.NewSize(1400, 880), fyne.NewSize(1366, 728), fyne.NewSize(1342, 672)},
		{"1920×1080 at 150 %", fyne.NewSize(1400, 880), fyne.NewSize(1280, 693), fyne.NewSize(1256, 637)},
		{"remembered from a monitor", fyne.NewSize(2400, 1300), fyne.NewSize(1440, 860), fyne.NewSize(1416, 804)},
		{"unknown screen", fyne.NewSize(1400, 880), fyne.Size{}, fyne.NewSize(1400, 880)},
	} {
		if got := fitScreen(c.want, c.screen); got != c.fit {
			t.Errorf("%s: %v on %v gives %v, want %v", c.name, c.want, c.screen, got, c.fit)
		}
	}
	a := test.NewApp()
	t.Cleanup(a.Quit)
	screen := fyne.NewSize(1366, 728)
	w := NewMainWindow(a, testBook(openStore(t)), Options{Now: func() time.Time { return testNow }, queued: true, Screen: screen})
	w.win.Show()
	w.wait()
	if sz := w.win.Canvas().Size(); sz.Width+frameWidth > screen.Width || sz.Height+frameHeight > screen.Height {
		t.Errorf("the first window is %v on a %v screen", sz, screen)
	}
}

// After a crash the window says where the report is, so the person can
// send it; after a run that ended well it says nothing.
func TestWindowSaysWhereTheCrashReportIs(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := NewMainWindow(a, testBook(openStore(t)), Options{Now: func() time.Time { return testNow }, queued: true, CrashReport: "/home/wang/.local/share/keycard/keycard-crash.log"})
	w.wait()
	if w.crashed == nil || !strings.Contains(w.crashed.Text, "/home/wang/.local/share/keycard/keycard-crash.log") {
		t.Fatalf("the window does not say where the report is: %v", w.crashed)
	}
	w2 := newTestWindow(t, openStore(t))
	if w2.crashed != nil {
		t.Error("a window after a run that ended well talks of a crash")
	}
}

// step waits for the background work and runs the first result that came
// back, so a test can look at what the window shows between two results.
func (w *shell) step() {
	w.book.Jobs().Wait()
	w.mu.Lock()
	if len(w.queue) == 0 {
		w.mu.Unlock()
		return
	}
	f := w.queue[0]
	w.queue = w.queue[1:]
	w.mu.Unlock()
	f()
}
