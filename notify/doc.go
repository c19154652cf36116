// Package notify renders and sends messages in the shop's own voice through
// the shop's own channels: what a message says (templates in the
// recipient's language, with the shop's branding), whether and when it may
// be sent (preferences, consent, quiet hours, rate limits) and what happens
// when a channel fails (retry with backoff, dead letter).
//
// The package imports nothing of the module but milestone. Package tracking
// and package returns decide which messages to send; channels such as
// notify/email, notify/webhook and notify/console deliver them; the host can
// plug in its own channel as a [Notifier].
//
// # Kinds
//
// A [Kind] names what a message is about. [Kinds] lists them all: the
// customer tracking kinds (shipped up to feedback_request), the merchant
// kinds (not_picked_up, stalled, lost, not_found) and the returns kinds
// (return_requested up to exchange_shipped). [Kind.Audience] tells who a
// kind is for, [Kind.OptOutable] whether a customer can opt out of it.
//
// # Templates and data
//
// A [Renderer] fills a [Message]'s Subject, Text and HTML:
//
//	r, err := notify.NewRenderer(notify.RendererConfig{Branding: brand, Overrides: os.DirFS("mail")})
//	...
//	err = r.Render(&m, r.Data(m))
//
// Every kind has built-in templates in English (en), German (de), French
// (fr), Dutch (nl), Spanish (es), Italian (it) and Polish (pl), each written
// in the register shops in that country use: German "Sie", French "vous",
// Dutch "je", Spanish "tú", Italian "tu", Polish "Ty" (with its pronouns
// capitalised and no verb that needs the customer's gender). The language
// comes from the recipient's BCP 47 tag with fallback: "de-AT" tries de-at,
// then de, then en; "fr-CA" and "es-MX" find fr and es; "pt-BR" falls back
// to en. Text is rendered with text/template, HTML with html/template, so
// every value is escaped for its HTML context.
//
// Templates live in an fs.FS laid out like this; any file in
// RendererConfig.Overrides replaces the built-in one, and a new language
// directory (named by its lower-case tag, such as "fr" or "de-ch") adds a
// language:
//
//	layout.txt           plain-text layout: greeting, body, action, offer, links, marketing, sign-off, footer
//	layout.html          HTML layout around the same parts
//	<lang>/common.tmpl   the language's phrases: "greeting", "signoff", "footer", "carrier", "label_track", ...
//	                     and optionally "colon", the colon after a label (French: a no-break space and ":")
//	<lang>/<kind>.tmpl   one file per kind, defining "subject", "headline" and "body"
//
// The "body" block is written once, as plain paragraphs separated by blank
// lines, and serves both formats: the HTML layout receives it escaped and
// split into <p> paragraphs as .BodyHTML. A kind file may also define
// "text" or "html" to replace the layout for that kind. Templates are parsed
// once and rendered with sample data by NewRenderer, so a broken override
// fails at start-up, not when a customer is waiting.
//
// The subject and the plain text are rendered by text/template, the body
// and the HTML by html/template, which escapes for each context; templates
// may use all of both packages' template language.
//
// Templates receive a [TemplateData]: the branding as .Shop, the
// recipient's first name, order and shipment ids, the carrier's display
// name, the milestone and its detail in words of the language, the ETA as a
// day in the recipient's time zone and language ("Donnerstag, 5. März",
// "jeudi 5 mars", "jueves, 5 de marzo", "czwartek, 5 marca"; left
// out once that day is before the day the message was made), the delay
// reason, the apology [Offer] (shown only in the languages it has a text
// for), recommendations ([Product]), care tips,
// the pickup location, the action the recipient must take, the tracking
// link and the returns fields. [Renderer.Data] fills it from a Message.
// [FormatDate] writes such a day outside the renderer, [MilestoneText],
// [DetailText] and [ReasonText] give the same words as the data (the
// tracking page uses them, so page and messages say things alike), and
// [LanguageChain] gives the fallback order of a tag.
//
// # Branding
//
// [Branding] carries the shop's name, logo, colours, sender, support
// contacts, footer line and a TrackingURL function that returns the
// shipment's tracking link (for example a signed link to the tracking
// page). Only ShopName is required.
//
// # Preferences and consent
//
// The host implements [Preferences] over its customer data
// ([MemoryPreferences] keeps them in memory). [Prefs] hold the channels in
// order, the kinds opted out of, quiet hours in the recipient's time zone,
// a language override and the marketing consent.
//
// Marketing content — recommendations ("you might also like") and product
// care tips — is never shown without consent: [Renderer.Render] removes it
// from the data unless TemplateData.MarketingConsent is true, and the
// dispatcher does not even ask the hooks for it. An apology offer for a
// late parcel is not marketing and needs no consent.
//
// Opt-outs apply to the customer tracking kinds only; merchant messages and
// returns messages (which answer the customer's own request) are always
// sent, and so is any message with ActionRequired set.
//
// The shop's quiet window, DispatcherConfig.QuietHours (21:00 to 08:00 in
// each recipient's zone unless set; [NoQuietHours] switches it off), holds
// the same messages opt-outs apply to: customer tracking messages that
// require no action wait for its end, and merchant, returns and
// action-required messages go out at once. A recipient's own
// Prefs.QuietHours replace it and hold every message to them. The apology
// offer is made once per shipment: [Result].Offer says a message carried
// it, and [Message].OfferGiven keeps the dispatcher from adding another.
//
// # Hooks
//
// The host can add content from its own systems: a [Recommender] (products
// to cross-sell from the order), a [DelayOffer] (an apology offer for
// delayed and exception messages) and [CareTips] (after delivery). Each has
// a Func adapter. A failing hook never blocks a message: the dispatcher
// logs the failure and sends the message without that content.
//
// # Dispatcher
//
// A [Dispatcher] decides about one message at a time and sends it through
// the recipient's channels in preference order, stopping at the first that
// accepts it. It keeps no state per message, so the caller — usually an
// outbox — persists the [Result] and calls again when asked:
//
//	res := d.Dispatch(ctx, m, attempt) // attempt is the zero Attempt at first
//	switch {
//	case res.Outcome.Final():
//		// Sent, DeadLetter (res.Err says why), OptedOut or Suppressed: record it.
//	default:
//		// Deferred or Retry: store res.Next() and call again at res.NextAttempt.
//	}
//
// Quiet hours defer a message to their end and the per-recipient rate limit
// (x/time/rate, reserved on the injected clock) defers it until a token is
// free: deferred messages are never dropped. Temporary channel failures are
// retried with exponential backoff from backoff/v4 (the first retry within a
// minute, capped at an hour) until MaxAge (24 hours) after the first
// attempt, when the message is dead-lettered; an error wrapping
// [ErrPermanent] dead-letters it at once. Every decision is logged to the
// host's *slog.Logger with ids and kinds only: addresses never appear, even
// when a channel's error quotes them.
//
// # Testing
//
// Package notifytest provides a Recorder, a Notifier that records messages
// and can be told to fail, for the host's tests.
package notify
