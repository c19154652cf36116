package tracking

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/tracking/store"
)

func TestAfterSubscribe(t *testing.T) {
	p := PollConfig{}.withDefaults()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	pending := store.Subscription{State: string(SubscriptionPending), NextAttemptAt: now}
	temp := carrier.Temporary(errors.New("unavailable"))
	for _, tc := range []struct {
		name string
		sub  store.Subscription
		got  *carrier.Subscription
		err  error
		want store.Subscription
	}{
		{"accepted without expiry", pending, &carrier.Subscription{ID: "t1"}, nil,
			store.Subscription{State: "active", ID: "t1", Since: now}},
		{"accepted with expiry: renewed ResubscribeBefore ahead", pending, &carrier.Subscription{ID: "t1", ExpiresAt: now.Add(30 * 24 * time.Hour)}, nil,
			store.Subscription{State: "active", ID: "t1", Since: now, ExpiresAt: now.Add(30 * 24 * time.Hour), NextAttemptAt: now.Add(29 * 24 * time.Hour)}},
		{"short expiry: renewed halfway", pending, &carrier.Subscription{ExpiresAt: now.Add(10 * time.Hour)}, nil,
			store.Subscription{State: "active", Since: now, ExpiresAt: now.Add(10 * time.Hour), NextAttemptAt: now.Add(5 * time.Hour)}},
		{"temporary failure: ErrorFirst", pending, nil, temp,
			store.Subscription{State: "pending", NextAttemptAt: now.Add(5 * time.Minute), Attempts: 1, LastError: "unavailable"}},
		{"third temporary failure: doubled twice", store.Subscription{State: "pending", Attempts: 2}, nil, temp,
			store.Subscription{State: "pending", NextAttemptAt: now.Add(20 * time.Minute), Attempts: 3, LastError: "unavailable"}},
		{"not found yet: NotFoundFirst", pending, nil, fmt.Errorf("x: %w", carrier.ErrNotFound),
			store.Subscription{State: "pending", NextAttemptAt: now.Add(time.Hour), Attempts: 1, LastError: "x: " + carrier.ErrNotFound.Error()}},
		{"SubscribeAttempts failures: failed", store.Subscription{State: "pending", Attempts: 9}, nil, temp,
			store.Subscription{State: "failed", Attempts: 10, LastError: "unavailable"}},
		{"unauthorized: failed at once", pending, nil, carrier.ErrUnauthorized,
			store.Subscription{State: "failed", Attempts: 1, LastError: carrier.ErrUnauthorized.Error()}},
		{"permanent: failed at once", pending, nil, carrier.Permanent(errors.New("bad request")),
			store.Subscription{State: "failed", Attempts: 1, LastError: "bad request"}},
		{"unsupported", pending, nil, fmt.Errorf("no push: %w", errors.ErrUnsupported),
			store.Subscription{State: "unsupported", LastError: "no push: unsupported operation"}},
		{"rate limited: after Retry-After, no attempt counted", pending, nil, &carrier.RateLimitError{Carrier: "x", RetryAfter: 10 * time.Minute},
			store.Subscription{State: "pending", NextAttemptAt: now.Add(10 * time.Minute), LastError: (&carrier.RateLimitError{Carrier: "x", RetryAfter: 10 * time.Minute}).Error()}},
		{"failed renewal of a live subscription: still active", store.Subscription{State: "active", ExpiresAt: now.Add(time.Hour)}, nil, temp,
			store.Subscription{State: "active", ExpiresAt: now.Add(time.Hour), NextAttemptAt: now.Add(5 * time.Minute), Attempts: 1, LastError: "unavailable"}},
		{"failed renewal after expiry: pending", store.Subscription{State: "active", ExpiresAt: now}, nil, temp,
			store.Subscription{State: "pending", ExpiresAt: now, NextAttemptAt: now.Add(5 * time.Minute), Attempts: 1, LastError: "unavailable"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := p.afterSubscribe(tc.sub, tc.got, tc.err, now); got != tc.want {
				t.Errorf("afterSubscribe:\n got  %+v\n want %+v", got, tc.want)
			}
		})
	}
}

func TestAfterUnsubscribe(t *testing.T) {
	p := PollConfig{}.withDefaults()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	ending := store.Subscription{State: string(SubscriptionEnding), ID: "t1", NextAttemptAt: now}
	ended := store.Subscription{State: "ended", ID: "t1"}
	for _, tc := range []struct {
		name string
		sub  store.Subscription
		err  error
		want store.Subscription
	}{
		{"done", ending, nil, ended},
		{"unsupported is done", ending, errors.ErrUnsupported, ended},
		{"not found is done", ending, carrier.ErrNotFound, ended},
		{"temporary: retried", ending, carrier.Temporary(errors.New("down")),
			store.Subscription{State: "ending", ID: "t1", NextAttemptAt: now.Add(5 * time.Minute), Attempts: 1, LastError: "down"}},
		{"temporary, fifth time: given up", store.Subscription{State: "ending", Attempts: 4}, carrier.Temporary(errors.New("down")),
			store.Subscription{State: "ended", Attempts: 5, LastError: "down"}},
		{"rate limited: counted, retried after Retry-After", ending, &carrier.RateLimitError{Carrier: "x", RetryAfter: 10 * time.Minute},
			store.Subscription{State: "ending", ID: "t1", NextAttemptAt: now.Add(10 * time.Minute), Attempts: 1,
				LastError: (&carrier.RateLimitError{Carrier: "x", RetryAfter: 10 * time.Minute}).Error()}},
		{"rate limited, fifth time: given up", store.Subscription{State: "ending", Attempts: 4}, &carrier.RateLimitError{Carrier: "x", RetryAfter: 10 * time.Minute},
			store.Subscription{State: "ended", Attempts: 5, LastError: (&carrier.RateLimitError{Carrier: "x", RetryAfter: 10 * time.Minute}).Error()}},
		{"permanent: given up", ending, carrier.ErrUnauthorized,
			store.Subscription{State: "ended", ID: "t1", Attempts: 1, LastError: carrier.ErrUnauthorized.Error()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := p.afterUnsubscribe(tc.sub, tc.err, now); got != tc.want {
				t.Errorf("afterUnsubscribe:\n got  %+v\n want %+v", got, tc.want)
			}
		})
	}
}

func TestEndSubscription(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	if got := endSubscription(store.Subscription{State: "active", ID: "t1", Since: now.Add(-time.Hour)}, now); got != (store.Subscription{State: "ending", ID: "t1", Since: now.Add(-time.Hour), NextAttemptAt: now}) {
		t.Errorf("an active subscription ends by unsubscribing now, got %+v", got)
	}
	if got := endSubscription(store.Subscription{State: "pending", Attempts: 2, NextAttemptAt: now}, now); got.State != "ended" || !got.NextAttemptAt.IsZero() {
		t.Errorf("a pending subscription is never made, got %+v", got)
	}
	for _, st := range []SubscriptionState{SubscriptionNone, SubscriptionUnsupported, SubscriptionFailed, SubscriptionEnding, SubscriptionEnded} {
		sub := store.Subscription{State: string(st), LastError: "x"}
		if got := endSubscription(sub, now); got != sub {
			t.Errorf("%q is left as it is, got %+v", st, got)
		}
	}
}

// The safety-net schedule of a subscribed shipment (Berlin, ETA Wednesday).
func TestPushNext(t *testing.T) {
	p := PollConfig{}.withDefaults()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	day := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, berlin) }
	eta := day(4, 23, 59)
	for _, tc := range []struct {
		name   string
		latest milestone.Milestone
		eta    time.Time
		now    time.Time
		want   time.Time
	}{
		{"in transit, days before the estimate: a day after the last news", milestone.InTransit, eta, day(2, 10, 0), day(3, 10, 0)},
		{"no estimate: a day", milestone.InTransit, time.Time{}, day(2, 10, 0), day(3, 10, 0)},
		{"the evening before the estimate day: its first morning (night rule)", milestone.InTransit, eta, day(3, 20, 0), day(4, 6, 0)},
		{"on the estimate day: every 2 hours", milestone.InTransit, eta, day(4, 9, 0), day(4, 11, 0)},
		{"at the local facility: every 2 hours, whatever the day", milestone.ArrivedAtLocalFacility, day(9, 23, 59), day(4, 12, 0), day(4, 14, 0)},
		{"out for delivery: every 4 hours", milestone.OutForDelivery, eta, day(4, 9, 0), day(4, 13, 0)},
		{"out for delivery in the evening: the next morning", milestone.OutForDelivery, eta, day(4, 19, 0), day(5, 6, 0)},
		{"the estimate day passed: a day after the last news", milestone.InTransit, eta, day(5, 10, 0), day(6, 10, 0)},
		{"at a pickup point: a day", milestone.AvailableForPickup, eta, day(4, 10, 0), day(5, 10, 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := memo{Facts: facts{Latest: tc.latest, PickedUp: true, LastScan: tc.now.Add(-time.Hour)}}
			if got := p.pushNext(&m, StateOnTrack, tc.eta, berlin, tc.now); !got.Equal(tc.want) {
				t.Errorf("pushNext = %s, want %s", got, tc.want)
			}
		})
	}
	m := memo{Facts: facts{Latest: milestone.Delivered}}
	if got := p.pushNext(&m, StateDelivered, eta, berlin, day(4, 10, 0)); !got.IsZero() {
		t.Errorf("a delivered shipment is not polled, got %s", got)
	}
	m = memo{Failures: 2, Facts: facts{Latest: milestone.InTransit, PickedUp: true}}
	if got, want := p.pushNext(&m, StateOnTrack, eta, berlin, day(2, 10, 0)), day(2, 10, 10); !got.Equal(want) {
		t.Errorf("after failures the error backoff holds, got %s want %s", got, want)
	}
}
