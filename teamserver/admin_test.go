package teamserver_test

import (
	"context"
	"strings"
	"testing"

	"keycard/teamserver"
	"keycard/teamserver/pgtest"
)

// TestInitIdempotent: a second init applies nothing and changes nothing.
func TestInitIdempotent(t *testing.T) {
	tm := newTeam(t)
	catalog := `SELECT (SELECT count(*) FROM pg_policies WHERE schemaname = 'keycard') || ',' ||
		(SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE nspname = 'keycard') || ',' ||
		(SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE nspname = 'keycard') || ',' ||
		(SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE nspname = 'keycard') || ',' ||
		(SELECT string_agg(schema::text, ',') FROM keycard.meta)`
	before := tm.query(t, catalog)
	n, err := teamserver.Init(context.Background(), tm.admin)
	if err != nil || n != 0 {
		t.Fatalf("second init: %d applied, %v", n, err)
	}
	if after := tm.query(t, catalog); after != before {
		t.Fatalf("init twice changed the schema: %s → %s", before, after)
	}
	st, err := teamserver.ReadStatus(context.Background(), tm.admin)
	if err != nil || st.Schema != teamserver.SchemaVersion() {
		t.Fatalf("status: %+v %v", st, err)
	}
}

func TestAddUserAndStatus(t *testing.T) {
	tm := newTeam(t)
	a := tm.add(t, "wang", "王芳", teamserver.RoleRep, "east")
	m := tm.add(t, "li", "李强", teamserver.RoleManager, "east", "west")
	// Passwords are stored as SCRAM verifiers.
	if got := tm.query(t, "SELECT left(rolpassword, 14) FROM pg_authid WHERE rolname = '"+a+"'"); got != "SCRAM-SHA-256$" {
		t.Fatalf("password stored as %q", got)
	}
	cases := []struct {
		name string
		u    teamserver.NewUser
		code string
	}{
		{"bad login", teamserver.NewUser{Login: "Bad Login", Name: "x", Role: "rep", Password: pw}, "invalid"},
		{"no name", teamserver.NewUser{Login: tm.pfx + "x1", Name: " ", Role: "rep", Password: pw}, "invalid"},
		{"bad role", teamserver.NewUser{Login: tm.pfx + "x2", Name: "x2", Role: "boss", Password: pw}, "invalid"},
		{"short password", teamserver.NewUser{Login: tm.pfx + "x3", Name: "x3", Role: "rep", Password: "short"}, "invalid"},
		{"login taken", teamserver.NewUser{Login: a, Name: "x4", Role: "rep", Password: pw}, "conflict"},
		{"name taken", teamserver.NewUser{Login: tm.pfx + "x5", Name: "王芳", Role: "rep", Password: pw}, "conflict"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := teamserver.AddUser(context.Background(), tm.admin, c.u); code(err) != c.code {
				t.Fatalf("got %v, want %s", err, c.code)
			}
		})
	}
	st, err := teamserver.ReadStatus(context.Background(), tm.admin)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Users) != 2 || len(st.Teams) != 2 {
		t.Fatalf("status: %+v", st)
	}
	if st.Teams[0].Name != "east" || len(st.Teams[0].Managers) != 1 || st.Teams[0].Managers[0] != m || st.Teams[0].Members[0] != a {
		t.Fatalf("teams: %+v", st.Teams)
	}
	c := tm.dial(t, a)
	if err := c.Synced(context.Background()); err != nil {
		t.Fatal(err)
	}
	st, _ = teamserver.ReadStatus(context.Background(), tm.admin)
	for _, u := range st.Users {
		if (u.Login == a) == u.LastSync.IsZero() {
			t.Errorf("last sync of %s: %v", u.Login, u.LastSync)
		}
	}
	if me := c.Me(); me.Login != a || me.Name != "王芳" || me.Role != teamserver.RoleRep {
		t.Fatalf("me: %+v", me)
	}
	if err := teamserver.DisableUser(context.Background(), tm.admin, tm.pfx+"nobody"); code(err) != "not_found" {
		t.Fatalf("disable nobody: %v", err)
	}
}

// TestNonSuperuserAdmin: on a managed service IT's role is no superuser:
// the database's owner with CREATEROLE (and pg_signal_backend to end a
// leaver's sessions). Init, add-user, disable-user and status work with it,
// and it sees everything (it owns the tables).
func TestNonSuperuserAdmin(t *testing.T) {
	srv := pgtest.Shared(t)
	db := srv.NewDatabase(t)
	it := strings.ReplaceAll(db.Database(), "_", "") + "_it"
	if err := srv.Exec("CREATE ROLE " + it + " LOGIN CREATEROLE PASSWORD '" + pw + "'; GRANT pg_signal_backend TO " + it +
		"; ALTER DATABASE " + db.Database() + " OWNER TO " + it); err != nil {
		t.Fatal(err)
	}
	if err := db.Exec("ALTER SCHEMA public OWNER TO " + it); err != nil {
		t.Fatal(err)
	}
	admin := db.URL(it, pw, "")
	ctx := context.Background()
	if _, err := teamserver.Init(ctx, admin); err != nil {
		t.Fatalf("init: %v", err)
	}
	tm := &team{srv: db, admin: admin, pfx: it + "_"}
	r := tm.add(t, "r", "Rita", teamserver.RoleRep, "east")
	c := tm.dial(t, r)
	push(t, c, account(acctA, "Acme", "Rita"))
	if err := teamserver.DisableUser(ctx, admin, r); err != nil {
		t.Fatalf("disable: %v", err)
	}
	if _, err := c.Pull(ctx, "", func(teamserver.Page) error { return nil }); code(err) != "offline" {
		t.Fatalf("session of a disabled user: %v", err)
	}
	st, err := teamserver.ReadStatus(ctx, admin)
	if err != nil || len(st.Users) != 1 || !st.Users[0].Disabled {
		t.Fatalf("status: %+v %v", st, err)
	}
}
