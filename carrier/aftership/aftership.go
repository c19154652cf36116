package aftership

import (
	"bytes"
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

// ID is the carrier id of the adapter.
const ID = "aftership"

// Production is the base URL of the AfterShip Tracking API version this
// adapter follows.
const Production = "https://api.aftership.com/tracking/2025-07"

// SignatureHeader is the header AfterShip signs webhooks in.
const SignatureHeader = "aftership-hmac-sha256"

// Config configures the adapter. Only APIKey is required.
type Config struct {
	// APIKey is an AfterShip API key, sent in the as-api-key header. Required.
	APIKey string
	// BaseURL is the versioned API base URL. Defaults to Production.
	BaseURL string
	// SlugFor returns AfterShip's courier slug ("ups", "dhl", "royal-mail",
	// ...) for a number when a tracking has to be created, or "" to let
	// AfterShip detect the courier. Optional.
	SlugFor func(trackingNumber string) string
	// WebhookSecrets are the webhook secrets of the AfterShip account; a
	// delivery is accepted when its signature matches any of them (two
	// during rotation). Required for ParseWebhook. Each must have at least
	// kit.MinWebhookSecretBytes bytes: New rejects an empty or short
	// one with an error matching kit.ErrWeakSecret.
	WebhookSecrets []string
	// MaxWebhookBytes caps a webhook body. Defaults to 1 MiB.
	MaxWebhookBytes int64
	// HTTP configures the shared HTTP client; its Carrier and Auth fields are
	// set by New. Defaults to the carrier package's defaults.
	HTTP kit.HTTPConfig
}

// Carrier is the AfterShip adapter. It implements carrier.Carrier,
// carrier.WebhookParser and carrier.Subscriber and is safe for concurrent
// use.
type Carrier struct {
	cfg  Config
	base *url.URL
	http *kit.HTTPClient
}

// New returns an adapter for cfg.
func New(cfg Config) (*Carrier, error) {
	if cfg.APIKey == "" {
		return nil, errors.New("aftership: Config.APIKey is required")
	}
	if err := kit.CheckWebhookSecrets("aftership: Config.WebhookSecrets", cfg.WebhookSecrets...); err != nil {
		return nil, err
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = Production
	}
	if cfg.MaxWebhookBytes <= 0 {
		cfg.MaxWebhookBytes = 1 << 20
	}
	client, base, err := kit.NewAdapterClient(ID, cfg.BaseURL, kit.APIKey{Header: "as-api-key", Key: cfg.APIKey}, cfg.HTTP)
	if err != nil {
		return nil, err
	}
	return &Carrier{cfg: cfg, base: base, http: client}, nil
}

// ID returns "aftership".
func (c *Carrier) ID() string { return ID }

// Track returns AfterShip's tracking for trackingNumber. It looks the number
// up (GET /trackings?tracking_numbers=...) and creates the tracking (POST
// /trackings) when AfterShip does not follow it yet. A tracking that has no
// checkpoints yet (tag Pending) returns an error wrapping carrier.ErrNotFound,
// as real carriers do right after a label is printed.
func (c *Carrier) Track(ctx context.Context, trackingNumber string) (_ *carrier.Update, resultErr error) {
	defer func() { resultErr = c.http.Redact(resultErr) }()
	number, err := normalize(trackingNumber)
	if err != nil {
		return nil, err
	}
	t, err := c.find(ctx, number)
	if errors.Is(err, errNotFollowed) {
		t, err = c.create(ctx, number)
		if errors.Is(err, errExists) { // created concurrently by someone else
			t, err = c.find(ctx, number)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("aftership: track %s: %w", number, err)
	}
	u, err := t.update()
	if err != nil {
		return nil, fmt.Errorf("aftership: track %s: %w", number, err)
	}
	if len(u.Scans) == 0 {
		return nil, fmt.Errorf("aftership: track %s: no checkpoints yet (tag %s): %w", number, t.Tag, carrier.ErrNotFound)
	}
	return u, nil
}

var (
	errNotFollowed = errors.New("aftership: not followed yet")
	errExists      = errors.New("aftership: tracking already exists")
)

func (c *Carrier) find(ctx context.Context, number string) (*tracking, error) {
	u := c.base.JoinPath("trackings")
	u.RawQuery = url.Values{"tracking_numbers": {number}}.Encode()
	var data struct {
		Trackings []tracking `json:"trackings"`
	}
	if err := c.call(ctx, http.MethodGet, u.String(), nil, &data); err != nil {
		return nil, err
	}
	for i := range data.Trackings {
		if strings.EqualFold(data.Trackings[i].TrackingNumber, number) {
			return &data.Trackings[i], nil
		}
	}
	return nil, errNotFollowed
}

func (c *Carrier) create(ctx context.Context, number string) (*tracking, error) {
	req := map[string]string{"tracking_number": number}
	if c.cfg.SlugFor != nil {
		if slug := c.cfg.SlugFor(number); slug != "" {
			req["slug"] = slug
		}
	}
	body, _ := json.Marshal(req)
	// The 2025-07 API answers with the tracking as data; earlier versions
	// (v4 to 2024-10), which accounts may still be pinned to, wrap it in
	// data.tracking.
	var t struct {
		tracking
		Wrapped *tracking `json:"tracking"`
	}
	if err := c.call(ctx, http.MethodPost, c.base.JoinPath("trackings").String(), body, &t); err != nil {
		return nil, err
	}
	if t.Wrapped != nil {
		return t.Wrapped, nil
	}
	return &t.tracking, nil
}

// envelope is AfterShip's response wrapper.
type envelope struct {
	Meta struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Type    string `json:"type"`
	} `json:"meta"`
	Data json.RawMessage `json:"data"`
}

func (c *Carrier) call(ctx context.Context, method, u string, body []byte, out any) error {
	resp, err := c.http.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		var req *http.Request
		var err error
		if body != nil {
			req, err = http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
		} else {
			req, err = http.NewRequestWithContext(ctx, method, u, nil)
		}
		if err != nil {
			return nil, err
		}
		req.Header.Set("Accept", "application/json")
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		return req, nil
	})
	if err != nil {
		return err
	}
	var env envelope
	jsonErr := json.Unmarshal(resp.Body, &env)
	switch {
	case env.Meta.Code == 4004 || (resp.StatusCode == http.StatusNotFound && env.Meta.Code == 0):
		return fmt.Errorf("%s: %w", env.Meta.Message, carrier.ErrNotFound)
	case env.Meta.Code == 4003:
		return errExists
	case resp.StatusCode/100 != 2:
		return kit.StatusError(ID, resp)
	case jsonErr != nil:
		return fmt.Errorf("%w: %v", carrier.ErrMalformed, jsonErr)
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return fmt.Errorf("%w: data: %v", carrier.ErrMalformed, err)
	}
	return nil
}

// tracking is the documented Tracking object (the fields wismo reads).
type tracking struct {
	ID             string       `json:"id"`
	TrackingNumber string       `json:"tracking_number"`
	Slug           string       `json:"slug"`
	Tag            string       `json:"tag"`
	Subtag         string       `json:"subtag"`
	ShipmentType   string       `json:"shipment_type"`
	Checkpoints    []checkpoint `json:"checkpoints"`
	// courier_estimated_delivery_date is the carrier's own estimate.
	CourierEDD *edd `json:"courier_estimated_delivery_date"`
	// latest_estimated_delivery is AfterShip's current pick among sources.
	LatestEDD *struct {
		Source      string `json:"source"`
		Datetime    string `json:"datetime"`
		DatetimeMax string `json:"datetime_max"`
		DatetimeMin string `json:"datetime_min"`
	} `json:"latest_estimated_delivery"`
	// expected_delivery is the older single-value field.
	ExpectedDelivery string `json:"expected_delivery"`
}

type edd struct {
	Date string `json:"estimated_delivery_date"`
	Min  string `json:"estimated_delivery_date_min"`
	Max  string `json:"estimated_delivery_date_max"`
}

type checkpoint struct {
	CheckpointTime string `json:"checkpoint_time"`
	Slug           string `json:"slug"`
	Tag            string `json:"tag"`
	Subtag         string `json:"subtag"`
	Message        string `json:"message"`
	Location       string `json:"location"`
	City           string `json:"city"`
	State          string `json:"state"`
	Zip            string `json:"zip"`
	CountryRegion  string `json:"country_region"`
	CountryISO3    string `json:"country_iso3"`
}

// Code is the scan code the adapter reports: AfterShip's subtag (such as
// "Exception_011"), or its tag when a checkpoint has no subtag.
func Code(tag, subtag string) string {
	if subtag != "" {
		return subtag
	}
	return tag
}

func (t tracking) update() (*carrier.Update, error) {
	if t.TrackingNumber == "" {
		return nil, fmt.Errorf("%w: tracking without tracking_number", carrier.ErrMalformed)
	}
	u := &carrier.Update{Carrier: ID, TrackingNumber: t.TrackingNumber, Service: t.ShipmentType}
	for i, cp := range t.Checkpoints {
		at, local, err := parseTime(cp.CheckpointTime)
		if err != nil {
			return nil, fmt.Errorf("checkpoints[%d]: %w", i, err)
		}
		u.Scans = append(u.Scans, milestone.Scan{
			Time:        at,
			Carrier:     ID,
			Code:        Code(cp.Tag, cp.Subtag),
			Description: strings.TrimSpace(cp.Message),
			Location:    cp.location(),
			LocalTime:   local,
		})
	}
	from, through, err := t.estimate()
	if err != nil {
		return nil, err
	}
	u.EstimatedDeliveryStart, u.EstimatedDelivery = from, through
	return u, nil
}

func (cp checkpoint) location() string {
	if l := strings.TrimSpace(cp.Location); l != "" {
		return l
	}
	country := cp.CountryRegion
	if country == "" {
		country = cp.CountryISO3
	}
	return kit.JoinLocation(cp.City, cp.State, cp.Zip, country)
}

// estimate prefers the carrier's own estimate, then AfterShip's latest one,
// then the legacy expected_delivery. Dates without a time mean the end of
// that day.
func (t tracking) estimate() (from, through time.Time, err error) {
	pick := func(min, date, max string) (time.Time, time.Time, error) {
		end := max
		if end == "" {
			end = date
		}
		if end == "" {
			return time.Time{}, time.Time{}, nil
		}
		through, err := parseEstimate(end, true)
		if err != nil {
			return time.Time{}, time.Time{}, err
		}
		var from time.Time
		if min != "" {
			if from, err = parseEstimate(min, false); err != nil {
				return time.Time{}, time.Time{}, err
			}
		}
		return from, through, nil
	}
	if e := t.CourierEDD; e != nil && (e.Date != "" || e.Max != "") {
		return pick(e.Min, e.Date, e.Max)
	}
	if e := t.LatestEDD; e != nil && (e.Datetime != "" || e.DatetimeMax != "") {
		return pick(e.DatetimeMin, e.Datetime, e.DatetimeMax)
	}
	return pick("", t.ExpectedDelivery, "")
}

func parseEstimate(s string, endOfDay bool) (time.Time, error) {
	t, _, err := parseTime(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("estimate: %w", err)
	}
	if len(strings.TrimSpace(s)) == len(time.DateOnly) && endOfDay {
		t = kit.EndOfDay(t)
	}
	return t, nil
}

// parseTime reads AfterShip's ISO 8601 times with kit.ParseCarrierTime.
// checkpoint_time is the local time of the checkpoint, with an offset when
// AfterShip knows it and without one otherwise: then the wall clock is kept
// in UTC's location and local is true.
func parseTime(s string) (t time.Time, local bool, err error) {
	return kit.ParseCarrierTime(s)
}

// webhook is the body of a tracking_update delivery.
type webhook struct {
	Event   string          `json:"event"`
	EventID string          `json:"event_id"`
	Msg     json.RawMessage `json:"msg"`
	TS      int64           `json:"ts"`
}

// ParseWebhook verifies an AfterShip webhook delivery and returns the update
// it carries. The aftership-hmac-sha256 header must be the base64
// HMAC-SHA256 of the raw body under one of Config.WebhookSecrets, compared in
// constant time; otherwise the error wraps carrier.ErrBadSignature and no
// update is returned. AfterShip retries deliveries for hours with the same
// body, so no replay window is enforced: wismo's Ingest is idempotent.
func (c *Carrier) ParseWebhook(ctx context.Context, header http.Header, body []byte) ([]*carrier.Update, error) {
	if len(c.cfg.WebhookSecrets) == 0 {
		return nil, fmt.Errorf("aftership: no webhook secret configured: %w", carrier.ErrBadSignature)
	}
	if int64(len(body)) > c.cfg.MaxWebhookBytes {
		return nil, fmt.Errorf("aftership: webhook body of %d bytes: %w", len(body), carrier.ErrBodyTooLarge)
	}
	secrets := make([][]byte, len(c.cfg.WebhookSecrets))
	for i, s := range c.cfg.WebhookSecrets {
		secrets[i] = []byte(s)
	}
	if err := kit.VerifyHMACBase64(body, header.Get(SignatureHeader), secrets...); err != nil {
		return nil, fmt.Errorf("aftership: webhook: %w", err)
	}
	var w webhook
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, fmt.Errorf("aftership: webhook: %w: %v", carrier.ErrMalformed, err)
	}
	if w.Event != "tracking_update" {
		return nil, nil
	}
	var t tracking
	if err := json.Unmarshal(w.Msg, &t); err != nil {
		return nil, fmt.Errorf("aftership: webhook %s: %w: %v", w.EventID, carrier.ErrMalformed, err)
	}
	u, err := t.update()
	if err != nil {
		return nil, fmt.Errorf("aftership: webhook %s: %w", w.EventID, err)
	}
	return []*carrier.Update{u}, nil
}

// SignWebhook returns the aftership-hmac-sha256 value AfterShip would send
// for body under secret. Hosts use it to test their webhook endpoint.
func SignWebhook(body []byte, secret string) string {
	return kit.SignHMACBase64(body, []byte(secret))
}

// normalize compacts a tracking number the way people write it (spaces and
// dashes dropped, letters upper-cased) and refuses what cannot be one: any
// other character, none at all or more than 50 letters and digits, so
// that nothing but a number ever reaches AfterShip's API.
func normalize(number string) (string, error) { return kit.TrackingNumber("aftership", number, 1, 50) }
