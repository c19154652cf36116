// Package dhl is a wismo carrier adapter for DHL's Shipment Tracking -
// Unified API, which tracks DHL Express, DHL Paket (parcel-de), DHL
// eCommerce, DHL Freight and the other DHL businesses through one endpoint.
//
// # Configuration
//
// Create an app on DHL's developer portal, subscribe it to "Shipment Tracking
// - Unified" and pass its consumer key:
//
//	dhlc, err := dhl.New(dhl.Config{
//		APIKey:   os.Getenv("DHL_API_KEY"),
//		Language: "de", // event texts in German; "en" is the default
//	})
//	if err != nil { ... }
//	carriers := carrier.NewRegistry(dhlc)
//
// The key goes into the DHL-API-Key header of GET /track/shipments. The
// default quota of a new key is small (250 calls a day); give HTTP.Limiter
// the limit of your account so wismo never exceeds it.
//
// # What it reports
//
// Every event of every matching shipment becomes a [milestone.Scan]: Code is
// DHL's statusCode (pre-transit, transit, delivered, failure, unknown) or
// its statusDetailed when present, Description the event text in the
// requested language, Location "locality, postal code, country". The scan's
// Carrier names the DHL business (dhl_express, dhl_parcel_de, dhl_ecommerce,
// or dhl), so the milestone tables of that business apply. DHL Express sends
// the local time of the scan's place without an offset: such scans have
// LocalTime set and their wall clock kept, never passed off as UTC. The
// estimate is estimatedDeliveryTimeFrame when given, else
// estimatedTimeOfDelivery (a bare date meaning the end of that day).
//
// # Errors
//
// An unknown number (404) wraps [carrier.ErrNotFound]; a rejected key
// [carrier.ErrUnauthorized]; 429 a [*carrier.RateLimitError] with DHL's
// Retry-After; 5xx is temporary and retried by the shared client; other 4xx
// are permanent; a body that is not the documented JSON wraps
// [carrier.ErrMalformed].
//
// # Not covered
//
// DHL's pagination (offset/limit) for numbers that match more than one page
// of shipments and proof-of-delivery documents.
//
// Pushes: the adapter is no carrier.Subscriber, and the tracking Service
// polls it. DHL's push variant, "Shipment Tracking - Unified - Push"
// (POST /tracking/push/v1/subscription, by tracking number or by account,
// with the hook's URI and an API-key header DHL repeats), is not open to an
// ordinary API key: access is requested with a form, for direct DHL
// customers who hold shipping accounts (others only on a business
// justification DHL reviews without a fixed timeline); its pushes differ in
// shape by DHL division, unlike the
// Unified tracking answer this adapter reads. DHL eCommerce Americas'
// Tracking Webhooks (/account/v4/webhooks) serve that division's pickup
// accounts only. An account that has push access can still feed its
// webhooks to the tracking Service through a small WebhookParser of its own.
package dhl
