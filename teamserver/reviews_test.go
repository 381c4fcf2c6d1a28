package teamserver_test

import (
	"context"
	"strings"
	"testing"

	"keycard/teamserver"
)

const (
	revA = "0190a000-0000-7000-8000-0000000000fa"
	revX = "0190a000-0000-7000-8000-0000000000fb"
)

// TestReviewsTravel: a manager's review of a rep's account reaches the rep;
// another rep of the team never sees it; nobody writes a review of an
// account they cannot see.
func TestReviewsTravel(t *testing.T) {
	f := newFixture(t)
	res := push(t, f.dial(t, f.m), child("review", revA, acctA, "reviewer", "Mei", "comment", "Add the CFO to the map"))
	if len(res) != 1 || res[0].Rev != 1 || res[0].Refused || res[0].Conflict {
		t.Fatalf("manager's push: %+v", res)
	}
	got, ok := pullAll(t, f.dial(t, f.a)).recs["review/"+revA]
	if !ok || got.Account != acctA || !strings.Contains(string(got.Body), "Add the CFO to the map") {
		t.Fatalf("rep A pulled %+v (%v)", got, ok)
	}
	for _, who := range []string{f.b, f.c} {
		if _, seen := pullAll(t, f.dial(t, who)).recs["review/"+revA]; seen {
			t.Fatalf("%s sees a review of A's account", who)
		}
	}
	// Rep B (same team) and rep C (another team) cannot write one under A's
	// account; A can under their own.
	for _, who := range []string{f.b, f.c} {
		res := push(t, f.dial(t, who), child("review", revX, acctA, "comment", "x"))
		if len(res) != 1 || !res[0].Refused {
			t.Fatalf("%s's review of A's account: %+v", who, res)
		}
	}
	if res := push(t, f.dial(t, f.a), child("review", revX, acctA, "comment", "self-check")); res[0].Refused || res[0].Rev != 1 {
		t.Fatalf("A's own review: %+v", res)
	}
	// The manager of another team cannot either.
	w := f.add(t, "w", "Wu", teamserver.RoleManager, "west")
	if res := push(t, f.dial(t, w), child("review", "0190a000-0000-7000-8000-0000000000fc", acctA, "comment", "x")); !res[0].Refused {
		t.Fatalf("west manager's review: %+v", res)
	}
}

// TestInitAddsReviewsToAnOldServer: a server at schema 1 (reviews refused
// by the kind's CHECK) is brought to schema 2 by Init, once.
func TestInitAddsReviewsToAnOldServer(t *testing.T) {
	f := newFixture(t)
	f.exec(t, `ALTER TABLE keycard.records DROP CONSTRAINT records_kind_check;
ALTER TABLE keycard.records ADD CHECK (kind IN ('account', 'contact', 'link', 'layout', 'plan', 'visit', 'warning', 'handover'));
DELETE FROM keycard.meta; INSERT INTO keycard.meta (schema) VALUES (1)`)
	ctx := context.Background()
	if _, err := f.raw(t, f.m).Exec(ctx, `INSERT INTO keycard.records (kind, id, account_id, body) VALUES ('review', 'x', $1, '{}')`, acctA); err == nil {
		t.Fatal("schema 1 took a review")
	}
	if n, err := teamserver.Init(ctx, f.admin); err != nil || n != 1 {
		t.Fatalf("init applied %d (%v), want 1", n, err)
	}
	if n, err := teamserver.Init(ctx, f.admin); err != nil || n != 0 {
		t.Fatalf("second init applied %d (%v), want 0", n, err)
	}
	if res := push(t, f.dial(t, f.m), child("review", revA, acctA, "comment", "ok")); res[0].Refused || res[0].Rev != 1 {
		t.Fatalf("%+v", res)
	}
	if n := strings.TrimSpace(f.query(t, `SELECT count(*) FROM pg_constraint WHERE conrelid = 'keycard.records'::regclass AND conname LIKE 'records_kind_check%'`)); n != "1" {
		t.Fatalf("%s kind checks", n)
	}
}
