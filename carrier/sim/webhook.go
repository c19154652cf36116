package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/hmacsig"
	"github.com/wismo-dev/wismo/milestone"
)

// SignatureHeader is the header carrying a sim webhook's signature,
// "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">".
const SignatureHeader = "Sim-Signature"

// WebhookPayload is the JSON body of a sim webhook.
type WebhookPayload struct {
	// ID identifies the delivery, "evt_" and a sequence number.
	ID string `json:"id"`
	// Carrier is the sim's carrier id.
	Carrier string `json:"carrier"`
	// SentAt is when the sim built the webhook.
	SentAt time.Time `json:"sent_at"`
	// Shipments are the shipments with news.
	Shipments []WebhookShipment `json:"shipments"`
}

// WebhookShipment is one shipment's news in a webhook.
type WebhookShipment struct {
	TrackingNumber    string         `json:"tracking_number"`
	EstimatedDelivery time.Time      `json:"estimated_delivery,omitzero"`
	Events            []WebhookEvent `json:"events"`
}

// WebhookEvent is one scan in a webhook.
type WebhookEvent struct {
	Time        time.Time `json:"time"`
	Code        string    `json:"code,omitempty"`
	Description string    `json:"description,omitempty"`
	Location    string    `json:"location,omitempty"`
}

// Webhook is a signed webhook delivery, ready to POST.
type Webhook struct {
	// Header holds SignatureHeader and Content-Type.
	Header http.Header
	// Body is the JSON WebhookPayload.
	Body []byte
	// Scans counts the scans in Body; zero means there is nothing to send.
	Scans int
}

// Request returns a POST request of w to url.
func (w Webhook) Request(ctx context.Context, url string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(w.Body))
	if err != nil {
		return nil, err
	}
	for k, vs := range w.Header {
		req.Header[k] = append([]string(nil), vs...)
	}
	return req, nil
}

// SignWebhook returns the headers of body signed with Config.WebhookSecret at
// Now, as the sim sends them.
func (c *Carrier) SignWebhook(body []byte) http.Header {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set(SignatureHeader, hmacsig.Sign(c.cfg.Now(), body, c.cfg.WebhookSecret))
	return h
}

// Webhook builds a signed webhook carrying every scan of numbers visible at
// Now, with their current estimates. Numbers without a visible scan yet are
// left out. An unregistered number returns an error wrapping
// carrier.ErrNotFound.
func (c *Carrier) Webhook(numbers ...string) (Webhook, error) {
	return c.webhook(numbers, false)
}

// NextWebhook is like Webhook but carries, per number, only the scans that
// became visible since the previous NextWebhook for that number, as a
// carrier pushes news. Shipments without news are left out; Scans is zero
// when no number has news.
func (c *Carrier) NextWebhook(numbers ...string) (Webhook, error) {
	return c.webhook(numbers, true)
}

func (c *Carrier) webhook(numbers []string, next bool) (Webhook, error) {
	now := c.cfg.Now()
	c.mu.Lock()
	for _, n := range numbers {
		if _, ok := c.ships[n]; !ok {
			c.mu.Unlock()
			return Webhook{}, c.notFound("webhook", n)
		}
	}
	c.events++
	p := WebhookPayload{ID: fmt.Sprintf("evt_%d", c.events), Carrier: c.cfg.ID, SentAt: now,
		Shipments: []WebhookShipment{}}
	total := 0
	for _, n := range numbers {
		sh := c.ships[n]
		v := visible(sh.tl, now)
		from := 0
		if next {
			from = min(sh.pushed, v)
			sh.pushed = v
		}
		if v <= from {
			continue
		}
		ws := WebhookShipment{TrackingNumber: n, EstimatedDelivery: estimateAt(sh.tl, now)}
		for _, ts := range sh.tl.Scans[from:v] {
			ws.Events = append(ws.Events, WebhookEvent{Time: ts.Time, Code: ts.Step.Code,
				Description: ts.Step.Description, Location: ts.Step.Location})
		}
		total += len(ws.Events)
		p.Shipments = append(p.Shipments, ws)
	}
	c.mu.Unlock()
	body, err := json.Marshal(p)
	if err != nil {
		return Webhook{}, fmt.Errorf("carrier %s: webhook: %w", c.cfg.ID, err)
	}
	return Webhook{Header: c.SignWebhook(body), Body: body, Scans: total}, nil
}

// ParseWebhook verifies the body's signature in SignatureHeader against
// Config.WebhookSecret and PreviousWebhookSecrets (and its time against
// WebhookTolerance) before reading it. A missing, malformed, stale or forged
// signature returns an error wrapping carrier.ErrBadSignature (and the
// hmacsig cause); a signed body that is not a valid payload returns an error
// wrapping carrier.ErrMalformed. Either way no updates are returned.
func (c *Carrier) ParseWebhook(ctx context.Context, header http.Header, body []byte) ([]*carrier.Update, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("carrier %s: webhook: %w", c.cfg.ID, err)
	}
	c.mu.Lock()
	c.stats.Webhooks++
	c.mu.Unlock()
	if err := carrier.Verify(body, header.Get(SignatureHeader), c.secrets, c.cfg.WebhookTolerance, c.cfg.Now()); err != nil {
		return nil, fmt.Errorf("carrier %s: webhook: %w", c.cfg.ID, err)
	}
	var p WebhookPayload
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, c.malformed("%v", err)
	}
	if p.Carrier != c.cfg.ID {
		return nil, c.malformed("payload is for carrier %q", p.Carrier)
	}
	out := make([]*carrier.Update, 0, len(p.Shipments))
	for i, ws := range p.Shipments {
		if ws.TrackingNumber == "" {
			return nil, c.malformed("shipments[%d] has no tracking_number", i)
		}
		u := &carrier.Update{Carrier: c.cfg.ID, TrackingNumber: ws.TrackingNumber,
			EstimatedDelivery: ws.EstimatedDelivery, Scans: make([]milestone.Scan, 0, len(ws.Events))}
		for j, e := range ws.Events {
			if e.Time.IsZero() {
				return nil, c.malformed("shipments[%d].events[%d] has no time", i, j)
			}
			if e.Code == "" && e.Description == "" {
				return nil, c.malformed("shipments[%d].events[%d] has neither code nor description", i, j)
			}
			u.Scans = append(u.Scans, milestone.Scan{Time: e.Time, Carrier: c.cfg.ID, Code: e.Code,
				Description: e.Description, Location: e.Location})
		}
		out = append(out, u)
	}
	return out, nil
}

func (c *Carrier) malformed(format string, args ...any) error {
	return fmt.Errorf("carrier %s: webhook: %w: %s", c.cfg.ID, carrier.ErrMalformed, fmt.Sprintf(format, args...))
}
