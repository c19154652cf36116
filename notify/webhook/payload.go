package webhook

import (
	"strings"
	"time"
	"unicode/utf8"

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
//	  "carrier": "dhl",               // carrier id; omitted when empty, like every field below
//	  "tracking_number": "00340434…",
//	  "tracking_url": "https://…",    // the link the message shows
//	  "action_required": true,        // the recipient must act (omitted when false)
//	  "pickup_location": "Packstation 105, Berlin",
//	  "return_id": "r1", "refund_amount": "€49.90",
//	  "label_url": "https://…", "note": "…",
//	  "short_text": "…",              // one or two sentences for SMS or chat
//	  "subject": "…", "text": "…", "html": "…",
//	  "created_at": "2026-03-02T09:00:00Z"
//	}
//
// A bridge builds its message from the structured fields, or sends
// short_text as it is: the message in the recipient's language, without the
// e-mail's greeting and footer, at most 160 characters where it fits (see
// ShortText). text and html are the e-mail renderings.
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
	// Carrier is the carrier id ("dhl") and TrackingNumber its number.
	Carrier        string `json:"carrier,omitempty"`
	TrackingNumber string `json:"tracking_number,omitempty"`
	// TrackingURL is the link to follow the shipment, as the message shows it.
	TrackingURL string `json:"tracking_url,omitempty"`
	// ActionRequired is true when the recipient must act: pay duties,
	// correct the address, collect the parcel, send a return with its label.
	ActionRequired bool `json:"action_required,omitempty"`
	// PickupLocation is where the parcel waits to be collected, as one line.
	PickupLocation string `json:"pickup_location,omitempty"`
	// ReturnID names the return of a returns message or a return parcel.
	ReturnID string `json:"return_id,omitempty"`
	// RefundAmount is the refund as the shop shows it ("€49.90").
	RefundAmount string `json:"refund_amount,omitempty"`
	// LabelURL is the return label.
	LabelURL string `json:"label_url,omitempty"`
	// Note is a free text for the recipient, such as why a return was
	// rejected.
	Note string `json:"note,omitempty"`
	// ShortText is the message for SMS or chat; see ShortText.
	ShortText string `json:"short_text,omitempty"`
	// Subject, Text and HTML are the rendered message; Text and HTML are the
	// e-mail's, with greeting and footer.
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
		Detail:         m.Detail,
		Reason:         m.Reason,
		Carrier:        m.Carrier,
		TrackingNumber: m.TrackingNumber,
		TrackingURL:    m.TrackingURL,
		ActionRequired: actionRequired(m),
		PickupLocation: m.PickupLocation,
		ReturnID:       m.ReturnID,
		RefundAmount:   m.RefundAmount,
		LabelURL:       m.LabelURL,
		Note:           m.Note,
		ShortText:      ShortText(m),
		Subject:        m.Subject,
		Text:           m.Text,
		HTML:           m.HTML,
		CreatedAt:      m.CreatedAt.UTC(),
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

// ShortMax is the length ShortText keeps to where it can: one SMS of 160
// characters.
const ShortMax = 160

// ShortText returns m as one or two sentences for SMS or chat, in the
// message's language: the rendered subject as a sentence, then where the
// parcel waits (PickupLocation), then the link to act on (LabelURL, else
// TrackingURL). It has no greeting and no footer. When the whole is longer
// than ShortMax characters it leaves out the pickup location, then the
// subject's end, but never the link: a longer text with a working link
// beats a short one without. "" when m has no subject (it was not
// rendered).
func ShortText(m notify.Message) string {
	subject := strings.Join(strings.Fields(m.Subject), " ")
	if subject == "" {
		return ""
	}
	link := m.LabelURL
	if link == "" {
		link = m.TrackingURL
	}
	pickup := strings.Join(strings.Fields(m.PickupLocation), " ")
	sentence := func(s string) string {
		if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "…") {
			return s
		}
		return s + "."
	}
	join := func(parts ...string) string {
		var b strings.Builder
		for _, p := range parts {
			if p == "" {
				continue
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(p)
		}
		return b.String()
	}
	if pickup != "" {
		if s := join(sentence(strings.TrimRight(subject, ".:")+": "+pickup), link); utf8.RuneCountInString(s) <= ShortMax {
			return s
		}
	}
	s := join(sentence(subject), link)
	if n := utf8.RuneCountInString(s); n > ShortMax {
		// Cut the subject at a word so that the text with its link fits.
		room := ShortMax - utf8.RuneCountInString(link) - 2 // " " and "…"
		if link == "" {
			room = ShortMax - 1
		}
		if room > 0 {
			r := []rune(subject)
			if len(r) > room {
				cut := string(r[:room])
				if i := strings.LastIndexByte(cut, ' '); i > 0 {
					cut = cut[:i]
				}
				s = join(strings.TrimRight(cut, " ,;:–-")+"…", link)
			}
		}
	}
	return s
}

// actionRequired reports whether m's recipient must act, as the renderer
// decides it: Message.ActionRequired, and always for a parcel waiting for
// pickup and for a return label.
func actionRequired(m notify.Message) bool {
	return m.ActionRequired || m.Kind == notify.KindAvailableForPickup || m.Kind == notify.KindReturnLabel
}
