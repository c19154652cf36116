package carriertest

import (
	"context"
	"testing"

	"github.com/wismo-dev/wismo/carrier"
)

// Benchmark measures an adapter with the numbers of f: sub-benchmarks
// "Track" (one call at a time), "TrackParallel" (b.RunParallel) and, when f
// claims Batch, "TrackBatch" (full batches, reported per number as
// ns/number). Each reports scans/op. newCarrier is called once per
// sub-benchmark, outside the timed loop. A failing call stops the benchmark.
func Benchmark(b *testing.B, newCarrier func(b *testing.B) carrier.Carrier, f Features) {
	b.Helper()
	if len(f.KnownNumbers) == 0 {
		b.Fatal("carriertest: Features.KnownNumbers is empty; the benchmark needs at least one number the carrier knows")
	}
	b.Run("Track", func(b *testing.B) {
		c := newCarrier(b)
		ctx := context.Background()
		b.ReportAllocs()
		scans, i := 0, 0
		for b.Loop() {
			n := f.KnownNumbers[i%len(f.KnownNumbers)]
			i++
			u, err := c.Track(ctx, n)
			if err != nil {
				b.Fatalf("Track(%q): %v", n, err)
			}
			scans += len(u.Scans)
		}
		b.ReportMetric(float64(scans)/float64(max(i, 1)), "scans/op")
	})
	b.Run("TrackParallel", func(b *testing.B) {
		c := newCarrier(b)
		ctx := context.Background()
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				n := f.KnownNumbers[i%len(f.KnownNumbers)]
				i++
				if _, err := c.Track(ctx, n); err != nil {
					b.Errorf("Track(%q): %v", n, err)
					return
				}
			}
		})
	})
	if !f.Batch {
		return
	}
	b.Run("TrackBatch", func(b *testing.B) {
		c := newCarrier(b)
		bt, ok := c.(carrier.BatchTracker)
		if !ok || bt.MaxBatch() <= 0 {
			b.Fatalf("Features.Batch is claimed but %T is not a BatchTracker with a positive MaxBatch", c)
		}
		size := min(bt.MaxBatch(), 100)
		numbers := make([]string, size)
		for i := range numbers {
			numbers[i] = f.KnownNumbers[i%len(f.KnownNumbers)]
		}
		ctx := context.Background()
		b.ReportAllocs()
		scans, calls := 0, 0
		for b.Loop() {
			res, err := bt.TrackBatch(ctx, numbers)
			if err != nil {
				b.Fatalf("TrackBatch: %v", err)
			}
			for _, r := range res {
				if r.Err != nil {
					b.Fatalf("TrackBatch result %q: %v", r.TrackingNumber, r.Err)
				}
				scans += len(r.Update.Scans)
			}
			calls++
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(max(calls*size, 1)), "ns/number")
		b.ReportMetric(float64(scans)/float64(max(calls, 1)), "scans/op")
	})
}
