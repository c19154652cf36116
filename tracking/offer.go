package tracking

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking/store"
)

// The apology offer (Config.DelayOffer, or the Dispatcher's) is made once
// per shipment: the first delayed or exception message that goes out with
// it is remembered in the shipment's memo, and every later one is handed to
// the Dispatcher with Message.OfferGiven, so it asks for no other offer.

// mayCarryOffer reports whether the Dispatcher may add an offer to m.
func mayCarryOffer(m notify.Message) bool {
	return m.Audience != notify.Merchant && m.ShipmentID != "" && (m.Kind == notify.KindDelayed || m.Kind == notify.KindException)
}

// offerGiven reports whether another message about m's shipment carried
// the offer; rec is that shipment as send read it, nil when it could not be
// read. A shipment that cannot be read counts as without one: the offer
// may then come twice, but the message is not held up.
func (s *Service) offerGiven(ctx context.Context, m notify.Message, rec *store.Shipment) bool {
	if rec == nil {
		s.log.WarnContext(ctx, "tracking: cannot tell whether the shipment had its offer", "message", m.ID, "shipment", m.ShipmentID, "err", store.ErrNotFound)
		return false
	}
	mm, err := decodeMemo(rec.Memo)
	return err == nil && mm.Offer != "" && mm.Offer != m.ID
}

// noteOffer remembers in the shipment's memo that message id carried the
// offer, unless another message did.
func (s *Service) noteOffer(ctx context.Context, shipmentID, id string) error {
	const maxAttempts = 8
	var err error
	for attempt := range maxAttempts {
		var rec *store.Shipment
		if rec, err = s.store.GetShipment(ctx, shipmentID); err != nil {
			return fmt.Errorf("tracking: note the offer of message %s: %w", id, err)
		}
		mm, derr := decodeMemo(rec.Memo)
		if derr != nil {
			return fmt.Errorf("tracking: note the offer of message %s: stored shipment %s: %w", id, shipmentID, derr)
		}
		if mm.Offer != "" {
			return nil
		}
		mm.Offer = id
		rec.Memo = encodeMemo(mm)
		if _, err = s.store.UpdateShipment(ctx, store.UpdateParams{Shipment: rec}); !errors.Is(err, store.ErrConflict) {
			if err != nil {
				return fmt.Errorf("tracking: note the offer of message %s: %w", id, err)
			}
			return nil
		}
		// Another writer won; contention backoff, not scheduling.
		if serr := sleep(ctx, time.Duration(rand.Int64N(int64(attempt+1)*int64(200*time.Microsecond)))); serr != nil {
			return fmt.Errorf("tracking: note the offer of message %s: %w", id, serr)
		}
	}
	return fmt.Errorf("tracking: note the offer of message %s: gave up after %d conflicting writes: %w", id, maxAttempts, err)
}
