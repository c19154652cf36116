package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/internal/sqldb"
	"github.com/wismo-dev/wismo/tracking/store"
)

var _ store.HistoryReader = (*Store)(nil)

// wallLayout is the fixed-width wall-clock prefix of a stored RFC 3339
// time. created_at is text with the zone offset of the host's clock, so text
// order is wall-clock order, which differs from instant order by the offset
// (at most 14 hours either way).
const wallLayout = "2006-01-02T15:04:05"

// offsetMargin widens the text bounds of a range over created_at so that no
// instant inside the range is missed whatever its stored offset; the exact
// check is store.HistoryQuery.Match.
const offsetMargin = 15 * time.Hour

// ReadHistory implements store.HistoryReader. It pages through the
// shipments in (created_at, id) order with keyset pagination on the index of
// migration 0002, reading each page's scans in one query, so memory stays at
// one page whatever the number of shipments.
func (s *Store) ReadHistory(ctx context.Context, q store.HistoryQuery, fn func(*store.History) error) (err error) {
	defer sqldb.NotMigrated(&err)
	batch := q.BatchSize
	if batch <= 0 {
		batch = 500
	}
	var where []string
	var args []any
	if !q.CreatedFrom.IsZero() {
		where = append(where, `created_at >= ?`)
		args = append(args, q.CreatedFrom.UTC().Add(-offsetMargin).Format(wallLayout))
	}
	if !q.CreatedTo.IsZero() {
		where = append(where, `created_at < ?`)
		args = append(args, q.CreatedTo.UTC().Add(offsetMargin).Format(wallLayout))
	}
	if q.Carrier != "" {
		where = append(where, `carrier = ?`)
		args = append(args, q.Carrier)
	}
	first := `SELECT ` + shipmentCols + `, created_at FROM wismo_shipment`
	next := first + ` WHERE (created_at, id) > (?, ?)`
	if len(where) > 0 {
		first += ` WHERE ` + strings.Join(where, ` AND `)
		next += ` AND ` + strings.Join(where, ` AND `)
	}
	tail := ` ORDER BY created_at, id LIMIT ?`
	first, next = s.d.Rebind(first+tail), s.d.Rebind(next+tail)

	var (
		lastCreated, lastID string
		started             bool
		hs                  []store.History
		byID                = map[string]int{}
	)
	for {
		var a []any
		query := first
		if started {
			query = next
			a = append(a, lastCreated, lastID)
		}
		a = append(append(a, args...), batch)
		page, created, err := s.historyPage(ctx, query, a)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			return nil
		}
		started = true
		lastCreated, lastID = created, page[len(page)-1].ID

		hs = hs[:0]
		clear(byID)
		for _, sh := range page {
			if q.Match(sh) {
				byID[sh.ID] = len(hs)
				hs = append(hs, store.History{Shipment: sh})
			}
		}
		if err := s.historyScans(ctx, hs, byID); err != nil {
			return err
		}
		for i := range hs {
			if err := fn(&hs[i]); err != nil {
				return err
			}
		}
		if len(page) < batch {
			return nil
		}
	}
}

// historyPage reads one page of shipments and returns the stored created_at
// text of the last one (the keyset cursor).
func (s *Store) historyPage(ctx context.Context, query string, args []any) ([]*store.Shipment, string, error) {
	var created string
	out, err := sqldb.Query(ctx, s.db, query, args, func(r sqldb.Scanner) (*store.Shipment, error) {
		return scanShipment(withExtra{r, &created})
	})
	if err != nil {
		return nil, "", fmt.Errorf("sqlstore: read history: %w", err)
	}
	return out, created, nil
}

// withExtra scans one more column after the ones its caller asks for: the
// raw created_at text of the keyset cursor.
type withExtra struct {
	r     sqldb.Scanner
	extra any
}

func (w withExtra) Scan(dest ...any) error { return w.r.Scan(append(dest, w.extra)...) }

// historyScans loads the scans of the histories hs (indexed by shipment ID
// in byID) in one query.
func (s *Store) historyScans(ctx context.Context, hs []store.History, byID map[string]int) error {
	if len(hs) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString(`SELECT shipment_id, ` + scanCols + ` FROM wismo_scan WHERE shipment_id IN (`)
	args := make([]any, len(hs))
	for i, h := range hs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('?')
		args[i] = h.Shipment.ID
	}
	b.WriteString(`) ORDER BY shipment_id, time_ns, code, description, location`)
	// Each scan goes to its history as it is read; Query keeps nothing.
	_, err := sqldb.Query(ctx, s.db, s.d.Rebind(b.String()), args, func(r sqldb.Scanner) (struct{}, error) {
		var id string
		sc, err := scanScan(r, &id)
		if err != nil {
			return struct{}{}, fmt.Errorf("shipment %q: %w", id, err)
		}
		if i, ok := byID[id]; ok {
			hs[i].Scans = append(hs[i].Scans, sc)
		}
		return struct{}{}, nil
	})
	if err != nil {
		return fmt.Errorf("sqlstore: read history scans: %w", err)
	}
	return nil
}
