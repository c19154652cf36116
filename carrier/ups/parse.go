package ups

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/milestone"
)

// The response shape of GET /api/track/v1/details/{inquiryNumber}, as far as
// wismo reads it (UPS Tracking API, TrackApiResponse).
type trackAPIResponse struct {
	TrackResponse *struct {
		Shipment []shipment `json:"shipment"`
	} `json:"trackResponse"`
	// Response carries errors; UPS uses it on 4xx and 5xx answers.
	Response *errorResponse `json:"response"`
}

type errorResponse struct {
	Errors []apiMessage `json:"errors"`
}

type apiMessage struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type shipment struct {
	InquiryNumber string       `json:"inquiryNumber"`
	Package       []pkg        `json:"package"`
	Warnings      []apiMessage `json:"warnings"`
}

type pkg struct {
	TrackingNumber string         `json:"trackingNumber"`
	Activity       []activity     `json:"activity"`
	DeliveryDate   []deliveryDate `json:"deliveryDate"`
	DeliveryTime   *deliveryTime  `json:"deliveryTime"`
	Service        *struct {
		Code        string `json:"code"`
		Description string `json:"description"`
	} `json:"service"`
}

type activity struct {
	Date      string `json:"date"` // YYYYMMDD, local to the location
	Time      string `json:"time"` // HHMMSS (24 h), local to the location
	GMTDate   string `json:"gmtDate"`
	GMTTime   string `json:"gmtTime"`
	GMTOffset string `json:"gmtOffset"` // such as "-05:00"
	Location  *struct {
		Address *address `json:"address"`
	} `json:"location"`
	Status *status `json:"status"`
}

type address struct {
	City          string `json:"city"`
	StateProvince string `json:"stateProvince"`
	CountryCode   string `json:"countryCode"`
	Country       string `json:"country"`
}

type status struct {
	Type        string `json:"type"`
	Code        string `json:"code"`
	Description string `json:"description"`
	StatusCode  string `json:"statusCode"`
}

type deliveryDate struct {
	Type string `json:"type"` // SDD scheduled, RDD rescheduled, DEL delivered
	Date string `json:"date"` // YYYYMMDD
}

type deliveryTime struct {
	Type      string `json:"type"` // EOD, CMT, EDW, CDW, IDW, DEL
	StartTime string `json:"startTime"`
	EndTime   string `json:"endTime"`
}

// notFoundCodes are the UPS codes (warnings on a 200, errors on a 4xx) that
// say the number is unknown to UPS, or can be no UPS number.
var notFoundCodes = map[string]bool{
	"TW0001": true, // Tracking Information Not Found
	"TV1002": true, // Invalid inquiry number (HTTP 400)
}

// Code returns the Scan.Code wismo uses for a UPS activity status: the status
// type and the status code joined by an underscore, such as "D_FS" or
// "I_OT". With only one of them it is that one alone. milestone's UPS table
// looks the whole code up first and falls back to the part before the
// underscore, the status type.
func Code(statusType, statusCode string) string {
	statusType, statusCode = strings.TrimSpace(statusType), strings.TrimSpace(statusCode)
	switch {
	case statusType == "":
		return statusCode
	case statusCode == "":
		return statusType
	}
	return statusType + "_" + statusCode
}

// parse reads a 200 answer of the Tracking API for number n. It returns the
// update, how many activities it skipped for lack of a readable date, and an
// error wrapping carrier.ErrNotFound or carrier.ErrMalformed.
func parse(body []byte, n string) (*carrier.Update, int, error) {
	var r trackAPIResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, 0, fmt.Errorf("ups: track %s: response is not the documented JSON: %v: %w", n, err, carrier.ErrMalformed)
	}
	if r.TrackResponse == nil {
		if r.Response != nil && len(r.Response.Errors) > 0 {
			return nil, 0, messagesError(n, r.Response.Errors)
		}
		return nil, 0, fmt.Errorf("ups: track %s: response has no trackResponse: %w", n, carrier.ErrMalformed)
	}
	var pkgs []pkg
	var warnings []apiMessage
	for _, s := range r.TrackResponse.Shipment {
		pkgs = append(pkgs, s.Package...)
		warnings = append(warnings, s.Warnings...)
	}
	if len(pkgs) == 0 {
		if len(warnings) > 0 {
			return nil, 0, messagesError(n, warnings)
		}
		return nil, 0, fmt.Errorf("ups: track %s: no package in the response: %w", n, carrier.ErrNotFound)
	}
	// A multi-piece shipment lists several packages: keep the one asked for.
	// If none carries the number (an inquiry by a shipment number), keep the
	// first: merging pieces could report a shipment delivered when only one
	// of its parcels is.
	p := pkgs[0]
	for _, q := range pkgs {
		if strings.EqualFold(q.TrackingNumber, n) {
			p = q
			break
		}
	}
	u := &carrier.Update{Carrier: ID, TrackingNumber: n}
	if p.Service != nil {
		u.Service = strings.TrimSpace(p.Service.Description)
	}
	skipped := 0
	for _, a := range p.Activity {
		s, ok := scan(a)
		if !ok {
			skipped++
			continue
		}
		u.Scans = append(u.Scans, s)
	}
	if len(u.Scans) == 0 && skipped > 0 {
		return nil, skipped, fmt.Errorf("ups: track %s: none of %d activities has a readable date and time: %w", n, skipped, carrier.ErrMalformed)
	}
	u.EstimatedDeliveryStart, u.EstimatedDelivery = estimate(p)
	return u, skipped, nil
}

// scan converts one activity. UPS gives the local wall clock (date, time) and,
// usually, the offset from GMT: with the offset the time gets a fixed zone;
// without it the scan keeps the wall clock and says LocalTime.
func scan(a activity) (milestone.Scan, bool) {
	var s milestone.Scan
	y, mo, d, ok := ymd(a.Date)
	if !ok {
		return s, false
	}
	h, mi, sec, ok := hms(a.Time)
	if !ok {
		return s, false
	}
	loc, hasZone := kit.ParseOffset(a.GMTOffset)
	if !hasZone {
		loc = time.UTC
	}
	s.Time = time.Date(y, mo, d, h, mi, sec, 0, loc)
	s.LocalTime = !hasZone
	s.Carrier = ID
	if a.Status != nil {
		s.Code = Code(a.Status.Type, a.Status.Code)
		s.Description = strings.TrimSpace(a.Status.Description)
	}
	if a.Location != nil && a.Location.Address != nil {
		ad := a.Location.Address
		cc := ad.CountryCode
		if cc == "" {
			cc = ad.Country
		}
		s.Location = kit.JoinLocation(ad.City, ad.StateProvince, cc)
	}
	return s, true
}

// estimate returns the current delivery window of p: the rescheduled date
// (RDD) before the scheduled one (SDD), narrowed by deliveryTime when it gives
// an end time, else the end of that day. A delivered package (DEL) has no
// estimate. UPS gives these as local wall clock without an offset; they are
// returned in UTC's location as a container, like a Scan with LocalTime.
func estimate(p pkg) (start, end time.Time) {
	var sdd, rdd string
	for _, dd := range p.DeliveryDate {
		switch strings.ToUpper(dd.Type) {
		case "DEL":
			return time.Time{}, time.Time{}
		case "SDD":
			sdd = dd.Date
		case "RDD":
			rdd = dd.Date
		}
	}
	date := rdd
	if date == "" {
		date = sdd
	}
	y, mo, d, ok := ymd(date)
	if !ok {
		return time.Time{}, time.Time{}
	}
	end = kit.EndOfDay(time.Date(y, mo, d, 0, 0, 0, 0, time.UTC))
	if dt := p.DeliveryTime; dt != nil {
		switch strings.ToUpper(dt.Type) {
		case "EDW", "CDW", "IDW", "CMT":
			if h, mi, s, ok := hms(dt.EndTime); ok {
				end = time.Date(y, mo, d, h, mi, s, 0, time.UTC)
			}
			if h, mi, s, ok := hms(dt.StartTime); ok {
				start = time.Date(y, mo, d, h, mi, s, 0, time.UTC)
			}
		}
	}
	if !start.IsZero() && start.After(end) {
		start = time.Time{}
	}
	return start, end
}

// ymd parses YYYYMMDD.
func ymd(s string) (int, time.Month, int, bool) {
	t, err := time.Parse("20060102", strings.TrimSpace(s))
	if err != nil {
		return 0, 0, 0, false
	}
	return t.Year(), t.Month(), t.Day(), true
}

// hms parses HHMMSS (24 h); UPS sometimes drops the leading zero ("74700").
func hms(s string) (int, int, int, bool) {
	s = strings.TrimSpace(s)
	if len(s) == 5 {
		s = "0" + s
	}
	if len(s) != 6 {
		return 0, 0, 0, false
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 {
		return 0, 0, 0, false
	}
	h, m, sec := v/10000, v/100%100, v%100
	if h > 23 || m > 59 || sec > 59 {
		return 0, 0, 0, false
	}
	return h, m, sec, true
}

// messagesError turns UPS warnings or errors into an error: not found when
// any code says so, else a permanent error naming the codes.
func messagesError(n string, ms []apiMessage) error {
	var parts []string
	notFound := false
	for _, m := range ms {
		notFound = notFound || notFoundCodes[strings.TrimSpace(m.Code)]
		parts = append(parts, strings.TrimSpace(m.Code+" "+m.Message))
	}
	return kit.APIError("ups: track "+n, notFound, parts)
}

// statusError maps a non-2xx answer that the HTTP client did not retry: 404
// or a not-found code is carrier.ErrNotFound, 401 and 403 are
// carrier.ErrUnauthorized, anything else goes through kit.StatusError.
func statusError(n string, r *kit.Response) error {
	var body trackAPIResponse
	var codes []apiMessage
	if json.Unmarshal(r.Body, &body) == nil && body.Response != nil {
		codes = body.Response.Errors
	}
	for _, m := range codes {
		if notFoundCodes[strings.TrimSpace(m.Code)] && r.StatusCode != http.StatusUnauthorized && r.StatusCode != http.StatusForbidden {
			return messagesError(n, codes)
		}
	}
	return fmt.Errorf("ups: track %s: %w", n, kit.StatusError(ID, r))
}
