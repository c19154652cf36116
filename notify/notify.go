package notify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/wismo-dev/wismo/milestone"
)

// Kind is what a message is about. Its value is the kind's name, such as
// "out_for_delivery".
type Kind string

// Customer kinds.
const (
	KindShipped                Kind = "shipped"
	KindArrivedAtLocalFacility Kind = "arrived_at_local_facility"
	KindOutForDelivery         Kind = "out_for_delivery"
	KindDeliveryAttempted      Kind = "delivery_attempted"
	KindAvailableForPickup     Kind = "available_for_pickup"
	KindDelivered              Kind = "delivered"
	KindException              Kind = "exception"
	KindReturnedToSender       Kind = "returned_to_sender"
	KindDelayed                Kind = "delayed"
	KindFeedbackRequest        Kind = "feedback_request"
)

// Merchant kinds.
const (
	KindNotPickedUp Kind = "not_picked_up"
	KindStalled     Kind = "stalled"
	KindLost        Kind = "lost"
	// KindNotFound tells the merchant that a carrier kept answering "not found"
	// for a registered shipment.
	KindNotFound Kind = "not_found"
)

// Returns kinds.
const (
	KindReturnRequested Kind = "return_requested"
	KindReturnApproved  Kind = "return_approved"
	KindReturnRejected  Kind = "return_rejected"
	KindReturnLabel     Kind = "return_label"
	KindReturnInTransit Kind = "return_in_transit"
	KindReturnReceived  Kind = "return_received"
	KindRefundIssued    Kind = "refund_issued"
	KindExchangeShipped Kind = "exchange_shipped"
)

// String returns the kind's name.
func (k Kind) String() string { return string(k) }

// Audience is who a message is for.
type Audience string

// The audiences.
const (
	Customer Audience = "customer"
	Merchant Audience = "merchant"
)

// String returns "customer" or "merchant".
func (a Audience) String() string { return string(a) }

// Recipient is who receives a message.
type Recipient struct {
	// ID is the host's customer id; preferences and erasure are keyed by it.
	ID string
	// Name is the name to address the recipient with.
	Name string
	// Email and Phone are the recipient's addresses; either may be empty.
	Email, Phone string
	// Locale is a BCP 47 language tag such as "de-DE"; empty means English.
	Locale string
	// TimeZone is the recipient's IANA zone name, such as "Europe/Berlin";
	// empty means the shipment's zone.
	TimeZone string
}

// Message is one notification, rendered and ready to send.
type Message struct {
	// ID is stable: the same event always produces the same ID, so channels
	// can pass it on as an idempotency key.
	ID       string
	Kind     Kind
	Audience Audience
	// ShipmentID and OrderID name what the message is about.
	ShipmentID, OrderID string
	Recipient           Recipient
	// Milestone and Detail are the milestone that caused the message, if any.
	Milestone milestone.Milestone
	Detail    milestone.Detail
	// ETA is the current delivery estimate; zero if unknown.
	ETA time.Time
	// Reason is the state machine's reason, such as "carrier_eta".
	Reason string
	// Subject, Text and HTML are rendered from templates.
	Subject, Text, HTML string
	// CreatedAt is when the message was decided.
	CreatedAt time.Time

	// Carrier is the carrier id ("dhl") and TrackingNumber its number.
	Carrier, TrackingNumber string
	// TrackingURL is the link to follow the shipment; when empty the
	// renderer asks Branding.TrackingURL.
	TrackingURL string
	// ActionRequired is true when the recipient must act (pay duties,
	// correct the address, collect the parcel).
	ActionRequired bool
	// PickupLocation is where the parcel waits to be collected, as one line.
	PickupLocation string
	// ReturnID names the return for returns kinds; RefundAmount is the
	// refund as the shop shows it ("€49.90"); LabelURL is the return label;
	// Note is a free text for the recipient, such as why a return was
	// rejected. All may be empty.
	ReturnID, RefundAmount, LabelURL, Note string
	// OfferGiven says an apology offer was already made for this shipment:
	// the Dispatcher adds none (it does not ask DispatcherConfig.DelayOffer).
	// tracking sets it on every delayed and exception message after the one
	// that carried the offer, so a shipment gets one offer however often it
	// is delayed.
	OfferGiven bool
	// Parcel and Parcels say which of its order's parcels the message is
	// about ("parcel 2 of 3"): the parcel's place (1-based) and the
	// order's number of parcels. Both are 0 when the order ships in one
	// parcel; tracking sets them when it sends.
	Parcel, Parcels int
}

// Notifier sends a message through the host's channel. Notify must be safe to
// call again with the same Message.ID after a failure; a channel that supports
// idempotency keys should pass the ID on. Return an error wrapping
// ErrPermanent for failures that no retry can fix.
type Notifier interface {
	Notify(ctx context.Context, m Message) error
}

// NotifierFunc adapts a function to the Notifier interface.
type NotifierFunc func(ctx context.Context, m Message) error

// Notify calls f(ctx, m).
func (f NotifierFunc) Notify(ctx context.Context, m Message) error { return f(ctx, m) }

// MessageID returns a stable message id derived from parts (for example the
// shipment id, the kind and an episode number): the same parts always give
// the same id.
func MessageID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return "msg_" + hex.EncodeToString(h.Sum(nil)[:12])
}

// ErrPermanent marks a send failure that no retry can fix (an invalid address,
// a rejected recipient). A Notifier wraps it with %w; the dispatcher
// dead-letters such messages at once instead of retrying.
var ErrPermanent = errors.New("notify: permanent failure")
