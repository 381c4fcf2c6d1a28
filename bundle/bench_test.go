package bundle

import (
	"bytes"
	"sync"
	"testing"

	"keycard/accounts"
)

// A departing owner's portfolio at the size the handover budget is set for:
// 500 accounts, each with 15 contacts and 100 visits.
var bigPortfolio = sync.OnceValue(func() []accounts.AccountData { return sample(42, 500, 15, 100) })

func BenchmarkWrite500(b *testing.B) {
	for _, sealed := range []bool{false, true} {
		name, pass := "plain", ""
		if sealed {
			name, pass = "sealed", "correct horse battery staple"
		}
		b.Run(name, func(b *testing.B) {
			data := bigPortfolio()
			var size int
			for b.Loop() {
				var buf bytes.Buffer
				if _, err := Write(&buf, data, WriteOptions{Now: testNow, Passphrase: pass}); err != nil {
					b.Fatal(err)
				}
				size = buf.Len()
			}
			b.ReportMetric(float64(size), "bundle-bytes")
		})
	}
}

func BenchmarkRead500(b *testing.B) {
	for _, sealed := range []bool{false, true} {
		name, pass := "plain", ""
		if sealed {
			name, pass = "sealed", "correct horse battery staple"
		}
		b.Run(name, func(b *testing.B) {
			var buf bytes.Buffer
			if _, err := Write(&buf, bigPortfolio(), WriteOptions{Now: testNow, Passphrase: pass}); err != nil {
				b.Fatal(err)
			}
			file := buf.Bytes()
			for b.Loop() {
				_, data, err := Read(bytes.NewReader(file), int64(len(file)), ReadOptions{Passphrase: pass})
				if err != nil || len(data) != 500 {
					b.Fatalf("read %d accounts: %v", len(data), err)
				}
			}
			b.ReportMetric(float64(len(file)), "bundle-bytes")
		})
	}
}
