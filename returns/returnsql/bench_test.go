package returnsql_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/returns"
	"github.com/wismo-dev/wismo/returns/returnstest"
	"github.com/wismo-dev/wismo/returns/store"
)

// BenchmarkUpdate measures one optimistic write of a full return.
func BenchmarkUpdate(b *testing.B) {
	for name, open := range opens {
		b.Run(name, func(b *testing.B) {
			if name == "postgres" {
				postgresURL(b)
			}
			s := open(b)
			ctx := context.Background()
			if _, err := s.Create(ctx, returnstest.Sample("r1", store.StateApproved)); err != nil {
				b.Fatal(err)
			}
			r, err := s.Get(ctx, "r1")
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				v, err := s.Update(ctx, r)
				if err != nil {
					b.Fatal(err)
				}
				r.Version = v
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "writes/s")
		})
	}
}

// BenchmarkServiceJourney runs an in-store return from request to refund
// through the Service on the SQL store: 5 steps, 4 messages.
func BenchmarkServiceJourney(b *testing.B) {
	for name, open := range opens {
		b.Run(name, func(b *testing.B) {
			if name == "postgres" {
				postgresURL(b)
			}
			ctx := context.Background()
			now := time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)
			rs, err := returns.New(returns.Config{
				Store:    open(b),
				Notifier: notify.NotifierFunc(func(context.Context, notify.Message) error { return nil }),
				Now:      func() time.Time { return now },
				Policy:   returns.Policy{AutoApprove: returns.AutoApprove{Reasons: []store.Reason{store.ReasonTooLarge}}},
			})
			if err != nil {
				b.Fatal(err)
			}
			i := 0
			for b.Loop() {
				i++
				id := fmt.Sprint("r", i)
				_, _, err := rs.Request(ctx, store.Return{ID: id, OrderID: "o1", Method: store.MethodInStore, DeliveredAt: now,
					Customer: notify.Recipient{ID: "c1"}, Items: []store.Item{{SKU: "s", Quantity: 1, Reason: store.ReasonTooLarge}}})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := rs.MarkReceived(ctx, id); err != nil {
					b.Fatal(err)
				}
				if _, err := rs.Inspect(ctx, id, map[string]store.Outcome{"s": store.OutcomeRefund}); err != nil {
					b.Fatal(err)
				}
				if _, err := rs.Settle(ctx, id, returns.Settlement{Refund: 100}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "returns/s")
		})
	}
}
