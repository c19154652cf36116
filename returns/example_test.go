package returns_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/returns"
	"github.com/wismo-dev/wismo/tracking"
)

// A return from request to refund: the policy approves it, the simulated
// carrier issues the label and carries the parcel back, the tracking
// Service follows the parcel and Sync moves the return along.
func Example() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC))
	carr, err := sim.New(sim.Config{Now: clk.Now})
	if err != nil {
		panic(err)
	}
	trk, err := tracking.New(tracking.Config{
		Carriers: carrier.NewRegistry(carr),
		Notifier: returns.WithoutParcelMessages(&notifytest.Recorder{}),
		Now:      clk.Now,
	})
	if err != nil {
		panic(err)
	}
	out := &notifytest.Recorder{}
	rs, err := returns.New(returns.Config{
		Tracking: trk, Carriers: carrier.NewRegistry(carr), LabelCarrier: "sim",
		Notifier: out, Now: clk.Now,
		Policy: returns.Policy{AutoApprove: returns.AutoApprove{Reasons: []returns.Reason{returns.ReasonTooLarge}}},
	})
	if err != nil {
		panic(err)
	}
	_, _, err = rs.Request(ctx, returns.Return{
		ID: "r1", OrderID: "o1", Customer: notify.Recipient{ID: "c1", Name: "Ada"},
		DeliveredAt: clk.Now().Add(-72 * time.Hour), // the host's own delivery record
		Items:       []returns.Item{{SKU: "boots-42", Quantity: 1, Reason: returns.ReasonTooLarge}},
	})
	if err != nil {
		panic(err)
	}
	if _, err := rs.IssueLabel(ctx, "r1"); err != nil {
		panic(err)
	}
	for r, _ := rs.Get(ctx, "r1"); r.State != returns.StateReceived; r, _ = rs.Get(ctx, "r1") {
		clk.Advance(time.Hour)
		_ = trk.Tick(ctx) // failed polls are retried on later Ticks
		if err := rs.Sync(ctx); err != nil {
			panic(err)
		}
	}
	if _, err := rs.Inspect(ctx, "r1", map[string]returns.Outcome{"boots-42": returns.OutcomeRefund}); err != nil {
		panic(err)
	}
	r, err := rs.Settle(ctx, "r1", returns.Settlement{Refund: 8900})
	if err != nil {
		panic(err)
	}
	for _, m := range out.Messages() {
		fmt.Println(m.CreatedAt.Format("Mon 15:04"), m.Kind)
	}
	fmt.Println("state:", r.State)
	// Output:
	// Mon 09:00 return_requested
	// Mon 09:00 return_approved
	// Mon 09:00 return_label
	// Tue 18:00 return_in_transit
	// Thu 12:00 return_received
	// Thu 12:00 refund_issued
	// state: refunded
}

// The state machine is a pure function: the caller sets the data an event
// needs, Next returns the new return and the messages to write, and refuses
// steps the table does not allow.
func ExampleNext() {
	now := time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)
	r, notices, err := returns.Open(returns.Return{
		ID: "r1", OrderID: "o1",
		Items: []returns.Item{{SKU: "mug", Quantity: 1, Reason: returns.ReasonDamaged}},
	}, now)
	if err != nil {
		panic(err)
	}
	fmt.Println(r.State, notices[0].Kind)

	r, notices, _ = returns.Next(r, returns.EventApprove, now)
	fmt.Println(r.State, notices[0].Kind)

	r, notices, _ = returns.Next(r, returns.EventApprove, now) // a retried step
	fmt.Println(r.State, len(notices), "notices")

	_, _, err = returns.Next(r, returns.EventSettle, now)
	var te *returns.TransitionError
	fmt.Println(errors.As(err, &te), te.From, te.Event, errors.Is(err, returns.ErrInvalidTransition))
	// Output:
	// requested return_requested
	// approved return_approved
	// approved 0 notices
	// true approved settle true
}

// The return window ends at the end of the day in the customer's zone.
func ExamplePolicy_Check() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	p := returns.Policy{
		WindowDays:        14,
		NonReturnableSKUs: []string{"gift-card"},
		PhotoRequired:     []returns.Reason{returns.ReasonDamaged},
	}
	r := returns.Return{
		ID: "r1", OrderID: "o1", Customer: notify.Recipient{TimeZone: "Europe/Berlin"},
		Items: []returns.Item{
			{SKU: "shirt", Quantity: 1, Reason: returns.ReasonTooSmall},
			{SKU: "gift-card", Quantity: 1, Reason: returns.ReasonChangedMind},
		},
	}
	delivered := time.Date(2026, 3, 10, 18, 0, 0, 0, berlin)
	d := p.Check(r, delivered, time.Date(2026, 3, 24, 23, 0, 0, 0, berlin))
	fmt.Println("window ends", d.Deadline.Format("2 Jan 15:04:05 MST"))
	fmt.Println(d.Eligible, d.Problems[0].SKU, d.Problems[0].Rule)

	r.Items = r.Items[:1] // a partial return without the gift card
	fmt.Println(p.Check(r, delivered, time.Date(2026, 3, 24, 23, 0, 0, 0, berlin)).Eligible)
	fmt.Println(p.Check(r, delivered, time.Date(2026, 3, 25, 0, 0, 0, 0, berlin)).Eligible)
	// Output:
	// window ends 24 Mar 23:59:59 CET
	// false gift-card non_returnable_sku
	// true
	// false
}
