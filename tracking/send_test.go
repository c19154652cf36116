package tracking_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/tracking"
)

func TestRendererAndDelayOffer(t *testing.T) {
	r, err := notify.NewRenderer(notify.RendererConfig{Branding: notify.Branding{ShopName: "Kaffeehaus"}})
	if err != nil {
		t.Fatal(err)
	}
	offers := 0
	e := newEnv(t, func(c *tracking.Config) {
		c.Renderer = r
		c.DelayOffer = notify.DelayOfferFunc(func(_ context.Context, m notify.Message) (*notify.Offer, error) {
			offers++
			if m.Kind != notify.KindDelayed {
				t.Errorf("offer asked for %s", m.Kind)
			}
			return &notify.Offer{Code: "SORRY10", Descriptions: map[string]string{"en": "10% off"}}, nil
		})
	})
	e.track(t, "s1", "T1")
	e.clk.set(e.clk.at(12, 0))
	e.ingest(t, time.Date(2026, 3, 6, 18, 0, 0, 0, berlin), at(mon.Add(time.Hour), "picked_up"))
	expect(t, "messages", "[c:shipped c:delayed]", e.out.kinds())
	for _, m := range e.out.sent {
		if m.Subject == "" || m.Text == "" || m.HTML == "" {
			t.Errorf("%s was not rendered: %+v", m.Kind, m)
		}
	}
	if d := e.out.last(); !strings.Contains(d.Text, "SORRY10") {
		t.Errorf("the delayed message must carry the host's offer, got %q", d.Text)
	}
	if offers != 1 {
		t.Errorf("the offer hook must be asked once, for the delayed message, got %d", offers)
	}
}

func TestDispatcherSendsAndRetries(t *testing.T) {
	rec := &notifytest.Recorder{}
	var e *env
	e = newEnv(t, func(c *tracking.Config) {
		d, err := notify.NewDispatcher(notify.DispatcherConfig{
			Channels: map[string]notify.Notifier{"email": rec}, Now: func() time.Time { return e.clk.Now() },
		})
		if err != nil {
			t.Fatal(err)
		}
		c.Notifier, c.Dispatcher = nil, d
	})
	e.track(t, "s1", "T1")
	rec.FailNext(2, nil)
	e.clk.set(e.clk.at(12, 0))
	e.ingest(t, time.Time{}, at(mon.Add(time.Hour), "picked_up"))
	for range 12 {
		e.clk.add(10 * time.Minute)
		if err := e.svc.Tick(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if k := rec.Kinds(); len(k) != 1 || k[0] != notify.KindShipped {
		t.Fatalf("after two temporary failures the dispatcher must deliver shipped once, got %v", k)
	}
	if rec.Calls() != 3 {
		t.Errorf("want 3 attempts, got %d", rec.Calls())
	}
	rec.FailPermanently(errors.New("no such mailbox"))
	e.ingest(t, time.Time{}, at(mon.Add(2*time.Hour), "delivered"))
	calls := rec.Calls()
	for range 12 {
		e.clk.add(time.Hour)
		_ = e.svc.Tick(context.Background())
	}
	if rec.Calls() != calls {
		t.Errorf("a permanently failing message must be dead-lettered, not retried: %d more calls", rec.Calls()-calls)
	}
}

func TestPreferencesOptOutAndLanguage(t *testing.T) {
	r, err := notify.NewRenderer(notify.RendererConfig{Branding: notify.Branding{ShopName: "Kaffeehaus"}})
	if err != nil {
		t.Fatal(err)
	}
	prefs := &notify.MemoryPreferences{}
	prefs.Set("cust-1", notify.Prefs{OptOut: []notify.Kind{notify.KindShipped}, Language: "de"})
	e := newEnv(t, func(c *tracking.Config) { c.Preferences, c.Renderer = prefs, r })
	e.track(t, "s1", "T1")
	e.clk.set(e.clk.at(12, 0))
	e.ingest(t, time.Time{}, at(mon.Add(time.Hour), "picked_up"))
	e.ingest(t, time.Time{}, at(mon.Add(3*time.Hour), "delivered"))
	expect(t, "messages", "[c:delivered]", e.out.kinds())
	if d := e.out.last(); !strings.Contains(d.Subject+d.Text, "zugestellt") {
		t.Errorf("Prefs.Language must pick German, got %q / %q", d.Subject, d.Text)
	}
	e.clk.add(48 * time.Hour)
	_ = e.svc.Tick(context.Background())
	expect(t, "an opted-out message is given up, not retried", "[c:delivered]", e.out.kinds())
}

func TestReturnParcelMessagesCarryTheReturnID(t *testing.T) {
	e := newEnv(t, nil)
	err := e.svc.Track(context.Background(), tracking.Shipment{
		ID: "parcel-of-r9", Carrier: "ups", TrackingNumber: "T1", Recipient: notify.Recipient{ID: "cust-1"}, ReturnID: "r9",
	})
	if err != nil {
		t.Fatal(err)
	}
	e.clk.set(e.clk.at(12, 0))
	e.ingest(t, time.Time{}, at(mon.Add(time.Hour), "picked_up"))
	e.ingest(t, time.Time{}, at(mon.Add(3*time.Hour), "delivered"))
	expect(t, "messages", "[c:shipped c:delivered]", e.out.kinds())
	for _, m := range e.out.sent {
		if m.ReturnID != "r9" {
			t.Errorf("%s about a return parcel must name its return (Shipment.ReturnID), got %q", m.Kind, m.ReturnID)
		}
	}
}
