// Package kit is what carrier adapters are built from: the HTTP client they
// send their requests through, credentials (API keys, basic authentication,
// OAuth2 client credentials), the mapping of HTTP answers to package
// carrier's errors, parse helpers for what carrier APIs send, and the HMAC
// checks of carriers' webhooks. A host that only wires adapters in needs
// package carrier, not kit; an adapter author needs both.
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
//     Retry-After the carrier asked for (at most carrier.MaxRetryAfter),
//     within MaxRetries and MaxElapsed;
//   - credentials from an [Authenticator]: [APIKey], [BasicAuth], or OAuth2
//     [ClientCredentials], whose token requests golang.org/x/oauth2/clientcredentials
//     makes, with a cached token refreshed before expiry, one fetch shared
//     by concurrent requests, and one retry with a fresh token after a 401;
//   - a response size cap (MaxBytes) and context cancellation that ends any
//     wait at once.
//
// [HTTPClient.Do] returns the response for 2xx, 3xx and permanent 4xx
// statuses: the adapter knows what a 404 or a 400 means for its carrier, and
// [StatusError] is the generic mapping when it has nothing more specific.
// Error texts name the method, host and path of a request, never its query
// string or credentials, and quote at most 200 sanitized bytes of a body;
// the credentials the client holds ([CredentialHolder]) are removed from
// error bodies, and [HTTPClient.Redact] removes them from the errors an
// adapter builds from a successful answer.
//
// # Building an adapter
//
// Adapters for OAuth2 client-credentials APIs build their client with
// [NewOAuthClient], which validates the credentials and base URL of an
// [OAuthClientConfig] and wires a [ClientCredentials] into an HTTPClient;
// adapters with a fixed key use [NewAdapterClient]. [CompactNumber] strips
// the spaces and dashes of a tracking number and refuses characters no
// carrier uses.
// Parsing code shares [ParseCarrierTime] (ISO 8601 with an offset keeps its
// zone, also with a space before the offset; a wall clock without one is a
// Scan.LocalTime), [ParseOffset] (a
// "-05:00" next to a local wall clock), [EndOfDay] (an estimate that names a
// day but no time), [JoinLocation] ("City, ST, CC" without empty parts) and
// [APIError] (a carrier's error messages as one permanent error, wrapping
// carrier.ErrNotFound when they say the number is unknown). What only one
// carrier writes stays in its adapter.
//
// # Webhooks
//
// A WebhookParser checks the carrier's signature before it reads the body:
// [VerifyHMACHex] and [VerifyHMACBase64] check a bare HMAC-SHA256 of the
// body, as EasyPost (X-Hmac-Signature: hmac-sha256-hex=...) and AfterShip
// (aftership-hmac-sha256, base64) send it, in constant time, against
// several secrets for key rotation, rejecting with errors matching
// carrier.ErrBadSignature (carrier.ErrNotSigned when there is no
// signature). [SignHMACHex] and [SignHMACBase64] make such signatures for
// tests. Adapters check their secrets at construction with
// [CheckWebhookSecrets] ([ErrWeakSecret]).
package kit
