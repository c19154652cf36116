package returns_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/returns"
)

func journeyReturn(id string, items int) returns.Return {
	r := returns.Return{ID: id, OrderID: "o1", Method: returns.MethodInStore,
		Customer: notify.Recipient{ID: "c1", Name: "Ada", Email: "ada@example.com", TimeZone: "Europe/Berlin"}}
	for i := range items {
		r.Items = append(r.Items, returns.Item{SKU: fmt.Sprint("sku-", i), Quantity: 1, UnitPrice: 1990, Reason: returns.ReasonTooSmall,
			Category: "apparel"})
	}
	return r
}

// BenchmarkNext runs the pure state machine through a whole journey
// (open, approve, receive, inspect, settle) per op.
func BenchmarkNext(b *testing.B) {
	now := time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)
	base := journeyReturn("r1", 2)
	b.ReportAllocs()
	for b.Loop() {
		r, _, err := returns.Open(base, now)
		if err != nil {
			b.Fatal(err)
		}
		for _, ev := range []returns.Event{returns.EventApprove, returns.EventReceive, returns.EventInspect, returns.EventSettle} {
			if ev == returns.EventInspect {
				r.Items[0].Outcome, r.Items[1].Outcome = returns.OutcomeRefund, returns.OutcomeExchange
			}
			if r, _, err = returns.Next(r, ev, now); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/5, "ns/step")
}

// BenchmarkPolicyCheck checks a 10-item request against a policy with every
// rule set.
func BenchmarkPolicyCheck(b *testing.B) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		b.Fatal(err)
	}
	p := returns.Policy{
		WindowDays: 30, TimeZone: berlin,
		NonReturnableSKUs: []string{"gift-card", "voucher"}, NonReturnableCategories: []string{"hygiene", "food"},
		PhotoRequired: []returns.Reason{returns.ReasonDamaged}, InspectionRequired: []returns.Reason{returns.ReasonNotAsDescribed},
		ReasonFees:  map[returns.Reason]int64{returns.ReasonChangedMind: 395},
		AutoApprove: returns.AutoApprove{Reasons: []returns.Reason{returns.ReasonTooSmall}, MaxValue: 50000},
	}
	r := journeyReturn("r1", 10)
	delivered := time.Date(2026, 3, 10, 18, 0, 0, 0, berlin)
	now := delivered.Add(72 * time.Hour)
	b.ReportAllocs()
	for b.Loop() {
		if d := p.Check(r, delivered, now); !d.AutoApprove {
			b.Fatal("want auto-approval")
		}
	}
}

// BenchmarkServiceJourney runs an in-store return from request to refund
// through the Service with the memory store, a message at each step.
func BenchmarkServiceJourney(b *testing.B) {
	ctx := context.Background()
	now := time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)
	sent := 0
	rs, err := returns.New(returns.Config{
		Notifier: notify.NotifierFunc(func(context.Context, notify.Message) error { sent++; return nil }),
		Now:      func() time.Time { return now },
		Policy:   returns.Policy{AutoApprove: returns.AutoApprove{Reasons: []returns.Reason{returns.ReasonTooSmall}}},
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		r := journeyReturn(fmt.Sprint("r", i), 2)
		r.DeliveredAt = now.Add(-time.Hour)
		if _, _, err := rs.Request(ctx, r); err != nil {
			b.Fatal(err)
		}
		if _, err := rs.MarkReceived(ctx, r.ID); err != nil {
			b.Fatal(err)
		}
		if _, err := rs.Inspect(ctx, r.ID, map[string]returns.Outcome{"sku-0": returns.OutcomeRefund, "sku-1": returns.OutcomeRefund}); err != nil {
			b.Fatal(err)
		}
		if _, err := rs.Settle(ctx, r.ID, returns.Settlement{Refund: 3980}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "returns/s")
	b.ReportMetric(float64(sent)/float64(b.N), "msgs/op")
}
