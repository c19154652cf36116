package tracking_test

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
)

// A carrier that pushes: the first Tick subscribes the shipment, the
// carrier's webhooks tell the journey, polls are only the safety net, and
// the delivery unsubscribes it (the four polls are the safety net's at the
// local facility and out for delivery, see "Push first" in the package
// documentation). The sim pushes into the Service's
// WebhookHandler whenever Push finds a webhook due.
func Example_push() {
	ctx := context.Background()
	created := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // a Monday
	clk := sim.NewClock(created)
	var webhooks http.Handler
	c, err := sim.New(sim.Config{Now: clk.Now, Push: sim.PushConfig{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { webhooks.ServeHTTP(w, r) }),
	}})
	if err != nil {
		panic(err)
	}
	if err := c.Ship("SIM0000000001", sim.OnTime(), created); err != nil {
		panic(err)
	}
	svc, err := tracking.New(tracking.Config{
		Carriers: carrier.NewRegistry(c), Now: clk.Now,
		Notifier: notify.NotifierFunc(func(_ context.Context, m notify.Message) error {
			fmt.Printf("%s  %s\n", m.CreatedAt.Format("Mon 15:04"), m.Kind)
			return nil
		}),
	})
	if err != nil {
		panic(err)
	}
	webhooks = svc.WebhookHandler(sim.DefaultID)
	if err := svc.Track(ctx, tracking.Shipment{ID: "order-1001", Carrier: sim.DefaultID, TrackingNumber: "SIM0000000001"}); err != nil {
		panic(err)
	}
	if err := svc.Tick(ctx); err != nil {
		panic(err)
	}
	v, _ := svc.Status(ctx, "order-1001")
	fmt.Println("subscription:", v.Subscription.State, "- next safety-net poll:", v.NextPoll.Format("Mon 15:04"))

	for range 3 * 24 * 60 { // three days, minute by minute
		clk.Advance(time.Minute)
		if _, err := c.Push(ctx); err != nil {
			panic(err)
		}
		if clk.Now().Minute()%10 == 0 {
			_ = svc.Tick(ctx)
		}
	}
	v, _ = svc.Status(ctx, "order-1001")
	st := c.Stats()
	fmt.Println("state:", v.State, "- subscription:", v.Subscription.State)
	fmt.Printf("webhooks: %d, polls: %d, subscribe: %d, unsubscribe: %d\n", st.Pushes, st.Tracks+st.Batches, st.Subscribes, st.Unsubscribes)
	// Output:
	// subscription: active - next safety-net poll: Tue 09:00
	// Mon 14:12  shipped
	// Wed 07:14  out_for_delivery
	// Wed 13:12  delivered
	// state: delivered - subscription: ended
	// webhooks: 11, polls: 4, subscribe: 1, unsubscribe: 1
}
