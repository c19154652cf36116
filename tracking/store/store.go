package store

import (
	"context"
	"errors"
	"time"

	"github.com/wismo-dev/wismo/notify"
)

var (
	// ErrNotFound is returned (wrapped) when a shipment or outbox message does
	// not exist.
	ErrNotFound = errors.New("store: not found")
	// ErrConflict is returned (wrapped) by UpdateShipment when the shipment's
	// version is no longer the one the caller read: another writer won. The
	// caller reloads the shipment and tries again. RetryOutbox returns it when
	// the caller no longer holds the message's lease.
	ErrConflict = errors.New("store: version conflict")
	// ErrInvalidTransition is returned (wrapped) when an outbox message is
	// not in the status an operation moves it from: ReviveOutbox of a
	// message that is not dead, DiscardOutbox of one that is neither dead
	// nor discarded. Nothing is written.
	ErrInvalidTransition = errors.New("store: invalid status transition")
)

// Store keeps shipments, their scans and the outbox of messages to send. Every
// method must be safe for concurrent use by several goroutines and, for
// shared stores such as SQL databases, by several processes.
//
// Invariants every implementation keeps (tracking/storetest checks them):
//   - CreateShipment is idempotent by ID; scans are unique by ScanKey.
//   - UpdateShipment is all or nothing: the shipment's new fields, its new scans,
//     its outbox messages and its events are written together, and only when the stored
//     version equals the given one; otherwise nothing is written and the error
//     wraps ErrConflict. Each successful write increments Version by one.
//   - An outbox message and an event are inserted at most once per ID.
//   - Events get their Seq in the order their writes become visible: a
//     reader that has seen Seq n never later finds a new event below n.
//   - A claimed shipment or message is leased to one owner until the lease
//     ends; no two callers hold the same lease at once, and an expired lease
//     can be claimed again (a crashed worker's work is picked up).
//   - Every text a store is given by the tracking Service is clean
//     (CleanText: valid UTF-8, no NUL or other C0 control character but tab
//     and newline, at most MaxTextBytes): a store may rely on that, and
//     must keep all such text byte for byte. Keys that are not clean text
//     (an ID, a tracking number) never reach it. The one exception is
//     Shipment.Metadata, the host's data kept verbatim: a store keeps any
//     keys and values there (sqlstore stores them as JSON, which escapes a
//     NUL and turns invalid UTF-8 into U+FFFD).
type Store interface {
	// CreateShipment stores a new shipment with Version 1 and reports whether
	// it was created. A zero UpdatedAt is stored as CreatedAt. A shipment with the same ID that already exists is left
	// unchanged: created is false and err is nil.
	CreateShipment(ctx context.Context, sh *Shipment) (created bool, err error)
	// GetShipment returns a copy of the shipment, or an error wrapping ErrNotFound.
	GetShipment(ctx context.Context, id string) (*Shipment, error)
	// FindByTrackingNumber returns copies of the shipments with that carrier and
	// tracking number, ordered by ID; none is not an error.
	FindByTrackingNumber(ctx context.Context, carrier, trackingNumber string) ([]*Shipment, error)
	// Scans returns the shipment's scans ordered by Time, then ScanKey. An
	// unknown shipment returns an error wrapping ErrNotFound.
	Scans(ctx context.Context, shipmentID string) ([]Scan, error)
	// AppendScans adds scans not stored yet (by ScanKey) and returns how many
	// it added; when it adds any, the shipment's Version grows by one.
	AppendScans(ctx context.Context, shipmentID string, scans []Scan) (added int, err error)
	// UpdateShipment writes p.Shipment if the stored version equals
	// p.Shipment.Version, together with p.Scans (idempotent by ScanKey),
	// p.Outbox (idempotent by message ID) and p.Events (idempotent by event
	// ID, each given the next Seq), and returns the new version. Every
	// field is written but the ID, CreatedAt and the lease: a corrected
	// Carrier and TrackingNumber are (FindByTrackingNumber then finds the
	// shipment under the new key only, its stored scans stay); a lease is
	// released only through p.ReleaseLease. A stale version returns an error wrapping ErrConflict and
	// writes nothing.
	UpdateShipment(ctx context.Context, p UpdateParams) (version int64, err error)
	// ClaimDue leases up to p.Max shipments whose DueAt is set and not after
	// p.Now and whose lease is free or expired, oldest DueAt first (then ID),
	// to p.Owner until p.Now+p.LeaseFor, and returns copies of them.
	ClaimDue(ctx context.Context, p ClaimDueParams) ([]*Shipment, error)
	// ClaimOutbox leases up to p.Max pending messages whose NextAttemptAt is
	// not after p.Now and whose lease is free or expired, oldest NextAttemptAt
	// first (then Seq, the insertion order), to p.Owner until p.Now+p.LeaseFor.
	ClaimOutbox(ctx context.Context, p ClaimOutboxParams) ([]OutboxMessage, error)
	// AckOutbox marks a message sent. It succeeds whoever holds the lease (a
	// sent message is sent); an unknown ID returns an error wrapping ErrNotFound.
	// In the same transaction it appends the message's EventMessageSent event
	// (see MessageEvent), once per message however often it is acknowledged.
	AckOutbox(ctx context.Context, id string, sentAt time.Time) error
	// RetryOutbox records a failed attempt: it increments Attempts (unless
	// Deferred), stores LastError, releases the lease and either schedules the
	// message for NextAttemptAt or, with Dead, moves it to the dead letters
	// (final: failed for good, or not to be sent, such as opted out). The caller
	// must hold the lease (Owner), else the error wraps ErrConflict. A dead
	// message gets DeadAt = p.At and, in the same transaction, its
	// EventMessageDead event (see MessageEvent).
	RetryOutbox(ctx context.Context, p RetryParams) error
	// EraseCustomer removes the name, email and phone of every shipment and
	// outbox message whose recipient ID is customerID, blanks the LastError
	// of those messages whatever their status (a channel's error may quote
	// the address), and dead-letters that customer's pending messages
	// (nothing can be sent without an address; they get no DeadAt and no
	// EventMessageDead event). It returns the number of shipments erased.
	// An empty customerID is an error.
	EraseCustomer(ctx context.Context, customerID string) (shipments int, err error)

	// ListShipments returns copies of up to p.Limit shipments matching every
	// filter of p, ordered by UpdatedAt descending, then ID ascending,
	// starting after the key (p.AfterUpdatedAt, p.AfterID) when p.AfterID is
	// set (keyset pagination: pass the last shipment's UpdatedAt and ID to
	// get the next page). A shipment that is not changed during a walk is
	// returned exactly once. p.Limit must be positive.
	ListShipments(ctx context.Context, p ListParams) ([]*Shipment, error)
	// ListEvents returns up to max events whose Seq is greater than after,
	// in Seq order. max must be positive.
	ListEvents(ctx context.Context, after int64, max int) ([]Event, error)
	// LoadCursor returns the Seq saved under name, 0 if none was saved.
	LoadCursor(ctx context.Context, name string) (int64, error)
	// SaveCursor saves seq under name (a consumer's position in the event
	// stream), replacing what was saved unless that is greater: a position
	// never moves backwards, also when two processes deliver the stream at
	// once and the slower one saves last. name must not be empty.
	SaveCursor(ctx context.Context, name string, seq int64) error
	// ListOutbox returns up to q.Limit messages matching q, newest first
	// (Seq descending), starting below q.BeforeSeq when it is set.
	ListOutbox(ctx context.Context, q OutboxQuery) ([]OutboxMessage, error)
	// ReviveOutbox moves a dead message back to pending: Attempts 0, DeadAt
	// zero, NextAttemptAt now, lease free; LastError is kept until the next
	// attempt. A message that is not dead returns an error wrapping
	// ErrInvalidTransition, an unknown one ErrNotFound.
	ReviveOutbox(ctx context.Context, id string, now time.Time) error
	// WithdrawOutbox moves every pending message of the shipment, leased or
	// not, to OutboxWithdrawn (never to be sent) and returns how many it
	// moved. An unknown shipment returns an error wrapping ErrNotFound.
	WithdrawOutbox(ctx context.Context, shipmentID string) (n int, err error)
	// DiscardOutbox moves a dead message to OutboxDiscarded, kept for audit
	// and never sent. Discarding a discarded message succeeds and changes
	// nothing; any other status returns an error wrapping
	// ErrInvalidTransition, an unknown ID ErrNotFound.
	DiscardOutbox(ctx context.Context, id string) error
}

// Shipment is the stored record of a tracked shipment.
type Shipment struct {
	ID, OrderID, Carrier, TrackingNumber string
	// Recipient is whom the customer messages go to; Recipient.ID is the key
	// of EraseCustomer.
	Recipient notify.Recipient
	// PromisedBy is the promised delivery time; zero means no promise.
	PromisedBy time.Time
	// TimeZone is the IANA name of the shipment's zone; empty means UTC.
	TimeZone string
	// Service, Origin and Destination describe the shipment (optional).
	Service, Origin, Destination string
	// Metadata is the host's own data, kept verbatim.
	Metadata map[string]string
	// CreatedAt is when the shipment was registered.
	CreatedAt time.Time
	// UpdatedAt is the shipment's last change as the tracking package
	// defines it; ListShipments orders by it. Stores keep the instant (SQL
	// stores return it in UTC).
	UpdatedAt time.Time
	// ActionRequired says the recipient must act (a scan asked them to).
	ActionRequired bool
	// NotFound says the carrier has no data for the number yet past the
	// tracking package's grace period.
	NotFound bool
	// CancelledAt is when the shipment was cancelled, zero if it was not;
	// CancelReason is the reason given.
	CancelledAt  time.Time
	CancelReason string

	// State and Reason are the delay state machine's state and reason.
	State, Reason string
	// Milestone is the name of the shipment's current milestone.
	Milestone string
	// ETA is the carrier's current delivery estimate; zero if none.
	ETA time.Time
	// Active is false once the shipment needs no more work.
	Active bool
	// DueAt is when the shipment next needs attention (a poll or a time rule);
	// zero means never.
	DueAt time.Time
	// Memo is the tracking package's private bookkeeping, kept verbatim.
	Memo []byte
	// Subscription is the shipment's push subscription with its carrier
	// (carrier.Subscriber); the zero value means none. Stores keep it as
	// given, like the other fields.
	Subscription Subscription

	// Version grows by one with every write (optimistic concurrency).
	Version int64
	// LeaseOwner and LeaseUntil describe the current claim, if any.
	LeaseOwner string
	LeaseUntil time.Time
}

// Subscription is the stored state of a shipment's push subscription. The
// tracking package names the states (tracking.SubscriptionState); a store
// keeps every field as given. Times are kept to the microsecond at least.
type Subscription struct {
	// State is where the subscription stands, such as "pending" or
	// "active"; empty means none.
	State string
	// ID is the carrier's id of the subscription; empty if it gives none.
	ID string
	// Since is when the carrier last accepted the subscription; zero if never.
	Since time.Time
	// ExpiresAt is when the carrier stops pushing on its own; zero if it
	// does not say.
	ExpiresAt time.Time
	// NextAttemptAt is when the next subscribe, resubscribe or unsubscribe
	// call is due; zero if none is.
	NextAttemptAt time.Time
	// Attempts counts the consecutive failed calls.
	Attempts int
	// LastError is the last failed call's error; empty after a success.
	LastError string
}

// Scan is one stored carrier event with its classification.
type Scan struct {
	Time                                 time.Time
	Carrier, Code, Description, Location string
	LocalTime                            bool
	Milestone, Detail                    string
	ActionRequired                       bool
	// SeenAt is when the scan was first stored.
	SeenAt time.Time
}

// Key returns the scan's unique key: the same time, code, description and
// location are the same scan.
func (s Scan) Key() ScanKey {
	return ScanKey{Time: s.Time.UnixNano(), Code: s.Code, Description: s.Description, Location: s.Location}
}

// ScanKey identifies a scan within a shipment.
type ScanKey struct {
	Time                        int64 // Unix nanoseconds
	Code, Description, Location string
}

// UpdateParams is the input of UpdateShipment.
type UpdateParams struct {
	// Shipment is the new record; its Version is the version the caller read.
	Shipment *Shipment
	// Scans are appended, skipping ones already stored.
	Scans []Scan
	// Outbox messages are inserted, skipping IDs already present.
	Outbox []OutboxMessage
	// Events are appended in this order, skipping IDs already present; the
	// store sets their Seq. Every event needs an ID.
	Events []Event
	// ReleaseLease, when not empty, clears the shipment's lease if that owner holds it.
	ReleaseLease string
}

// ClaimDueParams is the input of ClaimDue.
type ClaimDueParams struct {
	Now      time.Time
	Owner    string
	Max      int
	LeaseFor time.Duration
}

// ClaimOutboxParams is the input of ClaimOutbox.
type ClaimOutboxParams struct {
	Now      time.Time
	Owner    string
	Max      int
	LeaseFor time.Duration
}

// RetryParams is the input of RetryOutbox.
type RetryParams struct {
	ID, Owner     string
	NextAttemptAt time.Time
	LastError     string
	// Dead gives the message up: it is never claimed again.
	Dead bool
	// Deferred says no send was attempted (quiet hours, a rate limit), so
	// Attempts stays as it is.
	Deferred bool
	// At is when the attempt ended: the DeadAt of a Dead message and the At
	// of its EventMessageDead event.
	At time.Time
}

// OutboxStatus is where an outbox message stands.
type OutboxStatus string

// The outbox statuses.
const (
	OutboxPending OutboxStatus = "pending"
	OutboxSent    OutboxStatus = "sent"
	OutboxDead    OutboxStatus = "dead"
	// OutboxWithdrawn is a message that was pending when its shipment was
	// cancelled (WithdrawOutbox); it is never sent.
	OutboxWithdrawn OutboxStatus = "withdrawn"
	// OutboxDiscarded is a dead message an operator gave up on
	// (DiscardOutbox), kept for audit.
	OutboxDiscarded OutboxStatus = "discarded"
)

// OutboxMessage is a message waiting to be sent (or sent, or dead).
type OutboxMessage struct {
	// Message is the message; Message.ID is the outbox key.
	Message notify.Message
	// Seq is set by the store on insert and grows with every inserted
	// message, so that messages due at the same time are sent in the order
	// they were written.
	Seq    int64
	Status OutboxStatus
	// Attempts counts failed sends.
	Attempts      int
	NextAttemptAt time.Time
	LastError     string
	SentAt        time.Time
	// DeadAt is when the message was dead-lettered (RetryParams.At); zero
	// unless it is dead or discarded.
	DeadAt     time.Time
	LeaseOwner string
	LeaseUntil time.Time
}
