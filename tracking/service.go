package tracking

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/bizday"
	"github.com/wismo-dev/wismo/internal/readdeadline"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking/memstore"
	"github.com/wismo-dev/wismo/tracking/store"
	"golang.org/x/time/rate"
)

var (
	// ErrUnknownShipment is returned (wrapped) for a shipment ID or a carrier
	// and tracking number that no registered shipment has.
	ErrUnknownShipment = errors.New("tracking: unknown shipment")
	// ErrUnknownCarrier is returned (wrapped) by Track for a carrier that is
	// not in Config.Carriers.
	ErrUnknownCarrier = errors.New("tracking: unknown carrier")
	// ErrInvalid is returned (wrapped) for a shipment or update that lacks
	// required fields.
	ErrInvalid = errors.New("tracking: invalid input")
	// ErrDuplicateShipment is returned (wrapped) by Track when the ID is
	// already registered with other data (see Track for which fields
	// count); the error's text names the fields that differ.
	ErrDuplicateShipment = errors.New("tracking: shipment ID already registered with other data")
)

// Shipment is a parcel the host asks wismo to follow.
type Shipment struct {
	// ID is the host's unique id of the shipment. Required.
	ID string
	// OrderID is the host's order id, passed on in messages.
	OrderID string
	// Carrier is the carrier id, such as "ups"; it must be in Config.Carriers. Required.
	Carrier string
	// TrackingNumber is the carrier's tracking number. Required.
	TrackingNumber string
	// Recipient receives the customer messages; Recipient.ID is the key of EraseCustomer.
	Recipient notify.Recipient
	// PromisedBy is the latest delivery time promised to the customer; zero
	// means no promise (never delayed).
	PromisedBy time.Time
	// TimeZone is the zone business days are counted in; nil means UTC. It
	// must be loadable by name (time.LoadLocation), as stores keep its name.
	TimeZone *time.Location
	// Service, Origin and Destination describe the shipment (optional):
	// the service level and the origin and destination regions.
	Service, Origin, Destination string
	// Metadata is the host's own data (items, SKUs), kept with the shipment
	// and available to hooks.
	Metadata map[string]string
	// WebhookFed says updates arrive by webhook, so polling is only a safety
	// net. Ingest through WebhookHandler sets it too.
	WebhookFed bool
	// ReturnID marks a return parcel: the id of the return it carries back
	// to the shop (package returns registers its parcels so). Every message
	// about the parcel carries it in Message.ReturnID, so a host can tell
	// them from messages about parcels to the customer (see
	// returns.WithoutParcelMessages). Defaults to none: a parcel to the
	// customer.
	ReturnID string
}

// Config configures a Service. Every field but Notifier has a default.
type Config struct {
	// Store keeps shipments, scans and the outbox. Defaults to memstore.New().
	Store store.Store
	// Carriers are the carriers shipments are tracked with. Defaults to an
	// empty registry.
	Carriers *carrier.Registry
	// Notifier is the host's sender. Every message goes through a
	// notify.Dispatcher built from it, with Renderer, Preferences,
	// DelayOffer and Retry, and without a rate limit (the Notifier routes
	// each message itself, whatever channels preferences name). Required
	// unless Dispatcher is set.
	Notifier notify.Notifier
	// Dispatcher, when set, is the host's own dispatcher the messages go
	// through instead, with the rendering, preferences, hooks, rate limits
	// and retry policy configured there: Notifier, Renderer, Preferences,
	// DelayOffer and Retry must then be left unset. Defaults to one built
	// from Notifier.
	Dispatcher *notify.Dispatcher
	// Renderer renders the messages (subject, text, HTML) in the
	// recipient's language. Defaults to none: messages carry their data
	// only, for hosts that render themselves.
	Renderer *notify.Renderer
	// Preferences is asked for each message's recipient: a customer kind
	// the recipient opted out of is not sent (unless it requires action),
	// quiet hours defer it, and Prefs.Language picks the rendering
	// language. Defaults to none.
	Preferences notify.Preferences
	// DelayOffer adds the host's apology offer (a discount code) to customer
	// delayed and exception messages rendered by Renderer. Defaults to none.
	DelayOffer notify.DelayOffer
	// QuietHours is the shop's quiet window, in each recipient's zone (the
	// shipment's when Recipient.TimeZone is empty): customer messages that
	// require no action (shipped up to feedback_request, delays and
	// exceptions included) wait for its end, while merchant messages and
	// messages that require action go out at once; a recipient's own
	// Prefs.QuietHours replace it (see notify.DispatcherConfig.QuietHours).
	// Defaults to none: messages go out when they are due. Set
	// notify.DefaultQuietHours (21:00-08:00) to hold them at night.
	QuietHours notify.QuietHours
	// Retry is the retry policy of failed sends. Zero fields take
	// notify.RetryPolicy's defaults (first retry after 30 seconds, doubling,
	// at most an hour apart, dead-lettered 24 hours after the message was
	// created).
	Retry notify.RetryPolicy
	// Now is the clock. Defaults to time.Now. Components built on the
	// Service without a clock of their own (tracking/page's Handler,
	// returns' Service) take it through Service.Now.
	Now func() time.Time
	// Classifier turns scans into milestones. If it is also a
	// milestone.Explainer, details and ActionRequired come from its Explain.
	// Defaults to the built-in classifier.
	Classifier milestone.Classifier
	// Merchant receives the merchant messages (not_picked_up, stalled, lost,
	// not_found). Defaults to the zero Recipient: the Notifier routes them by
	// Message.Audience.
	Merchant notify.Recipient
	// Policy decides which milestones the customer is told about. Defaults to
	// the zero Policy (see milestone.Policy).
	Policy milestone.Policy
	// Logger receives the service's logs; they carry ids, never addresses,
	// e-mails or phone numbers. Defaults to a logger that discards.
	Logger *slog.Logger
	// Thresholds are the state machine's time rules. Zero fields take defaults.
	Thresholds Thresholds
	// Weekend lists the non-working weekdays. Defaults to Saturday and Sunday.
	Weekend []time.Weekday
	// Holidays reports whether a civil date is a holiday in a shipment's zone
	// (HolidayDates builds one from a list). Defaults to none.
	Holidays func(loc *time.Location, y int, m time.Month, d int) bool
	// FeedbackAfter is how long after delivery the customer is asked for
	// feedback; -1 switches it off. A delivery first seen more than a week
	// after the request was due is not asked about. Defaults to 72 hours.
	FeedbackAfter time.Duration
	// Poll sets the adaptive polling intervals. Zero fields take defaults.
	Poll PollConfig
	// Owner names this process in leases. Defaults to a random id.
	Owner string
	// LeaseFor is how long a claimed shipment or message stays leased to this
	// process. It should exceed the time one batch takes to poll; an expired lease
	// lets another process poll the same shipments again (harmless, but
	// wasted). A message is sent only while its lease has a tenth of LeaseFor
	// plus the send's own bound (SendTimeout, at most half of LeaseFor) left;
	// the rest of a batch that outlasts its lease is released and claimed
	// again, so a slow channel never sends a message twice. Defaults to 5
	// minutes.
	LeaseFor time.Duration
	// BatchSize is how many shipments or messages one claim takes. Defaults to 100.
	BatchSize int
	// TickEvery is the pause between Ticks in Run. Defaults to 1 minute.
	TickEvery time.Duration
	// Sleep waits d or until ctx ends; Run uses it between Ticks. Defaults to
	// a real timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// WebhookMaxBytes limits a webhook body. Defaults to 1 MiB.
	WebhookMaxBytes int64
	// WebhookReadTimeout bounds how long a WebhookHandler waits for the
	// whole body, from the start of the handler: a sender still sending
	// after it gets 408 and its connection is closed, so a body trickled
	// in byte by byte cannot hold a handler. Defaults to 10 seconds.
	WebhookReadTimeout time.Duration
	// SendTimeout bounds one send through Notifier or Dispatcher, so that a
	// channel that hangs delays only its own message: the send fails as a
	// temporary error and is retried, and the outbox goes on. -1 switches the
	// bound off: the caller's context and the message's lease (LeaseFor less
	// a tenth) then limit sends. Defaults to 30 seconds.
	SendTimeout time.Duration
	// Predict estimates a shipment's delivery window from the shop's own
	// delivery history when the carrier gives no estimate, for example
	// (*insights.Current).Predict. With it, a shipment whose predicted p50
	// day is after its promise is at_risk (reason predicted_late, no customer
	// message), and Status reports the window in View.Predicted. Defaults to
	// none.
	Predict func(PredictInput) Prediction
	// PollTimeout bounds one carrier call (Track or one TrackBatch), so that
	// a carrier that hangs delays only its own shipments: the call fails as a
	// temporary error, the Tick goes on with the other carriers, and that
	// carrier is left alone for Poll.RateLimited (as after a rate limit),
	// so its other shipments wait for a later Tick instead of holding this
	// one for PollTimeout each. -1 switches the bound off. Defaults to 1
	// minute.
	PollTimeout time.Duration
	// OnEvent hears the event stream (see ShipmentEvent): Run gives it every
	// event in Seq order, at least once, and stores how far it got
	// (EventCursor), so a restart goes on from there. An error (or a
	// panic, which Run recovers) makes Run give the same event again after
	// a backoff. Defaults to none: events
	// are still written, and read with Events.
	OnEvent func(ctx context.Context, e ShipmentEvent) error
	// EventsEvery is how often Run looks for new events when OnEvent is
	// set, and the first pause after OnEvent failed. Defaults to 1 second.
	EventsEvery time.Duration
	// EventRetryMax is the longest pause between deliveries of an event
	// that OnEvent keeps failing (the pause doubles from EventsEvery).
	// Defaults to 5 minutes.
	EventRetryMax time.Duration
}

// Service follows shipments: it ingests carrier updates, polls what is due,
// runs the delay state machine and sends the messages through the outbox. It
// is safe for concurrent use; several processes may share one Store.
type Service struct {
	cfg    Config
	store  store.Store
	rules  rules
	log    *slog.Logger
	expl   func(milestone.Scan) milestone.Result
	zones  sync.Map // zone name -> *time.Location
	mu     sync.Mutex
	paused map[string]time.Time // carrier id -> rate limited until
	// written counts the outbox messages this process wrote, and retryDue is
	// the earliest retry it scheduled (Unix nanoseconds, 0 for none): Ingest
	// flushes only when one of them says there is something to send.
	written  atomic.Int64
	retryDue atomic.Int64
	// feedbackHolds are asked before a feedback_request is sent (HoldFeedback); under mu.
	feedbackHolds []FeedbackHold
}

// New returns a Service. It fills the defaults of cfg and returns an error
// naming the first invalid field.
func New(cfg Config) (*Service, error) {
	if cfg.Store == nil {
		cfg.Store = memstore.New()
	}
	if cfg.Carriers == nil {
		cfg.Carriers = carrier.NewRegistry()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Classifier == nil {
		cfg.Classifier = milestone.ClassifierFunc(milestone.Classify)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.FeedbackAfter == 0 {
		cfg.FeedbackAfter = 72 * time.Hour
	}
	if cfg.Owner == "" {
		var b [6]byte
		_, _ = rand.Read(b[:])
		cfg.Owner = "wismo-" + hex.EncodeToString(b[:])
	}
	if cfg.LeaseFor == 0 {
		cfg.LeaseFor = 5 * time.Minute
	}
	if cfg.BatchSize == 0 {
		cfg.BatchSize = 100
	}
	if cfg.TickEvery == 0 {
		cfg.TickEvery = time.Minute
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	if cfg.PollTimeout == 0 {
		cfg.PollTimeout = time.Minute
	}
	if cfg.SendTimeout == 0 {
		cfg.SendTimeout = 30 * time.Second
	}
	if cfg.EventsEvery == 0 {
		cfg.EventsEvery = time.Second
	}
	if cfg.EventRetryMax == 0 {
		cfg.EventRetryMax = 5 * time.Minute
	}
	if cfg.WebhookMaxBytes == 0 {
		cfg.WebhookMaxBytes = 1 << 20
	}
	if cfg.WebhookReadTimeout == 0 {
		cfg.WebhookReadTimeout = readdeadline.Default
	}
	for _, th := range []struct {
		name string
		v    int
	}{{"NotPickedUpAfter", cfg.Thresholds.NotPickedUpAfter}, {"StalledAfter", cfg.Thresholds.StalledAfter}, {"LostAfter", cfg.Thresholds.LostAfter}} {
		if th.v < 0 {
			return nil, fmt.Errorf("tracking: Config.Thresholds.%s must be a positive number of business days, got %d", th.name, th.v)
		}
	}
	if cfg.Thresholds.NotFoundAfter < 0 {
		return nil, fmt.Errorf("tracking: Config.Thresholds.NotFoundAfter must be positive, got %s", cfg.Thresholds.NotFoundAfter)
	}
	cfg.Thresholds = cfg.Thresholds.withDefaults()
	cfg.Poll = cfg.Poll.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if cfg.Dispatcher == nil {
		quiet := cfg.QuietHours
		if quiet == (notify.QuietHours{}) {
			quiet = notify.NoQuietHours
		}
		d, err := notify.NewDispatcher(notify.DispatcherConfig{
			Notifier: cfg.Notifier, Renderer: cfg.Renderer, Preferences: cfg.Preferences, DelayOffer: cfg.DelayOffer,
			QuietHours: quiet, Retry: cfg.Retry, RatePerRecipient: rate.Inf, Now: cfg.Now, Logger: cfg.Logger,
		})
		if err != nil {
			return nil, fmt.Errorf("tracking: Config: %w", err)
		}
		cfg.Dispatcher = d
	}
	s := &Service{
		cfg:   cfg,
		store: cfg.Store,
		rules: rules{
			cal:           bizday.Calendar{Weekend: cfg.Weekend, Holiday: cfg.Holidays},
			th:            cfg.Thresholds,
			feedbackAfter: cfg.FeedbackAfter,
			policy:        cfg.Policy,
			predict:       cfg.Predict,
			merchant:      cfg.Merchant,
		},
		log:    cfg.Logger,
		paused: map[string]time.Time{},
	}
	if e, ok := cfg.Classifier.(milestone.Explainer); ok {
		s.expl = e.Explain
	} else {
		c := cfg.Classifier
		s.expl = func(sc milestone.Scan) milestone.Result { return milestone.Result{Milestone: c.Classify(sc)} }
	}
	return s, nil
}

func (c *Config) validate() error {
	switch {
	case c.Notifier == nil && c.Dispatcher == nil:
		return errors.New("tracking: Config.Notifier is required (or Config.Dispatcher)")
	case c.Dispatcher != nil && (c.Notifier != nil || c.Renderer != nil || c.Preferences != nil || c.DelayOffer != nil || c.Retry != (notify.RetryPolicy{}) || c.QuietHours != (notify.QuietHours{})):
		return errors.New("tracking: Config.Dispatcher is set: configure Notifier, Renderer, Preferences, DelayOffer, QuietHours and Retry in the Dispatcher")
	case c.FeedbackAfter < 0 && c.FeedbackAfter != -1:
		return fmt.Errorf("tracking: Config.FeedbackAfter is %s; use -1 to switch feedback off", c.FeedbackAfter)
	case c.LeaseFor < 0:
		return fmt.Errorf("tracking: Config.LeaseFor must be positive, got %s", c.LeaseFor)
	case c.BatchSize < 0:
		return fmt.Errorf("tracking: Config.BatchSize must be positive, got %d", c.BatchSize)
	case c.TickEvery < 0:
		return fmt.Errorf("tracking: Config.TickEvery must be positive, got %s", c.TickEvery)
	case c.PollTimeout < 0 && c.PollTimeout != -1:
		return fmt.Errorf("tracking: Config.PollTimeout is %s; use -1 to switch it off", c.PollTimeout)
	case c.SendTimeout < 0 && c.SendTimeout != -1:
		return fmt.Errorf("tracking: Config.SendTimeout is %s; use -1 to switch it off", c.SendTimeout)
	case c.EventsEvery < 0 || c.EventRetryMax < 0:
		return fmt.Errorf("tracking: Config.EventsEvery (%s) and Config.EventRetryMax (%s) must be positive", c.EventsEvery, c.EventRetryMax)
	case c.WebhookMaxBytes < 0:
		return fmt.Errorf("tracking: Config.WebhookMaxBytes must be positive, got %d", c.WebhookMaxBytes)
	case c.WebhookReadTimeout < 0:
		return fmt.Errorf("tracking: Config.WebhookReadTimeout must be positive, got %s", c.WebhookReadTimeout)
	}
	return c.Poll.validate()
}

// Now returns the time on the Service's clock, Config.Now. tracking/page
// and returns take it when they are built on the Service without a clock
// of their own, so one test clock drives them all.
func (s *Service) Now() time.Time { return s.cfg.Now() }

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Service) zone(name string) *time.Location {
	if name == "" || name == "UTC" {
		return time.UTC
	}
	if l, ok := s.zones.Load(name); ok {
		return l.(*time.Location)
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		s.log.Warn("tracking: unknown time zone, using UTC", "zone", name)
		l = time.UTC
	}
	s.zones.Store(name, l)
	return l
}

// Track registers a shipment. It is idempotent by ID: registering the same
// shipment again does nothing and returns nil. The same ID with other data
// returns an error wrapping ErrDuplicateShipment that names the fields that
// differ, and the stored shipment is left as it was: Track never changes a
// shipment. The data compared is Carrier, TrackingNumber, OrderID,
// Recipient (every field, as stored: text is compared after the cleaning
// Track does), PromisedBy (the same instant, to the microsecond stores
// keep), TimeZone (by name), Service, Origin, Destination, Metadata and
// ReturnID; WebhookFed is not compared (Ingest through WebhookHandler sets
// it too). After EraseCustomer the stored recipient has no name, e-mail or
// phone, so tracking it again with them differs.
func (s *Service) Track(ctx context.Context, sh Shipment) error {
	return oncePrefixed(s.track(ctx, sh))
}

func (s *Service) track(ctx context.Context, sh Shipment) error {
	switch {
	case sh.ID == "":
		return fmt.Errorf("tracking: track: empty ID: %w", ErrInvalid)
	case sh.Carrier == "":
		return fmt.Errorf("tracking: track %s: empty Carrier: %w", sh.ID, ErrInvalid)
	case sh.TrackingNumber == "":
		return fmt.Errorf("tracking: track %s: empty TrackingNumber: %w", sh.ID, ErrInvalid)
	case !sh.PromisedBy.IsZero() && !usableTime(sh.PromisedBy):
		return fmt.Errorf("tracking: track %s: PromisedBy %s is not between 1970 and 2199: %w", sh.ID, sh.PromisedBy, ErrInvalid)
	case !store.IsCleanText(sh.ID) || !store.IsCleanText(sh.Carrier) || !store.IsCleanText(sh.TrackingNumber) || !store.IsCleanText(sh.Recipient.ID):
		// Keys are not rewritten (that would change what they name): they
		// must be text every store keeps as it is.
		return fmt.Errorf("tracking: track %q: ID, Carrier, TrackingNumber or Recipient.ID is not clean text (store.CleanText): %w", store.CleanText(sh.ID), ErrInvalid)
	}
	if _, ok := s.cfg.Carriers.Get(sh.Carrier); !ok {
		return fmt.Errorf("tracking: track %s: carrier %q: %w", sh.ID, sh.Carrier, ErrUnknownCarrier)
	}
	zone := ""
	if sh.TimeZone != nil && sh.TimeZone != time.UTC {
		zone = sh.TimeZone.String()
		if _, err := time.LoadLocation(zone); err != nil || zone == "Local" {
			return fmt.Errorf("tracking: track %s: time zone %q cannot be stored by name; use time.LoadLocation: %w", sh.ID, zone, ErrInvalid)
		}
	}
	now := s.cfg.Now()
	m := memo{NextPoll: now, Webhook: sh.WebhookFed, ReturnID: store.CleanText(sh.ReturnID)}
	rec := &store.Shipment{
		ID: sh.ID, OrderID: store.CleanText(sh.OrderID), Carrier: sh.Carrier, TrackingNumber: sh.TrackingNumber,
		Recipient: cleanRecipient(sh.Recipient), PromisedBy: sh.PromisedBy, TimeZone: zone,
		Service: store.CleanText(sh.Service), Origin: store.CleanText(sh.Origin), Destination: store.CleanText(sh.Destination),
		Metadata:  sh.Metadata,
		CreatedAt: now, State: string(StatePending), Milestone: milestone.Unknown.String(), Active: true,
	}
	if c, _ := s.cfg.Carriers.Get(sh.Carrier); c != nil {
		if _, ok := c.(carrier.Subscriber); ok {
			// Subscribed by the next Tick, not here: a carrier that fails
			// or hangs cannot fail or slow Track.
			rec.Subscription = store.Subscription{State: string(SubscriptionPending), NextAttemptAt: now}
		}
	}
	subj := s.subject(rec, m)
	out := s.rules.evaluate(subj, nil, now)
	rec.State, rec.Reason = string(out.State), string(out.Reason)
	rec.DueAt = earliest(out.NextChange, m.NextPoll)
	rec.Memo = encodeMemo(out.Memo)
	created, err := s.store.CreateShipment(ctx, rec)
	if err != nil {
		return fmt.Errorf("tracking: track %s: %w", sh.ID, err)
	}
	if !created {
		old, err := s.store.GetShipment(ctx, sh.ID)
		if err != nil {
			return fmt.Errorf("tracking: track %s: %w", sh.ID, err)
		}
		oldMemo, err := decodeMemo(old.Memo)
		if err != nil {
			return fmt.Errorf("tracking: track %s: stored shipment: %w", sh.ID, err)
		}
		if diff := differences(old, oldMemo.ReturnID, rec, m.ReturnID); len(diff) > 0 {
			return &duplicateError{fmt.Sprintf("tracking: track %s: already registered with other data (%s differ); Track does not change a shipment: change it in the Store (there is no Update yet), or track the parcel under a new ID",
				sh.ID, strings.Join(diff, ", "))}
		}
		return nil
	}
	s.log.InfoContext(ctx, "tracking: shipment registered", "shipment", sh.ID, "carrier", sh.Carrier)
	return nil
}

// duplicateError is Track's error for an ID registered with other data: its
// text says what differs and what to do instead, and it matches
// ErrDuplicateShipment (errors.Is) without repeating its text.
type duplicateError struct{ msg string }

func (e *duplicateError) Error() string        { return e.msg }
func (e *duplicateError) Is(target error) bool { return target == ErrDuplicateShipment }

// differences names the fields of the stored shipment old (with its memo's
// ReturnID) that differ from rec, the one Track would store; nil if none.
func differences(old *store.Shipment, oldReturn string, rec *store.Shipment, recReturn string) []string {
	var d []string
	add := func(differs bool, name string) {
		if differs {
			d = append(d, name)
		}
	}
	add(old.Carrier != rec.Carrier, "Carrier")
	add(old.TrackingNumber != rec.TrackingNumber, "TrackingNumber")
	add(old.OrderID != rec.OrderID, "OrderID")
	o, n := old.Recipient, rec.Recipient
	add(o.ID != n.ID, "Recipient.ID")
	add(o.Name != n.Name, "Recipient.Name")
	add(o.Email != n.Email, "Recipient.Email")
	add(o.Phone != n.Phone, "Recipient.Phone")
	add(o.Locale != n.Locale, "Recipient.Locale")
	add(o.TimeZone != n.TimeZone, "Recipient.TimeZone")
	add(!old.PromisedBy.Truncate(time.Microsecond).Equal(rec.PromisedBy.Truncate(time.Microsecond)), "PromisedBy")
	add(old.TimeZone != rec.TimeZone, "TimeZone")
	add(old.Service != rec.Service, "Service")
	add(old.Origin != rec.Origin, "Origin")
	add(old.Destination != rec.Destination, "Destination")
	add(!maps.Equal(old.Metadata, rec.Metadata) && !maps.Equal(old.Metadata, storedMetadata(rec.Metadata)), "Metadata")
	add(oldReturn != recReturn, "ReturnID")
	return d
}

// storedMetadata is m as a store keeping it as JSON returns it (invalid
// UTF-8 turned into U+FFFD), so that the same metadata compares equal.
func storedMetadata(m map[string]string) map[string]string {
	b, err := json.Marshal(m)
	if err != nil {
		return m
	}
	var out map[string]string
	if json.Unmarshal(b, &out) != nil {
		return m
	}
	return out
}

// cleanRecipient returns r with its text fields as store.CleanText leaves
// them; the ID, a key, is checked by Track instead.
func cleanRecipient(r notify.Recipient) notify.Recipient {
	r.Name, r.Email, r.Phone = store.CleanText(r.Name), store.CleanText(r.Email), store.CleanText(r.Phone)
	r.Locale, r.TimeZone = store.CleanText(r.Locale), store.CleanText(r.TimeZone)
	return r
}

func earliest(a, b time.Time) time.Time {
	switch {
	case a.IsZero():
		return b
	case b.IsZero() || a.Before(b):
		return a
	}
	return b
}

func encodeMemo(m memo) []byte {
	b, err := json.Marshal(m)
	if err != nil {
		panic(fmt.Sprintf("tracking: encode memo: %v", err)) // plain data; cannot fail
	}
	return b
}

func decodeMemo(b []byte) (memo, error) {
	var m memo
	if len(b) == 0 {
		return m, nil
	}
	err := json.Unmarshal(b, &m)
	return m, err
}

func (s *Service) subject(rec *store.Shipment, m memo) subject {
	return subject{
		ID: rec.ID, OrderID: rec.OrderID, Carrier: rec.Carrier, Number: rec.TrackingNumber, Recipient: rec.Recipient,
		Registered: rec.CreatedAt, PromisedBy: rec.PromisedBy, Loc: s.zone(rec.TimeZone),
		ETA: rec.ETA, State: State(rec.State), Reason: Reason(rec.Reason), Memo: m,
		Service: rec.Service, Origin: rec.Origin, Destination: rec.Destination,
	}
}

// EraseCustomer removes the personal data (name, e-mail, phone) of the
// customer's shipments and messages, as GDPR erasure requests demand, and
// returns how many shipments it erased. Messages not sent yet are given up.
func (s *Service) EraseCustomer(ctx context.Context, customerID string) (int, error) {
	if customerID != "" && !store.IsCleanText(customerID) {
		return 0, nil // Track stores clean customer ids only: none is this one
	}
	n, err := s.store.EraseCustomer(ctx, customerID)
	if err != nil {
		return 0, fmt.Errorf("tracking: erase customer: %w", err)
	}
	s.log.InfoContext(ctx, "tracking: customer erased", "customer", customerID, "shipments", n)
	return n, nil
}

// HolidayDates returns a Config.Holidays function for fixed civil dates that
// are holidays in every zone; only each time's year, month and day count.
func HolidayDates(days ...time.Time) func(loc *time.Location, y int, m time.Month, d int) bool {
	set := make(map[[3]int]bool, len(days))
	for _, t := range days {
		y, m, d := t.Date()
		set[[3]int{y, int(m), d}] = true
	}
	return func(_ *time.Location, y int, m time.Month, d int) bool { return set[[3]int{y, int(m), d}] }
}
