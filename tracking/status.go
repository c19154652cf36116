package tracking

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/tracking/store"
)

// View is what Status reports about a shipment.
type View struct {
	ID, OrderID, Carrier, TrackingNumber string
	// State and Reason are the state machine's state and reason.
	State  State
	Reason Reason
	// Milestone is the latest milestone that is neither noise nor unknown
	// (Unknown before any), with its Detail and whether the customer must act.
	Milestone      milestone.Milestone
	Detail         milestone.Detail
	ActionRequired bool
	// NotFound says the carrier has answered "not found" for the number
	// and shown no scan since registration, for longer than
	// Thresholds.NotFoundAfter: the number may be wrong, or the parcel not
	// handed over yet. It ends with the first scan or the end of the
	// journey; a corrected number (Update) starts the count over.
	NotFound bool
	// ETA is the carrier's current estimate; zero if none.
	ETA time.Time
	// PromisedBy is the promise; zero if none.
	PromisedBy time.Time
	// DeliveredAt is the time of the delivery scan; zero if not delivered.
	DeliveredAt time.Time
	// Late is true when the parcel is delayed now, or reached the customer
	// (delivered, or available at a pickup point) after PromisedBy.
	Late bool
	// Timeline lists the scans worth showing (noise hidden), oldest first.
	Timeline []TimelineEntry
	// LastChecked is when wismo last heard from the carrier (poll or push);
	// zero if never.
	LastChecked time.Time
	// NextCheck is when the shipment is next polled or re-evaluated; zero if never.
	NextCheck time.Time
	// NextPoll is when the carrier is next asked about the shipment: on the
	// adaptive schedule, or as the safety net of a subscription; zero if
	// never.
	NextPoll time.Time
	// Subscription is the shipment's push subscription with its carrier:
	// its state, expiry, the next subscribe or unsubscribe call and the last
	// failure. Its State is SubscriptionNone for a carrier that does not push.
	Subscription SubscriptionView
	// Predicted is the delivery window expected from the shop's own history
	// (Config.Predict): from past deliveries like this one, else the
	// carrier's estimate, else the predictor's default, as Predicted.Source
	// says. Zero without Config.Predict and once the journey ended.
	Predicted Prediction
	// Locale and TimeZone are the recipient's language tag and the zone the
	// shipment's days are counted in (UTC when none was given), so that a
	// tracking page speaks the customer's language and time.
	Locale   string
	TimeZone *time.Location
	// ReturnID is Shipment.ReturnID: set when the parcel carries a return
	// back to the shop, so that a tracking page speaks of a return.
	ReturnID string
	// Version is the stored version, which grows with every write; pass it
	// as ShipmentChange.IfVersion to change the shipment only as it was read.
	Version int64
	// CreatedAt is when the shipment was registered (Track); UpdatedAt its
	// last change of state, reason, milestone, estimate or data, or its
	// cancellation. List orders by UpdatedAt.
	CreatedAt, UpdatedAt time.Time
	// CancelledAt is when Cancel stopped the shipment, zero if it did not;
	// CancelReason the reason given.
	CancelledAt  time.Time
	CancelReason string
	// Parcel and Parcels place the shipment among its order's parcels
	// ("parcel 2 of 3"): its place in the order of registration (1-based)
	// and their count, return parcels and cancelled shipments not counted.
	// Both are 0 when the order has one parcel or the shipment no OrderID,
	// and in List's pages (OrderStatus and Status fill them).
	Parcel, Parcels int
}

// TimelineEntry is one scan of the timeline.
type TimelineEntry struct {
	Time                  time.Time
	Milestone             milestone.Milestone
	Detail                milestone.Detail
	ActionRequired        bool
	Description, Location string
	Code                  string
}

// Status returns what is known about a shipment. An unknown ID returns an
// error wrapping ErrUnknownShipment.
func (s *Service) Status(ctx context.Context, id string) (View, error) {
	v, err := s.status(ctx, id)
	return v, oncePrefixed(err)
}

func (s *Service) status(ctx context.Context, id string) (View, error) {
	if !store.IsCleanText(id) {
		// Track registers clean IDs only (and a store may refuse others).
		return View{}, fmt.Errorf("tracking: status %q: %w", store.CleanText(id), ErrUnknownShipment)
	}
	rec, err := s.store.GetShipment(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return View{}, fmt.Errorf("tracking: status %s: %w", id, ErrUnknownShipment)
	}
	if err != nil {
		return View{}, fmt.Errorf("tracking: status %s: %w", id, err)
	}
	m, err := decodeMemo(rec.Memo)
	if err != nil {
		return View{}, fmt.Errorf("tracking: status %s: corrupt bookkeeping: %w", id, err)
	}
	scans, err := s.store.Scans(ctx, id)
	if err != nil {
		return View{}, fmt.Errorf("tracking: status %s: %w", id, err)
	}
	v := s.viewOf(rec, m)
	if v.Parcel, v.Parcels, err = s.parcelOf(ctx, rec); err != nil {
		return View{}, fmt.Errorf("tracking: status %s: %w", id, err)
	}
	for _, sc := range scans {
		if len(m.OldScans) > 0 && slices.Contains(m.OldScans, scanKeyHash(sc.Key())) {
			continue // a scan of the number the shipment had before a correction
		}
		ms, _ := milestone.Parse(sc.Milestone)
		if ms == milestone.Noise {
			continue
		}
		v.Timeline = append(v.Timeline, TimelineEntry{
			Time: sc.Time, Milestone: ms, Detail: milestone.Detail(sc.Detail), ActionRequired: sc.ActionRequired,
			Description: sc.Description, Location: sc.Location, Code: sc.Code,
		})
	}
	return v, nil
}

// viewOf returns the view of a stored shipment without its timeline and
// its place among the order's parcels.
func (s *Service) viewOf(rec *store.Shipment, m memo) View {
	v := View{
		ID: rec.ID, OrderID: rec.OrderID, Carrier: rec.Carrier, TrackingNumber: rec.TrackingNumber,
		State: State(rec.State), Reason: Reason(rec.Reason),
		Milestone: m.Facts.Latest, Detail: m.Facts.Detail, ActionRequired: m.Facts.Action, NotFound: rec.NotFound,
		ETA: rec.ETA, PromisedBy: rec.PromisedBy, DeliveredAt: m.Facts.DeliveredAt,
		LastChecked: m.LastChecked, NextCheck: rec.DueAt, NextPoll: m.NextPoll, ReturnID: m.ReturnID,
		Subscription: subscriptionView(rec.Subscription, m),
		Version:      rec.Version, CreatedAt: rec.CreatedAt, UpdatedAt: rec.UpdatedAt,
		CancelledAt: rec.CancelledAt, CancelReason: rec.CancelReason,
	}
	// A parcel waiting at a pickup point has reached the customer's reach:
	// late when it got there after the promise (never "delayed": a missed
	// promise spares a parcel available for pickup).
	reached := v.State == StateDelivered || (!v.State.Terminal() && m.Facts.Latest == milestone.AvailableForPickup)
	v.Late = v.State == StateDelayed || (reached && m.Facts.late(rec.PromisedBy))
	v.Locale, v.TimeZone = rec.Recipient.Locale, s.zone(rec.TimeZone)
	if s.cfg.Predict != nil && !v.State.Terminal() {
		subj := s.subject(rec, m)
		v.Predicted = s.rules.predicted(&subj)
	}
	return v
}
