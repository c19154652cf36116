package postnl

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/milestone"
)

// text is a PostNL string field. The API's JSON is converted from XML: an
// empty element arrives as {} and numbers may arrive unquoted, so text reads
// a string or a number as written and anything else as "".
type text string

// UnmarshalJSON implements json.Unmarshaler.
func (t *text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = text(strings.TrimSpace(s))
	case len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9'):
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		*t = text(n)
	default:
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*t = ""
	}
	return nil
}

// list is a PostNL repeated element: an array, or a single object where the
// XML had one element.
type list[T any] []T

// UnmarshalJSON implements json.Unmarshaler.
func (l *list[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) > 0 && b[0] == '[':
		var s []T
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*l = s
	case bytes.Equal(b, []byte("null")):
		*l = nil
	default:
		var v T
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*l = list[T]{v}
	}
	return nil
}

// response is the answer of GET /shipment/v2/status/barcode/{barcode}:
// CurrentStatus without detail, CompleteStatus with detail=true, and
// Warnings ("No shipment found", code 2) when PostNL knows no shipment.
type response struct {
	CurrentStatus  *statusBody   `json:"CurrentStatus"`
	CompleteStatus *statusBody   `json:"CompleteStatus"`
	Warnings       list[warning] `json:"Warnings"`
}

type warning struct {
	Message text `json:"Message"`
	Code    text `json:"Code"`
}

type statusBody struct {
	// Shipment is one shipment, or every collo of a multi-collo shipment.
	Shipment list[shipment] `json:"Shipment"`
}

type shipment struct {
	MainBarcode        text         `json:"MainBarcode"`
	Barcode            text         `json:"Barcode"`
	ShipmentCounter    text         `json:"ShipmentCounter"`
	ProductDescription text         `json:"ProductDescription"`
	DeliveryDate       text         `json:"DeliveryDate"`
	Expectation        *expectation `json:"Expectation"`
	Status             *status      `json:"Status"`
	OldStatus          list[status] `json:"OldStatus"`
	Event              list[event]  `json:"Event"`
}

type expectation struct {
	ETAFrom text `json:"ETAFrom"`
	ETATo   text `json:"ETATo"`
}

type status struct {
	TimeStamp         text `json:"TimeStamp"`
	StatusCode        text `json:"StatusCode"`
	StatusDescription text `json:"StatusDescription"`
	PhaseCode         text `json:"PhaseCode"`
	PhaseDescription  text `json:"PhaseDescription"`
}

type event struct {
	Code        text `json:"Code"`
	Description text `json:"Description"`
	TimeStamp   text `json:"TimeStamp"`
}

// Status and phase codes the adapter reads.
const (
	statusNotApplicable = "99" // "Niet van toepassing": a status change without news
	phaseDelivered      = "4"  // "Afgeleverd"
)

// parse reads a 200 answer for barcode n. It returns the update, how many
// events or statuses it skipped for lack of a readable time, and an error
// wrapping carrier.ErrNotFound or carrier.ErrMalformed.
func parse(body []byte, n string) (*carrier.Update, int, error) {
	var r response
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, 0, fmt.Errorf("postnl: track %s: response is not the documented JSON: %v: %w", n, err, carrier.ErrMalformed)
	}
	sb := r.CompleteStatus
	if sb == nil || len(sb.Shipment) == 0 {
		if r.CurrentStatus != nil {
			sb = r.CurrentStatus
		}
	}
	if sb == nil || len(sb.Shipment) == 0 {
		if sb == nil && len(r.Warnings) == 0 {
			return nil, 0, fmt.Errorf("postnl: track %s: response has neither CurrentStatus, CompleteStatus nor Warnings: %w", n, carrier.ErrMalformed)
		}
		msgs := []string{"no shipment"}
		if len(r.Warnings) > 0 {
			msgs = msgs[:0]
			for _, w := range r.Warnings {
				msgs = append(msgs, strings.TrimSpace(string(w.Code)+" "+string(w.Message)))
			}
		}
		return nil, 0, kit.APIError("postnl: track "+n, true, msgs)
	}
	s, ok := pick(sb.Shipment, n)
	if !ok {
		other := sb.Shipment[0].Barcode
		if other == "" {
			other = sb.Shipment[0].MainBarcode
		}
		return nil, 0, fmt.Errorf("postnl: track %s: the answer is about barcode %.40q: %w", n, string(other), carrier.ErrMalformed)
	}
	u := &carrier.Update{Carrier: ID, TrackingNumber: n, Service: string(s.ProductDescription)}
	skipped := 0
	add := func(ts text, code, desc text) {
		t, local, ok := parseTime(string(ts))
		if !ok {
			skipped++
			return
		}
		u.Scans = append(u.Scans, milestone.Scan{Time: t, LocalTime: local, Carrier: ID, Code: string(code), Description: string(desc)})
	}
	for _, e := range s.Event {
		if e.Code != "" || e.Description != "" {
			add(e.TimeStamp, e.Code, e.Description)
		}
	}
	if len(s.Event) == 0 {
		// Without events (the answer without detail, or a shipment PostNL
		// has no events for) the statuses are the history.
		seen := map[string]bool{}
		for _, st := range append(slices.Clone(s.OldStatus), ptrList(s.Status)...) {
			key := string(st.TimeStamp) + "|" + string(st.StatusCode)
			if st.StatusCode == "" || st.StatusCode == statusNotApplicable || seen[key] {
				continue
			}
			seen[key] = true
			add(st.TimeStamp, st.StatusCode, st.StatusDescription)
		}
	}
	if len(u.Scans) == 0 {
		return nil, skipped, fmt.Errorf("postnl: track %s: the shipment has no event or status with a readable time: %w", n, carrier.ErrMalformed)
	}
	if s.Status == nil || s.Status.PhaseCode != phaseDelivered {
		u.EstimatedDeliveryStart, u.EstimatedDelivery = estimate(s)
	}
	return u, skipped, nil
}

func ptrList(s *status) list[status] {
	if s == nil {
		return nil
	}
	return list[status]{*s}
}

// pick returns the collo asked for: the one whose Barcode is n, else the
// first collo (ShipmentCounter 1) of the shipment whose MainBarcode is n,
// else another collo of that shipment, else a collo that names no barcode
// at all. It reports false when every collo names another barcode: that
// answer is about another parcel and must not be taken for n.
func pick(ss list[shipment], n string) (shipment, bool) {
	for _, s := range ss {
		if strings.EqualFold(string(s.Barcode), n) {
			return s, true
		}
	}
	for _, s := range ss {
		if strings.EqualFold(string(s.MainBarcode), n) && (s.ShipmentCounter == "1" || s.ShipmentCounter == "") {
			return s, true
		}
	}
	for _, s := range ss {
		if strings.EqualFold(string(s.MainBarcode), n) || s.Barcode == "" && s.MainBarcode == "" {
			return s, true
		}
	}
	return shipment{}, false
}

// parseTime reads PostNL's times: "07-03-2018 23:20:05" (fractional seconds
// allowed) in status and event answers, ISO 8601 ("2018-03-08T11:30:00")
// in expectations, and a bare date. PostNL writes the Dutch wall clock
// without a zone, so the time is kept in UTC's location as a container and
// local is true (see milestone.Scan.LocalTime); a time with an offset keeps
// it and local is false.
func parseTime(s string) (t time.Time, local, ok bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("02-01-2006 15:04:05", s); err == nil {
		return t, true, true
	}
	if t, err := time.Parse("02-01-2006", s); err == nil {
		return t, true, true
	}
	t, local, err := kit.ParseCarrierTime(s)
	return t, local, err == nil
}

// estimate returns PostNL's current expectation: the window ETAFrom-ETATo,
// else the end of DeliveryDate (the planned delivery day). Both are Dutch
// wall clock in UTC's location.
func estimate(s shipment) (start, end time.Time) {
	if x := s.Expectation; x != nil {
		if e, _, ok := parseTime(string(x.ETATo)); ok {
			if b, _, ok := parseTime(string(x.ETAFrom)); ok && !b.After(e) {
				start = b
			}
			return start, e
		}
	}
	if d, _, ok := parseTime(string(s.DeliveryDate)); ok {
		if d.Hour() == 0 && d.Minute() == 0 && d.Second() == 0 {
			d = kit.EndOfDay(d)
		}
		return time.Time{}, d
	}
	return time.Time{}, time.Time{}
}
