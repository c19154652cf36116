package store

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/notify"
)

// ListParams is the input of ListShipments. Every set filter must match; an
// empty slice, string or nil pointer, a zero time or a false flag filters
// nothing.
type ListParams struct {
	// States and Reasons: the shipment's State (Reason) is one of them.
	States, Reasons []string
	// Carrier, OrderID and RecipientID match exactly; Email matches the
	// recipient's e-mail address case-insensitively (both lower-cased with
	// strings.ToLower).
	Carrier, OrderID, RecipientID, Email string
	// TrackingNumber, when not empty, matches the shipment's tracking
	// number as NumberKey writes both: "1z 999-aa1" finds "1Z999AA1".
	TrackingNumber string
	// ActionRequired, when set, matches Shipment.ActionRequired; NotFound,
	// when set, Shipment.NotFound.
	ActionRequired, NotFound *bool
	// CreatedAfter and UpdatedAfter are inclusive, CreatedBefore and
	// UpdatedBefore exclusive: a half-open range [after, before).
	CreatedAfter, CreatedBefore, UpdatedAfter, UpdatedBefore time.Time
	// NeedsAttention keeps the shipments whose State is one of
	// AttentionStates, or that are ActionRequired or NotFound, or that have
	// a dead outbox message (OutboxDead; not a discarded one).
	NeedsAttention  bool
	AttentionStates []string
	// AfterUpdatedAt and AfterID, when AfterID is not empty, start the page
	// after that key in list order (UpdatedAt descending, ID ascending).
	AfterUpdatedAt time.Time
	AfterID        string
	// Limit is the most shipments returned; it must be positive.
	Limit int
}

// EmailKey is the form in which stores compare e-mail addresses.
func EmailKey(email string) string { return strings.ToLower(email) }

// NumberKey is the form in which stores compare tracking numbers
// (ListParams.TrackingNumber): without spaces, tabs, line breaks and
// dashes, ASCII letters in capitals, the normalisation carrier.Detect
// applies. Other characters are kept as they are.
func NumberKey(number string) string {
	var b strings.Builder
	b.Grow(len(number))
	for i := 0; i < len(number); i++ {
		switch c := number[i]; {
		case c == ' ' || c == '-' || c == '\t' || c == '\n' || c == '\r':
		case c >= 'a' && c <= 'z':
			b.WriteByte(c - 'a' + 'A')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Match reports whether sh passes every filter of p and comes after p's
// key; deadLetter says whether sh has a dead outbox message. Stores that
// filter in memory use it; SQL stores express the same in their queries.
func (p ListParams) Match(sh *Shipment, deadLetter bool) bool {
	switch {
	case len(p.States) > 0 && !slices.Contains(p.States, sh.State),
		len(p.Reasons) > 0 && !slices.Contains(p.Reasons, sh.Reason),
		p.Carrier != "" && sh.Carrier != p.Carrier,
		p.OrderID != "" && sh.OrderID != p.OrderID,
		p.RecipientID != "" && sh.Recipient.ID != p.RecipientID,
		p.Email != "" && EmailKey(sh.Recipient.Email) != EmailKey(p.Email),
		p.TrackingNumber != "" && NumberKey(sh.TrackingNumber) != NumberKey(p.TrackingNumber),
		p.ActionRequired != nil && sh.ActionRequired != *p.ActionRequired,
		p.NotFound != nil && sh.NotFound != *p.NotFound,
		!p.CreatedAfter.IsZero() && sh.CreatedAt.Before(p.CreatedAfter),
		!p.CreatedBefore.IsZero() && !sh.CreatedAt.Before(p.CreatedBefore),
		!p.UpdatedAfter.IsZero() && sh.UpdatedAt.Before(p.UpdatedAfter),
		!p.UpdatedBefore.IsZero() && !sh.UpdatedAt.Before(p.UpdatedBefore):
		return false
	}
	if p.NeedsAttention && !slices.Contains(p.AttentionStates, sh.State) && !sh.ActionRequired && !sh.NotFound && !deadLetter {
		return false
	}
	if p.AfterID != "" && CompareListOrder(sh.UpdatedAt, sh.ID, p.AfterUpdatedAt, p.AfterID) <= 0 {
		return false
	}
	return true
}

// CompareListOrder compares two shipments' keys in ListShipments order:
// UpdatedAt descending, then ID ascending. It returns a negative number when
// the first comes first.
func CompareListOrder(updatedA time.Time, idA string, updatedB time.Time, idB string) int {
	return cmp.Or(updatedB.Compare(updatedA), strings.Compare(idA, idB))
}

// Event is one entry of the store's event stream: a change the host hears
// about. The tracking package defines the types and the Data; a store keeps
// every field as given and sets Seq.
type Event struct {
	// Seq is the event's place in the stream, set by the store: it grows
	// with every event, in the order the events became visible; it may skip
	// numbers.
	Seq int64
	// ID is unique; an event whose ID is stored already is not added again.
	ID string
	// Type names the event, such as EventMessageSent.
	Type string
	// ShipmentID and OrderID say what the event is about.
	ShipmentID, OrderID string
	// At is when it happened.
	At time.Time
	// Data is the rest of the event as JSON, kept byte for byte.
	Data []byte
}

// The event types a store writes itself, for AckOutbox and a dead
// RetryOutbox. The tracking package names the others.
const (
	EventMessageSent = "message_sent"
	EventMessageDead = "message_dead"
)

// MessageEventData is the Data of the events a store writes for an outbox
// message, as JSON.
type MessageEventData struct {
	MessageID   string `json:"message_id"`
	MessageKind string `json:"message_kind"`
	Audience    string `json:"audience,omitempty"`
}

// MessageEvent returns the event a store appends when message m is sent
// (typ EventMessageSent) or dead-lettered (EventMessageDead) at at: its ID is
// the message ID, a slash and the type, so the event is written once per
// message and type; ShipmentID and OrderID are the message's; Data is
// MessageEventData as JSON.
func MessageEvent(typ string, m notify.Message, at time.Time) Event {
	data, _ := json.Marshal(MessageEventData{MessageID: m.ID, MessageKind: string(m.Kind), Audience: string(m.Audience)})
	return Event{ID: m.ID + "/" + typ, Type: typ, ShipmentID: m.ShipmentID, OrderID: m.OrderID, At: at, Data: data}
}

// OutboxQuery is the input of ListOutbox. Every set filter must match.
type OutboxQuery struct {
	// Status, when set, is the status of the messages listed.
	Status OutboxStatus
	// ShipmentID and Kind, when set, match the message's.
	ShipmentID string
	Kind       notify.Kind
	// DeadAfter (inclusive) and DeadBefore (exclusive) bound DeadAt; a
	// message without DeadAt never matches a set bound.
	DeadAfter, DeadBefore time.Time
	// BeforeSeq, when positive, lists messages whose Seq is below it: pass
	// the last Seq of a page to get the next one.
	BeforeSeq int64
	// Limit is the most messages returned; it must be positive.
	Limit int
}

// Match reports whether m passes every filter of q, its keyset bound
// included. Stores that filter in memory use it.
func (q OutboxQuery) Match(m *OutboxMessage) bool {
	switch {
	case q.Status != "" && m.Status != q.Status,
		q.ShipmentID != "" && m.Message.ShipmentID != q.ShipmentID,
		q.Kind != "" && m.Message.Kind != q.Kind,
		!q.DeadAfter.IsZero() && (m.DeadAt.IsZero() || m.DeadAt.Before(q.DeadAfter)),
		!q.DeadBefore.IsZero() && (m.DeadAt.IsZero() || !m.DeadAt.Before(q.DeadBefore)),
		q.BeforeSeq > 0 && m.Seq >= q.BeforeSeq:
		return false
	}
	return true
}
