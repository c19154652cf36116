package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/store"
)

// testSlowChannel runs the outbox of two Services sharing s with the
// defaults (5-minute lease, batches of 100): 100 messages are due, the first
// Service's channel takes 4 s (on the clock) per message and the second
// Service ticks during every one of those sends. Each message must go out
// once: a Service never sends a message whose lease it may have lost.
func testSlowChannel(t *testing.T, s store.Store) {
	clk := sim.NewClock(t0)
	var mu sync.Mutex
	sent := map[string]int{}
	record := func(m notify.Message) {
		mu.Lock()
		sent[m.ID]++
		mu.Unlock()
	}
	other := make(chan *tracking.Service, 1)
	slow := notify.NotifierFunc(func(ctx context.Context, m notify.Message) error {
		record(m)
		clk.Advance(4 * time.Second)
		b := <-other
		_ = b.Tick(ctx) // the other replica runs while this send is under way
		other <- b
		return nil
	})
	fast := notify.NotifierFunc(func(_ context.Context, m notify.Message) error {
		record(m)
		return nil
	})
	c, err := sim.New(sim.Config{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	newSvc := func(owner string, n notify.Notifier) *tracking.Service {
		svc, err := tracking.New(tracking.Config{Store: s, Carriers: carrier.NewRegistry(c), Notifier: n, Now: clk.Now, Owner: owner})
		if err != nil {
			t.Fatal(err)
		}
		return svc
	}
	a, b := newSvc("replica-a", slow), newSvc("replica-b", fast)
	other <- b
	if err := a.Track(ctx(), tracking.Shipment{ID: "s1", Carrier: sim.DefaultID, TrackingNumber: "T1"}); err != nil {
		t.Fatal(err)
	}
	sh, err := s.GetShipment(ctx(), "s1")
	if err != nil {
		t.Fatal(err)
	}
	sh.DueAt, sh.Active = time.Time{}, false // no polls in the way
	var backlog []store.OutboxMessage
	for i := range 100 {
		backlog = append(backlog, store.OutboxMessage{Status: store.OutboxPending, NextAttemptAt: clk.Now(), Message: notify.Message{
			ID: fmt.Sprintf("m%03d", i), Kind: notify.KindShipped, Audience: notify.Customer, ShipmentID: "s1", CreatedAt: clk.Now()}})
	}
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: sh, Outbox: backlog}); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := a.Tick(ctx()); err != nil {
			t.Fatal(err)
		}
		clk.Advance(10 * time.Minute)
	}
	if len(sent) != 100 {
		t.Fatalf("%d of 100 messages sent", len(sent))
	}
	for id, n := range sent {
		if n != 1 {
			t.Errorf("message %s sent %d times", id, n)
		}
	}
}

// testTrackAgain tracks a shipment through a Service on s, then the same
// shipment again (nil), then with each kind of other data: each must fail
// with ErrDuplicateShipment naming the field and how to change a shipment,
// and leave what is stored as it was.
func testTrackAgain(t *testing.T, s store.Store) {
	c, err := sim.New(sim.Config{Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := tracking.New(tracking.Config{Store: s, Carriers: carrier.NewRegistry(c), Notifier: notify.NotifierFunc(func(context.Context, notify.Message) error { return nil }), Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	base := func() tracking.Shipment {
		return tracking.Shipment{
			ID: "s1", OrderID: "o1", Carrier: sim.DefaultID, TrackingNumber: "T1",
			Recipient:  notify.Recipient{ID: "c1", Name: "Ada", Email: "ada@example.com", Phone: "+49 30 1", Locale: "de-DE", TimeZone: "Europe/Berlin"},
			PromisedBy: time.Date(2026, 3, 4, 23, 59, 59, 999999999, berlin), TimeZone: berlin,
			Service: "express", Origin: "DE", Destination: "AT",
			Metadata: map[string]string{"sku": "A-1", "odd": "nul\x00 bad\xff"},
			ReturnID: "r1",
		}
	}
	if err := svc.Track(ctx(), base()); err != nil {
		t.Fatal(err)
	}
	again := base()
	again.WebhookFed = true // not part of the data
	if err := svc.Track(ctx(), again); err != nil {
		t.Fatalf("tracking the same shipment again must be nil, got %v", err)
	}
	before, err := s.GetShipment(ctx(), "s1")
	if err != nil {
		t.Fatal(err)
	}
	for field, change := range map[string]func(*tracking.Shipment){
		"TrackingNumber":  func(sh *tracking.Shipment) { sh.TrackingNumber = "T2" },
		"OrderID":         func(sh *tracking.Shipment) { sh.OrderID = "o2" },
		"Recipient.Email": func(sh *tracking.Shipment) { sh.Recipient.Email = "ada@example.org" },
		"PromisedBy":      func(sh *tracking.Shipment) { sh.PromisedBy = sh.PromisedBy.AddDate(0, 0, 1) },
		"TimeZone":        func(sh *tracking.Shipment) { sh.TimeZone = nil },
		"Service":         func(sh *tracking.Shipment) { sh.Service = "" },
		"Metadata":        func(sh *tracking.Shipment) { sh.Metadata = nil },
		"ReturnID":        func(sh *tracking.Shipment) { sh.ReturnID = "" },
	} {
		sh := base()
		change(&sh)
		err := svc.Track(ctx(), sh)
		if !errors.Is(err, tracking.ErrDuplicateShipment) {
			t.Errorf("tracking s1 again with another %s: got %v, want ErrDuplicateShipment", field, err)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, field) || !strings.Contains(msg, "new ID") || strings.Count(msg, "tracking:") != 1 {
			t.Errorf("the error must name %s and say how to change a shipment, once prefixed: %q", field, msg)
		}
	}
	after, err := s.GetShipment(ctx(), "s1")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(after.Recipient, after.PromisedBy.UTC(), after.OrderID, after.Metadata, after.Version) != fmt.Sprint(before.Recipient, before.PromisedBy.UTC(), before.OrderID, before.Metadata, before.Version) {
		t.Errorf("a refused Track changed the stored shipment: %+v, was %+v", after, before)
	}
}
