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
// order under leases, lease release by its owner only, and customer erasure.
// The kit checks semantics, not SQL.
package storetest
