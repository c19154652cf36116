package tracking_test

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
	"github.com/wismo-dev/wismo/tracking/memstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

// Several replicas share one store and tick at the same time: every
// message goes out exactly once and every shipment ends as a single replica
// would leave it.
func TestReplicasShareAStore(t *testing.T) {
	t.Parallel()
	const shipments, replicas = 20, 3
	run := func(n int) (map[string]string, map[string]int) {
		ctx := context.Background()
		created := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		clk := sim.NewClock(created)
		c, err := sim.New(sim.Config{Now: clk.Now, MaxBatch: 7})
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		sent := map[string]int{}
		notifier := notify.NotifierFunc(func(_ context.Context, m notify.Message) error {
			mu.Lock()
			defer mu.Unlock()
			sent[m.ID]++
			return nil
		})
		st := memstore.New()
		var svcs []*tracking.Service
		for i := range n {
			svc, err := tracking.New(tracking.Config{Store: st, Carriers: carrier.NewRegistry(c), Notifier: notifier, Now: clk.Now,
				Owner: fmt.Sprint("replica-", i), BatchSize: 5})
			if err != nil {
				t.Fatal(err)
			}
			svcs = append(svcs, svc)
		}
		for i, sc := range sim.Mix(shipments, 3) {
			num := sim.Number(i)
			if err := c.Ship(num, sc, created); err != nil {
				t.Fatal(err)
			}
			if err := svcs[i%n].Track(ctx, tracking.Shipment{ID: fmt.Sprint("s", i), Carrier: sim.DefaultID, TrackingNumber: num, PromisedBy: sc.PromisedBy(created)}); err != nil {
				t.Fatal(err)
			}
		}
		for range 8 * 24 {
			var wg sync.WaitGroup
			for _, svc := range svcs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_ = svc.Tick(ctx)
				}()
			}
			wg.Wait()
			clk.Advance(time.Hour)
		}
		states := map[string]string{}
		for i := range shipments {
			v, err := svcs[0].Status(ctx, fmt.Sprint("s", i))
			if err != nil {
				t.Fatal(err)
			}
			states[v.ID] = fmt.Sprintf("%s/%s", v.State, v.Reason)
		}
		return states, sent
	}
	one, sentOne := run(1)
	many, sentMany := run(replicas)
	for id, st := range one {
		if many[id] != st {
			t.Errorf("%s: %s with %d replicas, %s with one", id, many[id], replicas, st)
		}
	}
	for id, n := range sentMany {
		if n != 1 {
			t.Errorf("message %s sent %d times by racing replicas", id, n)
		}
	}
	if len(sentMany) != len(sentOne) {
		t.Errorf("%d messages with %d replicas, %d with one", len(sentMany), replicas, len(sentOne))
	}
}

// A replica that claimed messages and crashed before sending them leaves
// them leased; once the lease ends another replica sends them, once.
func TestCrashedSendersMessagesAreSentAfterTheLease(t *testing.T) {
	st := memstore.New()
	e := newEnv(t, func(c *tracking.Config) { c.Store = st })
	e.track(t, "s1", "T1")
	e.clk.set(e.clk.at(12, 0))
	claimedBy := func() int {
		ms, err := st.ClaimOutbox(context.Background(), store.ClaimOutboxParams{Now: e.clk.Now().Add(time.Second), Owner: "crashed", Max: 10, LeaseFor: 5 * time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		return len(ms)
	}
	sh, err := st.GetShipment(context.Background(), "s1")
	if err != nil {
		t.Fatal(err)
	}
	msg := store.OutboxMessage{Message: notify.Message{ID: "m-crash", Kind: notify.KindShipped, Audience: notify.Customer, ShipmentID: "s1", CreatedAt: e.clk.Now()}, NextAttemptAt: e.clk.Now()}
	if _, err := st.UpdateShipment(context.Background(), store.UpdateParams{Shipment: sh, Outbox: []store.OutboxMessage{msg}}); err != nil {
		t.Fatal(err)
	}
	if n := claimedBy(); n != 1 {
		t.Fatalf("the crashed replica should have claimed 1 message, got %d", n)
	}
	e.clk.add(time.Minute)
	_ = e.svc.Tick(context.Background())
	expect(t, "while leased", "[]", e.out.kinds())
	e.clk.add(5 * time.Minute)
	_ = e.svc.Tick(context.Background())
	_ = e.svc.Tick(context.Background())
	expect(t, "after the lease", "[c:shipped]", e.out.kinds())
}
