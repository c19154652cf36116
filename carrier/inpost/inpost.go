package inpost

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
)

// ID is the carrier id of InPost, the id of milestone's InPost table and of
// carrier.Detect's InPost numbers.
const ID = "inpost"

// Base URLs of the ShipX API (Poland). The tracking path
// (/v1/tracking/{tracking_number}) is appended to them.
const (
	// ProductionURL is ShipX production.
	ProductionURL = "https://api-shipx-pl.easypack24.net"
	// SandboxURL is the ShipX sandbox (accounts from the sandbox Parcel
	// Manager).
	SandboxURL = "https://sandbox-api-shipx-pl.easypack24.net"
)

const trackPath = "/v1/tracking/"

// Config configures an InPost adapter. Every field's zero value means its
// default; nothing is required.
type Config struct {
	// Token is the ShipX API token of the organization (Parcel Manager,
	// "Moje konto > API"), sent as "Authorization: Bearer <Token>". Defaults
	// to none: no Authorization header is sent.
	Token string
	// BaseURL is the API root, without a trailing path. Defaults to
	// ProductionURL; use SandboxURL, or an httptest server.
	BaseURL string
	// WebhookSecrets are the secrets of the x-inpost-signature HMAC, several
	// while one is being rotated; each must have at least
	// kit.MinWebhookSecretBytes bytes. Defaults to none: ParseWebhook then
	// rejects every webhook with carrier.ErrBadSignature.
	WebhookSecrets []string
	// WebhookTolerance is how far the signed x-inpost-timestamp of a webhook
	// may lie from Now. Defaults to carrier.DefaultTolerance; -1 switches
	// the check off.
	WebhookTolerance time.Duration
	// MaxWebhookBytes is the largest webhook body ParseWebhook reads.
	// Defaults to 1 MiB.
	MaxWebhookBytes int64
	// HTTP configures the shared carrier HTTP client (the host's
	// *http.Client, rate limiter, retries, size cap). Its Carrier and Auth
	// fields are set by New. Defaults to kit.HTTPConfig's defaults.
	HTTP kit.HTTPConfig
	// Now is the clock of webhook timestamps, and HTTP.Now when that is
	// unset. Defaults to time.Now.
	Now func() time.Time
	// Logger receives warnings about tracking events without a readable
	// time (tracking numbers and statuses, never addresses); also used as
	// HTTP.Logger when that is unset. Defaults to discarding.
	Logger *slog.Logger
}

// Carrier tracks InPost parcels with the ShipX API and reads ShipX
// webhooks. It is safe for concurrent use.
type Carrier struct {
	cfg     Config
	base    *url.URL
	client  *kit.HTTPClient
	secrets [][]byte
	log     *slog.Logger
}

var _ carrier.WebhookParser = (*Carrier)(nil)

// New returns an InPost adapter. It fills cfg's defaults and reports every
// invalid field at once.
func New(cfg Config) (*Carrier, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = ProductionURL
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxWebhookBytes <= 0 {
		cfg.MaxWebhookBytes = 1 << 20
	}
	var errs []error
	if err := kit.CheckWebhookSecrets("Config.WebhookSecrets", cfg.WebhookSecrets...); err != nil {
		errs = append(errs, err)
	}
	if cfg.WebhookTolerance < -1 {
		errs = append(errs, fmt.Errorf("Config.WebhookTolerance %s is negative; -1 switches the check off", cfg.WebhookTolerance))
	}
	if strings.ContainsAny(cfg.Token, " \r\n\t") {
		errs = append(errs, errors.New("Config.Token has white space; give the token alone, without \"Bearer\""))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("inpost: invalid Config: %w", err)
	}
	hc := cfg.HTTP
	if hc.Now == nil {
		hc.Now = cfg.Now
	}
	if hc.Logger == nil {
		hc.Logger = cfg.Logger
	}
	var auth kit.Authenticator
	if cfg.Token != "" {
		auth = kit.APIKey{Header: "Authorization", Key: "Bearer " + cfg.Token}
		hc.Secrets = append(append([]string(nil), hc.Secrets...), cfg.Token)
	}
	client, base, err := kit.NewAdapterClient(ID, cfg.BaseURL, auth, hc)
	if err != nil {
		return nil, err
	}
	secrets := make([][]byte, len(cfg.WebhookSecrets))
	for i, s := range cfg.WebhookSecrets {
		secrets[i] = []byte(s)
	}
	return &Carrier{cfg: cfg, base: base, client: client, secrets: secrets, log: cfg.Logger}, nil
}

// ID returns "inpost".
func (c *Carrier) ID() string { return ID }

// Track asks ShipX about one tracking number (spaces and dashes are
// ignored). An unknown number returns an error wrapping carrier.ErrNotFound;
// see the package documentation for the other errors.
func (c *Carrier) Track(ctx context.Context, trackingNumber string) (_ *carrier.Update, resultErr error) {
	defer func() { resultErr = c.client.Redact(resultErr) }()
	n, err := normalize(trackingNumber)
	if err != nil {
		return nil, err
	}
	endpoint := c.base.JoinPath(trackPath, n).String()
	resp, err := c.client.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Accept", "application/json")
		return req, nil
	})
	if err != nil {
		return nil, fmt.Errorf("inpost: track %s: %w", n, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, statusError(n, resp)
	}
	u, skipped, err := parse(resp.Body, n)
	if err != nil {
		return nil, err
	}
	if skipped > 0 {
		c.log.LogAttrs(ctx, slog.LevelWarn, "inpost: tracking events without a readable time or status skipped",
			slog.String("tracking_number", n), slog.Int("skipped", skipped))
	}
	u.TrackingNumber = trackingNumber
	return u, nil
}

// normalize removes spaces and dashes and checks that what is left can be
// an InPost tracking number: 8 to 40 letters and digits (locker and courier
// parcels have 24 digits).
func normalize(number string) (string, error) { return kit.TrackingNumber("inpost", number, 8, 40) }

// statusError maps a non-2xx answer the HTTP client did not retry: 404 (the
// ShipX error resource_not_found) is carrier.ErrNotFound with InPost's
// description, everything else goes through kit.StatusError (401 and 403
// unauthorized, 429 rate limited, 5xx temporary, other 4xx permanent).
func statusError(n string, r *kit.Response) error {
	if r.StatusCode == http.StatusNotFound {
		var e apiError
		if json.Unmarshal(r.Body, &e) == nil && (e.Error != "" || e.Description != "") {
			return kit.APIError("inpost: track "+n, true, []string{strings.TrimSpace(e.Error + " " + e.Description)})
		}
	}
	return fmt.Errorf("inpost: track %s: %w", n, kit.StatusError(ID, r))
}
