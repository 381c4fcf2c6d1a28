package main

import (
	"encoding/json"
	"strings"
	"testing"

	"keycard/accounts"
)

func reviewJSON(t *testing.T, db string, args ...string) reviewReport {
	t.Helper()
	r := ctl(t, append(append([]string{"--db", db, "review"}, args...), "--json")...)
	if r.code != 0 {
		t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
	}
	var rep reviewReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("review --json is not the report: %v\n%s", err, r.stdout)
	}
	return rep
}

func TestReviewListsMarksAndSummarisesPerOwner(t *testing.T) {
	db := demoDB(t)
	// The stable field names scripts rely on.
	var raw map[string][]map[string]any
	r := ctl(t, "--db", db, "review", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil || r.code != 0 {
		t.Fatalf("exit %d, %v: %s", r.code, err, r.stderr)
	}
	for _, f := range []string{"id", "name", "owner", "tier", "stage", "last_reviewed", "reviewer", "comment", "days_since_review",
		"stale", "changes_since", "latest_changes", "last_visit", "overdue_follow_ups", "risk_score", "risk_level", "revenue",
		"overdue_receivables", "completeness"} {
		if _, ok := raw["accounts"][0][f]; !ok {
			t.Errorf("an account lacks %q: %v", f, raw["accounts"][0])
		}
	}
	for _, f := range []string{"owner", "accounts", "unreviewed", "average_completeness"} {
		if _, ok := raw["owners"][0][f]; !ok {
			t.Errorf("an owner lacks %q", f)
		}
	}

	rep := reviewJSON(t, db)
	if len(rep.Accounts) != 30 || len(rep.Owners) != 4 {
		t.Fatalf("%d accounts, %d owners; the demo has 30 and 4", len(rep.Accounts), len(rep.Owners))
	}
	for _, a := range rep.Accounts {
		if a.DaysSinceReview != -1 || !a.Stale || a.LastReviewed != (accounts.Date{}) || !a.RiskLevel.Valid() || a.Completeness < 0 || a.Completeness > 100 ||
			(a.Completeness < 100) != (len(a.Missing) > 0) {
			t.Fatalf("before any review: %+v", a)
		}
	}
	for _, o := range rep.Owners {
		if o.Unreviewed != o.Accounts || o.Completeness < 0 || o.Completeness > 100 {
			t.Fatalf("before any review: %+v", o)
		}
	}
	target := rep.Accounts[0]

	m := ctl(t, "--db", db, "review", "--mark", target.Name, "--comment", "Add the CFO to the map", "--reviewer", "Zhao Min")
	if m.code != 0 || !strings.Contains(m.stdout, target.Name+" marked reviewed by Zhao Min on ") {
		t.Fatalf("--mark: exit %d, %q %q", m.code, m.stdout, m.stderr)
	}
	rep = reviewJSON(t, db, "--owner", target.Owner)
	var got reviewRow
	for _, a := range rep.Accounts {
		if a.Owner != target.Owner {
			t.Fatalf("--owner %s lists %s's account", target.Owner, a.Owner)
		}
		if a.ID == target.ID {
			got = a
		}
	}
	if got.DaysSinceReview != 0 || got.Stale || got.Comment != "Add the CFO to the map" || got.Reviewer != "Zhao Min" ||
		got.LastReviewed.IsZero() || got.LastReviewedAt == nil {
		t.Fatalf("after --mark: %+v", got)
	}
	if rep.Accounts[len(rep.Accounts)-1].ID != target.ID {
		t.Errorf("the reviewed account comes after the unreviewed ones")
	}
	if len(rep.Owners) != 1 || rep.Owners[0].Unreviewed != rep.Owners[0].Accounts-1 {
		t.Fatalf("owner summary after one review: %+v", rep.Owners)
	}

	table := ctl(t, "--db", db, "review", "--owner", target.Owner)
	for _, want := range []string{"LAST REVIEWED", "never", target.Owner + ": "} {
		if !strings.Contains(table.stdout, want) {
			t.Errorf("the table lacks %q:\n%s", want, table.stdout)
		}
	}
	if !strings.Contains(table.stdout, "not reviewed for 7 days or more") {
		t.Errorf("no owner line:\n%s", table.stdout)
	}
	zh := ctlIn(t, "zh_CN.UTF-8", "--db", db, "review", "--owner", target.Owner)
	if !strings.Contains(zh.stdout, "从未") || !strings.Contains(zh.stdout, "天以上未检查") {
		t.Errorf("under zh_CN:\n%s", zh.stdout)
	}
}

func TestReviewRefusesBadInputWithASentence(t *testing.T) {
	db := demoDB(t)
	rep := reviewJSON(t, db)
	name := rep.Accounts[0].Name
	ctl(t, "--db", db, "review", "--mark", name, "--comment", strings.Repeat("长", accounts.MaxReviewComment+1), "--reviewer", "Zhao").
		oneLine(t, 1, "keep it to 2000")
	ctl(t, "--db", db, "review", "--mark", "No Such Account Anywhere", "--reviewer", "Zhao").oneLine(t, 1, "No Such Account")
	if r := ctl(t, "--db", db, "review", "--comment", "x"); r.code != exitUsage || !strings.Contains(r.stderr, "--mark") {
		t.Errorf("--comment without --mark: exit %d, %q", r.code, r.stderr)
	}
	if r := ctl(t, "--db", db, "review", "--mark", name, "--json"); r.code != exitUsage {
		t.Errorf("--mark with --json: exit %d, %q", r.code, r.stderr)
	}
	for _, a := range reviewJSON(t, db).Accounts {
		if a.DaysSinceReview != -1 {
			t.Fatalf("a refused review was stored: %+v", a)
		}
	}
}
