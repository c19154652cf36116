// Command returns runs one customer return end to end with no setup: the
// customer sends back one of the two items of an order, the simulated
// carrier issues the label and carries the parcel back, the tracking
// Service follows it, the returns Service moves the return along, the
// warehouse inspects the item and the refund is issued. Every message the
// customer gets is printed.
//
//	go run ./examples/returns
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/console"
	"github.com/wismo-dev/wismo/returns"
	"github.com/wismo-dev/wismo/returns/memstore"
	"github.com/wismo-dev/wismo/tracking"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run plays the journey on a simulated clock and writes it to w.
func run(ctx context.Context, w io.Writer) error {
	shipped := time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC) // a Monday
	clk := sim.NewClock(shipped)
	carr, err := sim.New(sim.Config{ID: "sim", Now: clk.Now})
	if err != nil {
		return err
	}
	renderer, err := notify.NewRenderer(notify.RendererConfig{Branding: notify.Branding{
		ShopName: "Acme Outfitters", SupportEmail: "help@acme.example"}})
	if err != nil {
		return err
	}
	customerMessages := console.New(w)

	// Tracking renders through its own notifier; its messages about return
	// parcels are dropped, as the returns Service speaks for them.
	trk, err := tracking.New(tracking.Config{
		Carriers: carrier.NewRegistry(carr),
		Notifier: returns.WithoutParcelMessages(customerMessages),
		Renderer: renderer,
		Now:      clk.Now,
	})
	if err != nil {
		return err
	}
	// The returns are kept in memory (the default, written out here);
	// returns/returnsql keeps them in PostgreSQL or SQLite.
	rs, err := returns.New(returns.Config{
		Store:     memstore.New(),
		Tracking:  trk,
		Carriers:  carrier.NewRegistry(carr),
		Warehouse: carrier.Address{Company: "Acme Outfitters Returns", Line1: "Lagerstraße 1", PostalCode: "34117", City: "Kassel", Country: "DE"},
		Notifier:  customerMessages,
		Renderer:  renderer,
		Policy: returns.Policy{
			WindowDays:  30,
			AutoApprove: returns.AutoApprove{Reasons: []returns.Reason{returns.ReasonTooSmall, returns.ReasonTooLarge}, MaxValue: 10000},
		},
		Now: clk.Now,
	})
	if err != nil {
		return err
	}

	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return err
	}
	at := func(t time.Time) string { return t.In(berlin).Format("Mon 2 Jan 15:04 MST") }

	// The order: a shirt and a mug, shipped and delivered.
	ada := notify.Recipient{ID: "c-17", Name: "Ada Lovelace", Email: "ada@example.com", TimeZone: "Europe/Berlin"}
	if err := carr.Ship("SIM000000001", sim.OnTime(), shipped); err != nil {
		return err
	}
	if err := trk.Track(ctx, tracking.Shipment{ID: "ship-1001", OrderID: "1001", Carrier: "sim",
		TrackingNumber: "SIM000000001", Recipient: ada}); err != nil {
		return err
	}
	if err := tick(ctx, clk, trk, rs, 30*time.Minute, 5*24*time.Hour, func() bool {
		v, err := trk.Status(ctx, "ship-1001")
		return err == nil && !v.DeliveredAt.IsZero()
	}); err != nil {
		return err
	}
	v, err := trk.Status(ctx, "ship-1001")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n>> order 1001 delivered %s\n", at(v.DeliveredAt))

	// Two days later Ada sends the shirt back; she keeps the mug.
	clk.Advance(48 * time.Hour)
	r, d, err := rs.Request(ctx, returns.Return{
		ID: "ret-1001-1", OrderID: "1001", ShipmentID: "ship-1001", Customer: ada, Currency: "EUR",
		From: carrier.Address{Name: "Ada Lovelace", Line1: "Hauptstraße 5", PostalCode: "10115", City: "Berlin", Country: "DE"},
		Items: []returns.Item{{SKU: "SHIRT-M-BLUE", Name: "Linen shirt, blue, M", Category: "apparel",
			Quantity: 1, UnitPrice: 4990, Reason: returns.ReasonTooSmall, Note: "fits tight on the shoulders"}},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n>> return %s: %s (auto-approved %v, fee %s, window ends %s)\n", r.ID, r.State, d.AutoApprove,
		returns.FormatMoney(d.Fee, r.Currency, ada.Locale),
		at(d.Deadline))

	if r, err = rs.IssueLabel(ctx, r.ID); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n>> return %s: %s, parcel %s %s\n", r.ID, r.State, r.Label.Carrier, r.Label.TrackingNumber)

	// The carrier carries the parcel back; tracking polls it, Sync follows.
	state := r.State
	if err := tick(ctx, clk, trk, rs, time.Hour, 10*24*time.Hour, func() bool {
		cur, err := rs.Get(ctx, r.ID)
		if err == nil && cur.State != state {
			state = cur.State
			fmt.Fprintf(w, "\n>> return %s: %s at %s\n", cur.ID, cur.State, at(clk.Now()))
		}
		return state == returns.StateReceived
	}); err != nil {
		return err
	}

	// The warehouse inspects the shirt and the shop refunds it.
	clk.Advance(20 * time.Hour)
	if r, err = rs.Inspect(ctx, r.ID, map[string]returns.Outcome{"SHIRT-M-BLUE": returns.OutcomeRefund}); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n>> return %s: %s\n", r.ID, r.State)
	clk.Advance(2 * time.Hour)
	if r, err = rs.Settle(ctx, r.ID, returns.Settlement{Refund: 4990}); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n>> return %s: %s at %s\n", r.ID, r.State, at(clk.Now()))
	return nil
}

// tick advances the clock by step, running the tracking Service's Tick and
// the returns Service's Sync, until done reports true or limit passed.
func tick(ctx context.Context, clk *sim.Clock, trk *tracking.Service, rs *returns.Service, step, limit time.Duration, done func() bool) error {
	for end := clk.Now().Add(limit); clk.Now().Before(end); clk.Advance(step) {
		if err := trk.Tick(ctx); err != nil {
			return err
		}
		if err := rs.Sync(ctx); err != nil {
			return err
		}
		if done() {
			return nil
		}
	}
	return fmt.Errorf("not done after %s", limit)
}
