// Package memstore is the in-memory tracking store, the default of
// tracking.New.
//
// # Use
//
// A Store is safe for concurrent use and keeps everything in the process:
// data is lost when the process ends, so it suits development, tests,
// examples and hosts that rebuild their tracking state on start. Several
// processes cannot share it; use a SQL store for that.
//
// # Memory
//
// A tracked shipment takes under a kilobyte plus its scans (see
// BenchmarkMemoryPerShipment in package tracking). Sent messages keep only
// their ID, shipment, order, kind, audience and status, so that an ID is
// never queued twice. Events (store.Event) and cursors are kept for the life
// of the process, like the shipments.
//
// # Listing
//
// ListShipments and ListOutbox filter every record in memory and sort the
// matches, one page at a time: fine for the thousands of shipments a
// memstore is meant for. A SQL store answers the same pages from indexes.
//
// # Conformance
//
// Store passes tracking/storetest.
package memstore
