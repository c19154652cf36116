package sim_test

import (
	"context"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier/sim"
)

// fleet returns a sim holding n shipments drawn from the default mix,
// created over the week before the clock, so they are at every stage.
func fleet(b *testing.B, n int, cfg sim.Config) (*sim.Carrier, []string) {
	b.Helper()
	now := monday.AddDate(0, 0, 7)
	cfg.Now = sim.NewClock(now).Now
	c, err := sim.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	numbers := make([]string, n)
	for i, sc := range sim.Mix(n, 1) {
		numbers[i] = sim.Number(i)
		created := now.Add(-time.Duration(i%(7*24)) * time.Hour)
		if err := c.Ship(numbers[i], sc, created); err != nil {
			b.Fatal(err)
		}
	}
	return c, numbers
}

// go test -run XXX -bench . -benchmem ./carrier/sim
func BenchmarkTrack(b *testing.B) {
	c, numbers := fleet(b, 10000, sim.Config{})
	ctx := context.Background()
	b.ReportAllocs()
	i, scans, found := 0, 0, 0
	for b.Loop() {
		u, err := c.Track(ctx, numbers[i%len(numbers)])
		i++
		if err == nil {
			scans += len(u.Scans)
			found++
		}
	}
	b.ReportMetric(float64(scans)/float64(max(found, 1)), "scans/found")
}

func BenchmarkTrackParallel(b *testing.B) {
	c, numbers := fleet(b, 10000, sim.Config{})
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			_, _ = c.Track(ctx, numbers[i%len(numbers)])
			i++
		}
	})
}

func BenchmarkTrackWithFaults(b *testing.B) {
	c, numbers := fleet(b, 10000, sim.Config{Seed: 3, Faults: sim.Faults{ErrorRate: 0.05, TimeoutRate: 0.02,
		RateLimitRate: 0.03, DuplicateRate: 0.1, ReorderRate: 0.1}})
	ctx := context.Background()
	b.ReportAllocs()
	i, failed := 0, 0
	for b.Loop() {
		if _, err := c.Track(ctx, numbers[i%len(numbers)]); err != nil {
			failed++
		}
		i++
	}
	b.ReportMetric(float64(failed)/float64(max(i, 1)), "failed/op")
}

func BenchmarkTrackBatch(b *testing.B) {
	c, numbers := fleet(b, 10000, sim.Config{})
	ctx := context.Background()
	batch := c.MaxBatch()
	b.ReportAllocs()
	i, calls := 0, 0
	for b.Loop() {
		start := (i * batch) % (len(numbers) - batch)
		i++
		if _, err := c.TrackBatch(ctx, numbers[start:start+batch]); err != nil {
			b.Fatal(err)
		}
		calls++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(max(calls*batch, 1)), "ns/number")
}

func BenchmarkShip(b *testing.B) {
	c, err := sim.New(sim.Config{Now: sim.NewClock(monday).Now, Jitter: time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	scenarios := sim.Mix(1000, 1)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := c.Ship(sim.Number(i), scenarios[i%len(scenarios)], monday); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
