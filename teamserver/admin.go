package teamserver

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"keycard/accounts"
)

// migrations are the schema's versions: NNNN_name.sql, applied in order,
// each in one transaction, recorded in keycard.meta.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	n   int
	sql string
}

func loadMigrations() []migration {
	names, _ := fs.Glob(migrationFiles, "migrations/*.sql")
	var out []migration
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			panic("teamserver: a migration's name must start with its number: " + base)
		}
		raw, _ := migrationFiles.ReadFile(name)
		out = append(out, migration{n: n, sql: string(raw)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].n < out[j].n })
	for i, m := range out {
		if m.n != i+1 {
			panic(fmt.Sprintf("teamserver: migrations must be numbered 1, 2, 3…; found %d at place %d", m.n, i+1))
		}
	}
	return out
}

// SchemaVersion is the newest schema this build knows.
func SchemaVersion() int { return len(loadMigrations()) }

// minServer is PostgreSQL 14: xid8 snapshots and the policies need it.
const minServer = 140000

// bootstrap is what a migration needs in place: the schema and its version table.
const bootstrap = `CREATE SCHEMA IF NOT EXISTS keycard;
CREATE TABLE IF NOT EXISTS keycard.meta (schema int NOT NULL)`

// migrateLock serialises two Inits on one database.
const migrateLock = `SELECT pg_advisory_xact_lock(7368121)`

// adminConnect signs in with an administrative URL (the same TLS rule).
func adminConnect(ctx context.Context, adminURL string) (*pgx.Conn, string, error) {
	cfg, err := config(adminURL, "", "")
	if err != nil {
		return nil, "", err
	}
	conn, err := connect(ctx, cfg)
	return conn, cfg.Host, err
}

// Init creates or migrates the schema, roles and policies in the database
// at adminURL (a PostgreSQL URL with an administrative role); it is
// idempotent and returns how many migrations it applied.
func Init(ctx context.Context, adminURL string) (int, error) {
	conn, host, err := adminConnect(ctx, adminURL)
	if err != nil {
		return 0, err
	}
	defer conn.Close(context.Background())
	var ver int
	if err := conn.QueryRow(ctx, "SELECT current_setting('server_version_num')::int").Scan(&ver); err != nil {
		return 0, adminError(err, host)
	}
	if ver < minServer {
		return 0, accounts.Errorf(accounts.EVERSION, "teamserver.error.old_postgres", "Host", host, "Version", ver/10000)
	}
	if _, err := conn.Exec(ctx, bootstrap); err != nil {
		return 0, adminError(err, host)
	}
	applied := 0
	for _, m := range loadMigrations() {
		did, err := apply(ctx, conn, m, host)
		if err != nil {
			return applied, err
		}
		if did {
			applied++
		}
	}
	return applied, nil
}

// apply runs one migration in its own transaction unless the database has it.
func apply(ctx context.Context, conn *pgx.Conn, m migration, host string) (bool, error) {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return false, adminError(err, host)
	}
	defer func() { _ = tx.Rollback(context.Background()) }()
	if _, err := tx.Exec(ctx, migrateLock); err != nil {
		return false, adminError(err, host)
	}
	var cur int
	if err := tx.QueryRow(ctx, "SELECT coalesce(max(schema), 0) FROM keycard.meta").Scan(&cur); err != nil {
		return false, adminError(err, host)
	}
	if cur > SchemaVersion() {
		return false, accounts.Errorf(accounts.EVERSION, "teamserver.error.too_new", "Host", host, "Server", cur, "Known", SchemaVersion())
	}
	if cur >= m.n {
		return false, nil
	}
	if _, err := tx.Exec(ctx, m.sql); err != nil {
		return false, adminError(fmt.Errorf("migration %d: %w", m.n, err), host)
	}
	if _, err := tx.Exec(ctx, "DELETE FROM keycard.meta; INSERT INTO keycard.meta (schema) VALUES ("+strconv.Itoa(m.n)+")"); err != nil {
		return false, adminError(err, host)
	}
	if err := tx.Commit(ctx); err != nil {
		return false, adminError(err, host)
	}
	return true, nil
}

// adminError: the administrative role lacks a right, or the operation failed.
func adminError(err error, host string) error {
	var pg *pgconn.PgError
	if errors.As(err, &pg) && pg.Code == "42501" {
		return &accounts.Error{Code: accounts.EFORBIDDEN, Msg: accounts.Say("teamserver.error.admin_rights", "Host", host), Err: err}
	}
	return opError(err, host)
}

// loginShape is what Keycard accepts as a login: a PostgreSQL role name
// that needs no quoting anywhere (psql, pg_hba.conf, a URL).
var loginShape = regexp.MustCompile(`^[a-z_][a-z0-9_.-]{0,62}$`)

// validate checks a new user before anything is written.
func (u NewUser) validate() error {
	switch {
	case !loginShape.MatchString(u.Login) || strings.HasPrefix(u.Login, "pg_") || strings.HasPrefix(u.Login, "keycard_"):
		return accounts.Errorf(accounts.EINVALID, "teamserver.error.login", "Login", u.Login)
	case strings.TrimSpace(u.Name) == "":
		return accounts.Errorf(accounts.EINVALID, "teamserver.error.name_empty")
	case u.Role != RoleRep && u.Role != RoleManager && u.Role != RoleAdmin:
		return accounts.Errorf(accounts.EINVALID, "teamserver.error.role", "Role", string(u.Role))
	case len([]rune(u.Password)) < 8:
		return accounts.Errorf(accounts.EINVALID, "teamserver.error.password_short")
	}
	for _, t := range u.Teams {
		if strings.TrimSpace(t) == "" {
			return accounts.Errorf(accounts.EINVALID, "teamserver.error.team_empty")
		}
	}
	return nil
}

// quoteLiteral quotes a string for SQL (standard_conforming_strings is on
// in every supported PostgreSQL): CREATE ROLE takes no parameters.
func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// AddUser creates a login role for a person with a SCRAM password, in the
// group keycard_user, and their row in keycard.users; a rep becomes a
// member of the teams given, a manager manages them (teams are created on
// the fly).
func AddUser(ctx context.Context, adminURL string, u NewUser) error {
	u.Name = strings.TrimSpace(u.Name)
	if err := u.validate(); err != nil {
		return err
	}
	return inAdminTx(ctx, adminURL, func(tx pgx.Tx, host string) error { return addUser(ctx, tx, u, host) }, nil)
}

// addUser is AddUser's transaction.
func addUser(ctx context.Context, tx pgx.Tx, u NewUser, host string) error {
	if err := checkNewUser(ctx, tx, u, host); err != nil {
		return err
	}
	stmts := []string{
		// The password is hashed by the server with SCRAM, whatever the
		// server's default (md5 on old set-ups).
		"SET LOCAL password_encryption = 'scram-sha-256'",
		"CREATE ROLE " + pgx.Identifier{u.Login}.Sanitize() + " LOGIN PASSWORD " + quoteLiteral(u.Password) + " IN ROLE keycard_user",
	}
	for _, s := range stmts {
		if _, err := tx.Exec(ctx, s); err != nil {
			return adminError(err, host)
		}
	}
	if _, err := tx.Exec(ctx, "INSERT INTO keycard.users (login, name, role) VALUES ($1, $2, $3)", u.Login, u.Name, string(u.Role)); err != nil {
		return adminError(err, host)
	}
	for _, t := range u.Teams {
		if _, err := tx.Exec(ctx, `INSERT INTO keycard.teams (name) VALUES ($1) ON CONFLICT DO NOTHING;`, strings.TrimSpace(t)); err != nil {
			return adminError(err, host)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO keycard.team_members (team, login, manages) VALUES ($1, $2, $3)
			ON CONFLICT (team, login) DO UPDATE SET manages = excluded.manages`, strings.TrimSpace(t), u.Login, u.Role == RoleManager); err != nil {
			return adminError(err, host)
		}
	}
	return nil
}

// checkNewUser refuses a login or display name already taken.
func checkNewUser(ctx context.Context, tx pgx.Tx, u NewUser, host string) error {
	var roleTaken, nameBy string
	err := tx.QueryRow(ctx, `SELECT coalesce((SELECT rolname::text FROM pg_roles WHERE rolname = $1), ''),
		coalesce((SELECT login FROM keycard.users WHERE name = $2), '')`, u.Login, u.Name).Scan(&roleTaken, &nameBy)
	if err != nil {
		return adminError(err, host)
	}
	switch {
	case roleTaken != "":
		return accounts.Errorf(accounts.ECONFLICT, "teamserver.error.user_exists", "Login", u.Login)
	case nameBy != "":
		return accounts.Errorf(accounts.ECONFLICT, "teamserver.error.name_taken", "Name", u.Name, "Login", nameBy)
	}
	return nil
}

// inAdminTx connects as IT's role, checks the schema, runs fn in one
// transaction and commits it; after, when not nil, then runs on the same
// connection (what must follow the commit).
func inAdminTx(ctx context.Context, adminURL string, fn func(tx pgx.Tx, host string) error, after func(conn *pgx.Conn, host string) error) error {
	conn, host, err := adminConnect(ctx, adminURL)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := checkSchema(ctx, conn, host); err != nil {
		return err
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		return adminError(err, host)
	}
	defer func() { _ = tx.Rollback(context.Background()) }()
	if err := fn(tx, host); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return adminError(err, host)
	}
	if after == nil {
		return nil
	}
	return after(conn, host)
}

// setLogin turns a person's sign-in off or on and records it.
func setLogin(ctx context.Context, adminURL, login string, enabled bool) error {
	var after func(conn *pgx.Conn, host string) error
	if !enabled {
		// After the commit: a session started in between could not sign in.
		after = func(conn *pgx.Conn, host string) error {
			_, err := conn.Exec(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", login)
			return adminError(err, host)
		}
	}
	return inAdminTx(ctx, adminURL, func(tx pgx.Tx, host string) error {
		tag, err := tx.Exec(ctx, "UPDATE keycard.users SET disabled = $2 WHERE login = $1", login, !enabled)
		if err != nil {
			return adminError(err, host)
		}
		if tag.RowsAffected() == 0 {
			return accounts.Errorf(accounts.ENOTFOUND, "teamserver.error.no_user", "Login", login)
		}
		alter := " NOLOGIN"
		if enabled {
			alter = " LOGIN"
		}
		if _, err := tx.Exec(ctx, "ALTER ROLE "+pgx.Identifier{login}.Sanitize()+alter); err != nil {
			return adminError(err, host)
		}
		return nil
	}, after)
}

// DisableUser stops a person signing in at once (their sessions are ended)
// and keeps all their data.
func DisableUser(ctx context.Context, adminURL, login string) error {
	return setLogin(ctx, adminURL, login, false)
}

// EnableUser lets a disabled person sign in again.
func EnableUser(ctx context.Context, adminURL, login string) error {
	return setLogin(ctx, adminURL, login, true)
}

// ReadStatus lists users, teams and each user's last sync.
func ReadStatus(ctx context.Context, adminURL string) (*Status, error) {
	conn, host, err := adminConnect(ctx, adminURL)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	st := &Status{}
	if st.Schema, err = checkSchema(ctx, conn, host); err != nil {
		return nil, err
	}
	rows, err := conn.Query(ctx, `SELECT u.login, u.name, u.role, u.disabled, u.last_sync,
		coalesce((SELECT array_agg(m.team ORDER BY m.team) FROM keycard.team_members m WHERE m.login = u.login), '{}')
		FROM keycard.users u ORDER BY u.login`)
	if err != nil {
		return nil, adminError(err, host)
	}
	for rows.Next() {
		var u User
		var role string
		var last *time.Time
		if err := rows.Scan(&u.Login, &u.Name, &role, &u.Disabled, &last, &u.Teams); err != nil {
			return nil, adminError(err, host)
		}
		u.Role = Role(role)
		if last != nil {
			u.LastSync = *last
		}
		st.Users = append(st.Users, u)
	}
	if err := rows.Err(); err != nil {
		return nil, adminError(err, host)
	}
	rows, err = conn.Query(ctx, `SELECT t.name,
		coalesce((SELECT array_agg(login ORDER BY login) FROM keycard.team_members WHERE team = t.name AND NOT manages), '{}'),
		coalesce((SELECT array_agg(login ORDER BY login) FROM keycard.team_members WHERE team = t.name AND manages), '{}')
		FROM keycard.teams t ORDER BY t.name`)
	if err != nil {
		return nil, adminError(err, host)
	}
	for rows.Next() {
		var t Team
		if err := rows.Scan(&t.Name, &t.Members, &t.Managers); err != nil {
			return nil, adminError(err, host)
		}
		st.Teams = append(st.Teams, t)
	}
	return st, adminError(rows.Err(), host)
}
