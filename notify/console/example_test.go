package console_test

import (
	"context"
	"os"
	"time"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/console"
)

func Example() {
	n := console.New(os.Stdout, console.WithETA())
	err := n.Notify(context.Background(), notify.Message{
		ID:         notify.MessageID("s1", "delayed", "1"),
		Kind:       notify.KindDelayed,
		Audience:   notify.Customer,
		ShipmentID: "s1",
		Recipient:  notify.Recipient{Name: "Ada", Email: "ada@example.com"},
		ETA:        time.Date(2026, 3, 5, 18, 0, 0, 0, time.UTC),
		Subject:    "Your parcel is running late",
		Text:       "Hello Ada,\nyour parcel now arrives on Thursday.",
	})
	if err != nil {
		panic(err)
	}
	// Output:
	// ── customer · delayed · shipment s1 ──
	// To: Ada
	// ETA: 2026-03-05T18:00:00Z
	// Subject: Your parcel is running late
	//
	// Hello Ada,
	// your parcel now arrives on Thursday.
}
