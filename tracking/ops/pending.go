package ops

// The types and sentinels below stand in for those the issue 19 design adds
// to package tracking; they are replaced by tracking's own once those land.

import (
	"errors"
	"time"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
)

var (
	errVersionConflict = errors.New("tracking: shipment changed since it was read")
	errShipmentClosed  = errors.New("tracking: shipment is cancelled or finished")
	errBadCursor       = errors.New("tracking: cursor does not belong to this query")
	errUnknownMessage  = errors.New("tracking: unknown message")
)

type listQuery struct {
	States                                                   []tracking.State
	Reasons                                                  []tracking.Reason
	Carrier, OrderID, RecipientID, Email                     string
	ActionRequired                                           *bool
	CreatedAfter, CreatedBefore, UpdatedAfter, UpdatedBefore time.Time
	NeedsAttention                                           bool
	Limit                                                    int
	Cursor                                                   string
}

type listPage struct {
	Shipments []tracking.View
	Next      string
}

type orderView struct {
	OrderID          string
	Shipments        []tracking.View
	Delivered, Total int
	State            tracking.State
}

type deadLetterQuery struct {
	ShipmentID            string
	Kind                  notify.Kind
	DeadAfter, DeadBefore time.Time
	Limit                 int
	Cursor                string
}

type deadLetterPage struct {
	DeadLetters []deadLetter
	Next        string
}

type deadLetter struct {
	ID, ShipmentID string
	Kind           notify.Kind
	Attempts       int
	LastError      string
	DeadAt         time.Time
	Message        notify.Message
}

type shipmentChange struct {
	IfVersion      int64
	PromisedBy     *time.Time
	Recipient      *notify.Recipient
	TimeZone       *string
	Carrier        *string
	TrackingNumber *string
	Reason         string
}

// viewExtra reads the fields the design adds to tracking.View.
func viewExtra(v tracking.View) (version int64, created, updated, cancelled time.Time, cancelReason string, parcel, parcels int) {
	return 0, time.Time{}, time.Time{}, time.Time{}, "", 0, 0
}
