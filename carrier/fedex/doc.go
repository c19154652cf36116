// Package fedex is the wismo carrier adapter for FedEx, written from the
// FedEx Track API documentation (developer.fedex.com, API catalog "Track
// API" / "Basic Integrated Visibility", operation "Track by Tracking
// Number", and the OAuth API's "API Authorization").
//
// # Configuration
//
// Create a project on developer.fedex.com with the Track API to get an API
// key and a secret key, and hand them to New; keep them out of source code:
//
//	c, err := fedex.New(fedex.Config{
//		ClientID:     os.Getenv("FEDEX_CLIENT_ID"),     // the API key
//		ClientSecret: os.Getenv("FEDEX_CLIENT_SECRET"), // the secret key
//		BaseURL:      fedex.SandboxURL,                 // Defaults to fedex.ProductionURL
//	})
//
// The adapter asks for a token at POST /oauth/token (grant_type
// client_credentials with client_id and client_secret as form fields),
// caches it until shortly before it expires, and tracks with
// POST /track/v1/trackingnumbers, includeDetailedScans true. Rate limiting,
// retries and the response size cap come from kit.HTTPClient, configured
// with Config.HTTP.
//
// # Batches
//
// Carrier implements carrier.BatchTracker: TrackBatch sends up to 30 numbers
// (MaxBatch) in one request and returns one result per number in the order
// given, each number sent once however often it is given. A number FedEx
// does not know gets an error wrapping carrier.ErrNotFound in its own
// result; a number that cannot be a FedEx number is not sent at all. Use
// carrier.TrackMany to track any number of parcels in chunks.
//
// # What an Update holds
//
// Every scan event becomes a milestone.Scan:
//
//   - Code is the event's eventType, such as "OC" (shipment information sent),
//     "PU" (picked up), "AR", "DP", "IT", "OD" (on vehicle for delivery), "DL"
//     (delivered), "DE" (delivery exception), "DY" (delay); milestone's FedEx
//     table is keyed by these codes.
//   - Time is the event's date, which FedEx writes in ISO 8601 with the
//     local offset (also "2024-08-12T15:18:10 -0500", with a space before
//     it, or "-0500" without a colon); the time keeps that offset. A date
//     without an offset
//     keeps its wall clock in UTC's location and sets LocalTime.
//   - Description is eventDescription, followed by ": " and the
//     exceptionDescription when there is one ("Delivery exception: Customer
//     not available or business closed"); Location is "City, ST, CC".
//
// EstimatedDelivery is the end of the estimatedDeliveryTimeWindow (and
// EstimatedDeliveryStart its beginning), else the APPOINTMENT_DELIVERY,
// ESTIMATED_DELIVERY or COMMITMENT entry of dateAndTimes, else the end of the
// standardTransitTimeWindow. An end at midnight or a bare date means the end
// of that day (23:59:59 in the same offset). A delivered shipment (latest
// status DL or an ACTUAL_DELIVERY date) has no estimate. Service is the
// serviceDetail description.
//
// FedEx reuses tracking numbers: when one number answers with several
// shipments, the one with the most recent scan is reported.
//
// # Errors
//
//   - Error code TRACKING.TRACKINGNUMBER.NOTFOUND, in a track result or for
//     the whole request: an error wrapping carrier.ErrNotFound.
//   - 401 and 403 (such as NOT.AUTHORIZED.ERROR), or a token request refused:
//     wraps carrier.ErrUnauthorized.
//   - 429: a *carrier.RateLimitError with the Retry-After FedEx sent, once the
//     HTTP client's retries are used up; 5xx and network failures: temporary
//     (carrier.IsTemporary).
//   - Other 4xx, and a 200 that carries only errors: permanent, naming the
//     FedEx codes.
//   - A 200 whose body is not the documented JSON, or that lacks a result for
//     a number asked for: wraps carrier.ErrMalformed. Scan events without a
//     readable date are skipped and logged at warn level; the rest of the
//     answer is still read (only an answer none of whose scan events has a
//     readable date is malformed), and an unreadable estimate is passed over.
//
// # Not covered yet
//
// Tracking by reference or by TCN, associated shipments (multi-piece
// master/child lookups), proof of delivery and notifications.
//
// Pushes: the adapter is no carrier.Subscriber, and the tracking Service
// polls it. FedEx pushes tracking events only through Advanced Integrated
// Visibility webhooks, which an ordinary API project does not reach: a FedEx
// administrator creates the webhook project in the developer portal, tied
// to an eligible U.S. billing account, and the service is priced separately
// (FedEx Compatible providers are excluded); tracking numbers are then
// added to that project. Its subscription API and the shape and signature
// of its pushes are documented inside that program, not in the public Track
// API documentation this adapter is written from, so no parser could be
// written from the documented shape.
package fedex
