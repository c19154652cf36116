package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/wismo-dev/wismo/internal/hmacsig"
	"github.com/wismo-dev/wismo/notify"
)

// Header names used by the sender and the receiver.
const (
	// SignatureHeader carries "t=<unix seconds>,v1=<hex>[,v1=<hex>]": an
	// HMAC-SHA256 over "<t>.<body>", one v1 value per configured secret.
	SignatureHeader = "Wismo-Signature"
	// IdempotencyHeader carries the message id, the same on every retry.
	IdempotencyHeader = "Idempotency-Key"
)

// DefaultMaxBodyBytes is the default limit on a payload's size, for the
// sender and the receiver.
const DefaultMaxBodyBytes = 1 << 20

// Config configures a Notifier. The zero value of every field except URL and
// Secrets means its default.
type Config struct {
	// URL receives the POSTs; http or https. Required.
	URL string
	// Secrets sign each request; at least one is required, and each must be
	// at least 16 bytes. During rotation configure the new and the old
	// secret: the request then carries one v1 signature per secret.
	Secrets [][]byte
	// Include selects the personal recipient fields sent in the payload
	// (IncludeName, IncludeEmail, IncludePhone). An SMS or chat bridge needs
	// IncludePhone. Defaults to none: only the recipient's id, locale and
	// time zone are sent.
	Include Field
	// Client sends the requests. Redirects are never followed (a redirected
	// POST would lose its body); a 3xx answer is a permanent failure.
	// Defaults to a client with a 30 second timeout and a transport of its
	// own.
	Client *http.Client
	// Now returns the signing time. Defaults to time.Now.
	Now func() time.Time
	// MaxBodyBytes limits the encoded payload; a larger message fails
	// permanently. Defaults to DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// UserAgent is sent with each request. Defaults to "wismo-webhook/1".
	UserAgent string
	// Logger receives one debug record per attempt with the message id,
	// kind and status code; never addresses or message content. Defaults
	// to discarding.
	Logger *slog.Logger
}

// MinSecretBytes is the minimum length of a signing secret.
const MinSecretBytes = 16

// ErrWeakSecret is matched (errors.Is) by the error New and NewHandler
// return when no secret is configured or one is empty (an unset environment
// variable, an empty "old" secret during rotation) or shorter than
// MinSecretBytes.
var ErrWeakSecret = errors.New("webhook: secret missing, empty or too short")

// checkSecrets validates the secrets of a Config or HandlerConfig.
func checkSecrets(what string, secrets [][]byte) error {
	if err := hmacsig.CheckSecrets(what, secrets, MinSecretBytes); err != nil {
		return fmt.Errorf("%w: %w", ErrWeakSecret, err)
	}
	return nil
}

func (c *Config) defaults() {
	if c.Client == nil {
		// A transport of its own: closing another client's idle connections
		// (httptest servers do it to http.DefaultTransport) never breaks a send.
		c.Client = &http.Client{Timeout: 30 * time.Second, Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.UserAgent == "" {
		c.UserAgent = "wismo-webhook/1"
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

func (c *Config) validate() error {
	u, err := url.Parse(c.URL)
	switch {
	case c.URL == "":
		return errors.New("webhook: Config.URL is required")
	case err != nil:
		return fmt.Errorf("webhook: Config.URL: %w", err)
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("webhook: Config.URL scheme %q: want http or https", u.Scheme)
	case u.Host == "":
		return errors.New("webhook: Config.URL has no host")
	case c.MaxBodyBytes < 0:
		return fmt.Errorf("webhook: Config.MaxBodyBytes %d is negative", c.MaxBodyBytes)
	}
	return checkSecrets("Config.Secrets", c.Secrets)
}

// Notifier POSTs signed JSON payloads. It is safe for concurrent use.
type Notifier struct {
	cfg    Config
	client *http.Client
}

var _ notify.Notifier = (*Notifier)(nil)

// New validates cfg, fills its defaults and returns a Notifier.
func New(cfg Config) (*Notifier, error) {
	cfg.defaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	cfg.Secrets = cloneSecrets(cfg.Secrets)
	client := *cfg.Client // a copy, so the host's client keeps its redirect policy
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &Notifier{cfg: cfg, client: &client}, nil
}

func cloneSecrets(in [][]byte) [][]byte {
	out := make([][]byte, len(in))
	for i, s := range in {
		out[i] = bytes.Clone(s)
	}
	return out
}

// StatusError is returned for a non-2xx answer. It wraps notify.ErrPermanent
// for statuses that no retry can fix: every 3xx and 4xx except 408 Request
// Timeout and 429 Too Many Requests.
type StatusError struct {
	// StatusCode is the HTTP status the receiver answered with.
	StatusCode int
	// RetryAfter is the receiver's Retry-After on 429 and 503 answers (in
	// seconds or as an HTTP date); zero when absent or unparsable.
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	s := "webhook: receiver answered " + strconv.Itoa(e.StatusCode) + " " + http.StatusText(e.StatusCode)
	if e.RetryAfter > 0 {
		s += ", retry after " + e.RetryAfter.String()
	}
	return s
}

// Permanent reports whether no retry can fix the failure.
func (e *StatusError) Permanent() bool {
	switch {
	case e.StatusCode == http.StatusRequestTimeout, e.StatusCode == http.StatusTooManyRequests:
		return false
	case e.StatusCode >= 300 && e.StatusCode < 500:
		return true
	}
	return false
}

// Unwrap returns notify.ErrPermanent for permanent failures and nil otherwise.
func (e *StatusError) Unwrap() error {
	if e.Permanent() {
		return notify.ErrPermanent
	}
	return nil
}

// Notify POSTs m's payload, signed, with m.ID as the idempotency key. It does
// not retry: the dispatcher does. A 2xx answer is success; see StatusError for
// the others. Network errors and ctx's end are temporary.
func (n *Notifier) Notify(ctx context.Context, m notify.Message) error {
	if m.ID == "" {
		return fmt.Errorf("webhook: message has no ID: %w", notify.ErrPermanent)
	}
	body, err := json.Marshal(NewPayload(m, n.cfg.Include))
	if err != nil {
		return fmt.Errorf("webhook: encode message %s: %w: %w", m.ID, notify.ErrPermanent, err)
	}
	if int64(len(body)) > n.cfg.MaxBodyBytes {
		return fmt.Errorf("webhook: message %s encodes to %d bytes, limit %d: %w", m.ID, len(body), n.cfg.MaxBodyBytes, notify.ErrPermanent)
	}
	req, err := newRequest(ctx, n.cfg.URL, body, n.cfg.Now(), n.cfg.Secrets)
	if err != nil {
		return fmt.Errorf("webhook: %w: %w", notify.ErrPermanent, err)
	}
	req.Header.Set(IdempotencyHeader, m.ID)
	req.Header.Set("User-Agent", n.cfg.UserAgent)

	resp, err := n.client.Do(req)
	if err != nil {
		n.cfg.Logger.DebugContext(ctx, "webhook: send failed", "message_id", m.ID, "kind", m.Kind.String(), "err", err)
		return fmt.Errorf("webhook: send message %s: %w", m.ID, err)
	}
	// Drain a little of the body so the connection can be reused.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
	resp.Body.Close()
	n.cfg.Logger.DebugContext(ctx, "webhook: sent", "message_id", m.ID, "kind", m.Kind.String(), "status", resp.StatusCode)
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	se := &StatusError{StatusCode: resp.StatusCode}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		se.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), n.cfg.Now())
	}
	return fmt.Errorf("%w (message %s)", se, m.ID)
}

// newRequest builds a signed POST of body.
func newRequest(ctx context.Context, target string, body []byte, now time.Time, secrets [][]byte) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(SignatureHeader, hmacsig.Sign(now, body, secrets...))
	return req, nil
}

// retryAfter parses a Retry-After value relative to now.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 32); err == nil {
		return time.Duration(max(secs, 0)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
