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
// carrier.WebhookParser, carrier.Subscriber (see Pushes) and
// carrier.ReturnLabeler. Webhooks are JSON
// (WebhookPayload) signed in the SignatureHeader with internal/hmacsig's
// timestamped HMAC; Carrier.NextWebhook builds the signed delivery of a
// shipment's new scans, ready to POST. CreateReturnLabel registers the label's
// number with the ReturnToWarehouse scenario, so returns are trackable.
//
// # Pushes
//
// With Config.Push's Handler (in-process, such as a tracking.Service's
// WebhookHandler) or URL, the sim is a carrier.Subscriber. Subscribe
// answers the number's current data and, with PushConfig.TTL, an expiry;
// from then on each scan and estimate revision of the number becomes a
// signed webhook carrying the number's data as of that event, due MinDelay
// to MaxDelay [1 to 15 minutes] after it. Carrier.Push sends every webhook
// due at Now: the sim has no timers, so a test or benchmark on a fake clock
// calls Push as it advances time. PushConfig.LossRate drops a share of the
// webhooks and DuplicateRate sends a share twice, so a host's safety net
// and idempotency are exercised; DropSubscription ends a subscription
// silently, as a carrier that loses one does. A webhook the receiver
// refuses is sent again at later Push calls, up to five times. Unsubscribe
// stops the pushes. Without Handler or URL, Subscribe and Unsubscribe
// return errors.ErrUnsupported and the sim is polled like before. Stats
// counts subscribes, unsubscribes, pushes, duplicates, losses and refused
// deliveries.
//
// # Determinism
//
// Given the same Config (Seed included), the same shipments and the same
// sequence of calls at the same clock times, a sim answers identically.
// Push delays, losses and duplicates are drawn per number and event from
// Seed, whatever the order of the calls.
// Calls made concurrently draw faults in the order they take the lock.
//
// The sim passes the conformance kit in package carriertest.
package sim
