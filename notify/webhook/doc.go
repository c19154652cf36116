// Package webhook sends notifications as signed JSON POSTs, and verifies them
// on the receiving side. It suits a host's own SMS or chat bridge: wismo
// decides what to say, the bridge decides how to deliver it.
//
// # Sending
//
// New returns a notify.Notifier that POSTs the version 1 Payload of each
// message (see Payload for the JSON shape) to Config.URL with three headers:
//
//	Content-Type: application/json
//	Idempotency-Key: <message id>
//	Wismo-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">
//
// The payload carries what a bridge needs to word its own message: the
// carrier, tracking number and tracking link, whether the recipient must act,
// the pickup location, and for returns the return id, label link and refund
// amount. Payload.ShortText is the message ready for SMS or chat: the
// subject as a sentence in the recipient's language, the pickup location and
// the link, without the e-mail's greeting and footer, at most 160 characters
// where that fits (see ShortText); Text and HTML are the e-mail.
//
// Personal recipient fields are sent only when the host opts in with
// Config.Include; an SMS bridge needs IncludePhone.
//
// The Notifier does not retry; the notify dispatcher does, with the same
// message id, so receivers deduplicate by the Idempotency-Key (or Payload.ID).
// Answers map to the dispatcher's error classes:
//
//   - 2xx: delivered.
//   - 408, 429, 5xx, network errors and timeouts: temporary (retried);
//     Retry-After is reported in StatusError.RetryAfter.
//   - every other 3xx and 4xx: permanent (the error wraps notify.ErrPermanent,
//     the message is dead-lettered). Redirects are never followed.
//
// # Receiving
//
// NewHandler returns an http.Handler that limits the body size and the time
// the body may take to arrive (HandlerConfig.ReadTimeout), checks the
// signature and its timestamp (a replay window of DefaultTolerance, five
// minutes), decodes the Payload and calls the host's Handle function. Verify
// and VerifyBody do the same checks for hosts with their own routing. Errors
// are the sentinels ErrNotSigned, ErrBadSignature, ErrTooOld, ErrTooLarge and
// ErrBadPayload; signature errors also wrap the internal/hmacsig cause.
// Signatures are compared in constant time. New and NewHandler refuse an
// empty or short secret (ErrWeakSecret), and an empty secret is never tried.
// Verify has no ResponseWriter to set a read deadline with: hosts that use it
// set their own (http.Server.ReadTimeout or http.ResponseController).
//
// # Rotating secrets
//
//  1. Add the new secret to the receiver: HandlerConfig.Secrets = {new, old}.
//     Either signature is now accepted.
//  2. Sign with both on the sender: Config.Secrets = {new, old}. Each request
//     carries two v1 values.
//  3. Remove the old secret from the sender, then from the receiver.
//
// # Testing a receiver
//
// NewTestRequest builds a request exactly as a Notifier would sign it, for
// tests of the host's own handler.
package webhook
