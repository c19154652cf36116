// Package page serves the shop's own tracking page: a branded,
// mobile-friendly HTML page and the same data as JSON for headless shops,
// reached through encrypted links that cannot be guessed or enumerated.
//
// # Mounting
//
// New returns a *Handler, an http.Handler the host mounts under a path of
// its own, stripping the prefix:
//
//	h, err := page.New(page.Config{
//		Service:  svc, // *tracking.Service
//		Keys:     [][]byte{key}, // 32+ random bytes, kept secret
//		Branding: notify.Branding{ShopName: "Alpenrad", SupportEmail: "help@alpenrad.example"},
//	})
//	mux.Handle("/track/", http.StripPrefix("/track/", h))
//	link := "https://shop.example/track/" + h.Link(shipmentID, time.Now().Add(60*24*time.Hour))
//
// The page answers GET and HEAD for "<token>" (HTML, or JSON when the
// request's Accept header prefers application/json) and "<token>.json".
//
// # Links
//
// Link returns a token, one URL path segment (base64url, no padding; 66
// characters for a short ID), in which the shipment ID and the expiry are
// sealed with AES-256-GCM and a random 96-bit nonce
// (cipher.NewGCMWithRandomNonce), under a key derived with HKDF-SHA256 from
// Config.Keys[0]. The token's version and key id, in the clear, are the
// AEAD's additional data; the ID is padded to 16 bytes, so its length shows
// only roughly. No shipment ID, order number or e-mail address shows in the
// URL. Every configured key opens links, so keys rotate without breaking
// them: put the new key first, keep the old one until its links expired.
// A malformed token is refused before any key is used; the key id picks
// the key to open with; the expiry is checked against Config.Now only after
// the tag, and the Service is asked nothing before the token opened. An
// unknown, forged, malformed or expired link, or one whose shipment is
// gone, gets the same 404 page with Cache-Control: no-store.
//
// # The page
//
// The page is in the recipient's language (Config.Recipient gives the
// locale; "de-AT" falls back to "de", "fr-CA" to "fr", a language without
// words to English; a ?lang= query overrides it). English, German, French,
// Dutch, Spanish, Italian and Polish are built in, in the register of the
// messages (notify's templates). It says where the
// parcel stands in plain words ("Arrives on Thursday, 5 March", "Sorry, your
// parcel is running late: now expected on Friday, 6 March", "Ready for
// pickup at ...", "Delivered on ..."), what to do when the customer must act (correct the address, pay
// duties, collect the parcel), a progress bar (an <ol> with aria-current on
// the furthest step), the carrier's timeline without noise, newest first
// (each scan as its milestone in the page's language, "Unterwegs",
// "Zugestellt: bei einem Nachbarn abgegeben", with the carrier's own words
// in small print under it), and the ETA in the customer's time zone. Milestone names, details, delay
// reasons and dates are the messages' own words (notify.MilestoneText,
// notify.DetailText, notify.ReasonText, notify.FormatDate), so the page and
// the e-mails say a thing alike; the page's own phrases are in
// PageData.T. Cross-sell products (Config.CrossSell) and a "start a return"
// button (Config.ReturnURL) appear when the host configures them.
//
// The HTML is semantic (header, main, section, ol, time), needs no
// JavaScript and no external assets (the CSS is inline; only the optional
// logo is fetched), and is sent with a Content-Security-Policy that allows
// no scripts and with Referrer-Policy: no-referrer, so the token does not
// leak to the logo's host.
//
// # Templates
//
// The templates are html/template files named PageTemplate ("page.html")
// and NotFoundTemplate ("notfound.html"); Config.Templates overrides them
// by name. They receive a PageData: the branding, the phrases of the
// language in .T and the Status. New renders every template once with
// sample data, so a broken override fails at start-up.
//
// # JSON
//
// Status is the JSON document, with stable keys: state, reason, headline,
// message, milestone, detail, action_required, action, pickup_location,
// eta (RFC 3339) and eta_text, delivered_at, late, progress (milestone,
// label, done, current), timeline (time, time_text, milestone,
// description, location; newest first), last_checked, carrier,
// carrier_name, tracking_number, recipient (first_name, city), return_url
// and lang. It carries no personal data beyond the recipient's first name
// and city.
//
// # Caching
//
// Pages are sent with Cache-Control: private, max-age=60 (Config.CacheMaxAge),
// Vary: Accept and a strong ETag over the body; a request whose
// If-None-Match matches gets 304 Not Modified.
package page
