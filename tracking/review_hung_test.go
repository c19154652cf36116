package tracking_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/tracking"
)

// hungPush is a carrier that pushes and whose Subscribe calls hang until
// their context ends (a dead connection); it counts them.
type hungPush struct {
	mu    sync.Mutex
	calls int
}

func (h *hungPush) ID() string { return "hungpush" }
func (h *hungPush) Track(_ context.Context, n string) (*carrier.Update, error) {
	return &carrier.Update{Carrier: h.ID(), TrackingNumber: n}, nil
}
func (h *hungPush) ParseWebhook(context.Context, http.Header, []byte) ([]*carrier.Update, error) {
	return nil, errors.New("hungpush: no webhooks in this test")
}
func (h *hungPush) Subscribe(ctx context.Context, _ string) (*carrier.Subscription, error) {
	h.mu.Lock()
	h.calls++
	h.mu.Unlock()
	<-ctx.Done()
	return nil, carrier.Temporary(ctx.Err())
}
func (h *hungPush) Unsubscribe(ctx context.Context, _ string) error {
	<-ctx.Done()
	return carrier.Temporary(ctx.Err())
}

// A carrier whose Subscribe calls hang is asked once per Tick, not once
// per shipment: each call waits Config.PollTimeout, so ten shipments held
// the Tick (and the messages it sends at its end) for ten minutes while
// their leases ran out. After the first timeout the carrier is left alone
// for Poll.RateLimited, and the others are subscribed after it. Run in a
// synctest bubble, so the timeouts pass in no real time.
func TestHungSubscribeIsAskedOncePerTick(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := &hungPush{}
		svc, err := tracking.New(tracking.Config{Carriers: carrier.NewRegistry(h), Notifier: &notifytest.Recorder{}})
		require.NoError(t, err)
		ctx := context.Background()
		for _, id := range []string{"s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9"} {
			require.NoError(t, svc.Track(ctx, tracking.Shipment{ID: id, Carrier: h.ID(), TrackingNumber: "N" + id}))
		}
		start := time.Now()
		_ = svc.Tick(ctx)
		h.mu.Lock()
		calls := h.calls
		h.mu.Unlock()
		require.Equal(t, 1, calls, "Subscribe calls of one Tick to a carrier that hangs (the Tick took %s)", time.Since(start))
		for id, attempts := range map[string]int{"s0": 1, "s5": 0, "s9": 0} {
			v, err := svc.Status(ctx, id)
			require.NoError(t, err)
			require.Equal(t, tracking.SubscriptionPending, v.Subscription.State, id)
			require.Equal(t, attempts, v.Subscription.Attempts, "%s: only the call that hung counts as a failure", id)
			require.False(t, v.Subscription.NextAttempt.IsZero(), "%s: the subscription is tried again later", id)
		}
	})
}

// hungTrack is a carrier without batches whose Track calls hang until
// their context ends; it counts them.
type hungTrack struct {
	mu    sync.Mutex
	calls int
}

func (h *hungTrack) ID() string { return "hungtrack" }
func (h *hungTrack) Track(ctx context.Context, _ string) (*carrier.Update, error) {
	h.mu.Lock()
	h.calls++
	h.mu.Unlock()
	<-ctx.Done()
	return nil, carrier.Temporary(ctx.Err())
}

// The same for polls: a carrier whose Track calls hang is asked once per
// Tick; its other shipments are postponed, not polled one timeout after
// another.
func TestHungTrackIsAskedOncePerTick(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := &hungTrack{}
		svc, err := tracking.New(tracking.Config{Carriers: carrier.NewRegistry(h), Notifier: &notifytest.Recorder{}})
		require.NoError(t, err)
		ctx := context.Background()
		for _, n := range []string{"N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"} {
			require.NoError(t, svc.Track(ctx, tracking.Shipment{ID: n, Carrier: h.ID(), TrackingNumber: n}))
		}
		start := time.Now()
		_ = svc.Tick(ctx)
		h.mu.Lock()
		calls := h.calls
		h.mu.Unlock()
		require.Equal(t, 1, calls, "Track calls of one Tick to a carrier that hangs (the Tick took %s)", time.Since(start))
	})
}
