package book

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"keycard/accounts"
	"keycard/credentials"
	"keycard/teamserver"
	"keycard/teamserver/pgtest"
)

// These tests run laptops (books on real bbolt files) against a real
// PostgreSQL started for them, as the issue asks: two reps and a manager of
// one team.

type team struct {
	t   *testing.T
	srv *pgtest.Server
	db  string // the database's admin URL
}

// people of the team: login → display name and role.
var people = []teamserver.NewUser{
	{Login: "ana", Name: "王芳", Role: teamserver.RoleRep, Teams: []string{"east"}, Password: "ana-secret-1"},
	{Login: "bo", Name: "李雷", Role: teamserver.RoleRep, Teams: []string{"east"}, Password: "bo-secret-1"},
	{Login: "mia", Name: "张敏", Role: teamserver.RoleManager, Teams: []string{"east"}, Password: "mia-secret-1"},
}

func newTeam(t *testing.T) *team {
	t.Helper()
	srv := pgtest.Start(t)
	tm := &team{t: t, srv: srv, db: srv.AdminURL()}
	ctx := context.Background()
	if _, err := teamserver.Init(ctx, tm.db); err != nil {
		t.Fatal(err)
	}
	for _, u := range people {
		if err := teamserver.AddUser(ctx, tm.db, u); err != nil {
			t.Fatal(err)
		}
	}
	return tm
}

func password(login string) string {
	for _, u := range people {
		if u.Login == login {
			return u.Password
		}
	}
	return ""
}

// laptop is one person's Keycard, connected to the team server.
func (tm *team) laptop(login string) *Book {
	tm.t.Helper()
	b := newBook(tm.t, Options{})
	b.SetCredentials(&credentials.Store{Fallback: filepath.Join(tm.t.TempDir(), "secrets"), NoSystem: true})
	if _, err := b.Connect(context.Background(), tm.srv.URL("", "", ""), login, password(login)); err != nil {
		tm.t.Fatalf("%s connects: %v", login, err)
	}
	return b
}

func syncOK(t *testing.T, who string, b *Book) SyncReport {
	t.Helper()
	rep, err := b.SyncOnce(context.Background())
	if err != nil {
		t.Fatalf("%s syncs: %v", who, err)
	}
	return rep
}

func ownAccount(t *testing.T, b *Book, name, owner string) accounts.Account {
	t.Helper()
	a := accounts.Account{Name: name, Owner: owner, Tier: accounts.TierKey, Stage: accounts.StageGrowth}
	if _, err := b.CreateAccount(CLI, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func accountNames(t *testing.T, b *Book) []string {
	t.Helper()
	sums, err := b.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range sums {
		out = append(out, s.Name)
	}
	return out
}

func visitCount(t *testing.T, b *Book, id accounts.ID) int {
	t.Helper()
	vs, err := b.Visits(id)
	if err != nil {
		t.Fatal(err)
	}
	return len(vs)
}

func checkClean(t *testing.T, who string, b *Book) {
	t.Helper()
	if err := b.Check(); err != nil {
		t.Errorf("%s's database fails its check after sync: %v", who, err)
	}
}

// A rep's account reaches the manager and not the other rep; a visit
// logged while the server is down waits in the outbox (the badge says
// offline, one waiting) and reaches the manager once the server is back.
func TestTeamOfflineVisitReachesTheManager(t *testing.T) {
	tm := newTeam(t)
	ana, bo, mia := tm.laptop("ana"), tm.laptop("bo"), tm.laptop("mia")
	a := ownAccount(t, ana, "华东精密", "王芳")
	c := accounts.Contact{AccountID: a.ID, Name: "陈总", Influence: 5, PrivateRemarks: "喜欢钓鱼"}
	if _, err := ana.CreateContact(CLI, &c); err != nil {
		t.Fatal(err)
	}
	if rep := syncOK(t, "ana", ana); rep.Up != 2 || rep.Down != 0 {
		t.Errorf("ana's first round: %d up, %d down; want 2 up (account and contact) and nothing down (her own records come back as seen)", rep.Up, rep.Down)
	}
	syncOK(t, "mia", mia)
	syncOK(t, "bo", bo)
	if got := accountNames(t, mia); len(got) != 1 || got[0] != "华东精密" {
		t.Fatalf("the manager sees %v", got)
	}
	if got := accountNames(t, bo); len(got) != 0 {
		t.Fatalf("the other rep sees %v", got)
	}
	mc, err := mia.Contacts(a.ID)
	if err != nil || len(mc) != 1 || mc[0].PrivateRemarks != "" {
		t.Fatalf("the manager's copy of the contact: %+v %v (private remarks must stay the author's)", mc, err)
	}

	if err := tm.srv.Stop(); err != nil {
		t.Fatal(err)
	}
	v := accounts.Visit{AccountID: a.ID, At: t0.Add(time.Hour), Kind: accounts.KindOnSite, Summary: "谈续约"}
	if _, err := ana.LogVisit(CLI, &v); err != nil {
		t.Fatal(err)
	}
	if _, err := ana.SyncOnce(context.Background()); accounts.ErrorCode(err) != accounts.EOFFLINE {
		t.Fatalf("sync with the server down: %v, want EOFFLINE", err)
	}
	if st := ana.TeamStatus(); st.State != TeamOffline || st.Waiting != 1 {
		t.Fatalf("status while offline: %+v", st)
	}
	if err := tm.srv.Start(); err != nil {
		t.Fatal(err)
	}
	syncOK(t, "ana", ana)
	if st := ana.TeamStatus(); st.State != TeamSynced || st.Waiting != 0 || st.LastSync.IsZero() {
		t.Errorf("status after the server came back: %+v", st)
	}
	syncOK(t, "mia", mia)
	if n := visitCount(t, mia, a.ID); n != 1 {
		t.Errorf("the manager has %d visits, want 1", n)
	}
	for who, b := range map[string]*Book{"ana": ana, "bo": bo, "mia": mia} {
		checkClean(t, who, b)
	}
}

// Two laptops change the same field: both converge on the value that
// reached the server first, and the other value stays visible as a
// conflict until its owner chooses; a field only one side changed merges.
func TestTeamSameFieldConvergesAndKeepsTheOtherValue(t *testing.T) {
	tm := newTeam(t)
	ana, mia := tm.laptop("ana"), tm.laptop("mia")
	a := ownAccount(t, ana, "Nordlicht", "王芳")
	syncOK(t, "ana", ana)
	syncOK(t, "mia", mia)

	edit := func(b *Book, f func(*accounts.Account)) {
		t.Helper()
		cur, err := b.Account(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		f(cur)
		if _, err := b.UpdateAccount(CLI, cur); err != nil {
			t.Fatal(err)
		}
	}
	edit(ana, func(x *accounts.Account) { x.PaymentTerms = "Net 30"; x.Region = "华东" })
	edit(mia, func(x *accounts.Account) { x.PaymentTerms = "Net 60"; x.Website = "nordlicht.example" })
	syncOK(t, "ana", ana) // ana's value reaches the server first
	rep := syncOK(t, "mia", mia)
	if rep.Conflicts != 1 {
		t.Errorf("mia's round kept %d conflicts, want 1", rep.Conflicts)
	}
	syncOK(t, "ana", ana)
	for who, b := range map[string]*Book{"ana": ana, "mia": mia} {
		got, err := b.Account(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.PaymentTerms != "Net 30" || got.Region != "华东" || got.Website != "nordlicht.example" {
			t.Errorf("%s has terms %q region %q website %q; want Net 30 (first on the server), 华东 and the manager's website",
				who, got.PaymentTerms, got.Region, got.Website)
		}
	}
	cs, err := mia.Conflicts(a.ID)
	if err != nil || len(cs) != 1 || cs[0].Path != "payment_terms" || !strings.Contains(string(cs[0].Mine), "Net 60") {
		t.Fatalf("mia's conflicts: %+v %v", cs, err)
	}
	if st := mia.TeamStatus(); st.Conflicts != 1 {
		t.Errorf("status counts %d conflicts", st.Conflicts)
	}
	// Keep mine: it goes up, and ana gets it.
	if _, err := mia.ResolveConflict(CLI, cs[0], true); err != nil {
		t.Fatal(err)
	}
	syncOK(t, "mia", mia)
	syncOK(t, "ana", ana)
	got, _ := ana.Account(a.ID)
	if got.PaymentTerms != "Net 60" {
		t.Errorf("after keep mine, ana has %q", got.PaymentTerms)
	}
	if cs, _ := mia.Conflicts(a.ID); len(cs) != 0 {
		t.Errorf("the conflict is still listed: %+v", cs)
	}
	checkClean(t, "ana", ana)
	checkClean(t, "mia", mia)
}

// Visits and warning signs written on two laptops are both kept.
func TestTeamRecordsAddedOnTwoLaptopsAreBothKept(t *testing.T) {
	tm := newTeam(t)
	ana, mia := tm.laptop("ana"), tm.laptop("mia")
	a := ownAccount(t, ana, "Acme", "王芳")
	syncOK(t, "ana", ana)
	syncOK(t, "mia", mia)
	for i, b := range []*Book{ana, mia} {
		v := accounts.Visit{AccountID: a.ID, At: t0.Add(time.Duration(i+1) * time.Hour), Kind: accounts.KindCall, Summary: "call"}
		if _, err := b.LogVisit(CLI, &v); err != nil {
			t.Fatal(err)
		}
	}
	syncOK(t, "ana", ana)
	syncOK(t, "mia", mia)
	syncOK(t, "ana", ana)
	if na, nm := visitCount(t, ana, a.ID), visitCount(t, mia, a.ID); na != 2 || nm != 2 {
		t.Errorf("visits: ana %d, mia %d; want 2 each", na, nm)
	}
}

// A manager hands a rep's account to the other rep through the server,
// without the departing laptop: the successor receives it with its
// history, the departing laptop removes it and lists it as handed over.
func TestTeamHandoverReachesTheSuccessorAndLeavesTheDepartingLaptop(t *testing.T) {
	tm := newTeam(t)
	ana, bo, mia := tm.laptop("ana"), tm.laptop("bo"), tm.laptop("mia")
	a := ownAccount(t, ana, "华东精密", "王芳")
	c := accounts.Contact{AccountID: a.ID, Name: "陈总", Influence: 5, Role: accounts.RoleEconomic}
	if _, err := ana.CreateContact(CLI, &c); err != nil {
		t.Fatal(err)
	}
	v := accounts.Visit{AccountID: a.ID, At: t0, Kind: accounts.KindOnSite, Summary: "kick-off"}
	if _, err := ana.LogVisit(CLI, &v); err != nil {
		t.Fatal(err)
	}
	syncOK(t, "ana", ana)
	syncOK(t, "bo", bo)

	if _, err := ana.TeamHandover(context.Background(), CLI, []string{"华东精密"}, "bo", HandoverNote{}); accounts.ErrorCode(err) != accounts.EFORBIDDEN {
		t.Errorf("a rep's handover through the server: %v, want EFORBIDDEN", err)
	}
	res, err := mia.TeamHandover(context.Background(), CLI, []string{"华东精密"}, "bo", HandoverNote{Notes: "陈总 prefers mornings", Reason: "ana leaves"})
	if err != nil {
		t.Fatal(err)
	}
	if res.To.Name != "李雷" || len(res.Accounts) != 1 || res.Accounts[0].From != "王芳" {
		t.Errorf("handover result %+v", res)
	}
	syncOK(t, "mia", mia)

	syncOK(t, "bo", bo)
	got, err := bo.Account(a.ID)
	if err != nil || got.Owner != "李雷" {
		t.Fatalf("the successor's copy: %+v %v", got, err)
	}
	if visitCount(t, bo, a.ID) != 1 {
		t.Error("the successor did not receive the visit history")
	}
	hs, err := bo.Handovers()
	if err != nil || len(hs) != 1 || hs[0].Accounts[0].Notes != "陈总 prefers mornings" || len(hs[0].Accounts[0].Introductions) != 1 {
		t.Errorf("the successor's handover record: %+v %v", hs, err)
	}

	rep := syncOK(t, "ana", ana)
	if len(rep.Revoked) != 1 || rep.Revoked[0].To != "李雷" {
		t.Errorf("ana's round reports %+v as handed over", rep.Revoked)
	}
	if got := accountNames(t, ana); len(got) != 0 {
		t.Errorf("the departing laptop still shows %v", got)
	}
	if ho, err := ana.HandedOver(); err != nil || len(ho) != 1 || ho[0].Name != "华东精密" {
		t.Errorf("handed over: %+v %v", ho, err)
	}
	for who, b := range map[string]*Book{"ana": ana, "bo": bo, "mia": mia} {
		checkClean(t, who, b)
	}
}

// A disabled person cannot sync, and a wrong password is refused with a
// sentence; neither changes the database.
func TestTeamDisabledAndWrongPasswordAreRefused(t *testing.T) {
	tm := newTeam(t)
	bo := tm.laptop("bo")
	syncOK(t, "bo", bo)
	if err := teamserver.DisableUser(context.Background(), tm.db, "bo"); err != nil {
		t.Fatal(err)
	}
	_, err := bo.SyncOnce(context.Background())
	if accounts.ErrorCode(err) != accounts.EAUTH {
		t.Fatalf("a disabled user's sync: %v, want EAUTH", err)
	}
	if st := bo.TeamStatus(); st.State != TeamProblem || st.Err == nil {
		t.Errorf("status of a disabled user: %+v", st)
	}

	fresh := newBook(t, Options{})
	fresh.SetCredentials(&credentials.Store{Fallback: t.TempDir(), NoSystem: true})
	_, err = fresh.Connect(context.Background(), tm.srv.URL("", "", ""), "ana", "wrong")
	if accounts.ErrorCode(err) != accounts.EAUTH {
		t.Fatalf("a wrong password: %v, want EAUTH", err)
	}
	if st := fresh.TeamStatus(); st.Linked() {
		t.Errorf("a refused connect linked the database: %+v", st)
	}
}

// The connection killed halfway through a pull loses nothing and
// duplicates nothing: the cursor only moves after the whole pull is
// stored, and records already stored are skipped by their revisions.
func TestTeamConnectionKilledMidPullLosesNothing(t *testing.T) {
	tm := newTeam(t)
	ana, mia := tm.laptop("ana"), tm.laptop("mia")
	a := ownAccount(t, ana, "Big Account", "王芳")
	const n = 2600 // more than one page
	vs := make([]accounts.Visit, n)
	for i := range vs {
		vs[i] = accounts.Visit{AccountID: a.ID, At: t0.Add(time.Duration(i) * time.Minute), Kind: accounts.KindCall, Summary: "call"}
	}
	if _, _, err := ana.AddVisits(CLI, vs); err != nil {
		t.Fatal(err)
	}
	syncOK(t, "ana", ana)
	var once sync.Once
	cancel := mia.Subscribe(func(c Change) {
		if c.Source.Origin == Server {
			once.Do(func() { _, _ = tm.srv.KillSessions("mia") }) // after the first page is stored
		}
	})
	if _, err := mia.SyncOnce(context.Background()); err == nil {
		t.Fatal("the killed pull reported success")
	}
	cancel()
	syncOK(t, "mia", mia)
	if got := visitCount(t, mia, a.ID); got != n {
		t.Errorf("the manager has %d visits after the retry, want %d", got, n)
	}
	checkClean(t, "mia", mia)
}

// The server stopped while a push runs loses nothing and duplicates
// nothing, wherever the push was cut; a push whose commit reached the
// server but whose answer did not is settled by the next round.
func TestTeamServerStoppedMidPushLosesNothing(t *testing.T) {
	tm := newTeam(t)
	ana, mia := tm.laptop("ana"), tm.laptop("mia")
	a := ownAccount(t, ana, "Acme", "王芳")
	syncOK(t, "ana", ana)
	const n = 1200 // three batches
	vs := make([]accounts.Visit, n)
	for i := range vs {
		vs[i] = accounts.Visit{AccountID: a.ID, At: t0.Add(time.Duration(i) * time.Minute), Kind: accounts.KindCall, Summary: "call"}
	}
	if _, _, err := ana.AddVisits(CLI, vs); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := ana.SyncOnce(context.Background()); done <- err }()
	time.Sleep(30 * time.Millisecond)
	if err := tm.srv.Stop(); err != nil {
		t.Fatal(err)
	}
	<-done
	if err := tm.srv.Start(); err != nil {
		t.Fatal(err)
	}
	syncOK(t, "ana", ana)
	if st := ana.TeamStatus(); st.Waiting != 0 {
		t.Errorf("%d still waiting", st.Waiting)
	}
	syncOK(t, "mia", mia)
	if got := visitCount(t, mia, a.ID); got != n {
		t.Errorf("the manager has %d visits, want %d", got, n)
	}
	if count, err := tm.srv.Query("SELECT count(*) FROM keycard.records WHERE kind = 'visit'"); err != nil || count != strconv.Itoa(n) {
		t.Errorf("the server holds %s visits (%v), want %d", count, err, n)
	}
}

// A change another person makes reaches an open app within seconds: the
// app's listener hears the server's NOTIFY and runs a round at once (the
// periodic round is a minute away).
func TestTeamChangeReachesAnOpenAppWithinSeconds(t *testing.T) {
	tm := newTeam(t)
	ana, mia := tm.laptop("ana"), tm.laptop("mia")
	a := ownAccount(t, ana, "Acme", "王芳")
	syncOK(t, "ana", ana)
	syncOK(t, "mia", mia)
	mia.StartTeamSync()
	// Wait until the app's listener is in place (its session's last
	// statement is the LISTEN), however slow the machine.
	for i := 0; ; i++ {
		n, err := tm.srv.Query("SELECT count(*) FROM pg_stat_activity WHERE usename = 'mia' AND query = 'LISTEN keycard'")
		if err == nil && n != "0" {
			break
		}
		if i == 200 {
			t.Fatalf("the open app's listener did not sign in within 20 s (%s, %v)", n, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	arrived := make(chan time.Time, 1)
	mia.Subscribe(func(c Change) {
		if c.Source.Origin == Server && c.Touches(a.ID) {
			select {
			case arrived <- time.Now():
			default:
			}
		}
	})
	cur, _ := ana.Account(a.ID)
	cur.PaymentTerms = "Net 45"
	if _, err := ana.UpdateAccount(CLI, cur); err != nil {
		t.Fatal(err)
	}
	sent := time.Now()
	syncOK(t, "ana", ana)
	select {
	case at := <-arrived:
		t.Logf("the change reached the open app %v after ana's sync began", at.Sub(sent))
	case <-time.After(15 * time.Second):
		t.Fatal("the change did not reach the open app within 15 s")
	}
	got, _ := mia.Account(a.ID)
	if got.PaymentTerms != "Net 45" {
		t.Errorf("mia has %q", got.PaymentTerms)
	}
}

// The same person connects two laptops that both hold the demo (the same
// record ids, made at different moments): the second laptop's records meet
// the first's on the server, merge without a conflict, and nothing is
// refused or duplicated.
func TestTeamSameRecordsFromTwoLaptopsMergeQuietly(t *testing.T) {
	tm := newTeam(t)
	first, second := newBook(t, Options{}), newBook(t, Options{})
	for i, b := range []*Book{first, second} {
		if _, err := b.LoadDemo(CLI); err != nil {
			t.Fatal(err)
		}
		b.SetCredentials(&credentials.Store{Fallback: filepath.Join(t.TempDir(), "secrets"), NoSystem: true})
		if _, err := b.Connect(context.Background(), tm.srv.URL("", "", ""), "ana", password("ana")); err != nil {
			t.Fatal(err)
		}
		rep := syncOK(t, "ana", b)
		if rep.Conflicts != 0 || rep.Refused != 0 {
			t.Errorf("laptop %d: %d conflicts, %d refused; want none", i+1, rep.Conflicts, rep.Refused)
		}
	}
	syncOK(t, "ana", first)
	if cs, err := second.Conflicts(""); err != nil || len(cs) != 0 {
		t.Errorf("conflicts kept: %d %v", len(cs), err)
	}
	mine := func(b *Book) int {
		sums, err := b.SummariesByOwner("王芳")
		if err != nil {
			t.Fatal(err)
		}
		return len(sums)
	}
	if a, b := mine(first), mine(second); a != b || a == 0 {
		t.Errorf("王芳's accounts: %d and %d", a, b)
	}
	checkClean(t, "first", first)
	checkClean(t, "second", second)
}
