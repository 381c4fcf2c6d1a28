package teamserver_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"keycard/teamserver"
	"keycard/teamserver/pgtest"
)

// The team of the benchmarks: 200 people in 10 teams (one manager each),
// 10,000 accounts, 150,000 contacts, 1,000,000 visits. The measured rep
// owns 200 accounts (3,000 contacts, 20,000 visits). Behind
// KEYCARD_TEAM_BENCH=1: loading it takes a while.
const (
	benchTeams    = 10
	benchPeople   = 200
	benchAccounts = 10000
	benchContacts = 15  // per account
	benchVisits   = 100 // per account
	benchRepAccts = 200
	benchDataVer  = "v3"
)

type benchTeam struct {
	*team
	rep, other string // logins: the measured rep; a colleague who writes
	repAccts   []string
}

var (
	benchOnce sync.Once
	benchT    *benchTeam
)

func benchSetUp(b *testing.B) *benchTeam {
	if os.Getenv("KEYCARD_TEAM_BENCH") != "1" {
		b.Skip("set KEYCARD_TEAM_BENCH=1 to run the team server's benchmarks (they load a million visits)")
	}
	benchOnce.Do(func() {
		t0 := time.Now()
		srv := pgtest.Shared(b).NewDatabase(b)
		tm := &team{srv: srv, admin: srv.AdminURL(), pfx: "bench_"}
		if _, err := teamserver.Init(context.Background(), tm.admin); err != nil {
			b.Fatal(err)
		}
		bt := &benchTeam{team: tm}
		for i := range benchPeople {
			role, teamName := teamserver.RoleRep, fmt.Sprintf("team%02d", i%benchTeams)
			if i < benchTeams {
				role = teamserver.RoleManager
			}
			l := tm.add(b, fmt.Sprintf("p%03d", i), benchName(i), role, teamName)
			if i == benchTeams {
				bt.rep = l
			}
			if i == benchTeams+benchTeams {
				bt.other = l
			}
		}
		file := benchData(b)
		if err := benchLoad(tm, file); err != nil {
			b.Fatal(err)
		}
		for a := range benchRepAccts {
			bt.repAccts = append(bt.repAccts, benchAcctID(a))
		}
		b.Logf("team loaded in %v", time.Since(t0))
		benchT = bt
	})
	if benchT == nil {
		b.Fatal("set-up failed")
	}
	return benchT
}

func benchName(i int) string { return fmt.Sprintf("Person %03d", i) }

func benchAcctID(a int) string { return fmt.Sprintf("0190b000-0000-7000-8000-%012d", a) }

// benchOwner: the measured rep (person 10) owns accounts 0..199; the rest
// are spread over the other reps.
func benchOwner(a int) int {
	if a < benchRepAccts {
		return benchTeams
	}
	return benchTeams + 1 + a%(benchPeople-benchTeams-1)
}

// benchData writes the records as CSV for COPY once, in a folder under the
// temporary directory keyed by the data's version.
func benchData(b *testing.B) string {
	dir := filepath.Join(os.TempDir(), "keycard-teambench-"+benchDataVer)
	file := filepath.Join(dir, "records.csv")
	if _, err := os.Stat(file); err == nil {
		return file
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	tmp := file + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	rnd := rand.New(rand.NewSource(1))
	row := func(kind, id, acct, owner string, body any) {
		j, _ := json.Marshal(body)
		team := ""
		if kind == "account" {
			team = "{}"
		}
		fmt.Fprintf(w, "%s,%s,%s,%s,%s,\"%s\"\n", kind, id, acct, owner, team, strings.ReplaceAll(string(j), `"`, `""`))
	}
	words := strings.Fields("met the purchasing director and the plant manager to review the quarterly forecast; agreed a trial of the new line, raised concerns about delivery times and the service contract, asked for references from two customers in the same industry before the budget meeting next month")
	text := func(n int) string {
		out := make([]string, n)
		for i := range out {
			out[i] = words[rnd.Intn(len(words))]
		}
		return strings.Join(out, " ")
	}
	for a := range benchAccounts {
		id, owner := benchAcctID(a), benchName(benchOwner(a))
		row("account", id, id, owner, map[string]any{"id": id, "version": 3, "name": fmt.Sprintf("Account %05d Ltd.", a), "owner": owner,
			"industry": "manufacturing", "city": "Suzhou", "tier": "key", "stage": "negotiation", "notes": text(30),
			"created_at": "2025-01-02T03:04:05Z", "updated_at": "2026-03-04T05:06:07Z"})
		for c := range benchContacts {
			cid := fmt.Sprintf("%s-c%02d", id, c)
			row("contact", cid, id, "", map[string]any{"id": cid, "account_id": id, "version": 1, "name": fmt.Sprintf("Contact %d", c),
				"title": "Purchasing manager", "role": "economic_buyer", "attitude": "supporter", "phone": "+86 512 6666 0000",
				"email": "someone@example.com", "remarks": text(12), "created_at": "2025-01-02T03:04:05Z"})
		}
		for v := range benchVisits {
			vid := fmt.Sprintf("%s-v%03d", id, v)
			row("visit", vid, id, "", map[string]any{"id": vid, "account_id": id, "version": 1, "date": "2026-02-03", "kind": "meeting",
				"outcome": "progress", "summary": text(10 + rnd.Intn(25)), "next_steps": []map[string]any{{"id": vid + "-n", "what": text(6), "due": "2026-03-01"}},
				"created_at": "2026-02-03T10:00:00Z", "updated_at": "2026-02-03T10:00:00Z"})
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, file); err != nil {
		b.Fatal(err)
	}
	return file
}

// benchLoad copies the records in with the triggers off (the columns they
// would set are in the file or their defaults) and rebuilds the statistics.
func benchLoad(tm *team, file string) error {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, tm.admin)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := conn.Exec(ctx, "ALTER TABLE keycard.records DISABLE TRIGGER USER"); err != nil {
		return err
	}
	_, err = conn.PgConn().CopyFrom(ctx, f, "COPY keycard.records (kind, id, account_id, owner, team, body) FROM STDIN (FORMAT csv)")
	if err != nil {
		return err
	}
	for _, q := range []string{"ALTER TABLE keycard.records ENABLE TRIGGER USER", "VACUUM ANALYZE keycard.records"} {
		if _, err := conn.Exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkTeamFirstPull: a rep's first sync, and the floor: the same rows
// read by the superuser with no policies.
func BenchmarkTeamFirstPull(b *testing.B) {
	bt := benchSetUp(b)
	c := bt.dial(b, bt.rep)
	defer c.Close()
	var rows, bytes int
	for b.Loop() {
		rows, bytes = 0, 0
		_, err := c.Pull(context.Background(), "", func(p teamserver.Page) error {
			for _, r := range p.Records {
				rows++
				bytes += len(r.Body)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(bytes)/1e6, "MB")
}

func BenchmarkTeamFirstPullFloor(b *testing.B) {
	bt := benchSetUp(b)
	conn, err := pgx.Connect(context.Background(), bt.admin)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(context.Background())
	var rows, bytes int
	for b.Loop() {
		rows, bytes = 0, 0
		r, err := conn.Query(context.Background(), "SELECT kind, id, account_id, body FROM keycard.records WHERE account_id = ANY ($1)", bt.repAccts)
		if err != nil {
			b.Fatal(err)
		}
		for r.Next() {
			var k, id, a string
			var body []byte
			_ = r.Scan(&k, &id, &a, &body)
			rows++
			bytes += len(body)
		}
		r.Close()
	}
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(bytes)/1e6, "MB")
}

// BenchmarkTeamIdlePull: a sync round with nothing to do, and the floor: a
// bare round trip.
func BenchmarkTeamIdlePull(b *testing.B) {
	bt := benchSetUp(b)
	c := bt.dial(b, bt.rep)
	defer c.Close()
	cur, err := c.Pull(context.Background(), "", func(teamserver.Page) error { return nil })
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if cur, err = c.Pull(context.Background(), cur, func(p teamserver.Page) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTeamIdlePullFloor(b *testing.B) {
	bt := benchSetUp(b)
	conn := bt.raw(b, bt.rep)
	for b.Loop() {
		if _, err := conn.Exec(context.Background(), "SELECT 1"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTeamChangeReachesClient: a visit committed by one rep reaches
// the manager's open connection: commit → LISTEN wake-up → pull done.
func BenchmarkTeamChangeReachesClient(b *testing.B) {
	bt := benchSetUp(b)
	t := b
	writer := bt.dial(t, bt.rep)
	defer writer.Close()
	mgr := bt.dial(t, bt.pfx+"p000") // manages team00, the measured rep's team
	defer mgr.Close()
	cur, err := mgr.Pull(context.Background(), "", func(teamserver.Page) error { return nil })
	if err != nil {
		b.Fatal(err)
	}
	woke := make(chan time.Time, 100)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = mgr.Listen(ctx, func() { woke <- time.Now() }) }()
	time.Sleep(300 * time.Millisecond)
	var wake, total time.Duration
	n := 0
	for b.Loop() {
		n++
		v := child("visit", fmt.Sprintf("bench-%d-%d", time.Now().UnixNano(), n), bt.repAccts[0], "summary", "a new visit")
		if _, err := writer.Push(context.Background(), []teamserver.Push{v}, nil); err != nil {
			b.Fatal(err)
		}
		committed := time.Now()
		w := <-woke
		got := 0
		cur, err = mgr.Pull(context.Background(), cur, func(p teamserver.Page) error { got += len(p.Records); return nil })
		if err != nil || got == 0 {
			b.Fatalf("pull after wake: %d %v", got, err)
		}
		wake += w.Sub(committed)
		total += time.Since(committed)
	}
	b.ReportMetric(float64(wake.Microseconds())/float64(n), "µs-commit→wake")
	b.ReportMetric(float64(total.Microseconds())/float64(n), "µs-commit→pulled")
}

// BenchmarkTeamIdleCPU: the server's CPU time per idle sync round of a
// client (20 clients, each pulling with nothing to do), beside the floor
// of a bare SELECT 1 per round. Read from /proc of the postmaster and its
// backends.
func BenchmarkTeamIdleCPU(b *testing.B) {
	bt := benchSetUp(b)
	t := b
	const clients, rounds = 20, 20
	var conns []*teamserver.Conn
	var curs []string
	var raws []*pgx.Conn
	for i := range clients {
		c := bt.dial(t, bt.pfx+fmt.Sprintf("p%03d", benchTeams+i))
		defer c.Close()
		cur, err := c.Pull(context.Background(), "", func(teamserver.Page) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
		conns, curs = append(conns, c), append(curs, cur)
		raws = append(raws, bt.raw(t, bt.pfx+fmt.Sprintf("p%03d", benchTeams+i)))
	}
	hz := 100.0 // USER_HZ on Linux
	var pullTicks, floorTicks int64
	for b.Loop() {
		t0 := bt.srv.CPUTicks()
		for range rounds {
			for i, c := range conns {
				var err error
				if curs[i], err = c.Pull(context.Background(), curs[i], func(teamserver.Page) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
		}
		t1 := bt.srv.CPUTicks()
		for range 10 * rounds { // ten times as many: each is cheap
			for _, r := range raws {
				if _, err := r.Exec(context.Background(), "SELECT 1"); err != nil {
					b.Fatal(err)
				}
			}
		}
		t2 := bt.srv.CPUTicks()
		pullTicks += t1 - t0
		floorTicks += t2 - t1
	}
	per := float64(clients * rounds * b.N)
	b.ReportMetric(float64(pullTicks)/hz/per*1e6, "µs-CPU/idle-pull")
	b.ReportMetric(float64(floorTicks)/hz/per/10*1e6, "µs-CPU/SELECT-1")
}
