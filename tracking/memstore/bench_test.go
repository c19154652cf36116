package memstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/tracking/memstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

// BenchmarkClaimDue measures a Tick's store work on a store where every
// shipment is overdue: claim the 100 most overdue, then update each (the
// lease released, the next poll two days later, still overdue), as the
// Service does. The cost of a claim must not grow with the number of
// shipments stored.
func BenchmarkClaimDue(b *testing.B) {
	for _, size := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			ctx := context.Background()
			st := memstore.New()
			rng := rand.New(rand.NewPCG(1, 2))
			t0 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
			for i := range size {
				sh := &store.Shipment{ID: fmt.Sprintf("s%07d", i), OrderID: "o", Carrier: "ups", TrackingNumber: fmt.Sprint("N", i),
					CreatedAt: t0, State: "on_track", DueAt: t0.Add(time.Duration(rng.Int64N(int64(48 * time.Hour))))}
				if _, err := st.CreateShipment(ctx, sh); err != nil {
					b.Fatal(err)
				}
			}
			now := t0.AddDate(10, 0, 0)
			claimed := 0
			for b.Loop() {
				due, err := st.ClaimDue(ctx, store.ClaimDueParams{Now: now, Owner: "bench", Max: 100, LeaseFor: time.Minute})
				if err != nil {
					b.Fatal(err)
				}
				for _, sh := range due {
					sh.DueAt = sh.DueAt.Add(48 * time.Hour)
					if _, err := st.UpdateShipment(ctx, store.UpdateParams{Shipment: sh, ReleaseLease: "bench"}); err != nil {
						b.Fatal(err)
					}
				}
				claimed += len(due)
			}
			b.ReportMetric(float64(claimed)/float64(b.N), "shipments/claim")
		})
	}
}
