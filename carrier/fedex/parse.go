package fedex

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/milestone"
)

// The response shape of POST /track/v1/trackingnumbers, as far as wismo
// reads it (FedEx Track API, "Track by Tracking Number").
type trackResponse struct {
	TransactionID string `json:"transactionId"`
	Output        *struct {
		CompleteTrackResults []completeTrackResult `json:"completeTrackResults"`
	} `json:"output"`
	Errors []apiError `json:"errors"`
}

type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type completeTrackResult struct {
	TrackingNumber string        `json:"trackingNumber"`
	TrackResults   []trackResult `json:"trackResults"`
}

type trackResult struct {
	TrackingNumberInfo *struct {
		TrackingNumber string `json:"trackingNumber"`
	} `json:"trackingNumberInfo"`
	LatestStatusDetail *struct {
		Code        string `json:"code"`
		DerivedCode string `json:"derivedCode"`
		Description string `json:"description"`
	} `json:"latestStatusDetail"`
	DateAndTimes []struct {
		Type     string `json:"type"`
		DateTime string `json:"dateTime"`
	} `json:"dateAndTimes"`
	ServiceDetail *struct {
		Type        string `json:"type"`
		Description string `json:"description"`
	} `json:"serviceDetail"`
	ScanEvents                  []scanEvent `json:"scanEvents"`
	EstimatedDeliveryTimeWindow *timeWindow `json:"estimatedDeliveryTimeWindow"`
	StandardTransitTimeWindow   *timeWindow `json:"standardTransitTimeWindow"`
	Error                       *apiError   `json:"error"`
}

type timeWindow struct {
	Window *struct {
		Begins string `json:"begins"`
		Ends   string `json:"ends"`
	} `json:"window"`
}

type scanEvent struct {
	Date                 string        `json:"date"`
	EventType            string        `json:"eventType"`
	EventDescription     string        `json:"eventDescription"`
	ExceptionCode        string        `json:"exceptionCode"`
	ExceptionDescription string        `json:"exceptionDescription"`
	ScanLocation         *scanLocation `json:"scanLocation"`
	DerivedStatusCode    string        `json:"derivedStatusCode"`
}

type scanLocation struct {
	City                string `json:"city"`
	StateOrProvinceCode string `json:"stateOrProvinceCode"`
	CountryCode         string `json:"countryCode"`
}

// Error codes FedEx uses, per number or for the whole request, for a number
// it does not know.
var notFoundCodes = map[string]bool{
	"TRACKING.TRACKINGNUMBER.NOTFOUND": true,
}

// result is the outcome for one normalized number.
type result struct {
	update  *carrier.Update
	err     error
	skipped int // scan events dropped for lack of a readable date
}

// parse reads a 200 answer of the Track API. It returns one result per
// tracking number in the answer, keyed by the number as FedEx wrote it
// (upper case), or an error wrapping carrier.ErrMalformed.
func parse(body []byte) (map[string]result, error) {
	var r trackResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("fedex: track response is not the documented JSON: %v: %w", err, carrier.ErrMalformed)
	}
	if r.Output == nil {
		if len(r.Errors) > 0 {
			return nil, apiErrors("", r.Errors)
		}
		return nil, fmt.Errorf("fedex: track response has no output: %w", carrier.ErrMalformed)
	}
	out := make(map[string]result, len(r.Output.CompleteTrackResults))
	for _, ctr := range r.Output.CompleteTrackResults {
		n := strings.ToUpper(strings.TrimSpace(ctr.TrackingNumber))
		if n == "" && len(ctr.TrackResults) > 0 && ctr.TrackResults[0].TrackingNumberInfo != nil {
			n = strings.ToUpper(strings.TrimSpace(ctr.TrackResults[0].TrackingNumberInfo.TrackingNumber))
		}
		if n == "" {
			continue
		}
		out[n] = convert(n, ctr.TrackResults)
	}
	return out, nil
}

// convert turns the track results of one number into a result. FedEx reuses
// numbers: when several shipments answer, the one with the latest scan wins.
func convert(n string, trs []trackResult) result {
	if len(trs) == 0 {
		return result{err: fmt.Errorf("fedex: track %s: no track result: %w", n, carrier.ErrMalformed)}
	}
	var best *result
	var bestLatest time.Time
	var firstErr error
	skipped := 0
	for _, tr := range trs {
		if tr.Error != nil && tr.Error.Code != "" {
			if firstErr == nil {
				firstErr = apiErrors(n, []apiError{*tr.Error})
			}
			continue
		}
		r := convertOne(n, tr)
		if r.err != nil {
			if firstErr == nil {
				firstErr, skipped = r.err, r.skipped
			}
			continue
		}
		var latest time.Time
		for _, s := range r.update.Scans {
			if s.Time.After(latest) {
				latest = s.Time
			}
		}
		if best == nil || latest.After(bestLatest) {
			best, bestLatest = &r, latest
		}
	}
	if best == nil {
		return result{err: firstErr, skipped: skipped}
	}
	return *best
}

func convertOne(n string, tr trackResult) result {
	u := &carrier.Update{Carrier: ID, TrackingNumber: n}
	if tr.ServiceDetail != nil {
		u.Service = strings.TrimSpace(tr.ServiceDetail.Description)
	}
	skipped := 0
	for _, ev := range tr.ScanEvents {
		t, local, ok := parseTime(ev.Date)
		if !ok {
			skipped++
			continue
		}
		s := milestone.Scan{
			Time:        t,
			LocalTime:   local,
			Carrier:     ID,
			Code:        strings.TrimSpace(ev.EventType),
			Description: strings.TrimSpace(ev.EventDescription),
		}
		if d := strings.TrimSpace(ev.ExceptionDescription); d != "" && !strings.EqualFold(d, s.Description) {
			if s.Description == "" {
				s.Description = d
			} else {
				s.Description += ": " + d
			}
		}
		if l := ev.ScanLocation; l != nil {
			s.Location = kit.JoinLocation(l.City, l.StateOrProvinceCode, l.CountryCode)
		}
		u.Scans = append(u.Scans, s)
	}
	if len(u.Scans) == 0 && skipped > 0 {
		return result{skipped: skipped, err: fmt.Errorf("fedex: track %s: none of %d scan events has a readable date: %w", n, skipped, carrier.ErrMalformed)}
	}
	u.EstimatedDeliveryStart, u.EstimatedDelivery = estimate(tr)
	return result{update: u, skipped: skipped}
}

// estimate returns the current delivery estimate: the estimated delivery
// window, else the APPOINTMENT_DELIVERY, ESTIMATED_DELIVERY or COMMITMENT
// date, else the standard transit window. A delivered shipment has none.
func estimate(tr trackResult) (start, end time.Time) {
	if tr.LatestStatusDetail != nil && strings.EqualFold(tr.LatestStatusDetail.Code, "DL") {
		return time.Time{}, time.Time{}
	}
	dates := map[string]string{}
	for _, d := range tr.DateAndTimes {
		dates[strings.ToUpper(d.Type)] = d.DateTime
	}
	if dates["ACTUAL_DELIVERY"] != "" {
		return time.Time{}, time.Time{}
	}
	if w := tr.EstimatedDeliveryTimeWindow; w != nil && w.Window != nil && w.Window.Ends != "" {
		if e, ok := windowEnd(w.Window.Ends); ok {
			if s, _, ok := parseTime(w.Window.Begins); ok && !s.After(e) {
				start = s
			}
			return start, e
		}
	}
	for _, k := range []string{"APPOINTMENT_DELIVERY", "ESTIMATED_DELIVERY", "COMMITMENT"} {
		if e, ok := windowEnd(dates[k]); ok {
			return time.Time{}, e
		}
	}
	if w := tr.StandardTransitTimeWindow; w != nil && w.Window != nil {
		if e, ok := windowEnd(w.Window.Ends); ok {
			return time.Time{}, e
		}
	}
	return time.Time{}, time.Time{}
}

// windowEnd parses the end of an estimate. FedEx writes a day without a time
// as midnight ("2026-11-24T00:00:00-06:00") or as a bare date: both mean the
// end of that day.
func windowEnd(s string) (time.Time, bool) {
	t, _, ok := parseTime(s)
	if !ok {
		return time.Time{}, false
	}
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		t = kit.EndOfDay(t)
	}
	return t, true
}

// parseTime reads FedEx's ISO 8601 dates (see kit.ParseCarrierTime):
// with an offset the time keeps it (local = false); without one the wall
// clock is kept in UTC's location (local = true). FedEx also writes offsets
// without a colon ("-0500"), and with a space before them
// ("2024-08-12T15:18:10 -0500", which kit.ParseCarrierTime reads).
func parseTime(s string) (t time.Time, local, ok bool) {
	if t, local, err := kit.ParseCarrierTime(s); err == nil {
		return t, local, true
	}
	t, err := time.Parse("2006-01-02T15:04:05-0700", strings.TrimSpace(s))
	return t, false, err == nil
}

// apiErrors turns FedEx errors into one error: not found when a code says
// so, else permanent with the codes and messages.
func apiErrors(n string, es []apiError) error {
	var parts []string
	notFound := false
	for _, e := range es {
		notFound = notFound || notFoundCodes[strings.TrimSpace(e.Code)]
		parts = append(parts, strings.TrimSpace(e.Code+" "+e.Message))
	}
	prefix := "fedex: track"
	if n != "" {
		prefix += " " + n
	}
	return kit.APIError(prefix, notFound, parts)
}

// statusError maps a non-2xx answer the HTTP client did not retry: a
// not-found code is carrier.ErrNotFound (for a one-number request), 401 and
// 403 are carrier.ErrUnauthorized, anything else goes through
// kit.StatusError.
func statusError(numbers []string, r *kit.Response) error {
	n := strings.Join(numbers, ",")
	var body trackResponse
	if json.Unmarshal(r.Body, &body) == nil && r.StatusCode != 401 && r.StatusCode != 403 {
		for _, e := range body.Errors {
			if notFoundCodes[strings.TrimSpace(e.Code)] {
				return apiErrors(n, body.Errors)
			}
		}
	}
	return fmt.Errorf("fedex: track %s: %w", n, kit.StatusError(ID, r))
}
