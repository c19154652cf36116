// Package track17 is a wismo carrier adapter for the 17TRACK Tracking API
// (v2.2), an aggregator that follows parcels of 2,000+ carriers with one
// key, and for its signed pushes.
//
// # Configuration
//
//	t17, err := track17.New(track17.Config{
//		APIKey: os.Getenv("SEVENTEENTRACK_KEY"),
//	})
//	if err != nil { ... }
//	svc, err := tracking.New(tracking.Config{Carriers: carrier.NewRegistry(t17), ...})
//	http.Handle("/webhooks/17track", svc.WebhookHandler("17track"))
//
// The key goes into the 17token header of every request (all are POSTs of
// a JSON list of numbers, see Production); 17TRACK signs its pushes with
// the same key, so New rejects a key shorter than kit.MinWebhookSecretBytes.
// Where pushes go is the webhook URL of the account's settings page: the
// API has no call to set it. Config.CarrierFor names 17TRACK's carrier code
// for a number when the host knows it; otherwise 17TRACK detects the
// carrier. Requests are paced at DefaultRate a second, 17TRACK's limit.
//
// # Tracking and subscribing
//
// Track and TrackBatch (up to MaxBatch numbers) ask POST /gettrackinfo.
// A number 17TRACK does not follow yet (error -18019902) is registered
// (POST /register, one unit of the account's quota) and reported with an
// error wrapping [carrier.ErrNotFound] until 17TRACK has its first events.
// Spaces and dashes are removed and letters upper-cased; what is left must be
// 5 to 50 letters and digits, as 17TRACK documents its numbers, or the
// number is refused with an error wrapping [carrier.ErrNotFound] before any
// request, so that no quota is spent on it. A number given twice in a batch
// is asked once and gets two results.
//
// Subscribe registers a number, so that 17TRACK pushes its updates;
// registering a number registered already succeeds, and a stopped one is
// restarted (POST /retrack, which 17TRACK allows once per number).
// Unsubscribe stops the tracking (POST /stoptrack): the data stays readable
// by Track. A subscription has no expiry the API states.
//
// # Errors
//
// 17TRACK answers a list with accepted and rejected numbers; each rejected
// number gets its own error: -18019902 and -18019909 (no information yet),
// -18019903 (carrier not detected) and -18019911 (carrier not open to
// registration) wrap carrier.ErrNotFound; -18019908, the used-up quota,
// matches [ErrQuotaExhausted] and is permanent; -18019907, the daily limit,
// holds a *carrier.RateLimitError. A whole request that fails with
// -18010001/2/4/5 (IP not allowed, invalid key, account disabled) wraps
// carrier.ErrUnauthorized, -18010003 is temporary, and HTTP 429 is a
// *carrier.RateLimitError. HTTP 404 means a wrong URL, not a number.
//
// # What it reports
//
// Every event of every provider (the first-mile and the last-mile carrier)
// becomes a [milestone.Scan]: Time from time_iso with its offset (a time
// without one is a local wall clock, LocalTime set; time_utc otherwise),
// Description the carrier's text, Location the event's location or its
// address, and Code the event's sub status (v2.4) or key stage ("PickedUp",
// "Arrival", "OutForDelivery", see [Code]); the newest event without either
// takes the number's latest sub status. milestone's 17track table
// classifies all of them. The estimate is time_metrics'
// estimated_delivery_date (a bare date is the whole day), the service
// misc_info's service_type. An event whose time_iso cannot be read takes
// time_utc; one with neither readable is left out and counted in a warning
// to Config.Logger, and only a number none of whose events has a readable
// time is malformed. An unreadable estimate is no estimate: it costs no
// event.
//
// # Pushes
//
// ParseWebhook verifies the sign header, the hex SHA-256 of the raw body,
// "/" and the key, in constant time against Config.APIKey and
// Config.PreviousAPIKeys, and reads TRACKING_UPDATED pushes (the same data
// as /gettrackinfo); TRACKING_STOPPED gives no update. [SignWebhook] signs
// a body the same way, for tests.
//
// # Not covered
//
// /changecarrier, /changeinfo, /gettracklist, /getquota, /deletetrack and
// the push of a number on demand (/push); registration parameters beyond
// the carrier code (final_carrier, param, order data, languages); 17TRACK's
// IP allow-list is the host's to set.
package track17
