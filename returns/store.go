package returns

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
)

var (
	// ErrNotFound is returned (wrapped) for a return ID no stored return has.
	ErrNotFound = errors.New("returns: not found")
	// ErrConflict is returned (wrapped) by Store.Update when the stored
	// version is no longer the one the caller read: another writer won. The
	// caller reloads the return and tries again.
	ErrConflict = errors.New("returns: version conflict")
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
	// final state or still have messages in their Outbox, with IDs after
	// p.After, ordered by ID (keyset pagination).
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

// Active reports whether a stored return still needs work: it is not in a
// final state or still has messages to send.
func (r Return) Active() bool { return !r.State.Final() || len(r.Outbox) > 0 }

// MemoryStore is an in-memory Store, the default of Config.Store. It is safe
// for concurrent use by one process.
type MemoryStore struct {
	mu sync.Mutex
	m  map[string]*Return
}

var _ Store = (*MemoryStore)(nil)

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore { return &MemoryStore{m: map[string]*Return{}} }

func cp(r *Return) *Return {
	c := r.Clone()
	return &c
}

// Create implements Store.
func (s *MemoryStore) Create(ctx context.Context, r *Return) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	if r == nil || r.ID == "" {
		return false, fmt.Errorf("returns: create: %w: empty ID", ErrInvalid)
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

// Get implements Store.
func (s *MemoryStore) Get(ctx context.Context, id string) (*Return, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.m[id]
	if !ok {
		return nil, fmt.Errorf("returns: get %s: %w", id, ErrNotFound)
	}
	return cp(r), nil
}

// Update implements Store.
func (s *MemoryStore) Update(ctx context.Context, r *Return) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if r == nil {
		return 0, fmt.Errorf("returns: update: %w: nil return", ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.m[r.ID]
	if !ok {
		return 0, fmt.Errorf("returns: update %s: %w", r.ID, ErrNotFound)
	}
	if old.Version != r.Version {
		return 0, fmt.Errorf("returns: update %s: version %d, stored %d: %w", r.ID, r.Version, old.Version, ErrConflict)
	}
	c := cp(r)
	c.Version = r.Version + 1
	s.m[r.ID] = c
	return c.Version, nil
}

// ListActive implements Store.
func (s *MemoryStore) ListActive(ctx context.Context, p ListParams) ([]*Return, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	limit := p.Limit
	if limit <= 0 {
		limit = 100
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*Return
	for _, r := range s.m {
		if r.ID > p.After && r.Active() {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b *Return) int { return strings.Compare(a.ID, b.ID) })
	if len(out) > limit {
		out = out[:limit]
	}
	for i, r := range out {
		out[i] = cp(r)
	}
	return out, nil
}

// ListByShipment implements Store.
func (s *MemoryStore) ListByShipment(ctx context.Context, shipmentID string) ([]*Return, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*Return
	for _, r := range s.m {
		if r.ShipmentID == shipmentID {
			out = append(out, cp(r))
		}
	}
	slices.SortFunc(out, func(a, b *Return) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}
