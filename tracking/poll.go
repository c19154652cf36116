package tracking

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/bizday"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/tracking/store"
)

// PollConfig sets how often shipments are polled. Zero fields take defaults.
type PollConfig struct {
	// Pending is the interval while nothing beyond info_received is known.
	// Defaults to 8 hours.
	Pending time.Duration
	// InTransit is the interval while the parcel moves and the estimate is
	// near or unknown. Defaults to 4 hours.
	InTransit time.Duration
	// FarFromETA is the interval while the estimate is more than two days
	// away, and at a pickup point. Defaults to 16 hours.
	FarFromETA time.Duration
	// DeliveryDay is the interval on the estimated delivery day, at the local
	// facility on that day and during an exception. Defaults to 90 minutes.
	DeliveryDay time.Duration
	// OutForDelivery is the interval while out for delivery or after a failed
	// attempt. Defaults to 1 hour.
	OutForDelivery time.Duration
	// Webhook is the safety-net interval of shipments whose updates arrive
	// by webhook (Shipment.WebhookFed, or a webhook came) without a carrier
	// subscription. Defaults to 24 hours.
	Webhook time.Duration
	// Subscribed is the safety-net interval of a shipment whose carrier
	// pushes its updates (an active subscription, see carrier.Subscriber):
	// it is polled once the carrier has told nothing new for this long,
	// neither by push nor by poll, which catches a lost webhook and a
	// subscription the carrier dropped. Defaults to 24 hours.
	Subscribed time.Duration
	// SubscribedDeliveryDay is the safety-net interval of a subscribed
	// shipment from the midnight (shipment zone) that starts the carrier's
	// estimated delivery day until out for delivery is known, also once
	// that day passed without delivery: a lost out-for-delivery push is
	// found before the delivery's push would make it news of the past. The
	// night rule applies. Defaults to 2 hours.
	SubscribedDeliveryDay time.Duration
	// SubscribedOutForDelivery is the safety-net interval of a subscribed
	// shipment out for delivery or after a failed attempt, so that a lost
	// delivery push is found the same day. The night rule applies. Defaults
	// to 4 hours.
	SubscribedOutForDelivery time.Duration
	// ResubscribeBefore is how long before a subscription's expiry
	// (carrier.Subscription.ExpiresAt) the Service subscribes again, at
	// the latest halfway through the time left. Defaults to 24 hours.
	ResubscribeBefore time.Duration
	// SubscribeAttempts is how many failed Subscribe calls in a row (each
	// retried after ErrorFirst doubling up to ErrorMax, or NotFoundFirst
	// up to NotFoundMax for a number the carrier does not know yet) end in
	// SubscriptionFailed: the shipment is then polled as usual. An
	// unauthorized account or a permanent error fails at once, and
	// errors.ErrUnsupported makes it SubscriptionUnsupported. Defaults to 10.
	SubscribeAttempts int
	// NotFoundFirst is the first retry after the carrier answered "not
	// found"; it doubles up to NotFoundMax. Defaults to 1 hour and 12 hours.
	NotFoundFirst, NotFoundMax time.Duration
	// ErrorFirst is the first retry after another failure; it doubles up to
	// ErrorMax. Defaults to 5 minutes and 2 hours.
	ErrorFirst, ErrorMax time.Duration
	// RateLimited is how long a carrier is left alone after a rate-limit
	// answer without Retry-After. Defaults to 1 minute.
	RateLimited time.Duration
	// RateLimitedMax is the longest a rate-limit answer leaves a carrier
	// alone, whatever its Retry-After says: a carrier's bug (a number of
	// seconds or a date decades ahead) cannot stop its polls, and so leave
	// its shipments to go "lost". Defaults to carrier.MaxRetryAfter (1 hour).
	RateLimitedMax time.Duration
	// NightStart and NightEnd are the hours (0-23, shipment zone) between
	// which no customer-relevant scan is expected: a poll that would fall
	// then moves to NightEnd. Default to 22 and 6; -1
	// in NightStart switches the rule off.
	NightStart, NightEnd int
}

// EconomyPoll returns a schedule for hosts whose carrier quota is tight,
// such as an aggregator that charges per tracking request: the same rules
// as the defaults with longer intervals (12 hours before pickup and in
// transit, a day far from the estimate, 100 minutes on the delivery day
// and out for delivery). In BenchmarkPollingSimulation it asks the carrier
// about a third as often as a poller asking every 2 hours, and 30% less
// than the defaults, and still tells out-for-delivery and delivered sooner
// than the 2-hour poller; it finds a revised estimate (and so sends a
// delayed message) hours later than the defaults do.
func EconomyPoll() PollConfig {
	return PollConfig{
		Pending: 12 * time.Hour, InTransit: 12 * time.Hour, FarFromETA: 24 * time.Hour,
		DeliveryDay: 100 * time.Minute, OutForDelivery: 100 * time.Minute,
	}
}

func (p PollConfig) withDefaults() PollConfig {
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&p.Pending, 8*time.Hour)
	def(&p.InTransit, 4*time.Hour)
	def(&p.FarFromETA, 16*time.Hour)
	def(&p.DeliveryDay, 90*time.Minute)
	def(&p.OutForDelivery, time.Hour)
	def(&p.Webhook, 24*time.Hour)
	def(&p.Subscribed, 24*time.Hour)
	def(&p.SubscribedDeliveryDay, 2*time.Hour)
	def(&p.SubscribedOutForDelivery, 4*time.Hour)
	def(&p.ResubscribeBefore, 24*time.Hour)
	if p.SubscribeAttempts == 0 {
		p.SubscribeAttempts = 10
	}
	def(&p.NotFoundFirst, time.Hour)
	def(&p.NotFoundMax, 12*time.Hour)
	def(&p.ErrorFirst, 5*time.Minute)
	def(&p.ErrorMax, 2*time.Hour)
	def(&p.RateLimited, time.Minute)
	def(&p.RateLimitedMax, carrier.MaxRetryAfter)
	if p.NightStart == 0 && p.NightEnd == 0 {
		p.NightStart, p.NightEnd = 22, 6
	}
	return p
}

func (p PollConfig) validate() error {
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"Pending", p.Pending}, {"InTransit", p.InTransit}, {"FarFromETA", p.FarFromETA}, {"DeliveryDay", p.DeliveryDay},
		{"OutForDelivery", p.OutForDelivery}, {"Webhook", p.Webhook}, {"NotFoundFirst", p.NotFoundFirst},
		{"NotFoundMax", p.NotFoundMax}, {"ErrorFirst", p.ErrorFirst}, {"ErrorMax", p.ErrorMax}, {"RateLimited", p.RateLimited},
		{"RateLimitedMax", p.RateLimitedMax}} {
		if d.v < 0 {
			return fmt.Errorf("tracking: Config.Poll.%s must be positive, got %s", d.name, d.v)
		}
	}
	if err := p.checkSubscription(); err != nil {
		return err
	}
	if p.RateLimitedMax < p.RateLimited {
		return fmt.Errorf("tracking: Config.Poll.RateLimitedMax (%s) is below RateLimited (%s)", p.RateLimitedMax, p.RateLimited)
	}
	if p.NightStart < -1 || p.NightStart > 23 || p.NightEnd < 0 || p.NightEnd > 23 {
		return fmt.Errorf("tracking: Config.Poll.NightStart and NightEnd must be hours 0-23 (NightStart -1: off), got %d and %d", p.NightStart, p.NightEnd)
	}
	return nil
}

// atNight reports whether t's hour in loc is in the night window.
func (p PollConfig) atNight(t time.Time, loc *time.Location) bool {
	if p.NightStart < 0 || p.NightStart == p.NightEnd {
		return false
	}
	h := t.In(loc).Hour()
	if p.NightStart > p.NightEnd {
		return h >= p.NightStart || h < p.NightEnd
	}
	return h >= p.NightStart && h < p.NightEnd
}

// after returns now+d, moved to the end of the night when it falls into the
// night and d is short.
func (p PollConfig) after(now time.Time, d time.Duration, loc *time.Location) time.Time {
	t := now.Add(d)
	if !p.atNight(t, loc) {
		return t
	}
	l := t.In(loc)
	end := time.Date(l.Year(), l.Month(), l.Day(), p.NightEnd, 0, 0, 0, loc)
	if !end.After(l) {
		end = end.AddDate(0, 0, 1)
	}
	return end
}

func grow(first, limit time.Duration, n int) time.Duration {
	d := first
	for i := 1; i < n && d < limit; i++ {
		d *= 2
	}
	return min(d, limit)
}

// next returns when a shipment should be polled next, from its bookkeeping,
// state, estimate and the clock; zero means never. It is pure.
func (p PollConfig) next(m *memo, st State, eta time.Time, loc *time.Location, now time.Time) time.Time {
	if st.Terminal() {
		return time.Time{}
	}
	switch {
	case m.NotFound > 0 && m.Facts.LastScan.IsZero():
		return now.Add(grow(p.NotFoundFirst, p.NotFoundMax, m.NotFound))
	case m.NotFound > 0 || m.Failures > 0:
		return now.Add(grow(p.ErrorFirst, p.ErrorMax, m.NotFound+m.Failures))
	case m.Webhook:
		return now.Add(p.Webhook)
	}
	quiet := !m.Facts.LastScan.IsZero() && now.Sub(m.Facts.LastScan) > 24*time.Hour
	switch m.Facts.Latest {
	case milestone.OutForDelivery:
		return p.after(now, p.OutForDelivery, loc)
	case milestone.ArrivedAtLocalFacility:
		if eta.IsZero() || bizday.SameDay(eta, now, loc) {
			return p.after(now, p.DeliveryDay, loc)
		}
		return p.after(now, p.InTransit, loc)
	case milestone.AvailableForPickup:
		return now.Add(p.FarFromETA)
	case milestone.DeliveryAttempted, milestone.Exception:
		return p.after(now, p.InTransit, loc)
	}
	switch {
	case !m.Facts.PickedUp:
		return now.Add(p.Pending)
	case quiet:
		// No scan for a day: the parcel is stuck or lost; the time rules
		// report that, frequent polls would not.
		if now.Sub(m.Facts.LastScan) > 72*time.Hour {
			return p.after(now, p.FarFromETA, loc)
		}
		return p.after(now, p.Pending, loc)
	case !eta.IsZero() && bizday.SameDay(eta, now, loc):
		return p.after(now, p.DeliveryDay, loc)
	case !eta.IsZero() && eta.Sub(now) > 48*time.Hour:
		return now.Add(p.FarFromETA)
	}
	return p.after(now, p.InTransit, loc)
}

// Tick does what is due at the clock's current time: it claims due shipments
// under a lease, polls those whose poll is due (in batches where the carrier
// supports them, leaving rate-limited carriers alone for their Retry-After),
// applies the time rules of the state machine, and flushes the outbox,
// retrying failed sends whose backoff ended. Errors of single shipments and
// sends are logged and joined into the returned error; they do not stop the
// Tick.
func (s *Service) Tick(ctx context.Context) error {
	now := s.cfg.Now()
	var errs []error
	for round := 0; round < 1000; round++ {
		due, err := s.store.ClaimDue(ctx, store.ClaimDueParams{Now: now, Owner: s.cfg.Owner, Max: s.cfg.BatchSize, LeaseFor: s.cfg.LeaseFor})
		if err != nil {
			errs = append(errs, fmt.Errorf("tracking: tick: claim due: %w", err))
			break
		}
		byCarrier := map[string][]*store.Shipment{}
		var order []string
		subAdjust := map[string]adjuster{}
		for _, sh := range due {
			m, err := decodeMemo(sh.Memo)
			c, ok := s.cfg.Carriers.Get(sh.Carrier)
			if !m.Overdue.IsZero() && m.NextPoll.After(now.Add(s.cfg.Poll.RateLimitedMax)) {
				// A postponement beyond the longest pause (written before
				// pauses were bounded) is over.
				m.NextPoll = now
			}
			var sub adjuster
			// The subscriptions of numbers corrected away end first.
			old := s.endOldSubscriptions(ctx, sh.ID, m, now)
			if err == nil && ok && subscriptionDue(sh.Subscription, now) {
				// Subscribing comes first: a subscription whose answer
				// carries the carrier's data makes this poll unnecessary.
				var u *carrier.Update
				sub, u = s.subscriptionStep(ctx, c, sh, now)
				probe := *sh
				sub(&probe, &memo{}, now)
				if subscribing(probe.Subscription, now) && !subscribing(sh.Subscription, now) {
					errs = append(errs, s.apply(ctx, sh, u, fromPoll, s.cfg.Owner, both(old, sub)))
					continue
				}
			}
			sub = both(old, sub)
			if err != nil || !ok || State(sh.State).Terminal() || m.NextPoll.IsZero() || m.NextPoll.After(now) {
				errs = append(errs, s.apply(ctx, sh, nil, fromClock, s.cfg.Owner, sub))
				continue
			}
			if until := s.pausedUntil(c.ID(), now); !until.IsZero() {
				errs = append(errs, s.apply(ctx, sh, nil, fromClock, s.cfg.Owner, both(sub, postpone(until, s.cfg.Poll.RateLimitedMax))))
				continue
			}
			if _, seen := byCarrier[sh.Carrier]; !seen {
				order = append(order, sh.Carrier)
			}
			byCarrier[sh.Carrier] = append(byCarrier[sh.Carrier], sh)
			if sub != nil {
				subAdjust[sh.ID] = sub
			}
		}
		for _, id := range order {
			c, _ := s.cfg.Carriers.Get(id)
			errs = append(errs, s.poll(ctx, c, byCarrier[id], now, subAdjust))
		}
		if len(due) < s.cfg.BatchSize || ctx.Err() != nil {
			break
		}
	}
	errs = append(errs, s.flush(ctx, now))
	return oncePrefixed(errors.Join(errs...))
}

func (s *Service) pausedUntil(carrierID string, now time.Time) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if until, ok := s.paused[carrierID]; ok && until.After(now) {
		return until
	}
	return time.Time{}
}

// pause leaves the carrier alone until until, at most Poll.RateLimitedMax
// from now.
func (s *Service) pause(carrierID string, now, until time.Time) {
	if limit := now.Add(s.cfg.Poll.RateLimitedMax); until.After(limit) {
		until = limit
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if until.After(s.paused[carrierID]) {
		s.paused[carrierID] = until
	}
}

// poll tracks the claimed shipments of one carrier and applies the answers,
// together with the subscription answers in sub (by shipment ID).
func (s *Service) poll(ctx context.Context, c carrier.Carrier, shs []*store.Shipment, now time.Time, sub map[string]adjuster) error {
	var numbers []string
	seen := map[string]bool{}
	for _, sh := range shs {
		if !seen[sh.TrackingNumber] {
			seen[sh.TrackingNumber] = true
			numbers = append(numbers, sh.TrackingNumber)
		}
	}
	// carrier.TrackMany chunks batches and stops at the first rate limit;
	// paced adds this Service's pause and per-call timeout to every call.
	results := map[string]carrier.TrackResult{}
	for _, r := range carrier.TrackMany(ctx, s.paced(c, now), numbers) {
		results[r.TrackingNumber] = r
	}
	var errs []error
	for _, sh := range shs {
		r, ok := results[sh.TrackingNumber]
		switch {
		case !ok || errors.As(r.Err, new(*carrier.RateLimitError)):
			// paced has paused the carrier for the Retry-After.
			until := s.pausedUntil(c.ID(), now)
			if until.IsZero() {
				until = now.Add(s.cfg.Poll.RateLimited)
			}
			s.log.WarnContext(ctx, "tracking: carrier rate limited, poll postponed", "shipment", sh.ID, "carrier", c.ID(), "until", until)
			errs = append(errs, s.apply(ctx, sh, nil, fromClock, s.cfg.Owner, both(sub[sh.ID], postpone(until, s.cfg.Poll.RateLimitedMax))))
		case r.Err != nil:
			notFound := errors.Is(r.Err, carrier.ErrNotFound)
			s.log.WarnContext(ctx, "tracking: poll failed", "shipment", sh.ID, "carrier", c.ID(), "not_found", notFound, "err", redact(r.Err.Error()))
			errs = append(errs, s.apply(ctx, sh, nil, fromPoll, s.cfg.Owner, both(sub[sh.ID], memoOnly(func(m *memo, _ time.Time) {
				m.Overdue = time.Time{}
				if notFound {
					m.NotFound++
				} else {
					m.Failures++
				}
			}))))
		case r.Update == nil:
			errs = append(errs, s.apply(ctx, sh, nil, fromPoll, s.cfg.Owner, both(sub[sh.ID], memoOnly(resetFailures))))
		default:
			u := *r.Update
			if u.Carrier == "" {
				u.Carrier = c.ID()
			}
			errs = append(errs, s.apply(ctx, sh, &u, fromPoll, s.cfg.Owner, both(sub[sh.ID], memoOnly(resetFailures))))
		}
	}
	return errors.Join(errs...)
}

// paced wraps c for one poll: a call while the carrier is paused answers a
// rate-limit error without reaching it, every call is bounded by
// Config.PollTimeout, and a rate-limit answer pauses the carrier for its
// Retry-After. The wrapper is a BatchTracker exactly when c is one.
func (s *Service) paced(c carrier.Carrier, now time.Time) carrier.Carrier {
	p := &pacedCarrier{s: s, c: c, now: now}
	if b, ok := c.(carrier.BatchTracker); ok {
		return &pacedBatch{pacedCarrier: p, b: b}
	}
	return p
}

type pacedCarrier struct {
	s   *Service
	c   carrier.Carrier
	now time.Time
}

func (p *pacedCarrier) ID() string { return p.c.ID() }

// call runs one carrier call under the pause and the timeout.
func (p *pacedCarrier) call(ctx context.Context, f func(context.Context) error) error {
	if until := p.s.pausedUntil(p.c.ID(), p.now); !until.IsZero() {
		return &carrier.RateLimitError{Carrier: p.c.ID(), RetryAfter: until.Sub(p.now)}
	}
	cctx, cancel := p.s.pollContext(ctx)
	err := f(cctx)
	p.s.pauseOnTimeout(ctx, cctx, p.c.ID(), p.now)
	cancel()
	p.pauseOn(err)
	return err
}

// pauseOn pauses the carrier for a rate-limit error's Retry-After.
func (p *pacedCarrier) pauseOn(err error) {
	var rl *carrier.RateLimitError
	if errors.As(err, &rl) {
		p.s.pause(p.c.ID(), p.now, p.now.Add(max(rl.RetryAfter, p.s.cfg.Poll.RateLimited)))
	}
}

func (p *pacedCarrier) Track(ctx context.Context, n string) (u *carrier.Update, err error) {
	err = p.call(ctx, func(ctx context.Context) error {
		u, err = p.c.Track(ctx, n)
		return err
	})
	return u, err
}

type pacedBatch struct {
	*pacedCarrier
	b carrier.BatchTracker
}

func (p *pacedBatch) MaxBatch() int { return p.b.MaxBatch() }

func (p *pacedBatch) TrackBatch(ctx context.Context, ns []string) (res []carrier.TrackResult, err error) {
	err = p.call(ctx, func(ctx context.Context) error {
		res, err = p.b.TrackBatch(ctx, ns)
		for _, r := range res {
			p.pauseOn(r.Err)
		}
		return err
	})
	return res, err
}

// pauseOnTimeout leaves a carrier alone for Poll.RateLimited when a call
// bounded by cctx (pollContext of ctx) ran out of Config.PollTimeout: a
// carrier that hangs is asked once per Tick, not once per shipment, so
// its shipments cannot hold the Tick (and the messages it sends at its
// end) for PollTimeout each.
func (s *Service) pauseOnTimeout(ctx, cctx context.Context, carrierID string, now time.Time) {
	if ctx.Err() == nil && errors.Is(cctx.Err(), context.DeadlineExceeded) {
		s.pause(carrierID, now, now.Add(s.cfg.Poll.RateLimited))
	}
}

// pollContext bounds one carrier call by Config.PollTimeout.
func (s *Service) pollContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if s.cfg.PollTimeout <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, s.cfg.PollTimeout)
}

func resetFailures(m *memo, _ time.Time) { m.NotFound, m.Failures, m.Overdue = 0, 0, time.Time{} }

// postponeSpread is the window before a rate limit ends within which
// postponed polls are ordered.
const postponeSpread = time.Minute

// postpone moves a poll that a carrier's rate limit refused to the end of
// the limit, keeping the shipment's place in line: it lands within the
// minute before until, the earlier the longer the shipment has waited, so
// that when the limit lets a few calls through again they go to the
// shipments waiting longest, ahead of those merely due at until (polled
// often) and whatever their IDs. It never lands at or before now, so a Tick
// does not claim it again, nor later than longest from now.
func postpone(until time.Time, longest time.Duration) adjuster {
	asked := until
	return func(_ *store.Shipment, m *memo, now time.Time) {
		until := asked
		if limit := now.Add(longest); until.After(limit) {
			until = limit
		}
		if m.Overdue.IsZero() {
			m.Overdue = m.NextPoll
			if m.Overdue.IsZero() || m.Overdue.After(now) {
				m.Overdue = now
			}
		}
		const horizon = 48 * time.Hour
		waited := min(max(until.Sub(m.Overdue), 0), horizon)
		at := until.Add(-time.Duration(float64(postponeSpread) * float64(waited) / float64(horizon)))
		if floor := now.Add(time.Second); at.Before(floor) {
			at = floor
		}
		m.NextPoll = at
	}
}

// Run calls Tick every Config.TickEvery until ctx ends, and then returns
// ctx's error. Errors of a Tick are logged, not returned: a store or carrier
// that fails now may work at the next Tick. With Config.OnEvent, Run also
// delivers the event stream to it (see DeliverEvents), beside the Ticks.
func (s *Service) Run(ctx context.Context) error {
	if s.cfg.OnEvent != nil {
		done := make(chan struct{})
		go func() {
			defer close(done)
			s.runEvents(ctx)
		}()
		defer func() { <-done }()
	}
	for {
		if err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "tracking: tick failed", "err", redact(err.Error()))
		}
		if err := s.cfg.Sleep(ctx, s.cfg.TickEvery); err != nil || ctx.Err() != nil {
			return ctx.Err()
		}
	}
}
