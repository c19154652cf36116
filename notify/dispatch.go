package notify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Outcome is what Dispatch decided for a message.
type Outcome string

// The outcomes. Sent, DeadLetter, OptedOut and Suppressed are final;
// Deferred and Retry ask the caller to call Dispatch again at
// Result.NextAttempt with Result.Next().
const (
	// Sent means a channel accepted the message (Result.Channel).
	Sent Outcome = "sent"
	// Deferred means the message waits, without a send attempt, for the end
	// of the recipient's quiet hours or for the recipient's rate limit.
	Deferred Outcome = "deferred"
	// Retry means every channel failed temporarily; try again at NextAttempt.
	Retry Outcome = "retry"
	// DeadLetter means the message will not be sent: a permanent failure, a
	// message that cannot be rendered, or temporary failures for longer than
	// RetryPolicy.MaxAge or at the last attempt (RetryPolicy.MaxAttempts).
	// Result.Err says why; the caller keeps the message.
	DeadLetter Outcome = "dead_letter"
	// OptedOut means the recipient opted out of the message's kind.
	OptedOut Outcome = "opted_out"
	// Suppressed means the recipient has no channel the dispatcher knows
	// (Result.Err wraps ErrNoChannel).
	Suppressed Outcome = "suppressed"
)

// Outcomes returns every outcome.
func Outcomes() []Outcome {
	return []Outcome{Sent, Deferred, Retry, DeadLetter, OptedOut, Suppressed}
}

// String returns the outcome's name, such as "dead_letter".
func (o Outcome) String() string { return string(o) }

// Final reports whether the message is done with: Sent, DeadLetter, OptedOut
// or Suppressed.
func (o Outcome) Final() bool { return o != Deferred && o != Retry }

// Reasons give the detail of a Result.
const (
	ReasonSent         = "sent"         // a channel accepted the message
	ReasonQuietHours   = "quiet_hours"  // deferred to the end of quiet hours
	ReasonRateLimited  = "rate_limited" // deferred by the per-recipient rate limit
	ReasonTemporary    = "temporary"    // all channels failed temporarily
	ReasonPreferences  = "preferences"  // the preferences lookup failed (retried)
	ReasonPermanent    = "permanent"    // all channels failed permanently
	ReasonMaxAge       = "max_age"      // temporary failures for longer than MaxAge
	ReasonMaxAttempts  = "max_attempts" // the last attempt (RetryPolicy.MaxAttempts) failed
	ReasonRender       = "render"       // the message could not be rendered
	ReasonInvalid      = "invalid"      // the message lacks an ID
	ReasonOptedOut     = "opted_out"    // the recipient opted out of the kind
	ReasonNoChannel    = "no_channel"   // no known channel for the recipient
	ReasonCanceled     = "canceled"     // the context ended before a send
	ReasonHookFailed   = "hook_failed"  // used in logs only: a hook failed, sent without its content
	reasonUnusedMarker = ""             // keeps the block aligned by gofmt
)

// ErrNoChannel is wrapped by the error of a Suppressed result.
var ErrNoChannel = errors.New("notify: no channel for recipient")

// ErrInvalidMessage is wrapped by the error of a message Dispatch cannot
// handle, such as one without an ID.
var ErrInvalidMessage = errors.New("notify: invalid message")

// Attempt is what the caller remembers between Dispatch calls for one
// message: the number of this attempt (1 for the first; 0 means 1) and when
// the first attempt was made (zero means now).
type Attempt struct {
	// N is the number of this attempt, 1 for the first; 0 means 1.
	N int
	// First is when the first attempt was made; zero means now.
	First time.Time
}

// Result is the dispatcher's decision about one message.
type Result struct {
	// Outcome is the decision.
	Outcome Outcome
	// Reason is the detail, one of the Reason constants.
	Reason string
	// Channel is the channel that accepted the message (Sent).
	Channel string
	// NextAttempt is when to call Dispatch again (Deferred, Retry).
	NextAttempt time.Time
	// Err is the failure (Retry, DeadLetter, Suppressed); for several
	// channels it joins their errors.
	Err error
	// Attempt is the number of this attempt and First the time of the first one.
	Attempt int
	First   time.Time
	// Message is the message as sent or as it would have been sent
	// (rendered, when the dispatcher has a Renderer and got that far).
	Message Message
	// Offer is the apology offer (DispatcherConfig.DelayOffer) the rendered
	// message carries; nil if none. A caller that sends several messages
	// about one shipment remembers it and sets Message.OfferGiven on the
	// later ones, so the offer is made once.
	Offer *Offer
}

// Next returns the Attempt to pass to the next Dispatch call: the next
// number after Retry, the same number after Deferred (a deferral is no
// attempt), and the zero Attempt for final outcomes.
func (r Result) Next() Attempt {
	switch r.Outcome {
	case Retry:
		return Attempt{N: r.Attempt + 1, First: r.First}
	case Deferred:
		return Attempt{N: r.Attempt, First: r.First}
	}
	return Attempt{}
}

// DispatcherConfig configures NewDispatcher. Only Channels (or Notifier) is
// required.
type DispatcherConfig struct {
	// Channels are the notifiers by channel name, such as "email" or "sms".
	// At least one is required, unless Notifier is set.
	Channels map[string]Notifier
	// Notifier, set instead of Channels, is the host's one sender, which
	// routes every message itself: each message goes through it (as the
	// channel "notifier"), whatever channels the recipient's preferences
	// name. Defaults to none.
	Notifier Notifier
	// DefaultChannels is the channel order for recipients whose preferences
	// name none. Defaults to the names of Channels, sorted.
	DefaultChannels []string
	// Preferences looks up each recipient's preferences. Defaults to the
	// zero Prefs for everyone: default channels, no opt-outs, the shop's
	// quiet hours (QuietHours), no marketing consent.
	Preferences Preferences
	// QuietHours is the shop's quiet window, read in each recipient's zone
	// (Recipient.TimeZone, else TimeZone), for recipients whose preferences
	// set none. Customer tracking messages that require no action wait for
	// its end (Deferred, never dropped): shipped,
	// arrived_at_local_facility, out_for_delivery, delivery_attempted,
	// available_for_pickup, delivered, exception, returned_to_sender,
	// delayed and feedback_request. Urgent messages go out at once:
	// merchant messages, the returns kinds (answers to the customer's own
	// request, such as the label) and messages that require action
	// (Message.ActionRequired). A recipient's own Prefs.QuietHours hold
	// every message to them. Defaults to DefaultQuietHours (21:00-08:00);
	// NoQuietHours switches it off.
	QuietHours QuietHours
	// Renderer renders each message before sending, in the recipient's
	// language (Prefs.Language first). Defaults to nil: messages are sent as
	// the caller rendered them, and the hooks are not called.
	Renderer *Renderer
	// Recommender, DelayOffer and CareTips add content when the Renderer is
	// set: recommendations (with marketing consent, for RecommendKinds), an
	// apology offer (delayed and exception) and care tips (with marketing
	// consent, delivered and feedback_request). Each defaults to none.
	Recommender Recommender
	DelayOffer  DelayOffer
	CareTips    CareTips
	// RecommendKinds are the kinds that carry recommendations. Defaults to
	// shipped, delivered and feedback_request.
	RecommendKinds []Kind
	// HookTimeout bounds each hook call; a hook that takes longer counts as
	// failed and the message goes out without its content. Defaults to 5s.
	HookTimeout time.Duration
	// RatePerRecipient limits the messages to one customer; over the limit
	// messages are Deferred, not dropped. Merchant messages are not limited.
	// Defaults to one per 6 minutes (10 an hour); rate.Inf turns it off.
	RatePerRecipient rate.Limit
	// Burst is the number of messages a customer may receive at once.
	// Defaults to 5.
	Burst int
	// TimeZone is the zone for quiet hours of recipients without a valid
	// TimeZone. Defaults to UTC.
	TimeZone *time.Location
	// Now is the clock. Defaults to time.Now.
	Now func() time.Time
	// Logger receives one record per decision, with ids and kinds only.
	// Defaults to discarding.
	Logger *slog.Logger
	// Retry is the schedule of retries after temporary failures and when
	// they end. Zero fields take RetryPolicy's defaults.
	Retry RetryPolicy
}

// Dispatcher decides, for one message at a time, whether to send it now,
// later or never, and sends it through the recipient's channels in
// preference order until one accepts it. It keeps no per-message state: the
// caller persists Result.NextAttempt and Result.Next() (an outbox does), so
// any process can continue. Its only state is the per-recipient rate
// limiters, in memory. A Dispatcher is safe for concurrent use.
type Dispatcher struct {
	cfg    DispatcherConfig
	log    *slog.Logger
	limMu  sync.Mutex
	lims   map[string]*rate.Limiter
	zoneMu sync.Mutex
	zones  map[string]*time.Location
}

// notifierChannel is the channel name of DispatcherConfig.Notifier.
const notifierChannel = "notifier"

// NewDispatcher checks cfg, fills its defaults and returns a Dispatcher.
func NewDispatcher(cfg DispatcherConfig) (*Dispatcher, error) {
	if cfg.Notifier != nil {
		if len(cfg.Channels) > 0 || len(cfg.DefaultChannels) > 0 {
			return nil, errors.New("notify: DispatcherConfig.Notifier is set: leave Channels and DefaultChannels unset")
		}
		cfg.Channels = map[string]Notifier{notifierChannel: cfg.Notifier}
	}
	if len(cfg.Channels) == 0 {
		return nil, errors.New("notify: DispatcherConfig.Channels: at least one channel is required")
	}
	for name, n := range cfg.Channels {
		if n == nil {
			return nil, fmt.Errorf("notify: DispatcherConfig.Channels[%q] is nil", name)
		}
	}
	if cfg.DefaultChannels == nil {
		for name := range cfg.Channels {
			cfg.DefaultChannels = append(cfg.DefaultChannels, name)
		}
		sort.Strings(cfg.DefaultChannels)
	}
	for _, name := range cfg.DefaultChannels {
		if cfg.Channels[name] == nil {
			return nil, fmt.Errorf("notify: DispatcherConfig.DefaultChannels: unknown channel %q", name)
		}
	}
	if cfg.RecommendKinds == nil {
		cfg.RecommendKinds = []Kind{KindShipped, KindDelivered, KindFeedbackRequest}
	}
	if cfg.RatePerRecipient == 0 {
		cfg.RatePerRecipient = rate.Every(6 * time.Minute)
	}
	if cfg.RatePerRecipient < 0 {
		return nil, errors.New("notify: DispatcherConfig.RatePerRecipient must not be negative")
	}
	if cfg.Burst == 0 {
		cfg.Burst = 5
	}
	if cfg.Burst < 0 {
		return nil, errors.New("notify: DispatcherConfig.Burst must not be negative")
	}
	if cfg.TimeZone == nil {
		cfg.TimeZone = time.UTC
	}
	switch q := cfg.QuietHours; {
	case q == QuietHours{}:
		cfg.QuietHours = DefaultQuietHours
	case q == NoQuietHours:
	case q.Start < 0 || q.Start >= 24*time.Hour || q.End < 0 || q.End > 24*time.Hour:
		return nil, fmt.Errorf("notify: DispatcherConfig.QuietHours %s: Start and End are offsets from midnight (0 to 24h); use NoQuietHours for none", q)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.HookTimeout == 0 {
		cfg.HookTimeout = 5 * time.Second
	}
	if cfg.HookTimeout < 0 {
		return nil, errors.New("notify: DispatcherConfig.HookTimeout must not be negative")
	}
	cfg.Retry = cfg.Retry.withDefaults()
	if err := cfg.Retry.validate(); err != nil {
		return nil, fmt.Errorf("notify: DispatcherConfig.%w", err)
	}
	return &Dispatcher{cfg: cfg, log: cfg.Logger, lims: map[string]*rate.Limiter{}, zones: map[string]*time.Location{}}, nil
}

// Dispatch decides about m and, when it is time, sends it. a is the attempt
// the caller remembers for m (the zero Attempt for a new message). In order:
//
//  1. A message without ID is dead-lettered (ErrInvalidMessage).
//  2. The recipient's preferences are looked up; a failing lookup is retried.
//  3. A customer tracking kind the recipient opted out of is OptedOut,
//     unless the message requires action (Message.ActionRequired).
//  4. Without a known channel for the recipient the message is Suppressed.
//  5. During the recipient's quiet hours (Prefs.QuietHours, or for a
//     message that is not urgent the shop's QuietHours) the message is
//     Deferred to their end.
//  6. Over the customer's rate limit the message is Deferred until a token is free.
//  7. With a Renderer, the message is rendered (hooks first, marketing
//     content only with consent); a render error dead-letters it.
//  8. The channels are tried in preference order; the first success is Sent.
//     If all fail permanently (ErrPermanent) the message is dead-lettered at
//     once; otherwise it is retried with exponential backoff (Retry), and
//     dead-lettered once a failure comes Retry.MaxAge after the first
//     attempt or at attempt Retry.MaxAttempts.
//
// Deferrals never drop a message, however long they last.
func (d *Dispatcher) Dispatch(ctx context.Context, m Message, a Attempt) Result {
	now := d.cfg.Now()
	res := Result{Attempt: max(a.N, 1), First: a.First, Message: m}
	if res.First.IsZero() {
		res.First = now
	}
	res = d.decide(ctx, m, now, res)
	d.logResult(ctx, m, res)
	return res
}

func (d *Dispatcher) decide(ctx context.Context, m Message, now time.Time, res Result) Result {
	if m.ID == "" {
		return final(res, DeadLetter, ReasonInvalid, fmt.Errorf("%w: no ID", ErrInvalidMessage))
	}
	if err := ctx.Err(); err != nil {
		res.Outcome, res.Reason, res.Err, res.NextAttempt = Retry, ReasonCanceled, err, now
		res.Attempt-- // nothing was tried
		return res
	}
	var prefs Prefs
	if d.cfg.Preferences != nil {
		p, err := d.cfg.Preferences.Lookup(ctx, m.Recipient)
		if err != nil {
			return d.retry(res, now, ReasonPreferences, fmt.Errorf("notify: preferences: %w", err))
		}
		prefs = p
	}
	if m.Kind.OptOutable() && prefs.OptedOut(m.Kind) && !m.ActionRequired {
		return final(res, OptedOut, ReasonOptedOut, nil)
	}
	channels := d.channels(prefs)
	if len(channels) == 0 {
		return final(res, Suppressed, ReasonNoChannel, ErrNoChannel)
	}
	if until, quiet := d.quietHours(m, prefs).Until(now.In(d.zone(m.Recipient.TimeZone))); quiet {
		return deferUntil(res, ReasonQuietHours, until)
	}
	if until, limited := d.limit(m, now); limited {
		return deferUntil(res, ReasonRateLimited, until)
	}
	if d.cfg.Renderer != nil {
		rendered, offer, err := d.render(ctx, m, prefs)
		if err != nil {
			return final(res, DeadLetter, ReasonRender, err)
		}
		m, res.Message = rendered, rendered
		res.Offer = offer
	}
	var errs []error
	permanent := true
	for _, name := range channels {
		err := d.cfg.Channels[name].Notify(ctx, m)
		if err == nil {
			res.Outcome, res.Reason, res.Channel = Sent, ReasonSent, name
			return res
		}
		errs = append(errs, fmt.Errorf("channel %s: %w", name, err))
		if !errors.Is(err, ErrPermanent) {
			permanent = false
		}
		if ctx.Err() != nil {
			permanent = false
			break
		}
	}
	err := errors.Join(errs...)
	if permanent {
		return final(res, DeadLetter, ReasonPermanent, err)
	}
	return d.retry(res, now, ReasonTemporary, err)
}

func final(res Result, o Outcome, reason string, err error) Result {
	res.Outcome, res.Reason, res.Err = o, reason, err
	return res
}

func deferUntil(res Result, reason string, until time.Time) Result {
	res.Outcome, res.Reason, res.NextAttempt = Deferred, reason, until
	return res
}

// retry schedules the next attempt after backoff, but no later than the end
// of MaxAge, so the last attempt comes exactly when MaxAge ends. A message
// past MaxAge or at its last attempt (MaxAttempts) is dead-lettered.
func (d *Dispatcher) retry(res Result, now time.Time, reason string, err error) Result {
	p := d.cfg.Retry
	if now.Sub(res.First) >= p.MaxAge {
		return final(res, DeadLetter, ReasonMaxAge, err)
	}
	if p.MaxAttempts > 0 && res.Attempt >= p.MaxAttempts {
		return final(res, DeadLetter, ReasonMaxAttempts, err)
	}
	next := now.Add(p.Backoff(res.Attempt))
	if deadline := res.First.Add(p.MaxAge); next.After(deadline) {
		next = deadline
	}
	res.Outcome, res.Reason, res.Err, res.NextAttempt = Retry, reason, err, next
	return res
}

// quietHours returns the quiet window m waits out: the recipient's own, or
// the shop's for a customer tracking message that requires no action.
func (d *Dispatcher) quietHours(m Message, p Prefs) QuietHours {
	if p.QuietHours != (QuietHours{}) {
		return p.QuietHours
	}
	if m.Audience == Merchant || !m.Kind.OptOutable() || m.ActionRequired {
		return QuietHours{}
	}
	return d.cfg.QuietHours
}

// channels returns the recipient's known channels in order.
func (d *Dispatcher) channels(p Prefs) []string {
	if len(p.Channels) == 0 || d.cfg.Notifier != nil {
		return d.cfg.DefaultChannels
	}
	out := make([]string, 0, len(p.Channels))
	for _, c := range p.Channels {
		if d.cfg.Channels[c] != nil && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func (d *Dispatcher) zone(name string) *time.Location {
	if name == "" {
		return d.cfg.TimeZone
	}
	d.zoneMu.Lock()
	defer d.zoneMu.Unlock()
	if l, ok := d.zones[name]; ok {
		return l
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		l = d.cfg.TimeZone
	}
	d.zones[name] = l
	return l
}

// limit reserves a token of the recipient's limiter at now. When none is
// free it gives the reservation back and returns when one will be.
func (d *Dispatcher) limit(m Message, now time.Time) (time.Time, bool) {
	if m.Audience == Merchant || m.Kind.IsMerchant() || d.cfg.RatePerRecipient == rate.Inf {
		return time.Time{}, false
	}
	key := recipientKey(m.Recipient)
	if key == "" {
		return time.Time{}, false
	}
	d.limMu.Lock()
	defer d.limMu.Unlock()
	lim, ok := d.lims[key]
	if !ok {
		if len(d.lims) >= 4096 {
			d.sweep(now)
		}
		lim = rate.NewLimiter(d.cfg.RatePerRecipient, d.cfg.Burst)
		d.lims[key] = lim
	}
	r := lim.ReserveN(now, 1)
	if !r.OK() {
		return now.Add(time.Hour), true
	}
	if delay := r.DelayFrom(now); delay > 0 {
		r.CancelAt(now)
		return now.Add(delay), true
	}
	return time.Time{}, false
}

// sweep forgets limiters that are full again: they behave like new ones.
func (d *Dispatcher) sweep(now time.Time) {
	for k, l := range d.lims {
		if l.TokensAt(now) >= float64(d.cfg.Burst) {
			delete(d.lims, k)
		}
	}
}

// recipientKey identifies a recipient for rate limiting: the host's id, or
// else a hash of the addresses (so no address is kept in memory).
func recipientKey(r Recipient) string {
	if r.ID != "" {
		return "id:" + r.ID
	}
	if r.Email == "" && r.Phone == "" {
		return ""
	}
	h := sha256.Sum256([]byte(strings.ToLower(r.Email) + "\x00" + r.Phone))
	return "h:" + hex.EncodeToString(h[:12])
}

// render fills m's subject, text and HTML in the recipient's language, with
// the hooks' content where allowed, and returns the offer the message
// carries (nil if none).
func (d *Dispatcher) render(ctx context.Context, m Message, p Prefs) (Message, *Offer, error) {
	if p.Language != "" {
		m.Recipient.Locale = p.Language
	}
	r := d.cfg.Renderer
	data := r.Data(m)
	data.MarketingConsent = p.MarketingConsent
	customer := m.Audience != Merchant && !m.Kind.IsMerchant()
	if customer && d.cfg.DelayOffer != nil && !m.OfferGiven && (m.Kind == KindDelayed || m.Kind == KindException) {
		if o, err := withTimeout(ctx, d.cfg.HookTimeout, func(ctx context.Context) (*Offer, error) { return d.cfg.DelayOffer.Offer(ctx, m) }); err != nil {
			d.hookFailed(ctx, m, "delay_offer", err)
		} else if o != nil {
			loc := d.zone(m.Recipient.TimeZone)
			if !data.ETATime.IsZero() {
				loc = data.ETATime.Location()
			}
			data.SetOffer(o, loc)
		}
	}
	if customer && p.MarketingConsent {
		if d.cfg.Recommender != nil && m.OrderID != "" && slices.Contains(d.cfg.RecommendKinds, m.Kind) {
			if ps, err := withTimeout(ctx, d.cfg.HookTimeout, func(ctx context.Context) ([]Product, error) { return d.cfg.Recommender.Recommend(ctx, m.OrderID) }); err != nil {
				d.hookFailed(ctx, m, "recommender", err)
			} else {
				data.Recommendations = ps
			}
		}
		if d.cfg.CareTips != nil && (m.Kind == KindDelivered || m.Kind == KindFeedbackRequest) {
			if tips, err := withTimeout(ctx, d.cfg.HookTimeout, func(ctx context.Context) ([]string, error) { return d.cfg.CareTips.Tips(ctx, m) }); err != nil {
				d.hookFailed(ctx, m, "care_tips", err)
			} else {
				data.CareTips = tips
			}
		}
	}
	if err := r.Render(&m, data); err != nil {
		return m, nil, err
	}
	// Render leaves out an offer without a text in the message's language.
	if data.Offer != nil && strings.TrimSpace(data.Offer.Descriptions[data.Lang]) != "" {
		return m, data.Offer, nil
	}
	return m, nil, nil
}

// withTimeout calls hook with a context that ends after timeout. A hook that
// ignores its context is still waited for; its late result is discarded.
func withTimeout[T any](ctx context.Context, timeout time.Duration, hook func(context.Context) (T, error)) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	v, err := hook(ctx)
	if err == nil && ctx.Err() != nil {
		var zero T
		return zero, fmt.Errorf("hook finished after its timeout: %w", ctx.Err())
	}
	return v, err
}

func (d *Dispatcher) hookFailed(ctx context.Context, m Message, hook string, err error) {
	d.log.LogAttrs(ctx, slog.LevelWarn, "notify: hook failed, sending without its content",
		slog.String("message_id", m.ID), slog.String("kind", string(m.Kind)),
		slog.String("hook", hook), slog.String("reason", ReasonHookFailed),
		slog.String("error", redact(err.Error(), m.Recipient)))
}

func (d *Dispatcher) logResult(ctx context.Context, m Message, res Result) {
	level := slog.LevelInfo
	switch res.Outcome {
	case Retry:
		level = slog.LevelWarn
	case DeadLetter:
		level = slog.LevelError
	}
	if !d.log.Enabled(ctx, level) {
		return
	}
	attrs := []slog.Attr{
		slog.String("message_id", m.ID),
		slog.String("kind", string(m.Kind)),
		slog.String("audience", string(m.Audience)),
		slog.String("shipment_id", m.ShipmentID),
		slog.String("order_id", m.OrderID),
		slog.String("recipient_id", m.Recipient.ID),
		slog.String("outcome", string(res.Outcome)),
		slog.String("reason", res.Reason),
		slog.Int("attempt", res.Attempt),
	}
	if res.Channel != "" {
		attrs = append(attrs, slog.String("channel", res.Channel))
	}
	if !res.NextAttempt.IsZero() {
		attrs = append(attrs, slog.Time("next_attempt", res.NextAttempt))
	}
	if res.Err != nil {
		attrs = append(attrs, slog.String("error", redact(res.Err.Error(), m.Recipient)))
	}
	d.log.LogAttrs(ctx, level, "notify: dispatch", attrs...)
}

// The same patterns as the module's internal/redact, which notify does not
// import (it imports nothing of the module but milestone).
var (
	emailLike = regexp.MustCompile(`[^\s<>"'(),;:]+@[^\s<>"'(),;:]+`)
	phoneLike = regexp.MustCompile(`\+?[0-9][0-9 ()./-]{5,}[0-9]`)
)

// redact removes the recipient's addresses, and anything shaped like an
// e-mail address or a phone number, from an error text before it is
// logged: channel errors often quote the address they rejected.
func redact(s string, r Recipient) string {
	for _, a := range []string{r.Email, r.Phone} {
		if a != "" {
			s = strings.ReplaceAll(s, a, "[redacted]")
		}
	}
	s = emailLike.ReplaceAllString(s, "[redacted]")
	return phoneLike.ReplaceAllString(s, "[redacted]")
}
