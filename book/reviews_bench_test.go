package book

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"keycard/storage"
)

// largeReviewDB is the large data set storage's benchmarks build (10,000
// accounts, 150,000 contacts, 1,000,000 visits); run
// `go test ./storage -run '^$' -bench Summaries -benchtime 1x` once to build it.
func largeReviewDB(b *testing.B) string {
	p := filepath.Join(os.TempDir(), "keycard-bench-v1-schema2.db")
	if _, err := os.Stat(p); err != nil {
		b.Skip("the large data set is not built: go test ./storage -run '^$' -bench Summaries -benchtime 1x")
	}
	return p
}

// BenchmarkReviewBoard is the weekly review of all 10,000 accounts (and of
// one owner's, about 1,250), opened read-only as the large set is shared:
// no account has a review, so each counts what changed in the last week.
// The floor is the portfolio list's own read, every summary.
func BenchmarkReviewBoard(b *testing.B) {
	s, err := storage.Open(largeReviewDB(b), storage.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	bk := New(s, Options{Now: func() time.Time { return now }})
	defer bk.Close()
	b.Run("all", func(b *testing.B) {
		for b.Loop() {
			rows, err := bk.ReviewBoard("")
			if err != nil || len(rows) != 10_000 {
				b.Fatal(len(rows), err)
			}
		}
	})
	b.Run("owner", func(b *testing.B) {
		for b.Loop() {
			if _, err := bk.ReviewBoard("Li Wei"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("floor-summaries", func(b *testing.B) {
		for b.Loop() {
			sums, err := s.Summaries()
			if err != nil || len(sums) != 10_000 {
				b.Fatal(len(sums), err)
			}
		}
	})
}
