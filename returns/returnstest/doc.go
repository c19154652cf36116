// Package returnstest is the conformance kit for returns.Store
// implementations. A store's test calls Run with a constructor of empty
// stores:
//
//	func TestConformance(t *testing.T) {
//		returnstest.Run(t, func(t *testing.T) returns.Store { return openStore(t) })
//	}
//
// Every case is a subtest whose failures state the rule of returns.Store
// that was broken. returns.MemoryStore and returns/sqlstore pass it.
package returnstest
