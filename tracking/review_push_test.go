package tracking_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/tracking"
)

// gatedPush is a carrier that pushes: its first Subscribe call waits until
// the test opens the gate (a slow carrier, while the host acts), the
// others answer at once; it records the numbers subscribed and
// unsubscribed.
type gatedPush struct {
	entered chan struct{} // closed when the first Subscribe call waits
	gate    chan struct{} // closed by the test to let it answer
	mu      sync.Mutex
	calls   int
	subs    []string
	unsubs  []string
}

func newGatedPush() *gatedPush {
	return &gatedPush{entered: make(chan struct{}), gate: make(chan struct{})}
}

func (g *gatedPush) ID() string { return "gated" }
func (g *gatedPush) Track(_ context.Context, n string) (*carrier.Update, error) {
	return &carrier.Update{Carrier: g.ID(), TrackingNumber: n}, nil
}
func (g *gatedPush) ParseWebhook(context.Context, http.Header, []byte) ([]*carrier.Update, error) {
	return nil, errors.New("gated: no webhooks in this test")
}
func (g *gatedPush) Subscribe(ctx context.Context, n string) (*carrier.Subscription, error) {
	g.mu.Lock()
	g.calls++
	first := g.calls == 1
	g.mu.Unlock()
	if first {
		close(g.entered)
		select {
		case <-g.gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.subs = append(g.subs, n)
	return &carrier.Subscription{Carrier: g.ID(), TrackingNumber: n}, nil
}
func (g *gatedPush) Unsubscribe(_ context.Context, n string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.unsubs = append(g.unsubs, n)
	return nil
}

// subscribed returns the numbers the carrier still pushes for.
func (g *gatedPush) subscribed() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	live := map[string]int{}
	for _, n := range g.subs {
		live[n]++
	}
	for _, n := range g.unsubs {
		if live[n] > 0 {
			live[n]--
		}
	}
	var out []string
	for n, k := range live {
		if k > 0 {
			out = append(out, n)
		}
	}
	return out
}

// duringSubscribe registers shipment s1 on a gatedPush carrier, starts a
// Tick whose Subscribe call waits, runs act meanwhile, then lets the
// carrier accept and waits for the Tick. It returns the Service, the
// carrier and the clock.
func duringSubscribe(t *testing.T, act func(ctx context.Context, svc *tracking.Service)) (*tracking.Service, *gatedPush, *sim.Clock) {
	t.Helper()
	clk := sim.NewClock(mon)
	g := newGatedPush()
	svc, err := tracking.New(tracking.Config{Carriers: carrier.NewRegistry(g), Notifier: &notifytest.Recorder{}, Now: clk.Now})
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, svc.Track(ctx, tracking.Shipment{ID: "s1", Carrier: g.ID(), TrackingNumber: "N1"}))
	done := make(chan error, 1)
	go func() { done <- svc.Tick(ctx) }()
	select {
	case <-g.entered:
	case <-time.After(10 * time.Second):
		t.Fatal("the Tick did not call Subscribe")
	}
	act(ctx, svc)
	close(g.gate)
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("the Tick did not end")
	}
	return svc, g, clk
}

// A shipment cancelled while the carrier is still answering its Subscribe
// call must end that subscription: the carrier must not push a cancelled
// parcel's updates forever. (Before: the late answer made the cancelled
// shipment's subscription active, with nothing due to end it.)
func TestCancelDuringSubscribeEndsTheSubscription(t *testing.T) {
	svc, g, clk := duringSubscribe(t, func(ctx context.Context, svc *tracking.Service) {
		_, err := svc.Cancel(ctx, "s1", "order cancelled")
		require.NoError(t, err)
	})
	for range 3 {
		clk.Advance(time.Hour)
		require.NoError(t, svc.Tick(context.Background()))
	}
	require.Empty(t, g.subscribed(), "the cancelled shipment's number is still subscribed at the carrier")
	v, err := svc.Status(context.Background(), "s1")
	require.NoError(t, err)
	require.Equal(t, tracking.StateCancelled, v.State)
	require.Equal(t, tracking.SubscriptionEnded, v.Subscription.State)
}

// A tracking number corrected while the carrier is still answering the old
// number's Subscribe call: the old number's subscription must be ended,
// the new one subscribed. (Before: the late answer was dropped as being
// about another number, and the old number stayed subscribed.)
func TestUpdateNumberDuringSubscribeEndsTheOldSubscription(t *testing.T) {
	svc, g, clk := duringSubscribe(t, func(ctx context.Context, svc *tracking.Service) {
		n, c := "N2", "gated"
		_, err := svc.Update(ctx, "s1", tracking.ShipmentChange{TrackingNumber: &n, Carrier: &c})
		require.NoError(t, err)
	})
	for range 3 {
		clk.Advance(time.Hour)
		require.NoError(t, svc.Tick(context.Background()))
	}
	require.Equal(t, []string{"N2"}, g.subscribed(), "only the corrected number may stay subscribed")
	v, err := svc.Status(context.Background(), "s1")
	require.NoError(t, err)
	require.Equal(t, tracking.SubscriptionActive, v.Subscription.State)
}

// expiring is a carrier that pushes and whose subscriptions carry the
// expiry expires gives it (a carrier's broken clock).
type expiring struct {
	gatedPush
	expires func(now time.Time) time.Time
	now     func() time.Time
}

func (e *expiring) ID() string { return "expiring" }
func (e *expiring) Track(_ context.Context, n string) (*carrier.Update, error) {
	return &carrier.Update{Carrier: e.ID(), TrackingNumber: n}, nil
}
func (e *expiring) Subscribe(_ context.Context, n string) (*carrier.Subscription, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls++
	return &carrier.Subscription{Carrier: e.ID(), TrackingNumber: n, ExpiresAt: e.expires(e.now())}, nil
}

// A subscription whose expiry the carrier gives in the past, or in year
// 9999, must not make the Service subscribe again at every Tick. (Before:
// an expiry in the past was "renewed" at once, so every Tick called
// Subscribe again, for good.)
func TestSubscriptionExpiryInThePastOrFarFuture(t *testing.T) {
	for name, expires := range map[string]func(time.Time) time.Time{
		"an hour ago": func(now time.Time) time.Time { return now.Add(-time.Hour) },
		"now":         func(now time.Time) time.Time { return now },
		"year 9999":   func(time.Time) time.Time { return time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC) },
	} {
		t.Run(name, func(t *testing.T) {
			clk := sim.NewClock(mon)
			c := &expiring{expires: expires, now: clk.Now}
			svc, err := tracking.New(tracking.Config{Carriers: carrier.NewRegistry(c), Notifier: &notifytest.Recorder{}, Now: clk.Now})
			require.NoError(t, err)
			ctx := context.Background()
			require.NoError(t, svc.Track(ctx, tracking.Shipment{ID: "s1", Carrier: c.ID(), TrackingNumber: "N1"}))
			for range 60 {
				require.NoError(t, svc.Tick(ctx))
				clk.Advance(time.Minute)
			}
			c.mu.Lock()
			calls := c.calls
			c.mu.Unlock()
			require.Equal(t, 1, calls, "Subscribe calls in an hour of Ticks")
			v, err := svc.Status(ctx, "s1")
			require.NoError(t, err)
			require.Equal(t, tracking.SubscriptionActive, v.Subscription.State)
		})
	}
}

// limitedUnsub is a carrier that pushes and whose Unsubscribe calls are
// always rate limited; it counts them.
type limitedUnsub struct {
	expiring
	unsubCalls int
}

func (l *limitedUnsub) Unsubscribe(context.Context, string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.unsubCalls++
	return &carrier.RateLimitError{Carrier: l.ID(), RetryAfter: time.Minute}
}

// A carrier that answers every Unsubscribe of a delivered shipment with a
// rate limit is asked a bounded number of times, as one that fails
// otherwise: the shipment's journey is over. (Before: a rate-limited call
// did not count, so the finished shipment was claimed and the carrier
// asked every minute, for good.)
func TestUnsubscribeRateLimitedForeverIsBounded(t *testing.T) {
	clk := sim.NewClock(mon)
	c := &limitedUnsub{expiring: expiring{now: clk.Now, expires: func(time.Time) time.Time { return time.Time{} }}}
	svc, err := tracking.New(tracking.Config{Carriers: carrier.NewRegistry(c), Notifier: &notifytest.Recorder{}, Now: clk.Now})
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, svc.Track(ctx, tracking.Shipment{ID: "s1", Carrier: c.ID(), TrackingNumber: "N1"}))
	require.NoError(t, svc.Tick(ctx))
	_, err = svc.Cancel(ctx, "s1", "parcel replaced")
	require.NoError(t, err)
	for range 48 * 60 {
		clk.Advance(time.Minute)
		require.NoError(t, svc.Tick(ctx))
	}
	c.mu.Lock()
	calls := c.unsubCalls
	c.mu.Unlock()
	require.LessOrEqual(t, calls, 5, "Unsubscribe calls in two days")
	v, err := svc.Status(ctx, "s1")
	require.NoError(t, err)
	require.Equal(t, tracking.SubscriptionEnded, v.Subscription.State)
}
