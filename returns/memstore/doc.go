// Package memstore is the in-memory returns store, the default of
// returns.New.
//
// # Use
//
// A Store is safe for concurrent use and keeps everything in the process:
// data is lost when the process ends, so it suits development, tests,
// examples and hosts that rebuild their returns on start. Several
// processes cannot share it; use returns/returnsql for that.
//
// Every read returns a deep copy (Return.Clone), so a caller's changes
// reach the store only through Update, which writes when the version read
// is still the stored one and returns an error wrapping store.ErrConflict
// otherwise.
//
// # Conformance
//
// Store implements store.Store and the optional store.CustomerEraser, and
// passes returns/returnstest.
package memstore
