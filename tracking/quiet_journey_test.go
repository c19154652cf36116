package tracking_test

// Issue 18, item 4: the same apology twice with the same discount code,
// the second at midnight local time. Through the public API: tracking.New
// with the built-in Renderer, a DelayOffer, the shop's quiet hours,
// memstore, a fake clock and notifytest.Recorder.

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/memstore"
)

func TestJourneyOneOfferAndNoMessageAtMidnight(t *testing.T) {
	ctx := context.Background()
	r, err := notify.NewRenderer(notify.RendererConfig{Branding: notify.Branding{ShopName: "Kaffeehaus"}})
	if err != nil {
		t.Fatal(err)
	}
	asked := 0
	offer := notify.DelayOfferFunc(func(context.Context, notify.Message) (*notify.Offer, error) {
		asked++
		return &notify.Offer{Code: "SORRY10", Descriptions: map[string]string{"en": "10% off your next order"}}, nil
	})
	clk, out := &jClock{now: mar(2, 8, 0)}, &notifytest.Recorder{}
	svc, err := tracking.New(tracking.Config{
		Store: memstore.New(), Carriers: carrier.NewRegistry(jQuiet{}), Notifier: out, Now: clk.Now,
		Merchant: jMerchant, Renderer: r, DelayOffer: offer, QuietHours: notify.DefaultQuietHours,
	})
	if err != nil {
		t.Fatal(err)
	}
	// No Recipient.TimeZone: the shipment's zone, Berlin, is the recipient's.
	if err := svc.Track(ctx, tracking.Shipment{
		ID: "s1", OrderID: "1007", Carrier: "ups", TrackingNumber: "1Zs1",
		Recipient:  notify.Recipient{ID: "c1", Name: "Ada", Email: "ada@example.com", Locale: "en"},
		PromisedBy: jPromise, TimeZone: jBerlin,
	}); err != nil {
		t.Fatal(err)
	}
	step := func(at, eta time.Time, desc string) []notify.Message {
		t.Helper()
		before := len(out.Messages())
		clk.set(at)
		if err := svc.Ingest(ctx, &carrier.Update{Carrier: "ups", TrackingNumber: "1Zs1", Scans: jScans(at, desc), EstimatedDelivery: eta}); err != nil {
			t.Fatal(err)
		}
		return out.Messages()[before:]
	}
	hasOffer := func(m notify.Message) bool { return strings.Contains(m.Text+m.HTML, "SORRY10") }

	// Monday morning: picked up, and the carrier already says Thursday,
	// after Wednesday's promise: the first delay, with the apology.
	first := find(t, step(mar(2, 10, 30), mar(5, 18, 0), jPickup), notify.KindDelayed)
	if !hasOffer(first) {
		t.Fatalf("the first delay must carry the offer:\n%s", first.Text)
	}

	// Wednesday, midnight in Berlin: the carrier moves the estimate to
	// Friday. The second delay is due now, but waits for 08:00.
	if sent := step(mar(4, 0, 0), mar(6, 18, 0), jDeparted); len(sent) != 0 {
		t.Fatalf("sent %s at midnight in the recipient's zone, want nothing until 08:00", jKinds(sent))
	}
	clk.set(mar(4, 7, 59))
	if err := svc.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(out.Messages()); n != 2 {
		t.Fatalf("sent %s before the quiet hours ended", jKinds(out.Messages()))
	}
	clk.set(mar(4, 8, 0))
	if err := svc.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	second := find(t, out.Messages()[2:], notify.KindDelayed)
	if hasOffer(second) || strings.Contains(second.Text, "apology from us") {
		t.Errorf("the second delay repeats the offer:\n%s", second.Text)
	}
	if !strings.Contains(second.Text, "Friday, 6 March") {
		t.Errorf("the second delay must give the new date:\n%s", second.Text)
	}

	// An exception the same afternoon: still no second offer.
	exc := find(t, step(mar(4, 15, 0), mar(6, 18, 0), jWeather), notify.KindException)
	if hasOffer(exc) {
		t.Errorf("the exception repeats the offer:\n%s", exc.Text)
	}
	offers := 0
	for _, m := range out.Messages() {
		if hasOffer(m) {
			offers++
		}
	}
	if offers != 1 || asked != 1 {
		t.Errorf("the shipment got %d offers (DelayOffer asked %d times), want 1", offers, asked)
	}
}

func jScans(at time.Time, desc string) []milestone.Scan {
	return []milestone.Scan{jScan(at.Add(-30*time.Minute), desc)}
}
