// Package store defines the storage interface of package tracking: the
// Store, its records and its errors. It is a leaf package, like
// database/sql/driver: store implementations (tracking/memstore,
// tracking/sqlstore, the host's own) import it, and tracking uses it, so that
// tracking can default to the in-memory store without an import cycle.
//
// # Records
//
// A Shipment record holds what the host registered, the state machine's
// state and reason, when it is next due (DueAt), an opaque Memo the tracking
// package owns, a Version for optimistic concurrency, and a lease. Scans are
// stored per shipment, unique by Scan.Key. Outbox messages are notify
// messages with a delivery status: pending, sent, dead (a dead letter),
// withdrawn (pending when the shipment was cancelled) or discarded (a dead
// letter given up on). Events are the host's stream of changes, numbered by
// the store (Event.Seq) in the order they became visible.
//
// # Finding shipments
//
// ListShipments filters shipments (ListParams) and returns them newest
// change first, by UpdatedAt descending then ID, a page at a time: the next
// page starts after the last shipment's (UpdatedAt, ID). Such keyset pages
// neither repeat nor skip a shipment that does not change during the walk,
// however many are written meanwhile, and cost the same deep into the list.
// ListOutbox pages through messages (dead letters, a shipment's messages)
// newest first by Seq.
//
// # Transactions, versions and leases
//
// UpdateShipment is the one write that matters: it stores the new shipment
// state, its new scans and the messages the state change causes in one
// operation, with the events it causes, and only if nobody else wrote the
// shipment since it was read (ErrConflict otherwise). ClaimDue and ClaimOutbox hand out work under
// leases, so several processes can share one store; an expired lease makes the
// work claimable again. A SQL store implements the claims with
// SELECT ... FOR UPDATE SKIP LOCKED and the update with
// UPDATE ... SET version = version+1 WHERE id = $1 AND version = $2.
//
// # Optional interfaces
//
// A Store may implement more than the required interface, as a database/sql
// driver does; callers discover the extra capability by type assertion and
// report a clear error when it is missing (insights.ErrNoHistory):
//
//   - HistoryReader streams shipments with their scans in constant memory,
//     for analytics over the shop's own history (tracking/insights).
//     tracking/memstore and tracking/sqlstore implement it.
//
// # Conformance
//
// Every Store runs the kit in tracking/storetest, which also checks the
// optional interfaces the store implements.
package store
