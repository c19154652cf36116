package tracking

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wismo-dev/wismo/tracking/store"
)

// FeedbackHold reports whether the customer should not be asked for
// feedback on a delivered shipment (shipmentID, of order orderID, which
// may be empty), for example because they are sending (part of) the order
// back: "we hope you are happy with it" would be the wrong thing to say.
type FeedbackHold func(ctx context.Context, shipmentID, orderID string) (hold bool, err error)

// HoldFeedback adds hold to what the Service asks right before it sends a
// feedback_request: when any hold says so, the request is withdrawn (kept
// in the outbox as given up, never sent). A hold that fails is asked again
// a minute later, and the request is withdrawn once it is a day old.
//
// returns.New adds one when its Config.Tracking is a *Service: no feedback
// request goes out while the shipment has a return that is not final. A
// host with returns of its own adds its own. Safe for concurrent use.
func (s *Service) HoldFeedback(hold FeedbackHold) {
	if hold == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feedbackHolds = append(s.feedbackHolds, hold)
}

// feedbackHeldFor is how long a feedback request waits for failing holds
// before it is withdrawn.
const feedbackHeldFor = 24 * time.Hour

// errFeedbackHeld says a feedback request was withheld by a FeedbackHold.
var errFeedbackHeld = errors.New("feedback request withheld: a hold said the customer should not be asked (an open return)")

// holdFeedback asks the holds about the feedback request om before it is
// sent. held is true when the request must not be sent now: it was
// withdrawn or deferred, and recorded.
func (s *Service) holdFeedback(ctx context.Context, om store.OutboxMessage) (held bool, err error) {
	m := om.Message
	s.mu.Lock()
	holds := s.feedbackHolds
	s.mu.Unlock()
	var failed error
	for _, hold := range holds {
		h, err := hold(ctx, m.ShipmentID, m.OrderID)
		if err != nil {
			failed = err
			continue
		}
		if h {
			return true, s.retry(ctx, m, store.RetryParams{ID: m.ID, Owner: s.cfg.Owner,
				LastError: "withheld: " + errFeedbackHeld.Error(), Dead: true, Deferred: true}, om.Attempts)
		}
	}
	if failed == nil {
		return false, nil
	}
	now := s.cfg.Now()
	p := store.RetryParams{ID: m.ID, Owner: s.cfg.Owner, NextAttemptAt: now.Add(time.Minute), Deferred: true,
		LastError: fmt.Sprintf("feedback hold failed: %v", failed)}
	if now.Sub(m.CreatedAt) >= feedbackHeldFor {
		p.Dead, p.NextAttemptAt = true, time.Time{}
	}
	return true, s.retry(ctx, m, p, om.Attempts)
}
