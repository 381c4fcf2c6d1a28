package storage

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
)

var testLink = TeamLink{Server: "postgres://team.example.com/keycard", Login: "wang", Name: "王芳", Role: "rep"}

// fixture is a database with one of every kind of record.
type fixture struct {
	s      *Store
	a, b   accounts.Account
	c1, c2 accounts.Contact
	l      accounts.InfluenceLink
	v      accounts.Visit
	w      accounts.Warning
	p      accounts.Plan
	h      accounts.Handover
}

func newFixture(t *testing.T, linked bool) *fixture {
	t.Helper()
	s, _ := newStore(t)
	f := &fixture{s: s}
	f.a = mkAccount(t, s, "Alpha", "Li Wei")
	f.b = mkAccount(t, s, "Beta", "Li Wei")
	f.c1 = mkContact(t, s, f.a.ID, "Zhang", "")
	f.c2 = mkContact(t, s, f.a.ID, "Chen", f.c1.ID)
	f.l = accounts.InfluenceLink{AccountID: f.a.ID, From: f.c1.ID, To: f.c2.ID, Strength: 2}
	if err := s.CreateLink(&f.l); err != nil {
		t.Fatal(err)
	}
	f.v = mkVisit(t, s, f.a.ID, t0, accounts.DateOf(t0).AddDays(7))
	f.w = accounts.Warning{AccountID: f.a.ID, Kind: accounts.WarningKinds()[0], Observed: accounts.DateOf(t0), Severity: accounts.SeverityHigh, Status: accounts.WarningOpen}
	if err := s.CreateWarning(&f.w); err != nil {
		t.Fatal(err)
	}
	f.p = accounts.Plan{AccountID: f.a.ID, Objectives: []accounts.Objective{{Text: "share of wallet 40 %"}}}
	if err := s.SavePlan(&f.p); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveLayout(&accounts.MapLayout{AccountID: f.a.ID, Positions: map[accounts.ID]accounts.Point{f.c1.ID: {X: 1, Y: 2}}}); err != nil {
		t.Fatal(err)
	}
	f.h = accounts.Handover{From: "Li Wei", Status: accounts.HandoverDraft, Date: accounts.DateOf(t0),
		Accounts: []accounts.HandoverAccount{{AccountID: f.a.ID, To: "Wang Fang"}}}
	if err := s.SaveHandover(&f.h); err != nil {
		t.Fatal(err)
	}
	if linked {
		if _, err := s.Link(testLink, nil); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// outbox reads the outbox bucket as it is.
func outbox(t *testing.T, s *Store) map[string]outEntry {
	t.Helper()
	out := map[string]outEntry{}
	err := s.view(func(tx *txn) error {
		b := tx.b(bktOutbox)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var e outEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			out[string(k)] = e
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// queuedSince lists the outbox entries that are new or changed.
func queuedSince(before, after map[string]outEntry) []string {
	var out []string
	for k, e := range after {
		if old, ok := before[k]; !ok || old.Seq != e.Seq {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func refs(parts ...any) []string {
	var out []string
	for i := 0; i < len(parts); i += 2 {
		out = append(out, string(parts[i].(Kind))+"/"+string(parts[i+1].(accounts.ID)))
	}
	sort.Strings(out)
	return out
}

func mustClean(t *testing.T, s *Store) {
	t.Helper()
	if err := s.Check(); err != nil {
		t.Fatalf("the check is not clean: %s", say(err))
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// writeCase is one exported write of Store: it runs it on the fixture and
// returns the records it must have queued.
type writeCase struct {
	method string
	run    func(t *testing.T, f *fixture) []string
}

var writeCases = []writeCase{
	// Settings (the exchange rates, the reminders shown) stay on this
	// laptop: they queue nothing.
	{"PutRates", func(t *testing.T, f *fixture) []string {
		must(t, f.s.PutRates(accounts.Rates{Reporting: "CNY", Table: []accounts.Rate{{Currency: "USD", PerUnit: 7.2, ValidFrom: accounts.NewDate(2026, 6, 1)}}}))
		return nil
	}},
	{"PutReminded", func(t *testing.T, f *fixture) []string {
		must(t, f.s.PutReminded(Reminded{Day: accounts.NewDate(2026, 6, 1), Keys: []string{"b/x"}}))
		return nil
	}},
	{"CreateAccount", func(t *testing.T, f *fixture) []string {
		a := mkAccount(t, f.s, "Gamma", "Li Wei")
		return refs(KindAccount, a.ID)
	}},
	{"UpdateAccount", func(t *testing.T, f *fixture) []string {
		f.a.Region = "North"
		must(t, f.s.UpdateAccount(&f.a))
		return refs(KindAccount, f.a.ID)
	}},
	{"DeleteAccount", func(t *testing.T, f *fixture) []string {
		must(t, f.s.DeleteAccount(f.a.ID))
		return refs(KindAccount, f.a.ID, KindContact, f.c1.ID, KindContact, f.c2.ID, KindLink, f.l.ID, KindVisit, f.v.ID,
			KindWarning, f.w.ID, KindPlan, f.a.ID, KindLayout, f.a.ID)
	}},
	{"PutAccountData", func(t *testing.T, f *fixture) []string {
		d := accounts.AccountData{Account: accounts.Account{Name: "Delta", Owner: "Li Wei", Tier: accounts.TierKey, Stage: accounts.StageGrowth},
			Contacts: []accounts.Contact{{Name: "Wu", Influence: 2}}}
		batch := []accounts.AccountData{d}
		must(t, f.s.PutAccountData(batch))
		return refs(KindAccount, batch[0].Account.ID, KindContact, batch[0].Contacts[0].ID)
	}},
	{"CreateContact", func(t *testing.T, f *fixture) []string {
		c := mkContact(t, f.s, f.b.ID, "Sun", "")
		return refs(KindContact, c.ID)
	}},
	{"UpdateContact", func(t *testing.T, f *fixture) []string {
		f.c2.Phone = "123"
		must(t, f.s.UpdateContact(&f.c2))
		return refs(KindContact, f.c2.ID)
	}},
	{"DeleteContact", func(t *testing.T, f *fixture) []string {
		must(t, f.s.DeleteContact(f.c1.ID))
		// Chen reported to Zhang, the link touched Zhang, the map placed Zhang.
		return refs(KindContact, f.c1.ID, KindContact, f.c2.ID, KindLink, f.l.ID, KindLayout, f.a.ID)
	}},
	{"CreateLink", func(t *testing.T, f *fixture) []string {
		l := accounts.InfluenceLink{AccountID: f.a.ID, From: f.c2.ID, To: f.c1.ID, Strength: 1}
		must(t, f.s.CreateLink(&l))
		return refs(KindLink, l.ID)
	}},
	{"UpdateLink", func(t *testing.T, f *fixture) []string {
		f.l.Strength = 3
		must(t, f.s.UpdateLink(&f.l))
		return refs(KindLink, f.l.ID)
	}},
	{"DeleteLink", func(t *testing.T, f *fixture) []string {
		must(t, f.s.DeleteLink(f.l.ID))
		return refs(KindLink, f.l.ID)
	}},
	{"SaveLayout", func(t *testing.T, f *fixture) []string {
		must(t, f.s.SaveLayout(&accounts.MapLayout{AccountID: f.b.ID}))
		return refs(KindLayout, f.b.ID)
	}},
	{"CreateVisit", func(t *testing.T, f *fixture) []string {
		v := mkVisit(t, f.s, f.b.ID, t0)
		return refs(KindVisit, v.ID)
	}},
	{"UpdateVisit", func(t *testing.T, f *fixture) []string {
		f.v.At = t0.Add(time.Hour) // the record moves to another key
		must(t, f.s.UpdateVisit(&f.v))
		return refs(KindVisit, f.v.ID)
	}},
	{"DeleteVisit", func(t *testing.T, f *fixture) []string {
		must(t, f.s.DeleteVisit(f.v.ID))
		return refs(KindVisit, f.v.ID)
	}},
	{"SetStepDone", func(t *testing.T, f *fixture) []string {
		must(t, f.s.SetStepDone(f.v.ID, f.v.NextSteps[0].ID, true, accounts.DateOf(t0)))
		return refs(KindVisit, f.v.ID)
	}},
	{"CreateWarning", func(t *testing.T, f *fixture) []string {
		w := f.w
		w.ID, w.Version, w.AccountID = "", 0, f.b.ID
		must(t, f.s.CreateWarning(&w))
		return refs(KindWarning, w.ID)
	}},
	{"UpdateWarning", func(t *testing.T, f *fixture) []string {
		f.w.Evidence = "asked for our price list"
		must(t, f.s.UpdateWarning(&f.w))
		return refs(KindWarning, f.w.ID)
	}},
	{"DeleteWarning", func(t *testing.T, f *fixture) []string {
		must(t, f.s.DeleteWarning(f.w.ID))
		return refs(KindWarning, f.w.ID)
	}},
	{"SavePlan", func(t *testing.T, f *fixture) []string {
		f.p.Objectives = append(f.p.Objectives, accounts.Objective{Text: "renew the service contract"})
		must(t, f.s.SavePlan(&f.p))
		return refs(KindPlan, f.a.ID)
	}},
	{"SaveHandover", func(t *testing.T, f *fixture) []string {
		f.h.Reason = "moved to Beijing"
		must(t, f.s.SaveHandover(&f.h))
		return refs(KindHandover, f.h.ID)
	}},
	{"CompleteHandover", func(t *testing.T, f *fixture) []string {
		must(t, f.s.CompleteHandover(&f.h))
		// The open next step was the departing owner's: it moves too.
		return refs(KindHandover, f.h.ID, KindAccount, f.a.ID, KindVisit, f.v.ID)
	}},
	{"AddContacts", func(t *testing.T, f *fixture) []string {
		cs, err := f.s.AddContacts([]accounts.Contact{{AccountID: f.b.ID, Name: "Qian", Influence: 1}, {AccountID: f.a.ID, Name: "Zhou", Influence: 1}})
		must(t, err)
		return refs(KindContact, cs[0].ID, KindContact, cs[1].ID)
	}},
	{"AddVisits", func(t *testing.T, f *fixture) []string {
		vs, err := f.s.AddVisits([]accounts.Visit{{AccountID: f.b.ID, At: t0, Kind: accounts.KindCall}})
		must(t, err)
		return refs(KindVisit, vs[0].ID)
	}},
	{"MoveContact", func(t *testing.T, f *fixture) []string {
		n, err := f.s.MoveContact(f.c2.ID, f.b.ID, accounts.Date{})
		must(t, err)
		return refs(KindContact, f.c2.ID, KindContact, n.ID)
	}},
	{"MoveContactToNewAccount", func(t *testing.T, f *fixture) []string {
		a := accounts.Account{Name: "Epsilon", Owner: "Li Wei", Tier: accounts.TierKey, Stage: accounts.StageGrowth}
		n, err := f.s.MoveContactToNewAccount(f.c2.ID, &a, accounts.Date{})
		must(t, err)
		return refs(KindContact, f.c2.ID, KindContact, n.ID, KindAccount, a.ID)
	}},
	{"Import", func(t *testing.T, f *fixture) []string {
		d, err := f.s.LoadAccount(f.b.ID)
		must(t, err)
		d.Account.Region, d.Account.Version, d.Account.UpdatedAt = "West", d.Account.Version+1, d.Account.UpdatedAt.Add(time.Hour)
		_, err = f.s.Import([]accounts.AccountData{*d})
		must(t, err)
		return refs(KindAccount, f.b.ID)
	}},
	{"ImportWith", func(t *testing.T, f *fixture) []string {
		d, err := f.s.LoadAccount(f.a.ID)
		must(t, err)
		d.Account.Region, d.Account.Version, d.Account.UpdatedAt = "West", d.Account.Version+1, d.Account.UpdatedAt.Add(time.Hour)
		_, err = f.s.ImportWith([]accounts.AccountData{*d}, ImportOptions{})
		must(t, err)
		// An import rewrites the account whole: every record is noted;
		// Outbox drops those that equal their base.
		return refs(KindAccount, f.a.ID, KindContact, f.c1.ID, KindContact, f.c2.ID, KindLink, f.l.ID, KindVisit, f.v.ID,
			KindWarning, f.w.ID, KindPlan, f.a.ID, KindLayout, f.a.ID)
	}},
	{"ImportStream", func(t *testing.T, f *fixture) []string {
		d, err := f.s.LoadAccount(f.b.ID)
		must(t, err)
		d.Account.Region, d.Account.Version, d.Account.UpdatedAt = "West", d.Account.Version+1, d.Account.UpdatedAt.Add(time.Hour)
		_, err = f.s.ImportStream(Accounts([]accounts.AccountData{*d}), ImportOptions{})
		must(t, err)
		return refs(KindAccount, f.b.ID)
	}},
	{"ImportStaged", func(t *testing.T, f *fixture) []string {
		// The copy a staged import works on is the linked database's,
		// outbox and all: what it queues there is what the file holds
		// once the copy is in its place.
		d, err := f.s.LoadAccount(f.b.ID)
		must(t, err)
		d.Account.Region, d.Account.Version, d.Account.UpdatedAt = "North", d.Account.Version+1, d.Account.UpdatedAt.Add(time.Hour)
		_, err = f.s.ImportStaged(Accounts([]accounts.AccountData{*d}), ImportOptions{})
		must(t, err)
		return refs(KindAccount, f.b.ID)
	}},
	{"SaveRiskSnapshots", func(t *testing.T, f *fixture) []string {
		must(t, f.s.SaveRiskSnapshots(accounts.DateOf(t0), []accounts.RiskScore{{AccountID: f.a.ID, Score: 40, Level: accounts.RiskElevated}}))
		return nil // history, not a record
	}},
	{"AddDeals", func(t *testing.T, f *fixture) []string {
		_, err := f.s.AddDeals([]accounts.Deal{{AccountID: f.b.ID, Opportunity: accounts.Opportunity{Product: "GTX Pro", Stage: accounts.StageWon}}})
		must(t, err)
		return refs(KindPlan, f.b.ID)
	}},
	{"PutPeople", func(t *testing.T, f *fixture) []string {
		_, err := f.s.PutPeople([]accounts.Person{{Name: "Anna Snelling", Manager: "Dustin Brinkmann"}})
		must(t, err)
		return nil // this computer's team directory, not a record of the team server
	}},
	{"PutReview", func(t *testing.T, f *fixture) []string {
		r := accounts.Review{AccountID: f.a.ID, Reviewer: "Zhao Min", Comment: "Add the CFO", Completeness: -1}
		must(t, f.s.PutReview(&r))
		return refs(KindReview, r.ID)
	}},
}

// notWrites are the exported methods of Store that change no record, or
// that are the replica's own (tested in replica_test.go).
var notWrites = map[string]bool{
	"Account": true, "AllContacts": true, "Backup": true, "Birthdays": true, "FollowUpsDue": true, "BackupFile": true, "Check": true, "Close": true, "Contact": true,
	"Contacts": true, "EachRiskInput": true, "FindAccount": true, "FollowUps": true, "Handover": true, "Handovers": true,
	"Layout": true, "Links": true, "LoadAccount": true, "MapChanges": true, "Owners": true, "Path": true, "Plan": true,
	"PlanImport": true, "PlanImportWith": true, "PlanImportStream": true, "RecentVisits": true, "Renewals": true, "RiskHistory": true, "RiskInputFor": true,
	"RiskOn": true, "Stats": true, "Summaries": true, "SummariesByOwner": true, "Visit": true, "Visits": true, "Warnings": true,
	"Rates": true, "Reminded": true,
	"Reviews": true, "LatestReviews": true, "EachReview": true, "ReviewActivity": true, "OpenStepsDueBefore": true,
	"DealsOf": true, "People": true,
	// The replica's own, each tested for what it queues (mostly nothing).
	"TeamLinkInfo": true, "SaveTeamLink": true, "Link": true, "Unlink": true, "Outbox": true, "OutboxLen": true,
	"MarkPushed": true, "KeepLocal": true, "ApplyIncoming": true, "SetPrivateRemarks": true, "Conflicts": true,
	"ResolveConflict": true, "HandedOver": true,
}

// TestEveryWriteQueuesItsRecords runs every exported write of Store on a
// linked database and finds an outbox entry, written by the same
// transaction, for exactly the records it changed. A new method of Store
// fails the test until it is listed as a write (with what it queues) or
// as no write.
func TestEveryWriteQueuesItsRecords(t *testing.T) {
	listed := map[string]bool{}
	for _, c := range writeCases {
		listed[c.method] = true
	}
	st := reflect.TypeOf(&Store{})
	for i := 0; i < st.NumMethod(); i++ {
		name := st.Method(i).Name
		if !listed[name] && !notWrites[name] {
			t.Errorf("Store.%s is new: list it in writeCases with the records it queues, or in notWrites", name)
		}
	}
	for _, c := range writeCases {
		t.Run(c.method, func(t *testing.T) {
			f := newFixture(t, true)
			before := outbox(t, f.s)
			want := c.run(t, f)
			after := outbox(t, f.s)
			same(t, "records queued", queuedSince(before, after), want)
			for _, k := range want {
				e := after[k]
				if strings.HasPrefix(k, "handover/") {
					if e.Account != "" || len(e.Accounts) == 0 {
						t.Fatalf("%s: %+v", k, e)
					}
				} else if e.Account == "" {
					t.Fatalf("%s has no account: %+v", k, e)
				}
			}
			mustClean(t, f.s)
		})
	}
}

// TestUnlinkedDatabaseHasNoReplica runs every write on a database that is
// not linked: no outbox, base or team bucket appears.
func TestUnlinkedDatabaseHasNoReplica(t *testing.T) {
	for _, c := range writeCases {
		t.Run(c.method, func(t *testing.T) {
			f := newFixture(t, false)
			c.run(t, f)
			err := f.s.view(func(tx *txn) error {
				for _, b := range append(append([][]byte{}, replicaBuckets...), bktHanded) {
					if tx.b(b) != nil {
						t.Errorf("an unlinked database has the bucket %s", b)
					}
				}
				return nil
			})
			must(t, err)
			if f.s.linked.Load() {
				t.Fatal("the store thinks it may be linked")
			}
			mustClean(t, f.s)
		})
	}
}

// TestOnlyTheFunnelWritesRecords keeps every put and delete of a record
// in outbox.go, so that a new write path cannot change a record without
// queueing it.
func TestOnlyTheFunnelWritesRecords(t *testing.T) {
	files, err := filepath.Glob("*.go")
	must(t, err)
	direct := regexp.MustCompile(`(bktData|bktHandovers)\)\.(Put|Delete|DeleteBucket)\(|DeleteBucket\((bktData|bktHandovers)\)`)
	alias := regexp.MustCompile(`(\w+)\s*:?=\s*\w+\.(b|Bucket)\((bktData|bktHandovers)\)`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "outbox.go" {
			continue
		}
		src, err := os.ReadFile(f)
		must(t, err)
		if m := direct.Find(src); m != nil {
			t.Errorf("%s writes a record directly (%s): use putData, delData or putHandover", f, m)
		}
		for _, m := range alias.FindAllSubmatch(src, -1) {
			if regexp.MustCompile(`\b` + string(m[1]) + `\.(Put|Delete)\(`).Match(src) {
				t.Errorf("%s writes a record through %s: use putData, delData or putHandover", f, m[1])
			}
		}
	}
}

// TestLinkQueuesSharedAccounts: Link queues every record of the accounts
// share accepts and every handover, account first; the others stay here,
// and later changes to them are not queued either.
func TestLinkQueuesSharedAccounts(t *testing.T) {
	f := newFixture(t, false)
	res, err := f.s.Link(testLink, func(a *accounts.Account) bool { return a.ID == f.a.ID })
	must(t, err)
	if res.Queued != 9 || res.KeptLocal != 1 {
		t.Fatalf("link: %+v", res)
	}
	ob := outbox(t, f.s)
	if ob["account/"+string(f.a.ID)].Seq != 1 || len(ob) != 9 {
		t.Fatalf("outbox: %+v", ob)
	}
	l, err := f.s.TeamLinkInfo()
	must(t, err)
	if l == nil || l.Login != "wang" || l.LinkedAt.IsZero() {
		t.Fatalf("link: %+v", l)
	}
	f.b.Region = "East"
	must(t, f.s.UpdateAccount(&f.b))
	mkVisit(t, f.s, f.b.ID, t0)
	if got := outbox(t, f.s); len(got) != 9 {
		t.Fatalf("a local account's change was queued: %v", queuedSince(ob, got))
	}
	mustClean(t, f.s)

	// Unlink keeps the records and drops the bookkeeping; a reopened store
	// knows it is not linked.
	must(t, f.s.Unlink())
	if l, err := f.s.TeamLinkInfo(); l != nil || err != nil {
		t.Fatal(l, err)
	}
	if n, _ := f.s.OutboxLen(); n != 0 {
		t.Fatal(n)
	}
	mkVisit(t, f.s, f.a.ID, t0)
	if n, _ := f.s.OutboxLen(); n != 0 {
		t.Fatal("an unlinked database queued a write")
	}
	path := f.s.Path()
	f.s.Close()
	s, err := Open(path, Options{})
	must(t, err)
	defer s.Close()
	if s.linked.Load() {
		t.Fatal("reopened as linked")
	}
	_, err = s.Link(testLink, nil)
	must(t, err)
	s.Close()
	s, err = Open(path, Options{})
	must(t, err)
	defer s.Close()
	if !s.linked.Load() {
		t.Fatal("reopened as not linked")
	}
	before := outbox(t, s)
	v := mkVisit(t, s, f.a.ID, t0.Add(time.Minute))
	same(t, "queued after reopening", queuedSince(before, outbox(t, s)), refs(KindVisit, v.ID))
}

// TestNotLinkedRefusals: the replica's writes say a database is not linked.
func TestNotLinkedRefusals(t *testing.T) {
	s, _ := newStore(t)
	wantCode(t, s.SaveTeamLink(testLink), accounts.EINVALID)
	_, err := s.ApplyIncoming(nil, nil, nil, nil)
	wantCode(t, err, accounts.EINVALID)
	wantCode(t, s.MarkPushed(nil), accounts.EINVALID)
	wantCode(t, s.KeepLocal(nil), accounts.EINVALID)
	if !strings.Contains(say(err), "not connected to a team server") {
		t.Fatal(say(err))
	}
	if got, err := s.Outbox(10); got != nil || err != nil {
		t.Fatal(got, err)
	}
}

// A write that fails leaves no outbox entry: the entry is part of the
// write's own transaction.
func TestFailedWriteQueuesNothing(t *testing.T) {
	f := newFixture(t, true)
	before := outbox(t, f.s)
	stale := f.a
	stale.Version = 99
	wantCode(t, f.s.UpdateAccount(&stale), accounts.ECONFLICT)
	_, err := f.s.AddContacts([]accounts.Contact{{AccountID: f.a.ID, Name: "ok", Influence: 1}, {AccountID: "nowhere", Name: "x", Influence: 1}})
	if err == nil {
		t.Fatal("a contact of no account was added")
	}
	same(t, "queued", queuedSince(before, outbox(t, f.s)), []string(nil))
}

var _ = bolt.Tx{}

// TestLinkWhileWriting links a database while other goroutines write to
// it: whatever order the transactions commit in, every record ends up
// queued (by Link, or by its own write after Link), and after Unlink
// nothing is queued any more.
func TestLinkWhileWriting(t *testing.T) {
	f := newFixture(t, false)
	done := make(chan error)
	for w := 0; w < 2; w++ {
		go func(w int) {
			var err error
			for i := 0; i < 40 && err == nil; i++ {
				v := accounts.Visit{AccountID: f.b.ID, At: t0.Add(time.Duration(w*100+i) * time.Minute), Kind: accounts.KindCall}
				err = f.s.CreateVisit(&v)
			}
			done <- err
		}(w)
	}
	time.Sleep(time.Millisecond)
	_, err := f.s.Link(testLink, nil)
	must(t, err)
	must(t, <-done)
	must(t, <-done)
	ob := outbox(t, f.s)
	err = f.s.view(func(tx *txn) error {
		return tx.b(bktData).ForEach(func(k, _ []byte) error {
			r, _, _ := refOfKey(k)
			if _, ok := ob[outKey(r)]; !ok {
				t.Errorf("%s is not queued", k)
			}
			return nil
		})
	})
	must(t, err)

	for w := 0; w < 2; w++ {
		go func(w int) {
			var err error
			for i := 0; i < 40 && err == nil; i++ {
				v := accounts.Visit{AccountID: f.b.ID, At: t0.Add(time.Duration(w*100+i) * time.Second), Kind: accounts.KindCall}
				err = f.s.CreateVisit(&v)
			}
			done <- err
		}(w)
	}
	time.Sleep(time.Millisecond)
	must(t, f.s.Unlink())
	must(t, <-done)
	must(t, <-done)
	must(t, f.s.view(func(tx *txn) error {
		if tx.b(bktOutbox) != nil || tx.b(bktTeam) != nil {
			t.Error("a write after Unlink queued itself")
		}
		return nil
	}))
	mustClean(t, f.s)
}
