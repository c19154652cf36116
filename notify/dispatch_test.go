package notify_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

var berlin = mustZone("Europe/Berlin")

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// Monday 2 March 2026, 10:00 in Berlin.
var monday = time.Date(2026, 3, 2, 10, 0, 0, 0, berlin)

type fixture struct {
	d          *notify.Dispatcher
	email, sms *notifytest.Recorder
	clock      *fakeClock
	prefs      *notify.MemoryPreferences
	logs       *bytes.Buffer
}

func setup(t *testing.T, configure func(*notify.DispatcherConfig)) *fixture {
	t.Helper()
	f := &fixture{
		email: &notifytest.Recorder{}, sms: &notifytest.Recorder{},
		clock: &fakeClock{t: monday}, prefs: &notify.MemoryPreferences{}, logs: &bytes.Buffer{},
	}
	cfg := notify.DispatcherConfig{
		Channels:    map[string]notify.Notifier{"email": f.email, "sms": f.sms},
		Preferences: f.prefs,
		Now:         f.clock.Now,
		Logger:      slog.New(slog.NewJSONHandler(&lockedWriter{w: f.logs}, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if configure != nil {
		configure(&cfg)
	}
	d, err := notify.NewDispatcher(cfg)
	require.NoError(t, err)
	f.d = d
	return f
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// sharedRenderer is built once: building a Renderer parses and checks every template.
var sharedRenderer = sync.OnceValues(func() (*notify.Renderer, error) {
	return notify.NewRenderer(notify.RendererConfig{Branding: notify.Branding{ShopName: "Nordlicht"}})
})

func nordlicht(t *testing.T) *notify.Renderer {
	t.Helper()
	r, err := sharedRenderer()
	require.NoError(t, err)
	return r
}

func message(k notify.Kind) notify.Message {
	return notify.Message{
		ID: notify.MessageID("s1", string(k)), Kind: k, Audience: k.Audience(),
		ShipmentID: "s1", OrderID: "1042", Carrier: "dhl",
		Recipient: notify.Recipient{ID: "c1", Name: "Ada Lovelace", Email: "ada@example.com", Phone: "+4917612345678", Locale: "en", TimeZone: "Europe/Berlin"},
		Subject:   "pre-rendered", Text: "pre-rendered\n",
	}
}

func TestDispatchUsesChannelsInPreferenceOrder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := setup(t, nil)

	res := f.d.Dispatch(ctx, message(notify.KindShipped), notify.Attempt{})
	require.Equal(t, notify.Sent, res.Outcome, res.Err)
	assert.Equal(t, "email", res.Channel, "default order is the sorted channel names")
	assert.Equal(t, 1, res.Attempt)
	assert.Equal(t, monday, res.First)

	f.prefs.Set("c1", notify.Prefs{Channels: []string{"sms", "email"}})
	res = f.d.Dispatch(ctx, message(notify.KindDelivered), notify.Attempt{})
	require.Equal(t, notify.Sent, res.Outcome)
	assert.Equal(t, "sms", res.Channel)
	assert.Equal(t, []notify.Kind{notify.KindDelivered}, f.sms.Kinds())
	assert.Equal(t, []notify.Kind{notify.KindShipped}, f.email.Kinds(), "only the first channel that succeeds sends")
}

func TestDispatchFallsBackToTheNextChannel(t *testing.T) {
	t.Parallel()
	f := setup(t, nil)
	f.prefs.Set("c1", notify.Prefs{Channels: []string{"sms", "email"}})
	f.sms.FailPermanently(errors.New("number unreachable"))
	res := f.d.Dispatch(context.Background(), message(notify.KindShipped), notify.Attempt{})
	require.Equal(t, notify.Sent, res.Outcome)
	assert.Equal(t, "email", res.Channel)
	assert.Equal(t, 1, f.sms.Calls())
	assert.Len(t, f.email.Messages(), 1)
}

func TestQuietHoursDeferAndRelease(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := setup(t, nil)
	f.prefs.Set("c1", notify.Prefs{QuietHours: notify.QuietHours{Start: 21 * time.Hour, End: 8 * time.Hour}})
	f.clock.Set(time.Date(2026, 3, 2, 22, 30, 0, 0, berlin))

	m := message(notify.KindOutForDelivery)
	res := f.d.Dispatch(ctx, m, notify.Attempt{})
	require.Equal(t, notify.Deferred, res.Outcome)
	assert.Equal(t, notify.ReasonQuietHours, res.Reason)
	assert.True(t, time.Date(2026, 3, 3, 8, 0, 0, 0, berlin).Equal(res.NextAttempt), "deferred to 08:00 Berlin, got %v", res.NextAttempt)
	assert.Zero(t, f.email.Calls(), "nothing is sent during quiet hours")
	assert.Equal(t, notify.Attempt{N: 1, First: res.First}, res.Next(), "a deferral is not an attempt")

	// Still quiet at 07:59.
	f.clock.Set(res.NextAttempt.Add(-time.Minute))
	again := f.d.Dispatch(ctx, m, res.Next())
	require.Equal(t, notify.Deferred, again.Outcome)

	f.clock.Set(res.NextAttempt)
	res = f.d.Dispatch(ctx, m, res.Next())
	require.Equal(t, notify.Sent, res.Outcome)
	assert.Len(t, f.email.Messages(), 1)

	// The recipient's zone decides: 22:30 in Berlin is 16:30 in New York.
	m.Recipient.TimeZone = "America/New_York"
	f.clock.Set(time.Date(2026, 3, 2, 22, 30, 0, 0, berlin))
	assert.Equal(t, notify.Sent, f.d.Dispatch(ctx, m, notify.Attempt{}).Outcome)
}

// Issue 18, item 4: the shop's quiet window (21:00-08:00 in the recipient's
// zone by default) holds customer tracking messages that require no
// action; urgent ones go out at once.
func TestShopQuietHoursHoldWhatIsNotUrgent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := setup(t, func(c *notify.DispatcherConfig) { c.RatePerRecipient = rate.Inf })
	midnight := time.Date(2026, 3, 3, 0, 0, 0, 0, berlin)
	f.clock.Set(midnight)
	for _, k := range []notify.Kind{notify.KindDelayed, notify.KindShipped, notify.KindOutForDelivery, notify.KindFeedbackRequest} {
		res := f.d.Dispatch(ctx, message(k), notify.Attempt{})
		require.Equal(t, notify.Deferred, res.Outcome, k)
		assert.Equal(t, notify.ReasonQuietHours, res.Reason)
		assert.True(t, time.Date(2026, 3, 3, 8, 0, 0, 0, berlin).Equal(res.NextAttempt), "%s waits until 08:00 Berlin, got %v", k, res.NextAttempt)
	}
	assert.Zero(t, f.email.Calls())

	action := message(notify.KindException)
	action.ActionRequired = true
	for _, m := range []notify.Message{action, message(notify.KindStalled), message(notify.KindReturnLabel)} {
		assert.Equal(t, notify.Sent, f.d.Dispatch(ctx, m, notify.Attempt{}).Outcome, "%s is urgent", m.Kind)
	}

	// 08:00 ends the window; in New York it is 18:00 the evening before.
	f.clock.Set(midnight.Add(8 * time.Hour))
	assert.Equal(t, notify.Sent, f.d.Dispatch(ctx, message(notify.KindDelayed), notify.Attempt{}).Outcome)
	f.clock.Set(midnight)
	ny := message(notify.KindShipped)
	ny.Recipient.TimeZone = "America/New_York"
	assert.Equal(t, notify.Sent, f.d.Dispatch(ctx, ny, notify.Attempt{}).Outcome)

	// A recipient's own window replaces the shop's: none at all, or one that
	// holds every message to them.
	f.prefs.Set("c1", notify.Prefs{QuietHours: notify.NoQuietHours})
	assert.Equal(t, notify.Sent, f.d.Dispatch(ctx, message(notify.KindShipped), notify.Attempt{}).Outcome)
	f.prefs.Set("c1", notify.Prefs{QuietHours: notify.QuietHours{Start: 22 * time.Hour, End: 7 * time.Hour}})
	res := f.d.Dispatch(ctx, action, notify.Attempt{})
	require.Equal(t, notify.Deferred, res.Outcome, "the recipient's own window holds urgent messages too")
	assert.True(t, time.Date(2026, 3, 3, 7, 0, 0, 0, berlin).Equal(res.NextAttempt))

	// The shop sets its own window, or none.
	f = setup(t, func(c *notify.DispatcherConfig) { c.QuietHours = notify.NoQuietHours })
	f.clock.Set(midnight)
	assert.Equal(t, notify.Sent, f.d.Dispatch(ctx, message(notify.KindDelayed), notify.Attempt{}).Outcome)
	f = setup(t, func(c *notify.DispatcherConfig) {
		c.QuietHours = notify.QuietHours{Start: 23 * time.Hour, End: 6 * time.Hour}
	})
	f.clock.Set(midnight.Add(-90 * time.Minute))
	assert.Equal(t, notify.Sent, f.d.Dispatch(ctx, message(notify.KindDelayed), notify.Attempt{}).Outcome)
	f.clock.Set(midnight)
	assert.True(t, midnight.Add(6*time.Hour).Equal(f.d.Dispatch(ctx, message(notify.KindDelayed), notify.Attempt{}).NextAttempt))
	_, err := notify.NewDispatcher(notify.DispatcherConfig{Notifier: f.email, QuietHours: notify.QuietHours{Start: 25 * time.Hour}})
	assert.Error(t, err, "a window past midnight")
}

func TestQuietHoursWithoutRecipientZoneUseConfiguredZone(t *testing.T) {
	t.Parallel()
	f := setup(t, func(c *notify.DispatcherConfig) { c.TimeZone = mustZone("Asia/Tokyo") })
	f.prefs.Set("c1", notify.Prefs{QuietHours: notify.QuietHours{Start: 21 * time.Hour, End: 8 * time.Hour}})
	m := message(notify.KindShipped)
	m.Recipient.TimeZone = ""
	f.clock.Set(time.Date(2026, 3, 2, 14, 0, 0, 0, berlin)) // 22:00 in Tokyo
	res := f.d.Dispatch(context.Background(), m, notify.Attempt{})
	require.Equal(t, notify.Deferred, res.Outcome)
	assert.Equal(t, time.Date(2026, 3, 3, 8, 0, 0, 0, mustZone("Asia/Tokyo")).UTC(), res.NextAttempt.UTC())
}

func TestDeferralNeverDeadLetters(t *testing.T) {
	t.Parallel()
	f := setup(t, nil)
	f.prefs.Set("c1", notify.Prefs{QuietHours: notify.QuietHours{Start: 0, End: 23*time.Hour + 59*time.Minute}})
	first := monday.Add(-72 * time.Hour)
	res := f.d.Dispatch(context.Background(), message(notify.KindShipped), notify.Attempt{N: 1, First: first})
	assert.Equal(t, notify.Deferred, res.Outcome, "quiet hours defer even long past MaxAge")
}

func TestOptOut(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := setup(t, nil)
	f.prefs.Set("c1", notify.Prefs{OptOut: []notify.Kind{notify.KindShipped, notify.KindException, notify.KindReturnLabel}})

	res := f.d.Dispatch(ctx, message(notify.KindShipped), notify.Attempt{})
	assert.Equal(t, notify.OptedOut, res.Outcome)
	assert.True(t, res.Outcome.Final())
	assert.Zero(t, f.email.Calls())

	assert.Equal(t, notify.Sent, f.d.Dispatch(ctx, message(notify.KindDelivered), notify.Attempt{}).Outcome, "other kinds still go out")

	action := message(notify.KindException)
	assert.Equal(t, notify.OptedOut, f.d.Dispatch(ctx, action, notify.Attempt{}).Outcome)
	action.ActionRequired = true
	assert.Equal(t, notify.Sent, f.d.Dispatch(ctx, action, notify.Attempt{}).Outcome, "a message that needs action is sent anyway")

	assert.Equal(t, notify.Sent, f.d.Dispatch(ctx, message(notify.KindReturnLabel), notify.Attempt{}).Outcome, "returns kinds cannot be opted out of")
}

func TestMarketingContentNeedsConsent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var recommendCalls, tipCalls int
	var mu sync.Mutex
	renderer := nordlicht(t)
	f := setup(t, func(c *notify.DispatcherConfig) {
		c.Renderer = renderer
		c.Recommender = notify.RecommenderFunc(func(ctx context.Context, orderID string) ([]notify.Product, error) {
			mu.Lock()
			defer mu.Unlock()
			recommendCalls++
			return []notify.Product{{Name: "Cosy Socks", URL: "https://nordlicht.example/socks"}}, nil
		})
		c.CareTips = notify.CareTipsFunc(func(ctx context.Context, m notify.Message) ([]string, error) {
			mu.Lock()
			defer mu.Unlock()
			tipCalls++
			return []string{"Wash wool cold."}, nil
		})
	})

	res := f.d.Dispatch(ctx, message(notify.KindDelivered), notify.Attempt{})
	require.Equal(t, notify.Sent, res.Outcome, res.Err)
	sent, _ := f.email.Last()
	for _, s := range []string{sent.Text, sent.HTML} {
		assert.NotContains(t, s, "Cosy Socks")
		assert.NotContains(t, s, "Wash wool cold.")
	}
	assert.Zero(t, recommendCalls, "without consent the order is not even shown to the recommender")
	assert.Zero(t, tipCalls)

	f.prefs.Set("c1", notify.Prefs{MarketingConsent: true})
	res = f.d.Dispatch(ctx, message(notify.KindDelivered), notify.Attempt{})
	require.Equal(t, notify.Sent, res.Outcome, res.Err)
	sent, _ = f.email.Last()
	for _, s := range []string{sent.Text, sent.HTML} {
		assert.Contains(t, s, "Cosy Socks")
		assert.Contains(t, s, "Wash wool cold.")
	}
	assert.Equal(t, sent, res.Message, "the result carries the message as sent")

	// Merchant messages never carry marketing content.
	res = f.d.Dispatch(ctx, message(notify.KindLost), notify.Attempt{})
	require.Equal(t, notify.Sent, res.Outcome, res.Err)
	assert.NotContains(t, res.Message.Text, "Cosy Socks")
}

func TestHookFailuresNeverBlock(t *testing.T) {
	t.Parallel()
	renderer := nordlicht(t)
	boom := errors.New("recommendation service down for ada@example.com")
	f := setup(t, func(c *notify.DispatcherConfig) {
		c.Renderer = renderer
		c.Recommender = notify.RecommenderFunc(func(context.Context, string) ([]notify.Product, error) { return nil, boom })
		c.CareTips = notify.CareTipsFunc(func(context.Context, notify.Message) ([]string, error) { return nil, boom })
		c.DelayOffer = notify.DelayOfferFunc(func(context.Context, notify.Message) (*notify.Offer, error) { return nil, boom })
	})
	f.prefs.Set("c1", notify.Prefs{MarketingConsent: true})
	for _, k := range []notify.Kind{notify.KindDelivered, notify.KindDelayed} {
		res := f.d.Dispatch(context.Background(), message(k), notify.Attempt{})
		require.Equal(t, notify.Sent, res.Outcome, "%s: %v", k, res.Err)
		assert.NotContains(t, res.Message.Text, "You might also like")
		assert.NotContains(t, res.Message.Text, "Your code")
	}
	logs := f.logs.String()
	assert.Contains(t, logs, `"hook":"recommender"`)
	assert.Contains(t, logs, `"hook":"care_tips"`)
	assert.Contains(t, logs, `"hook":"delay_offer"`)
	assert.NotContains(t, logs, "ada@example.com")
}

func TestDelayOfferIsRendered(t *testing.T) {
	t.Parallel()
	renderer := nordlicht(t)
	var offered []notify.Kind
	f := setup(t, func(c *notify.DispatcherConfig) {
		c.Renderer = renderer
		c.DelayOffer = notify.DelayOfferFunc(func(_ context.Context, m notify.Message) (*notify.Offer, error) {
			offered = append(offered, m.Kind)
			return &notify.Offer{Code: "SORRY10", Descriptions: map[string]string{"en": "10% off your next order", "de": "10 % Rabatt auf Ihre nächste Bestellung"}, Expires: time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC)}, nil
		})
	})
	f.prefs.Set("c1", notify.Prefs{Language: "de"}) // no marketing consent: the apology is not marketing
	m := message(notify.KindDelayed)
	m.ETA = time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC)
	res := f.d.Dispatch(context.Background(), m, notify.Attempt{})
	require.Equal(t, notify.Sent, res.Outcome, res.Err)
	assert.Contains(t, res.Message.Subject, "verspätet sich", "Prefs.Language overrides the recipient's locale")
	assert.Contains(t, res.Message.Text, "Ihr Code: SORRY10 (gültig bis Dienstag, 31. März)")
	assert.Contains(t, res.Message.Text, "Donnerstag, 5. März")

	f.d.Dispatch(context.Background(), message(notify.KindShipped), notify.Attempt{})
	assert.Equal(t, []notify.Kind{notify.KindDelayed}, offered, "offers only for delayed and exception")
}

// Issue 18, item 4: the dispatcher reports the offer a message carries, and
// adds none to a message about a shipment that already had one.
func TestDelayOfferOncePerShipment(t *testing.T) {
	t.Parallel()
	renderer := nordlicht(t)
	calls := 0
	f := setup(t, func(c *notify.DispatcherConfig) {
		c.Renderer = renderer
		c.DelayOffer = notify.DelayOfferFunc(func(context.Context, notify.Message) (*notify.Offer, error) {
			calls++
			return &notify.Offer{Code: "SORRY10", Descriptions: map[string]string{"en": "10% off your next order"}}, nil
		})
	})
	ctx := context.Background()
	res := f.d.Dispatch(ctx, message(notify.KindDelayed), notify.Attempt{})
	require.Equal(t, notify.Sent, res.Outcome, res.Err)
	require.NotNil(t, res.Offer, "the result names the offer the message carries")
	assert.Equal(t, "SORRY10", res.Offer.Code)
	assert.Contains(t, res.Message.Text, "SORRY10")

	again := message(notify.KindException)
	again.ID, again.OfferGiven = "m2", true
	res = f.d.Dispatch(ctx, again, notify.Attempt{})
	require.Equal(t, notify.Sent, res.Outcome, res.Err)
	assert.Nil(t, res.Offer)
	assert.NotContains(t, res.Message.Text, "SORRY10")
	assert.Equal(t, 1, calls, "DelayOffer is not asked once an offer was given")

	// An offer without a text in the message's language is not carried.
	de := message(notify.KindDelayed)
	de.ID, de.Recipient.Locale = "m3", "de"
	res = f.d.Dispatch(ctx, de, notify.Attempt{})
	require.Equal(t, notify.Sent, res.Outcome, res.Err)
	assert.Nil(t, res.Offer, "an English-only offer is not in a German message")
}

func TestRateLimitPerRecipient(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := setup(t, func(c *notify.DispatcherConfig) {
		c.RatePerRecipient = rate.Every(time.Hour)
		c.Burst = 2
	})
	kinds := []notify.Kind{notify.KindShipped, notify.KindOutForDelivery, notify.KindDelivered}
	var results []notify.Result
	for _, k := range kinds {
		results = append(results, f.d.Dispatch(ctx, message(k), notify.Attempt{}))
	}
	assert.Equal(t, notify.Sent, results[0].Outcome)
	assert.Equal(t, notify.Sent, results[1].Outcome)
	third := results[2]
	require.Equal(t, notify.Deferred, third.Outcome, "over the limit is deferred, not dropped")
	assert.Equal(t, notify.ReasonRateLimited, third.Reason)
	assert.Equal(t, monday.Add(time.Hour), third.NextAttempt)

	// Another customer has their own budget; merchants are not limited.
	other := message(notify.KindShipped)
	other.Recipient.ID = "c2"
	assert.Equal(t, notify.Sent, f.d.Dispatch(ctx, other, notify.Attempt{}).Outcome)
	for range 5 {
		assert.Equal(t, notify.Sent, f.d.Dispatch(ctx, message(notify.KindStalled), notify.Attempt{}).Outcome)
	}

	// A deferral gives its token back: asking again early is still deferred to the same time.
	f.clock.Set(monday.Add(30 * time.Minute))
	early := f.d.Dispatch(ctx, message(notify.KindDelivered), third.Next())
	require.Equal(t, notify.Deferred, early.Outcome)
	assert.Equal(t, monday.Add(time.Hour), early.NextAttempt)

	f.clock.Set(third.NextAttempt)
	res := f.d.Dispatch(ctx, message(notify.KindDelivered), third.Next())
	assert.Equal(t, notify.Sent, res.Outcome)
	assert.Equal(t, []notify.Kind{notify.KindShipped, notify.KindOutForDelivery, notify.KindShipped,
		notify.KindStalled, notify.KindStalled, notify.KindStalled, notify.KindStalled, notify.KindStalled,
		notify.KindDelivered}, f.email.Kinds())
}

func TestRateLimitWithoutRecipientIDUsesAddresses(t *testing.T) {
	t.Parallel()
	f := setup(t, func(c *notify.DispatcherConfig) { c.RatePerRecipient, c.Burst = rate.Every(time.Hour), 1 })
	m := message(notify.KindShipped)
	m.Recipient.ID = ""
	assert.Equal(t, notify.Sent, f.d.Dispatch(context.Background(), m, notify.Attempt{}).Outcome)
	assert.Equal(t, notify.Deferred, f.d.Dispatch(context.Background(), m, notify.Attempt{}).Outcome)
}

func TestRetryThenSuccess(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := setup(t, func(c *notify.DispatcherConfig) { c.DefaultChannels = []string{"email"} })
	f.email.FailNext(2, nil)

	m := message(notify.KindShipped)
	res := f.d.Dispatch(ctx, m, notify.Attempt{})
	require.Equal(t, notify.Retry, res.Outcome)
	assert.ErrorIs(t, res.Err, notifytest.ErrTemporary)
	assert.Equal(t, 1, res.Attempt)
	assert.Equal(t, monday.Add(30*time.Second), res.NextAttempt, "first retry within a minute")
	assert.Equal(t, notify.Attempt{N: 2, First: monday}, res.Next())

	f.clock.Set(res.NextAttempt)
	res = f.d.Dispatch(ctx, m, res.Next())
	require.Equal(t, notify.Retry, res.Outcome)
	assert.Equal(t, 2, res.Attempt)
	assert.Equal(t, monday.Add(90*time.Second), res.NextAttempt, "then exponential: 60s later")

	f.clock.Set(res.NextAttempt)
	res = f.d.Dispatch(ctx, m, res.Next())
	require.Equal(t, notify.Sent, res.Outcome)
	assert.Equal(t, 3, res.Attempt)
	assert.Equal(t, monday, res.First)
	assert.Equal(t, 3, f.email.Calls())
	assert.Len(t, f.email.Messages(), 1)
}

func TestBackoffBounds(t *testing.T) {
	t.Parallel()
	// With jitter.
	p := notify.RetryPolicy{Jitter: 0.5}
	for range 200 {
		first := p.Backoff(1)
		assert.LessOrEqual(t, first, time.Minute, "first retry within a minute")
		assert.GreaterOrEqual(t, first, 15*time.Second)
		for _, n := range []int{8, 9, 20, 1000} {
			assert.LessOrEqual(t, p.Backoff(n), time.Hour, "capped at an hour")
			assert.GreaterOrEqual(t, p.Backoff(n), 30*time.Minute)
		}
	}
	// Without jitter (the default) the steps are exact.
	var got []time.Duration
	for n := 1; n <= 9; n++ {
		got = append(got, notify.RetryPolicy{}.Backoff(n))
	}
	assert.Equal(t, []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute,
		16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}, got)
}

func TestMaxAttemptsDeadLetters(t *testing.T) {
	t.Parallel()
	f := setup(t, func(c *notify.DispatcherConfig) { c.Retry.MaxAttempts = 2 })
	f.email.FailNext(10, nil)
	f.sms.FailNext(10, nil)
	ctx := context.Background()
	m := message(notify.KindShipped)
	res := f.d.Dispatch(ctx, m, notify.Attempt{})
	require.Equal(t, notify.Retry, res.Outcome)
	f.clock.Set(res.NextAttempt)
	res = f.d.Dispatch(ctx, m, res.Next())
	assert.Equal(t, notify.DeadLetter, res.Outcome, "the last attempt failed")
	assert.Equal(t, notify.ReasonMaxAttempts, res.Reason)
}

func TestNotifierIsTheOneChannel(t *testing.T) {
	t.Parallel()
	rec := &notifytest.Recorder{}
	prefs := &notify.MemoryPreferences{}
	prefs.Set("c1", notify.Prefs{Channels: []string{"sms"}})
	d, err := notify.NewDispatcher(notify.DispatcherConfig{Notifier: rec, Preferences: prefs, QuietHours: notify.NoQuietHours}) // the wall clock may be at night
	require.NoError(t, err)
	m := notify.Message{ID: "m1", Kind: notify.KindShipped, Audience: notify.Customer, Recipient: notify.Recipient{ID: "c1"}}
	res := d.Dispatch(context.Background(), m, notify.Attempt{})
	assert.Equal(t, notify.Sent, res.Outcome, "the Notifier routes every message, whatever channels preferences name")
	assert.Equal(t, 1, rec.Calls())
	_, err = notify.NewDispatcher(notify.DispatcherConfig{Notifier: rec, Channels: map[string]notify.Notifier{"email": rec}})
	assert.Error(t, err, "Notifier and Channels")
}

func TestPermanentFailureDeadLettersAtOnce(t *testing.T) {
	t.Parallel()
	f := setup(t, nil)
	f.email.FailPermanently(errors.New("550 5.1.1 <ada@example.com>: user unknown"))
	f.sms.FailPermanently(nil)
	res := f.d.Dispatch(context.Background(), message(notify.KindShipped), notify.Attempt{})
	require.Equal(t, notify.DeadLetter, res.Outcome)
	assert.Equal(t, notify.ReasonPermanent, res.Reason)
	require.ErrorIs(t, res.Err, notify.ErrPermanent)
	assert.Contains(t, res.Err.Error(), "user unknown", "the caller gets the full error")
	assert.Equal(t, 1, f.email.Calls())
	assert.Equal(t, 1, f.sms.Calls())
	assert.True(t, res.NextAttempt.IsZero())

	logs := f.logs.String()
	assert.Contains(t, logs, `"outcome":"dead_letter"`)
	assert.Contains(t, logs, "user unknown")
	assert.NotContains(t, logs, "ada@example.com", "logs never carry addresses")
	assert.NotContains(t, logs, "+4917612345678")
}

func TestMixedFailuresAreRetried(t *testing.T) {
	t.Parallel()
	f := setup(t, nil)
	f.email.FailPermanently(nil)
	f.sms.FailNext(1, nil)
	res := f.d.Dispatch(context.Background(), message(notify.KindShipped), notify.Attempt{})
	assert.Equal(t, notify.Retry, res.Outcome, "one channel may still work later")
}

func TestTemporaryFailuresDeadLetterAfterMaxAge(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := setup(t, func(c *notify.DispatcherConfig) {
		c.DefaultChannels = []string{"email"}
		c.RatePerRecipient = rate.Inf
		c.QuietHours = notify.NoQuietHours // retries through the night
	})
	f.email.FailNext(1_000_000, errors.New("451 try again later"))
	m := message(notify.KindShipped)
	a := notify.Attempt{}
	var res notify.Result
	prev := monday
	for range 100 {
		res = f.d.Dispatch(ctx, m, a)
		if res.Outcome != notify.Retry {
			break
		}
		gap := res.NextAttempt.Sub(f.clock.Now())
		assert.Greater(t, gap, time.Duration(0))
		assert.LessOrEqual(t, gap, time.Hour)
		assert.False(t, res.NextAttempt.After(monday.Add(24*time.Hour)), "no retry is planned after MaxAge")
		prev = res.NextAttempt
		f.clock.Set(res.NextAttempt)
		a = res.Next()
	}
	require.Equal(t, notify.DeadLetter, res.Outcome)
	assert.Equal(t, notify.ReasonMaxAge, res.Reason)
	assert.Contains(t, res.Err.Error(), "451 try again later")
	assert.Equal(t, monday.Add(24*time.Hour), prev, "the last attempt comes exactly when MaxAge ends")
	assert.Equal(t, f.email.Calls(), res.Attempt)
	assert.Greater(t, res.Attempt, 20)
	assert.Less(t, res.Attempt, 40)
}

func TestPreferencesFailureIsRetried(t *testing.T) {
	t.Parallel()
	f := setup(t, func(c *notify.DispatcherConfig) {
		c.Preferences = notify.PreferencesFunc(func(context.Context, notify.Recipient) (notify.Prefs, error) {
			return notify.Prefs{}, errors.New("db down")
		})
	})
	res := f.d.Dispatch(context.Background(), message(notify.KindShipped), notify.Attempt{})
	assert.Equal(t, notify.Retry, res.Outcome)
	assert.Equal(t, notify.ReasonPreferences, res.Reason)
	assert.Zero(t, f.email.Calls(), "without preferences nothing is sent: consent and opt-outs are unknown")
}

func TestNoKnownChannelIsSuppressed(t *testing.T) {
	t.Parallel()
	f := setup(t, nil)
	f.prefs.Set("c1", notify.Prefs{Channels: []string{"pigeon"}})
	res := f.d.Dispatch(context.Background(), message(notify.KindShipped), notify.Attempt{})
	assert.Equal(t, notify.Suppressed, res.Outcome)
	assert.ErrorIs(t, res.Err, notify.ErrNoChannel)
}

func TestInvalidMessageDeadLetters(t *testing.T) {
	t.Parallel()
	f := setup(t, nil)
	m := message(notify.KindShipped)
	m.ID = ""
	res := f.d.Dispatch(context.Background(), m, notify.Attempt{})
	assert.Equal(t, notify.DeadLetter, res.Outcome)
	assert.ErrorIs(t, res.Err, notify.ErrInvalidMessage)
}

func TestRenderErrorDeadLetters(t *testing.T) {
	t.Parallel()
	renderer := nordlicht(t)
	f := setup(t, func(c *notify.DispatcherConfig) { c.Renderer = renderer })
	m := message("teleported")
	res := f.d.Dispatch(context.Background(), m, notify.Attempt{})
	assert.Equal(t, notify.DeadLetter, res.Outcome)
	assert.Equal(t, notify.ReasonRender, res.Reason)
	assert.ErrorIs(t, res.Err, notify.ErrNoTemplate)
	assert.Zero(t, f.email.Calls())
}

func TestCanceledContextIsRetriedLater(t *testing.T) {
	t.Parallel()
	f := setup(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := f.d.Dispatch(ctx, message(notify.KindShipped), notify.Attempt{})
	assert.Equal(t, notify.Retry, res.Outcome)
	assert.ErrorIs(t, res.Err, context.Canceled)
	assert.Zero(t, f.email.Calls())
	assert.Equal(t, notify.Attempt{N: 1, First: monday}, res.Next(), "nothing was tried")
}

func TestDispatchLogsDecisionsWithIDsOnly(t *testing.T) {
	t.Parallel()
	f := setup(t, nil)
	m := message(notify.KindShipped)
	f.d.Dispatch(context.Background(), m, notify.Attempt{})
	logs := f.logs.String()
	for _, want := range []string{`"message_id":"` + m.ID + `"`, `"kind":"shipped"`, `"outcome":"sent"`, `"channel":"email"`, `"recipient_id":"c1"`, `"shipment_id":"s1"`} {
		assert.Contains(t, logs, want)
	}
	for _, never := range []string{"ada@example.com", "+4917612345678", "Lovelace"} {
		assert.NotContains(t, logs, never)
	}
}

func TestDispatcherConfigValidation(t *testing.T) {
	t.Parallel()
	ch := map[string]notify.Notifier{"email": &notifytest.Recorder{}}
	for name, cfg := range map[string]notify.DispatcherConfig{
		"no channels":        {},
		"nil channel":        {Channels: map[string]notify.Notifier{"email": nil}},
		"unknown default":    {Channels: ch, DefaultChannels: []string{"sms"}},
		"negative rate":      {Channels: ch, RatePerRecipient: -1},
		"negative burst":     {Channels: ch, Burst: -1},
		"negative max age":   {Channels: ch, Retry: notify.RetryPolicy{MaxAge: -time.Hour}},
		"max below initial":  {Channels: ch, Retry: notify.RetryPolicy{Initial: time.Hour, Max: time.Minute}},
		"multiplier below 1": {Channels: ch, Retry: notify.RetryPolicy{Multiplier: 0.5}},
		"jitter 1":           {Channels: ch, Retry: notify.RetryPolicy{Jitter: 1}},
		"negative jitter":    {Channels: ch, Retry: notify.RetryPolicy{Jitter: -1}},
		"negative attempts":  {Channels: ch, Retry: notify.RetryPolicy{MaxAttempts: -1}},
	} {
		_, err := notify.NewDispatcher(cfg)
		assert.Error(t, err, name)
	}
	_, err := notify.NewDispatcher(notify.DispatcherConfig{Channels: ch})
	assert.NoError(t, err, "only Channels is required")
}

func TestDispatchConcurrently(t *testing.T) {
	t.Parallel()
	f := setup(t, func(c *notify.DispatcherConfig) { c.RatePerRecipient = rate.Inf })
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := message(notify.KindShipped)
			m.ID = fmt.Sprint("m", i)
			m.Recipient.ID = fmt.Sprint("c", i%7)
			if res := f.d.Dispatch(context.Background(), m, notify.Attempt{}); res.Outcome != notify.Sent {
				t.Errorf("message %d: %s %v", i, res.Outcome, res.Err)
			}
		}()
	}
	wg.Wait()
	assert.Len(t, f.email.Messages(), 50)
}

func TestOutcomes(t *testing.T) {
	t.Parallel()
	var names []string
	for _, o := range notify.Outcomes() {
		names = append(names, o.String())
	}
	assert.Equal(t, "sent deferred retry dead_letter opted_out suppressed", strings.Join(names, " "))
	assert.False(t, notify.Retry.Final())
	assert.False(t, notify.Deferred.Final())
	assert.True(t, notify.DeadLetter.Final())
	assert.Equal(t, notify.Attempt{}, notify.Result{Outcome: notify.Sent, Attempt: 3}.Next())
}

func TestSlowHookTimesOut(t *testing.T) {
	t.Parallel()
	renderer := nordlicht(t)
	f := setup(t, func(c *notify.DispatcherConfig) {
		c.Renderer = renderer
		c.HookTimeout = 20 * time.Millisecond
		c.DelayOffer = notify.DelayOfferFunc(func(ctx context.Context, _ notify.Message) (*notify.Offer, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		})
	})
	res := f.d.Dispatch(context.Background(), message(notify.KindDelayed), notify.Attempt{})
	require.Equal(t, notify.Sent, res.Outcome, res.Err)
	assert.NotContains(t, res.Message.Text, "Your code")
	assert.Contains(t, f.logs.String(), `"hook":"delay_offer"`)
	assert.Contains(t, f.logs.String(), "deadline exceeded")
}
