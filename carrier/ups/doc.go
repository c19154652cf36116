// Package ups is the wismo carrier adapter for UPS, written from the UPS
// Tracking API documentation (developer.ups.com, API "Tracking", OpenAPI
// file Tracking.yaml of github.com/UPS-API/api-documentation).
//
// # Configuration
//
// Create an app on developer.ups.com to get an OAuth client id and secret,
// and hand them to New; keep them out of source code:
//
//	c, err := ups.New(ups.Config{
//		ClientID:     os.Getenv("UPS_CLIENT_ID"),
//		ClientSecret: os.Getenv("UPS_CLIENT_SECRET"),
//		MerchantID:   os.Getenv("UPS_ACCOUNT_NUMBER"), // optional
//		BaseURL:      ups.SandboxURL,                  // Defaults to ups.ProductionURL
//	})
//
// The adapter asks for a token at POST /security/v1/oauth/token (client
// credentials, HTTP basic authentication, x-merchant-id when MerchantID is
// set), caches it until shortly before it expires, and tracks with
// GET /api/track/v1/details/{inquiryNumber} (headers transId, unique per
// request, and transactionSrc). Rate limiting, retries and the response size
// cap come from kit.HTTPClient, configured with Config.HTTP.
//
// # What an Update holds
//
// Every activity of the package becomes a milestone.Scan:
//
//   - Code is the activity's status type and status code joined by an
//     underscore, "TYPE_CODE", such as "D_FS" (delivered), "I_OT" (out for
//     delivery), "M_MP" (label created) or "X_48" (exception); see Code. The
//     type is the UPS category (M manifest, P pickup, I in transit,
//     D delivered, X exception). milestone's UPS table looks the whole code
//     up first and falls back to the type (the part before the underscore),
//     so a table entry "D_KB" refines "D".
//   - Time is the activity's local date and time. UPS gives the local wall
//     clock (YYYYMMDD, HHMMSS) and usually gmtOffset: with the offset the
//     time carries that fixed zone; without it the scan keeps the wall clock
//     in UTC's location and sets LocalTime, instead of guessing a zone.
//   - Description is UPS's text (in Config.Locale); Location is
//     "City, ST, CC" from the activity address.
//
// EstimatedDelivery is the end of the current estimate: the rescheduled
// delivery date (deliveryDate type RDD) before the scheduled one (SDD), at
// the end time of the delivery window (deliveryTime types EDW, CDW, IDW,
// CMT) or else at 23:59:59; EstimatedDeliveryStart is the window's start.
// UPS gives these as local wall clock without an offset, so they are in
// UTC's location as a container, like a LocalTime scan. A delivered package
// (DEL) has no estimate. Service is the package's service description.
//
// A multi-piece shipment returns several packages: the adapter keeps the one
// whose tracking number was asked for (the first one when none matches), so
// the delivery of one piece never reads as the delivery of another.
//
// # Errors
//
//   - HTTP 404, or a warning or error with code TW0001 ("Tracking Information
//     Not Found") or TV1002 ("Invalid inquiry number", with HTTP 400): an
//     error wrapping carrier.ErrNotFound. A number that cannot
//     be a UPS inquiry number (not 7 to 34 letters and digits, ignoring spaces
//     and dashes) fails the same way without a request.
//   - 401 and 403 (Blocked Merchant), or a token request refused: wraps
//     carrier.ErrUnauthorized.
//   - 429: a *carrier.RateLimitError with the Retry-After UPS sent, once the
//     HTTP client's retries are used up; 5xx and network failures: temporary
//     (carrier.IsTemporary).
//   - Other 4xx: permanent (carrier.IsTemporary is false).
//   - A 200 whose body is not the documented JSON: wraps carrier.ErrMalformed.
//     Activities without a readable date are skipped and logged at warn
//     level; when no activity is readable the answer is malformed.
//
// # Track Alert pushes
//
// The adapter is a [carrier.Subscriber] through the UPS Track Alert API
// (OpenAPI file UPSTrackAlert.yaml): with Config.AlertURL and
// Config.AlertSecrets set, Subscribe posts the 1Z number to POST
// /api/track/v1/subscription/standard/package with the destination URL and
// AlertSecrets[0] as its Bearer credential, and UPS pushes each new event of
// the package there for 14 days (AlertValidity, the Subscription's
// ExpiresAt; subscribe again to go on). Track Alert takes 1Z numbers only; a
// number it lists as invalid wraps carrier.ErrNotFound. It has no call to end
// a subscription: Unsubscribe returns an error wrapping errors.ErrUnsupported.
//
// A push is one event, with the credential repeated in the credential header
// and no signature: ParseWebhook compares the header with each of
// Config.AlertSecrets in constant time before it reads the body, so it proves
// the sender but not the body (keep AlertURL on https). The event becomes
// one scan with the same Code as Track's, in the zone its local and GMT
// times reveal, and the scheduled date and delivery window become the
// estimate. UPS does not repeat a push it could not deliver and keeps no
// history: the tracking Service's safety-net polls with Track fill gaps.
//
// # Not covered yet
//
// Reference-number tracking (/track/v1/reference/details), milestones
// (returnMilestones), proof of delivery and signatures, UPS Freight and Mail
// Innovations specifics, Track Alert Enhanced (delivery photos) and its
// batches of up to 100 numbers per subscription request.
package ups
