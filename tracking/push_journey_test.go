package tracking_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/tracking"
)

// pushWorld is a tracking.Service whose sim carrier pushes to the
// Service's WebhookHandler, on one test clock.
type pushWorld struct {
	clk     *sim.Clock
	sim     *sim.Carrier
	carrier carrier.Carrier // what the Service tracks with: sim, or a wrapper of it
	svc     *tracking.Service
	out     *notifytest.Recorder
	created time.Time
}

func newPushWorld(t *testing.T, push sim.PushConfig, poll tracking.PollConfig, wrap func(*sim.Carrier) carrier.Carrier) *pushWorld {
	t.Helper()
	w := &pushWorld{created: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), out: &notifytest.Recorder{}}
	w.clk = sim.NewClock(w.created)
	var handler http.Handler
	push.Handler = http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { handler.ServeHTTP(rw, r) })
	var err error
	w.sim, err = sim.New(sim.Config{Now: w.clk.Now, Seed: 3, Push: push})
	require.NoError(t, err)
	w.carrier = w.sim
	if wrap != nil {
		w.carrier = wrap(w.sim)
	}
	w.svc, err = tracking.New(tracking.Config{Carriers: carrier.NewRegistry(w.carrier), Notifier: w.out, Now: w.clk.Now, Poll: poll})
	require.NoError(t, err)
	handler = w.svc.WebhookHandler(sim.DefaultID)
	return w
}

// ship registers number with the sim on scenario sc and tracks it.
func (w *pushWorld) ship(t *testing.T, number string, sc sim.Scenario) {
	t.Helper()
	require.NoError(t, w.sim.Ship(number, sc, w.created))
	require.NoError(t, w.svc.Track(context.Background(), tracking.Shipment{ID: "s-" + number, Carrier: sim.DefaultID,
		TrackingNumber: number, PromisedBy: sc.PromisedBy(w.created), Recipient: notify.Recipient{ID: "c1", Email: "ada@example.com"}}))
}

// run advances the clock in minutes, delivering due pushes every minute and
// ticking every 10 minutes, until d has passed or stop says so.
func (w *pushWorld) run(t *testing.T, d time.Duration, stop func() bool) {
	t.Helper()
	ctx := context.Background()
	end := w.clk.Now().Add(d)
	for i := 0; w.clk.Now().Before(end); i++ {
		if _, err := w.sim.Push(ctx); err != nil {
			t.Fatalf("push: %v", err)
		}
		if i%10 == 0 {
			_ = w.svc.Tick(ctx)
		}
		if stop != nil && stop() {
			return
		}
		w.clk.Advance(time.Minute)
	}
}

func (w *pushWorld) status(t *testing.T, id string) tracking.View {
	t.Helper()
	v, err := w.svc.Status(context.Background(), id)
	require.NoError(t, err)
	return v
}

// sentFor returns the time of the first customer message of kind k.
func (w *pushWorld) sentFor(k notify.Kind) (time.Time, bool) {
	for _, m := range w.out.Messages() {
		if m.Kind == k {
			return m.CreatedAt, true
		}
	}
	return time.Time{}, false
}

// A subscribed shipment is told everything by push: shipped, out for
// delivery and delivered reach the customer within the sim's push delay
// (at most 15 minutes) of their scans plus a minute, the Service never asks
// the carrier about the number (the safety net's delivery-day interval is
// intervals are set longer than the push gaps here), and delivery
// unsubscribes it.
func TestJourneySubscribedShipmentIsToldByPush(t *testing.T) {
	w := newPushWorld(t, sim.PushConfig{}, tracking.PollConfig{SubscribedDeliveryDay: 20 * time.Hour, SubscribedOutForDelivery: 12 * time.Hour}, nil)
	w.ship(t, "SIM1", sim.OnTime())
	w.run(t, 10*time.Minute, nil)
	v := w.status(t, "s-SIM1")
	require.Equal(t, tracking.SubscriptionActive, v.Subscription.State, "the first Tick subscribes a carrier.Subscriber's shipment")
	require.True(t, w.sim.Subscribed("SIM1"))
	require.False(t, v.NextPoll.IsZero())
	require.True(t, v.NextPoll.After(w.clk.Now().Add(time.Hour)), "a subscribed shipment is polled only as a safety net, next at %s", v.NextPoll)

	w.run(t, 7*24*time.Hour, nil)
	v = w.status(t, "s-SIM1")
	require.Equal(t, tracking.StateDelivered, v.State)
	tl, err := w.sim.Timeline("SIM1")
	require.NoError(t, err)
	for _, k := range []struct {
		kind notify.Kind
		m    milestone.Milestone
	}{{notify.KindShipped, milestone.PickedUp}, {notify.KindOutForDelivery, milestone.OutForDelivery}, {notify.KindDelivered, milestone.Delivered}} {
		at, ok := w.sentFor(k.kind)
		require.True(t, ok, "%s must be sent", k.kind)
		var scan time.Time
		for _, s := range tl.Scans {
			if s.Step.Milestone == k.m {
				scan = s.Time
				break
			}
		}
		require.False(t, scan.IsZero())
		require.GreaterOrEqual(t, at.Sub(scan), time.Minute, "%s cannot be told before the push's delay", k.kind)
		require.LessOrEqual(t, at.Sub(scan), 16*time.Minute, "%s told %s after its scan", k.kind, at.Sub(scan))
	}
	st := w.sim.Stats()
	require.Zero(t, st.Tracks+st.Batches, "no poll: every update came by push")
	require.Equal(t, 1, st.Subscribes)
	require.Equal(t, 1, st.Unsubscribes, "delivery unsubscribes")
	require.False(t, w.sim.Subscribed("SIM1"))
	require.Equal(t, tracking.SubscriptionEnded, v.Subscription.State)
	require.True(t, v.NextPoll.IsZero())
	require.False(t, v.Subscription.LastPush.IsZero())
}

// Every webhook lost: the safety net still finds the journey. The daily
// poll and the delivery day's 4-hour polls tell the delivery within 4 hours
// and a Tick of its scan, with far fewer carrier calls than the adaptive
// schedule makes for the same journey.
func TestJourneyLostWebhookIsCaughtBySafetyNet(t *testing.T) {
	w := newPushWorld(t, sim.PushConfig{LossRate: 1}, tracking.PollConfig{}, nil)
	w.ship(t, "SIM2", sim.OnTime())
	w.run(t, 7*24*time.Hour, nil)
	v := w.status(t, "s-SIM2")
	require.Equal(t, tracking.StateDelivered, v.State, "the safety net's polls find the delivery")
	st := w.sim.Stats()
	require.Zero(t, st.Pushes)
	require.Positive(t, st.PushesLost)
	require.Positive(t, st.Tracks+st.Batches, "only polls can have told it")
	at, ok := w.sentFor(notify.KindDelivered)
	require.True(t, ok, "the delivered message is not missing")
	require.LessOrEqual(t, at.Sub(v.DeliveredAt), 4*time.Hour+10*time.Minute, "delivery told %s after its scan", at.Sub(v.DeliveredAt))

	// The same journey polled on the adaptive schedule, for comparison.
	p := newPushWorld(t, sim.PushConfig{}, tracking.PollConfig{}, func(c *sim.Carrier) carrier.Carrier { return pollOnly{c} })
	p.ship(t, "SIM2", sim.OnTime())
	p.run(t, 7*24*time.Hour, nil)
	require.Equal(t, tracking.StateDelivered, p.status(t, "s-SIM2").State)
	polled := p.sim.Stats()
	require.Less(t, st.Tracks+st.Batches, polled.Tracks+polled.Batches, "the safety net asks less often than the adaptive schedule")
}

// A subscription the carrier dropped without a word: the daily safety-net
// poll finds what the pushes no longer tell.
func TestJourneyDroppedSubscriptionIsCaughtBySafetyNet(t *testing.T) {
	w := newPushWorld(t, sim.PushConfig{}, tracking.PollConfig{}, nil)
	w.ship(t, "SIM3", sim.OnTime())
	w.run(t, 10*time.Minute, nil)
	require.True(t, w.sim.DropSubscription("SIM3"))
	w.run(t, 7*24*time.Hour, nil)
	v := w.status(t, "s-SIM3")
	require.Equal(t, tracking.StateDelivered, v.State)
	_, ok := w.sentFor(notify.KindDelivered)
	require.True(t, ok)
	require.Zero(t, w.sim.Stats().Pushes)
}

// A failed subscription is retried with backoff (PollConfig.ErrorFirst
// after the first failure), the shipment is polled as usual meanwhile, and
// Status shows the attempt, its error and the next try.
func TestJourneyFailedSubscriptionIsRetried(t *testing.T) {
	w := newPushWorld(t, sim.PushConfig{}, tracking.PollConfig{}, nil)
	require.NoError(t, w.sim.Script(sim.Fault{Kind: sim.FaultError}))
	w.ship(t, "SIM4", sim.OnTime())
	start := w.clk.Now()
	require.NoError(t, w.svc.Tick(context.Background()))
	v := w.status(t, "s-SIM4")
	require.Equal(t, tracking.SubscriptionPending, v.Subscription.State)
	require.Equal(t, 1, v.Subscription.Attempts)
	require.NotEmpty(t, v.Subscription.LastError)
	require.Equal(t, start.Add(5*time.Minute), v.Subscription.NextAttempt, "first retry after ErrorFirst")
	require.Equal(t, 1, w.sim.Stats().Tracks+w.sim.Stats().Batches, "not subscribed: polled as usual")

	w.clk.Advance(4 * time.Minute)
	require.NoError(t, w.svc.Tick(context.Background()))
	require.Equal(t, 1, w.sim.Stats().Subscribes, "no retry before its time")
	w.clk.Advance(time.Minute)
	require.NoError(t, w.svc.Tick(context.Background()))
	v = w.status(t, "s-SIM4")
	require.Equal(t, tracking.SubscriptionActive, v.Subscription.State, "the retry subscribes")
	require.Zero(t, v.Subscription.Attempts)
	require.Empty(t, v.Subscription.LastError)
	require.Equal(t, "sub_SIM4", v.Subscription.ID)
	require.Equal(t, 2, w.sim.Stats().Subscribes)
}

// A subscription that expires is renewed ResubscribeBefore ahead of its
// expiry, so the pushes go on.
func TestJourneySubscriptionIsRenewedBeforeItExpires(t *testing.T) {
	w := newPushWorld(t, sim.PushConfig{TTL: 48 * time.Hour}, tracking.PollConfig{ResubscribeBefore: 12 * time.Hour}, nil)
	w.ship(t, "SIM5", sim.Stalled())
	w.run(t, 10*time.Minute, nil)
	v := w.status(t, "s-SIM5")
	require.Equal(t, w.created.Add(48*time.Hour), v.Subscription.ExpiresAt)
	require.Equal(t, w.created.Add(36*time.Hour), v.Subscription.NextAttempt)
	w.run(t, 37*time.Hour, nil)
	v = w.status(t, "s-SIM5")
	require.Equal(t, 2, w.sim.Stats().Subscribes)
	require.Equal(t, tracking.SubscriptionActive, v.Subscription.State)
	require.True(t, v.Subscription.ExpiresAt.After(w.created.Add(48*time.Hour)))
	w.run(t, 10*24*time.Hour, nil)
	require.Equal(t, tracking.StateDelivered, w.status(t, "s-SIM5").State)
	require.Positive(t, w.sim.Stats().Pushes)
}

// A carrier that cannot stop its pushes (Unsubscribe returns
// errors.ErrUnsupported) is done at delivery: one call, no retries.
func TestDeliveryWithUnsupportedUnsubscribeIsDone(t *testing.T) {
	var calls int
	w := newPushWorld(t, sim.PushConfig{}, tracking.PollConfig{}, func(c *sim.Carrier) carrier.Carrier {
		return noUnsubscribe{Carrier: c, calls: &calls}
	})
	w.ship(t, "SIM6", sim.OnTime())
	w.run(t, 7*24*time.Hour, nil)
	v := w.status(t, "s-SIM6")
	require.Equal(t, tracking.StateDelivered, v.State)
	require.Equal(t, 1, calls)
	require.Equal(t, tracking.SubscriptionEnded, v.Subscription.State)
	require.True(t, v.NextCheck.IsZero() || v.NextCheck.After(w.clk.Now()), "nothing left to do but the feedback request")
}

// pollOnly hides the sim's optional interfaces but batch tracking.
type pollOnly struct{ c *sim.Carrier }

func (p pollOnly) ID() string { return p.c.ID() }
func (p pollOnly) Track(ctx context.Context, n string) (*carrier.Update, error) {
	return p.c.Track(ctx, n)
}
func (p pollOnly) MaxBatch() int { return p.c.MaxBatch() }
func (p pollOnly) TrackBatch(ctx context.Context, ns []string) ([]carrier.TrackResult, error) {
	return p.c.TrackBatch(ctx, ns)
}

// noUnsubscribe is the sim with an Unsubscribe that is not supported.
type noUnsubscribe struct {
	*sim.Carrier
	calls *int
}

func (n noUnsubscribe) Unsubscribe(context.Context, string) error {
	*n.calls++
	return errors.ErrUnsupported
}
