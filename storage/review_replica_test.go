package storage

import (
	"testing"
	"time"

	"keycard/accounts"
)

// remoteReview is a manager's review of the remote account, as the
// manager's laptop stored and pushed it.
func remoteReview(id accounts.ID, comment string) accounts.Review {
	at := t0.Add(-time.Hour).UTC()
	return accounts.Review{Meta: accounts.Meta{ID: id, Version: 1, CreatedAt: at, UpdatedAt: at},
		AccountID: "acct-1", Reviewer: "Zhao Min", At: at, Comment: comment, Completeness: 60}
}

// TestApplyIncomingReview: a review from the server lands in the bucket
// "reviews" (Reviews and LatestReviews see it), queues nothing, and a
// review that arrives again — the same revision, or a touch with a higher
// one — is stored once.
func TestApplyIncomingReview(t *testing.T) {
	s, sv, _ := linkedWithRemote(t)
	r := remoteReview("rv-1", "Add the CFO to the map")
	in := sv.send(KindReview, r.ID, r.AccountID, &r)
	res := apply(t, s, []Incoming{in})
	if res.Skipped != 0 || len(res.Changed) != 1 || res.Changed[0] != "acct-1" {
		t.Fatalf("%+v", res)
	}
	check := func() {
		t.Helper()
		rs, err := s.Reviews("acct-1")
		must(t, err)
		if len(rs) != 1 || rs[0].ID != "rv-1" || rs[0].Comment != "Add the CFO to the map" || !rs[0].At.Equal(r.At) {
			t.Fatalf("%+v", rs)
		}
		latest, err := s.LatestReviews()
		must(t, err)
		if latest["acct-1"].ID != "rv-1" {
			t.Fatalf("%+v", latest)
		}
	}
	check()
	if res := apply(t, s, []Incoming{in}); res.Seen != 1 {
		t.Fatalf("%+v", res)
	}
	again := sv.send(KindReview, r.ID, r.AccountID, &r)
	if res := apply(t, s, []Incoming{again}); res.Skipped != 0 || len(res.Changed) != 0 {
		t.Fatalf("%+v", res)
	}
	check()
	// A deletion on the server (an administrator's) removes it.
	apply(t, s, []Incoming{sv.gone(KindReview, r.ID, r.AccountID)})
	if rs, _ := s.Reviews("acct-1"); len(rs) != 0 {
		t.Fatalf("%+v", rs)
	}
}

// TestApplyIncomingReviewRefusesAnother: a review sent under another
// account, another id or without a moment is skipped; one of an account
// that is not here is left out.
func TestApplyIncomingReviewRefusesAnother(t *testing.T) {
	s, sv, _ := linkedWithRemote(t)
	r := remoteReview("rv-1", "x")
	noAt := r
	noAt.At = time.Time{}
	elsewhere := r
	elsewhere.AccountID = "acct-2"
	res := apply(t, s, []Incoming{
		sv.send(KindReview, r.ID, "acct-2", &r),
		sv.send(KindReview, "rv-2", r.AccountID, &r),
		sv.send(KindReview, r.ID, r.AccountID, &noAt),
		sv.send(KindReview, r.ID, "acct-2", &elsewhere),
	})
	if res.Skipped != 3 {
		t.Fatalf("%+v", res)
	}
	if rs, _ := s.Reviews("acct-1"); len(rs) != 0 {
		t.Fatalf("%+v", rs)
	}
}

// TestReviewGoesUpOnce: a review made here is queued with its account,
// goes up, and when the server sends it back (before or after the laptop
// heard the answer) it is neither stored twice nor queued again.
func TestReviewGoesUpOnce(t *testing.T) {
	for _, heard := range []bool{true, false} {
		f := newFixture(t, true)
		r := accounts.Review{AccountID: f.a.ID, Reviewer: "Zhao Min", Comment: "Ask for the budget", Completeness: 40}
		must(t, f.s.PutReview(&r))
		out, err := f.s.Outbox(0)
		must(t, err)
		var mine *Outgoing
		var pushed []Pushed
		for i := range out {
			pushed = append(pushed, Pushed{Ref: out[i].Ref, Seq: out[i].Seq, Rev: 1, Body: out[i].Body})
			if out[i].Kind == KindReview {
				mine = &out[i]
			}
		}
		if mine == nil || mine.ID != r.ID || mine.Account != f.a.ID || mine.Body == nil || mine.Base.Rev != 0 {
			t.Fatalf("%+v", out)
		}
		if heard {
			must(t, f.s.MarkPushed(pushed))
			if n, _ := f.s.OutboxLen(); n != 0 {
				t.Fatalf("%d still waiting", n)
			}
		}
		res := apply(t, f.s, []Incoming{{Ref: mine.Ref, Account: f.a.ID, Rev: 2, Body: mine.Body, By: "Zhao Min"}})
		if res.Conflicts != 0 || res.Skipped != 0 {
			t.Fatalf("%+v", res)
		}
		rs, err := f.s.Reviews(f.a.ID)
		must(t, err)
		if len(rs) != 1 || rs[0].ID != r.ID {
			t.Fatalf("%+v", rs)
		}
		if out, _ := f.s.Outbox(0); heard && len(out) != 0 {
			t.Fatalf("queued again: %+v", out)
		} else {
			for _, o := range out {
				if o.Kind == KindReview {
					t.Fatalf("queued again: %+v", o)
				}
			}
		}
	}
}
