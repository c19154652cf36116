// Package ops is the shop's operations view of its shipments: an
// http.Handler that shows what needs attention and lets an operator act on
// it. The host mounts it behind its own authentication; the view has no
// users or logins of its own.
//
// # Mounting
//
// New takes the Backend (the *tracking.Service as it is) and a Config
// with at least a CSRFKey. The host strips its prefix and names it as
// BasePath, so links and redirects point back under it:
//
//	h, err := ops.New(svc, ops.Config{
//		CSRFKey:  csrfKey,                  // 32+ random bytes, kept secret
//		Session:  sessionID,                // the host's login session of a request
//		BasePath: "/admin/shipments/",
//		Location: shopZone,                 // dates in the shop's time zone
//	})
//	mux.Handle("/admin/shipments/", requireStaff(http.StripPrefix("/admin/shipments", h)))
//
// # Pages
//
// Every page is server-rendered HTML that needs no JavaScript, with a JSON
// twin holding the same data: ask with Accept: application/json or add
// ".json" to the path ("index.json" for the list).
//
//   - "" (the list): the shipments that need attention (at risk, delayed,
//     exception, lost, action required, not found, or with a dead letter),
//     newest change first, filtered by state, reason, carrier, order,
//     tracking number (spaces, dashes and case aside), whether the customer
//     must act and whether the carrier has no data for the number
//     (?state=delayed&state=lost&carrier=dhl&order=A-1001&number=JJD0001
//     &action=1&notfound=1; all=1 lists every shipment). A shipment the
//     carrier has no data for past the grace period is marked so, in the
//     list and on its page. Pages hold Config.PageSize shipments; the "next"
//     link carries the Service's cursor. A cursor of another query, or a
//     forged one, gets 400 with a message saying to start again. The
//     search box (?q=) takes an order ID, a shipment ID or a tracking
//     number and redirects to the order's or shipment's page, or to the
//     list of every shipment with that number when there are several.
//   - "shipments/{id}": one shipment: its state and reason, promise,
//     carrier's estimate, the timeline (newest first), every message about
//     it (Backend.Messages: pending, sent, dead, withdrawn or discarded,
//     with attempts, the time of the next attempt, the sending or the
//     giving up, and the last error without e-mail addresses), the
//     messages that could not be sent with their actions, and the
//     shipment's actions.
//   - "orders/{id}": an order's parcels together ("1 of 3 parcels
//     delivered").
//   - "dead": the dead letters, filtered by shipment and kind, with cursor
//     pagination.
//
// An unknown ID gets 404; IDs are escaped in paths and in HTML.
//
// # Actions
//
// Every action is a POST answered with a 303 redirect to the page that
// shows its result ("?done=cancelled"):
//
//   - "shipments/{id}/cancel" (form field reason, required): Cancel.
//   - "shipments/{id}/resend" (kind): Resend the last message of a kind.
//   - "shipments/{id}/promise" (promise as YYYY-MM-DD, the end of that day
//     in the shop's zone; empty for none; version, the shipment's Version
//     as shown, so that a change made meanwhile is refused with 409):
//     Update.
//   - "dead/{id}/replay" and "dead/{id}/discard": ReplayDeadLetter,
//     DiscardDeadLetter.
//
// What cannot be undone (cancel, resend, replay, discard) is asked first: a
// GET of the action's path shows a confirmation page whose form posts it.
//
// # Security
//
// Each POST must carry the form field csrf, HMAC-SHA256 of the request's
// session key under Config.CSRFKey, compared in constant time. The session
// key is Config.Session's (the host's login session), or else a random
// cookie of the handler's own (HttpOnly, SameSite=Strict). A request that
// a browser marks as cross-site (Sec-Fetch-Site) or whose Origin is
// another host is refused before the token is looked at. Every answer
// carries a Content-Security-Policy that allows no script and only the
// page's own style (by its hash), frame-ancestors 'none' and
// X-Frame-Options: DENY, nosniff and Cache-Control: no-store. Query and
// form values are checked before the Backend is asked: an unknown state or
// reason, an overlong filter, a cursor with control characters or a date
// that is not one gets 400. The log (Config.Logger) gets backend failures
// and refused actions with IDs, never an e-mail address or the key.
//
// # Languages
//
// The view speaks English and German: Config.Language, or else the
// request's Accept-Language. Milestones are notify's words, as customers
// read them; states and reasons have short names of the view's own. Dates are in Config.Location, the shop's
// zone, in HTML and JSON.
package ops
