package tracking_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/tracking"
)

// Every sim scenario, polled by Tick every 15 minutes for three weeks with
// the built-in classifier, ends in the state its journey implies and tells
// the customer what SPEC.md sections 4 and 6 promise.
func TestSimScenariosEndToEnd(t *testing.T) {
	for _, sc := range sim.Scenarios() {
		t.Run(sc.Name, func(t *testing.T) {
			ctx := context.Background()
			created := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			clk := sim.NewClock(created)
			c, err := sim.New(sim.Config{ID: "ups", Now: clk.Now})
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Ship("1Z1", sc, created); err != nil {
				t.Fatal(err)
			}
			out := &notifytest.Recorder{}
			svc, err := tracking.New(tracking.Config{Carriers: carrier.NewRegistry(c), Notifier: out, Now: clk.Now})
			if err != nil {
				t.Fatal(err)
			}
			err = svc.Track(ctx, tracking.Shipment{ID: "s1", Carrier: "ups", TrackingNumber: "1Z1", PromisedBy: sc.PromisedBy(created),
				Recipient: notify.Recipient{ID: "c1", Email: "ada@example.com"}})
			if err != nil {
				t.Fatal(err)
			}
			for range 21 * 24 * 4 {
				_ = svc.Tick(ctx)
				clk.Advance(15 * time.Minute)
			}
			v, err := svc.Status(ctx, "s1")
			if err != nil {
				t.Fatal(err)
			}
			var kinds []notify.Kind
			count := map[notify.Kind]int{}
			for _, m := range out.Messages() {
				kinds = append(kinds, m.Kind)
				count[m.Kind]++
			}
			t.Logf("%s: %s (%s), milestone %s, messages %v", sc.Name, v.State, v.Reason, v.Milestone, kinds)
			want := map[milestone.Milestone]tracking.State{
				milestone.Delivered:        tracking.StateDelivered,
				milestone.ReturnedToSender: tracking.StateReturned,
			}[sc.Final()]
			if sc.Name == "lost" {
				want = tracking.StateLost
			}
			if want != "" && v.State != want {
				t.Errorf("final state %s, want %s", v.State, want)
			}
			if count[notify.KindShipped] != 1 {
				t.Errorf("shipped must be told exactly once, got %d in %v", count[notify.KindShipped], kinds)
			}
			if sc.Final() == milestone.Delivered && (count[notify.KindDelivered] != 1 || count[notify.KindFeedbackRequest] != 1) {
				t.Errorf("a delivered parcel is told delivered once and asked for feedback once, got %v", kinds)
			}
			if v.State == tracking.StateDelivered && v.Late != (count[notify.KindDelayed] > 0) {
				t.Errorf("late %v but delayed messages %d", v.Late, count[notify.KindDelayed])
			}
			if s := fmt.Sprint(kinds); sc.Name == "on_time" && s != "[shipped out_for_delivery delivered feedback_request]" {
				t.Errorf("on-time journey told %s", s)
			}
		})
	}
}
