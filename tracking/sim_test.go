package tracking_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
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
// the customer what the relevance policy and the delay rules promise.
func TestSimScenariosEndToEnd(t *testing.T) {
	for _, sc := range sim.Scenarios() {
		t.Run(sc.Name, func(t *testing.T) {
			ctx := context.Background()
			created := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			clk := sim.NewClock(created)
			c, err := sim.New(sim.Config{Now: clk.Now})
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
			err = svc.Track(ctx, tracking.Shipment{ID: "s1", Carrier: sim.DefaultID, TrackingNumber: "1Z1", PromisedBy: sc.PromisedBy(created),
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

// A shipment fed by the sim's signed webhooks is told everything through the
// handler and polled only as a safety net; a tampered delivery is refused.
func TestSimWebhookFed(t *testing.T) {
	ctx := context.Background()
	created := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clk := sim.NewClock(created)
	c, err := sim.New(sim.Config{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	sc := sim.FailedAttempt()
	if err := c.Ship("1Z1", sc, created); err != nil {
		t.Fatal(err)
	}
	out := &notifytest.Recorder{}
	svc, err := tracking.New(tracking.Config{Carriers: carrier.NewRegistry(c), Notifier: out, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	err = svc.Track(ctx, tracking.Shipment{ID: "s1", Carrier: sim.DefaultID, TrackingNumber: "1Z1", PromisedBy: sc.PromisedBy(created), WebhookFed: true})
	if err != nil {
		t.Fatal(err)
	}
	h := svc.WebhookHandler(sim.DefaultID)
	tampered := false
	for range 10 * 24 * 2 {
		clk.Advance(30 * time.Minute)
		w, err := c.NextWebhook("1Z1")
		if err != nil {
			t.Fatal(err)
		}
		if w.Scans > 0 {
			if !tampered {
				tampered = true
				bad := httptest.NewRequest(http.MethodPost, "/hooks/sim", strings.NewReader(strings.Replace(string(w.Body), "1Z1", "1Z2", 1)))
				bad.Header = w.Header.Clone()
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, bad)
				if rec.Code != http.StatusUnauthorized {
					t.Fatalf("a tampered webhook must get 401, got %d", rec.Code)
				}
			}
			req, err := w.Request(ctx, "/hooks/sim")
			if err != nil {
				t.Fatal(err)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("webhook: status %d: %s", rec.Code, rec.Body)
			}
		}
		_ = svc.Tick(ctx)
	}
	v, _ := svc.Status(ctx, "s1")
	expect(t, "state", "delivered", string(v.State))
	expect(t, "messages", "[shipped out_for_delivery delivery_attempted out_for_delivery delivered feedback_request]", fmt.Sprint(out.Kinds()))
	if st := c.Stats(); st.Tracks+st.Batches > 4 {
		t.Errorf("a webhook-fed shipment must be polled only as a safety net, got %d polls", st.Tracks+st.Batches)
	}
}
