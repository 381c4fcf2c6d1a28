package bundle

import (
	"bytes"
	"io"
	"runtime"
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

// BenchmarkStream2500 writes and reads 2,500 accounts (15 contacts and 100
// visits each, as a large portfolio's owner has them) one at a time with
// Writer and ReadEach, keeping none: its allocated bytes per op are
// garbage, and the peak heap it reports (heap-MB) stays a few megabytes
// whatever the number of accounts, where Write and Read of a slice hold
// them all.
func BenchmarkStream2500(b *testing.B) {
	one := sample(43, 1, 15, 100)[0]
	const n = 2500
	write := func(w io.Writer) Manifest {
		bw := NewWriter(w, WriteOptions{Now: testNow})
		for i := range n {
			d := renumbered(&one, i)
			if err := bw.Add(&d); err != nil {
				b.Fatal(err)
			}
		}
		m, err := bw.Close()
		if err != nil {
			b.Fatal(err)
		}
		return m
	}
	b.Run("write", func(b *testing.B) {
		b.ReportAllocs()
		var peak uint64
		for b.Loop() {
			write(io.Discard)
			peak = max(peak, heapNow())
		}
		b.ReportMetric(float64(peak)/(1<<20), "heap-MB")
	})
	b.Run("read", func(b *testing.B) {
		var buf bytes.Buffer
		write(&buf)
		file := buf.Bytes()
		b.ReportAllocs()
		var peak uint64
		for b.Loop() {
			k := 0
			_, err := ReadEach(bytes.NewReader(file), int64(len(file)), ReadOptions{}, func(*accounts.AccountData) error {
				if k++; k%500 == 0 {
					peak = max(peak, heapNow())
				}
				return nil
			})
			if err != nil || k != n {
				b.Fatalf("read %d accounts: %v", k, err)
			}
		}
		b.ReportMetric(float64(peak)/(1<<20), "heap-MB")
		b.ReportMetric(float64(len(file)), "bundle-bytes")
	})
}

// heapNow is the live heap after a collection.
func heapNow() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}
