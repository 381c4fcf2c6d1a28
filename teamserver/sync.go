package teamserver

import (
	"context"
	"errors"
	"regexp"
	"sort"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Conn is one person's connection for sync. Its operations may be called
// from several goroutines; they take turns on the one connection (Listen
// has a connection of its own).
type Conn struct {
	mu   sync.Mutex
	conn *pgx.Conn
	cfg  *pgx.ConnConfig
	host string
	me   Identity
}

// Me is who this connection signed in as.
func (c *Conn) Me() Identity { return c.me }

// Close ends the connection.
func (c *Conn) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn != nil {
		_ = c.conn.Close(context.Background())
	}
}

// Users lists the people on the server (login, name, role), for choosing a
// successor.
func (c *Conn) Users(ctx context.Context) ([]User, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	rows, err := c.conn.Query(ctx, "SELECT login, name, role FROM keycard.users ORDER BY name, login")
	if err != nil {
		return nil, opError(err, c.host)
	}
	var out []User
	for rows.Next() {
		var u User
		var role string
		if err := rows.Scan(&u.Login, &u.Name, &role); err != nil {
			return nil, opError(err, c.host)
		}
		u.Role = Role(role)
		out = append(out, u)
	}
	return out, opError(rows.Err(), c.host)
}

// Synced records this person's last successful sync (for team status).
func (c *Conn) Synced(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, err := c.conn.Exec(ctx, "SELECT keycard.synced()")
	return opError(err, c.host)
}

// Push stores records and private notes in one transaction. Accounts go
// first, so that the rows under a new account find it. A write the
// server's rules refuse marks that record Refused; the others are stored.
// If the connection is lost nothing is stored and the error says offline:
// pushing the same records again is safe.
func (c *Conn) Push(ctx context.Context, recs []Push, notes []Note) ([]PushResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	order := make([]int, len(recs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return recs[order[a]].Kind == "account" && recs[order[b]].Kind != "account"
	})
	res, err := c.pushTx(ctx, recs, order, notes, false)
	if isRefusal(err) {
		// Some write was refused: again, one savepoint per write, to tell
		// which. (Cheaper than a savepoint each time in the usual case.)
		res, err = c.pushTx(ctx, recs, order, notes, true)
	}
	if err != nil {
		return nil, opError(err, c.host)
	}
	return res, nil
}

// isRefusal: a policy (row-level security) or the owner trigger refused a write.
func isRefusal(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && pg.Code == "42501"
}

func (c *Conn) pushTx(ctx context.Context, recs []Push, order []int, notes []Note, savepoints bool) ([]PushResult, error) {
	tx, err := c.conn.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { _ = tx.Rollback(context.Background()) }()
	res := make([]PushResult, len(recs))
	for _, i := range order {
		r, err := guarded(ctx, tx, savepoints, func() (PushResult, error) { return pushOne(ctx, tx, recs[i]) })
		if err != nil {
			return nil, err
		}
		res[i] = r
	}
	for _, n := range notes {
		if _, err := guarded(ctx, tx, savepoints, func() (PushResult, error) { return PushResult{}, pushNote(ctx, tx, n) }); err != nil {
			return nil, err
		}
	}
	return res, tx.Commit(ctx)
}

// guarded runs one write; with savepoints, a refused write is rolled back
// to before it and reported Refused instead of failing the batch.
func guarded(ctx context.Context, tx pgx.Tx, savepoints bool, write func() (PushResult, error)) (PushResult, error) {
	if !savepoints {
		return write()
	}
	if _, err := tx.Exec(ctx, "SAVEPOINT w"); err != nil {
		return PushResult{}, err
	}
	r, err := write()
	if isRefusal(err) {
		if _, err := tx.Exec(ctx, "ROLLBACK TO SAVEPOINT w"); err != nil {
			return PushResult{}, err
		}
		return PushResult{Refused: true}, nil
	}
	if err != nil {
		return r, err
	}
	_, err = tx.Exec(ctx, "RELEASE SAVEPOINT w")
	return r, err
}

const (
	insertRecord = `INSERT INTO keycard.records (kind, id, account_id, account_ids, body, deleted)
		VALUES ($1, $2, $3, $4, $5::jsonb, $6) ON CONFLICT (kind, id) DO NOTHING RETURNING rev`
	updateRecord = `UPDATE keycard.records SET account_id = $3, account_ids = $4, body = $5::jsonb, deleted = $6
		WHERE kind = $1 AND id = $2 AND rev = $7 RETURNING rev`
	recordColumns = `kind, id, coalesce(account_id, ''), account_ids, body, deleted, rev, updated_by`
	selectRecord  = `SELECT ` + recordColumns + ` FROM keycard.records WHERE kind = $1 AND id = $2`
	upsertNote    = `INSERT INTO keycard.notes (contact_id, account_id, body) VALUES ($1, $2, $3)
		ON CONFLICT (contact_id, author) DO UPDATE SET account_id = excluded.account_id, body = excluded.body`
)

// pushOne writes one record: a new one if the server has none, else an
// update of the revision it started from; anything else is a conflict.
func pushOne(ctx context.Context, tx pgx.Tx, p Push) (PushResult, error) {
	r := PushResult{Kind: p.Kind, ID: p.ID}
	var acct any
	if p.Kind != "handover" {
		acct = p.Account
	}
	ids := p.Accounts
	if ids == nil {
		ids = []string{}
	}
	var err error
	if p.BaseRev == 0 {
		err = tx.QueryRow(ctx, insertRecord, p.Kind, p.ID, acct, ids, string(p.Body), p.Deleted).Scan(&r.Rev)
	} else {
		err = tx.QueryRow(ctx, updateRecord, p.Kind, p.ID, acct, ids, string(p.Body), p.Deleted, p.BaseRev).Scan(&r.Rev)
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return r, err
	}
	r.Conflict = true
	theirs, err := scanRecord(tx.QueryRow(ctx, selectRecord, p.Kind, p.ID))
	if errors.Is(err, pgx.ErrNoRows) {
		return r, nil // not visible to this person (any more)
	}
	if err != nil {
		return r, err
	}
	r.Theirs = &theirs
	return r, nil
}

func pushNote(ctx context.Context, tx pgx.Tx, n Note) error {
	_, err := tx.Exec(ctx, upsertNote, n.ContactID, n.Account, n.Text)
	return err
}

func scanRecord(row pgx.Row) (Record, error) {
	var r Record
	err := row.Scan(&r.Kind, &r.ID, &r.Account, &r.Accounts, &r.Body, &r.Deleted, &r.Rev, &r.By)
	if len(r.Accounts) == 0 {
		r.Accounts = nil
	}
	return r, err
}

// PageSize is the most rows a pull hands to its sink at once.
const PageSize = 2000

// cursorShape is an xid8's text; anything else pulls from the start.
var cursorShape = regexp.MustCompile(`^[0-9]{1,20}$`)

// The pull's questions. Each reads rows whose transaction id is at or
// above the cursor, in the one snapshot of the pull's transaction; the
// policies decide which rows this person gets. On a first pull, the list
// of the person's accounts ($2, read in the same snapshot) repeats the
// policy in a form the planner can use with an index, so that it reads the
// person's rows rather than the whole table (an admin's has no list); a
// later pull finds its few rows through the index on txid.
const (
	pullAccounts  = `SELECT ` + recordColumns + ` FROM keycard.records WHERE txid >= $1::xid8 AND kind = 'account'`
	pullOthers    = `SELECT ` + recordColumns + ` FROM keycard.records WHERE txid >= $1::xid8 AND kind NOT IN ('account', 'handover')`
	pullHandovers = `SELECT ` + recordColumns + ` FROM keycard.records WHERE txid >= $1::xid8 AND kind = 'handover' ORDER BY txid`
	inMine        = ` AND account_id = ANY ($2)`
	byTxid        = ` ORDER BY txid`
	pullNotes     = `SELECT contact_id, account_id, body FROM keycard.notes WHERE txid >= $1::xid8 ORDER BY txid`
	pullRevoked   = `SELECT account_id, name, to_name FROM keycard.revocations
		WHERE txid >= $1::xid8 AND account_id NOT IN (SELECT keycard.visible_accounts()) ORDER BY txid`
	snapshotXmin = `SELECT pg_snapshot_xmin(pg_current_snapshot())::text`
	myAccounts   = `SELECT coalesce(keycard.my_role(), ''), ARRAY(SELECT keycard.visible_accounts())`
	idleCheck    = `SELECT pg_snapshot_xmin(pg_current_snapshot())::text, keycard.changed_since($1::xid8)`
)

// Pull sends every change visible to this person since cursor ("" for
// everything) to sink, page by page, and returns the cursor to pass next
// time. It never misses a change committed concurrently.
//
// The pull is one REPEATABLE READ transaction. Its cursor is the xmin of
// the transaction's snapshot: every transaction with a smaller id had
// ended when the snapshot was taken, so its rows are in this pull;
// transactions still running write rows with ids at or above it, which the
// next pull reads. Some rows come twice; the caller skips a revision it has.
func (c *Conn) Pull(ctx context.Context, cursor string, sink func(Page) error) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !cursorShape.MatchString(cursor) {
		cursor = "0"
	}
	if cursor != "0" {
		// Most rounds find nothing: one statement says whether anything at
		// all changed since the cursor. Its own snapshot is as good as the
		// pull's would be: nothing at or above the cursor in it, and what
		// was still running is at or above its xmin, the cursor returned.
		var next string
		var changed bool
		if err := c.conn.QueryRow(ctx, idleCheck, cursor).Scan(&next, &changed); err != nil {
			return "", opError(err, c.host)
		}
		if !changed {
			return next, nil
		}
	}
	next, err := c.pull(ctx, cursor, sink)
	if err != nil {
		return "", opError(err, c.host)
	}
	return next, nil
}

// pull sends its questions in one batch: three round trips (begin, the
// batch, commit).
func (c *Conn) pull(ctx context.Context, cursor string, sink func(Page) error) (string, error) {
	tx, err := c.conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return "", err
	}
	defer func() { _ = tx.Rollback(context.Background()) }()
	filter, args := "", []any{cursor}
	if cursor == "0" {
		var role string
		var mine []string
		if err := tx.QueryRow(ctx, myAccounts).Scan(&role, &mine); err != nil {
			return "", err
		}
		if role != string(RoleAdmin) {
			filter, args = inMine, []any{cursor, mine}
		}
	}
	b := &pgx.Batch{}
	b.Queue(snapshotXmin)
	b.Queue(pullAccounts+filter+byTxid, args...)
	b.Queue(pullOthers+filter+byTxid, args...)
	b.Queue(pullHandovers, cursor)
	b.Queue(pullNotes, cursor)
	b.Queue(pullRevoked, cursor)
	br := tx.SendBatch(ctx, b)
	next, err := c.readBatch(br, sink)
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	return next, tx.Commit(ctx)
}

func (c *Conn) readBatch(br pgx.BatchResults, sink func(Page) error) (string, error) {
	var next string
	if err := br.QueryRow().Scan(&next); err != nil {
		return "", err
	}
	p := &pager{sink: sink}
	scans := []func(pgx.Rows) error{p.record, p.record, p.record, p.note, p.revocation}
	for _, scan := range scans {
		rows, err := br.Query()
		if err != nil {
			return "", err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return "", err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return "", err
		}
	}
	return next, p.flush()
}

// pager gathers rows into pages of at most PageSize.
type pager struct {
	sink func(Page) error
	page Page
	n    int
}

func (p *pager) added() error {
	p.n++
	if p.n < PageSize {
		return nil
	}
	return p.flush()
}

func (p *pager) flush() error {
	if p.n == 0 {
		return nil
	}
	pg := p.page
	p.page, p.n = Page{}, 0
	return p.sink(pg)
}

func (p *pager) record(rows pgx.Rows) error {
	r, err := scanRecord(rows)
	if err != nil {
		return err
	}
	p.page.Records = append(p.page.Records, r)
	return p.added()
}

func (p *pager) note(rows pgx.Rows) error {
	var n Note
	if err := rows.Scan(&n.ContactID, &n.Account, &n.Text); err != nil {
		return err
	}
	p.page.Notes = append(p.page.Notes, n)
	return p.added()
}

func (p *pager) revocation(rows pgx.Rows) error {
	var r Revocation
	if err := rows.Scan(&r.Account, &r.Name, &r.To); err != nil {
		return err
	}
	p.page.Revoked = append(p.page.Revoked, r)
	return p.added()
}

// Listen calls wake whenever another change may be waiting, until ctx ends
// (then it returns nil) or the connection is lost (then it returns the
// error). It uses a connection of its own.
func (c *Conn) Listen(ctx context.Context, wake func()) error {
	conn, err := connect(ctx, c.cfg)
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close(context.Background()) }()
	if _, err := conn.Exec(ctx, "LISTEN keycard"); err != nil {
		return listenEnd(ctx, err, c.host)
	}
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return listenEnd(ctx, err, c.host)
		}
		wake()
	}
}

func listenEnd(ctx context.Context, err error, host string) error {
	if ctx.Err() != nil {
		return nil
	}
	return opError(err, host)
}
