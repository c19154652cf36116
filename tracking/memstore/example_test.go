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
