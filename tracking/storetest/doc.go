// Package storetest is the conformance kit every tracking store runs, in
// the manner of testing/slogtest and testing/fstest.
//
// # Running the kit
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store { return newStore(t) })
//	}
//
// Run calls the constructor once per case, so each case starts from an empty
// store (a SQL store may use a schema per test and drop it in t.Cleanup).
//
// # What it checks
//
// Each case is a subtest named after the invariant of store.Store it checks,
// and logs that rule when it fails: idempotent creation and scan append,
// copies, version conflicts that write nothing, outbox messages written
// atomically with the shipment and at most once per ID, outbox claim, ack,
// retry and dead letters, expired leases reclaimed, no double claim and no
// lost update under concurrency (run it with -race), due-shipment claims in
// order under leases, lease release by its owner only, customer erasure,
// text: every text store.CleanText can return is kept byte for byte in every
// field, and, through two tracking Services sharing the store, each outbox
// message sent once when a channel is slower than a batch's lease allows.
// The kit checks semantics, not SQL.
//
// Stores are not asked to keep text store.CleanText would change (a NUL
// byte, invalid UTF-8, control characters, text over store.MaxTextBytes):
// the tracking Service cleans every text at its boundary (Track, Ingest,
// polls, webhooks, send errors) and refuses keys that are not clean, so a
// store may rely on clean text, as PostgreSQL must (it refuses NUL). The
// exception is Shipment.Metadata, the host's data, kept verbatim: a NUL in
// a metadata value must come back as it went in.
//
// # Optional interfaces
//
// Run also checks the optional interfaces of store.Store a store implements
// and skips their cases otherwise, so a store that means to implement one
// should assert it at compile time (var _ store.HistoryReader = ...):
//
//   - store.HistoryReader (cases ReadHistory...): exact [CreatedFrom,
//     CreatedTo) ranges over the instant of CreatedAt whatever zone offset it
//     was stored with, the carrier filter, the same shipments for every
//     batch size, each with its own scans in time order, and a stop at the
//     callback's first error.
package storetest
