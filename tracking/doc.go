// Package tracking follows parcels: it keeps each shipment's scans, turns
// them into milestones, detects delays before the customer does and tells the
// customer and the merchant through the host's Notifier.
//
// # The Service
//
// A host builds one Service and registers shipments after checkout:
//
//	svc, err := tracking.New(tracking.Config{
//		Store:    memstore.New(),                  // or a SQL store
//		Carriers: carrier.NewRegistry(ups, dhl),   // adapters the host wires in
//		Notifier: sender,                          // the host's e-mail/SMS sender
//	})
//	err = svc.Track(ctx, tracking.Shipment{ID: "s1", Carrier: "ups", TrackingNumber: "1Z...", ...})
//
// Updates arrive by push (Ingest, WebhookHandler) or by polling (Tick, or Run
// in a goroutine). Status returns the shipment's state, milestone, estimate
// and timeline. Every Config field but Notifier has a default; Now is the
// clock, so tests drive time by hand.
//
// Ingest is idempotent by scan (the same time, code, description and location
// is the same scan) and scans may arrive in any order: the state depends on
// the set of scans, never on their arrival order.
//
// # States and reasons
//
// Every shipment has a State and a Reason:
//
//   - pending: registered, no scan beyond info_received.
//   - on_track: progress seen, no risk.
//   - at_risk: not_picked_up (no pickup scan 2 business days after
//     registration) or no_scans (after pickup, no scan of any kind for 2
//     business days; not while the parcel waits at a pickup point), or
//     predicted_late (the carrier gives no estimate and the shop's own
//     history, Config.Predict, expects the parcel after the promise; the
//     merchant's concern: no customer message).
//   - delayed: carrier_eta (the carrier's estimate is after PromisedBy) or
//     promise_missed (PromisedBy passed, neither delivered nor available for
//     pickup). A later estimate within the promise brings carrier_eta back to
//     on_track; a zero PromisedBy is never delayed.
//   - exception: carrier_exception, the latest scan (noise aside) is an
//     exception; a later progress scan leaves it.
//   - lost: silence, no scan of any kind for 10 business days.
//   - delivered (on_time or late: whether the earliest delivery, or the
//     earliest availability at a pickup point, came after PromisedBy),
//     returned, cancelled: terminal.
//
// When several conditions hold, the strongest wins: a terminal scan (returned
// > delivered > cancelled), then lost, exception, delayed (promise_missed >
// carrier_eta), at_risk (no_scans > not_picked_up), on_track. Business days
// are counted in the shipment's TimeZone (nil means UTC), Monday to Friday
// minus Config.Holidays, keeping the clock time (Friday 15:00 + 2 is Tuesday
// 15:00). All thresholds are in Config.Thresholds.
//
// The machine is a table of Transitions (see Transitions and Events): the
// facts of a shipment at a moment make one Event, and the row (state, event)
// gives the next state. The evaluation is a pure function of the shipment and
// the clock; it returns the new state and the messages to write with it:
//
//	stateDiagram-v2
//	    [*] --> pending
//	    pending --> returned: returned_scan
//	    on_track --> returned: returned_scan
//	    at_risk --> returned: returned_scan
//	    delayed --> returned: returned_scan
//	    exception --> returned: returned_scan
//	    lost --> returned: returned_scan
//	    pending --> delivered: delivered_scan
//	    on_track --> delivered: delivered_scan
//	    at_risk --> delivered: delivered_scan
//	    delayed --> delivered: delivered_scan
//	    exception --> delivered: delivered_scan
//	    lost --> delivered: delivered_scan
//	    pending --> cancelled: cancelled_scan
//	    on_track --> cancelled: cancelled_scan
//	    at_risk --> cancelled: cancelled_scan
//	    delayed --> cancelled: cancelled_scan
//	    exception --> cancelled: cancelled_scan
//	    lost --> cancelled: cancelled_scan
//	    pending --> lost: silence
//	    on_track --> lost: silence
//	    at_risk --> lost: silence
//	    delayed --> lost: silence
//	    exception --> lost: silence
//	    pending --> exception: exception_scan
//	    on_track --> exception: exception_scan
//	    at_risk --> exception: exception_scan
//	    delayed --> exception: exception_scan
//	    lost --> exception: exception_scan
//	    pending --> delayed: promise_missed, late_estimate
//	    on_track --> delayed: promise_missed, late_estimate
//	    at_risk --> delayed: promise_missed, late_estimate
//	    exception --> delayed: promise_missed, late_estimate
//	    lost --> delayed: promise_missed, late_estimate
//	    pending --> at_risk: predicted_late, stalled, not_picked_up
//	    on_track --> at_risk: predicted_late, stalled, not_picked_up
//	    delayed --> at_risk: predicted_late, stalled, not_picked_up
//	    exception --> at_risk: predicted_late, stalled, not_picked_up
//	    lost --> at_risk: predicted_late, stalled, not_picked_up
//	    pending --> on_track: progress
//	    at_risk --> on_track: progress
//	    delayed --> on_track: progress
//	    exception --> on_track: progress
//	    lost --> on_track: progress
//	    delivered --> returned: returned_scan
//	    cancelled --> delivered: delivered_scan
//	    cancelled --> returned: returned_scan
//	    delivered --> [*]
//	    returned --> [*]
//	    cancelled --> [*]
//
// # Messages
//
// Customer milestone messages (shipped, out_for_delivery, delivered, ...)
// come from the relevance policy, milestone.Policy (Config.Policy). The state
// machine adds: the customer's delayed message once per later estimated
// delivery date and once when the promise is missed; the merchant's
// not_picked_up, stalled (once per silence) and lost; not_found when the
// carrier keeps answering "not found" for Thresholds.NotFoundAfter after
// registration; and feedback_request Config.FeedbackAfter after delivery
// (-1 switches it off). Nothing but feedback is sent after a terminal state.
// Message IDs are stable (notify.MessageID over the shipment, the kind and
// the episode or estimate date). Every message is sent through one
// notify.Dispatcher: Config.Dispatcher, or one built from Config.Notifier
// with Config.Renderer, Config.Preferences (opt-outs, quiet hours,
// language), Config.QuietHours (the shop's quiet window, none unless set),
// Config.DelayOffer's apology offer on delayed and exception messages (once
// per shipment: the first message that carried it is kept in the
// shipment's memo, later ones are sent with Message.OfferGiven) and
// Config.Retry. Without a Renderer messages carry their data
// only, for hosts that render themselves. Merchant messages go to
// Config.Merchant. Messages about a return parcel (Shipment.ReturnID) carry
// the return's id in Message.ReturnID.
//
// # Outbox
//
// Messages are written to the store's outbox in the same store operation as
// the state change that caused them, guarded by the shipment's version; a
// writer that lost a race reloads and evaluates again. Ingest and the
// webhook handler then send what they wrote, and any retry this process
// scheduled that is due; Tick flushes the whole outbox, including messages a
// crashed process left behind once their lease ends. A failed send stays
// queued and is retried as the Dispatcher's notify.RetryPolicy says (by
// default: first retry after 30 seconds, capped at an hour, dead-lettered
// after 24 hours; at once for notify.ErrPermanent). A crash between sending
// and acknowledging can only resend the same Message.ID, which channels pass
// on as an idempotency key.
// A slow channel cannot make two processes send one message: a message is
// sent only while its lease has the send's bound (Config.SendTimeout, at
// most half the lease) and a tenth of Config.LeaseFor left, on the injected
// clock and on the wall clock; the rest of a batch that outlasts its lease
// is released and claimed again. Send errors are stored as they are logged,
// without addresses, phone numbers or credentials (URL queries, tokens,
// API keys).
//
// # Polling
//
// Tick claims the shipments that are due under a lease (several processes
// may share a store), polls those whose poll is due, in batches where the
// carrier supports carrier.BatchTracker, and applies the time rules. The next
// poll adapts (Config.Poll; the defaults in brackets): rarely before pickup
// [8 hours] and after a day without scans [8 hours, 12 after three days],
// far from the estimate or at a pickup point [16 hours], more often in
// transit, after a failed attempt or an exception [4 hours], often on the
// estimated delivery day and at the local facility on that day [90 minutes],
// most often out for delivery [1 hour], never after a terminal state; a short
// interval that ends at night (22:00 to 06:00 in the shipment's zone) waits
// for the morning. Webhook-fed shipments are polled every 24 hours only, as
// a safety net, and subscribed ones on the schedule of Push first. "Not
// found" answers are retried at growing intervals (1 hour doubling to 12
// hours); a *carrier.RateLimitError leaves that carrier alone
// for its RetryAfter, at most Config.Poll.RateLimitedMax [1 hour], and a
// call that runs out of Config.PollTimeout for Poll.RateLimited [1 minute].
//
// # Push first
//
// A carrier that can push (carrier.Subscriber: AfterShip, EasyPost, UPS
// Track Alert, USPS subscriptions, 17TRACK, carrier/sim with Config.Push)
// is asked to, and then polled only as a safety net. Track stores the
// shipment with a pending subscription and returns at once; the next Tick,
// which makes the carrier calls anyway, subscribes it before polling it (an
// answer that carries the carrier's data replaces the first poll). The
// carrier then pushes to the host's WebhookHandler. Status reports the
// subscription in View.Subscription (SubscriptionState, the carrier's id,
// expiry, the next call, failures and the last error, the last push with
// news) and the next poll in View.NextPoll.
//
//   - A failed Subscribe is retried after Config.Poll.ErrorFirst, doubling
//     up to ErrorMax (NotFoundFirst up to NotFoundMax while the carrier does
//     not know the number yet); after Poll.SubscribeAttempts [10] failures
//     in a row, an unauthorized account or a permanent error the
//     subscription is SubscriptionFailed, and errors.ErrUnsupported makes it
//     SubscriptionUnsupported. A shipment that is not subscribed is polled
//     on the adaptive schedule, so a failed subscription loses nothing.
//   - A subscription with an expiry is renewed Poll.ResubscribeBefore [24
//     hours] ahead of it; an expiry the carrier gives at or before the
//     moment it answers, or after 2199, counts as none.
//   - A terminal state (delivered, returned, cancelled) unsubscribes;
//     errors.ErrUnsupported (a carrier whose pushes end on their own) and
//     carrier.ErrNotFound count as done, temporary failures and rate limits
//     are retried five times.
//   - The safety net of a subscribed shipment: a poll once the carrier has
//     told nothing new for Poll.Subscribed [24 hours], by push or poll (a
//     lost webhook, a subscription the carrier dropped); every
//     Poll.SubscribedDeliveryDay [2 hours] from the midnight starting the
//     estimated delivery day and at the local facility, until out for
//     delivery is known (a lost out-for-delivery push is found before the
//     delivery's push makes it news of the past); every
//     Poll.SubscribedOutForDelivery [4 hours] out for delivery or after a
//     failed attempt. The night rule applies.
//
// Pushes are ingested like any update: idempotent by scan, in any order,
// duplicates harmless. In BenchmarkPollingSimulation (10,000 journeys, 60%
// of them on a carrier that pushes, the rest polled on the defaults) the
// Service asks the carriers 13.2 times per shipment, subscribing and
// unsubscribing included, against 41.0 for a poller asking every 2 hours
// (3.1 times fewer), and tells shipped, out for delivery, delivered and
// delayed a median 11 to 13 minutes after the scan or revision (the poller:
// 59 to 65). With 10% of the webhooks lost the medians stay within 15
// minutes and every shipment's last message is sent; 3 out-for-delivery
// messages are not, where both that push and the one before it were lost
// and the delivery's push came before a safety-net poll (the relevance
// policy then tells the delivery only).
//
// # Odd input
//
// Carriers' data is taken as it is meant, not as it is broken. Text (scan
// codes, descriptions, locations, the shipment's order id, names) is
// cleaned once as it comes in (store.CleanText: valid UTF-8, no NUL or
// control characters but tab and newline, at most 2 KiB); IDs and tracking
// numbers that are not clean text are refused (ErrInvalid), and an update
// for such a number is for no known shipment. A scan dated more than
// MaxScanSkew after the clock is stored as dated but counts as seen when it
// arrived; scans and estimates dated outside 1970-2199 are ignored. An
// estimate counts only from an update at least as new as the one that set
// the current estimate (by its newest scan), so redelivered webhooks and
// lagging polls do not roll it back.
//
// What a schedule costs and buys: BenchmarkPollingSimulation follows 10,000
// simulated journeys. The defaults ask the carrier about half as often as a
// poller asking every 2 hours and tell out for delivery and delivered sooner
// than it; EconomyPoll asks a third as often and still tells those two about
// as soon. A carrier's revised estimate, though, is only seen on the next
// poll: it comes at no predictable moment of the transit, so a schedule that
// polls a parcel in transit less often than every 2 hours tells the delay
// later than the 2-hour poller does (about 2 hours with the defaults, 9 with
// EconomyPoll, in the simulation). Where that matters, use a carrier that
// pushes (see Push first) or feed the shipment by webhook
// (Shipment.WebhookFed): a pushed revision is told at once.
//
// # The shop's side
//
// Besides Track and Status, the host changes, stops, finds and hears about
// its shipments:
//
//   - Update corrects a promise, the recipient, the time zone, or the
//     carrier and tracking number (detected with carrier.Detect when no
//     carrier is given; a number Detect says is another carrier's than the
//     one given is refused). The shipment is re-evaluated at once: a new
//     promise already missed tells the customer of the delay, never twice.
//     A corrected number starts polling over, moves a push subscription and
//     keeps the old number's scans apart (stored, not counted, not in the
//     timeline). ShipmentChange.IfVersion (View.Version) makes the change
//     optimistic: a shipment changed since it was read is
//     ErrVersionConflict.
//   - Cancel stops a shipment (order cancelled, parcel replaced): no more
//     polls or messages, pending messages withdrawn, subscription ended,
//     reason kept. A cancelled, delivered or returned shipment cannot be
//     updated (ErrShipmentClosed).
//   - List finds shipments by state, reason, carrier, order, recipient,
//     e-mail, tracking number (spaces, dashes and case aside), action
//     required, not found, registration and last-change time, or those
//     that need attention (at risk, delayed, exception, lost, action
//     required, not found, a dead letter), most recently changed first,
//     in pages with a cursor that belongs to its query (ErrBadCursor
//     otherwise). OrderStatus shows an order's parcels together ("2 of 3
//     parcels delivered"), and messages about an order that ships in
//     several parcels say which one ("parcel 2 of 3", notify.TemplateData's
//     Parcel and Parcels).
//   - Every change of state or milestone, every message sent or given up,
//     and every Update and Cancel is a ShipmentEvent, written in the same
//     store transaction as the change. Events reads the stream with a
//     cursor; with Config.OnEvent, Run delivers it at least once, in order,
//     storing its position and retrying a failing handler with a backoff,
//     so the shop keeps its own order database current without polling
//     Status.
//   - DeadLetters lists the messages given up, with their attempts and
//     last error (without addresses, phone numbers or credentials);
//     ReplayDeadLetter queues one again, DiscardDeadLetter gives it up for
//     good. Resend queues a copy of a shipment's last message of a kind.
//     Messages lists every message about one shipment, whatever became of
//     it (pending, sent, dead, withdrawn, discarded), newest first.
//
// # Storage
//
// The Store interface lives in tracking/store, the in-memory default in
// tracking/memstore, and tracking/storetest is the conformance kit every
// store runs.
//
// # Personal data
//
// EraseCustomer removes the names, e-mail addresses and phone numbers of a
// customer's shipments and messages, and the stored send errors of the
// messages. Logs carry shipment, message and
// customer ids, states and milestones, never addresses, e-mails or phones.
package tracking
