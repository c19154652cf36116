package tracking_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/memstore"
)

// Follow a simulated parcel whose carrier revises its estimate beyond the
// promise: the service polls it, tells the customer, and ends delivered.
func Example() {
	ctx := context.Background()
	created := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) // a Monday
	clk := sim.NewClock(created)
	parcels, err := sim.New(sim.Config{Now: clk.Now}) // carrier id "sim"
	if err != nil {
		panic(err)
	}
	scenario := sim.LateEstimate()
	if err := parcels.Ship("1Z0000000000000001", scenario, created); err != nil {
		panic(err)
	}

	out := &notifytest.Recorder{}
	svc, err := tracking.New(tracking.Config{
		Store:    memstore.New(),
		Carriers: carrier.NewRegistry(parcels),
		Notifier: out,
		Now:      clk.Now,
	})
	if err != nil {
		panic(err)
	}
	err = svc.Track(ctx, tracking.Shipment{
		ID: "s1", OrderID: "o1", Carrier: sim.DefaultID, TrackingNumber: "1Z0000000000000001",
		Recipient:  notify.Recipient{ID: "c1", Name: "Ada", Email: "ada@example.com"},
		PromisedBy: scenario.PromisedBy(created),
	})
	if err != nil {
		panic(err)
	}
	for range 12 * 24 * 2 { // twelve days, a Tick every 30 minutes
		_ = svc.Tick(ctx) // poll failures are retried on later Ticks
		clk.Advance(30 * time.Minute)
	}
	for _, m := range out.Messages() {
		fmt.Println(m.CreatedAt.Format("Mon 15:04"), m.Audience, strings.TrimSpace(string(m.Kind)+" "+m.Reason))
	}
	v, err := svc.Status(ctx, "s1")
	if err != nil {
		panic(err)
	}
	fmt.Println("state:", v.State, v.Reason, "late:", v.Late)
	// Output:
	// Mon 19:00 customer shipped
	// Tue 15:00 customer delayed carrier_eta
	// Fri 00:00 customer delayed promise_missed
	// Mon 09:00 customer out_for_delivery
	// Mon 13:00 customer delivered
	// Thu 13:00 customer feedback_request
	// state: delivered late late: true
}

// Push updates, as a webhook or a manual feed does; repeated and reordered
// scans are recognised.
func ExampleService_Ingest() {
	ctx := context.Background()
	out := &notifytest.Recorder{}
	now := time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC)
	svc, err := tracking.New(tracking.Config{
		Carriers: carrier.NewRegistry(noPolls{}),
		Notifier: out,
		Now:      func() time.Time { return now },
	})
	if err != nil {
		panic(err)
	}
	if err := svc.Track(ctx, tracking.Shipment{ID: "s1", Carrier: "ups", TrackingNumber: "1Z1"}); err != nil {
		panic(err)
	}
	at := func(h int, text string) milestone.Scan {
		return milestone.Scan{Time: time.Date(2026, 3, 2, h, 0, 0, 0, time.UTC), Description: text}
	}
	for _, scans := range [][]milestone.Scan{
		{at(9, "Picked up")},
		{at(17, "Out for delivery"), at(9, "Picked up")}, // a repeat and a new scan
		{at(17, "Out for delivery")},
	} {
		if err := svc.Ingest(ctx, &carrier.Update{Carrier: "ups", TrackingNumber: "1Z1", Scans: scans}); err != nil {
			panic(err)
		}
	}
	fmt.Println(out.Kinds())
	v, _ := svc.Status(ctx, "s1")
	fmt.Println(v.State, v.Milestone, len(v.Timeline), "scans")
	// Output:
	// [shipped out_for_delivery]
	// on_track out_for_delivery 2 scans
}

// noPolls is a carrier for shipments fed by Ingest only.
type noPolls struct{}

func (noPolls) ID() string { return "ups" }
func (noPolls) Track(context.Context, string) (*carrier.Update, error) {
	return nil, carrier.ErrNotFound
}
