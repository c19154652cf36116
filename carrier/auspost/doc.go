// Package auspost is the wismo carrier adapter for Australia Post (and
// StarTrack), written from the documentation of Australia Post's Shipping
// and Tracking API ("Track items", its status values and error codes).
//
// # Contract customers only
//
// Australia Post opens the Shipping and Tracking API only to eParcel and
// StarTrack contract customers: register your interest on the Australia Post
// Developer Centre and Australia Post checks the account before it issues a
// key. The adapter is built from the documentation all the same; without a
// contract there is no key to run it with.
//
// # Configuration
//
//	c, err := auspost.New(auspost.Config{
//		APIKey:        os.Getenv("AUSPOST_API_KEY"),
//		Password:      os.Getenv("AUSPOST_API_PASSWORD"),
//		AccountNumber: os.Getenv("AUSPOST_ACCOUNT_NUMBER"),
//	})
//
// The adapter asks GET /shipping/v1/track?tracking_ids=id1,id2,... with HTTP
// basic authentication (the API key and its password) and the account number
// in the Account-Number header. One request takes up to 10 ids, so Carrier
// is a carrier.BatchTracker (MaxBatch 10); carrier.TrackMany uses it. Rate
// limiting, retries and the response size cap come from kit.HTTPClient,
// configured with Config.HTTP: Track items allows 10 requests a minute per
// account, and an adapter without an HTTP.Limiter keeps to that
// (DefaultRate).
//
// # What an Update holds
//
// The answer holds one tracking result per id: its errors, or the events of
// the StarTrack consignment (consignment.events) and of each trackable item
// (an article, or a consignment whose items are articles). Every event
// becomes a milestone.Scan:
//
//   - Code is empty: Track items events carry no event code, only a
//     description, so milestone classifies them by their text. The summary
//     status of a result or item ("Delivered", "Awaiting collection",
//     StarTrack's "Delivered in Full") is not an event and makes no scan;
//     milestone's auspost table lists the documented status values for
//     hosts that pass them on as codes.
//   - Time is the event's date, ISO 8601 with the offset of the scan's place
//     ("2021-01-21T11:04:27+11:00"); a date without an offset is kept as a
//     wall clock in UTC's location with LocalTime set. Events without a
//     readable date or without a description are skipped and logged.
//   - Description is the event's description with runs of white space
//     (tabs and line breaks that some answers carry) collapsed; Location
//     is its location ("KEW VIC") as written.
//
// Service is the product_type of the first item ("Parcel Post", "Express
// Post", "International"). Track items gives no delivery estimate, so
// EstimatedDelivery stays zero.
//
// # Errors
//
//   - Error codes ESB-10001 (invalid tracking id), ESB-10002 (product not
//     trackable) and 51104 (tracking ids not found), in a result or for the
//     whole request: an error wrapping carrier.ErrNotFound, in the number's
//     TrackResult for a batch. When 51104 answers a request of several ids,
//     each is asked again alone so that the known ones keep their answers;
//     so is each id of a request that 51103 refuses for mixing Australia
//     Post and StarTrack ids.
//     A number that cannot be an Australia Post or StarTrack id (not 8 to
//     40 letters and digits, ignoring spaces and dashes) fails the same way
//     without a request.
//   - 401 and 403: wraps carrier.ErrUnauthorized; 404: carrier.ErrNotFound.
//   - 429, and the gateway's API_002 "too many requests" in any answer: a
//     *carrier.RateLimitError. 5xx, ESB-20010 and ESB-20050 (Australia
//     Post's internal technical errors) and network failures: temporary.
//   - Other codes (51100 to 51103, a request Australia Post refuses) and
//     statuses: permanent, with Australia Post's code and text.
//   - A body that is not the documented JSON, or one without a result for
//     a number asked (a result naming another tracking_id is not one):
//     wraps carrier.ErrMalformed.
//
// # Push
//
// Australia Post documents no webhook or other push for tracking in the
// Shipping and Tracking API, so the adapter has no WebhookParser; poll with
// TrackMany.
//
// # Not covered
//
// Shipments, labels, orders and the other Shipping and Tracking resources;
// the consumer tracking API of the Australia Post app, whose events carry
// codes such as "DD-ER13".
package auspost
