package sqlstore

import (
	"context"
	"errors"
	"time"

	"github.com/wismo-dev/wismo/tracking/store"
)

// errNotYet is what the methods of issue 19 return until their SQL lands.
var errNotYet = errors.New("sqlstore: not implemented yet")

// ListShipments implements store.Store.
func (s *Store) ListShipments(context.Context, store.ListParams) ([]*store.Shipment, error) {
	return nil, errNotYet
}

// ListEvents implements store.Store.
func (s *Store) ListEvents(context.Context, int64, int) ([]store.Event, error) { return nil, errNotYet }

// LoadCursor implements store.Store.
func (s *Store) LoadCursor(context.Context, string) (int64, error) { return 0, errNotYet }

// SaveCursor implements store.Store.
func (s *Store) SaveCursor(context.Context, string, int64) error { return errNotYet }

// ListOutbox implements store.Store.
func (s *Store) ListOutbox(context.Context, store.OutboxQuery) ([]store.OutboxMessage, error) {
	return nil, errNotYet
}

// ReviveOutbox implements store.Store.
func (s *Store) ReviveOutbox(context.Context, string, time.Time) error { return errNotYet }

// WithdrawOutbox implements store.Store.
func (s *Store) WithdrawOutbox(context.Context, string) (int, error) { return 0, errNotYet }

// DiscardOutbox implements store.Store.
func (s *Store) DiscardOutbox(context.Context, string) error { return errNotYet }
