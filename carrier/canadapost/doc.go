// Package canadapost is the wismo carrier adapter for Canada Post, written
// from the documentation of Canada Post's Tracking web service (Developer
// Program, "Get Tracking Details – REST") and its Messages and Code Tables.
//
// # Configuration
//
// Join the Canada Post Developer Program (open to anyone; no contract is
// needed for tracking) and pass the user name and password of its API key;
// keep them out of source code:
//
//	c, err := canadapost.New(canadapost.Config{
//		Username: os.Getenv("CANADAPOST_USERNAME"),
//		Password: os.Getenv("CANADAPOST_PASSWORD"),
//		Language: "fr", // event texts in French; "en" is the default
//	})
//
// The adapter asks GET /vis/track/pin/{pin}/detail (or
// /vis/track/dnc/{dnc}/detail for a 15-digit delivery notice card number)
// with HTTP basic authentication, Accept application/vnd.cpc.track-v2+xml
// and Accept-language en-CA or fr-CA. The development key works against
// DevelopmentURL, the production key against ProductionURL (the default).
// Rate limiting, retries and the response size cap come from kit.HTTPClient,
// configured with Config.HTTP; Canada Post blocks a key that exceeds its
// throttle limit for up to a minute, so give HTTP.Limiter your key's limit.
//
// # What an Update holds
//
// The answer is XML (root tracking-detail). Every significant-events
// occurrence becomes a milestone.Scan:
//
//   - Code is the event-identifier as Canada Post writes it ("0174",
//     "1496", "20"); milestone's Canada Post table is keyed by these
//     identifiers, with and without the leading zero.
//   - Time is event-date and event-time in the zone of event-time-zone. The
//     North American abbreviations Canada Post writes ("EST", "PDT", "NST")
//     give a fixed zone of that offset, as written, whatever the season;
//     any other zone (events abroad carry "" or a country name such as
//     "ISRAEL") keeps the wall clock in UTC's location with LocalTime set.
//     An event without a time keeps its day at midnight, LocalTime set; one
//     without a readable date is skipped and logged.
//   - Description is event-description in the requested language, with
//     line breaks inside it collapsed; Location is "event-site,
//     event-province". Signatory names are not read.
//
// EstimatedDelivery is the end of changed-expected-date when Canada Post
// revised the date, else of expected-delivery-date (both dates without a
// zone: 23:59:59 in UTC's location as a container). An item with a delivered
// scan has no estimate. Service is service-name.
//
// # Errors
//
//   - A messages answer with code 004 ("No Pin History"), whatever the HTTP
//     status, and HTTP 404: an error wrapping carrier.ErrNotFound. A number
//     that cannot be a Canada Post number (not 10 to 20 letters and digits,
//     ignoring spaces and dashes) fails the same way without a request.
//   - 401 and 403 (such as E002 "AAA Authentication Failure" or AA002, a key
//     for the other environment): wraps carrier.ErrUnauthorized.
//   - 429: a *carrier.RateLimitError once the client's retries are used up;
//     5xx and network failures: temporary (carrier.IsTemporary).
//   - Other statuses, and other messages: permanent, with Canada Post's
//     code and text.
//   - A body that is not the documented XML, or a tracking-detail whose pin
//     is another PIN than the one asked: wraps carrier.ErrMalformed. A
//     control character or a byte that is not UTF-8 in a text is dropped
//     (the byte read as U+FFFD) instead.
//
// # Push
//
// Canada Post offers no webhook for tracking: its delivery updates go by
// e-mail (chosen when the shipment is created) and text message, so the
// adapter has no WebhookParser; poll with Track. Get Tracking Details takes
// one number per request, so there is no BatchTracker either.
//
// # Not covered
//
// Get Tracking Summary (and its search by reference), signature images and
// delivery confirmation certificates, and the SOAP variant of the service.
package canadapost
