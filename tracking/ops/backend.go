package ops

import (
	"context"

	"github.com/wismo-dev/wismo/tracking"
)

// Backend is what the operations view asks of the tracking Service: the
// methods of *tracking.Service it calls, so that a host can pass its
// Service as it is, or wrap it (to audit or to restrict what an operator
// may do).
type Backend interface {
	// List returns a page of shipments matching the query.
	List(ctx context.Context, q tracking.Query) (tracking.Page, error)
	// Status returns one shipment with its timeline.
	Status(ctx context.Context, id string) (tracking.View, error)
	// OrderStatus returns an order's shipments together.
	OrderStatus(ctx context.Context, orderID string) (tracking.OrderView, error)
	// Messages returns every message about one shipment, newest first.
	Messages(ctx context.Context, shipmentID string) ([]tracking.MessageView, error)
	// DeadLetters returns a page of messages that could not be sent.
	DeadLetters(ctx context.Context, q tracking.DeadLetterQuery) (tracking.DeadLetterPage, error)
	// ReplayDeadLetter queues a dead letter to be sent again.
	ReplayDeadLetter(ctx context.Context, id string) error
	// DiscardDeadLetter gives a dead letter up for good, kept for audit.
	DiscardDeadLetter(ctx context.Context, id string) error
	// Cancel stops following a shipment, keeping the reason.
	Cancel(ctx context.Context, id, reason string) (tracking.View, error)
	// Update changes a shipment (here: its promise).
	Update(ctx context.Context, id string, c tracking.ShipmentChange) (tracking.View, error)
	// Resend queues a copy of the last message of a kind sent about a
	// shipment.
	Resend(ctx context.Context, shipmentID, kind string) error
}
