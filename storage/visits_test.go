package storage

import (
	"fmt"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"keycard/accounts"
)

// TestVisitWritesTouchOnlyWhatChanges holds a visit's write to the trees
// its change calls for. Every bucket a commit changes gets a new root page
// (bbolt copies the path from the changed leaf up), so comparing each
// bucket's root before and after a write tells which trees it wrote.
func TestVisitWritesTouchOnlyWhatChanges(t *testing.T) {
	s, _ := newStore(t)
	day := accounts.DateOf(t0)
	// Enough accounts, visits and steps that no bucket below is small
	// enough to live inline in its parent (whose root is always 0).
	var target accounts.Account
	for i := range 40 {
		a := mkAccount(t, s, fmt.Sprintf("Account %02d", i), "Li Wei")
		mkVisit(t, s, a.ID, t0.Add(-48*time.Hour), day.AddDays(3), day.AddDays(9))
		if i == 7 {
			target = a
		}
	}
	newest := mkVisit(t, s, target.ID, t0.Add(-24*time.Hour), day.AddDays(5), day.AddDays(20))
	watched := [][]byte{bktData, bktFacts, bktIDs, bktOpen, bktDue, bktSummary}
	roots := func() map[string]uint64 {
		out := map[string]uint64{}
		s.db.View(func(tx *bolt.Tx) error {
			for _, b := range watched {
				out[string(b)] = uint64(tx.Bucket(b).Root())
				if out[string(b)] == 0 {
					t.Fatalf("%s is inline: the test needs more data", b)
				}
			}
			return nil
		})
		return out
	}
	load := func() accounts.Visit {
		v, err := s.Visit(newest.ID)
		if err != nil {
			t.Fatal(err)
		}
		return *v
	}
	cases := []struct {
		name    string
		change  func(v *accounts.Visit) error
		written []string // the buckets the write may change; the others must not
		sum     func(Summary) bool
	}{
		{"notes edited", func(v *accounts.Visit) error { v.Summary = "met the buyer"; return s.UpdateVisit(v) },
			[]string{"data", "facts"}, nil},
		{"the later step done", func(v *accounts.Visit) error { return s.SetStepDone(v.ID, v.NextSteps[1].ID, true, day) },
			[]string{"data", "facts", "idx_open", "idx_due", "summary"},
			func(x Summary) bool { return x.OpenFollowUps == 3 && x.NextFollowUp == day.AddDays(3) }},
		{"moved a day earlier, steps kept", func(v *accounts.Visit) error { v.At = v.At.Add(-24 * time.Hour); return s.UpdateVisit(v) },
			[]string{"data", "facts", "ids", "summary"},
			func(x Summary) bool {
				return x.LastVisit == accounts.DateOf(t0.Add(-48*time.Hour)) && x.OpenFollowUps == 3
			}},
		{"a step added with the earliest date", func(v *accounts.Visit) error {
			v.NextSteps = append(v.NextSteps, accounts.NextStep{Text: "call", Due: day.AddDays(1)})
			return s.UpdateVisit(v)
		}, []string{"data", "facts", "idx_open", "idx_due", "summary"},
			func(x Summary) bool { return x.OpenFollowUps == 4 && x.NextFollowUp == day.AddDays(1) }},
		{"deleted", func(v *accounts.Visit) error { return s.DeleteVisit(v.ID) },
			[]string{"data", "facts", "ids", "idx_open", "idx_due", "summary"},
			func(x Summary) bool {
				return x.OpenFollowUps == 2 && x.NextFollowUp == day.AddDays(3) && x.LastVisit == accounts.DateOf(t0.Add(-48*time.Hour))
			}},
	}
	for _, c := range cases {
		before := roots()
		v := load()
		if err := c.change(&v); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		after := roots()
		for _, b := range watched {
			if !slices.Contains(c.written, string(b)) && before[string(b)] != after[string(b)] {
				t.Errorf("%s: wrote %s", c.name, b)
			}
		}
		sum := storedSummary(t, s, target.ID)
		if c.sum != nil && !c.sum(sum) {
			t.Errorf("%s: summary %+v", c.name, sum)
		}
		if err := s.Check(); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

func storedSummary(t *testing.T, s *Store, id accounts.ID) Summary {
	t.Helper()
	sums, err := s.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range sums {
		if x.ID == id {
			return x
		}
	}
	t.Fatalf("no summary of %s", id)
	return Summary{}
}
