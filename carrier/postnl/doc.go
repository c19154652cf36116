// Package postnl is the wismo carrier adapter for PostNL, written from the
// Shipping Status API v2 documentation (developer.postnl.nl, "Send & Track",
// "Shippingstatus": GET /shipment/v2/status/barcode/{barcode}; status,
// phase and event codes from the "T&T status codes" reference list).
//
// The API is open to PostNL business customers only: the API key comes with
// a PostNL contract (customer code and number) from the developer portal,
// and PostNL discloses a shipment only to the customer it belongs to. The
// sandbox answers for the test customer DEVC.
//
// # Configuration
//
//	c, err := postnl.New(postnl.Config{
//		APIKey:   os.Getenv("POSTNL_API_KEY"),
//		BaseURL:  postnl.SandboxURL, // Defaults to postnl.ProductionURL
//		Language: "EN",              // Defaults to "NL"
//	})
//
// Track sends GET /shipment/v2/status/barcode/{barcode}?detail=true with the
// key in the apikey header, language (Config.Language) and maxDays
// (Config.MaxDays, when set). PostNL asks that the service be called for
// relevant shipments at useful intervals, not every minute: give Config.HTTP
// a rate limiter for your account. Rate limiting, retries and the response
// size cap come from kit.HTTPClient. The API tracks one barcode per
// request, so the adapter is not a carrier.BatchTracker.
//
// # What an Update holds
//
// The answer is converted from XML: a repeated element with one member is an
// object instead of an array, and an empty element is {}; the adapter reads
// both. Every Event of the shipment becomes a milestone.Scan:
//
//   - Code is the event code, such as "A01" (pre-alerted, not yet at
//     PostNL), "B01" (received by PostNL), "J01" (sorted), "J05" (driver en
//     route), "I01" (delivered) or "J02" (ready at a PostNL point);
//     milestone's PostNL table holds every published event code, and the
//     status codes 1 to 99 beside them.
//   - Description is PostNL's text in Config.Language; Location is empty
//     (events carry only PostNL's location numbers and route names).
//   - Time: PostNL writes the Dutch wall clock ("19-11-2026 13:41:07")
//     without a zone, so the scan keeps it in UTC's location as a container
//     and sets LocalTime, instead of guessing an offset. A time written
//     with an offset keeps its zone.
//
// A shipment without events (the answer without detail, or a shipment
// PostNL has no events for) gets one scan per status in OldStatus and
// Status instead: Code is the status code ("1" to "31"), Description the
// status text; status 99 ("Niet van toepassing", not applicable) is left
// out. Service is the ProductDescription.
//
// EstimatedDelivery is the end of PostNL's expectation window (ETATo, with
// EstimatedDeliveryStart from ETAFrom), else the end of the planned
// DeliveryDate; both are Dutch wall clock in UTC's location. A delivered
// shipment (phase 4) has no estimate.
//
// Multi-collo shipments answer with every collo: the adapter keeps the collo
// whose Barcode was asked for, else the first collo of the MainBarcode asked
// for, so the delivery of one collo never reads as that of another.
//
// # Webhooks
//
// The Shipping Status API has no push: PostNL offers no webhook for it, and
// its "updatedshipments" resource is polled too. The adapter is therefore
// not a carrier.WebhookParser.
//
// # Errors
//
//   - A 200 with the warning "No shipment found" (code 2), or without a
//     shipment, and HTTP 404: an error wrapping carrier.ErrNotFound. A
//     barcode that cannot be PostNL's (not 8 to 40 letters and digits,
//     ignoring spaces and dashes) fails the same way without a request.
//   - 401 (invalid API key) and 403: wraps carrier.ErrUnauthorized.
//   - 429: a *carrier.RateLimitError with the Retry-After PostNL sent, once
//     the HTTP client's retries are used up; 5xx and network failures:
//     temporary (carrier.IsTemporary).
//   - Other 4xx (400 "Validation Fault", 405): permanent, with PostNL's
//     message.
//   - A 200 whose body is not the documented JSON, whose colli all name
//     other barcodes than the one asked, or whose shipment has no event or
//     status with a readable time: wraps carrier.ErrMalformed.
//     Events without a readable time are skipped and logged at warn level.
//
// # Not covered yet
//
// Status by reference (/shipment/v2/status/reference), signatures
// (/shipment/v2/status/signature), the updatedshipments poll, and the
// sender and receiver addresses (never read).
package postnl
