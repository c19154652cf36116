// Package dpd is the wismo carrier adapter for DPD, written from the
// documentation of DPD's ParcelLifeCycleService 2.0 (method
// getTrackingData, SOAP; WSDL and schema of DPD's web services, documented
// by DPD Germany's "DPD Web Services", DPD Netherlands' "DPD Shipper
// Webservices" and DPD Switzerland's web service pages) and its
// LoginService 2.1 (getAuth).
//
// This is the DPD API that answers with the parcel life-cycle statuses: DPD
// Germany's SHIPMENT, ACCEPTED, AT_SENDING_DEPOT, ON_THE_ROAD,
// AT_DELIVERY_DEPOT and DELIVERED, each with statusHasBeenReached and
// isCurrentStatus, and, in the answers of DPD's Benelux companies, the
// finer codes PickedUp, BetweenDepots, Depot, Courier, DeliveryFailure,
// ReturningFromDelivery, ParcelShop, Customs, Warehouse, Consolidation and
// Delivered.
//
// # Access: contract customers only
//
// The service is open to DPD's contract customers only: it needs a DELIS
// account (DelisID and password) from DPD, and DPD answers only for parcels
// of the account's own shipping volume. DPD Germany gives test accounts for
// its stage system (StageURL); DPD Netherlands serves tracking on its live
// system only. The adapter is written from the documentation and tested
// against answers in the documented shape and recorded answers (see
// testdata/SOURCES.md), not against a live account.
//
// # Configuration
//
// Hand the account to New; keep the password out of source code:
//
//	c, err := dpd.New(dpd.Config{
//		DelisID:         os.Getenv("DPD_DELIS_ID"),
//		Password:        os.Getenv("DPD_PASSWORD"),
//		MessageLanguage: "de_DE",      // Defaults to "en_US"
//		BaseURL:         dpd.StageURL, // Defaults to dpd.ProductionURL (DPD Germany)
//	})
//
// The adapter logs in with POST {BaseURL}/LoginService/V2_1 (getAuth) and
// keeps the authToken for 12 hours (DPD's tokens live a day, and DPD asks
// customers not to log in per request); one goroutine logs in at a time.
// It tracks with POST {BaseURL}/ParcelLifeCycleService/V2_0
// (getTrackingData, the token in the SOAP header's authentication element).
// When DPD refuses the token with an authenticationFault, the adapter logs
// in again and retries once. Rate limiting, retries and the response size
// cap come from kit.HTTPClient, configured with Config.HTTP.
//
// SOAP sends every fault with HTTP 500, which kit.HTTPClient would retry as
// a server failure. The adapter therefore wraps the transport of its copy
// of the host's *http.Client: a 500 whose body is a SOAP fault carrying
// DPD's own detail (an authenticationFault, or the faults element of the
// ParcelLifeCycleService schema) reaches the adapter unretried, as a 400;
// other 500s are retried as before. The host's *http.Client is not changed.
//
// Numbers are the 14-digit parcel numbers; the 15-character form with its
// check character and the 28-character label barcode are tracked by their
// parcel number. Spaces and dashes are ignored.
//
// # What an Update holds
//
// Every statusInfo with statusHasBeenReached true becomes a milestone.Scan,
// and so does the shipmentInfo's SHIPMENT status (DPD has the parcel data)
// when it is reached.
// DPD lists the statuses still to come as well (the life cycle drawn as a
// progress bar): those are never scans, so a DELIVERED that has not been
// reached is never read as a delivery.
//
//   - Code is the status, such as "ACCEPTED", "AT_DELIVERY_DEPOT",
//     "DELIVERED", "Courier" or "DeliveryFailure"; milestone's DPD table
//     holds them all (codes are matched without regard to case).
//   - Time is the status date. DPD writes the depot's local wall clock
//     without a zone, in the style of Config.MessageLanguage
//     ("8/17/2021 7:11:26 PM" for en_US, "17.08.2021, 19:11" for de_DE): the
//     scan keeps that wall clock in UTC's location and sets LocalTime,
//     instead of guessing a zone.
//   - Description is the status description's text (the label, such as
//     "Parcel out for delivery", when there is none: DPD's labels are
//     coarse and the same for several statuses); Location is DPD's
//     "City (CC)".
//
// Service is the shipment's service description ("DPD CLASSIC", "DPD
// PARCELSHOP DELIVERY"). The service gives no machine-readable delivery
// estimate (the Predict window is free text for display), so
// EstimatedDelivery stays zero.
//
// # Errors
//
//   - A life cycle with no status reached yet (DPD knows the parcel data,
//     the parcel has not been scanned), HTTP 404, and a number that is not
//     a DPD parcel number (not sent): an error wrapping carrier.ErrNotFound.
//   - An authenticationFault (such as LOGIN_8, a wrong password, or
//     DELICOM_ERR_AUTHENTICATION) at login, or at tracking again after a
//     new login, and HTTP 401 and 403: wraps carrier.ErrUnauthorized.
//   - 429: a *carrier.RateLimitError with the Retry-After DPD sent, once the
//     HTTP client's retries are used up; 5xx other than DPD's faults, and
//     network failures: temporary (carrier.IsTemporary).
//   - DPD's faults element (faultCode, message) and other 4xx: permanent.
//   - A 2xx whose body is not the documented SOAP XML: wraps
//     carrier.ErrMalformed. Reached statuses without a readable date are
//     skipped and logged at warn level; when none is readable the answer is
//     malformed. A control character or a byte that is not UTF-8 in a text
//     is dropped (the byte read as U+FFFD) instead of failing the answer.
//
// # Webhooks
//
// The ParcelLifeCycleService has no push: the adapter is polled, one
// request per parcel (the service tracks single parcels only). The adapter
// implements no carrier.WebhookParser. DPD's other tracking offers for
// contract customers (event push and file interfaces agreed per contract)
// are not covered.
//
// # Not covered
//
// getParcelLabelNumberForWebNumber (tracking by the web number of DPD's
// parcel notice), DPD's Cloud Service (getParcelLifeCycle for DPD Cloud
// accounts), the JSON form of the service some DPD countries offer, and the
// Predict delivery window.
package dpd
