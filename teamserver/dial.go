package teamserver

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"keycard/accounts"
)

// connectTimeout bounds signing in: a server that does not answer within it
// is offline.
const connectTimeout = 10 * time.Second

// config parses a server URL (login and password, when given, replace the
// URL's) and enforces TLS: to another machine, a mode that would send data
// in plain text is refused (disable, allow) or tightened (prefer becomes
// require). The refusal happens here, before any connection is tried.
func config(serverURL, login, password string) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(serverURL)
	if err != nil {
		return nil, accounts.Errorf(accounts.EINVALID, "teamserver.error.url")
	}
	if login != "" {
		cfg.User = login
	}
	if password != "" {
		cfg.Password = password
	}
	cfg.ConnectTimeout = connectTimeout
	// Keycard's own questions go as they are; a statement cache would
	// survive a schema migration under it.
	cfg.DefaultQueryExecMode = pgx.QueryExecModeCacheDescribe
	if !isLocal(cfg.Host) && cfg.TLSConfig == nil { // disable, or allow (plain text first)
		return nil, accounts.Errorf(accounts.EINSECURE, "teamserver.error.plaintext", "Host", cfg.Host)
	}
	// prefer: drop the plain-text attempts to other machines, so it is
	// require; a host of a multi-host URL with no TLS attempt is refused.
	withTLS := map[string]bool{}
	if cfg.TLSConfig != nil {
		withTLS[cfg.Host] = true
	}
	for _, f := range cfg.Fallbacks {
		if f.TLSConfig != nil {
			withTLS[f.Host] = true
		}
	}
	var keep []*pgconn.FallbackConfig
	for _, f := range cfg.Fallbacks {
		switch {
		case f.TLSConfig != nil || isLocal(f.Host):
			keep = append(keep, f)
		case !withTLS[f.Host]:
			return nil, accounts.Errorf(accounts.EINSECURE, "teamserver.error.plaintext", "Host", f.Host)
		}
	}
	cfg.Fallbacks = keep
	return cfg, nil
}

// isLocal: a unix socket, localhost or a loopback address is this machine,
// where TLS protects nothing.
func isLocal(host string) bool {
	if strings.HasPrefix(host, "/") || host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// connect signs in with cfg and maps a failure to a sentence.
func connect(ctx context.Context, cfg *pgx.ConnConfig) (*pgx.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, connectError(err, cfg)
	}
	return conn, nil
}

// connectError says why signing in failed, in a sentence a person can act on.
func connectError(err error, cfg *pgx.ConnConfig) error {
	host := cfg.Host
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch {
		case pg.Code == "28000" && strings.Contains(pg.Message, "not permitted to log in"):
			return &accounts.Error{Code: accounts.EAUTH, Msg: accounts.Say("teamserver.error.disabled", "Login", cfg.User), Err: err}
		case pg.Code == "28P01" || pg.Code == "28000":
			return &accounts.Error{Code: accounts.EAUTH, Msg: accounts.Say("teamserver.error.auth", "Host", host, "Login", cfg.User), Err: err}
		case pg.Code == "3D000":
			return &accounts.Error{Code: accounts.EFORMAT, Msg: accounts.Say("teamserver.error.no_database", "Host", host, "Database", cfg.Database), Err: err}
		}
	}
	if isTLSError(err) {
		return &accounts.Error{Code: accounts.EINSECURE, Msg: accounts.Say("teamserver.error.tls", "Host", host), Err: err}
	}
	return &accounts.Error{Code: accounts.EOFFLINE, Msg: accounts.Say("teamserver.error.offline", "Host", host), Err: err}
}

// isTLSError: the certificate was not trusted or TLS could not be agreed.
func isTLSError(err error) bool {
	var (
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		verify   *tls.CertificateVerificationError
		record   tls.RecordHeaderError
		alert    tls.AlertError
	)
	if errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid) ||
		errors.As(err, &verify) || errors.As(err, &record) || errors.As(err, &alert) {
		return true
	}
	s := err.Error()
	return strings.Contains(s, "refused TLS") || strings.Contains(s, "tls:") || strings.Contains(s, "x509:")
}

// opError says why an operation on an open connection failed: a lost
// connection is offline (try again later); a refusal by the rules is
// forbidden; anything else is the server's trouble.
func opError(err error, host string) error {
	if err == nil {
		return nil
	}
	var ae *accounts.Error
	if errors.As(err, &ae) {
		return err
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch {
		case pg.Code == "42501":
			return &accounts.Error{Code: accounts.EFORBIDDEN, Msg: accounts.Say("teamserver.error.forbidden", "Host", host), Err: err}
		case strings.HasPrefix(pg.Code, "57P"), strings.HasPrefix(pg.Code, "08"):
			return &accounts.Error{Code: accounts.EOFFLINE, Msg: accounts.Say("teamserver.error.lost", "Host", host), Err: err}
		}
		return &accounts.Error{Code: accounts.EINTERNAL, Msg: accounts.Say("teamserver.error.server", "Host", host), Err: err}
	}
	if errors.Is(err, context.Canceled) {
		return err
	}
	return &accounts.Error{Code: accounts.EOFFLINE, Msg: accounts.Say("teamserver.error.lost", "Host", host), Err: err}
}

// checkSchema refuses a database without Keycard's schema, or with a newer
// one than this build knows.
func checkSchema(ctx context.Context, conn *pgx.Conn, host string) (int, error) {
	var n int
	err := conn.QueryRow(ctx, "SELECT coalesce(max(schema), 0) FROM keycard.meta").Scan(&n)
	var pg *pgconn.PgError
	switch {
	case errors.As(err, &pg) && (pg.Code == "3F000" || pg.Code == "42P01"):
		return 0, &accounts.Error{Code: accounts.EFORMAT, Msg: accounts.Say("teamserver.error.not_set_up", "Host", host), Err: err}
	case errors.As(err, &pg) && pg.Code == "42501":
		return 0, &accounts.Error{Code: accounts.EAUTH, Msg: accounts.Say("teamserver.error.not_user", "Host", host), Err: err}
	case err != nil:
		return 0, opError(err, host)
	case n == 0:
		return 0, accounts.Errorf(accounts.EFORMAT, "teamserver.error.not_set_up", "Host", host)
	case n > SchemaVersion():
		return n, accounts.Errorf(accounts.EVERSION, "teamserver.error.too_new", "Host", host, "Server", n, "Known", SchemaVersion())
	}
	return n, nil
}

// Dial signs in to the server at serverURL as login. It refuses a
// connection to another machine without TLS, checks the server's schema
// (too new: EVERSION) and maps every failure to a sentence (EAUTH,
// EOFFLINE, EINSECURE).
func Dial(ctx context.Context, serverURL, login, password string) (*Conn, error) {
	cfg, err := config(serverURL, login, password)
	if err != nil {
		return nil, err
	}
	conn, err := connect(ctx, cfg)
	if err != nil {
		return nil, err
	}
	c := &Conn{conn: conn, cfg: cfg, host: cfg.Host}
	if _, err := checkSchema(ctx, conn, c.host); err != nil {
		conn.Close(context.Background())
		return nil, err
	}
	var role string
	err = conn.QueryRow(ctx, "SELECT login, name, role FROM keycard.users WHERE login = current_user").Scan(&c.me.Login, &c.me.Name, &role)
	if err != nil {
		conn.Close(context.Background())
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, accounts.Errorf(accounts.EAUTH, "teamserver.error.not_user", "Host", c.host)
		}
		return nil, opError(err, c.host)
	}
	c.me.Role = Role(role)
	return c, nil
}
