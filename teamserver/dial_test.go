package teamserver_test

import (
	"context"
	"net"
	"net/url"
	"strconv"
	"testing"
	"time"

	"keycard/teamserver"
)

// TestDialRefusals: every failure to sign in is a sentence of its own.
func TestDialRefusals(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	other := otherAddress()
	ca := f.srv.CAFile()
	tlsURL := func(host, q string) string {
		return "postgres://" + net.JoinHostPort(host, strconv.Itoa(f.srv.Port())) + "/" + f.srv.Database() + "?" + q
	}
	cases := []struct {
		name, url, login, password string
		code, key                  string
		quick                      bool // refused before any connection
	}{
		{"wrong password", f.url(), f.a, "wrong-password", "auth", "teamserver.error.auth", false},
		{"no such user", f.url(), f.pfx + "ghost", pw, "auth", "teamserver.error.auth", false},
		{"plain text to another machine", "postgres://" + other + ":5432/x?sslmode=disable", f.a, pw, "insecure", "teamserver.error.plaintext", true},
		{"allow to another machine", "postgres://" + other + ":5432/x?sslmode=allow", f.a, pw, "insecure", "teamserver.error.plaintext", true},
		{"untrusted certificate", tlsURL("127.0.0.1", "sslmode=verify-full"), f.a, pw, "insecure", "teamserver.error.tls", false},
		{"wrong host name", tlsURL("127.0.0.2", "sslmode=verify-full&sslrootcert="+url.QueryEscape(ca)), f.a, pw, "", "", false},
		{"server down", "postgres://127.0.0.1:1/x?sslmode=disable", f.a, pw, "offline", "teamserver.error.offline", false},
		{"no such host", "postgres://no-such-host.invalid/x?sslmode=require", f.a, pw, "offline", "teamserver.error.offline", false},
		{"no database", tlsURL("127.0.0.1", "sslmode=require&dbname=nope"), f.a, pw, "format", "teamserver.error.no_database", false},
		{"not a url", "http://%zz", f.a, pw, "invalid", "teamserver.error.url", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			conn, err := teamserver.Dial(ctx, c.url, c.login, c.password)
			if c.code == "" { // 127.0.0.2 is not in the certificate; fine if nothing listens there
				if err == nil {
					conn.Close()
					t.Fatal("a certificate for another name was accepted")
				}
				return
			}
			if code(err) != c.code || phraseKey(err) != c.key {
				t.Fatalf("got %v, want %s %s", err, c.code, c.key)
			}
			if c.quick && time.Since(start) > 200*time.Millisecond {
				t.Fatalf("took %v: the refusal must come before dialing", time.Since(start))
			}
		})
	}
	// Trusted with the CA, verify-full: accepted.
	conn, err := teamserver.Dial(ctx, tlsURL("localhost", "sslmode=verify-full&sslrootcert="+url.QueryEscape(ca)), f.a, pw)
	if err != nil {
		t.Fatalf("trusted certificate refused: %v", err)
	}
	conn.Close()
}

// otherAddress is a non-loopback address of this machine, or a test
// address (TEST-NET-1) that nobody routes.
func otherAddress() string {
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			return n.IP.String()
		}
	}
	return "192.0.2.1"
}

// TestDisabledUser: disabled, a person's sessions end and they cannot sign
// in again (their own sentence); enabled, they can; their data stays.
func TestDisabledUser(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ca := f.dial(t, f.a)
	if err := teamserver.DisableUser(ctx, f.admin, f.a); err != nil {
		t.Fatal(err)
	}
	if _, err := ca.Pull(ctx, "", func(teamserver.Page) error { return nil }); code(err) != "offline" {
		t.Fatalf("open session after disabling: %v", err)
	}
	_, err := teamserver.Dial(ctx, f.url(), f.a, pw)
	if code(err) != "auth" || phraseKey(err) != "teamserver.error.disabled" {
		t.Fatalf("disabled user signs in: %v", err)
	}
	if n := f.query(t, "SELECT count(*) FROM keycard.records WHERE owner = 'Anna'"); n != "1" {
		t.Fatalf("A's data after disabling: %s", n)
	}
	if err := teamserver.EnableUser(ctx, f.admin, f.a); err != nil {
		t.Fatal(err)
	}
	if p := pullAll(t, f.dial(t, f.a)); len(p.recs) != 3 {
		t.Fatalf("enabled again, A pulls %d", len(p.recs))
	}
}

// TestSchemaChecks: a server newer than this build is refused (update
// Keycard); a database without Keycard's schema says so.
func TestSchemaChecks(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.exec(t, "UPDATE keycard.meta SET schema = 99")
	_, err := teamserver.Dial(ctx, f.url(), f.a, pw)
	if code(err) != "version" || phraseKey(err) != "teamserver.error.too_new" {
		t.Fatalf("newer server: %v", err)
	}
	if _, err := teamserver.Init(ctx, f.admin); code(err) != "version" {
		t.Fatalf("init on a newer server: %v", err)
	}
	empty := f.srv.NewDatabase(t)
	_, err = teamserver.Dial(ctx, empty.URL("", "", ""), f.a, pw)
	if code(err) != "format" || phraseKey(err) != "teamserver.error.not_set_up" {
		t.Fatalf("empty database: %v", err)
	}
	if err := teamserver.AddUser(ctx, empty.AdminURL(), teamserver.NewUser{Login: f.pfx + "q", Name: "q", Role: "rep", Password: pw}); code(err) != "format" {
		t.Fatalf("add-user before init: %v", err)
	}
}
