package memstore

import (
	"context"
	"slices"

	"github.com/wismo-dev/wismo/tracking/store"
)

var _ store.HistoryReader = (*Store)(nil)

// ReadHistory implements store.HistoryReader. It collects the matching IDs
// under the lock, then copies one batch at a time and calls fn without
// holding the lock, so fn may use the store.
func (s *Store) ReadHistory(ctx context.Context, q store.HistoryQuery, fn func(*store.History) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	batch := q.BatchSize
	if batch <= 0 {
		batch = 500
	}
	s.mu.Lock()
	ids := make([]string, 0, len(s.shipments))
	for id, e := range s.shipments {
		if q.Match(&e.sh) {
			ids = append(ids, id)
		}
	}
	s.mu.Unlock()
	slices.Sort(ids)

	hs := make([]store.History, 0, batch)
	var scans []store.Scan // the batch's scans, reused: fn may not keep them
	for len(ids) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := min(batch, len(ids))
		hs, scans = hs[:0], scans[:0]
		s.mu.Lock()
		for _, id := range ids[:n] {
			e, ok := s.shipments[id]
			if !ok || !q.Match(&e.sh) { // changed since the IDs were collected
				continue
			}
			from := len(scans)
			scans = append(scans, e.scans...)
			hs = append(hs, store.History{Shipment: copyShipment(&e.sh), Scans: scans[from:len(scans):len(scans)]})
		}
		s.mu.Unlock()
		ids = ids[n:]
		for i := range hs {
			if err := fn(&hs[i]); err != nil {
				return err
			}
		}
	}
	return nil
}
