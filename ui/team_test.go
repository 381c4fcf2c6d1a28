package ui

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"keycard/accounts"
	"keycard/book"
	"keycard/credentials"
	"keycard/teamserver"
	"keycard/teamserver/pgtest"
)

// teamServer is a real PostgreSQL with Keycard's schema and a rep (王芳,
// login ana) and her manager (张敏, login mia).
func teamServer(t *testing.T) *pgtest.Server {
	t.Helper()
	srv := pgtest.Start(t)
	ctx := context.Background()
	if _, err := teamserver.Init(ctx, srv.AdminURL()); err != nil {
		t.Fatal(err)
	}
	for _, u := range []teamserver.NewUser{
		{Login: "ana", Name: "王芳", Role: teamserver.RoleRep, Teams: []string{"east"}, Password: "ana-pw-123"},
		{Login: "mia", Name: "张敏", Role: teamserver.RoleManager, Teams: []string{"east"}, Password: "mia-pw-123"},
	} {
		if err := teamserver.AddUser(ctx, srv.AdminURL(), u); err != nil {
			t.Fatal(err)
		}
	}
	return srv
}

func fileCredentials(t *testing.T) *credentials.Store {
	return &credentials.Store{Fallback: filepath.Join(t.TempDir(), "secrets"), NoSystem: true}
}

// File → Team server…: a wrong password is refused with its sentence and
// links nothing; the right one connects, the dialog shows who is signed
// in, and the badge follows: waiting, then synced after Sync now, then
// offline when the server is gone.
func TestTeamDialogConnectsAndTheBadgeFollows(t *testing.T) {
	srv := teamServer(t)
	s := openStore(t)
	w := newTestWindow(t, s)
	w.firstStart.Hide()
	w.book.SetCredentials(fileCredentials(t))
	if w.badge.btn.Visible() {
		t.Fatal("the sync badge shows without a team server")
	}
	a := accounts.Account{Name: "华东精密", Owner: "王芳", Tier: accounts.TierKey, Stage: accounts.StageGrowth}
	if _, err := w.book.CreateAccount(book.CLI, &a); err != nil {
		t.Fatal(err)
	}
	w.wait()

	w.showTeam()
	d := w.team
	test.Type(d.server, srv.URL("", "", ""))
	test.Type(d.login, "ana")
	test.Type(d.password, "wrong")
	test.Tap(d.connect)
	w.wait()
	if !d.problem.Visible() || d.problem.Text == "" || strings.Contains(d.problem.Text, "SQLSTATE") {
		t.Fatalf("a wrong password shows %q", d.problem.Text)
	}
	if st := w.book.TeamStatus(); st.Linked() {
		t.Fatal("a refused connect linked the database")
	}
	d.password.SetText("ana-pw-123")
	test.Tap(d.connect)
	w.wait()
	if d.rows == nil || !strings.Contains(d.done, "王芳") {
		t.Fatalf("after connecting the dialog says %q", d.done)
	}
	if !w.badge.btn.Visible() || w.badge.state.State != book.TeamWaiting || !strings.Contains(w.badge.btn.Text, "1") {
		t.Errorf("badge after connecting: %q (%s)", w.badge.btn.Text, w.badge.state.State)
	}
	test.Tap(d.syncNow)
	w.wait()
	if w.badge.state.State != book.TeamSynced || w.badge.btn.Text != lang.L("sync.badge.synced", map[string]any{"Time": w.badge.state.LastSync.Local().Format("15:04")}) {
		t.Errorf("badge after Sync now: %q (%s)", w.badge.btn.Text, w.badge.state.State)
	}
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	test.Tap(d.syncNow)
	w.wait()
	if w.badge.state.State != book.TeamOffline || w.badge.btn.Text != lang.L("sync.badge.offline") {
		t.Errorf("badge with the server down: %q (%s)", w.badge.btn.Text, w.badge.state.State)
	}
	if d.state.Text != errorSentence(w.badge.state.Err) || d.state.Text == "" {
		t.Errorf("the dialog says %q while offline", d.state.Text)
	}
}

// A field changed here and by a colleague at once: the account shows the
// server's value with both values above the tabs; Keep mine puts mine
// back, it goes up, and the panel goes.
func TestConflictPanelKeepMine(t *testing.T) {
	srv := teamServer(t)
	ctx := context.Background()
	ana := book.New(openStore(t), book.Options{Now: func() time.Time { return testNow }})
	ana.SetCredentials(fileCredentials(t))
	if _, err := ana.Connect(ctx, srv.URL("", "", ""), "ana", "ana-pw-123"); err != nil {
		t.Fatal(err)
	}
	a := accounts.Account{Name: "Nordlicht", Owner: "王芳", Tier: accounts.TierKey, Stage: accounts.StageGrowth, PaymentTerms: "Net 30"}
	if _, err := ana.CreateAccount(book.CLI, &a); err != nil {
		t.Fatal(err)
	}
	if _, err := ana.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}

	s := openStore(t)
	w := newTestWindow(t, s)
	w.firstStart.Hide()
	w.book.SetCredentials(fileCredentials(t))
	if _, err := w.book.Connect(ctx, srv.URL("", "", ""), "mia", "mia-pw-123"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.book.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	w.wait()
	set := func(b *book.Book, terms string) {
		cur, err := b.Account(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		cur.PaymentTerms = terms
		if _, err := b.UpdateAccount(book.CLI, cur); err != nil {
			t.Fatal(err)
		}
	}
	set(ana, "Net 45")
	set(w.book, "Net 60")
	if _, err := ana.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := w.book.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	w.wait()
	w.openAccount(a.ID)
	w.wait()
	p := w.account.conflicts
	if !p.box.Visible() || len(p.list) != 1 {
		t.Fatalf("the conflict panel shows %d conflicts", len(p.list))
	}
	texts := labelsIn(p.box)
	want := []string{lang.L("profile.terms"), "Net 45", "Net 60", "王芳"}
	for _, s := range want {
		if !strings.Contains(texts, s) {
			t.Errorf("the panel lacks %q: %s", s, texts)
		}
	}
	if got := w.account.profile.terms.Text; got != "Net 45" {
		t.Errorf("the profile shows %q, want the server's Net 45", got)
	}
	if w.badge.state.Conflicts != 1 || !strings.Contains(w.badge.btn.Text, "1") {
		t.Errorf("badge with a conflict: %q", w.badge.btn.Text)
	}
	test.Tap(findButton(t, p.box, lang.L("conflict.keep_mine")))
	w.wait()
	if p.box.Visible() {
		t.Error("the panel still shows after Keep mine")
	}
	cur, _ := w.book.Account(a.ID)
	if cur.PaymentTerms != "Net 60" {
		t.Errorf("after Keep mine the record has %q", cur.PaymentTerms)
	}
	if _, err := w.book.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := ana.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := ana.Account(a.ID); got.PaymentTerms != "Net 60" {
		t.Errorf("the colleague has %q after Keep mine went up", got.PaymentTerms)
	}
}

// labelsIn joins the text of every label under o.
func labelsIn(o fyne.CanvasObject) string {
	var b strings.Builder
	walk(o, func(x fyne.CanvasObject) {
		if l, ok := x.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	})
	return b.String()
}

func walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(o)
	if c, ok := o.(*fyne.Container); ok {
		for _, x := range c.Objects {
			walk(x, f)
		}
	}
}

// The departing laptop, once a manager handed its accounts over through the
// team server, stops showing them and says on Today where they went.
func TestTodayListsAccountsHandedOverThroughTheServer(t *testing.T) {
	srv := teamServer(t)
	ctx := context.Background()
	if err := teamserver.AddUser(ctx, srv.AdminURL(), teamserver.NewUser{Login: "bo", Name: "李雷", Role: teamserver.RoleRep, Teams: []string{"east"}, Password: "bo-pw-1234"}); err != nil {
		t.Fatal(err)
	}
	s := openStore(t)
	w := newTestWindow(t, s)
	w.firstStart.Hide()
	w.book.SetCredentials(fileCredentials(t))
	if _, err := w.book.Connect(ctx, srv.URL("", "", ""), "ana", "ana-pw-123"); err != nil {
		t.Fatal(err)
	}
	a := accounts.Account{Name: "华东精密", Owner: "王芳", Tier: accounts.TierKey, Stage: accounts.StageGrowth}
	if _, err := w.book.CreateAccount(book.CLI, &a); err != nil {
		t.Fatal(err)
	}
	if _, err := w.book.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	mia := book.New(openStore(t), book.Options{Now: func() time.Time { return testNow }})
	mia.SetCredentials(fileCredentials(t))
	if _, err := mia.Connect(ctx, srv.URL("", "", ""), "mia", "mia-pw-123"); err != nil {
		t.Fatal(err)
	}
	if _, err := mia.TeamHandover(ctx, book.CLI, []string{"华东精密"}, "bo", book.HandoverNote{}); err != nil {
		t.Fatal(err)
	}
	if _, err := mia.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := w.book.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	w.wait()
	if n := w.portfolio.model.Len(); n != 0 {
		t.Errorf("the portfolio still lists %d accounts", n)
	}
	want := lang.L("today.handed.row", map[string]any{"Name": "华东精密", "To": "李雷", "Date": accounts.DateOf(testNow).String()})
	if got := labelsIn(w.today.body); !strings.Contains(got, want) {
		t.Errorf("Today lacks %q:\n%s", want, got)
	}
}

// A manager's handover in a connected app offers everyone on the team
// server as a successor (not only the owners this laptop holds), and a
// rep's connected app refuses to hand over with a sentence instead of
// changing owners the server would refuse.
func TestHandoverWizardOffersTheServersPeople(t *testing.T) {
	srv := teamServer(t)
	ctx := context.Background()
	if err := teamserver.AddUser(ctx, srv.AdminURL(), teamserver.NewUser{Login: "bo", Name: "李雷", Role: teamserver.RoleRep, Teams: []string{"east"}, Password: "bo-pw-1234"}); err != nil {
		t.Fatal(err)
	}
	ana := book.New(openStore(t), book.Options{Now: func() time.Time { return testNow }})
	ana.SetCredentials(fileCredentials(t))
	if _, err := ana.Connect(ctx, srv.URL("", "", ""), "ana", "ana-pw-123"); err != nil {
		t.Fatal(err)
	}
	a := accounts.Account{Name: "华东精密", Owner: "王芳", Tier: accounts.TierKey, Stage: accounts.StageGrowth}
	if _, err := ana.CreateAccount(book.CLI, &a); err != nil {
		t.Fatal(err)
	}
	if _, err := ana.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	w := newTestWindow(t, openStore(t))
	w.firstStart.Hide()
	w.book.SetCredentials(fileCredentials(t))
	if _, err := w.book.Connect(ctx, srv.URL("", "", ""), "mia", "mia-pw-123"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.book.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	w.wait()
	z := startWizard(t, w, "王芳")
	for _, want := range []string{"李雷", "张敏"} {
		if !slices.Contains(z.successors, want) {
			t.Errorf("successors offered %v lack %s from the server", z.successors, want)
		}
	}
	if slices.Contains(z.successors, "王芳") {
		t.Errorf("the departing owner is offered as her own successor: %v", z.successors)
	}
	if err := ana.MayHandOver(); accounts.ErrorCode(err) != accounts.EFORBIDDEN {
		t.Errorf("a connected rep may hand over: %v", err)
	}
}
