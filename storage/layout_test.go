package storage

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"keycard/accounts"
)

// visitTime writes its digits by hand; it must give what the layout gives,
// whatever the zone, the fraction or the year.
func TestVisitTimeIsTheLayout(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	cases := []time.Time{
		time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC),
		time.Date(2026, 1, 1, 0, 30, 0, 0, shanghai), // the day before in UTC
		time.Date(2024, 2, 29, 23, 59, 59, 999_999_999, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), // wider than the layout: Format's answer
		time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
		{},
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		cases = append(cases, time.Unix(r.Int64N(1<<37)-1<<36, r.Int64N(1e9)).In(shanghai))
	}
	for _, at := range cases {
		if got, want := visitTime(at), at.UTC().Format(visitTimeLayout); got != want {
			t.Errorf("visitTime(%v) = %q, want %q", at, got, want)
		}
	}
}

// The keys built in one allocation are the keys the layout describes.
func TestKeysAreTheLayout(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 8, time.FixedZone("CST", 8*3600))
	if got, want := string(visitKey("acct", at, "v1")), "acct/v/"+at.UTC().Format(visitTimeLayout)+"v1"; got != want {
		t.Errorf("visitKey = %q, want %q", got, want)
	}
	if got, want := string(visitIndexKey(at, "v1")), at.UTC().Format(visitTimeLayout)+"\x00v1"; got != want {
		t.Errorf("visitIndexKey = %q, want %q", got, want)
	}
	for _, parts := range [][]string{nil, {""}, {"a"}, {"a", ""}, {"", "b", "c"}, {"所有者", "acct"}} {
		if got, want := join0(parts...), strings.Join(parts, "\x00"); string(got) != want || got == nil {
			t.Errorf("join0(%q) = %q, want %q", parts, got, want)
		}
	}
}

// The summary's last visit is the one whose key sorts last: visitKeyAfter
// must agree with the keys' order, whatever the zone, the monotonic clock or
// the year.
func TestVisitKeyAfterIsTheKeyOrder(t *testing.T) {
	now := time.Now() // carries a monotonic reading
	cst := time.FixedZone("CST", 8*3600)
	times := []time.Time{now, now.Add(time.Nanosecond), now.In(cst), now.Round(0), time.Date(2026, 1, 1, 8, 0, 0, 0, cst),
		time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, a := range times {
		for _, b := range times {
			for _, ids := range [][2]accounts.ID{{"v1", "v2"}, {"v2", "v1"}, {"v1", "v1"}} {
				v, w := &accounts.Visit{Meta: accounts.Meta{ID: ids[0]}, At: a}, &accounts.Visit{Meta: accounts.Meta{ID: ids[1]}, At: b}
				want := visitTime(a)+string(ids[0]) > visitTime(b)+string(ids[1])
				if got := visitKeyAfter(v, w); got != want {
					t.Errorf("visitKeyAfter(%v %s, %v %s) = %v, the keys say %v", a, ids[0], b, ids[1], got, want)
				}
			}
		}
	}
}
