package storetest

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/store"
)

// testSubscriptionThroughService follows one shipment of a sim that pushes
// through two Services sharing s: replica a subscribes it (and is pushed
// to), replica b, reading the same store, sees the subscription and, after
// the delivery, the unsubscription it needs no part in.
func testSubscriptionThroughService(t *testing.T, s store.Store) {
	clk := sim.NewClock(t0)
	var hook http.Handler
	c, err := sim.New(sim.Config{Now: clk.Now, Push: sim.PushConfig{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hook.ServeHTTP(w, r) })}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Ship("T1", sim.OnTime(), t0); err != nil {
		t.Fatal(err)
	}
	newSvc := func(owner string) *tracking.Service {
		svc, err := tracking.New(tracking.Config{Store: s, Carriers: carrier.NewRegistry(c), Now: clk.Now, Owner: owner,
			Notifier: notify.NotifierFunc(func(context.Context, notify.Message) error { return nil })})
		if err != nil {
			t.Fatal(err)
		}
		return svc
	}
	a, b := newSvc("replica-a"), newSvc("replica-b")
	hook = a.WebhookHandler(sim.DefaultID)
	if err := a.Track(ctx(), tracking.Shipment{ID: "s1", Carrier: sim.DefaultID, TrackingNumber: "T1"}); err != nil {
		t.Fatal(err)
	}
	if err := a.Tick(ctx()); err != nil {
		t.Fatal(err)
	}
	v, err := b.Status(ctx(), "s1")
	if err != nil {
		t.Fatal(err)
	}
	if v.Subscription.State != tracking.SubscriptionActive || v.Subscription.ID != "sub_T1" || !v.Subscription.Since.Equal(t0) {
		t.Fatalf("the other replica must read the subscription the first one made, got %+v", v.Subscription)
	}
	for range 5 * 24 * 60 {
		if _, err := c.Push(ctx()); err != nil {
			t.Fatal(err)
		}
		if clk.Now().Minute()%10 == 0 {
			_ = b.Tick(ctx())
		}
		clk.Advance(time.Minute)
	}
	v, err = a.Status(ctx(), "s1")
	if err != nil {
		t.Fatal(err)
	}
	if v.State != tracking.StateDelivered || v.Subscription.State != tracking.SubscriptionEnded || c.Subscribed("T1") {
		t.Errorf("delivery must unsubscribe and the store keep it: state %s, subscription %+v, still subscribed %v",
			v.State, v.Subscription, c.Subscribed("T1"))
	}
	if st := c.Stats(); st.Subscribes != 1 || st.Unsubscribes != 1 {
		t.Errorf("one Subscribe and one Unsubscribe for the two replicas, got %d and %d", st.Subscribes, st.Unsubscribes)
	}
}
