package store

import (
	"fmt"
	"slices"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/notify"
	tstore "github.com/wismo-dev/wismo/tracking/store"
)

// State is where a return stands. The zero value is not a state;
// returns.Open makes a return StateRequested.
type State string

// The states.
const (
	// StateRequested: the customer asked; the shop has not decided.
	StateRequested State = "requested"
	// StateApproved: the shop accepted the request.
	StateApproved State = "approved"
	// StateRejected: the shop refused the request, or refused every item at
	// inspection (final).
	StateRejected State = "rejected"
	// StateLabelIssued: the carrier issued a return label.
	StateLabelIssued State = "label_issued"
	// StateInTransit: the carrier has the return parcel.
	StateInTransit State = "in_transit"
	// StateReceived: the items arrived at the warehouse or the shop.
	StateReceived State = "received"
	// StateInspected: the shop decided each item's outcome.
	StateInspected State = "inspected"
	// StateRefunded: settled, at least one item refunded (final).
	StateRefunded State = "refunded"
	// StateExchanged: settled, no refund, at least one item exchanged (final).
	StateExchanged State = "exchanged"
	// StateStoreCredit: settled with store credit only, apart from rejected items (final).
	StateStoreCredit State = "store_credit"
	// StateCancelled: the customer withdrew the return before shipping it (final).
	StateCancelled State = "cancelled"
	// StateExpired: the label's expiry passed without a carrier scan (final).
	StateExpired State = "expired"
)

// States returns every state in journey order.
func States() []State {
	return []State{StateRequested, StateApproved, StateRejected, StateLabelIssued, StateInTransit,
		StateReceived, StateInspected, StateRefunded, StateExchanged, StateStoreCredit,
		StateCancelled, StateExpired}
}

// String returns the state's name.
func (s State) String() string { return string(s) }

// Final reports whether the return is closed: rejected, refunded,
// exchanged, store_credit, cancelled or expired.
func (s State) Final() bool {
	switch s {
	case StateRejected, StateRefunded, StateExchanged, StateStoreCredit, StateCancelled, StateExpired:
		return true
	}
	return false
}

// Reason is why the customer returns an item.
type Reason string

// The reasons.
const (
	ReasonDamaged        Reason = "damaged"
	ReasonWrongItem      Reason = "wrong_item"
	ReasonNotAsDescribed Reason = "not_as_described"
	ReasonTooSmall       Reason = "too_small"
	ReasonTooLarge       Reason = "too_large"
	ReasonChangedMind    Reason = "changed_mind"
	ReasonOther          Reason = "other"
)

// Reasons returns every reason.
func Reasons() []Reason {
	return []Reason{ReasonDamaged, ReasonWrongItem, ReasonNotAsDescribed, ReasonTooSmall,
		ReasonTooLarge, ReasonChangedMind, ReasonOther}
}

// Valid reports whether r is one of Reasons.
func (r Reason) Valid() bool { return slices.Contains(Reasons(), r) }

// Method is how the customer sends the items back.
type Method string

// The methods.
const (
	// MethodCarrierDropoff: the customer hands the parcel to the carrier
	// (counter, locker, pickup) with a return label.
	MethodCarrierDropoff Method = "carrier_dropoff"
	// MethodPickupPoint: the customer drops the parcel at a pickup point,
	// also with a return label.
	MethodPickupPoint Method = "pickup_point"
	// MethodInStore: the customer brings the items to a shop; no label, no
	// parcel to track.
	MethodInStore Method = "in_store"
)

// Methods returns every method.
func Methods() []Method { return []Method{MethodCarrierDropoff, MethodPickupPoint, MethodInStore} }

// Valid reports whether m is one of Methods.
func (m Method) Valid() bool { return slices.Contains(Methods(), m) }

// NeedsLabel reports whether the method ships a parcel with a return label.
func (m Method) NeedsLabel() bool { return m != MethodInStore }

// Outcome is what the shop decides for one item after inspection.
type Outcome string

// The outcomes. The zero value means "not inspected yet".
const (
	OutcomeNone        Outcome = ""
	OutcomeRefund      Outcome = "refund"
	OutcomeExchange    Outcome = "exchange"
	OutcomeStoreCredit Outcome = "store_credit"
	OutcomeRejected    Outcome = "rejected"
)

// Outcomes returns every outcome (not OutcomeNone).
func Outcomes() []Outcome {
	return []Outcome{OutcomeRefund, OutcomeExchange, OutcomeStoreCredit, OutcomeRejected}
}

// Valid reports whether o is one of Outcomes.
func (o Outcome) Valid() bool { return slices.Contains(Outcomes(), o) }

// Item is one returned line of an order.
type Item struct {
	// SKU identifies the product; it is unique within a return. Required.
	SKU string
	// Name is the product's name as the customer saw it.
	Name string
	// Category is the shop's product category, for the policy's
	// non-returnable categories.
	Category string
	// Quantity is how many units go back. Required, at least 1.
	Quantity int
	// UnitPrice is the price of one unit in minor units (cents) of the
	// return's Currency, for the policy's auto-approval limit. Zero if
	// unknown.
	UnitPrice int64
	// Reason is why the item goes back. Required.
	Reason Reason
	// Note is the customer's own words; may be empty.
	Note string
	// PhotoURLs show the problem (a damaged item); the policy may require them.
	PhotoURLs []string
	// Outcome is the shop's decision after inspection; OutcomeNone before.
	Outcome Outcome
}

// Label is the return label a carrier issued.
type Label struct {
	// Carrier is the carrier id and TrackingNumber the return parcel's number.
	Carrier, TrackingNumber string
	// URL is where the customer downloads the label; may be empty.
	URL string
	// ExpiresAt is when an unused label stops being valid; zero means never.
	ExpiresAt time.Time
}

// Exchange is the parcel that brings the replacement items to the customer.
type Exchange struct {
	// Carrier is the carrier id, TrackingNumber the parcel's number.
	Carrier, TrackingNumber string
	// ETA is the expected delivery; zero if unknown.
	ETA time.Time
}

// Pending is a message written with a state change and not sent yet.
type Pending struct {
	// Message is the message; Message.ID is stable.
	Message notify.Message
	// Attempts counts failed sends; LastError is the last failure.
	Attempts  int
	LastError string
	// NextAttemptAt is when to try again after a failure or a deferral
	// (quiet hours, rate limit); zero means at once.
	NextAttemptAt time.Time
}

// Return is one return request and where it stands.
type Return struct {
	// ID is the host's unique id of the return. Required.
	ID string
	// OrderID is the order the items came from. Required.
	OrderID string
	// ShipmentID is the tracking Service's id of the original outbound
	// shipment; its delivery time opens the return window.
	ShipmentID string
	// Customer receives the messages. Customer.TimeZone is the zone the
	// return window is counted in.
	Customer notify.Recipient
	// Items are the returned items (a partial return lists only some of the
	// order's items). At least one is required.
	Items []Item
	// Method is how the items go back. Defaults to MethodCarrierDropoff.
	Method Method
	// From is the address the return parcel leaves from, the label's
	// sender. Personal data: stores keep it, logs never show it.
	From carrier.Address

	// State is where the return stands.
	State State
	// DeliveredAt is when the outbound shipment was delivered. The returns
	// Service's Request fills it from the tracking Service when it is zero; a host that does not
	// track the outbound shipment sets it itself.
	DeliveredAt time.Time
	// Currency is the ISO 4217 code ("EUR") of every amount of the return:
	// the items' UnitPrice, Fee and Refund, all int64 minor units (cents).
	// Empty if the shop does not say; messages then show the bare number.
	Currency string
	// Fee is the return fee the policy charged, in minor units (cents).
	Fee int64
	// AutoApproved is true when the policy approved the return on request.
	AutoApproved bool
	// Label is the return label; zero until issued.
	Label Label
	// ParcelID is the tracking Service's id of the return parcel (see
	// returns.ParcelID); empty until the label is issued.
	ParcelID string
	// Note is the shop's word to the customer, such as why it rejected the return.
	Note string
	// Refund is the refund or store credit in minor units (cents) of
	// Currency, set on settlement; 0 if none or not said. The refund_issued
	// message shows it in the customer's language (returns.FormatMoney).
	Refund int64
	// Exchange is the replacement parcel, set on settlement when an item is exchanged.
	Exchange Exchange

	// CreatedAt is when the return was requested; UpdatedAt its last change.
	CreatedAt, UpdatedAt time.Time
	// ApprovedAt, LabelIssuedAt, InTransitAt, ReceivedAt, InspectedAt and
	// ClosedAt are when the return entered those states (ClosedAt: any
	// final state); zero if it has not.
	ApprovedAt, LabelIssuedAt, InTransitAt, ReceivedAt, InspectedAt, ClosedAt time.Time

	// Failed holds the messages given up on (a permanent failure, or
	// the retry policy gave up), with their last error.
	Failed []Pending
	// Notified lists the ids of every message ever written for the return,
	// so no kind is written twice.
	Notified []string
	// Outbox holds the messages written and not sent yet.
	Outbox []Pending
	// Version grows by one with every stored write (optimistic concurrency).
	Version int64
}

// Clone returns a deep copy of r.
func (r Return) Clone() Return {
	c := r
	c.Items = slices.Clone(r.Items)
	for i := range c.Items {
		c.Items[i].PhotoURLs = slices.Clone(r.Items[i].PhotoURLs)
	}
	c.Notified = slices.Clone(r.Notified)
	c.Outbox = slices.Clone(r.Outbox)
	c.Failed = slices.Clone(r.Failed)
	return c
}

// Validate checks the fields a request must have: ID, OrderID, at least one
// item, each with a SKU (unique), a quantity of at least 1 and a valid
// reason, a valid method (empty means carrier drop-off), and keys (ID,
// OrderID, ShipmentID, Customer.ID) that are clean text (tracking/store.CleanText).
// It returns an error wrapping ErrInvalid.
func (r Return) Validate() error {
	switch {
	case r.ID == "":
		return fmt.Errorf("%w: empty ID", ErrInvalid)
	case r.OrderID == "":
		return fmt.Errorf("%w: return %s: empty OrderID", ErrInvalid, r.ID)
	case len(r.Items) == 0:
		return fmt.Errorf("%w: return %s: no items", ErrInvalid, r.ID)
	case r.Method != "" && !r.Method.Valid():
		return fmt.Errorf("%w: return %s: unknown method %q", ErrInvalid, r.ID, r.Method)
	case r.Currency != "" && !isCurrencyCode(r.Currency):
		return fmt.Errorf("%w: return %s: Currency %q is not an ISO 4217 code such as \"EUR\"", ErrInvalid, r.ID, tstore.CleanText(r.Currency))
	case r.Refund < 0:
		return fmt.Errorf("%w: return %s: negative Refund %d", ErrInvalid, r.ID, r.Refund)
	case !tstore.IsCleanText(r.ID) || !tstore.IsCleanText(r.OrderID) || !tstore.IsCleanText(r.ShipmentID) || !tstore.IsCleanText(r.Customer.ID):
		// Keys go into stores as they are (PostgreSQL refuses NUL).
		return fmt.Errorf("%w: return %q: ID, OrderID, ShipmentID or Customer.ID is not clean text (store.CleanText)", ErrInvalid, tstore.CleanText(r.ID))
	}
	seen := map[string]bool{}
	for i, it := range r.Items {
		switch {
		case it.SKU == "":
			return fmt.Errorf("%w: return %s: item %d: empty SKU", ErrInvalid, r.ID, i)
		case seen[it.SKU]:
			return fmt.Errorf("%w: return %s: item %s listed twice", ErrInvalid, r.ID, it.SKU)
		case it.Quantity < 1:
			return fmt.Errorf("%w: return %s: item %s: quantity %d", ErrInvalid, r.ID, it.SKU, it.Quantity)
		case !it.Reason.Valid():
			return fmt.Errorf("%w: return %s: item %s: unknown reason %q", ErrInvalid, r.ID, it.SKU, it.Reason)
		case it.Outcome != OutcomeNone && !it.Outcome.Valid():
			return fmt.Errorf("%w: return %s: item %s: unknown outcome %q", ErrInvalid, r.ID, it.SKU, it.Outcome)
		}
		seen[it.SKU] = true
	}
	return nil
}

// Value returns the items' total value in minor units (UnitPrice times Quantity).
func (r Return) Value() int64 {
	var v int64
	for _, it := range r.Items {
		v += it.UnitPrice * int64(it.Quantity)
	}
	return v
}

// Active reports whether a stored return still needs work: it is not in a
// final state or still has messages to send.
func (r Return) Active() bool { return !r.State.Final() || len(r.Outbox) > 0 }

// isCurrencyCode reports whether s is three capital ASCII letters, the
// shape of an ISO 4217 code.
func isCurrencyCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := range len(s) {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
