package returns

import (
	"context"
	"fmt"

	"github.com/wismo-dev/wismo/tracking"
)

// HasOpenReturn reports whether the outbound shipment shipmentID has a
// return that is not final (requested, approved, label issued, in transit,
// received or inspected). It is a tracking.FeedbackHold: the tracking
// Service asks it before it sends a feedback_request, so that a customer
// sending (part of) the order back is not told "we hope you are happy with
// it". New registers it with Config.Tracking when that is a
// *tracking.Service (or has a HoldFeedback method); a host can register it
// with another tracking Service itself. Returns are found by
// Return.ShipmentID; orderID is not used.
func (s *Service) HasOpenReturn(ctx context.Context, shipmentID, orderID string) (bool, error) {
	if shipmentID == "" {
		return false, nil
	}
	rs, err := s.cfg.Store.ListByShipment(ctx, shipmentID)
	if err != nil {
		return false, fmt.Errorf("returns: open returns of shipment %s: %w", shipmentID, err)
	}
	for _, r := range rs {
		if !r.State.Final() {
			return true, nil
		}
	}
	return false, nil
}

var _ tracking.FeedbackHold = (*Service)(nil).HasOpenReturn

// holdFeedback registers s.HasOpenReturn with the tracking Service, if it
// takes feedback holds.
func (s *Service) holdFeedback() {
	if t, ok := s.cfg.Tracking.(interface{ HoldFeedback(tracking.FeedbackHold) }); ok {
		t.HoldFeedback(s.HasOpenReturn)
	}
}
