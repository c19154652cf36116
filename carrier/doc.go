// Package carrier defines what a carrier adapter is, the optional capabilities
// it may have, tracking-number detection, the errors adapters report, and the
// verification of signed webhooks: what a host needs to wire adapters in.
// The kit adapters are built from (HTTP client, credentials, OAuth2, parse
// and HMAC helpers) is package [github.com/wismo-dev/wismo/carrier/kit].
//
// # Carriers
//
// A carrier adapter implements [Carrier], two methods:
//
//	type Carrier interface {
//		ID() string
//		Track(ctx context.Context, trackingNumber string) (*Update, error)
//	}
//
// The host wires its adapters into a [Registry] with [NewRegistry]; there is
// no global registry and no self-registration. Register panics on a nil
// carrier or a duplicate id, both wiring bugs.
//
// # Optional interfaces
//
// Everything beyond Track is an optional interface, found by type assertion
// the way database/sql finds what a driver can do:
//
//   - [BatchTracker]: tracks several numbers in one request (MaxBatch,
//     TrackBatch). Call [TrackMany] rather than asserting yourself: it uses
//     TrackBatch in chunks when the carrier has it and one Track per number
//     otherwise.
//   - [WebhookParser]: turns a pushed webhook into updates, verifying its
//     signature first (ParseWebhook). A missing or forged signature returns an
//     error wrapping [ErrBadSignature] and no updates.
//   - [ReturnLabeler]: creates return labels (CreateReturnLabel).
//   - [Subscriber]: asks the carrier to push a number's updates to the
//     host's webhook (Subscribe, Unsubscribe), so that polling becomes a slow
//     safety net. A Subscriber is a WebhookParser: the pushes arrive there.
//
// An optional method that cannot serve a particular account returns an error
// wrapping errors.ErrUnsupported.
//
// # Errors
//
// Conditions are sentinels, checked with errors.Is: [ErrNotFound] (the
// carrier does not know the number, often just too early), [ErrUnauthorized]
// (credentials rejected), [ErrBadSignature] (a webhook failed verification),
// [ErrMalformed] (an answer that could not be parsed, including one larger
// than the client accepts). Data travels in types, found with errors.As: a
// [*RateLimitError] carries the carrier's Retry-After (at most
// [MaxRetryAfter]), and kit.HTTPStatusError the status and body of a failed
// request. Adapters mark failures worth retrying with [Temporary] and those
// that are not with [Permanent]; callers ask [IsTemporary], the one way to
// test for a temporary failure. Every *RateLimitError, timeout, 5xx answer
// and connection failure is temporary.
//
// # Detection
//
// [Detect] names the carriers whose number format and check digit fit a
// tracking number, best match first. Spaces and dashes are ignored. Numbers
// that several carriers could have issued (USPS and FedEx SmartPost, FedEx and
// DHL 10-digit numbers) come back as several candidates rather than a silent
// wrong pick; a number no carrier fits gives an empty result.
//
// # Webhooks
//
// Webhook endpoints read the raw body with [ReadBody], which enforces a size
// limit ([ErrBodyTooLarge]), and verify it before parsing; a
// [WebhookParser] verifies the carrier's own signature. [Verify] checks a
// timestamped "t=...,v1=..." header made by [Sign] (carrier/sim relays its
// webhooks so), in constant time, against several secrets so keys can be
// rotated without downtime, rejecting replays outside a tolerance
// ([ErrTooOld]) and unsigned requests ([ErrNotSigned]); every rejection
// matches ErrBadSignature. A host's tests sign their requests with Sign.
package carrier
