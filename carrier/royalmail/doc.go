// Package royalmail is the wismo carrier adapter for Royal Mail, written
// from the documentation of the Royal Mail Tracking API v2 ("Royal Mail
// Tracking (for Server-side app) v2 REST API" on developer.royalmail.net:
// the events, summary and signature operations, their error codes, and
// Royal Mail's tracking event codes).
//
// The API is open only to Royal Mail account (contract) customers: an
// account holder registers an app on developer.royalmail.net and
// subscribes it to a Tracking v2 plan (the assessment plans allow 25 to
// 50 calls a day, the operational plans more). The adapter was built from
// the documentation and its published examples, not against a live
// account.
//
// # Configuration
//
//	c, err := royalmail.New(royalmail.Config{
//		ClientID:     os.Getenv("ROYALMAIL_CLIENT_ID"),
//		ClientSecret: os.Getenv("ROYALMAIL_CLIENT_SECRET"),
//		HTTP:         kit.HTTPConfig{Limiter: rate.NewLimiter(rate.Every(time.Minute), 1)},
//	})
//
// Every request is a GET below https://api.royalmail.net/mailpieces/v2
// with the headers X-IBM-Client-Id and X-IBM-Client-Secret (the app's
// credentials), X-Accept-RMG-Terms: yes and Accept: application/json.
// Rate limiting, retries and the response size cap come from
// kit.HTTPClient, configured with Config.HTTP.
//
// # Operations
//
//   - Track: GET /{mailPieceId}/events, the item's whole history.
//   - [Carrier.Summary]: GET /summary?mailPieceId=a,b,... for the latest
//     event of up to 30 items in one call. It is not carrier.BatchTracker,
//     whose results must equal Track's full history.
//   - [Carrier.Signature]: GET /{mailPieceId}/signature, the proof of
//     delivery of a signed-for item (recipient name, time, SVG or PNG
//     image).
//
// # What an Update holds
//
// Every event becomes a milestone.Scan: Code is the eventCode (EVKSP
// delivered with signature, EVGPD due to be delivered today, EVAIP/EVAIE
// pre-advice, ...; milestone's royalmail table is keyed by these codes),
// Description the eventName, Location the locationName. Royal Mail writes
// eventDateTime with its offset ("2016-10-20T10:04:00+01:00"), which the
// scan keeps; a time without one is kept as a wall clock with LocalTime
// set. Events without a readable time are skipped and logged at warn
// level; when none is readable the answer is malformed. An answer with a
// summary but no events gives the summary's latest event as its one scan.
//
// EstimatedDelivery is the end of estimatedDelivery's window
// (endOfEstimatedWindow on its date, with its offset), and
// EstimatedDeliveryStart the window's start; a date without a window
// means the end of that day (23:59:59, UTC's location as a container). An
// item whose statusCategory is DELIVERED has no estimate. Service is the
// summary's productName.
//
// # Errors
//
// Royal Mail answers errors as {"httpCode", "httpMessage",
// "moreInformation", "errors": [{"errorCode", "errorDescription",
// "errorCause", "errorResolution"}]}. The adapter reads the codes first:
//
//   - E1142 (barcode not recognised), E1143 (not a valid barcode), E1284
//     and E1308 (no update available yet), E1144 and E1145 (no proof of
//     delivery): wrap carrier.ErrNotFound, as does HTTP 404 whatever its
//     code. A number that cannot be a Royal Mail mail piece id (not 9 to
//     40 letters and digits, ignoring spaces and dashes) fails the same
//     way without a request.
//   - 401 and 403: carrier.ErrUnauthorized.
//   - 429, or E0010: a *carrier.RateLimitError (with Retry-After when Royal
//     Mail sends one), once the HTTP client's retries are used up.
//   - 5xx, network failures, E1307 (tracking unavailable), E0009 and
//     E0001: temporary (carrier.IsTemporary).
//   - Other codes (E1283, tracking not offered for the product; E0004,
//     schema validation) and other 4xx: permanent.
//   - A 200 whose body is not the documented JSON, or that names only other
//     mail piece ids than the one asked: carrier.ErrMalformed.
//
// # Push
//
// The Tracking API v2 documents no push: no webhook or subscription
// operation is offered to account customers (the subscription endpoints
// of Royal Mail's own consumer app are not a public API). Royal Mail's
// shipping platforms (PRO Shipping, and Intersoft's Trackings API) can
// push tracking events to a customer's webhook for 30 days, but that is
// a feature of those platforms, whose payload and signature are not
// published with the Tracking API. The adapter is therefore neither a
// carrier.WebhookParser nor a carrier.Subscriber, and wismo polls Royal
// Mail.
package royalmail
