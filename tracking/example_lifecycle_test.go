package tracking_test

import (
	"context"
	"fmt"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/tracking"
)

// exampleService is a Service on memstore with a simulated carrier on a
// test clock, and two parcels of order 1042 shipped on a Monday.
func exampleService() (*tracking.Service, *sim.Clock, *notifytest.Recorder) {
	created := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	clk := sim.NewClock(created)
	parcels, err := sim.New(sim.Config{Now: clk.Now})
	if err != nil {
		panic(err)
	}
	out := &notifytest.Recorder{}
	svc, err := tracking.New(tracking.Config{Carriers: carrier.NewRegistry(parcels), Notifier: out, Now: clk.Now})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	for i, sc := range []sim.Scenario{sim.OnTime(), sim.Stalled()} {
		number := sim.Number(i + 1)
		if err := parcels.Ship(number, sc, created); err != nil {
			panic(err)
		}
		err := svc.Track(ctx, tracking.Shipment{ID: fmt.Sprint("s", i+1), OrderID: "1042", Carrier: sim.DefaultID,
			TrackingNumber: number, PromisedBy: created.Add(5 * 24 * time.Hour),
			Recipient: notify.Recipient{ID: "c7", Email: "ada@example.com"}})
		if err != nil {
			panic(err)
		}
	}
	return svc, clk, out
}

// The host's loop: hear what changed from the event stream, find the
// shipments that need attention, and see an order's parcels together.
func ExampleService_List() {
	ctx := context.Background()
	svc, clk, _ := exampleService()
	for range 3 * 24 * 6 { // three days, a Tick every 10 minutes
		_ = svc.Tick(ctx)
		clk.Advance(10 * time.Minute)
	}

	// Hear: read the stream with a cursor (Config.OnEvent has Run deliver it).
	events, _ := svc.Events(ctx, 0, 100)
	for _, e := range events {
		if e.Type == tracking.EventStateChanged {
			fmt.Println(e.ShipmentID, "is", e.State, "("+e.Reason+")")
		}
	}
	// Find: the shipments that need attention.
	page, _ := svc.List(ctx, tracking.Query{NeedsAttention: true})
	for _, v := range page.Shipments {
		fmt.Println("attention:", v.ID, v.State, v.Reason)
	}
	// See: the order.
	order, _ := svc.OrderStatus(ctx, "1042")
	fmt.Println(order, "-", order.State)
	// Output:
	// s1 is on_track ()
	// s2 is on_track ()
	// s1 is delivered (on_time)
	// s2 is at_risk (no_scans)
	// attention: s2 at_risk no_scans
	// 1 of 2 parcels delivered - at_risk
}

// Correct a promise that was wrong: the shipment is re-evaluated at once,
// and a promise already missed tells the customer (once).
func ExampleService_Update() {
	ctx := context.Background()
	svc, clk, out := exampleService()
	clk.Advance(8 * time.Hour)
	_ = svc.Tick(ctx)

	v, _ := svc.Status(ctx, "s1")
	promise := clk.Now().Add(-time.Hour)
	v, err := svc.Update(ctx, "s1", tracking.ShipmentChange{IfVersion: v.Version, PromisedBy: &promise, Reason: "promised yesterday's date"})
	fmt.Println(v.State, v.Reason, err)
	last, _ := out.Last()
	fmt.Println(last.Kind, "message about parcel", last.Parcel, "of", last.Parcels)

	// A change made on a stale read is refused.
	_, err = svc.Update(ctx, "s1", tracking.ShipmentChange{IfVersion: 1, PromisedBy: &promise})
	fmt.Println(err)
	// Output:
	// delayed promise_missed <nil>
	// delayed message about parcel 1 of 2
	// tracking: update s1: version 3, not 1: shipment changed since it was read
}

// Cancel a parcel that was replaced: its pending messages are withdrawn,
// it is polled no more, and the order counts the parcels left.
func ExampleService_Cancel() {
	ctx := context.Background()
	svc, _, _ := exampleService()
	v, err := svc.Cancel(ctx, "s2", "parcel replaced")
	fmt.Println(v.State, v.CancelReason, err)
	order, _ := svc.OrderStatus(ctx, "1042")
	fmt.Println(order)
	later := svc.Now().Add(48 * time.Hour)
	_, err = svc.Update(ctx, "s2", tracking.ShipmentChange{PromisedBy: &later})
	fmt.Println(err)
	// Output:
	// cancelled parcel replaced <nil>
	// 0 of 1 parcel delivered
	// tracking: update s2: shipment is cancelled or finished (cancelled)
}
