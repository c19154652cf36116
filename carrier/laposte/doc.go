// Package laposte is the wismo carrier adapter for La Poste's Suivi API v2
// ("Suivi" on developer.laposte.fr, served at
// https://api.laposte.fr/suivi/v2), which tracks La Poste's tracked
// letters (Lettre suivie, international registered mail), Colissimo
// parcels and Chronopost shipments through one endpoint, with one set of
// event codes.
//
// The API is open to anyone with a developer.laposte.fr account: create
// an application, subscribe it to Suivi, and pass its X-Okapi-Key. No
// contract is needed.
//
// # Configuration
//
//	c, err := laposte.New(laposte.Config{
//		APIKey:   os.Getenv("LAPOSTE_OKAPI_KEY"),
//		Language: "en_GB", // event labels in English; "fr_FR" is the default
//	})
//
// Track asks GET /idships/{idShip}?lang=... with the headers X-Okapi-Key
// and Accept: application/json. The adapter is a carrier.BatchTracker:
// TrackBatch asks for up to 10 numbers in one request
// (/idships/{a,b,...}), which La Poste answers with an array of per-number
// answers (HTTP 207 when some of them failed). Rate limiting, retries and
// the response size cap come from kit.HTTPClient, configured with
// Config.HTTP; La Poste's gateway refuses more than its plan's quota with
// 429 TOO_MANY_REQUESTS.
//
// # What an Update holds
//
// Every entry of shipment.event becomes a milestone.Scan: Code is the
// Suivi event code (DR1 declared, PC1 taken in charge, ET1 to ET4 being
// processed, EP1 waiting to be presented, DO1 to DO3 customs, PB1 and PB2
// a problem and its solution, MD2 out for delivery, ND1 cannot be
// delivered, AG1 waiting at the counter, RE1 returned, DI1 delivered, DI2
// delivered back to the sender), Description the label in the requested
// language, Time the date with La Poste's offset (a date without one is
// kept as a wall clock with LocalTime set; events without a readable date
// are skipped and logged at warn level). Suivi events carry no place, so
// Location is empty.
//
// The product decides which of milestone's tables reads the scans: a
// Colissimo parcel's scans name the carrier "colissimo" (La Poste's table,
// by alias, which also holds Colissimo's own codes), a Chronopost
// shipment's "chronopost" (Chronopost's table, which holds the Suivi codes
// too), anything else "laposte". Without a product the holder decides (3
// Chronopost, 4 Colissimo). Update.Carrier is always "laposte" and
// Update.Service the product as La Poste writes it ("colissimo",
// "chronopost").
//
// EstimatedDelivery is estimDate; La Poste writes the estimated day at
// midnight with its offset, which means the end of that day (23:59:59 in
// that zone). A shipment that isFinal or has a deliveryDate has no
// estimate.
//
// # Errors
//
// La Poste answers errors per number as {"returnCode", "returnMessage",
// "idShip"}, and its gateway as {"code", "message"}:
//
//   - returnCode 404, HTTP 404 (also without a body), and returnCode 400
//     (La Poste's answer for a number it cannot read or does not know,
//     "Votre numéro est inconnu", "n'est pas valide"): an error wrapping
//     carrier.ErrNotFound. A number that cannot be La Poste's (not 8 to 20
//     letters and digits, ignoring spaces and dashes) fails the same way
//     without a request.
//   - HTTP or returnCode 401 and 403: carrier.ErrUnauthorized.
//   - 429 (TOO_MANY_REQUESTS): a *carrier.RateLimitError, once the HTTP
//     client's retries are used up.
//   - 5xx, SERVICE_UNAVAILABLE and network failures: temporary
//     (carrier.IsTemporary).
//   - Other 4xx: permanent.
//   - A body that is not the documented JSON, or a journey about another
//     number in the asked number's place: carrier.ErrMalformed.
//
// In a batch each number's answer goes into its own result; the error of
// TrackBatch is for the whole request (the key refused, the rate limit,
// an unreadable answer).
//
// # Push
//
// The Suivi API offers no push: no webhook or subscription, so the adapter
// is neither a carrier.WebhookParser nor a carrier.Subscriber, and wismo
// polls it.
//
// # Not covered
//
// The timeline (La Poste's five customer steps) and contextData
// (countries, delivery choice) are not read: the events carry what wismo
// needs.
package laposte
