package storage

import (
	"testing"
	"time"

	"keycard/accounts"
)

// BenchmarkEachRiskInputAndScore scores every account of the large set, as
// the portfolio's risk view does: reading the inputs (load) and scoring them
// (score) are reported apart, with the cost per account.
func BenchmarkEachRiskInputAndScore(b *testing.B) {
	s := openLarge(b, true)
	today := accounts.DateOf(largeNow)
	var load, score time.Duration
	n := 0
	cpu := cpuTime()
	for b.Loop() {
		start := time.Now()
		var scoring time.Duration
		count := 0
		err := s.EachRiskInput(func(in accounts.RiskInput) error {
			t := time.Now()
			rs := accounts.ScoreRisk(in, today)
			scoring += time.Since(t)
			if rs.AccountID != in.Account.ID {
				b.Fatalf("scored %s for %s", rs.AccountID, in.Account.ID)
			}
			count++
			return nil
		})
		if err != nil || count != largeAccounts {
			b.Fatal(count, err)
		}
		load += time.Since(start) - scoring
		score += scoring
		n += count
	}
	reportCPU(b, cpu)
	if n > 0 {
		b.ReportMetric(float64(load.Milliseconds())/float64(b.N), "load-ms/op")
		b.ReportMetric(float64(score.Milliseconds())/float64(b.N), "score-ms/op")
		b.ReportMetric(float64(load.Microseconds())/float64(n), "load-µs/account")
		b.ReportMetric(float64(score.Microseconds())/float64(n), "score-µs/account")
	}
}
