// Package aftership is a wismo carrier adapter for the AfterShip Tracking
// API, which follows parcels of 1,100+ couriers, and for AfterShip's signed
// webhooks.
//
// # Configuration
//
//	as, err := aftership.New(aftership.Config{
//		APIKey:         os.Getenv("AFTERSHIP_API_KEY"),
//		WebhookSecrets: []string{os.Getenv("AFTERSHIP_WEBHOOK_SECRET")},
//	})
//	if err != nil { ... }
//	svc, err := tracking.New(tracking.Config{Carriers: carrier.NewRegistry(as), ...})
//	http.Handle("/webhooks/aftership", svc.WebhookHandler("aftership"))
//
// The key goes into the as-api-key header of the versioned API (2025-07,
// see Production). Track looks a number up with GET
// /trackings?tracking_numbers=... and creates the tracking (POST /trackings,
// with Config.SlugFor naming the courier when known) the first time.
//
// # What it reports
//
// Each checkpoint becomes a [milestone.Scan] whose Code is AfterShip's
// subtag ("InTransit_002", "Exception_011", see [Code]), Description the
// courier's message, Location AfterShip's location or "city, state, zip,
// country". checkpoint_time is the checkpoint's local time: with its offset
// when AfterShip gives one, otherwise kept as a wall clock with LocalTime
// set. The estimate is the courier's own (courier_estimated_delivery_date),
// then AfterShip's latest_estimated_delivery, then the legacy
// expected_delivery; a bare date means the end of that day. A tracking
// without checkpoints (tag Pending) and meta code 4004 are
// [carrier.ErrNotFound].
//
// # Webhooks
//
// ParseWebhook verifies the aftership-hmac-sha256 header (base64 HMAC-SHA256
// of the raw body) against each configured secret in constant time and reads
// tracking_update events. [SignWebhook] signs a body the same way, for tests.
//
// # Subscriptions
//
// The adapter is a [carrier.Subscriber]. Subscribe makes AfterShip follow
// a number (the tracking it has, or a new one from POST /trackings), after
// which AfterShip pushes the number's updates to the webhook URL of the
// account's notification settings, which the API cannot set; the
// Subscription carries the tracking id and, when the tracking has
// checkpoints, its Update. Unsubscribe deletes the tracking (DELETE
// /trackings/{id}); a number AfterShip does not follow succeeds. AfterShip
// states no expiry of a tracking, so ExpiresAt is zero.
//
// # Not covered
//
// AfterShip's AES and RSA request signing (API keys only), pagination beyond
// the first page for numbers followed under several couriers, and the
// estimated-delivery-date prediction endpoint.
package aftership
