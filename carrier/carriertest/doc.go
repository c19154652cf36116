// Package carriertest is the conformance kit every carrier adapter runs, in
// the manner of testing/fstest and testing/slogtest: one call checks that an
// adapter keeps the promises of package carrier.
//
// # Running the kit
//
// In the adapter's tests, build a carrier that answers from fixtures (an
// httptest server, or the sim on a fake clock) and declare what it promises:
//
//	func TestConformance(t *testing.T) {
//		carriertest.Run(t, func(t *testing.T) carrier.Carrier {
//			return newTestAdapter(t) // served by httptest fixtures
//		}, carriertest.Features{
//			KnownNumbers:  []string{"1Z999AA10123456784"},
//			UnknownNumber: "1Z999AA10000000000",
//			Batch:         true,
//		})
//	}
//
// Each case is a subtest named after what it checks, and each failure states
// the rule the adapter broke, for example "Track must return an error
// wrapping ErrNotFound for an unknown number". Cases for capabilities that
// Features does not claim are skipped, so an adapter claims only what it
// offers; claiming a capability the carrier does not implement fails.
//
// Check runs the same cases outside a test and returns the violated rules as
// one error, like fstest.TestFS.
//
// # The rules
//
//   - ID is a non-empty lowercase id of letters, digits and underscores, stable across calls.
//   - Track of a known number returns a non-nil Update whose TrackingNumber
//     is the number asked for (ignoring case, spaces and dashes) and whose
//     Carrier is the ID; every scan has a non-zero Time, a Carrier id, and a
//     Code or a Description.
//   - Track of an unknown number returns an error wrapping carrier.ErrNotFound and no Update.
//   - Track with a cancelled or expired context returns promptly with an
//     error wrapping the context's error, never a success.
//   - Track is safe for concurrent use (run the kit with -race) and every
//     caller sees the same scans.
//   - Track returns results the caller owns: modifying or appending to the
//     returned Scans does not change later results.
//   - Batch: TrackBatch agrees with Track, one result per number in the
//     order given, an unknown number reported in its result with an Err
//     wrapping ErrNotFound; a done context gives no success.
//   - Webhooks: ParseWebhook accepts Features.SignedWebhook and returns its
//     updates; it rejects a tampered body (unless
//     Features.PushBodyNotSigned), a missing signature and
//     Features.ForgedWebhook with an error wrapping carrier.ErrBadSignature
//     and no updates.
//   - ReturnLabels: CreateReturnLabel returns a label with a tracking
//     number, the carrier's ID, and its data or URL.
//   - Credentials (Features.CredentialEcho): when the carrier answers 400,
//     401, 403, 500 or 200 with a body that repeats the adapter's credentials or
//     the token it sent, in any common encoding, Track's error text holds
//     none of them.
//   - Subscriptions (carrier.Subscriber): Subscribe of Features.SubscribeNumber
//     succeeds with a Subscription naming the carrier and the number, and a
//     second Subscribe names the same subscription (the same ID when both
//     give one); Unsubscribe of Features.UnknownNumber succeeds, and so do
//     two Unsubscribes in a row (or all wrap errors.ErrUnsupported, which is
//     never temporary), after which Subscribe works again; the push that
//     Features.PushedWebhook makes for the subscribed number parses into an
//     update of that number, while the same push tampered with (unless
//     Features.PushBodyNotSigned), without its signature, or as
//     Features.ForgedPush makes it is rejected with an error wrapping
//     carrier.ErrBadSignature and no updates; a done context gives an error
//     wrapping the context's error. With Features.SubscribeAPI, answers of
//     401, 500 and 429 (Retry-After: 7) make Subscribe and Unsubscribe fail
//     with an error wrapping carrier.ErrUnauthorized (not temporary), a
//     temporary error, and a *carrier.RateLimitError of 7 seconds.
//
// Scans are compared as sets: carriers may return them in any order and
// repeat them.
//
// # Benchmarks
//
// Benchmark measures Track (serial and parallel) and TrackBatch with the same
// Features, reporting ns/op, allocations, scans/op and ns/number for batches.
//
// The simulated carrier in package sim passes this kit first; its tests show
// a complete use.
package carriertest
