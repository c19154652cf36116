package tracking_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/memstore"
)

// One 429 asking for a century (a carrier's bug) leaves the carrier alone
// for Poll.RateLimitedMax at most: no postponement beyond it is stored, and
// the carrier is polled again once it is over, so its shipments do not go
// "lost" for want of polls.
func TestAbsurdRetryAfterIsBounded(t *testing.T) {
	st := memstore.New()
	e := newEnv(t, func(c *tracking.Config) { c.Store = st })
	limited := true
	e.ups.answer = func(n string) (*carrier.Update, error) {
		if limited {
			limited = false
			return nil, &carrier.RateLimitError{Carrier: "ups", RetryAfter: 100 * 365 * 24 * time.Hour}
		}
		return &carrier.Update{Carrier: "ups", TrackingNumber: n, Scans: []milestone.Scan{at(e.clk.Now(), "in_transit "+n)}}, nil
	}
	for i := range 3 {
		e.track(t, fmt.Sprint("s", i), fmt.Sprint("T", i))
	}
	_ = e.svc.Tick(context.Background())
	expect(t, "calls", "1", fmt.Sprint(e.ups.count()))
	limit := e.clk.Now().Add(time.Hour)
	for i := range 3 {
		sh, err := st.GetShipment(context.Background(), fmt.Sprint("s", i))
		if err != nil {
			t.Fatal(err)
		}
		if sh.DueAt.After(limit) {
			t.Errorf("shipment s%d postponed to %s, beyond an hour", i, sh.DueAt)
		}
	}
	for range 7 {
		e.clk.add(10 * time.Minute)
		_ = e.svc.Tick(context.Background())
	}
	expect(t, "calls after the bounded pause", "4", fmt.Sprint(e.ups.count()))
	for range 21 * 24 {
		e.clk.add(time.Hour)
		_ = e.svc.Tick(context.Background())
	}
	for i := range 3 {
		if st := e.status(t, fmt.Sprint("s", i)).State; st == tracking.StateLost {
			t.Errorf("s%d is lost although its carrier answers", i)
		}
	}
}

// Config.Poll.RateLimitedMax below RateLimited is refused.
func TestRateLimitedMaxIsValidated(t *testing.T) {
	_, err := tracking.New(tracking.Config{Notifier: &recorder{}, Poll: tracking.PollConfig{RateLimited: time.Hour, RateLimitedMax: time.Minute}})
	if err == nil {
		t.Fatal("RateLimitedMax below RateLimited must be refused")
	}
}
