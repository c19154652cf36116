package memstore

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/wismo-dev/wismo/tracking/store"
)

// ListShipments implements store.Store. It filters every shipment in
// memory (store.ListParams.Match) and sorts the matches: fine for the
// thousands of shipments a memstore is meant for.
func (s *Store) ListShipments(ctx context.Context, p store.ListParams) ([]*store.Shipment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if p.Limit <= 0 {
		return nil, errors.New("memstore: list shipments: Limit must be positive")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var dead map[string]bool
	if p.NeedsAttention {
		dead = map[string]bool{}
		for _, m := range s.outbox {
			if m.Status == store.OutboxDead {
				dead[m.Message.ShipmentID] = true
			}
		}
	}
	var match []*entry
	consider := func(e *entry) {
		if p.Match(&e.sh, dead[e.sh.ID]) {
			match = append(match, e)
		}
	}
	if p.OrderID != "" {
		// One order's shipments: from the index, not a walk of them all.
		for _, id := range s.byOrder[p.OrderID] {
			consider(s.shipments[id])
		}
	} else {
		for _, e := range s.shipments {
			consider(e)
		}
	}
	slices.SortFunc(match, func(a, b *entry) int {
		return store.CompareListOrder(a.sh.UpdatedAt, a.sh.ID, b.sh.UpdatedAt, b.sh.ID)
	})
	out := make([]*store.Shipment, 0, min(len(match), p.Limit))
	for _, e := range match[:min(len(match), p.Limit)] {
		out = append(out, copyShipment(&e.sh))
	}
	return out, nil
}

// ListEvents implements store.Store.
func (s *Store) ListEvents(ctx context.Context, after int64, limit int) ([]store.Event, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if limit <= 0 {
		return nil, errors.New("memstore: list events: max must be positive")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// Seq n is s.events[n-1].
	from := min(max(after, 0), int64(len(s.events)))
	evs := s.events[from:min(from+int64(limit), int64(len(s.events)))]
	out := make([]store.Event, len(evs))
	for i, ev := range evs {
		ev.Data = slices.Clone(ev.Data)
		out[i] = ev
	}
	return out, nil
}

// LoadCursor implements store.Store.
func (s *Store) LoadCursor(ctx context.Context, name string) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cursors[name], nil
}

// SaveCursor implements store.Store.
func (s *Store) SaveCursor(ctx context.Context, name string, seq int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if name == "" {
		return errors.New("memstore: save cursor: empty name")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cursors[name] = max(s.cursors[name], seq)
	return nil
}

// ListOutbox implements store.Store.
func (s *Store) ListOutbox(ctx context.Context, q store.OutboxQuery) ([]store.OutboxMessage, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if q.Limit <= 0 {
		return nil, errors.New("memstore: list outbox: Limit must be positive")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []store.OutboxMessage
	for _, m := range s.outbox {
		if q.Match(m) {
			out = append(out, *m)
		}
	}
	slices.SortFunc(out, func(a, b store.OutboxMessage) int { return cmp.Compare(b.Seq, a.Seq) })
	return out[:min(len(out), q.Limit)], nil
}

// message returns the stored message id or an error wrapping
// store.ErrNotFound; s.mu is held.
func (s *Store) message(id string) (*store.OutboxMessage, error) {
	m, ok := s.outbox[id]
	if !ok {
		return nil, fmt.Errorf("memstore: outbox message %q: %w", id, store.ErrNotFound)
	}
	return m, nil
}

// ReviveOutbox implements store.Store.
func (s *Store) ReviveOutbox(ctx context.Context, id string, now time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.message(id)
	if err != nil {
		return err
	}
	if m.Status != store.OutboxDead {
		return fmt.Errorf("memstore: revive outbox message %q: it is %s, not dead: %w", id, m.Status, store.ErrInvalidTransition)
	}
	m.Status, m.Attempts, m.DeadAt, m.NextAttemptAt = store.OutboxPending, 0, time.Time{}, now
	m.LeaseOwner, m.LeaseUntil = "", time.Time{}
	s.pending[id] = m
	return nil
}

// WithdrawOutbox implements store.Store.
func (s *Store) WithdrawOutbox(ctx context.Context, shipmentID string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.shipments[shipmentID]; !ok {
		return 0, fmt.Errorf("memstore: shipment %q: %w", shipmentID, store.ErrNotFound)
	}
	n := 0
	for id, m := range s.pending {
		if m.Message.ShipmentID != shipmentID {
			continue
		}
		m.Status = store.OutboxWithdrawn
		m.LeaseOwner, m.LeaseUntil = "", time.Time{}
		delete(s.pending, id)
		n++
	}
	return n, nil
}

// DiscardOutbox implements store.Store.
func (s *Store) DiscardOutbox(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.message(id)
	if err != nil {
		return err
	}
	switch m.Status {
	case store.OutboxDiscarded:
		return nil
	case store.OutboxDead:
		m.Status = store.OutboxDiscarded
		return nil
	}
	return fmt.Errorf("memstore: discard outbox message %q: it is %s, not dead: %w", id, m.Status, store.ErrInvalidTransition)
}
