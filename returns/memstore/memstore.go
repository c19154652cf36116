package memstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/wismo-dev/wismo/returns/store"
)

// Store is an in-memory store.Store, the default of returns.Config.Store. It
// is safe for concurrent use by one process. The zero value is not usable;
// use New.
type Store struct {
	mu sync.Mutex
	m  map[string]*store.Return
}

var (
	_ store.Store          = (*Store)(nil)
	_ store.CustomerEraser = (*Store)(nil)
)

// New returns an empty Store.
func New() *Store { return &Store{m: map[string]*store.Return{}} }

func cp(r *store.Return) *store.Return {
	c := r.Clone()
	return &c
}

// Create implements store.Store.
func (s *Store) Create(ctx context.Context, r *store.Return) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	if r == nil || r.ID == "" {
		return false, fmt.Errorf("returns: create: %w: empty ID", store.ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[r.ID]; ok {
		return false, nil
	}
	c := cp(r)
	c.Version = 1
	s.m[r.ID] = c
	return true, nil
}

// Get implements store.Store.
func (s *Store) Get(ctx context.Context, id string) (*store.Return, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.m[id]
	if !ok {
		return nil, fmt.Errorf("returns: get %s: %w", id, store.ErrNotFound)
	}
	return cp(r), nil
}

// Update implements store.Store.
func (s *Store) Update(ctx context.Context, r *store.Return) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if r == nil {
		return 0, fmt.Errorf("returns: update: %w: nil return", store.ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.m[r.ID]
	if !ok {
		return 0, fmt.Errorf("returns: update %s: %w", r.ID, store.ErrNotFound)
	}
	if old.Version != r.Version {
		return 0, fmt.Errorf("returns: update %s: version %d, stored %d: %w", r.ID, r.Version, old.Version, store.ErrConflict)
	}
	c := cp(r)
	c.Version = r.Version + 1
	s.m[r.ID] = c
	return c.Version, nil
}

// ListActive implements store.Store.
func (s *Store) ListActive(ctx context.Context, p store.ListParams) ([]*store.Return, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	limit := p.Limit
	if limit <= 0 {
		limit = 100
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*store.Return
	for _, r := range s.m {
		if r.ID > p.After && r.Active() {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, byID)
	if len(out) > limit {
		out = out[:limit]
	}
	for i, r := range out {
		out[i] = cp(r)
	}
	return out, nil
}

// ListByShipment implements store.Store.
func (s *Store) ListByShipment(ctx context.Context, shipmentID string) ([]*store.Return, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*store.Return
	for _, r := range s.m {
		if r.ShipmentID == shipmentID {
			out = append(out, cp(r))
		}
	}
	slices.SortFunc(out, byID)
	return out, nil
}

// EraseCustomer implements store.CustomerEraser.
func (s *Store) EraseCustomer(ctx context.Context, customerID string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if customerID == "" {
		return 0, fmt.Errorf("returns: erase customer: %w: empty customer id", store.ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for id, r := range s.m {
		if r.Customer.ID != customerID {
			continue
		}
		e := store.Erase(*r)
		e.Version = r.Version + 1
		s.m[id] = &e
		n++
	}
	return n, nil
}

func byID(a, b *store.Return) int { return strings.Compare(a.ID, b.ID) }
