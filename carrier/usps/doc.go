// Package usps is the wismo carrier adapter for the United States Postal
// Service, written from the USPS Tracking API v3 documentation
// (developers.usps.com, "Tracking 3.0" and "OAuth 2.0" in the API catalog;
// event codes from USPS Publication 199, Appendix G).
//
// # Configuration
//
// Register an app on developers.usps.com to get a consumer key and secret,
// and hand them to New; keep them out of source code:
//
//	c, err := usps.New(usps.Config{
//		ClientID:     os.Getenv("USPS_CLIENT_ID"),
//		ClientSecret: os.Getenv("USPS_CLIENT_SECRET"),
//		BaseURL:      usps.TestURL, // Defaults to usps.ProductionURL
//	})
//
// The adapter asks for a token at POST /oauth2/v3/token (grant_type
// client_credentials with client_id and client_secret), caches it until
// shortly before it expires, and tracks with
// GET /tracking/v3/tracking/{trackingNumber}?expand=DETAIL. Rate limiting,
// retries and the response size cap come from kit.HTTPClient, configured
// with Config.HTTP.
//
// # What an Update holds
//
// Every tracking event becomes a milestone.Scan:
//
//   - Code is the event's eventCode, the Publication 199 scan event code,
//     such as "GX" (label created), "03" (accepted / picked up), "10"
//     (processed), "07" (arrived at the post office), "OF" (out for
//     delivery), "01" (delivered), "02" (notice left); milestone's USPS table
//     is keyed by these codes. Events without a code keep an empty Code and
//     are classified by their text.
//   - Time: USPS writes eventTimestamp as the local wall clock and adds
//     GMTTimestamp and GMTOffset. The wall clock gets the offset's fixed zone;
//     without GMTOffset the offset is derived from GMTTimestamp; with neither,
//     the wall clock is kept in UTC's location and LocalTime is set (an
//     event with a date only is kept at midnight, LocalTime set).
//   - Description is eventType ("Delivered, In/At Mailbox"); Location is
//     "City, ST" (plus the country for events abroad). Recipient names and
//     firms are not read.
//
// EstimatedDelivery is USPS's current estimate: the predicted delivery window
// (predictedDeliveryDate with predictedDeliveryWindowStartTime/EndTime, also
// setting EstimatedDeliveryStart), else predictedDeliveryTimeStamp or
// predictedDeliveryDate, else expectedDeliveryTimeStamp or
// expectedDeliveryDate (read from the deliveryDateExpectation object too,
// where the v3r2 shape puts them). A date, or a timestamp at midnight, means the end of
// that day; values without an offset are local wall clock in UTC's location.
// A delivered item (statusCategory Delivered) has no estimate. Service is the
// mailClass.
//
// # Errors
//
//   - HTTP 404, or an error object with code 404: an error wrapping
//     carrier.ErrNotFound, with USPS's message. So is HTTP 400 with error
//     code 150001, "A status update is not yet available on your package"
//     (a label just registered, not yet scanned). A number that cannot be a
//     USPS number (not 10 to 40 letters and digits, ignoring spaces and
//     dashes) fails the same way without a request.
//   - 401 and 403, or a token request refused: wraps carrier.ErrUnauthorized.
//   - 429: a *carrier.RateLimitError with the Retry-After USPS sent, once the
//     HTTP client's retries are used up; 5xx and network failures: temporary
//     (carrier.IsTemporary).
//   - Other 4xx: permanent.
//   - A 200 whose body is not the documented JSON: wraps carrier.ErrMalformed.
//     Events without a readable time are skipped and logged at warn level.
//
// # Subscriptions and notifications
//
// The adapter is a [carrier.Subscriber] through USPS Subscriptions -
// Tracking: with Config.ListenerURL and Config.SubscriptionSecrets set,
// Subscribe creates a subscription for the number (POST
// /subscriptions/v3/subscriptions: subscriptionType TRACKING, eventType
// ALL_UPDATES, filterProperties.trackingNumber, and the 32-character secret),
// and USPS posts a notification to the listener on each update. Subscribing
// a number this Carrier subscribed returns its subscription again.
// Unsubscribe deletes the subscription (DELETE .../{subscriptionId}), found
// in the list of the account's subscriptions when another process made it; a
// number without subscription succeeds. USPS deletes a subscription after
// 30 days without activity, which no date states in advance: ExpiresAt is
// zero.
//
// A notification is an envelope whose payload field is a JSON string with
// the number's tracking summary in the Tracking API's shape. ParseWebhook
// checks the X-HMAC header (or the older hmac-header), the base64
// HMAC-SHA256 of the envelope's timestamp followed by its payload, against
// each secret in constant time, then reads the payload as Track reads an
// answer. The signature covers those two fields, and nothing else of the
// envelope is read. Other subscriptionTypes (the scan event extract) give no
// update.
//
// The request and envelope fields follow USPS's Subscriptions - Tracking
// documentation as published on its developer portal; the shapes of the
// create and list answers beyond subscriptionId and filterProperties are not
// read (see testdata/SOURCES-subscriptions.md).
//
// # Not covered yet
//
// The v3r2 POST tracking endpoint for several numbers, proof-of-delivery and
// notification requests, subscriptions by Mailer ID, reactivating a
// SUSPENDED subscription, the scan event extract notifications, and the
// legacy Web Tools XML API.
package usps
