package tracking

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/tracking/store"
)

// SubscriptionState says where a shipment's push subscription with its
// carrier (carrier.Subscriber) stands.
type SubscriptionState string

// The subscription states. A shipment of a carrier that implements
// carrier.Subscriber starts pending; Tick subscribes it (a failure is retried
// with backoff) and, once the shipment reached a terminal state (delivered,
// returned, cancelled), unsubscribes it.
const (
	// SubscriptionNone: the carrier does not push (it does not implement
	// carrier.Subscriber).
	SubscriptionNone SubscriptionState = ""
	// SubscriptionPending: the shipment is to be subscribed at
	// SubscriptionView.NextAttempt; after failures, Attempts and LastError
	// say why not yet. It is polled on the adaptive schedule meanwhile.
	SubscriptionPending SubscriptionState = "pending"
	// SubscriptionActive: the carrier pushes the shipment's updates; it is
	// polled only as a safety net (PollConfig.Subscribed and
	// SubscribedDeliveryDay), and subscribed again before ExpiresAt.
	SubscriptionActive SubscriptionState = "active"
	// SubscriptionUnsupported: the carrier, or this account of it, cannot
	// push (Subscribe returned errors.ErrUnsupported): polled as usual.
	SubscriptionUnsupported SubscriptionState = "unsupported"
	// SubscriptionFailed: the carrier refused the subscription for good (an
	// unauthorized account, a permanent error, or PollConfig.SubscribeAttempts
	// failures in a row): polled as usual.
	SubscriptionFailed SubscriptionState = "failed"
	// SubscriptionEnding: the journey ended; the shipment is to be
	// unsubscribed at NextAttempt.
	SubscriptionEnding SubscriptionState = "ending"
	// SubscriptionEnded: unsubscribed, or never subscribed before the
	// journey ended (a carrier that cannot unsubscribe counts as done).
	SubscriptionEnded SubscriptionState = "ended"
)

// SubscriptionStates returns every subscription state but SubscriptionNone.
func SubscriptionStates() []SubscriptionState {
	return []SubscriptionState{SubscriptionPending, SubscriptionActive, SubscriptionUnsupported,
		SubscriptionFailed, SubscriptionEnding, SubscriptionEnded}
}

// SubscriptionView is what Status reports about a shipment's push
// subscription (View.Subscription).
type SubscriptionView struct {
	// State is where the subscription stands.
	State SubscriptionState
	// ID is the carrier's id of the subscription, when it gives one.
	ID string
	// Since is when the carrier last accepted the subscription; zero if never.
	Since time.Time
	// ExpiresAt is when the carrier stops pushing on its own; zero if it
	// does not say. The Service subscribes again PollConfig.ResubscribeBefore
	// ahead of it.
	ExpiresAt time.Time
	// NextAttempt is when the Service next calls Subscribe (first attempt,
	// retry or renewal) or Unsubscribe; zero if it does not plan to.
	NextAttempt time.Time
	// Attempts counts the consecutive failed calls, and LastError is the
	// last failure's error (without personal data); empty after a success.
	Attempts  int
	LastError string
	// LastPush is when a pushed update (WebhookHandler) last brought news;
	// zero if none did.
	LastPush time.Time
}

// subscribing reports whether sub is an active subscription at now, so that
// the shipment is polled only as a safety net.
func subscribing(sub store.Subscription, now time.Time) bool {
	return SubscriptionState(sub.State) == SubscriptionActive && (sub.ExpiresAt.IsZero() || now.Before(sub.ExpiresAt))
}

// subscriptionDue reports whether a subscribe or unsubscribe call of sub is due at now.
func subscriptionDue(sub store.Subscription, now time.Time) bool {
	switch SubscriptionState(sub.State) {
	case SubscriptionPending, SubscriptionActive, SubscriptionEnding:
		return !sub.NextAttemptAt.IsZero() && !sub.NextAttemptAt.After(now)
	}
	return false
}

// endSubscription is the subscription once the journey reached a terminal
// state: an active one is to be unsubscribed now, a pending one is never
// subscribed.
func endSubscription(sub store.Subscription, now time.Time) store.Subscription {
	switch SubscriptionState(sub.State) {
	case SubscriptionActive:
		return store.Subscription{State: string(SubscriptionEnding), ID: sub.ID, Since: sub.Since, ExpiresAt: sub.ExpiresAt, NextAttemptAt: now}
	case SubscriptionPending:
		sub.State, sub.NextAttemptAt = string(SubscriptionEnded), time.Time{}
	}
	return sub
}

// afterSubscribe returns the subscription after a Subscribe call at now that
// answered got or err. It is pure.
func (p PollConfig) afterSubscribe(sub store.Subscription, got *carrier.Subscription, err error, now time.Time) store.Subscription {
	if err == nil {
		s := store.Subscription{State: string(SubscriptionActive), Since: now}
		if got != nil {
			s.ID, s.ExpiresAt = store.CleanText(got.ID), got.ExpiresAt
			if !s.ExpiresAt.IsZero() && (!usableTime(s.ExpiresAt) || !s.ExpiresAt.After(now)) {
				// A broken clock's expiry, or one already past (which
				// would be renewed at every Tick): the carrier says
				// nothing usable, and the safety net polls.
				s.ExpiresAt = time.Time{}
			}
		}
		s.NextAttemptAt = p.renewAt(s, now)
		return s
	}
	sub.LastError = store.CleanText(redact(err.Error()))
	var rl *carrier.RateLimitError
	switch {
	case errors.Is(err, errors.ErrUnsupported):
		return store.Subscription{State: string(SubscriptionUnsupported), LastError: sub.LastError}
	case errors.As(err, &rl):
		// Not the subscription's failure: ask again when the limit ends.
		sub.NextAttemptAt = now.Add(min(max(rl.RetryAfter, p.RateLimited), p.RateLimitedMax))
		return sub
	case errors.Is(err, carrier.ErrUnauthorized) || (!carrier.IsTemporary(err) && !errors.Is(err, carrier.ErrNotFound)):
		sub.State, sub.NextAttemptAt = string(SubscriptionFailed), time.Time{}
		sub.Attempts++
		return sub
	}
	sub.Attempts++
	if sub.Attempts >= p.SubscribeAttempts {
		if subscribing(sub, now) {
			// A renewal that keeps failing: the pushes go on until the
			// subscription expires, and the shipment is polled as usual after.
			sub.NextAttemptAt = time.Time{}
			return sub
		}
		sub.State, sub.NextAttemptAt = string(SubscriptionFailed), time.Time{}
		return sub
	}
	if !subscribing(sub, now) {
		sub.State = string(SubscriptionPending) // an expired subscription no longer pushes
	}
	if errors.Is(err, carrier.ErrNotFound) {
		sub.NextAttemptAt = now.Add(grow(p.NotFoundFirst, p.NotFoundMax, sub.Attempts))
	} else {
		sub.NextAttemptAt = now.Add(grow(p.ErrorFirst, p.ErrorMax, sub.Attempts))
	}
	return sub
}

// renewAt is when an active subscription is renewed: ResubscribeBefore
// ahead of its expiry, but not before half of its remaining life; zero for a
// subscription that does not expire.
func (p PollConfig) renewAt(sub store.Subscription, now time.Time) time.Time {
	if sub.ExpiresAt.IsZero() {
		return time.Time{}
	}
	left := sub.ExpiresAt.Sub(now)
	return now.Add(max(left-p.ResubscribeBefore, left/2))
}

// unsubscribeAttempts is how many failed Unsubscribe calls (rate-limited
// ones included) are retried before the Service gives up: the carrier's
// pushes then end on their own.
const unsubscribeAttempts = 5

// afterUnsubscribe returns the subscription after an Unsubscribe call at now
// that answered err. A carrier that cannot unsubscribe (errors.ErrUnsupported)
// or does not know the number (carrier.ErrNotFound) is done. It is pure.
func (p PollConfig) afterUnsubscribe(sub store.Subscription, err error, now time.Time) store.Subscription {
	if err == nil || errors.Is(err, errors.ErrUnsupported) || errors.Is(err, carrier.ErrNotFound) {
		return store.Subscription{State: string(SubscriptionEnded), ID: sub.ID, Since: sub.Since, ExpiresAt: sub.ExpiresAt}
	}
	sub.Attempts++
	sub.LastError = store.CleanText(redact(err.Error()))
	var rl *carrier.RateLimitError
	switch {
	case errors.As(err, &rl) && sub.Attempts < unsubscribeAttempts:
		// Counted like any failure: a carrier that rate-limits every
		// Unsubscribe must not keep a finished shipment due for good.
		sub.NextAttemptAt = now.Add(min(max(rl.RetryAfter, p.RateLimited), p.RateLimitedMax))
	case carrier.IsTemporary(err) && sub.Attempts < unsubscribeAttempts:
		sub.NextAttemptAt = now.Add(grow(p.ErrorFirst, p.ErrorMax, sub.Attempts))
	default:
		sub.State, sub.NextAttemptAt = string(SubscriptionEnded), time.Time{}
	}
	return sub
}

// subscriptionStep makes the subscribe or unsubscribe call that is due for
// a claimed shipment of carrier c. It returns how to record the answer, and
// the carrier's current data when a subscription's answer carries it.
func (s *Service) subscriptionStep(ctx context.Context, c carrier.Carrier, sh *store.Shipment, now time.Time) (adjuster, *carrier.Update) {
	sc, ok := c.(carrier.Subscriber)
	if !ok {
		// The carrier no longer pushes (the host wired another adapter).
		return setSubscription(store.Subscription{}), nil
	}
	sub := sh.Subscription
	if until := s.pausedUntil(c.ID(), now); !until.IsZero() {
		sub.NextAttemptAt = until
		return setSubscription(sub), nil
	}
	cctx, cancel := s.pollContext(ctx)
	defer cancel()
	if SubscriptionState(sub.State) == SubscriptionEnding || State(sh.State).Terminal() {
		err := sc.Unsubscribe(cctx, sh.TrackingNumber)
		s.pauseOn(c.ID(), now, err)
		s.pauseOnTimeout(ctx, cctx, c.ID(), now)
		next := s.cfg.Poll.afterUnsubscribe(sub, err, now)
		s.log.InfoContext(ctx, "tracking: unsubscribed", "shipment", sh.ID, "carrier", c.ID(), "state", next.State,
			"err", errText(err))
		return setSubscription(next), nil
	}
	got, err := sc.Subscribe(cctx, sh.TrackingNumber)
	s.pauseOn(c.ID(), now, err)
	s.pauseOnTimeout(ctx, cctx, c.ID(), now)
	next := s.cfg.Poll.afterSubscribe(sub, got, err, now)
	if err != nil {
		s.log.WarnContext(ctx, "tracking: subscribe failed", "shipment", sh.ID, "carrier", c.ID(), "state", next.State,
			"attempts", next.Attempts, "next_attempt", next.NextAttemptAt, "err", errText(err))
		return setSubscription(next), nil
	}
	s.log.InfoContext(ctx, "tracking: subscribed", "shipment", sh.ID, "carrier", c.ID(), "expires", next.ExpiresAt)
	var u *carrier.Update
	if got != nil && got.Update != nil {
		cp := *got.Update
		if cp.Carrier == "" {
			cp.Carrier = c.ID()
		}
		if cp.TrackingNumber == sh.TrackingNumber {
			u = &cp
		}
	}
	return setSubscription(next), u
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return redact(err.Error())
}

// pauseOn leaves the carrier alone for a rate-limit error's Retry-After.
func (s *Service) pauseOn(carrierID string, now time.Time, err error) {
	var rl *carrier.RateLimitError
	if errors.As(err, &rl) {
		s.pause(carrierID, now, now.Add(max(rl.RetryAfter, s.cfg.Poll.RateLimited)))
	}
}

// adjuster changes a shipment's record and bookkeeping as one step of apply
// writes it (poll results, subscription answers).
type adjuster func(rec *store.Shipment, m *memo, now time.Time)

func setSubscription(sub store.Subscription) adjuster {
	return func(rec *store.Shipment, _ *memo, _ time.Time) { rec.Subscription = sub }
}

// both returns an adjuster doing a, then b; either may be nil.
func both(a, b adjuster) adjuster {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return func(rec *store.Shipment, m *memo, now time.Time) {
		a(rec, m, now)
		b(rec, m, now)
	}
}

// memoOnly adapts a change of the bookkeeping alone to an adjuster.
func memoOnly(f func(*memo, time.Time)) adjuster {
	return func(_ *store.Shipment, m *memo, now time.Time) { f(m, now) }
}

// pushNext returns when a shipment with an active subscription is polled
// next, as the safety net of its pushes: Subscribed after the last news
// (each push with news, and each poll, moves it on); from the midnight
// (shipment zone) that starts the estimated delivery day, until out for
// delivery is known, every SubscribedDeliveryDay, so that a lost
// out-for-delivery push is found before the delivery's push supersedes it;
// once out for delivery (or after a failed attempt) every
// SubscribedOutForDelivery, so that a lost delivery push is found the same
// day. The night rule applies to both. Failures back off as in next; zero
// means never. It is pure.
func (p PollConfig) pushNext(m *memo, st State, eta time.Time, loc *time.Location, now time.Time) time.Time {
	if st.Terminal() {
		return time.Time{}
	}
	if m.NotFound > 0 || m.Failures > 0 {
		return p.next(m, st, eta, loc, now)
	}
	next := now.Add(p.Subscribed)
	var from time.Time
	every := p.SubscribedDeliveryDay
	switch {
	case m.Facts.Latest == milestone.OutForDelivery || m.Facts.Latest == milestone.DeliveryAttempted:
		from, every = now, p.SubscribedOutForDelivery
	case m.Facts.Latest == milestone.ArrivedAtLocalFacility:
		from = now
	case m.Facts.Latest == milestone.AvailableForPickup:
		// Waiting for the customer, not the carrier: Subscribed.
	case !eta.IsZero():
		l := eta.In(loc)
		dayStart := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
		if next.After(dayStart) && now.Before(dayStart.AddDate(0, 0, 1)) {
			from = dayStart
			if now.After(from) {
				from = now
			}
		}
	}
	if !from.IsZero() {
		if fast := p.after(from, every, loc); fast.Before(next) {
			next = fast
		}
	}
	return next
}

// subscriptionView is the View of a stored subscription.
func subscriptionView(sub store.Subscription, m memo) SubscriptionView {
	return SubscriptionView{State: SubscriptionState(sub.State), ID: sub.ID, Since: sub.Since, ExpiresAt: sub.ExpiresAt,
		NextAttempt: sub.NextAttemptAt, Attempts: sub.Attempts, LastError: sub.LastError, LastPush: m.LastPush}
}

// checkSubscription validates the subscription fields of PollConfig.
func (p PollConfig) checkSubscription() error {
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"Subscribed", p.Subscribed}, {"SubscribedDeliveryDay", p.SubscribedDeliveryDay},
		{"SubscribedOutForDelivery", p.SubscribedOutForDelivery}, {"ResubscribeBefore", p.ResubscribeBefore}} {
		if d.v < 0 {
			return fmt.Errorf("tracking: Config.Poll.%s must be positive, got %s", d.name, d.v)
		}
	}
	if p.SubscribeAttempts < 0 {
		return fmt.Errorf("tracking: Config.Poll.SubscribeAttempts must be positive, got %d", p.SubscribeAttempts)
	}
	return nil
}
