package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/store"
)

// testSlowChannel runs the outbox of two Services sharing s with the
// defaults (5-minute lease, batches of 100): 100 messages are due, the first
// Service's channel takes 4 s (on the clock) per message and the second
// Service ticks during every one of those sends. Each message must go out
// once: a Service never sends a message whose lease it may have lost.
func testSlowChannel(t *testing.T, s store.Store) {
	clk := sim.NewClock(t0)
	var mu sync.Mutex
	sent := map[string]int{}
	record := func(m notify.Message) {
		mu.Lock()
		sent[m.ID]++
		mu.Unlock()
	}
	other := make(chan *tracking.Service, 1)
	slow := notify.NotifierFunc(func(ctx context.Context, m notify.Message) error {
		record(m)
		clk.Advance(4 * time.Second)
		b := <-other
		_ = b.Tick(ctx) // the other replica runs while this send is under way
		other <- b
		return nil
	})
	fast := notify.NotifierFunc(func(_ context.Context, m notify.Message) error {
		record(m)
		return nil
	})
	c, err := sim.New(sim.Config{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	newSvc := func(owner string, n notify.Notifier) *tracking.Service {
		svc, err := tracking.New(tracking.Config{Store: s, Carriers: carrier.NewRegistry(c), Notifier: n, Now: clk.Now, Owner: owner})
		if err != nil {
			t.Fatal(err)
		}
		return svc
	}
	a, b := newSvc("replica-a", slow), newSvc("replica-b", fast)
	other <- b
	if err := a.Track(ctx(), tracking.Shipment{ID: "s1", Carrier: sim.DefaultID, TrackingNumber: "T1"}); err != nil {
		t.Fatal(err)
	}
	sh, err := s.GetShipment(ctx(), "s1")
	if err != nil {
		t.Fatal(err)
	}
	sh.DueAt, sh.Active = time.Time{}, false // no polls in the way
	var backlog []store.OutboxMessage
	for i := range 100 {
		backlog = append(backlog, store.OutboxMessage{Status: store.OutboxPending, NextAttemptAt: clk.Now(), Message: notify.Message{
			ID: fmt.Sprintf("m%03d", i), Kind: notify.KindShipped, Audience: notify.Customer, ShipmentID: "s1", CreatedAt: clk.Now()}})
	}
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: sh, Outbox: backlog}); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := a.Tick(ctx()); err != nil {
			t.Fatal(err)
		}
		clk.Advance(10 * time.Minute)
	}
	if len(sent) != 100 {
		t.Fatalf("%d of 100 messages sent", len(sent))
	}
	for id, n := range sent {
		if n != 1 {
			t.Errorf("message %s sent %d times", id, n)
		}
	}
}
