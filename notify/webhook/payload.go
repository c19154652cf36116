package webhook

import (
	"time"

	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
)

// Version is the version of the JSON payload this package sends and accepts.
// Fields may be added within a version; removing or changing the meaning of a
// field increments it.
const Version = 1

// Payload is the JSON body of a webhook, version 1:
//
//	{
//	  "version": 1,
//	  "id": "msg_…",                  // notify.Message.ID; also the Idempotency-Key header
//	  "kind": "delayed",
//	  "audience": "customer",
//	  "shipment_id": "s1",            // omitted when empty
//	  "order_id": "o1",               // omitted when empty
//	  "recipient": {                  // id, locale and time_zone always; name, email,
//	    "id": "c1", "locale": "de-DE",//   phone only when the host opts in (Config.Include)
//	    "time_zone": "Europe/Berlin", "phone": "+49…"
//	  },
//	  "milestone": "exception",       // omitted when unknown
//	  "detail": "weather",            // omitted when empty
//	  "eta": "2026-03-05T18:00:00Z",  // RFC 3339; omitted when unknown
//	  "reason": "carrier_eta",
//	  "subject": "…", "text": "…", "html": "…",
//	  "created_at": "2026-03-02T09:00:00Z"
//	}
//
// Receivers must ignore fields they do not know.
type Payload struct {
	// Version is the payload version; see the Version constant.
	Version int `json:"version"`
	// ID is the message id: stable across retries, so receivers deduplicate by it.
	ID string `json:"id"`
	// Kind is what the message is about, such as "delayed".
	Kind notify.Kind `json:"kind"`
	// Audience is "customer" or "merchant".
	Audience notify.Audience `json:"audience"`
	// ShipmentID and OrderID name what the message is about.
	ShipmentID string `json:"shipment_id,omitempty"`
	OrderID    string `json:"order_id,omitempty"`
	// Recipient carries the fields the sender opted into.
	Recipient Recipient `json:"recipient"`
	// Milestone and Detail are the milestone that caused the message, if any.
	Milestone milestone.Milestone `json:"milestone,omitempty"`
	Detail    milestone.Detail    `json:"detail,omitempty"`
	// ETA is the delivery estimate with the sender's UTC offset, nil when
	// unknown.
	ETA *time.Time `json:"eta,omitempty"`
	// Reason is the state machine's reason, such as "carrier_eta".
	Reason string `json:"reason,omitempty"`
	// Subject, Text and HTML are the rendered message.
	Subject string `json:"subject,omitempty"`
	Text    string `json:"text,omitempty"`
	HTML    string `json:"html,omitempty"`
	// CreatedAt is when the message was decided.
	CreatedAt time.Time `json:"created_at"`
}

// Recipient is the recipient part of a Payload. Name, Email and Phone are
// present only when the sender's Config.Include opts into them.
type Recipient struct {
	ID       string `json:"id,omitempty"`
	Name     string `json:"name,omitempty"`
	Email    string `json:"email,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Locale   string `json:"locale,omitempty"`
	TimeZone string `json:"time_zone,omitempty"`
}

// Field selects personal recipient fields to include in a Payload. Combine
// them with |.
type Field uint8

// The personal fields a sender may include.
const (
	IncludeName Field = 1 << iota
	IncludeEmail
	IncludePhone
)

// NewPayload returns the version 1 payload for m, with the personal recipient
// fields selected by include. CreatedAt is converted to UTC; ETA keeps its
// offset, so a receiver can show the local delivery day.
func NewPayload(m notify.Message, include Field) Payload {
	p := Payload{
		Version:    Version,
		ID:         m.ID,
		Kind:       m.Kind,
		Audience:   m.Audience,
		ShipmentID: m.ShipmentID,
		OrderID:    m.OrderID,
		Recipient: Recipient{
			ID:       m.Recipient.ID,
			Locale:   m.Recipient.Locale,
			TimeZone: m.Recipient.TimeZone,
		},
		Detail:    m.Detail,
		Reason:    m.Reason,
		Subject:   m.Subject,
		Text:      m.Text,
		HTML:      m.HTML,
		CreatedAt: m.CreatedAt.UTC(),
	}
	if m.Milestone.Valid() {
		p.Milestone = m.Milestone
	}
	if include&IncludeName != 0 {
		p.Recipient.Name = m.Recipient.Name
	}
	if include&IncludeEmail != 0 {
		p.Recipient.Email = m.Recipient.Email
	}
	if include&IncludePhone != 0 {
		p.Recipient.Phone = m.Recipient.Phone
	}
	if !m.ETA.IsZero() {
		eta := m.ETA
		p.ETA = &eta
	}
	return p
}
