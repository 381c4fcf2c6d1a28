package teamserver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"keycard/teamserver"
	"keycard/teamserver/pgtest"
)

// oneRep is a database with one rep who owns account acct.
func oneRep(t *testing.T) (*team, string) {
	tm := newTeam(t)
	r := tm.add(t, "r", "Rita", teamserver.RoleRep, "east")
	push(t, tm.dial(t, r), account(acctA, "Acme", "Rita"))
	return tm, r
}

// writer writes visits under acctA as the rep in transactions of varying
// length (some held open while others commit) and records the revision
// each committed row ended with.
func writer(ctx context.Context, t *testing.T, c *pgx.Conn, seed int64, ids []string, final *sync.Map) {
	rnd := rand.New(rand.NewSource(seed))
	for ctx.Err() == nil {
		tx, err := c.Begin(ctx)
		if err != nil {
			return
		}
		var done []func()
		for range 1 + rnd.Intn(3) {
			id := ids[rnd.Intn(len(ids))]
			b, _ := json.Marshal(map[string]any{"id": id, "n": rnd.Int()})
			var rev int64
			err = tx.QueryRow(ctx, `INSERT INTO keycard.records (kind, id, account_id, body) VALUES ('visit', $1, $2, $3)
				ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body RETURNING rev`, id, acctA, string(b)).Scan(&rev)
			if err != nil {
				break
			}
			done = append(done, func() { storeMax(final, id, rev) })
		}
		time.Sleep(time.Duration(rnd.Intn(40)) * time.Millisecond) // held open
		// Commit without the stop context: a commit cut by the stop may have
		// reached the server anyway, and then its revision is the final one.
		if err != nil || tx.Commit(context.Background()) != nil {
			_ = tx.Rollback(context.Background())
			continue
		}
		for _, d := range done {
			d()
		}
	}
}

// storeMax records rev for id unless a higher one is there: two writers of
// one row commit in order (the row's lock), but they record afterwards on
// their own goroutines, in any order.
func storeMax(m *sync.Map, id string, rev int64) {
	for {
		old, loaded := m.LoadOrStore(id, rev)
		if !loaded || old.(int64) >= rev || m.CompareAndSwap(id, old, rev) {
			return
		}
	}
}

// TestPullUnderConcurrentWriters: a puller that pulls again and again with
// its cursor while writers commit out of order ends with every committed
// row's final revision.
func TestPullUnderConcurrentWriters(t *testing.T) {
	tm, r := oneRep(t)
	c := tm.dial(t, r)
	ids := make([]string, 60)
	for i := range ids {
		ids[i] = fmt.Sprintf("visit-%02d", i)
	}
	var final sync.Map
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for w := range 6 {
		conn := tm.raw(t, r)
		wg.Add(1)
		go func() { defer wg.Done(); writer(ctx, t, conn, int64(w), ids, &final) }()
	}
	p := newPulled()
	naive := &naivePuller{seen: map[string]int64{}}
	nc := tm.raw(t, r)
	var pulls atomic.Int64
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		p.pull(t, c)
		naive.pull(t, nc)
		pulls.Add(1)
	}
	stop()
	wg.Wait()
	p.pull(t, c) // after the last commit
	naive.pull(t, nc)
	missed, naiveMissed, total := 0, 0, 0
	final.Range(func(k, v any) bool {
		total++
		if p.rev["visit/"+k.(string)] != v.(int64) {
			missed++
			t.Errorf("%s: final rev %d, pulled %d", k, v, p.rev["visit/"+k.(string)])
		}
		if naive.seen[k.(string)] != v.(int64) {
			naiveMissed++
		}
		return true
	})
	t.Logf("%d pulls, %d rows: the snapshot-xmin cursor missed %d; a max(txid) cursor missed %d", pulls.Load(), total, missed, naiveMissed)
	if total == 0 {
		t.Fatal("no writes")
	}
}

// naivePuller is the classic trap: a cursor at the highest txid seen.
type naivePuller struct {
	last uint64
	seen map[string]int64
}

func (n *naivePuller) pull(t *testing.T, c *pgx.Conn) {
	rows, err := c.Query(context.Background(), `SELECT id, rev, txid::text::bigint FROM keycard.records WHERE kind = 'visit' AND txid::text::bigint > $1`, int64(n.last))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var rev, tx int64
		if err := rows.Scan(&id, &rev, &tx); err != nil {
			t.Fatal(err)
		}
		n.seen[id] = max(n.seen[id], rev)
		n.last = max(n.last, uint64(tx))
	}
}

// TestNaiveCursorMisses shows the trap deterministically: a transaction
// that began first commits last. A max(txid) cursor passes it; Pull's
// cursor does not.
func TestNaiveCursorMisses(t *testing.T) {
	tm, r := oneRep(t)
	ctx := context.Background()
	c := tm.dial(t, r)
	p := newPulled()
	p.pull(t, c)
	naive := &naivePuller{seen: map[string]int64{}}
	nc := tm.raw(t, r)
	naive.pull(t, nc)
	slow, fast := tm.raw(t, r), tm.raw(t, r)
	txSlow, _ := slow.Begin(ctx)
	if _, err := txSlow.Exec(ctx, `INSERT INTO keycard.records (kind, id, account_id, body) VALUES ('visit', 'slow', $1, '{}')`, acctA); err != nil {
		t.Fatal(err)
	}
	if _, err := fast.Exec(ctx, `INSERT INTO keycard.records (kind, id, account_id, body) VALUES ('visit', 'fast', $1, '{}')`, acctA); err != nil {
		t.Fatal(err)
	}
	p.pull(t, c)
	naive.pull(t, nc)
	if err := txSlow.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	p.pull(t, c)
	naive.pull(t, nc)
	if p.rev["visit/slow"] != 1 || p.rev["visit/fast"] != 1 {
		t.Fatalf("Pull missed a row: %v", p.rev)
	}
	if naive.seen["slow"] != 0 {
		t.Fatal("the naive cursor saw the slow row; the test does not show the trap")
	}
}

// TestKilledMidPull: a connection killed while the sink works returns an
// error; a retry from the old cursor gets everything.
func TestKilledMidPull(t *testing.T) {
	tm, r := oneRep(t)
	c := tm.dial(t, r)
	recs := make([]teamserver.Push, 0, 6000)
	for i := range 6000 {
		recs = append(recs, child("visit", fmt.Sprintf("v%05d", i), acctA, "summary", "a visit with some words in it"))
	}
	push(t, c, recs...)
	killed := false
	_, err := c.Pull(context.Background(), "", func(teamserver.Page) error {
		if !killed {
			killed = true
			if n, err := tm.srv.KillSessions(r); err != nil || n == 0 {
				t.Errorf("kill: %d %v", n, err)
			}
			time.Sleep(100 * time.Millisecond)
		}
		return nil
	})
	if code(err) != "offline" {
		t.Fatalf("pull killed midway: %v", err)
	}
	p := pullAll(t, tm.dial(t, r))
	if len(p.recs) != 6001 || p.pages != 4 {
		t.Fatalf("retry: %d records in %d pages", len(p.recs), p.pages)
	}
}

// TestKilledMidPush: killed during the push transaction, nothing is
// stored; the retry stores each record once; a push repeated after a
// commit the client never heard of meets its own record as a conflict.
func TestKilledMidPush(t *testing.T) {
	tm, r := oneRep(t)
	ctx := context.Background()
	c := tm.dial(t, r)
	recs := make([]teamserver.Push, 0, 301)
	for i := range 300 {
		recs = append(recs, child("visit", fmt.Sprintf("p%03d", i), acctA))
	}
	// The batch ends with an update of the account, which an admin
	// transaction holds locked: the push waits there until it is killed.
	upd := account(acctA, "Acme 2", "Rita")
	upd.BaseRev = 1
	recs = append(recs, upd)
	lock := tm.raw(t, r)
	tx, _ := lock.Begin(ctx)
	if _, err := tx.Exec(ctx, "SELECT 1 FROM keycard.records WHERE id = $1 FOR UPDATE", acctA); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := c.Push(ctx, recs, nil); done <- err }()
	for range 100 {
		if tm.query(t, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'") == "1" {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Kill the pusher only (the lock holder is the same login): by pid.
	tm.exec(t, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '"+r+"' AND pid <> "+fmt.Sprint(lock.PgConn().PID()))
	_ = tx.Rollback(ctx)
	if err := <-done; code(err) != "offline" {
		t.Fatalf("push killed midway: %v", err)
	}
	if n := tm.query(t, "SELECT count(*) FROM keycard.records WHERE kind = 'visit'"); n != "0" {
		t.Fatalf("a killed push stored %s visits", n)
	}
	c2 := tm.dial(t, r)
	res := push(t, c2, recs...)
	for _, x := range res {
		if x.Conflict || x.Refused || x.Rev == 0 {
			t.Fatalf("retry: %+v", x)
		}
	}
	if n := tm.query(t, "SELECT count(*) || '/' || max(rev) FROM keycard.records WHERE kind = 'visit'"); n != "300/1" {
		t.Fatalf("after retry: %s", n)
	}
	// Pushed again as if the answer had been lost: conflicts with equal bodies.
	res = push(t, c2, recs[:2]...)
	var a, b map[string]any
	_ = json.Unmarshal(res[0].Theirs.Body, &a)
	_ = json.Unmarshal(recs[0].Body, &b)
	if !res[0].Conflict || fmt.Sprint(a) != fmt.Sprint(b) || res[0].Theirs.Rev != 1 {
		t.Fatalf("repeat: %+v", res[0])
	}
	if n := tm.query(t, "SELECT count(*) FROM keycard.records WHERE kind = 'visit'"); n != "300" {
		t.Fatalf("duplicated: %s", n)
	}
}

// TestListenWakes: a change by one person wakes another's Listen.
func TestListenWakes(t *testing.T) {
	f := newFixture(t)
	cm := f.dial(t, f.m)
	ctx, cancel := context.WithCancel(context.Background())
	woke := make(chan struct{}, 10)
	ended := make(chan error, 1)
	go func() { ended <- cm.Listen(ctx, func() { woke <- struct{}{} }) }()
	time.Sleep(200 * time.Millisecond) // LISTEN in place
	push(t, f.dial(t, f.a), child("visit", "v-listen", acctA))
	select {
	case <-woke:
	case <-time.After(5 * time.Second):
		t.Fatal("no wake-up")
	}
	cancel()
	if err := <-ended; err != nil {
		t.Fatalf("listen ended with %v", err)
	}
	// Server gone: Listen returns an error.
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	go func() { ended <- cm.Listen(ctx2, func() {}) }()
	time.Sleep(200 * time.Millisecond)
	if _, err := f.srv.KillSessions(f.m); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-ended:
		if code(err) != "offline" {
			t.Fatalf("lost connection: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Listen did not notice the lost connection")
	}
}

// TestServerStoppedAndBack: with the server stopped, pulls, pushes and
// sign-ins say offline; started again (same data), everything is there.
// A server of its own, without TLS (pgtest.Start).
func TestServerStoppedAndBack(t *testing.T) {
	srv := pgtest.Start(t)
	tm := &team{srv: srv, admin: srv.AdminURL(), pfx: "own_"}
	if _, err := teamserver.Init(context.Background(), tm.admin); err != nil {
		t.Fatal(err)
	}
	r := tm.add(t, "r", "Rita", teamserver.RoleRep)
	c := tm.dial(t, r)
	push(t, c, account(acctA, "Acme", "Rita"))
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Pull(context.Background(), "", func(teamserver.Page) error { return nil }); code(err) != "offline" {
		t.Fatalf("pull, server stopped: %v", err)
	}
	if _, err := c.Push(context.Background(), []teamserver.Push{child("visit", "v1", acctA)}, nil); code(err) != "offline" {
		t.Fatalf("push, server stopped: %v", err)
	}
	if _, err := teamserver.Dial(context.Background(), tm.url(), r, pw); code(err) != "offline" || phraseKey(err) != "teamserver.error.offline" {
		t.Fatalf("dial, server stopped: %v", err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	c = tm.dial(t, r)
	push(t, c, child("visit", "v1", acctA))
	if p := pullAll(t, c); len(p.recs) != 2 {
		t.Fatalf("after restart: %v", p.recs)
	}
}
