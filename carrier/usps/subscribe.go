package usps

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
)

// USPS Subscriptions - Tracking: a subscription per tracking number, whose
// notifications USPS posts to the host's listener URL.
const (
	subscriptionsPath = "/subscriptions/v3/subscriptions"
	// HMACHeader is the header of a notification's signature.
	HMACHeader = "X-HMAC"
	// legacyHMACHeader is the older name USPS also sends the signature in.
	legacyHMACHeader = "hmac-header"
	// SecretLength is the length USPS requires of a subscription's secret.
	SecretLength = 32
	// maxNotificationBytes caps a notification body.
	maxNotificationBytes = 1 << 20
	// maxCachedSubscriptions bounds the number -> subscription id cache;
	// when full it starts over (Unsubscribe then lists the subscriptions).
	maxCachedSubscriptions = 100_000
)

// checkSubscriptions validates the subscription fields of cfg.
func checkSubscriptions(cfg Config) error {
	if err := kit.CheckWebhookSecrets("usps: Config.SubscriptionSecrets", cfg.SubscriptionSecrets...); err != nil {
		return err
	}
	for i, s := range cfg.SubscriptionSecrets {
		if len(s) != SecretLength {
			return fmt.Errorf("usps: Config.SubscriptionSecrets[%d] has %d characters; USPS takes secrets of exactly %d", i, len(s), SecretLength)
		}
	}
	if cfg.ListenerURL == "" {
		return nil
	}
	if len(cfg.SubscriptionSecrets) == 0 {
		return errors.New("usps: Config.ListenerURL needs Config.SubscriptionSecrets: an unsigned notification cannot be told from a forged one")
	}
	if u, err := url.Parse(cfg.ListenerURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("usps: Config.ListenerURL %q is not an absolute http(s) URL", cfg.ListenerURL)
	}
	return nil
}

// subscriptionRequest is the body of POST /subscriptions.
type subscriptionRequest struct {
	SubscriptionType string `json:"subscriptionType"`
	ListenerURL      string `json:"listenerURL"`
	EventType        string `json:"eventType"`
	FilterProperties struct {
		TrackingNumber string `json:"trackingNumber"`
	} `json:"filterProperties"`
	Secret string `json:"secret"`
}

// subscription is a subscription as the API answers it, the fields wismo
// reads.
type subscription struct {
	SubscriptionID   string `json:"subscriptionId"`
	FilterProperties struct {
		TrackingNumber string `json:"trackingNumber"`
	} `json:"filterProperties"`
}

// Subscribe creates a tracking subscription for trackingNumber (POST
// /subscriptions/v3/subscriptions, subscriptionType TRACKING, eventType
// ALL_UPDATES, filtered by the number), so that USPS posts a notification
// to Config.ListenerURL on each update, signed with
// Config.SubscriptionSecrets[0]. A number this Carrier subscribed already
// returns its subscription again. Without Config.ListenerURL the error
// wraps errors.ErrUnsupported. USPS deletes a subscription after 30 days
// without activity, a span no date can be set on: ExpiresAt is zero.
func (c *Carrier) Subscribe(ctx context.Context, trackingNumber string) (_ *carrier.Subscription, resultErr error) {
	defer func() { resultErr = c.client.Redact(resultErr) }()
	if c.cfg.ListenerURL == "" {
		return nil, fmt.Errorf("usps: Config.ListenerURL is not set, so USPS cannot notify: %w", errors.ErrUnsupported)
	}
	n, err := normalize(trackingNumber)
	if err != nil {
		return nil, err
	}
	if id := c.subscriptionID(n); id != "" {
		return &carrier.Subscription{Carrier: ID, TrackingNumber: trackingNumber, ID: id}, nil
	}
	req := subscriptionRequest{SubscriptionType: "TRACKING", ListenerURL: c.cfg.ListenerURL, EventType: "ALL_UPDATES",
		Secret: c.cfg.SubscriptionSecrets[0]}
	req.FilterProperties.TrackingNumber = n
	body, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	resp, err := c.subscriptions(ctx, http.MethodPost, c.base+subscriptionsPath, body)
	if err != nil {
		return nil, fmt.Errorf("usps: subscribe %s: %w", n, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, subscriptionError("subscribe", n, resp)
	}
	var s subscription
	if err := json.Unmarshal(resp.Body, &s); err != nil {
		return nil, fmt.Errorf("usps: subscribe %s: %w: %v", n, carrier.ErrMalformed, err)
	}
	if s.SubscriptionID == "" {
		return nil, fmt.Errorf("usps: subscribe %s: %w: the answer has no subscriptionId", n, carrier.ErrMalformed)
	}
	c.rememberSubscription(n, s.SubscriptionID)
	return &carrier.Subscription{Carrier: ID, TrackingNumber: trackingNumber, ID: s.SubscriptionID}, nil
}

// Unsubscribe deletes the subscriptions of trackingNumber (DELETE
// /subscriptions/v3/subscriptions/{subscriptionId}): the one this Carrier
// made, else every one that the list of the account's subscriptions (GET
// /subscriptions/v3/subscriptions) shows for the number. A number without
// subscription, or one deleted already, succeeds.
func (c *Carrier) Unsubscribe(ctx context.Context, trackingNumber string) (resultErr error) {
	defer func() { resultErr = c.client.Redact(resultErr) }()
	n, err := normalize(trackingNumber)
	if err != nil {
		return nil // no subscription can have such a number
	}
	ids := []string{c.subscriptionID(n)}
	if ids[0] == "" {
		if ids, err = c.listSubscriptions(ctx, n); err != nil {
			return err
		}
	}
	for _, id := range ids {
		resp, err := c.subscriptions(ctx, http.MethodDelete, c.base+subscriptionsPath+"/"+url.PathEscape(id), nil)
		if err != nil {
			return fmt.Errorf("usps: unsubscribe %s: %w", n, err)
		}
		if resp.StatusCode != http.StatusNotFound && (resp.StatusCode < 200 || resp.StatusCode > 299) {
			return subscriptionError("unsubscribe", n, resp)
		}
	}
	c.mu.Lock()
	delete(c.subs, n)
	c.mu.Unlock()
	return nil
}

// listSubscriptions returns the ids of the account's subscriptions of n. It
// reads the list as an array or as {"subscriptions": [...]}.
func (c *Carrier) listSubscriptions(ctx context.Context, n string) ([]string, error) {
	resp, err := c.subscriptions(ctx, http.MethodGet, c.base+subscriptionsPath, nil)
	if err != nil {
		return nil, fmt.Errorf("usps: unsubscribe %s: listing subscriptions: %w", n, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, subscriptionError("unsubscribe", n, resp)
	}
	var list []subscription
	if err := json.Unmarshal(resp.Body, &list); err != nil {
		var wrapped struct {
			Subscriptions []subscription `json:"subscriptions"`
		}
		if err := json.Unmarshal(resp.Body, &wrapped); err != nil {
			return nil, fmt.Errorf("usps: unsubscribe %s: listing subscriptions: %w: %v", n, carrier.ErrMalformed, err)
		}
		list = wrapped.Subscriptions
	}
	var ids []string
	for _, s := range list {
		if s.SubscriptionID != "" && strings.EqualFold(strings.TrimSpace(s.FilterProperties.TrackingNumber), n) {
			ids = append(ids, s.SubscriptionID)
		}
	}
	return ids, nil
}

// subscriptions sends one request of the Subscriptions API.
func (c *Carrier) subscriptions(ctx context.Context, method, u string, body []byte) (*kit.Response, error) {
	return c.client.Do(ctx, func(ctx context.Context) (*http.Request, error) {
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

// subscriptionError classifies a failed answer of the Subscriptions API: a
// 400 with USPS's error object is permanent, naming its codes; the other
// statuses as kit.StatusError says (401 and 403 unauthorized, 429 a rate
// limit, 5xx temporary).
func subscriptionError(what, n string, r *kit.Response) error {
	var eb errorBody
	if r.StatusCode == http.StatusBadRequest && json.Unmarshal(r.Body, &eb) == nil && eb.Error != nil {
		var parts []string
		for _, d := range eb.Error.Errors {
			parts = append(parts, strings.TrimSpace(d.Code+" "+d.Title+" "+d.Detail))
		}
		if len(parts) == 0 {
			parts = append(parts, strings.TrimSpace(eb.Error.Code+" "+eb.Error.Message))
		}
		return kit.APIError("usps: "+what+" "+n, false, parts)
	}
	return fmt.Errorf("usps: %s %s: %w", what, n, kit.StatusError(ID, r))
}

func (c *Carrier) subscriptionID(n string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.subs[n]
}

func (c *Carrier) rememberSubscription(n, id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.subs == nil || len(c.subs) >= maxCachedSubscriptions {
		c.subs = map[string]string{}
	}
	c.subs[n] = id
}

// notification is the envelope USPS posts to the listener.
type notification struct {
	SubscriptionID   string          `json:"subscriptionId"`
	SubscriptionType string          `json:"subscriptionType"`
	Timestamp        string          `json:"timestamp"`
	Payload          json.RawMessage `json:"payload"`
}

// payload returns the payload as USPS signs it: the JSON string's
// contents, or the raw JSON of a payload sent as an object.
func (n notification) payload() (string, error) {
	p := bytes.TrimSpace(n.Payload)
	if len(p) > 0 && p[0] == '"' {
		var s string
		err := json.Unmarshal(p, &s)
		return s, err
	}
	return string(p), nil
}

// ParseWebhook verifies and reads a USPS tracking notification. Its
// X-HMAC header (or the older hmac-header) must be the base64 HMAC-SHA256
// of the envelope's timestamp followed by its payload, under one of
// Config.SubscriptionSecrets, compared in constant time; a missing header
// gives an error wrapping carrier.ErrNotSigned, a wrong one
// carrier.ErrBadSignature, and no update. The signature covers those two
// fields only, which are all that is read. The payload, a tracking summary
// of one number in the Tracking API's shape, is read like Track's answer.
// A notification of another subscriptionType than TRACKING gives no update
// and no error.
func (c *Carrier) ParseWebhook(_ context.Context, header http.Header, body []byte) ([]*carrier.Update, error) {
	if len(body) > maxNotificationBytes {
		return nil, fmt.Errorf("usps: notification body of %d bytes: %w", len(body), carrier.ErrBodyTooLarge)
	}
	sig := strings.TrimSpace(header.Get(HMACHeader))
	if sig == "" {
		sig = strings.TrimSpace(header.Get(legacyHMACHeader))
	}
	if sig == "" {
		return nil, fmt.Errorf("usps: notification: %w", carrier.ErrNotSigned)
	}
	var env notification
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, fmt.Errorf("usps: notification: %w: %v", carrier.ErrMalformed, err)
	}
	payload, err := env.payload()
	if err != nil {
		return nil, fmt.Errorf("usps: notification: %w: payload: %v", carrier.ErrMalformed, err)
	}
	secrets := make([][]byte, 0, len(c.cfg.SubscriptionSecrets))
	for _, s := range c.cfg.SubscriptionSecrets {
		secrets = append(secrets, []byte(s))
	}
	if err := kit.VerifyHMACBase64([]byte(env.Timestamp+payload), sig, secrets...); err != nil {
		return nil, fmt.Errorf("usps: notification: %w", err)
	}
	if !strings.EqualFold(strings.TrimSpace(env.SubscriptionType), "TRACKING") {
		return nil, nil
	}
	var head struct {
		TrackingNumber string `json:"trackingNumber"`
	}
	if err := json.Unmarshal([]byte(payload), &head); err != nil || strings.TrimSpace(head.TrackingNumber) == "" {
		return nil, fmt.Errorf("usps: notification: %w: payload without trackingNumber", carrier.ErrMalformed)
	}
	n := strings.ToUpper(strings.TrimSpace(head.TrackingNumber))
	u, _, err := parse([]byte(payload), n)
	if err != nil {
		return nil, err
	}
	return []*carrier.Update{u}, nil
}

// SignWebhook returns the X-HMAC header USPS sends with a notification of
// timestamp and payload (the payload string, as it stands in the
// envelope) for a subscription made with secret. Hosts use it to test
// their webhook endpoint.
func SignWebhook(timestamp, payload, secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp + payload))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}
