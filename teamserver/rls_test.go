package teamserver_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"keycard/teamserver"
)

// fixture: reps A and B and manager M of team east; rep C of team west;
// admin Z. A owns acctA (with a contact, a visit and a private note), B
// owns acctB, C owns acctC.
type fixture struct {
	*team
	a, b, c, m, z string
}

const (
	acctA = "0190a000-0000-7000-8000-00000000000a"
	acctB = "0190a000-0000-7000-8000-00000000000b"
	acctC = "0190a000-0000-7000-8000-00000000000c"
	contA = "0190a000-0000-7000-8000-0000000000ca"
	visA  = "0190a000-0000-7000-8000-0000000000ea"
)

func newFixture(t *testing.T) *fixture {
	tm := newTeam(t)
	f := &fixture{team: tm,
		a: tm.add(t, "a", "Anna", teamserver.RoleRep, "east"),
		b: tm.add(t, "b", "Bo", teamserver.RoleRep, "east"),
		c: tm.add(t, "c", "Chen", teamserver.RoleRep, "west"),
		m: tm.add(t, "m", "Mei", teamserver.RoleManager, "east"),
		z: tm.add(t, "z", "Zed", teamserver.RoleAdmin),
	}
	ca := tm.dial(t, f.a)
	res := push(t, ca, account(acctA, "Acme secret", "Anna"), child("contact", contA, acctA, "name", "Secret Person"), child("visit", visA, acctA, "summary", "secret visit"))
	for _, r := range res {
		if r.Rev != 1 || r.Conflict || r.Refused {
			t.Fatalf("push: %+v", r)
		}
	}
	if _, err := ca.Push(context.Background(), nil, []teamserver.Note{{ContactID: contA, Account: acctA, Text: "private of Anna"}}); err != nil {
		t.Fatal(err)
	}
	push(t, tm.dial(t, f.b), account(acctB, "Bo's", "Bo"))
	push(t, tm.dial(t, f.c), account(acctC, "Chen's", "Chen"))
	return f
}

// TestRepBSeesNothingOfA connects as rep B the way psql would and tries
// every way to read or change rep A's rows.
func TestRepBSeesNothingOfA(t *testing.T) {
	f := newFixture(t)
	f.exec(t, "ANALYZE keycard.records")
	b := f.raw(t, f.b)
	ctx := context.Background()
	// Each query must fail with the code given, or succeed and return
	// nothing that mentions A's data.
	cases := []struct {
		name, sql string
		code      string // "" = must succeed
	}{
		{"records", "SELECT * FROM keycard.records", ""},
		{"records of A by id", "SELECT * FROM keycard.records WHERE account_id = '" + acctA + "'", ""},
		{"notes", "SELECT * FROM keycard.notes", ""},
		{"revocations", "SELECT * FROM keycard.revocations", ""},
		{"users' visible columns", "SELECT login, name, role FROM keycard.users WHERE false", ""},
		{"users' other columns", "SELECT disabled, last_sync FROM keycard.users", "42501"},
		{"team members", "SELECT * FROM keycard.team_members", "42501"},
		{"teams", "SELECT * FROM keycard.teams", "42501"},
		{"visible accounts", "SELECT keycard.visible_accounts()", ""},
		{"viewers function", "SELECT keycard.viewers('Anna', '{}')", "42501"},
		{"touch function", "SELECT keycard.touch_account('" + acctA + "')", "42501"},
		{"revoke function", "SELECT keycard.revoke_lost('" + acctA + "', '{}', '', '', '{}')", "42501"},
		{"security definer function", "CREATE FUNCTION public.peek() RETURNS SETOF keycard.records LANGUAGE sql SECURITY DEFINER AS 'SELECT * FROM keycard.records'", "42501"},
		{"temporary function", "CREATE FUNCTION pg_temp.peek() RETURNS SETOF keycard.records LANGUAGE sql AS 'SELECT * FROM keycard.records'; SELECT * FROM pg_temp.peek()", ""},
		{"row security off", "SET row_security = off; SELECT * FROM keycard.records", "42501"},
		{"set role group", "SET ROLE keycard_user; SELECT * FROM keycard.records", ""},
		{"statistics", "SELECT * FROM pg_stats WHERE schemaname = 'keycard'", ""},
		{"disable policies", "ALTER TABLE keycard.records DISABLE ROW LEVEL SECURITY", "42501"},
		{"drop policy", "DROP POLICY records_visible ON keycard.records", "42501"},
		{"update A's visit", "UPDATE keycard.records SET body = '{}' WHERE id = '" + visA + "' RETURNING *", ""},
		{"delete", "DELETE FROM keycard.records", "42501"},
		{"insert account for A", `INSERT INTO keycard.records (kind, id, account_id, body) VALUES ('account', 'x1', 'x1', '{"owner":"Anna","name":"x"}')`, "42501"},
		{"insert visit under A's account", `INSERT INTO keycard.records (kind, id, account_id, body) VALUES ('visit', 'x2', '` + acctA + `', '{}')`, "42501"},
		{"move own visit under A's account", `INSERT INTO keycard.records (kind, id, account_id, body) VALUES ('visit', 'x3', '` + acctB + `', '{}'); UPDATE keycard.records SET account_id = '` + acctA + `' WHERE id = 'x3'`, "42501"},
		{"give own account to A", `UPDATE keycard.records SET body = body || '{"owner":"Anna"}' WHERE id = '` + acctB + `'`, "42501"},
		{"join A's account team", `UPDATE keycard.records SET body = body || '{"team":["Bo"]}' WHERE id = '` + acctA + `' RETURNING *`, ""},
		{"set own role", "UPDATE keycard.users SET role = 'admin' WHERE login = current_user", "42501"},
		{"own revision", "UPDATE keycard.records SET rev = 99 WHERE id = '" + acctB + "'", "42501"},
		{"note as A", `INSERT INTO keycard.notes (contact_id, account_id, author, body) VALUES ('` + contA + `', '` + acctA + `', '` + f.a + `', 'x')`, "42501"},
		{"note on A's contact", `INSERT INTO keycard.notes (contact_id, account_id, body) VALUES ('` + contA + `', '` + acctA + `', 'x')`, "42501"},
		{"grant self", "GRANT keycard_user TO " + f.b, "42501"},
		{"copy", "COPY keycard.records TO STDOUT", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tx, err := b.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = tx.Rollback(ctx) }()
			out, err := runAll(ctx, tx.Conn(), c.sql)
			var pg *pgconn.PgError
			switch {
			case c.code != "" && (!errors.As(err, &pg) || pg.Code != c.code):
				t.Fatalf("want SQLSTATE %s, got %v (%s)", c.code, err, out)
			case c.code == "" && err != nil:
				t.Fatalf("failed: %v", err)
			}
			for _, secret := range []string{"Acme secret", "Secret Person", "secret visit", "private of Anna", acctA, contA, visA} {
				if strings.Contains(out, secret) {
					t.Fatalf("rep B read %q: %s", secret, out)
				}
			}
		})
	}
	// B's own account is there, so the queries did work.
	var n int
	if err := b.QueryRow(ctx, "SELECT count(*) FROM keycard.records").Scan(&n); err != nil || n != 1 {
		t.Fatalf("B sees %d rows (%v), want its one account", n, err)
	}
}

// TestLeakyFunctionSeesNothing: a cheap function that reports its
// argument is not called on rows the policy hides (security barrier).
func TestLeakyFunctionSeesNothing(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	cfg, _ := pgx.ParseConfig(f.srv.URL(f.b, pw, ""))
	var notices []string
	cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) { notices = append(notices, n.Message) }
	b, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close(ctx)
	_, err = b.Exec(ctx, `CREATE FUNCTION pg_temp.leak(text) RETURNS boolean LANGUAGE plpgsql COST 0.0000001 AS
		$$ BEGIN RAISE NOTICE 'saw %', $1; RETURN true; END $$`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := runAll(ctx, b, "SELECT * FROM keycard.records WHERE pg_temp.leak(body::text)"); err != nil {
		t.Fatal(err)
	}
	for _, n := range notices {
		if strings.Contains(n, "secret") {
			t.Fatalf("a function saw A's row: %s", n)
		}
	}
	if len(notices) != 1 {
		t.Fatalf("notices: %q", notices)
	}
}

// runAll runs SQL (several statements) the way psql does and returns the
// rows as text.
func runAll(ctx context.Context, c *pgx.Conn, sql string) (string, error) {
	if strings.HasPrefix(sql, "COPY") {
		var sb strings.Builder
		_, err := c.PgConn().CopyTo(ctx, &sb, sql)
		return sb.String(), err
	}
	rr := c.PgConn().Exec(ctx, sql)
	res, err := rr.ReadAll()
	var sb strings.Builder
	for _, r := range res {
		for _, row := range r.Rows {
			for _, v := range row {
				sb.Write(v)
				sb.WriteByte('|')
			}
			sb.WriteByte('\n')
		}
	}
	return sb.String(), err
}

// TestWhoSeesWhat: what each person pulls.
func TestWhoSeesWhat(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		login string
		want  []string // account ids
		notes int
	}{
		{f.a, []string{acctA}, 1},
		{f.b, []string{acctB}, 0},
		{f.c, []string{acctC}, 0},
		{f.m, []string{acctA, acctB}, 0},
		{f.z, []string{acctA, acctB, acctC}, 0},
	}
	for _, c := range cases {
		t.Run(c.login, func(t *testing.T) {
			p := pullAll(t, f.dial(t, c.login))
			var got []string
			for k := range p.recs {
				if strings.HasPrefix(k, "account/") {
					got = append(got, strings.TrimPrefix(k, "account/"))
				}
			}
			if !sameSet(got, c.want) {
				t.Fatalf("accounts %v, want %v", got, c.want)
			}
			sawVisit := p.recs["visit/"+visA].ID != ""
			if sawVisit != contains(c.want, acctA) {
				t.Fatalf("visit of A seen: %v", sawVisit)
			}
			if len(p.notes) != c.notes {
				t.Fatalf("notes %v", p.notes)
			}
		})
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !contains(b, x) {
			return false
		}
	}
	return true
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// TestOwnerChanges: a rep's change of owner is refused (by Push and by
// hand-written SQL); a manager's handover reaches the successor whole and
// revokes it from the giver.
func TestOwnerChanges(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ca := f.dial(t, f.a)
	pa := pullAll(t, ca)
	cb := f.dial(t, f.b)
	pb := pullAll(t, cb)
	// A gives their own account to B: refused, the other record of the batch stored.
	give := account(acctA, "Acme secret", "Bo")
	give.BaseRev = 1
	res, err := ca.Push(ctx, []teamserver.Push{give, child("visit", "v-new", acctA)}, nil)
	if err != nil || !res[0].Refused || res[1].Rev != 1 || res[1].Refused {
		t.Fatalf("rep gives away: %+v %v", res, err)
	}
	_, err = f.raw(t, f.a).Exec(ctx, `UPDATE keycard.records SET body = body || '{"owner":"Bo"}' WHERE id = $1`, acctA)
	var pg *pgconn.PgError
	if !errors.As(err, &pg) || pg.Code != "42501" {
		t.Fatalf("rep changes owner by SQL: %v", err)
	}
	// The manager hands A's account to B.
	cm := f.dial(t, f.m)
	pm := pullAll(t, cm)
	acc := pm.recs["account/"+acctA]
	hand := account(acctA, "Acme secret", "Bo")
	hand.BaseRev = acc.Rev
	if res := push(t, cm, hand); res[0].Refused || res[0].Conflict || res[0].Rev != acc.Rev+1 {
		t.Fatalf("handover: %+v", res[0])
	}
	pb.pull(t, cb)
	for _, k := range []string{"account/" + acctA, "contact/" + contA, "visit/" + visA, "visit/v-new"} {
		if pb.recs[k].ID == "" {
			t.Errorf("B did not receive %s", k)
		}
	}
	if len(pb.revoked) != 0 {
		t.Errorf("B got revocations %v", pb.revoked)
	}
	pa.pull(t, ca)
	if r := pa.revoked[acctA]; r.To != "Bo" || r.Name != "Acme secret" {
		t.Fatalf("A's revocation: %+v (%v)", r, pa.revoked)
	}
	// A may still read their private note, and no longer the account.
	if p := pullAll(t, ca); p.recs["account/"+acctA].ID != "" || p.notes[contA] == "" {
		t.Fatalf("A after handover: %v %v", p.recs, p.notes)
	}
	// Handing it back: A sees it all again; the revocation is gone.
	back := account(acctA, "Acme secret", "Anna")
	back.BaseRev = acc.Rev + 1
	push(t, cm, back)
	pa.pull(t, ca)
	if p := pullAll(t, ca); len(p.revoked) != 0 || p.recs["visit/"+visA].ID == "" {
		t.Fatalf("A after the return: %v", p.revoked)
	}
}

// TestMembershipTouches: a rep joining a team reaches its manager with all
// their accounts, and leaving revokes them.
func TestMembershipTouches(t *testing.T) {
	f := newFixture(t)
	cm := f.dial(t, f.m)
	pm := pullAll(t, cm)
	if pm.recs["account/"+acctC].ID != "" {
		t.Fatal("manager of east sees C's account")
	}
	f.exec(t, "INSERT INTO keycard.team_members (team, login) VALUES ('east', '"+f.c+"')")
	pm.pull(t, cm)
	if pm.recs["account/"+acctC].ID == "" {
		t.Fatal("C joined east; its manager did not receive C's account")
	}
	f.exec(t, "DELETE FROM keycard.team_members WHERE team = 'east' AND login = '"+f.c+"'")
	pm.pull(t, cm)
	if pm.revoked[acctC].To != "Chen" {
		t.Fatalf("C left east; the manager's revocations: %v", pm.revoked)
	}
}

// TestPrivateNotes: only the author reads a note, even a colleague on the
// account team or the manager.
func TestPrivateNotes(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	cm := f.dial(t, f.m)
	acc := pullAll(t, cm).recs["account/"+acctA]
	team := account(acctA, "Acme secret", "Anna", "Bo")
	team.BaseRev = acc.Rev
	push(t, cm, team)
	cb := f.dial(t, f.b)
	pb := pullAll(t, cb)
	if pb.recs["contact/"+contA].ID == "" || len(pb.notes) != 0 {
		t.Fatalf("B on the account team: contact %v, notes %v", pb.recs["contact/"+contA].ID, pb.notes)
	}
	if _, err := cb.Push(ctx, nil, []teamserver.Note{{ContactID: contA, Account: acctA, Text: "Bo's own"}}); err != nil {
		t.Fatal(err)
	}
	pa := pullAll(t, f.dial(t, f.a))
	if pa.notes[contA] != "private of Anna" {
		t.Fatalf("A's note: %v", pa.notes)
	}
	if pb := pullAll(t, cb); pb.notes[contA] != "Bo's own" || len(pb.notes) != 1 {
		t.Fatalf("B's notes: %v", pb.notes)
	}
	if pm := pullAll(t, cm); len(pm.notes) != 0 {
		t.Fatalf("the manager read notes: %v", pm.notes)
	}
}
