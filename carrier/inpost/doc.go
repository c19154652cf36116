// Package inpost is the wismo carrier adapter for InPost (Poland: parcel
// lockers, PaczkoPunkty and courier), written from the ShipX API
// documentation (dokumentacja-inpost.atlassian.net, "API ShipX": "Shipment
// Tracking", "Statuses" and "Webhooks"; webhook signatures from InPost's
// "Webhook Signature Verification" page, developers.inpost-group.com).
//
// ShipX is InPost's API for business customers: an organization created in
// the Parcel Manager (Manager paczek) gets its API token there. The adapter
// uses the tracking resource and the organization's webhooks, nothing that
// creates or pays for shipments.
//
// # Configuration
//
//	c, err := inpost.New(inpost.Config{
//		Token:          os.Getenv("INPOST_SHIPX_TOKEN"), // optional
//		WebhookSecrets: []string{os.Getenv("INPOST_WEBHOOK_SECRET")},
//		BaseURL:        inpost.SandboxURL, // Defaults to inpost.ProductionURL
//	})
//
// Track sends GET /v1/tracking/{tracking_number}, with
// "Authorization: Bearer <Token>" when Config.Token is set. Rate limiting,
// retries and the response size cap come from kit.HTTPClient, configured
// with Config.HTTP. ShipX tracks one number per request, so the adapter is
// not a carrier.BatchTracker.
//
// # What an Update holds
//
// Every entry of tracking_details becomes a milestone.Scan:
//
//   - Code is the entry's status, the ShipX status name listed by
//     GET /v1/statuses, such as "confirmed" (label created),
//     "dispatched_by_sender", "adopted_at_source_branch",
//     "out_for_delivery", "ready_to_pickup" (in the locker),
//     "delivered" (collected) or "undelivered_wrong_address"; milestone's
//     InPost table is keyed by these names. An entry without a status keeps
//     its origin_status (InPost's internal event code, such as "PWO").
//   - Time is datetime, ISO 8601 with its offset (Polish time).
//   - Description is empty: ShipX gives no text per entry, and the status
//     name is the code. Location is the entry's location when it is a
//     string (most entries have none).
//
// Service is the shipment's service, such as "inpost_locker_standard".
// ShipX's tracking resource has no delivery estimate, so EstimatedDelivery
// stays zero; a delay reaches the host as the status "delay_in_delivery".
//
// # Webhooks
//
// InPost pushes to one webhook URL per organization, set in the Parcel
// Manager (production and sandbox alike), from the addresses 91.216.25.0/24.
// ShipX's "Webhooks" page documents the payloads and that address range but
// no signature; InPost's "Webhook Signature Verification" page documents
// the signature its webhooks carry when the integration team sets one up
// with a shared secret, and the adapter requires it: a webhook is only as
// trustworthy as its signature, and an address range is not one. Carrier
// implements carrier.WebhookParser: ParseWebhook checks x-inpost-signature,
// the standard base64 HMAC-SHA256 under the shared secret
// (Config.WebhookSecrets, several during rotation) of the raw body or, in
// InPost's other documented form, of "<x-inpost-timestamp>.<body>"; a
// signed timestamp must lie within Config.WebhookTolerance of Config.Now.
// A signature over the body alone carries no time, so it has no replay
// protection: a recorded push verifies again whenever it is sent. A replay
// repeats a scan the host has already stored (tracking keys scans, so it
// adds nothing), but cannot be told from a fresh push; ask InPost's
// integration team for the timestamped form where that matters.
// InPost's RSA signatures (SHA256withRSA with InPost's certificate) are not
// checked. A verified shipment_status_changed event with a tracking number
// gives one Update with one scan (event_ts, the new status); a
// shipment_confirmed event reads as the status "confirmed"; offers_prepared,
// and events whose tracking_number is still null, give no update.
// [SignWebhook] and [SignWebhookAt] sign bodies the same way, for tests.
// Subscriptions are per organization, not per number, so the adapter is not
// a carrier.Subscriber.
//
// # Errors
//
//   - HTTP 404 (error "resource_not_found"): an error wrapping
//     carrier.ErrNotFound with InPost's description. A number that cannot
//     be an InPost number (not 8 to 40 letters and digits, ignoring spaces
//     and dashes) fails the same way without a request.
//   - 401 and 403: wraps carrier.ErrUnauthorized.
//   - 429: a *carrier.RateLimitError with the Retry-After InPost sent, once
//     the HTTP client's retries are used up; 5xx and network failures:
//     temporary (carrier.IsTemporary).
//   - Other 4xx: permanent.
//   - A 200 whose body is not the documented JSON, or whose tracking_number
//     is another number than the one asked: wraps carrier.ErrMalformed.
//     Entries without a readable datetime are skipped and logged at warn
//     level; when none is readable the answer is malformed.
//
// # Not covered yet
//
// InPost's other countries' ShipX instances (Italy: api-shipx-it), the
// InPost Global API (api.inpost-group.com) and its Shipment.Tracking
// events, RSA-signed webhooks, and custom_attributes (locker names).
package inpost
