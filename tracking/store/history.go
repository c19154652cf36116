package store

import (
	"context"
	"time"
)

// HistoryReader is an optional interface a Store may implement: it streams
// shipments with their scans, for analytics over the shop's own history
// (package tracking/insights). It is discovered by type assertion, the way
// database/sql finds a driver's optional interfaces:
//
//	if hr, ok := st.(store.HistoryReader); ok {
//		report, err := insights.Compute(ctx, hr, r, insights.Options{})
//		...
//	}
//
// tracking/memstore and tracking/sqlstore implement it.
type HistoryReader interface {
	// ReadHistory calls fn once for every shipment matching q, in an order
	// of the implementation's choosing, with a copy of the shipment and its scans ordered by Time (then
	// ScanKey). It stops at the first error fn returns and returns that
	// error unwrapped, so that callers can stop early with a sentinel of
	// their own. The History and its slices are only valid during the call:
	// an implementation may reuse them for the next shipment, so fn copies
	// what it keeps.
	//
	// An implementation reads in batches and never holds more than a batch
	// of shipments in memory, so a million shipments stream in constant
	// memory. Shipments written while the read runs may or may not be seen.
	ReadHistory(ctx context.Context, q HistoryQuery, fn func(*History) error) error
}

// HistoryQuery selects the shipments ReadHistory streams.
type HistoryQuery struct {
	// CreatedFrom and CreatedTo select shipments registered (Shipment.CreatedAt)
	// in [CreatedFrom, CreatedTo). A zero bound is open.
	CreatedFrom, CreatedTo time.Time
	// Carrier, when not empty, selects only shipments of that carrier.
	Carrier string
	// BatchSize is how many shipments are read at once. Defaults to 500.
	BatchSize int
}

// History is one shipment and its scans, as ReadHistory streams them.
type History struct {
	Shipment *Shipment
	Scans    []Scan
}

// Match reports whether sh matches the query's filters (not its batch
// size). Implementations use it for the exact check after whatever coarse
// filtering their storage does.
func (q HistoryQuery) Match(sh *Shipment) bool {
	if q.Carrier != "" && sh.Carrier != q.Carrier {
		return false
	}
	if !q.CreatedFrom.IsZero() && sh.CreatedAt.Before(q.CreatedFrom) {
		return false
	}
	if !q.CreatedTo.IsZero() && !sh.CreatedAt.Before(q.CreatedTo) {
		return false
	}
	return true
}
