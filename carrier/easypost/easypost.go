package easypost

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/milestone"
)

// ID is the carrier id of the adapter.
const ID = "easypost"

// Production is EasyPost's API base URL (test and production keys use the same one).
const Production = "https://api.easypost.com/v2"

// SignatureHeader is the header EasyPost signs webhooks in.
const SignatureHeader = "X-Hmac-Signature"

// Config configures the adapter. Only APIKey is required.
type Config struct {
	// APIKey is an EasyPost test or production API key. Required.
	APIKey string
	// BaseURL is the API's base URL. Defaults to Production.
	BaseURL string
	// Carrier is the EasyPost carrier name ("USPS", "UPS", "FedEx", ...) sent
	// when a tracker is created. Defaults to empty: EasyPost detects it.
	// CarrierFor, when set, takes precedence per number.
	Carrier string
	// CarrierFor returns the EasyPost carrier name for a tracking number,
	// or "" to let EasyPost detect it. Optional.
	CarrierFor func(trackingNumber string) string
	// WebhookSecrets are the secrets of the EasyPost webhook; a delivery is
	// accepted when its signature matches any of them (two during
	// rotation). Required for ParseWebhook. Each must have at least
	// kit.MinWebhookSecretBytes bytes in its Unicode NFKD form, the HMAC
	// key: New rejects an empty or short one with an error matching
	// kit.ErrWeakSecret.
	WebhookSecrets []string
	// MaxWebhookBytes caps a webhook body. Defaults to 1 MiB.
	MaxWebhookBytes int64
	// HTTP configures the shared HTTP client; its Carrier and Auth fields are
	// set by New. Defaults to the carrier package's defaults.
	HTTP kit.HTTPConfig
}

// Carrier is the EasyPost adapter. It implements carrier.Carrier,
// carrier.WebhookParser, carrier.Subscriber and carrier.ReturnLabeler and
// is safe for concurrent use.
type Carrier struct {
	cfg  Config
	base *url.URL
	http *kit.HTTPClient

	mu  sync.Mutex
	ids map[string]string // tracking code -> tracker id
}

// maxCachedIDs bounds the tracker-id cache; when it is full it starts over
// (a miss only costs one create call, which EasyPost deduplicates).
const maxCachedIDs = 100_000

// New returns an adapter for cfg.
func New(cfg Config) (*Carrier, error) {
	if cfg.APIKey == "" {
		return nil, errors.New("easypost: Config.APIKey is required")
	}
	// The HMAC key is the secret's NFKD form, so that form's length counts:
	// EasyPost's own test secret "sécret" has 7 bytes as typed, 8 as a key.
	keys := make([][]byte, len(cfg.WebhookSecrets))
	for i, s := range cfg.WebhookSecrets {
		keys[i] = webhookKey(s)
	}
	if err := kit.CheckWebhookSecrets("easypost: Config.WebhookSecrets (NFKD)", keys...); err != nil {
		return nil, err
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = Production
	}
	if cfg.MaxWebhookBytes <= 0 {
		cfg.MaxWebhookBytes = 1 << 20
	}
	client, base, err := kit.NewAdapterClient(ID, cfg.BaseURL, kit.BasicAuth{User: cfg.APIKey}, cfg.HTTP)
	if err != nil {
		return nil, err
	}
	return &Carrier{cfg: cfg, base: base, http: client, ids: map[string]string{}}, nil
}

// ID returns "easypost".
func (c *Carrier) ID() string { return ID }

// Track returns the tracker for trackingNumber. The first call creates the
// tracker (POST /trackers, which EasyPost deduplicates by tracking code and
// carrier); later calls retrieve it by id (GET /trackers/{id}). A tracker
// that has no tracking details yet, or a code EasyPost rejects as invalid,
// returns an error wrapping carrier.ErrNotFound.
func (c *Carrier) Track(ctx context.Context, trackingNumber string) (_ *carrier.Update, resultErr error) {
	defer func() { resultErr = c.http.Redact(resultErr) }()
	number, err := normalize(trackingNumber)
	if err != nil {
		return nil, err
	}
	tr, err := c.tracker(ctx, number)
	if err != nil {
		return nil, fmt.Errorf("easypost: track %s: %w", number, err)
	}
	u, err := tr.update()
	if err != nil {
		return nil, fmt.Errorf("easypost: track %s: %w", number, err)
	}
	if len(u.Scans) == 0 {
		return nil, fmt.Errorf("easypost: track %s: tracker %s has no tracking details yet (status %s): %w",
			number, tr.ID, tr.Status, carrier.ErrNotFound)
	}
	return u, nil
}

// tracker returns the tracker of number: by its cached id (GET
// /trackers/{id}), else created (POST /trackers, which returns the
// existing tracker of the same code and carrier).
func (c *Carrier) tracker(ctx context.Context, number string) (*tracker, error) {
	c.mu.Lock()
	id := c.ids[number]
	c.mu.Unlock()

	var resp *kit.Response
	var err error
	if id != "" {
		resp, err = c.do(ctx, http.MethodGet, c.base.JoinPath("trackers", id).String(), nil)
		if err == nil && resp.StatusCode == http.StatusNotFound {
			c.forget(number)
			id = ""
		}
	}
	if id == "" {
		body, _ := json.Marshal(map[string]any{"tracker": map[string]string{
			"tracking_code": number, "carrier": c.carrierFor(number)}})
		resp, err = c.do(ctx, http.MethodPost, c.base.JoinPath("trackers").String(), body)
	}
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		return nil, mapError(resp)
	}
	var tr tracker
	if err := json.Unmarshal(resp.Body, &tr); err != nil {
		return nil, fmt.Errorf("%w: %v", carrier.ErrMalformed, err)
	}
	if tr.ID != "" {
		c.remember(number, tr.ID)
	}
	return &tr, nil
}

func (c *Carrier) carrierFor(number string) string {
	if c.cfg.CarrierFor != nil {
		if s := c.cfg.CarrierFor(number); s != "" {
			return s
		}
	}
	return c.cfg.Carrier
}

func (c *Carrier) remember(number, id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.ids) >= maxCachedIDs {
		c.ids = map[string]string{}
	}
	c.ids[number] = id
}

func (c *Carrier) forget(number string) {
	c.mu.Lock()
	delete(c.ids, number)
	c.mu.Unlock()
}

func (c *Carrier) do(ctx context.Context, method, u string, body []byte) (*kit.Response, error) {
	return c.http.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		var rd *bytes.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		var req *http.Request
		var err error
		if rd != nil {
			req, err = http.NewRequestWithContext(ctx, method, u, rd)
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
}

// apiError is EasyPost's error body.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// mapError maps EasyPost's error answers. Invalid or unknown tracking codes
// (422 TRACKER.*, 404) are ErrNotFound; a rejected key is ErrUnauthorized.
func mapError(r *kit.Response) error {
	var e apiError
	_ = json.Unmarshal(r.Body, &e)
	code := e.Error.Code
	switch {
	case r.StatusCode == http.StatusNotFound,
		r.StatusCode == http.StatusUnprocessableEntity && strings.HasPrefix(code, "TRACKER."):
		return fmt.Errorf("%s: %s: %w", code, e.Error.Message, carrier.ErrNotFound)
	case strings.HasPrefix(code, "APIKEY."):
		return fmt.Errorf("%s: %s: %w", code, e.Error.Message, carrier.ErrUnauthorized)
	}
	return kit.StatusError(ID, r)
}

// tracker is the documented Tracker object.
type tracker struct {
	ID              string           `json:"id"`
	Object          string           `json:"object"`
	TrackingCode    string           `json:"tracking_code"`
	Status          string           `json:"status"`
	StatusDetail    string           `json:"status_detail"`
	Carrier         string           `json:"carrier"`
	EstDeliveryDate *string          `json:"est_delivery_date"`
	TrackingDetails []trackingDetail `json:"tracking_details"`
	CarrierDetail   *struct {
		Service string `json:"service"`
		// EstDeliveryDateLocal and EstDeliveryTimeLocal are the carrier's
		// estimate in the destination's local time ("2026-03-06",
		// "17:00:00"), null when the carrier gives none.
		EstDeliveryDateLocal *string `json:"est_delivery_date_local"`
		EstDeliveryTimeLocal *string `json:"est_delivery_time_local"`
	} `json:"carrier_detail"`
}

type trackingDetail struct {
	Message          string `json:"message"`
	Description      string `json:"description"`
	Status           string `json:"status"`
	StatusDetail     string `json:"status_detail"`
	Datetime         string `json:"datetime"`
	Source           string `json:"source"`
	CarrierCode      string `json:"carrier_code"`
	TrackingLocation *struct {
		City    string `json:"city"`
		State   string `json:"state"`
		Country string `json:"country"`
		Zip     string `json:"zip"`
	} `json:"tracking_location"`
}

// Code is the scan code the adapter reports for a tracking detail, one of
// EasyPost's status or status_detail values: the status when it is decisive
// on its own (delivered, out_for_delivery, available_for_pickup,
// return_to_sender, cancelled: "delivered" with detail
// "arrived_at_destination" is a delivery, not an arrival), otherwise the
// status_detail when it says more than the status ("failure" with
// "attempted_delivery", "in_transit" with "arrived_at_facility"), otherwise
// the status.
func Code(status, detail string) string {
	switch status {
	case "delivered", "out_for_delivery", "available_for_pickup", "return_to_sender", "cancelled":
		return status
	}
	switch detail {
	case "", "unknown", "status_update", status:
		return status
	}
	return detail
}

func (t tracker) update() (*carrier.Update, error) {
	if t.TrackingCode == "" {
		return nil, fmt.Errorf("%w: tracker without tracking_code", carrier.ErrMalformed)
	}
	u := &carrier.Update{Carrier: ID, TrackingNumber: t.TrackingCode, Service: t.Carrier}
	if t.CarrierDetail != nil && t.CarrierDetail.Service != "" {
		u.Service = strings.TrimSpace(t.Carrier + " " + t.CarrierDetail.Service)
	}
	for i, d := range t.TrackingDetails {
		at, err := time.Parse(time.RFC3339, d.Datetime)
		if err != nil {
			return nil, fmt.Errorf("%w: tracking_details[%d].datetime %q", carrier.ErrMalformed, i, d.Datetime)
		}
		desc := strings.TrimSpace(d.Message)
		if d.Description != "" && d.Description != d.Message {
			desc = strings.TrimSpace(desc + " " + d.Description)
		}
		u.Scans = append(u.Scans, milestone.Scan{
			Time:        at,
			Carrier:     ID,
			Code:        Code(d.Status, d.StatusDetail),
			Description: desc,
			Location:    loc(d),
		})
	}
	if t.EstDeliveryDate != nil && *t.EstDeliveryDate != "" {
		at, err := time.Parse(time.RFC3339, *t.EstDeliveryDate)
		if err != nil {
			return nil, fmt.Errorf("%w: est_delivery_date %q", carrier.ErrMalformed, *t.EstDeliveryDate)
		}
		u.EstimatedDelivery = t.estimate(at)
	}
	return u, nil
}

// estimate returns the end of the estimate whose est_delivery_date is at.
// An estimate with a time (est_delivery_time_local set) is at itself. One
// without (est_delivery_time_local null) names a day: EasyPost then writes
// est_delivery_date as midnight UTC, which is the evening before in the
// Americas. The day is est_delivery_date_local (the day at the destination)
// when EasyPost gives it, else the date of a midnight est_delivery_date; the
// estimate is the end of that day, kit.EndOfDay. EasyPost gives no time zone
// for the destination (only its city, state, zip and country), so that
// wall clock is kept in UTC's location as a container, as the other
// adapters do with a local date (see milestone.Scan.LocalTime).
func (t tracker) estimate(at time.Time) time.Time {
	var dateLocal, timeLocal string
	if cd := t.CarrierDetail; cd != nil {
		if cd.EstDeliveryDateLocal != nil {
			dateLocal = strings.TrimSpace(*cd.EstDeliveryDateLocal)
		}
		if cd.EstDeliveryTimeLocal != nil {
			timeLocal = strings.TrimSpace(*cd.EstDeliveryTimeLocal)
		}
	}
	if timeLocal != "" {
		return at
	}
	if day, err := time.Parse(time.DateOnly, dateLocal); err == nil {
		return kit.EndOfDay(day)
	}
	if h, m, s := at.Clock(); h == 0 && m == 0 && s == 0 && at.Nanosecond() == 0 {
		y, mo, d := at.Date()
		return kit.EndOfDay(time.Date(y, mo, d, 0, 0, 0, 0, time.UTC))
	}
	return at
}

func loc(d trackingDetail) string {
	if d.TrackingLocation == nil {
		return ""
	}
	l := d.TrackingLocation
	return kit.JoinLocation(l.City, l.State, l.Zip, l.Country)
}

// event is the webhook Event object.
type event struct {
	Object      string          `json:"object"`
	ID          string          `json:"id"`
	Description string          `json:"description"`
	Result      json.RawMessage `json:"result"`
}

// ParseWebhook verifies an EasyPost webhook delivery and returns the tracker
// update it carries. The X-Hmac-Signature header must be
// "hmac-sha256-hex=" followed by the hex HMAC-SHA256 of the raw body under
// one of Config.WebhookSecrets, each normalised with Unicode NFKD first, as
// EasyPost's own client libraries do (an ASCII secret is unchanged; one with
// accents or ligatures is signed in its decomposed form). A missing or wrong signature returns an error wrapping
// carrier.ErrBadSignature and no updates. Events other than tracker.created
// and tracker.updated are acknowledged with no updates.
func (c *Carrier) ParseWebhook(ctx context.Context, header http.Header, body []byte) ([]*carrier.Update, error) {
	if len(c.cfg.WebhookSecrets) == 0 {
		return nil, fmt.Errorf("easypost: no webhook secret configured: %w", carrier.ErrBadSignature)
	}
	if int64(len(body)) > c.cfg.MaxWebhookBytes {
		return nil, fmt.Errorf("easypost: webhook body of %d bytes: %w", len(body), carrier.ErrBodyTooLarge)
	}
	sig := strings.TrimSpace(header.Get(SignatureHeader))
	hexSig, ok := strings.CutPrefix(sig, "hmac-sha256-hex=")
	if !ok {
		return nil, fmt.Errorf("easypost: %s header missing or not hmac-sha256-hex: %w", SignatureHeader, carrier.ErrBadSignature)
	}
	secrets := make([][]byte, len(c.cfg.WebhookSecrets))
	for i, s := range c.cfg.WebhookSecrets {
		secrets[i] = webhookKey(s)
	}
	if err := kit.VerifyHMACHex(body, hexSig, secrets...); err != nil {
		return nil, fmt.Errorf("easypost: webhook: %w", err)
	}
	var ev event
	if err := json.Unmarshal(body, &ev); err != nil {
		return nil, fmt.Errorf("easypost: webhook: %w: %v", carrier.ErrMalformed, err)
	}
	if ev.Description != "tracker.created" && ev.Description != "tracker.updated" {
		return nil, nil
	}
	var tr tracker
	if err := json.Unmarshal(ev.Result, &tr); err != nil {
		return nil, fmt.Errorf("easypost: webhook %s: %w: %v", ev.ID, carrier.ErrMalformed, err)
	}
	u, err := tr.update()
	if err != nil {
		return nil, fmt.Errorf("easypost: webhook %s: %w", ev.ID, err)
	}
	if tr.ID != "" {
		c.remember(tr.TrackingCode, tr.ID)
	}
	return []*carrier.Update{u}, nil
}

// SignWebhook returns the X-Hmac-Signature value EasyPost would send for body
// under secret (normalised with NFKD, as ParseWebhook does). Hosts use it to
// test their webhook endpoint.
func SignWebhook(body []byte, secret string) string {
	return "hmac-sha256-hex=" + kit.SignHMACHex(body, webhookKey(secret))
}

// webhookKey is the HMAC key of a webhook secret: its Unicode NFKD form, as
// EasyPost's client libraries (easypost-go, -python, -node, ...) compute it
// before they check a signature.
func webhookKey(secret string) []byte {
	return []byte(norm.NFKD.String(secret))
}

// normalize compacts a tracking number the way people write it (spaces and
// dashes dropped, letters upper-cased) and refuses what cannot be one: any
// other character, none at all or more than 50 letters and digits, so
// that nothing but a number ever reaches EasyPost's API.
func normalize(number string) (string, error) { return kit.TrackingNumber("easypost", number, 1, 50) }
