// Package easypost is a wismo carrier adapter for EasyPost Trackers, which
// gives one API over the 100+ carriers EasyPost supports, and for EasyPost's
// signed webhooks.
//
// # Configuration
//
//	ep, err := easypost.New(easypost.Config{
//		APIKey:         os.Getenv("EASYPOST_API_KEY"),
//		WebhookSecrets: []string{os.Getenv("EASYPOST_WEBHOOK_SECRET")},
//	})
//	if err != nil { ... }
//	svc, err := tracking.New(tracking.Config{Carriers: carrier.NewRegistry(ep), ...})
//	http.Handle("/webhooks/easypost", svc.WebhookHandler("easypost"))
//
// The API key is sent as the HTTP basic-auth user name, as EasyPost
// documents. The first Track of a number creates a tracker (POST
// /v2/trackers, with Config.Carrier or Config.CarrierFor naming the carrier
// when known); EasyPost deduplicates trackers by code and carrier, and the
// adapter remembers the tracker id to retrieve it (GET /v2/trackers/{id})
// afterwards. Note that EasyPost bills per tracker created.
//
// # What it reports
//
// Each TrackingDetail becomes a [milestone.Scan] whose Code is EasyPost's
// status or status_detail, whichever says more (see [Code]), Description the carrier's message, Location "city, state, zip,
// country" and the datetime with the offset EasyPost assigned (UTC when
// EasyPost lacked the location). est_delivery_date is the estimate; one
// without a time (carrier_detail.est_delivery_time_local null, which EasyPost
// writes as midnight UTC) is a day, est_delivery_date_local when given, and
// the estimate is the end of that day, 23:59:59 wall clock in UTC's location
// (EasyPost gives no time zone for the destination). A tracker
// that has no details yet is reported as [carrier.ErrNotFound], as is a code
// EasyPost rejects (422 TRACKER.*); APIKEY.* errors are
// [carrier.ErrUnauthorized].
//
// # Webhooks
//
// ParseWebhook verifies X-Hmac-Signature ("hmac-sha256-hex=<hex HMAC-SHA256
// of the raw body>") against each configured secret, normalised with Unicode
// NFKD as EasyPost's own libraries do, in constant time, then
// reads tracker.created and tracker.updated Events. Configure two secrets
// while rotating. [SignWebhook] signs a body the same way, for tests.
//
// # Return labels
//
// The adapter is a [carrier.ReturnLabeler]: CreateReturnLabel creates a
// Shipment with is_return set (as EasyPost's Returns guide documents) and
// buys the requested service's rate, or the cheapest. The label's tracking
// number is then tracked like any other, so package returns can follow the
// parcel back to the shop.
//
// # Subscriptions
//
// The adapter is a [carrier.Subscriber]. Subscribe creates the number's
// tracker (POST /trackers; EasyPost returns the existing tracker of the
// same code and carrier, so subscribing twice names one tracker), after
// which EasyPost posts tracker.updated events to the account's webhook
// URLs, set up with EasyPost, not through this adapter. The Subscription
// carries the tracker id and, when it has tracking details, its Update.
// EasyPost has no call to delete or stop a tracker: Unsubscribe returns an
// error wrapping errors.ErrUnsupported, and the tracker's events end with
// the parcel's journey. Its documentation states no expiry, so ExpiresAt is
// zero.
//
// # Not covered
//
// Outbound shipments and labels, batch tracker creation, scan-based (pay on
// use) return programmes.
package easypost
