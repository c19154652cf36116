package usps

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/milestone"
)

// The response shape of GET /tracking/v3/tracking/{trackingNumber}
// ?expand=DETAIL, as far as wismo reads it (USPS Tracking API v3).
type trackingResponse struct {
	TrackingNumber             string          `json:"trackingNumber"`
	MailClass                  string          `json:"mailClass"`
	Status                     string          `json:"status"`
	StatusCategory             string          `json:"statusCategory"`
	ExpectedDeliveryTimeStamp  string          `json:"expectedDeliveryTimeStamp"`
	ExpectedDeliveryDate       string          `json:"expectedDeliveryDate"`
	PredictedDeliveryTimeStamp string          `json:"predictedDeliveryTimeStamp"`
	PredictedDeliveryDate      string          `json:"predictedDeliveryDate"`
	PredictedDeliveryWindowEnd string          `json:"predictedDeliveryWindowEndTime"`
	PredictedDeliveryWindowBeg string          `json:"predictedDeliveryWindowStartTime"`
	TrackingEvents             []trackingEvent `json:"trackingEvents"`
	Error                      *apiError       `json:"error"`
	// DeliveryDateExpectation holds the estimate fields in the v3r2 shape.
	DeliveryDateExpectation *struct {
		ExpectedDeliveryDate  string `json:"expectedDeliveryDate"`
		PredictedDeliveryDate string `json:"predictedDeliveryDate"`
		WindowStart           string `json:"predictedDeliveryWindowStartTime"`
		WindowEnd             string `json:"predictedDeliveryWindowEndTime"`
	} `json:"deliveryDateExpectation"`
}

type trackingEvent struct {
	EventType      string `json:"eventType"`
	EventTimestamp string `json:"eventTimestamp"`
	GMTTimestamp   string `json:"GMTTimestamp"`
	GMTOffset      string `json:"GMTOffset"`
	EventCode      string `json:"eventCode"`
	EventCity      string `json:"eventCity"`
	EventState     string `json:"eventState"`
	EventCountry   string `json:"eventCountry"`
}

// apiError is the error object of the USPS APIs: {"apiVersion": ...,
// "error": {"code", "message", "errors": [{"status", "code", "title",
// "detail"}]}}.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Errors  []struct {
		Status string `json:"status"`
		Code   string `json:"code"`
		Title  string `json:"title"`
		Detail string `json:"detail"`
	} `json:"errors"`
}

// says reports whether the error object or one of its errors has code.
func (e *apiError) says(code string) bool {
	if strings.TrimSpace(e.Code) == code {
		return true
	}
	for _, d := range e.Errors {
		if strings.TrimSpace(d.Code) == code {
			return true
		}
	}
	return false
}

type errorBody struct {
	Error *apiError `json:"error"`
}

// parse reads a 200 answer of the Tracking API for number n. It returns the
// update, how many events it skipped for lack of a readable time, and an
// error wrapping carrier.ErrNotFound or carrier.ErrMalformed.
func parse(body []byte, n string) (*carrier.Update, int, error) {
	var r trackingResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, 0, fmt.Errorf("usps: track %s: response is not the documented JSON: %v: %w", n, err, carrier.ErrMalformed)
	}
	if r.Error != nil && len(r.TrackingEvents) == 0 {
		return nil, 0, apiErr(n, 0, r.Error)
	}
	if r.TrackingNumber == "" && r.TrackingEvents == nil && r.StatusCategory == "" {
		return nil, 0, fmt.Errorf("usps: track %s: response has neither a trackingNumber nor trackingEvents: %w", n, carrier.ErrMalformed)
	}
	u := &carrier.Update{Carrier: ID, TrackingNumber: n, Service: strings.TrimSpace(r.MailClass)}
	skipped := 0
	for _, ev := range r.TrackingEvents {
		t, local, ok := eventTime(ev)
		if !ok {
			skipped++
			continue
		}
		u.Scans = append(u.Scans, milestone.Scan{
			Time:        t,
			LocalTime:   local,
			Carrier:     ID,
			Code:        strings.TrimSpace(ev.EventCode),
			Description: strings.TrimSpace(ev.EventType),
			Location:    kit.JoinLocation(ev.EventCity, ev.EventState, ev.EventCountry),
		})
	}
	if len(u.Scans) == 0 && skipped > 0 {
		return nil, skipped, fmt.Errorf("usps: track %s: none of %d tracking events has a readable time: %w", n, skipped, carrier.ErrMalformed)
	}
	if d := r.DeliveryDateExpectation; d != nil {
		fill(&r.ExpectedDeliveryDate, d.ExpectedDeliveryDate)
		fill(&r.PredictedDeliveryDate, d.PredictedDeliveryDate)
		fill(&r.PredictedDeliveryWindowBeg, d.WindowStart)
		fill(&r.PredictedDeliveryWindowEnd, d.WindowEnd)
	}
	if !strings.EqualFold(strings.TrimSpace(r.StatusCategory), "Delivered") {
		u.EstimatedDeliveryStart, u.EstimatedDelivery = estimate(r)
	}
	return u, skipped, nil
}

// eventTime reads an event's time. USPS writes eventTimestamp as the local
// wall clock and adds GMTTimestamp and GMTOffset: the wall clock gets the
// offset's fixed zone. Without GMTOffset the offset is derived from
// GMTTimestamp; with neither the wall clock is kept in UTC's location and
// local is true. A timestamp that carries its own offset keeps it.
func eventTime(ev trackingEvent) (t time.Time, local, ok bool) {
	ts := strings.TrimSpace(ev.EventTimestamp)
	if ts == "" {
		// Some events carry only the GMT time.
		if g, ok := parseInstant(ev.GMTTimestamp); ok {
			if loc, ok := kit.ParseOffset(ev.GMTOffset); ok {
				return g.In(loc), false, true
			}
			return g, false, true
		}
		return time.Time{}, false, false
	}
	if t, ok := parseInstant(ts); ok {
		if strings.HasSuffix(strings.ToUpper(ts), "Z") {
			if loc, ok := kit.ParseOffset(ev.GMTOffset); ok {
				t = t.In(loc)
			}
		}
		return t, false, true
	}
	wall, ok := parseWall(ts)
	if !ok {
		// An event with a date only: keep the day, at midnight local time.
		if d, ok := parseDay(ts); ok {
			return d, true, true
		}
		return time.Time{}, false, false
	}
	if loc, ok := kit.ParseOffset(ev.GMTOffset); ok {
		return inZone(wall, loc), false, true
	}
	if g, ok := parseInstant(ev.GMTTimestamp); ok {
		off := wall.Sub(g.UTC().Truncate(time.Second))
		if off%(15*time.Minute) == 0 && off.Abs() <= 14*time.Hour {
			return inZone(wall, time.FixedZone("", int(off/time.Second))), false, true
		}
	}
	return wall, true, true
}

// estimate returns USPS's current delivery estimate: the predicted delivery
// (window end, timestamp or date) before the expected one (timestamp or
// date, the service standard). A date without a time, or a timestamp at
// midnight, means the end of that day.
func estimate(r trackingResponse) (start, end time.Time) {
	if d, ok := parseDay(r.PredictedDeliveryDate); ok {
		if e, ok := clock(d, r.PredictedDeliveryWindowEnd); ok {
			if s, ok := clock(d, r.PredictedDeliveryWindowBeg); ok && !s.After(e) {
				start = s
			}
			return start, e
		}
	}
	for _, s := range []string{r.PredictedDeliveryTimeStamp, r.PredictedDeliveryDate, r.ExpectedDeliveryTimeStamp, r.ExpectedDeliveryDate} {
		if e, ok := dayEnd(s); ok {
			return time.Time{}, e
		}
	}
	return time.Time{}, time.Time{}
}

// fill sets *dst to v when *dst is empty.
func fill(dst *string, v string) {
	if strings.TrimSpace(*dst) == "" {
		*dst = v
	}
}

func dayEnd(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	t, ok := parseInstant(s)
	if !ok {
		if t, ok = parseWall(s); !ok {
			if t, ok = parseDay(s); !ok {
				return time.Time{}, false
			}
		}
	}
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		t = kit.EndOfDay(t)
	}
	return t, true
}

// clock puts a time of day such as "14:00" or "2:00 PM" on day d.
func clock(d time.Time, s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"15:04:05", "15:04", "3:04 PM", "3:04PM", "3:04 pm", "3:04pm"} {
		if c, err := time.Parse(layout, s); err == nil {
			return time.Date(d.Year(), d.Month(), d.Day(), c.Hour(), c.Minute(), c.Second(), 0, d.Location()), true
		}
	}
	return time.Time{}, false
}

func parseInstant(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05-0700", "2006-01-02T15:04:05.000-0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func parseWall(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func parseDay(s string) (time.Time, bool) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	return t, err == nil
}

func inZone(wall time.Time, loc *time.Location) time.Time {
	return time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), wall.Nanosecond(), loc)
}

// notYetAvailable is the error code USPS answers (with HTTP 400) for a
// number it has no status update for yet, typically a label just
// registered: "A status update is not yet available on your package".
// USPS documents no other code with that meaning.
const notYetAvailable = "150001"

// apiErr turns a USPS error object into an error: not found for code or
// status 404 (or HTTP 404) and for code 150001 (no status update yet),
// permanent otherwise.
func apiErr(n string, httpStatus int, e *apiError) error {
	parts := []string{strings.TrimSpace(e.Code + " " + e.Message)}
	notFound := httpStatus == 404 || strings.TrimSpace(e.Code) == "404" || strings.TrimSpace(e.Code) == notYetAvailable
	for _, d := range e.Errors {
		notFound = notFound || strings.TrimSpace(d.Status) == "404" || strings.TrimSpace(d.Code) == notYetAvailable
		parts = append(parts, strings.TrimSpace(strings.Join([]string{d.Code, d.Title, d.Detail}, " ")))
	}
	return kit.APIError("usps: track "+n, notFound, parts)
}

// statusError maps a non-2xx answer the HTTP client did not retry: 404, and
// 400 with error code 150001 (no status update yet), are
// carrier.ErrNotFound (with USPS's message), 401 and 403 are
// carrier.ErrUnauthorized, anything else goes through kit.StatusError.
func statusError(n string, r *kit.Response) error {
	if r.StatusCode == 404 || r.StatusCode == 400 {
		var b errorBody
		if json.Unmarshal(r.Body, &b) == nil && b.Error != nil && (r.StatusCode == 404 || b.Error.says(notYetAvailable)) {
			return apiErr(n, r.StatusCode, b.Error)
		}
	}
	return fmt.Errorf("usps: track %s: %w", n, kit.StatusError(ID, r))
}
