package tracking

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/tracking/store"
)

// Cancel stops following a shipment, for an order cancelled or a parcel
// replaced: its state becomes StateCancelled, it is polled no more and no
// more messages about it go out (its pending messages are withdrawn, see
// store.OutboxWithdrawn), a push subscription is ended by the next Tick,
// and reason is kept (View.CancelReason, and ShipmentEvent.Note of the
// EventShipmentCancelled event written with it). Scans pushed for it later
// are stored and change nothing. A message that a flush (of this or
// another process) had claimed before the cancellation is withdrawn when
// its turn comes, not sent: only a send already handed to the channel when
// Cancel is called may still complete.
//
// Cancelling a cancelled shipment changes nothing and returns its view. An
// unknown ID returns an error wrapping ErrUnknownShipment; a delivered or
// returned shipment one wrapping ErrShipmentClosed.
func (s *Service) Cancel(ctx context.Context, id, reason string) (View, error) {
	v, err := s.cancel(ctx, id, reason)
	return v, oncePrefixed(err)
}

func (s *Service) cancel(ctx context.Context, id, reason string) (View, error) {
	if !store.IsCleanText(id) || id == "" {
		return View{}, fmt.Errorf("tracking: cancel %q: %w", store.CleanText(id), ErrUnknownShipment)
	}
	already := false
	op := &hostOp{event: EventShipmentCancelled, note: store.CleanText(reason)}
	op.prepare = func(rec *store.Shipment, m *memo, now time.Time) error {
		switch {
		case !rec.CancelledAt.IsZero():
			already = true
			return errAlreadyCancelled
		case State(rec.State) == StateDelivered || State(rec.State) == StateReturned:
			return fmt.Errorf("tracking: cancel %s: %w (%s)", id, ErrShipmentClosed, rec.State)
		}
		rec.CancelledAt, rec.CancelReason = now, op.note
		rec.Subscription = endSubscription(rec.Subscription, now)
		m.NextPoll = time.Time{}
		return nil
	}
	if err := s.applyOp(ctx, id, nil, nil, fromClock, "", nil, op); err != nil && !already {
		return View{}, err
	}
	// The cancellation is written; the withdrawal follows, and is done
	// again by a repeated Cancel, should it fail or a message be written
	// in between.
	n, err := s.store.WithdrawOutbox(ctx, id)
	if err != nil {
		return View{}, fmt.Errorf("tracking: cancel %s: withdraw pending messages: %w", id, err)
	}
	if !already {
		s.log.InfoContext(ctx, "tracking: shipment cancelled", "shipment", id, "withdrawn", n)
	}
	return s.status(ctx, id)
}

// errAlreadyCancelled stops a Cancel of a cancelled shipment before it
// writes anything.
var errAlreadyCancelled = errors.New("tracking: already cancelled")

// applyCancelled is the state machine's step for a cancelled shipment (and
// for Cancel itself): nothing is evaluated and nothing is told. Scans of an
// update are stored (they are the carrier's record) and counted for
// nothing; subscription answers (adjust) are kept, and the shipment is due
// only for the calls that end its subscriptions.
func (s *Service) applyCancelled(ctx context.Context, rec *store.Shipment, m memo, u *carrier.Update, src source, owner string, adjust adjuster, op *hostOp, now time.Time) error {
	var newScans []store.Scan
	if u != nil {
		var err error
		if _, newScans, err = s.freshScans(ctx, rec, u, now); err != nil {
			return err
		}
	}
	oldSub, oldUnsub := rec.Subscription, len(m.Unsub)
	if adjust != nil {
		adjust(rec, &m, now)
		// A Subscribe call that was under way when the shipment was
		// cancelled answers "active": end that subscription too.
		rec.Subscription = endSubscription(rec.Subscription, now)
	}
	if op == nil && owner == "" && len(newScans) == 0 && rec.Subscription == oldSub && len(m.Unsub) == oldUnsub {
		return nil // a push for a cancelled shipment: nothing to write
	}
	var events []store.Event
	if State(rec.State) != StateCancelled {
		rec.State, rec.Reason = string(StateCancelled), string(ReasonNone)
		events = append(events, newEvent(EventStateChanged, rec, now, nil, ""))
	}
	if op != nil {
		events = append(events, newEvent(op.event, rec, now, op.changed, op.note))
		rec.UpdatedAt = now
	}
	m.NextPoll = time.Time{}
	rec.ActionRequired, rec.NotFound = false, false
	rec.DueAt = earliest(rec.Subscription.NextAttemptAt, m.unsubscribeDue())
	rec.Active = false
	rec.Memo = encodeMemo(m)
	v, err := s.store.UpdateShipment(ctx, store.UpdateParams{Shipment: rec, Scans: newScans, Events: events, ReleaseLease: owner})
	if err != nil {
		return fmt.Errorf("tracking: shipment %s: %w", rec.ID, err)
	}
	if op != nil {
		rec.Version = v
		op.written = rec
	}
	return nil
}
