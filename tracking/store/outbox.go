package store

import "context"

// OutboxReader is the optional Store interface that returns one outbox
// message whatever its status, for support tools ("why did this message
// fail?") and for tracking/storetest, which checks with it what a store
// keeps after a send, a dead letter or EraseCustomer. tracking/memstore and
// tracking/sqlstore implement it.
type OutboxReader interface {
	// OutboxMessage returns a copy of the message with that ID, or an error
	// wrapping ErrNotFound. A store may keep less of a sent message than of
	// a pending one (memstore keeps its ID, shipment, kind and audience).
	OutboxMessage(ctx context.Context, id string) (OutboxMessage, error)
}
