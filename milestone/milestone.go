package milestone

import (
	"fmt"
	"time"
)

// Milestone is what a carrier scan means for the customer. The zero value is
// Unknown. String returns its name (such as "out_for_delivery") and Parse
// reads it back.
type Milestone uint8

// The milestones, in progress order from InfoReceived to Delivered, followed by
// the milestones that stand outside that order.
const (
	// Unknown means the scan could not be classified.
	Unknown Milestone = iota
	// InfoReceived means a label was created; the carrier does not have the parcel.
	InfoReceived
	// PickedUp means the carrier took possession of the parcel.
	PickedUp
	// InTransit means movement between pickup and the final delivery area.
	InTransit
	// ArrivedAtLocalFacility means the parcel is at the depot that delivers it.
	ArrivedAtLocalFacility
	// OutForDelivery means the parcel is on the vehicle for final delivery.
	OutForDelivery
	// DeliveryAttempted means a delivery attempt failed.
	DeliveryAttempted
	// AvailableForPickup means the parcel waits at a pickup point, locker or post office.
	AvailableForPickup
	// Delivered means the parcel was delivered (also to a neighbour, mailbox or safe place).
	Delivered
	// Exception means a problem: damage, loss, customs hold, address problem, refusal, delay.
	Exception
	// ReturnedToSender means the return to the sender started or completed.
	ReturnedToSender
	// Cancelled means the shipment or its label was cancelled.
	Cancelled
	// Noise is a carrier-internal scan with no news for the customer.
	Noise

	numMilestones = iota
)

var names = [numMilestones]string{
	Unknown:                "unknown",
	InfoReceived:           "info_received",
	PickedUp:               "picked_up",
	InTransit:              "in_transit",
	ArrivedAtLocalFacility: "arrived_at_local_facility",
	OutForDelivery:         "out_for_delivery",
	DeliveryAttempted:      "delivery_attempted",
	AvailableForPickup:     "available_for_pickup",
	Delivered:              "delivered",
	Exception:              "exception",
	ReturnedToSender:       "returned_to_sender",
	Cancelled:              "cancelled",
	Noise:                  "noise",
}

// All returns every milestone, Unknown first.
func All() []Milestone {
	out := make([]Milestone, numMilestones)
	for i := range out {
		out[i] = Milestone(i)
	}
	return out
}

// String returns the milestone's name, such as "out_for_delivery".
func (m Milestone) String() string {
	if int(m) < len(names) {
		return names[m]
	}
	return fmt.Sprintf("milestone(%d)", uint8(m))
}

// Valid reports whether m is one of the declared milestones.
func (m Milestone) Valid() bool { return int(m) < numMilestones }

// Parse returns the milestone with the given name. It returns an error wrapping
// ErrUnknownName for any other string.
func Parse(name string) (Milestone, error) {
	for i, n := range names {
		if n == name {
			return Milestone(i), nil
		}
	}
	return Unknown, fmt.Errorf("milestone: parse %q: %w", name, ErrUnknownName)
}

// ErrUnknownName is returned (wrapped) by Parse and UnmarshalText for a name
// that is not a milestone.
var ErrUnknownName = errorString("unknown milestone name")

type errorString string

func (e errorString) Error() string { return string(e) }

// Progress returns the milestone's rank in the journey's progress order:
// 1 for InfoReceived up to 8 for Delivered, and 0 for the milestones outside
// that order (Unknown, Exception, ReturnedToSender, Cancelled, Noise).
func (m Milestone) Progress() int {
	if m >= InfoReceived && m <= Delivered {
		return int(m)
	}
	return 0
}

// IsProgress reports whether m is part of the progress order.
func (m Milestone) IsProgress() bool { return m.Progress() > 0 }

// Before reports whether m comes strictly before o in the progress order. It
// is false when either is outside the order.
func (m Milestone) Before(o Milestone) bool {
	return m.IsProgress() && o.IsProgress() && m < o
}

// Terminal reports whether a shipment at m has ended its journey: Delivered,
// ReturnedToSender or Cancelled.
func (m Milestone) Terminal() bool {
	return m == Delivered || m == ReturnedToSender || m == Cancelled
}

// MarshalText implements encoding.TextMarshaler with the milestone's name.
func (m Milestone) MarshalText() ([]byte, error) {
	if !m.Valid() {
		return nil, fmt.Errorf("milestone: marshal %d: %w", uint8(m), ErrUnknownName)
	}
	return []byte(m.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler; it accepts the names Parse does.
func (m *Milestone) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Scan is one raw carrier event, as an adapter or webhook reports it.
type Scan struct {
	// Time is when the event happened, in the zone the carrier gave.
	Time time.Time
	// Carrier is the carrier id that reported the scan, such as "ups".
	Carrier string
	// Code is the carrier's own event or status code, if it has one.
	Code string
	// Description is the carrier's text for the event, in whatever language it used.
	Description string
	// Location is where the event happened, as the carrier wrote it (city, country).
	Location string
	// LocalTime is true when the carrier gave a wall-clock time without a zone
	// or offset. Time then holds that wall clock in UTC's location only as a
	// container; it is the local time at Location, not a UTC instant.
	LocalTime bool
}

// Classifier turns a scan into a milestone. Hosts implement it to replace the
// built-in knowledge entirely; to extend it, see the package documentation.
type Classifier interface {
	Classify(Scan) Milestone
}

// Explainer is a Classifier that also says how it decided: the detail,
// whether the customer must act, and the deciding rule. Knowledge
// implements it; a host classifier that does gets its details shown too.
type Explainer interface {
	Classifier
	Explain(Scan) Result
}

var _ Explainer = (*Knowledge)(nil)

// ClassifierFunc adapts a function to the Classifier interface.
type ClassifierFunc func(Scan) Milestone

// Classify calls f(s).
func (f ClassifierFunc) Classify(s Scan) Milestone { return f(s) }
