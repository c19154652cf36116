package tracking

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking/store"
)

var (
	// ErrVersionConflict is returned (wrapped) by Update when
	// ShipmentChange.IfVersion is set and the shipment was changed since
	// that version was read: read it again (Status) and decide anew.
	ErrVersionConflict = errors.New("tracking: shipment changed since it was read")
	// ErrShipmentClosed is returned (wrapped) for a change of a shipment
	// that is cancelled, delivered or returned (Update, and Cancel of a
	// delivered or returned one): its journey ended.
	ErrShipmentClosed = errors.New("tracking: shipment is cancelled or finished")
)

// ShipmentChange is what Update changes. A nil field is left as it is.
type ShipmentChange struct {
	// IfVersion, when not 0, applies the change only if the shipment's
	// version is still this one (View.Version); else the error wraps
	// ErrVersionConflict and nothing changes.
	IfVersion int64
	// PromisedBy is the new promise; a pointer to the zero time removes the
	// promise.
	PromisedBy *time.Time
	// Recipient replaces the whole recipient (name, e-mail, phone, locale,
	// time zone). Its ID, the key of EraseCustomer, must be clean text.
	Recipient *notify.Recipient
	// TimeZone is the IANA name of the zone business days are counted in;
	// "" means UTC.
	TimeZone *string
	// TrackingNumber is a corrected tracking number; Carrier, with it, the
	// carrier it belongs to ("" or nil: detected with carrier.Detect among
	// Config.Carriers). A carrier given alone moves the current number to
	// that carrier.
	Carrier        *string
	TrackingNumber *string
	// Reason says why, in free text; it is kept in the event stream
	// (ShipmentEvent.Note).
	Reason string
}

// Update changes a registered shipment: its promise, recipient, time zone,
// or carrier and tracking number, and re-evaluates it at once. The
// messages that follow go out as usual: a new promise that has already
// passed tells the customer of the delay, once (a customer told of a missed
// promise before is not told again). A corrected number resets polling
// (the carrier is asked at the next Tick), moves a push subscription to the
// new number (the old one is unsubscribed by the next Ticks, the new one
// subscribed), and keeps the old number's scans in the store, apart: they
// no longer count for the state and Status's timeline leaves them out.
// The change is written with an EventShipmentUpdated event.
//
// Errors: an unknown ID wraps ErrUnknownShipment; a stale IfVersion
// ErrVersionConflict; a cancelled, delivered or returned shipment
// ErrShipmentClosed; a change that names no field, an unusable promise
// or zone, or a number that carrier.Detect says belongs to another
// carrier than the one given (or than any in Config.Carriers) ErrInvalid; a
// carrier not in Config.Carriers ErrUnknownCarrier. Nothing changes then.
// A change to what the shipment has already writes nothing and returns its
// view, so a repeated Update is harmless.
func (s *Service) Update(ctx context.Context, id string, c ShipmentChange) (View, error) {
	v, err := s.update(ctx, id, c)
	return v, oncePrefixed(err)
}

func (s *Service) update(ctx context.Context, id string, c ShipmentChange) (View, error) {
	if !store.IsCleanText(id) || id == "" {
		return View{}, fmt.Errorf("tracking: update %q: %w", store.CleanText(id), ErrUnknownShipment)
	}
	if err := s.checkChange(id, &c); err != nil {
		return View{}, err
	}
	op := &hostOp{event: EventShipmentUpdated, note: store.CleanText(c.Reason)}
	op.prepare = func(rec *store.Shipment, m *memo, now time.Time) error {
		if c.IfVersion != 0 && rec.Version != c.IfVersion {
			return fmt.Errorf("tracking: update %s: version %d, not %d: %w", id, rec.Version, c.IfVersion, ErrVersionConflict)
		}
		if closed(rec) {
			return fmt.Errorf("tracking: update %s: %w (%s)", id, ErrShipmentClosed, rec.State)
		}
		changed, restart, err := s.change(ctx, rec, m, c, now)
		if err != nil {
			return err
		}
		if len(changed) == 0 {
			return errNoChange
		}
		op.changed, op.restart = changed, restart
		return nil
	}
	before := s.written.Load()
	err := s.applyOp(ctx, id, nil, nil, fromClock, "", nil, op)
	if errors.Is(err, errNoChange) {
		// What the shipment has already: a repeated Update writes nothing.
		return s.status(ctx, id)
	}
	if err != nil {
		return View{}, err
	}
	if err := s.flushIfDue(ctx, before); err != nil {
		s.log.WarnContext(ctx, "tracking: update: flush failed", "shipment", id, "err", redact(err.Error()))
	}
	s.log.InfoContext(ctx, "tracking: shipment updated", "shipment", id, "changed", strings.Join(op.changed, ","))
	return s.status(ctx, id)
}

// errNoChange stops an Update that would change nothing before it writes.
var errNoChange = errors.New("tracking: no change")

// closed reports whether a shipment's journey ended or it was cancelled.
func closed(rec *store.Shipment) bool {
	return !rec.CancelledAt.IsZero() || State(rec.State).Terminal()
}

// checkChange checks what can be checked of c without the stored shipment.
func (s *Service) checkChange(id string, c *ShipmentChange) error {
	switch {
	case c.PromisedBy == nil && c.Recipient == nil && c.TimeZone == nil && c.Carrier == nil && c.TrackingNumber == nil:
		return fmt.Errorf("tracking: update %s: the change names no field to change: %w", id, ErrInvalid)
	case c.IfVersion < 0:
		return fmt.Errorf("tracking: update %s: negative IfVersion %d: %w", id, c.IfVersion, ErrInvalid)
	case c.PromisedBy != nil && !c.PromisedBy.IsZero() && !usableTime(*c.PromisedBy):
		return fmt.Errorf("tracking: update %s: PromisedBy %s is not between 1970 and 2199: %w", id, *c.PromisedBy, ErrInvalid)
	case c.Recipient != nil && !store.IsCleanText(c.Recipient.ID):
		return fmt.Errorf("tracking: update %s: Recipient.ID is not clean text (store.CleanText): %w", id, ErrInvalid)
	case c.TrackingNumber != nil && (*c.TrackingNumber == "" || !store.IsCleanText(*c.TrackingNumber)):
		return fmt.Errorf("tracking: update %s: TrackingNumber is empty or not clean text: %w", id, ErrInvalid)
	case c.Carrier != nil && !store.IsCleanText(*c.Carrier):
		return fmt.Errorf("tracking: update %s: Carrier is not clean text: %w", id, ErrInvalid)
	}
	if c.TimeZone != nil && *c.TimeZone != "" && *c.TimeZone != "UTC" {
		if _, err := time.LoadLocation(*c.TimeZone); err != nil || *c.TimeZone == "Local" {
			return fmt.Errorf("tracking: update %s: time zone %q is not an IANA zone name: %w", id, *c.TimeZone, ErrInvalid)
		}
	}
	if c.Carrier != nil && *c.Carrier != "" {
		if _, ok := s.cfg.Carriers.Get(*c.Carrier); !ok {
			return fmt.Errorf("tracking: update %s: carrier %q: %w", id, *c.Carrier, ErrUnknownCarrier)
		}
	}
	return nil
}

// change applies c to the stored shipment and its bookkeeping and returns
// the names of the fields it changed; restart says the tracking number or
// carrier changed, so the shipment is evaluated afresh.
func (s *Service) change(ctx context.Context, rec *store.Shipment, m *memo, c ShipmentChange, now time.Time) (changed []string, restart bool, err error) {
	if c.PromisedBy != nil && !c.PromisedBy.Equal(rec.PromisedBy) {
		rec.PromisedBy = *c.PromisedBy
		changed = append(changed, "PromisedBy")
	}
	if c.Recipient != nil {
		if r := cleanRecipient(*c.Recipient); r != rec.Recipient {
			rec.Recipient = r
			changed = append(changed, "Recipient")
		}
	}
	if c.TimeZone != nil {
		zone := *c.TimeZone
		if zone == "UTC" {
			zone = ""
		}
		if zone != rec.TimeZone {
			rec.TimeZone = zone
			changed = append(changed, "TimeZone")
		}
	}
	if c.Carrier == nil && c.TrackingNumber == nil {
		return changed, false, nil
	}
	number := rec.TrackingNumber
	if c.TrackingNumber != nil {
		number = *c.TrackingNumber
	}
	given := ""
	if c.Carrier != nil {
		given = *c.Carrier
	}
	carrierID, number, err := s.resolveCarrier(rec.ID, given, rec.Carrier, number)
	if err != nil {
		return nil, false, err
	}
	if carrierID == rec.Carrier && number == rec.TrackingNumber {
		return changed, false, nil
	}
	if carrierID != rec.Carrier {
		changed = append(changed, "Carrier")
	}
	if number != rec.TrackingNumber {
		changed = append(changed, "TrackingNumber")
	}
	if err := s.moveNumber(ctx, rec, m, carrierID, number, now); err != nil {
		return nil, false, err
	}
	return changed, true, nil
}

// resolveCarrier returns the carrier and number a corrected number is
// tracked with. given is the carrier the host named ("" to detect), current
// the shipment's carrier.
func (s *Service) resolveCarrier(id, given, current, number string) (string, string, error) {
	matches := carrier.Detect(number)
	names := func() string {
		var ids []string
		for _, mt := range matches {
			if !slices.Contains(ids, mt.Carrier) {
				ids = append(ids, mt.Carrier)
			}
		}
		return strings.Join(ids, ", ")
	}
	if given != "" {
		for _, mt := range matches {
			if mt.Carrier == given {
				return given, mt.TrackingNumber, nil
			}
		}
		if len(matches) > 0 && carrier.Detectable(given) {
			return "", "", fmt.Errorf("tracking: update %s: tracking number %q is a %s number, not %s: %w",
				id, number, names(), given, ErrInvalid)
		}
		return given, number, nil
	}
	for _, mt := range matches {
		if mt.Carrier == current {
			return current, mt.TrackingNumber, nil
		}
	}
	for _, mt := range matches {
		if _, ok := s.cfg.Carriers.Get(mt.Carrier); ok {
			return mt.Carrier, mt.TrackingNumber, nil
		}
	}
	if len(matches) > 0 && (carrier.Detectable(current) || current == "") {
		return "", "", fmt.Errorf("tracking: update %s: tracking number %q is a %s number, and no such carrier is in Config.Carriers: %w",
			id, number, names(), ErrInvalid)
	}
	if _, ok := s.cfg.Carriers.Get(current); !ok {
		return "", "", fmt.Errorf("tracking: update %s: no carrier in Config.Carriers recognises tracking number %q: %w", id, number, ErrInvalid)
	}
	return current, number, nil
}

// moveNumber gives the shipment a corrected carrier and number: the scans
// stored so far are set apart, what was learnt from them is forgotten (the
// customer is not told again of what they were told), polling starts over
// now, and a push subscription moves to the new number.
func (s *Service) moveNumber(ctx context.Context, rec *store.Shipment, m *memo, carrierID, number string, now time.Time) error {
	scans, err := s.store.Scans(ctx, rec.ID)
	if err != nil {
		return fmt.Errorf("tracking: update %s: %w", rec.ID, err)
	}
	for _, sc := range scans {
		if k := scanKeyHash(sc.Key()); !slices.Contains(m.OldScans, k) {
			m.OldScans = append(m.OldScans, k)
		}
	}
	switch SubscriptionState(rec.Subscription.State) {
	case SubscriptionActive, SubscriptionEnding:
		m.Unsub = append(m.Unsub, oldSubscription{Carrier: rec.Carrier, Number: rec.TrackingNumber, At: now})
	}
	rec.Subscription = store.Subscription{}
	if c, ok := s.cfg.Carriers.Get(carrierID); ok {
		if _, push := c.(carrier.Subscriber); push {
			rec.Subscription = store.Subscription{State: string(SubscriptionPending), NextAttemptAt: now}
		}
	}
	rec.Carrier, rec.TrackingNumber = carrierID, number
	rec.ETA = time.Time{}
	m.Facts = facts{}
	m.ETAAsOf, m.ToldETA = time.Time{}, ""
	m.NotFound, m.Failures, m.Overdue = 0, 0, time.Time{}
	m.NextPoll, m.LastPush = now, time.Time{}
	return nil
}

// scanKeyHash is the short key under which memo.OldScans keeps a scan.
func scanKeyHash(k store.ScanKey) string {
	h := fnv.New64a()
	h.Write([]byte(strconv.FormatInt(k.Time, 10)))
	for _, p := range []string{k.Code, k.Description, k.Location} {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	return strconv.FormatUint(h.Sum64(), 36)
}

// oldSubscription is the push subscription of a number a shipment had
// before a correction, to be ended by Tick.
type oldSubscription struct {
	Carrier  string    `json:"c"`
	Number   string    `json:"n"`
	At       time.Time `json:"at"` // when the next Unsubscribe call is due
	Attempts int       `json:"a,omitempty"`
}

// unsubscribeDue is when the next old subscription is to be ended; zero if
// none is.
func (m *memo) unsubscribeDue() time.Time {
	var at time.Time
	for _, o := range m.Unsub {
		at = earliest(at, o.At)
	}
	return at
}

// endOldSubscriptions makes the Unsubscribe calls due for the old numbers of
// a claimed shipment and returns how to record the answers; nil if none is
// due.
func (s *Service) endOldSubscriptions(ctx context.Context, shipmentID string, m memo, now time.Time) adjuster {
	if len(m.Unsub) == 0 || m.unsubscribeDue().After(now) {
		return nil
	}
	var keep []oldSubscription
	for _, o := range m.Unsub {
		if o.At.After(now) {
			keep = append(keep, o)
			continue
		}
		c, ok := s.cfg.Carriers.Get(o.Carrier)
		sc, push := c.(carrier.Subscriber)
		if !ok || !push {
			continue // the carrier no longer pushes here
		}
		if until := s.pausedUntil(o.Carrier, now); !until.IsZero() {
			o.At = until
			keep = append(keep, o)
			continue
		}
		cctx, cancel := s.pollContext(ctx)
		err := sc.Unsubscribe(cctx, o.Number)
		s.pauseOnTimeout(ctx, cctx, o.Carrier, now)
		cancel()
		s.pauseOn(o.Carrier, now, err)
		next := s.cfg.Poll.afterUnsubscribe(store.Subscription{State: string(SubscriptionEnding), Attempts: o.Attempts}, err, now)
		s.log.InfoContext(ctx, "tracking: old number unsubscribed", "shipment", shipmentID, "carrier", o.Carrier,
			"state", next.State, "err", errText(err))
		if SubscriptionState(next.State) == SubscriptionEnding {
			o.At, o.Attempts = next.NextAttemptAt, next.Attempts
			keep = append(keep, o)
		}
	}
	return memoOnly(func(m *memo, _ time.Time) { m.Unsub = keep })
}
