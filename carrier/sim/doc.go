// Package sim is a deterministic simulated carrier for examples, tests and
// benchmarks. It tells scripted parcel journeys on an injected clock, and
// fails the way real carrier APIs fail when told to.
//
// # Shipments and scenarios
//
// A Scenario is plain data: the Steps (scans) a carrier reports and the
// revisions of its delivery Estimate, each placed a number of business days
// (Monday to Friday) plus a duration after the shipment's creation. Register a
// shipment with Carrier.Ship; Track then returns the scans whose time is at or
// before Config.Now and the estimate as revised up to then. Until the first
// scan, Track returns carrier.ErrNotFound, as real carriers do right after a
// label is created.
//
// The built-in scenarios, each returned as a fresh copy by its function:
//
//   - OnTime: delivered on business day 2 as estimated (promise: day 3).
//   - LateEstimate: the estimate is revised on day 1 to day 5, beyond the promise.
//   - Stalled: no scan from day 1 to day 5, then delivered on day 6.
//   - ExceptionRecovered: address problem on day 1, progress, delivered on day 3.
//   - FailedAttempt: nobody home on day 2, out for delivery again and delivered on day 3.
//   - PickupPoint: available at a parcel shop on day 2, collected on day 4.
//   - ReturnedToSender: attempt, address problem, returned to the sender.
//   - Lost: scans stop on day 1 forever.
//   - ReturnToWarehouse: a customer's return parcel, delivered to the shop.
//
// Scans carry realistic English descriptions ("Out for delivery",
// "Delivery attempted - recipient not home") and sim codes (see CodeTable),
// including noise such as "Unloaded at facility". Each Step also names
// the milestone it stands for, so tests can check a classifier against it.
// Scenarios, Lookup and Mix (weighted, seeded picks for benchmarks) give
// many scenarios at once.
//
// # Faults
//
// Faults inject, by seeded rate, temporary errors (carrier.IsTemporary),
// timeouts (temporary too, matching ErrTimeout and
// context.DeadlineExceeded, optionally blocking until the context ends),
// 429s (*carrier.RateLimitError with RetryAfter), and duplicated or
// out-of-order scans in successful answers. Carrier.Script queues faults for
// the next calls, one per call; Repeat builds "the next N calls fail" runs.
// Config.RateLimit makes the sim enforce a rate limit on its clock and
// answer 429 beyond it. Stats counts calls, faults by kind and rate-limit
// violations.
//
// # Capabilities
//
// A *Carrier implements carrier.Carrier and the optional carrier.BatchTracker,
// carrier.WebhookParser and carrier.ReturnLabeler. Webhooks are JSON
// (WebhookPayload) signed in the SignatureHeader with internal/hmacsig's
// timestamped HMAC; Carrier.NextWebhook builds the signed delivery of a
// shipment's new scans, ready to POST. CreateReturnLabel registers the label's
// number with the ReturnToWarehouse scenario, so returns are trackable.
//
// # Determinism
//
// Given the same Config (Seed included), the same shipments and the same
// sequence of calls at the same clock times, a sim answers identically.
// Calls made concurrently draw faults in the order they take the lock.
//
// The sim passes the conformance kit in package carriertest.
package sim
