package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// Sales against collections per rep: every rep of the demo, each account
// once, lost accounts left out, the out-of-balance ones first with their
// advice in words, and the totals per currency.
func TestBalancePerRepAndAccount(t *testing.T) {
	db := demoDB(t)
	r := ctl(t, "--db", db, "balance", "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var reps []balanceOwner
	if err := json.Unmarshal([]byte(r.stdout), &reps); err != nil {
		t.Fatalf("balance --json: %v\n%s", err, r.stdout)
	}
	if len(reps) != 4 {
		t.Fatalf("%d reps, the demo has 4", len(reps))
	}
	var wang *balanceOwner
	n := 0
	for i := range reps {
		o := &reps[i]
		n += len(o.Accounts)
		if o.Summary.Accounts != len(o.Accounts) || len(o.Summary.Totals) == 0 {
			t.Errorf("%s: summary %+v for %d accounts", o.Owner, o.Summary, len(o.Accounts))
		}
		for j, a := range o.Accounts {
			if a.Name == "Meridian Retail Group" {
				t.Errorf("the lost account Meridian is listed")
			}
			if j > 0 && a.OutOfBalance && !o.Accounts[j-1].OutOfBalance {
				t.Errorf("%s: %s is out of balance but listed after one in balance", o.Owner, a.Name)
			}
			if a.OutOfBalance && len(a.Advice) == 0 {
				t.Errorf("%s is out of balance without advice", a.Name)
			}
		}
		if o.Owner == "王芳" {
			wang = o
		}
	}
	if wang == nil || wang.Summary.OutOfBalance < 1 || !wang.Accounts[0].OutOfBalance ||
		!strings.Contains(wang.Accounts[0].Advice[0], "collect before shipping more") {
		t.Fatalf("王芳's overdue account is not first with its advice: %+v", wang)
	}
	if n >= 30 {
		t.Errorf("%d accounts: the lost ones should be left out of 30", n)
	}

	// The table in Chinese, one rep.
	zh := ctlIn(t, "zh", "--db", db, "balance", "--owner", "王芳")
	if zh.code != 0 || !strings.Contains(zh.stdout, "王芳：8 个客户") || !strings.Contains(zh.stdout, "先收款，再继续发货") {
		t.Fatalf("exit %d:\n%s%s", zh.code, zh.stdout, zh.stderr)
	}
	// An owner without accounts says so; bad flags are a usage error.
	if r := ctl(t, "--db", db, "balance", "--owner", "Nobody"); r.code != 0 || strings.TrimSpace(r.stdout) == "" {
		t.Fatalf("unknown owner: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := ctl(t, "--db", db, "balance", "--bogus"); r.code != exitUsage {
		t.Fatalf("a bad flag: exit %d", r.code)
	}
}
