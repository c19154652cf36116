package memstore_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking/memstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

// Write a state change with its message in one operation, lose a race with
// a stale version, then claim and acknowledge the message.
func Example() {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	s := memstore.New()
	if _, err := s.CreateShipment(ctx, &store.Shipment{ID: "s1", Carrier: "ups", TrackingNumber: "1Z1", State: "pending"}); err != nil {
		panic(err)
	}
	sh, _ := s.GetShipment(ctx, "s1")
	stale := *sh

	sh.State = "on_track"
	msg := store.OutboxMessage{Message: notify.Message{ID: "m1", Kind: notify.KindShipped, ShipmentID: "s1"}, NextAttemptAt: now}
	v, err := s.UpdateShipment(ctx, store.UpdateParams{Shipment: sh, Outbox: []store.OutboxMessage{msg}})
	fmt.Println("version", v, err)

	stale.State = "delayed"
	_, err = s.UpdateShipment(ctx, store.UpdateParams{Shipment: &stale})
	fmt.Println("stale write:", errors.Is(err, store.ErrConflict))

	claimed, _ := s.ClaimOutbox(ctx, store.ClaimOutboxParams{Now: now, Owner: "worker-1", Max: 10, LeaseFor: time.Minute})
	for _, m := range claimed {
		fmt.Println("send", m.Message.ID, m.Message.Kind)
		_ = s.AckOutbox(ctx, m.Message.ID, now)
	}
	again, _ := s.ClaimOutbox(ctx, store.ClaimOutboxParams{Now: now.Add(time.Hour), Owner: "worker-2", Max: 10, LeaseFor: time.Minute})
	fmt.Println("left to send:", len(again))
	// Output:
	// version 2 <nil>
	// stale write: true
	// send m1 shipped
	// left to send: 0
}

// Page through the shipments that need attention, newest change first,
// and read the event stream from a saved cursor.
func ExampleStore_ListShipments() {
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	s := memstore.New()
	for i, state := range []string{"at_risk", "on_track", "delayed", "at_risk"} {
		id := fmt.Sprintf("s%d", i+1)
		_, _ = s.CreateShipment(ctx, &store.Shipment{ID: id, Carrier: "ups", TrackingNumber: "1Z" + id, State: state,
			CreatedAt: t0, UpdatedAt: t0.Add(time.Duration(i) * time.Hour)})
		sh, _ := s.GetShipment(ctx, id)
		_, _ = s.UpdateShipment(ctx, store.UpdateParams{Shipment: sh,
			Events: []store.Event{{ID: id + "/registered", Type: "state_changed", ShipmentID: id, At: sh.UpdatedAt}}})
	}

	p := store.ListParams{NeedsAttention: true, AttentionStates: []string{"at_risk", "delayed"}, Limit: 2}
	for page := 1; ; page++ {
		shs, _ := s.ListShipments(ctx, p)
		for _, sh := range shs {
			fmt.Println("page", page, sh.ID, sh.State)
		}
		if len(shs) < p.Limit {
			break
		}
		last := shs[len(shs)-1]
		p.AfterUpdatedAt, p.AfterID = last.UpdatedAt, last.ID
	}

	_ = s.SaveCursor(ctx, "erp", 2)
	from, _ := s.LoadCursor(ctx, "erp")
	evs, _ := s.ListEvents(ctx, from, 10)
	for _, e := range evs {
		fmt.Println("event", e.Seq, e.ID)
	}
	// Output:
	// page 1 s4 at_risk
	// page 1 s3 delayed
	// page 2 s1 at_risk
	// event 3 s3/registered
	// event 4 s4/registered
}
