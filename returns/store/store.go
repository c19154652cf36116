package store

import (
	"context"
	"errors"
)

var (
	// ErrNotFound is returned (wrapped) for a return ID no stored return has.
	ErrNotFound = errors.New("returns: not found")
	// ErrConflict is returned (wrapped) by Store.Update when the stored
	// version is no longer the one the caller read: another writer won. The
	// caller reloads the return and tries again.
	ErrConflict = errors.New("returns: version conflict")
	// ErrInvalid is returned (wrapped) for a return that lacks required
	// fields or carries values outside their lists (Return.Validate), and by
	// stores for a return without an ID or an empty customer id.
	ErrInvalid = errors.New("returns: invalid return")
)

// Store keeps returns. Every method must be safe for concurrent use and, for
// shared stores such as SQL databases, for use by several processes.
// returns/returnstest checks an implementation.
type Store interface {
	// Create stores r with Version 1 and reports whether it was created. A
	// return with the same ID that already exists is left unchanged: created
	// is false and err is nil.
	Create(ctx context.Context, r *Return) (created bool, err error)
	// Get returns a copy of the return, or an error wrapping ErrNotFound.
	Get(ctx context.Context, id string) (*Return, error)
	// Update writes r if the stored version equals r.Version and returns the
	// new version (r.Version+1). A stale version returns an error wrapping
	// ErrConflict and writes nothing; an unknown ID an error wrapping
	// ErrNotFound.
	Update(ctx context.Context, r *Return) (version int64, err error)
	// ListActive returns copies of up to p.Limit returns that are not in a
	// final state or still have messages in their Outbox (Return.Active),
	// with IDs after p.After, ordered by ID (keyset pagination).
	ListActive(ctx context.Context, p ListParams) ([]*Return, error)
	// ListByShipment returns copies of the returns of an outbound shipment,
	// ordered by ID; none is not an error.
	ListByShipment(ctx context.Context, shipmentID string) ([]*Return, error)
}

// ListParams pages through ListActive.
type ListParams struct {
	// After is the last ID of the previous page; empty for the first.
	After string
	// Limit is the page size; 0 or less means 100.
	Limit int
}

// CustomerEraser is the optional Store interface for GDPR erasure:
// EraseCustomer applies Erase to every return whose Customer.ID is
// customerID and returns how many it erased. An empty customerID is an
// error wrapping ErrInvalid. returns/memstore and returns/returnsql
// implement it.
type CustomerEraser interface {
	EraseCustomer(ctx context.Context, customerID string) (int, error)
}
