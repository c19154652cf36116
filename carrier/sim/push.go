package sim

import (
	"container/heap"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/hmacsig"
)

// PushConfig configures the webhooks a sim pushes for subscribed numbers
// (Subscribe). Webhooks go out only when the host calls Push: the sim has no
// timers of its own, so a test or benchmark on an injected clock decides
// when they arrive.
type PushConfig struct {
	// Handler receives the webhooks in-process, as POST requests (for
	// example a tracking.Service's WebhookHandler). Either Handler or URL
	// must be set for Subscribe to work: without both, Subscribe and
	// Unsubscribe return an error wrapping errors.ErrUnsupported, as a
	// carrier account without push does.
	Handler http.Handler
	// URL receives the webhooks over HTTP, by POST through Client, when
	// Handler is nil.
	URL string
	// Client sends the webhooks to URL. Defaults to http.DefaultClient.
	Client *http.Client
	// MinDelay and MaxDelay bound the time between an event (a scan, or a
	// revision of the estimate) and its webhook: each event's delay lies
	// between them, derived from Seed, the number and the event, as a
	// carrier or aggregator learns of a scan and pushes it minutes later.
	// Default to 1 minute and 15 minutes.
	MinDelay, MaxDelay time.Duration
	// LossRate is the share of webhooks never sent, from 0 to 1, chosen per
	// event from Seed. Defaults to 0.
	LossRate float64
	// DuplicateRate is the share of webhooks sent twice, the copy up to
	// MaxDelay after the first, from 0 to 1. Defaults to 0.
	DuplicateRate float64
	// TTL is how long a subscription lasts: the sim stops pushing TTL after
	// the last Subscribe of the number (Subscription.ExpiresAt). Defaults
	// to 0: subscriptions do not expire.
	TTL time.Duration
}

func (p *PushConfig) setDefaults() {
	if p.MinDelay == 0 {
		p.MinDelay = time.Minute
	}
	if p.MaxDelay == 0 {
		p.MaxDelay = 15 * time.Minute
	}
	if p.Client == nil {
		p.Client = http.DefaultClient
	}
}

func (p *PushConfig) validate() error {
	switch {
	case p.MinDelay < 0 || p.MaxDelay < 0:
		return fmt.Errorf("sim: Config.Push.MinDelay and MaxDelay must be positive, got %s and %s", p.MinDelay, p.MaxDelay)
	case p.MaxDelay < p.MinDelay:
		return fmt.Errorf("sim: Config.Push.MaxDelay (%s) is below MinDelay (%s)", p.MaxDelay, p.MinDelay)
	case p.LossRate < 0 || p.LossRate > 1 || p.DuplicateRate < 0 || p.DuplicateRate > 1:
		return fmt.Errorf("sim: Config.Push.LossRate and DuplicateRate must be between 0 and 1, got %v and %v", p.LossRate, p.DuplicateRate)
	case p.TTL < 0:
		return fmt.Errorf("sim: Config.Push.TTL is negative (%s)", p.TTL)
	}
	return nil
}

// pushes reports whether the sim has somewhere to send webhooks.
func (p *PushConfig) pushes() bool { return p.Handler != nil || p.URL != "" }

// subscription is a number's subscription: active until expires (zero:
// no expiry), and the events up to scheduled already queued.
type subscription struct {
	active    bool
	expires   time.Time
	scheduled int // events[:scheduled] are queued or were before the subscription
}

// pushItem is one webhook to send: the number's news as of event time at.
type pushItem struct {
	due      time.Time
	number   string
	event    int
	copy     int // 0 for the webhook, 1 for its duplicate
	at       time.Time
	attempts int
}

type deliveries []*pushItem

func (d deliveries) Len() int { return len(d) }
func (d deliveries) Less(i, j int) bool {
	a, b := d[i], d[j]
	if !a.due.Equal(b.due) {
		return a.due.Before(b.due)
	}
	if a.number != b.number {
		return a.number < b.number
	}
	if a.event != b.event {
		return a.event < b.event
	}
	return a.copy < b.copy
}
func (d deliveries) Swap(i, j int) { d[i], d[j] = d[j], d[i] }
func (d *deliveries) Push(x any)   { *d = append(*d, x.(*pushItem)) }
func (d *deliveries) Pop() any {
	old := *d
	x := old[len(old)-1]
	*d = old[:len(old)-1]
	return x
}

// events returns the times at which sh's news changes: its scans and the
// revisions of its estimate, sorted, without repeats.
func (sh *shipment) events() []time.Time {
	ts := make([]time.Time, 0, len(sh.tl.Scans)+len(sh.tl.Estimates))
	for _, s := range sh.tl.Scans {
		ts = append(ts, s.Time)
	}
	for _, e := range sh.tl.Estimates {
		ts = append(ts, e.Time)
	}
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	return slices.CompactFunc(ts, func(a, b time.Time) bool { return a.Equal(b) })
}

// draw returns a pseudo-random number in [0, 1) for a number's event and
// purpose, derived from Seed: the same for every run, whatever the order of
// calls.
func (c *Carrier) draw(number string, event int, purpose byte) float64 {
	h := fnv.New64a()
	var b [17]byte
	binary.LittleEndian.PutUint64(b[:8], uint64(c.cfg.Seed))
	binary.LittleEndian.PutUint64(b[8:16], uint64(event))
	b[16] = purpose
	h.Write(b[:])
	h.Write([]byte(number))
	// FNV's high bits hardly depend on the last bytes (numbers differ
	// there): mix them in (the SplitMix64 finalizer) before taking them.
	x := h.Sum64()
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return float64(x>>11) / (1 << 53)
}

// scheduleLocked queues the webhooks of sh's events after now that are not
// queued yet.
func (c *Carrier) scheduleLocked(sh *shipment, sub *subscription, now time.Time) {
	p := &c.cfg.Push
	evs := sh.events()
	for i := sub.scheduled; i < len(evs); i++ {
		at := evs[i]
		if !at.After(now) {
			continue // before the subscription: its answer carried it
		}
		if c.draw(sh.number, i, 'l') < p.LossRate {
			c.stats.PushesLost++
			continue
		}
		delay := p.MinDelay + time.Duration(c.draw(sh.number, i, 'd')*float64(p.MaxDelay-p.MinDelay))
		heap.Push(&c.queue, &pushItem{due: at.Add(delay), number: sh.number, event: i, at: at})
		if c.draw(sh.number, i, 'u') < p.DuplicateRate {
			again := time.Duration(c.draw(sh.number, i, 'a') * float64(p.MaxDelay))
			heap.Push(&c.queue, &pushItem{due: at.Add(delay + again), number: sh.number, event: i, copy: 1, at: at})
		}
	}
	sub.scheduled = len(evs)
}

// Subscribe subscribes number to pushes: from now on, every scan and
// estimate revision of the number is pushed as a webhook (the number's
// scans and estimate as of that event) to Config.Push's Handler or URL when
// a Push call finds it due, MinDelay to MaxDelay after the event, unless it
// is lost (LossRate); some are sent twice (DuplicateRate). The answer
// carries the number's current data when it has a scan already, and
// ExpiresAt when Config.Push.TTL is set; subscribing again extends it.
// Failing faults apply as to Track. An unregistered number returns an error
// wrapping carrier.ErrNotFound; a sim without Handler or URL one wrapping
// errors.ErrUnsupported (and counts no call).
func (c *Carrier) Subscribe(ctx context.Context, number string) (*carrier.Subscription, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("carrier %s: subscribe %q: %w", c.cfg.ID, number, err)
	}
	if !c.cfg.Push.pushes() {
		return nil, fmt.Errorf("carrier %s: subscribe: no Config.Push.Handler or URL: %w", c.cfg.ID, errors.ErrUnsupported)
	}
	now := c.cfg.Now()
	c.mu.Lock()
	c.stats.Calls++
	c.stats.Subscribes++
	d := c.decideLocked(now, "subscribe")
	if d.err != nil {
		c.mu.Unlock()
		return nil, c.fail(ctx, d, fmt.Sprintf("subscribe %q", number))
	}
	sh, ok := c.ships[number]
	if !ok {
		c.mu.Unlock()
		return nil, c.notFound("subscribe", number)
	}
	sub := c.subs[number]
	if sub == nil {
		sub = &subscription{}
		c.subs[number] = sub
	}
	if !sub.active || (!sub.expires.IsZero() && !now.Before(sub.expires)) {
		// Events while the number was not subscribed were never pushed.
		sub.scheduled = max(sub.scheduled, visibleEvents(sh, now))
	}
	sub.active = true
	sub.expires = time.Time{}
	if c.cfg.Push.TTL > 0 {
		sub.expires = now.Add(c.cfg.Push.TTL)
	}
	c.scheduleLocked(sh, sub, now)
	out := &carrier.Subscription{Carrier: c.cfg.ID, TrackingNumber: number, ID: "sub_" + number, ExpiresAt: sub.expires}
	if u, ok := c.updateLocked(sh, now); ok {
		out.Update = u
	}
	c.mu.Unlock()
	return out, nil
}

// visibleEvents returns how many of sh's events happened at or before now.
func visibleEvents(sh *shipment, now time.Time) int {
	n := 0
	for _, t := range sh.events() {
		if !t.After(now) {
			n++
		}
	}
	return n
}

// Unsubscribe stops the pushes of number; webhooks not sent yet are dropped.
// Unsubscribing a number that is not subscribed, or not registered,
// succeeds. Failing faults apply as to Track; a sim without Handler or URL
// returns an error wrapping errors.ErrUnsupported.
func (c *Carrier) Unsubscribe(ctx context.Context, number string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("carrier %s: unsubscribe %q: %w", c.cfg.ID, number, err)
	}
	if !c.cfg.Push.pushes() {
		return fmt.Errorf("carrier %s: unsubscribe: no Config.Push.Handler or URL: %w", c.cfg.ID, errors.ErrUnsupported)
	}
	now := c.cfg.Now()
	c.mu.Lock()
	c.stats.Calls++
	c.stats.Unsubscribes++
	d := c.decideLocked(now, "unsubscribe")
	if d.err == nil {
		if sub := c.subs[number]; sub != nil {
			sub.active = false
		}
	}
	c.mu.Unlock()
	if d.err != nil {
		return c.fail(ctx, d, fmt.Sprintf("unsubscribe %q", number))
	}
	return nil
}

// Subscribed reports whether number is subscribed and its subscription has
// not expired at Now.
func (c *Carrier) Subscribed(number string) bool {
	now := c.cfg.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	sub := c.subs[number]
	return sub != nil && sub.active && (sub.expires.IsZero() || now.Before(sub.expires))
}

// DropSubscription ends number's subscription without telling anyone, as a
// carrier that loses a subscription does: no more webhooks are sent for it.
// It reports whether the number was subscribed.
func (c *Carrier) DropSubscription(number string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	sub := c.subs[number]
	if sub == nil || !sub.active {
		return false
	}
	sub.active = false
	return true
}

// pushRetries is how often a webhook the receiver did not accept (no answer
// or an answer other than 2xx) is sent again, a minute more apart each time.
const pushRetries = 5

// Push sends every webhook due at Now, oldest first, and returns how many
// were accepted (answered 2xx). A webhook of a number no longer subscribed
// (unsubscribed, dropped or expired before its event) is not sent. A webhook
// the receiver refuses or does not answer is sent again at a later Push,
// at most pushRetries times; the error joins what went wrong. Without
// Handler or URL there is nothing to send.
func (c *Carrier) Push(ctx context.Context) (int, error) {
	if !c.cfg.Push.pushes() {
		return 0, nil
	}
	now := c.cfg.Now()
	sent := 0
	var errs []error
	for {
		c.mu.Lock()
		if len(c.queue) == 0 || c.queue[0].due.After(now) {
			c.mu.Unlock()
			break
		}
		dl := heap.Pop(&c.queue).(*pushItem)
		sub := c.subs[dl.number]
		if sub == nil || !sub.active || (!sub.expires.IsZero() && !dl.at.Before(sub.expires)) {
			c.mu.Unlock()
			continue
		}
		w, err := c.webhookAtLocked(c.ships[dl.number], dl.at, now)
		c.mu.Unlock()
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if err := c.send(ctx, w); err != nil {
			c.mu.Lock()
			c.stats.PushesFailed++
			if dl.attempts++; dl.attempts <= pushRetries {
				dl.due = now.Add(time.Duration(dl.attempts) * time.Minute)
				heap.Push(&c.queue, dl)
			}
			c.mu.Unlock()
			errs = append(errs, fmt.Errorf("carrier %s: push %q: %w", c.cfg.ID, dl.number, err))
			if ctx.Err() != nil {
				break
			}
			continue
		}
		c.mu.Lock()
		c.stats.Pushes++
		if dl.copy > 0 {
			c.stats.PushesDuplicated++
		}
		c.mu.Unlock()
		sent++
	}
	return sent, errors.Join(errs...)
}

// webhookAtLocked builds the signed webhook of sh as of event time at: every
// scan visible then and the estimate as revised then, signed at now.
func (c *Carrier) webhookAtLocked(sh *shipment, at, now time.Time) (Webhook, error) {
	c.events++
	v := visible(sh.tl, at)
	ws := WebhookShipment{TrackingNumber: sh.number, EstimatedDelivery: estimateAt(sh.tl, at), Events: []WebhookEvent{}}
	for _, ts := range sh.tl.Scans[:v] {
		ws.Events = append(ws.Events, WebhookEvent{Time: ts.Time, Code: ts.Step.Code,
			Description: ts.Step.Description, Location: ts.Step.Location})
	}
	p := WebhookPayload{ID: fmt.Sprintf("evt_%d", c.events), Carrier: c.cfg.ID, SentAt: now, Shipments: []WebhookShipment{ws}}
	body, err := json.Marshal(p)
	if err != nil {
		return Webhook{}, fmt.Errorf("carrier %s: push: %w", c.cfg.ID, err)
	}
	return Webhook{Header: c.signAt(body, now), Body: body, Scans: v}, nil
}

// send delivers w to the Handler or the URL; an answer other than 2xx is an error.
func (c *Carrier) send(ctx context.Context, w Webhook) error {
	p := &c.cfg.Push
	if p.Handler != nil {
		req, err := w.Request(ctx, "http://sim.invalid/webhook")
		if err != nil {
			return err
		}
		rw := &statusWriter{header: http.Header{}}
		p.Handler.ServeHTTP(rw, req)
		return statusErr(rw.status())
	}
	req, err := w.Request(ctx, p.URL)
	if err != nil {
		return err
	}
	resp, err := p.Client.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	return statusErr(resp.StatusCode)
}

func statusErr(code int) error {
	if code/100 == 2 {
		return nil
	}
	return fmt.Errorf("webhook answered %d %s", code, http.StatusText(code))
}

// statusWriter is the http.ResponseWriter of in-process deliveries: it
// keeps the status and discards the body.
type statusWriter struct {
	header http.Header
	code   int
}

func (w *statusWriter) Header() http.Header { return w.header }
func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}
func (w *statusWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(b), nil
}
func (w *statusWriter) status() int {
	if w.code == 0 {
		return http.StatusOK
	}
	return w.code
}

// signAt returns the headers of body signed with Config.WebhookSecret at t.
func (c *Carrier) signAt(body []byte, t time.Time) http.Header {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set(SignatureHeader, hmacsig.Sign(t, body, c.cfg.WebhookSecret))
	return h
}
