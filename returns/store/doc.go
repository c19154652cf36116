// Package store defines the storage interface of package returns: the
// Store, the records it keeps and its errors. It is a leaf package, like
// tracking/store: store implementations (returns/memstore,
// returns/returnsql, the host's own) import it, and returns uses it, so that
// returns can default to the in-memory store without an import cycle.
//
// # Records
//
// A Return holds the request (order, outbound shipment, customer, items,
// method, sender address), where it stands (State, the times it entered
// each state, label, exchange parcel, refund), and its messages: Outbox
// (written with a state change, not sent yet), Failed (given up on) and
// Notified (every message id ever written, so no kind is written twice).
// Package returns aliases these types (returns.Return is a Return), and its
// state machine moves a Return from state to state; a store keeps it whole.
//
// # Versions
//
// Every write goes through Update with the Version the caller read: the
// store writes only if the stored version is still that one and returns the
// next (Version+1); otherwise the error wraps ErrConflict, nothing is
// written, and the caller reads the return again and retries. A SQL store
// implements it with UPDATE ... WHERE id = ? AND version = ?. Create is
// idempotent by ID, and reads return copies.
//
// ListActive pages through the returns that still need work (Return.Active:
// not in a final state, or messages still to send), ordered by ID, for the
// Service's Sync; ListByShipment finds the returns of an outbound shipment.
//
// # Optional interfaces
//
// A Store may implement more, found by type assertion:
//
//   - CustomerEraser applies Erase to a customer's returns for GDPR
//     requests (returns.Service.EraseCustomer). returns/memstore and
//     returns/returnsql implement it.
//
// # Conformance
//
// Every Store runs the kit in returns/returnstest, which also checks
// CustomerEraser when the store implements it.
package store
