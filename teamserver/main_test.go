package teamserver_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"keycard/accounts"
	"keycard/teamserver"
	"keycard/teamserver/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

const pw = "password-1"

// team is one test's database on the shared server, with its people.
type team struct {
	srv   *pgtest.Server
	admin string
	pfx   string // logins are cluster-wide: each test's are its own
}

func newTeam(t *testing.T) *team {
	t.Helper()
	srv := pgtest.Shared(t).NewDatabase(t)
	tm := &team{srv: srv, admin: srv.AdminURL(), pfx: strings.ReplaceAll(srv.Database(), "_", "") + "_"}
	if _, err := teamserver.Init(context.Background(), tm.admin); err != nil {
		t.Fatal(err)
	}
	return tm
}

// add adds a person; login is prefixed, name is as given.
func (tm *team) add(t testing.TB, login, name string, role teamserver.Role, teams ...string) string {
	t.Helper()
	l := tm.pfx + login
	if err := teamserver.AddUser(context.Background(), tm.admin, teamserver.NewUser{Login: l, Name: name, Role: role, Teams: teams, Password: pw}); err != nil {
		t.Fatal(err)
	}
	return l
}

func (tm *team) url() string { return tm.srv.URL("", "", "") }

func (tm *team) dial(t testing.TB, login string) *teamserver.Conn {
	t.Helper()
	c, err := teamserver.Dial(context.Background(), tm.url(), login, pw)
	if err != nil {
		t.Fatalf("dial %s: %v", login, err)
	}
	t.Cleanup(c.Close)
	return c
}

// raw connects with pgx as login, as psql would.
func (tm *team) raw(t testing.TB, login string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), tm.srv.URL(login, pw, ""))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	return c
}

func (tm *team) exec(t testing.TB, sql string) {
	t.Helper()
	if err := tm.srv.Exec(sql); err != nil {
		t.Fatal(err)
	}
}

func (tm *team) query(t testing.TB, sql string) string {
	t.Helper()
	out, err := tm.srv.Query(sql)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func body(v map[string]any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func account(id, name, owner string, team ...string) teamserver.Push {
	return teamserver.Push{Record: teamserver.Record{Kind: "account", ID: id, Account: id,
		Body: body(map[string]any{"id": id, "name": name, "owner": owner, "team": team})}}
}

func child(kind, id, acct string, extra ...any) teamserver.Push {
	m := map[string]any{"id": id, "account_id": acct}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i].(string)] = extra[i+1]
	}
	return teamserver.Push{Record: teamserver.Record{Kind: kind, ID: id, Account: acct, Body: body(m)}}
}

func push(t *testing.T, c *teamserver.Conn, recs ...teamserver.Push) []teamserver.PushResult {
	t.Helper()
	res, err := c.Push(context.Background(), recs, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// pulled is what a laptop has seen: the highest revision of each record,
// the notes and the revocations.
type pulled struct {
	cursor  string
	rev     map[string]int64 // kind/id → rev
	recs    map[string]teamserver.Record
	notes   map[string]string
	revoked map[string]teamserver.Revocation
	pages   int
}

func newPulled() *pulled {
	return &pulled{rev: map[string]int64{}, recs: map[string]teamserver.Record{}, notes: map[string]string{}, revoked: map[string]teamserver.Revocation{}}
}

func (p *pulled) sink(pg teamserver.Page) error {
	p.pages++
	for _, r := range pg.Records {
		k := r.Kind + "/" + r.ID
		if r.Rev > p.rev[k] || p.recs[k].Kind == "" {
			p.rev[k] = max(p.rev[k], r.Rev)
			p.recs[k] = r
		}
	}
	for _, n := range pg.Notes {
		p.notes[n.ContactID] = n.Text
	}
	for _, r := range pg.Revoked {
		p.revoked[r.Account] = r
	}
	return nil
}

func (p *pulled) pull(t *testing.T, c *teamserver.Conn) {
	t.Helper()
	next, err := c.Pull(context.Background(), p.cursor, p.sink)
	if err != nil {
		t.Fatal(err)
	}
	p.cursor = next
}

func pullAll(t *testing.T, c *teamserver.Conn) *pulled {
	t.Helper()
	p := newPulled()
	p.pull(t, c)
	return p
}

func code(err error) string { return accounts.ErrorCode(err) }

func phraseKey(err error) string { return accounts.ErrorPhrase(err).Key }
