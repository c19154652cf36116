// Package adaptertest is the test scaffolding the carrier adapters
// (carrier/ups, carrier/fedex, carrier/usps, carrier/dhl, carrier/easypost,
// carrier/aftership, carrier/track17) share. It is a normal package so that
// it can be compiled and tested on its own, but only _test.go files import
// it.
//
// # Fixtures
//
// Adapter tests read carrier answers, written in the carrier's documented
// shape, from the package's testdata directory: [Fixture] reads one and
// [AddFixtureSeeds] gives every JSON fixture to a fuzz target as a seed.
//
// # Fake carrier APIs
//
// [OAuthServer] is an httptest server for an API that takes OAuth2
// client-credentials tokens: it grants tokens at a token path (the adapter's
// test decides which credentials are right and how the answer looks), issues
// a new token per grant that replaces the previous one, answers API requests
// without the current token with a 401, and passes the others to the
// adapter's handler. It counts grants and API calls, and [OAuthServer.Revoke]
// withdraws the current token the way a carrier does before expiry.
//
// The handler usually answers from [Replies]: canned [Reply] values per key
// (a tracking number), served in turn, the last one repeating. [HTTPConfig]
// is the kit.HTTPConfig that points an adapter at a test server with no
// rate limit and no retries.
//
// # Checks
//
// [AssertScan] compares a parsed scan with the [Scan] a test table expects,
// [AssertTime] an estimate with its RFC 3339 text, and [AssertTrackError] a
// failed Track call with the [TrackError] a test table expects: the
// sentinels it matches, whether it is temporary, the Retry-After of a rate
// limit, and text it must and must not contain.
//
// # Recorded answers
//
// [RunRecorded] serves real answers, kept under testdata/recorded with
// their sources in testdata/recorded/SOURCES.md, through an adapter's
// Track, one subtest per [Recorded] case: the number of scans, the
// milestone and code of the newest scan ([LatestScan]), the estimate, or
// the class of the error. [AddFixtureSeeds] gives these answers to the fuzz
// target too.
//
// # Webhooks
//
// [FuzzWebhook] fuzzes a WebhookParser with genuinely signed bodies (updates
// or a malformed-input error, never anything else) and checks that each body
// under a forged signature is rejected.
//
// # Benchmarks
//
// [BenchmarkParse] measures an adapter's parser on one fixture and reports
// scans/op next to bytes and allocations.
package adaptertest
