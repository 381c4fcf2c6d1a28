package book

import (
	"context"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"
)

// peakHeap samples the live heap every millisecond while it runs; stop
// returns the highest seen above the heap at the start.
func peakHeap() (stop func() uint64) {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapAlloc, ms.HeapAlloc
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapAlloc)
			}
		}
	})
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak - base
	}
}

// benchPortfolioXLSX exports the portfolio to a workbook b.N times (the risk
// board made once before: the app has it already when File → Export data…
// is chosen) and reports the rows, the bytes allocated and the peak of the
// live heap per export.
func benchPortfolioXLSX(b *testing.B, bk *Book) {
	ctx := context.Background()
	if _, err := bk.board(ctx); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "portfolio.xlsx")
	var rows int
	var peak uint64
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		stop := peakHeap()
		n, err := bk.ExportSheet(ctx, path, SheetOptions{Format: FormatXLSX, Lang: "en"})
		peak = max(peak, stop())
		if err != nil {
			b.Fatal(err)
		}
		rows = n
	}
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}

// BenchmarkExportPortfolioXLSX: the demo portfolio (30 accounts).
func BenchmarkExportPortfolioXLSX(b *testing.B) {
	benchPortfolioXLSX(b, demoBook(b))
}

// BenchmarkBigExportPortfolioXLSX: the large set's 10,000 accounts
// (KEYCARD_BIG_DB; see bigBook).
func BenchmarkBigExportPortfolioXLSX(b *testing.B) {
	benchPortfolioXLSX(b, bigBook(b))
}
