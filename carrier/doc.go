// Package carrier defines what a carrier adapter is, the optional capabilities
// it may have, tracking-number detection, the errors adapters report, and the
// HTTP client and webhook helpers adapters are built from.
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
// than the client accepts, [ErrResponseTooLarge]). Data travels in types: a
// [*RateLimitError] carries the carrier's Retry-After and an
// [*HTTPStatusError] the status and body of a failed request. Adapters mark
// failures worth retrying with [Temporary] and those that are not with
// [Permanent]; callers ask [IsTemporary]. Every *RateLimitError, timeout, 5xx
// answer and connection failure is temporary.
//
// # Detection
//
// [Detect] names the carriers whose number format and check digit fit a
// tracking number, best match first. Spaces and dashes are ignored. Numbers
// that several carriers could have issued (USPS and FedEx SmartPost, FedEx and
// DHL 10-digit numbers) come back as several candidates rather than a silent
// wrong pick; a number no carrier fits gives an empty result.
//
// # The HTTP client
//
// Adapters send their requests through an [HTTPClient] built with
// [NewHTTPClient] from an [HTTPConfig] whose zero fields mean defaults. It
// wraps the host's own *http.Client, so transports, proxies and test servers
// plug in as usual, and layers on:
//
//   - a per-account rate limiter (golang.org/x/time/rate), waited on with
//     ReserveN and the injected Sleep, so the limit also holds on a fake clock;
//   - retries of temporary failures (network errors, timeouts, 408, 5xx and
//     429) with exponential backoff and jitter, waiting at least the
//     Retry-After the carrier asked for, within MaxRetries and MaxElapsed;
//   - credentials from an [Authenticator]: [APIKey], [BasicAuth], or OAuth2
//     [ClientCredentials] with a cached token refreshed before expiry, one
//     fetch shared by concurrent requests, and one retry with a fresh token
//     after a 401;
//   - a response size cap (MaxBytes) and context cancellation that ends any
//     wait at once.
//
// [HTTPClient.Do] returns the response for 2xx, 3xx and permanent 4xx
// statuses: the adapter knows what a 404 or a 400 means for its carrier, and
// [StatusError] is the generic mapping when it has nothing more specific.
// Error texts name the method, host and path of a request, never its query
// string or credentials, and quote at most 200 sanitized bytes of a body.
//
// # Helpers for adapter authors
//
// Adapters for OAuth2 client-credentials APIs build their client with
// [NewOAuthClient], which validates the credentials and base URL of an
// [OAuthClientConfig] and wires a [ClientCredentials] into an HTTPClient;
// adapters with a fixed key use [NewAdapterClient]. [CompactNumber] strips
// the spaces and dashes of a tracking number and refuses characters no
// carrier uses.
// Parsing code shares [ParseCarrierTime] (ISO 8601 with an offset keeps its
// zone; a wall clock without one is a Scan.LocalTime), [ParseOffset] (a
// "-05:00" next to a local wall clock), [EndOfDay] (an estimate that names a
// day but no time), [JoinLocation] ("City, ST, CC" without empty parts) and
// [APIError] (a carrier's error messages as one permanent error, wrapping
// ErrNotFound when they say the number is unknown). What only one carrier
// writes stays in its adapter.
//
// # Webhooks
//
// Webhook endpoints read the raw body with [ReadBody], which enforces a size
// limit ([ErrBodyTooLarge]), and verify it before parsing:
//
//   - [VerifyHMACHex] and [VerifyHMACBase64] check a bare HMAC-SHA256 of the
//     body, as EasyPost (X-Hmac-Signature: hmac-sha256-hex=...) and AfterShip
//     (aftership-hmac-sha256, base64) send it;
//   - [Verify] checks a timestamped "t=...,v1=..." header made by [Sign],
//     rejecting replays outside a tolerance ([ErrTooOld]) and unsigned
//     requests ([ErrNotSigned]).
//
// All of them compare in constant time, accept several secrets so keys can be
// rotated without downtime, and reject with errors matching ErrBadSignature.
// [GenerateTestSignedPayload] makes signed requests for a host's tests.
package carrier
