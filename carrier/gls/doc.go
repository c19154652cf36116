// Package gls is the wismo carrier adapter for GLS, written from the GLS
// Group "Track And Trace V1" API documentation (GLS developer portal,
// dev-portal.gls-group.net, OpenAPI "Track And Trace V1", version 1.0.7, and
// "Authentication API v2"). It is the tracking API GLS offers shops across
// its national companies; the older GLS Germany ShipIT tracking service only
// finds parcels created on the same ShipIT installation, so a shop that
// prints labels elsewhere cannot use it.
//
// # Access
//
// The API is open to anyone who registers an app in the GLS developer
// portal, with a default quota of 500 requests a day; GLS raises it on
// request (GLS Field-IT, sales or partner management). No shipping contract
// is needed to track. GLS asks clients to test against production: its
// sandbox serves the same data.
//
// # Configuration
//
// Hand the app's API key and secret to New; keep them out of source code:
//
//	c, err := gls.New(gls.Config{
//		ClientID:     os.Getenv("GLS_CLIENT_ID"),
//		ClientSecret: os.Getenv("GLS_CLIENT_SECRET"),
//		Language:     "DE", // Defaults to "EN"
//	})
//
// The adapter asks for a token at POST /oauth2/v2/token (client
// credentials, HTTP basic authentication; tokens live four hours), caches it
// until shortly before it expires, and tracks with
// GET /track-and-trace-v1/tracking/simple/trackids/{unitnos}, up to ten
// comma-separated numbers per request: the adapter is a
// carrier.BatchTracker, and carrier.TrackMany spends one request of the
// daily quota on ten parcels. Accept-Language carries Config.Language. Rate
// limiting, retries and the response size cap come from kit.HTTPClient,
// configured with Config.HTTP.
//
// Numbers are the 11- or 12-digit parcel numbers (GLS answers a 12-digit
// number, check digit included, with its 11-digit unit number), 8-character
// Track IDs, 6- and 14-character notification card ids, and GLS's test
// parcels QAS_0000001 to QAS_0000012; spaces and dashes are ignored.
//
// # What an Update holds
//
// Every event of the parcel becomes a milestone.Scan:
//
//   - Code is the event code, "<event>.<reason>" such as "INTIAL.PREADVICE"
//     (data received, GLS does not have the parcel), "INTIAL.NORMAL" (handed
//     over to GLS), "INBOUD.NORMAL", "OUTBOD.NORMAL" (reached and left a
//     parcel centre), "OUTDEL.NORMAL" (out for delivery), "DELIVD.NORMAL"
//     (delivered), "DELIVD.PARCELSHOP" (waiting at a ParcelShop) or
//     "CANCEL.NORMAL". milestone's GLS table looks the whole code up first
//     and falls back to the part after the dot.
//   - Time is eventDateTime, which GLS writes with its offset
//     ("2024-10-07T10:46:14+0200"): the scan keeps that zone.
//   - Description is GLS's text in Config.Language; Location is
//     "<postal code> <city>, <country>" without empty parts.
//
// A parcel that comes without events (the API leaves them out on request,
// and GLS may answer a status before its first event) becomes one scan whose
// Code is the parcel status (PLANNEDPICKUP, INPICKUP, NOTPICKEDUP,
// PREADVICE, INTRANSIT, INWAREHOUSE, INDELIVERY, DELIVEREDPS, DELIVERED,
// NOTDELIVERED, CANCELED, FINAL) at statusDateTime.
//
// A reference may name several parcels (a notification card left for two):
// the adapter keeps the parcel whose unit number is the number asked, else
// the first, and never merges them, so that one parcel's delivery is never
// reported for another. Track And Trace gives no delivery estimate and no
// service name: EstimatedDelivery and Service stay empty.
//
// # Errors
//
//   - A parcel answered with errorCode E_404_01 ("Resource Not Found"), a
//     number the answer leaves out, a parcel without any event or status, an
//     HTTP 404, and a number that cannot be a GLS reference (not sent): an
//     error wrapping carrier.ErrNotFound. In a batch each number gets its
//     own.
//   - 401 (GLS's gateway answers an expired token with
//     steps.jwt.TokenExpired; the adapter fetches a new token and retries
//     once) and 403, or a refused token request: wraps
//     carrier.ErrUnauthorized.
//   - 429 (policies.ratelimit.QuotaViolation, the daily quota): a
//     *carrier.RateLimitError with the Retry-After GLS sent, once the HTTP
//     client's retries are used up; 5xx and network failures: temporary
//     (carrier.IsTemporary).
//   - Other 4xx and other per-parcel error codes: permanent.
//   - A 200 whose body is not the documented JSON: wraps
//     carrier.ErrMalformed. Events without a readable date are skipped and
//     logged at warn level; when none is readable the parcel is malformed.
//
// # Webhooks
//
// GLS's Track And Trace API has no push: the adapter is polled. The adapter
// implements no carrier.WebhookParser.
//
// # Not covered
//
// Tracking by shipment reference (/tracking/simple/references), the delivery
// information of ParcelShop deliveries (/tracking/deliveryinfo), proof of
// delivery, and the national GLS services (ShipIT, GLS Spain, which has
// its own codes in milestone's gls_es table).
package gls
