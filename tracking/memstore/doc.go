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
// their ID, shipment, kind and status, so that an ID is never queued twice.
//
// # Conformance
//
// Store passes tracking/storetest.
package memstore
