// Package returnstest is the conformance kit every returns store runs, in
// the manner of tracking/storetest. A store's test calls Run with a
// constructor of empty stores:
//
//	func TestConformance(t *testing.T) {
//		returnstest.Run(t, func(t *testing.T) store.Store { return openStore(t) })
//	}
//
// Every case is a subtest whose failures state the rule of
// returns/store.Store that was broken; the cases of the optional
// store.CustomerEraser skip stores that do not implement it. The last case
// runs two returns Services on the store to check that a message is sent
// once however slow the channel. returns/memstore and returns/returnsql pass
// it. Sample and Normalize help a store's own tests.
package returnstest
