package dhl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/milestone"
)

// Base URLs of the Shipment Tracking - Unified API.
const (
	// Production is DHL's production endpoint.
	Production = "https://api-eu.dhl.com"
	// Sandbox is DHL's test endpoint, which answers with sample data.
	Sandbox = "https://api-test.dhl.com"
)

// ID is the carrier id of the adapter.
const ID = "dhl"

// Config configures the adapter. Only APIKey is required.
type Config struct {
	// APIKey is the consumer key of an app subscribed to "Shipment Tracking -
	// Unified" on DHL's developer portal. Required.
	APIKey string
	// BaseURL is the API's base URL. Defaults to Production.
	BaseURL string
	// Service restricts the lookup to one DHL service ("express",
	// "parcel-de", "ecommerce", "freight", ...). Defaults to empty: DHL
	// searches all services.
	Service string
	// Language is the language of event descriptions, "en" or "de" (DHL
	// supports more for some services). Defaults to "en".
	Language string
	// RequesterCountryCode is the ISO country code of the shop, which helps
	// DHL pick the right service for ambiguous numbers. Optional.
	RequesterCountryCode string
	// HTTP configures the shared HTTP client (rate limit, retries, the host's
	// *http.Client). Its Carrier and Auth fields are set by New. DHL's default
	// quota is low (250 calls a day, 1 per 5 seconds): set HTTP.Limiter to
	// your account's limit. Defaults to the carrier package's defaults.
	HTTP kit.HTTPConfig
}

// Carrier is the DHL adapter. It is safe for concurrent use.
type Carrier struct {
	cfg  Config
	base *url.URL
	http *kit.HTTPClient
}

// New returns an adapter for cfg.
func New(cfg Config) (*Carrier, error) {
	if cfg.APIKey == "" {
		return nil, errors.New("dhl: Config.APIKey is required")
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = Production
	}
	if cfg.Language == "" {
		cfg.Language = "en"
	}
	client, base, err := kit.NewAdapterClient(ID, cfg.BaseURL, kit.APIKey{Header: "DHL-API-Key", Key: cfg.APIKey}, cfg.HTTP)
	if err != nil {
		return nil, err
	}
	return &Carrier{cfg: cfg, base: base, http: client}, nil
}

// ID returns "dhl".
func (c *Carrier) ID() string { return ID }

// Track returns the events DHL knows for trackingNumber. An unknown number
// returns an error wrapping carrier.ErrNotFound.
func (c *Carrier) Track(ctx context.Context, trackingNumber string) (_ *carrier.Update, resultErr error) {
	defer func() { resultErr = c.http.Redact(resultErr) }()
	number, err := normalize(trackingNumber)
	if err != nil {
		return nil, err
	}
	q := url.Values{"trackingNumber": {number}, "language": {c.cfg.Language}}
	if c.cfg.Service != "" {
		q.Set("service", c.cfg.Service)
	}
	if c.cfg.RequesterCountryCode != "" {
		q.Set("requesterCountryCode", c.cfg.RequesterCountryCode)
	}
	u := c.base.JoinPath("track", "shipments")
	u.RawQuery = q.Encode()
	resp, err := c.http.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Accept", "application/json")
		return req, nil
	})
	if err != nil {
		return nil, fmt.Errorf("dhl: track %s: %w", number, err)
	}
	if resp.StatusCode/100 != 2 {
		return nil, fmt.Errorf("dhl: track %s: %w", number, mapError(resp))
	}
	return Parse(number, resp.Body)
}

// problem is DHL's RFC 7807 error body.
type problem struct {
	Status int    `json:"status"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
}

// mapError turns a non-2xx answer into the carrier package's errors. DHL
// answers 404 with a problem document for an unknown number.
func mapError(r *kit.Response) error {
	var p problem
	_ = json.Unmarshal(r.Body, &p)
	if r.StatusCode == http.StatusNotFound {
		return fmt.Errorf("%s (%s): %w", p.Title, p.Detail, carrier.ErrNotFound)
	}
	return kit.StatusError(ID, r)
}

// response is the documented shape of GET /track/shipments.
type response struct {
	Shipments []shipment `json:"shipments"`
}

type shipment struct {
	ID                         flexString `json:"id"`
	Service                    string     `json:"service"`
	Status                     *event     `json:"status"`
	EstimatedTimeOfDelivery    string     `json:"estimatedTimeOfDelivery"`
	EstimatedDeliveryTimeFrame *struct {
		EstimatedFrom    string `json:"estimatedFrom"`
		EstimatedThrough string `json:"estimatedThrough"`
	} `json:"estimatedDeliveryTimeFrame"`
	Details *struct {
		Product *struct {
			ProductName string `json:"productName"`
		} `json:"product"`
	} `json:"details"`
	Events []event `json:"events"`
}

type event struct {
	Timestamp string `json:"timestamp"`
	Location  *struct {
		Address struct {
			CountryCode     string `json:"countryCode"`
			PostalCode      string `json:"postalCode"`
			AddressLocality string `json:"addressLocality"`
		} `json:"address"`
	} `json:"location"`
	StatusCode     string `json:"statusCode"`
	Status         string `json:"status"`
	StatusDetailed string `json:"statusDetailed"`
	Description    string `json:"description"`
	Remark         string `json:"remark"`
}

// flexString accepts a JSON string or number (DHL documents the id as a
// string; some services send it as a number).
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*f = flexString(n.String())
	return nil
}

// scanCarrier names the DHL business that made a scan, so the milestone
// tables of that business apply.
func scanCarrier(service string) string {
	switch service {
	case "express":
		return "dhl_express"
	case "parcel-de":
		return "dhl_parcel_de"
	case "ecommerce", "ecommerce-europe", "ecommerce-apac":
		return "dhl_ecommerce"
	}
	return ID
}

// Parse reads a Shipment Tracking - Unified response body for number. DHL
// may answer with several shipments for one number (the same id known to
// several services); Parse merges the events of those whose id matches
// number, or of all of them when none does. A body without shipments returns
// carrier.ErrNotFound; a body that is not the documented JSON returns an
// error wrapping carrier.ErrMalformed.
func Parse(number string, body []byte) (*carrier.Update, error) {
	var r response
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("dhl: %w: %v", carrier.ErrMalformed, err)
	}
	if len(r.Shipments) == 0 {
		return nil, fmt.Errorf("dhl: %s: no shipments in answer: %w", number, carrier.ErrNotFound)
	}
	picked := make([]shipment, 0, len(r.Shipments))
	for _, s := range r.Shipments {
		if strings.EqualFold(strings.ReplaceAll(string(s.ID), " ", ""), number) {
			picked = append(picked, s)
		}
	}
	if len(picked) == 0 {
		picked = r.Shipments
	}
	u := &carrier.Update{Carrier: ID, TrackingNumber: number}
	for _, s := range picked {
		sc := scanCarrier(s.Service)
		events := s.Events
		if len(events) == 0 && s.Status != nil {
			// Some services give only the current status.
			events = []event{*s.Status}
		}
		for i, e := range events {
			scan, err := toScan(sc, e)
			if err != nil {
				return nil, fmt.Errorf("dhl: %s: event %d: %w", number, i, err)
			}
			u.Scans = append(u.Scans, scan)
		}
		if s.Details != nil && s.Details.Product != nil && u.Service == "" {
			u.Service = s.Details.Product.ProductName
		}
		from, through, err := estimate(s)
		if err != nil {
			return nil, fmt.Errorf("dhl: %s: %w", number, err)
		}
		if through.After(u.EstimatedDelivery) {
			u.EstimatedDelivery, u.EstimatedDeliveryStart = through, from
		}
	}
	return u, nil
}

func toScan(sc string, e event) (milestone.Scan, error) {
	t, local, err := parseTime(e.Timestamp)
	if err != nil {
		return milestone.Scan{}, err
	}
	desc := strings.TrimSpace(e.Description)
	if desc == "" {
		desc = strings.TrimSpace(e.Status)
	}
	code := e.StatusCode
	if e.StatusDetailed != "" {
		code = e.StatusDetailed
	}
	return milestone.Scan{
		Time:        t,
		Carrier:     sc,
		Code:        code,
		Description: desc,
		Location:    location(e),
		LocalTime:   local,
	}, nil
}

func location(e event) string {
	if e.Location == nil {
		return ""
	}
	a := e.Location.Address
	return kit.JoinLocation(a.AddressLocality, a.PostalCode, a.CountryCode)
}

// estimate returns the start and end of DHL's estimate: the time frame when
// given, else estimatedTimeOfDelivery (a date without a time means the end of
// that day).
func estimate(s shipment) (from, through time.Time, err error) {
	if tf := s.EstimatedDeliveryTimeFrame; tf != nil && tf.EstimatedThrough != "" {
		if through, _, err = parseTime(tf.EstimatedThrough); err != nil {
			return time.Time{}, time.Time{}, fmt.Errorf("estimatedThrough: %w", err)
		}
		if tf.EstimatedFrom != "" {
			if from, _, err = parseTime(tf.EstimatedFrom); err != nil {
				return time.Time{}, time.Time{}, fmt.Errorf("estimatedFrom: %w", err)
			}
		}
		return from, through, nil
	}
	if s.EstimatedTimeOfDelivery == "" {
		return time.Time{}, time.Time{}, nil
	}
	t, _, err := parseTime(s.EstimatedTimeOfDelivery)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("estimatedTimeOfDelivery: %w", err)
	}
	if len(s.EstimatedTimeOfDelivery) == len(time.DateOnly) {
		t = kit.EndOfDay(t)
	}
	return time.Time{}, t, nil
}

// parseTime reads DHL's ISO 8601 timestamps (see kit.ParseCarrierTime).
// With an offset or Z the zone is kept; without one (DHL Express sends the
// local time of the scan's place) the wall clock is returned in UTC's
// location with local = true. DHL also writes times without seconds but with
// an offset ("2026-03-03T13:00+01:00").
func parseTime(s string) (t time.Time, local bool, err error) {
	t, local, err = kit.ParseCarrierTime(s)
	if err != nil {
		if t2, err2 := time.Parse("2006-01-02T15:04Z07:00", strings.TrimSpace(s)); err2 == nil {
			return t2, false, nil
		}
	}
	return t, local, err
}

// normalize compacts a tracking number the way people write it (spaces and
// dashes dropped, letters upper-cased) and refuses what cannot be one: any
// other character, none at all or more than 50 letters and digits, so
// that nothing but a number ever reaches DHL's API.
func normalize(number string) (string, error) { return kit.TrackingNumber("dhl", number, 1, 50) }
