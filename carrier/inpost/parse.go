package inpost

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/milestone"
)

// trackingResponse is the answer of GET /v1/tracking/{tracking_number}, as
// far as wismo reads it. ShipX answers errors with the same keys at the top
// level ({"status": 404, "error": "resource_not_found", "description": ...}),
// so status is read raw: a string in a tracking answer, a number in an error.
type trackingResponse struct {
	TrackingNumber  string           `json:"tracking_number"`
	Service         string           `json:"service"`
	Status          json.RawMessage  `json:"status"`
	TrackingDetails []trackingDetail `json:"tracking_details"`
	Error           string           `json:"error"`
	Description     string           `json:"description"`
	Message         string           `json:"message"`
}

// trackingDetail is one entry of tracking_details: status is the ShipX
// status name (GET /v1/statuses), origin_status InPost's internal event code.
type trackingDetail struct {
	Status       string          `json:"status"`
	OriginStatus string          `json:"origin_status"`
	Agency       json.RawMessage `json:"agency"`
	Location     json.RawMessage `json:"location"`
	Datetime     string          `json:"datetime"`
}

// apiError is the ShipX error body.
type apiError struct {
	Status      json.RawMessage `json:"status"`
	Error       string          `json:"error"`
	Description string          `json:"description"`
	Message     string          `json:"message"`
}

// parse reads a 200 answer of the tracking resource for number n. It
// returns the update, how many details it skipped (no readable datetime, or
// neither status nor origin_status), and an error wrapping
// carrier.ErrNotFound or carrier.ErrMalformed (also for an answer whose
// tracking_number is another number than n).
func parse(body []byte, n string) (*carrier.Update, int, error) {
	var r trackingResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, 0, fmt.Errorf("inpost: track %s: response is not the documented JSON: %v: %w", n, err, carrier.ErrMalformed)
	}
	if r.Error != "" && len(r.TrackingDetails) == 0 {
		text := strings.TrimSpace(r.Error + " " + r.Description + " " + r.Message)
		return nil, 0, kit.APIError("inpost: track "+n, r.Error == "resource_not_found", []string{text})
	}
	if r.TrackingNumber == "" && r.TrackingDetails == nil {
		return nil, 0, fmt.Errorf("inpost: track %s: response has neither tracking_number nor tracking_details: %w", n, carrier.ErrMalformed)
	}
	if got, ok := kit.CompactNumber(r.TrackingNumber); r.TrackingNumber != "" && (!ok || got != n) {
		// Never attribute another parcel's journey to the number asked.
		return nil, 0, fmt.Errorf("inpost: track %s: the answer is about tracking_number %.40q: %w", n, r.TrackingNumber, carrier.ErrMalformed)
	}
	u := &carrier.Update{Carrier: ID, TrackingNumber: n, Service: strings.TrimSpace(r.Service)}
	skipped := 0
	for _, d := range r.TrackingDetails {
		t, local, err := kit.ParseCarrierTime(d.Datetime)
		code := strings.TrimSpace(d.Status)
		if code == "" {
			code = strings.TrimSpace(d.OriginStatus)
		}
		if err != nil || code == "" {
			skipped++
			continue
		}
		u.Scans = append(u.Scans, milestone.Scan{
			Time:      t,
			LocalTime: local,
			Carrier:   ID,
			Code:      code,
			Location:  text(d.Location),
		})
	}
	if len(u.Scans) == 0 && skipped > 0 {
		return nil, skipped, fmt.Errorf("inpost: track %s: none of %d tracking details is readable: %w", n, skipped, carrier.ErrMalformed)
	}
	return u, skipped, nil
}

// text returns a JSON string's trimmed value, and "" for null, numbers,
// objects and anything else.
func text(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '"' {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return strings.TrimSpace(s)
}

// Webhook events ShipX sends.
const (
	// EventStatusChanged is sent when a shipment's status changes; its
	// payload names the new status.
	EventStatusChanged = "shipment_status_changed"
	// EventConfirmed is sent when a shipment is created and confirmed (its
	// label exists); it reads as the status "confirmed".
	EventConfirmed = "shipment_confirmed"
)

// webhookEvent is the body ShipX posts to the organization's webhook URL.
type webhookEvent struct {
	EventTS        string          `json:"event_ts"`
	Event          string          `json:"event"`
	OrganizationID json.RawMessage `json:"organization_id"`
	Payload        *struct {
		ShipmentID     json.RawMessage `json:"shipment_id"`
		Status         string          `json:"status"`
		TrackingNumber *string         `json:"tracking_number"`
	} `json:"payload"`
}

// parseEvent reads a verified webhook body. It returns no update, and no
// error, for events that carry no tracking news (offers_prepared) and for a
// shipment that has no tracking number yet.
func parseEvent(body []byte) ([]*carrier.Update, error) {
	var ev webhookEvent
	if err := json.Unmarshal(body, &ev); err != nil {
		return nil, fmt.Errorf("inpost: webhook: %w: %v", carrier.ErrMalformed, err)
	}
	var status string
	switch ev.Event {
	case EventStatusChanged:
		if ev.Payload == nil {
			return nil, fmt.Errorf("inpost: webhook %s without payload: %w", ev.Event, carrier.ErrMalformed)
		}
		status = strings.TrimSpace(ev.Payload.Status)
	case EventConfirmed:
		status = "confirmed"
	case "":
		return nil, fmt.Errorf("inpost: webhook without event: %w", carrier.ErrMalformed)
	default:
		return nil, nil
	}
	if ev.Payload == nil || ev.Payload.TrackingNumber == nil || strings.TrimSpace(*ev.Payload.TrackingNumber) == "" {
		return nil, nil
	}
	if status == "" {
		return nil, fmt.Errorf("inpost: webhook %s without status: %w", ev.Event, carrier.ErrMalformed)
	}
	t, err := eventTime(ev.EventTS)
	if err != nil {
		return nil, fmt.Errorf("inpost: webhook %s: %w", ev.Event, err)
	}
	n := strings.TrimSpace(*ev.Payload.TrackingNumber)
	return []*carrier.Update{{
		Carrier:        ID,
		TrackingNumber: n,
		Scans:          []milestone.Scan{{Time: t, Carrier: ID, Code: status}},
	}}, nil
}

// eventTime reads event_ts, which ShipX writes as "2020-03-20 15:08:42
// +0100"; ISO 8601 is read too.
func eventTime(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02 15:04:05 -0700", strings.TrimSpace(s)); err == nil {
		return t, nil
	}
	t, local, err := kit.ParseCarrierTime(s)
	if err != nil {
		return time.Time{}, err
	}
	if local {
		return time.Time{}, fmt.Errorf("%w: event_ts %q has no offset", carrier.ErrMalformed, s)
	}
	return t, nil
}
