// Package returns runs return requests with a reassuring message at every
// step: an eligibility policy the shop configures, a state machine written
// as a data table, return labels from the carrier's optional
// carrier.ReturnLabeler, the return parcel followed by the tracking Service,
// and storage behind a small interface, returns/store.Store.
//
// A host builds one Service next to its tracking Service:
//
//	rs, err := returns.New(returns.Config{
//		Store:     memstore.New(),              // returns/memstore, or returns/returnsql
//		Tracking:  trackingService,             // delivery times, return parcels
//		Carriers:  carrier.NewRegistry(dhl),    // label carriers
//		Warehouse: warehouseAddress,            // where parcels go
//		Notifier:  sender, Renderer: renderer,  // the host's channel and templates
//		Policy:    returns.Policy{WindowDays: 30},
//	})
//	r, decision, err := rs.Request(ctx, returns.Return{ID: "r1", OrderID: "o1", ShipmentID: "s1", ...})
//	r, err = rs.IssueLabel(ctx, "r1")
//	err = rs.Sync(ctx) // after the tracking Service's Tick: moves returns along their parcels
//
// # The state machine
//
// A return is requested, then approved or rejected by the shop (or approved
// at once by the policy), gets a label, travels, is received, inspected and
// settled. The customer may cancel it before the parcel travels; an unused
// label expires. The machine is the table Transitions: each row names a
// state, an event, the next state, an optional pure guard and the message
// kinds the step writes. Next(r, ev, now) is a pure function that returns
// the new return and its Notices; a step the table does not allow returns a
// *TransitionError (From, Event) wrapping ErrInvalidTransition. A repeated
// step (received twice) is a row to the same state: it changes nothing and
// writes nothing. Every other (state, event) pair is refused.
//
// Settlement reflects the items' outcomes with one rule, the most money
// back wins: refunded when any item is refunded, else exchanged when any is
// exchanged, else store_credit when any got store credit, else rejected
// (every item rejected). The items keep their own outcomes.
//
//	stateDiagram-v2
//	    [*] --> requested
//	    requested --> approved: approve
//	    requested --> rejected: reject
//	    requested --> cancelled: cancel
//	    approved --> label_issued: issue_label [label]
//	    approved --> received: receive [in store]
//	    approved --> cancelled: cancel
//	    label_issued --> in_transit: ship
//	    label_issued --> received: receive
//	    label_issued --> cancelled: cancel
//	    label_issued --> expired: expire [label expired]
//	    in_transit --> received: receive
//	    received --> inspected: inspect [every item has an outcome]
//	    inspected --> refunded: settle [any refund]
//	    inspected --> exchanged: settle [no refund, any exchange]
//	    inspected --> store_credit: settle [no refund or exchange, any store credit]
//	    inspected --> rejected: settle [every item rejected]
//	    rejected --> [*]
//	    refunded --> [*]
//	    exchanged --> [*]
//	    store_credit --> [*]
//	    cancelled --> [*]
//	    expired --> [*]
//
// # Policy
//
// Policy.Check(r, deliveredAt, now) decides about a request and returns a
// Decision: Eligible, AutoApprove, the Fee and every Problem with the item
// and the rule it breaks. The return window starts at the outbound
// shipment's delivery (from tracking's View.DeliveredAt) and ends at the
// end of the day WindowDays later in the customer's time zone
// (Recipient.TimeZone, else Policy.TimeZone): delivered 10 March 18:00 in
// Berlin with a 14-day window, a request is accepted until 24 March
// 23:59:59.999999999 Berlin time. Items or categories can be
// non-returnable, reasons can need a photo or a manual inspection, fees go
// by method and reason, and AutoApprove approves eligible requests for
// listed reasons and methods up to a value. A partial return lists only
// the items that go back; each problem names its item.
//
// # Labels and tracking
//
// IssueLabel asks the label carrier (Config.LabelCarrier, or the outbound
// shipment's) for a label through carrier.ReturnLabeler; a carrier without
// it returns an error wrapping errors.ErrUnsupported. The return parcel is
// then registered with the tracking Service like any shipment, with the id
// ParcelID(returnID) and tracking.Shipment.ReturnID set, so polling,
// webhooks and classification work as for outbound parcels. Sync reads each parcel's status: a scan showing the
// carrier has the parcel (picked up or later) moves the return to
// in_transit, the delivery scan (at the warehouse) to received, and a label
// that expired without a carrier scan expires the return. The tracking
// Service's own messages about return parcels carry the return's id in
// Message.ReturnID and are not meant for the customer: wrap its notifier
// with WithoutParcelMessages.
//
// # Notifications
//
// Each step writes its messages with the state change, in the same Store
// write, then sends them through one notify.Dispatcher: Config.Dispatcher
// (with the recipient's preferences, quiet hours and rate limits), or one
// built from Config.Notifier, Config.Renderer (notify's built-in templates in
// en, de, fr, nl, es, it and pl) and Config.Retry:
// return_requested, return_approved, return_rejected, return_label,
// return_in_transit, return_received, refund_issued (also for store
// credit, with Reason "store_credit") and exchange_shipped. Cancellation,
// expiry and inspection send nothing. Message ids are stable,
// notify.MessageID(returnID, kind), and a kind is written at most once per
// return, so retried steps never send twice. A failed send stays in the
// return's outbox and is retried by a later Sync when the Dispatcher's
// retry policy says (notify.RetryPolicy: first after 30 seconds, doubling,
// at most an hour apart); after a permanent failure or when the policy
// gives up (24 hours, or Retry.MaxAttempts attempts) it moves to
// Return.Failed. Sending is at least once: a crash between the
// send and its record, or two processes flushing the same return at once,
// can only repeat the same message ID, which channels use as an
// idempotency key.
//
// # Storage
//
// Storage is laid out like tracking's. Package returns/store defines the
// Store interface and the records it keeps; Return, Item, Label, Exchange,
// Pending, State, Reason, Method and Outcome here are aliases of its types,
// and ErrNotFound, ErrConflict and ErrInvalid its errors. A Store has five
// methods: Create (idempotent by ID), Get, Update with an optimistic
// version (a lost race returns an error wrapping ErrConflict and the
// Service retries with the fresh return), ListActive and ListByShipment.
// returns/memstore is the default; returns/returnsql keeps returns in
// PostgreSQL or SQLite through database/sql; returns/returnstest is the
// conformance kit every Store runs.
//
// Optional interfaces, found by type assertion:
//
//   - store.CustomerEraser: EraseCustomer removes a customer's personal
//     data (Erase) for GDPR requests; Service.EraseCustomer uses it and
//     returns an error wrapping errors.ErrUnsupported for stores without
//     it.
//
// Logs carry return, order, message and customer ids, never names,
// addresses, e-mails or phone numbers.
package returns
