package returns

import (
	"slices"

	"github.com/wismo-dev/wismo/returns/store"
)

// The records a Store keeps are the types of package returns/store, so that
// stores (returns/memstore, returns/returnsql, the host's own) need not
// import this package. They are aliases: a returns.Return is a
// store.Return, with its methods (Clone, Validate, Value, Active) and
// constants documented there.
type (
	// Return is one return request and where it stands.
	Return = store.Return
	// Item is one returned line of an order.
	Item = store.Item
	// Label is the return label a carrier issued.
	Label = store.Label
	// Exchange is the parcel that brings the replacement items to the
	// customer.
	Exchange = store.Exchange
	// Pending is a message written with a state change and not sent yet.
	Pending = store.Pending
	// State is where a return stands. The zero value is not a state; Open
	// makes a return StateRequested.
	State = store.State
	// Reason is why the customer returns an item.
	Reason = store.Reason
	// Method is how the customer sends the items back.
	Method = store.Method
	// Outcome is what the shop decides for one item after inspection.
	Outcome = store.Outcome
)

// The states (see store.State).
const (
	StateRequested   = store.StateRequested
	StateApproved    = store.StateApproved
	StateRejected    = store.StateRejected
	StateLabelIssued = store.StateLabelIssued
	StateInTransit   = store.StateInTransit
	StateReceived    = store.StateReceived
	StateInspected   = store.StateInspected
	StateRefunded    = store.StateRefunded
	StateExchanged   = store.StateExchanged
	StateStoreCredit = store.StateStoreCredit
	StateCancelled   = store.StateCancelled
	StateExpired     = store.StateExpired
)

// The reasons (see store.Reason).
const (
	ReasonDamaged        = store.ReasonDamaged
	ReasonWrongItem      = store.ReasonWrongItem
	ReasonNotAsDescribed = store.ReasonNotAsDescribed
	ReasonTooSmall       = store.ReasonTooSmall
	ReasonTooLarge       = store.ReasonTooLarge
	ReasonChangedMind    = store.ReasonChangedMind
	ReasonOther          = store.ReasonOther
)

// The methods (see store.Method).
const (
	MethodCarrierDropoff = store.MethodCarrierDropoff
	MethodPickupPoint    = store.MethodPickupPoint
	MethodInStore        = store.MethodInStore
)

// The outcomes (see store.Outcome). The zero value means "not inspected yet".
const (
	OutcomeNone        = store.OutcomeNone
	OutcomeRefund      = store.OutcomeRefund
	OutcomeExchange    = store.OutcomeExchange
	OutcomeStoreCredit = store.OutcomeStoreCredit
	OutcomeRejected    = store.OutcomeRejected
)

// States returns every state in journey order.
func States() []State { return store.States() }

// Reasons returns every reason.
func Reasons() []Reason { return store.Reasons() }

// Methods returns every method.
func Methods() []Method { return store.Methods() }

// Outcomes returns every outcome (not OutcomeNone).
func Outcomes() []Outcome { return store.Outcomes() }

// The errors of package returns/store, which the Service returns (wrapped)
// as the store gave them.
var (
	// ErrNotFound is returned (wrapped) for a return ID no stored return has.
	ErrNotFound = store.ErrNotFound
	// ErrConflict is returned (wrapped) by a store's Update when another writer
	// won; the Service retries with the fresh return.
	ErrConflict = store.ErrConflict
	// ErrInvalid is returned (wrapped) for a return that lacks required
	// fields or carries values outside their lists (Return.Validate).
	ErrInvalid = store.ErrInvalid
)

// ParcelID returns the tracking Service's shipment id of the return parcel of
// the return with id returnID.
func ParcelID(returnID string) string { return "return:" + returnID }

func anyOutcome(r Return, o Outcome) bool {
	return slices.ContainsFunc(r.Items, func(it Item) bool { return it.Outcome == o })
}
