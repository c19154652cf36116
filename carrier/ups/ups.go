package ups

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/oauth2"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
)

// ID is the carrier id of UPS.
const ID = "ups"

// Base URLs of the UPS APIs. The tracking path (/api/track/v1/details/...)
// and the token path (/security/v1/oauth/token) are appended to them.
const (
	// ProductionURL is the UPS production environment.
	ProductionURL = "https://onlinetools.ups.com"
	// SandboxURL is the UPS Customer Integration Environment (CIE).
	SandboxURL = "https://wwwcie.ups.com"
)

const (
	trackPath = "/api/track/v1/details/"
	tokenPath = "/security/v1/oauth/token"
)

// Config configures a UPS adapter. ClientID and ClientSecret are required;
// every other field's zero value means its default.
type Config struct {
	// ClientID is the OAuth client id of the UPS developer app. Required.
	ClientID string
	// ClientSecret is the OAuth client secret of the UPS developer app. Required.
	ClientSecret string
	// MerchantID is the UPS account (shipper) number, sent as x-merchant-id
	// on the token request. Defaults to none.
	MerchantID string
	// BaseURL is the API root, without a trailing path. Defaults to
	// ProductionURL; use SandboxURL for the CIE, or an httptest server.
	BaseURL string
	// Locale asks UPS for descriptions in this language, such as "de_DE".
	// Defaults to "en_US".
	Locale string
	// TransactionSource is sent as the transactionSrc header UPS requires.
	// Defaults to "wismo".
	TransactionSource string
	// AlertURL is where UPS Track Alert pushes the events of the numbers
	// Subscribe subscribes: the host's webhook, reachable by UPS around the
	// clock (UPS does not repeat a push it could not deliver). Defaults to
	// none: Subscribe then fails with an error wrapping
	// errors.ErrUnsupported.
	AlertURL string
	// AlertSecrets are the credentials of Track Alert pushes: Subscribe
	// gives UPS AlertSecrets[0], which UPS repeats in the credential header
	// of each push, and ParseWebhook accepts a push carrying any of them
	// (keep the old one until its subscriptions have ended, 14 days).
	// Required with AlertURL. Each must have at least
	// kit.MinWebhookSecretBytes bytes: New rejects an empty or short one
	// with an error matching kit.ErrWeakSecret.
	AlertSecrets []string
	// HTTP configures the shared carrier HTTP client (the host's
	// *http.Client, rate limiter, retries, size cap). Its Carrier and Auth
	// fields are set by New. Defaults to kit.HTTPConfig's defaults.
	HTTP kit.HTTPConfig
	// Now is the clock, used for token expiry and as HTTP.Now when that is
	// unset. Defaults to time.Now.
	Now func() time.Time
	// Logger receives debug records (tracking numbers and codes, never
	// addresses); also used as HTTP.Logger when that is unset. Defaults to
	// discarding.
	Logger *slog.Logger
}

// Carrier tracks UPS parcels with the UPS Tracking API and subscribes them
// to UPS Track Alert pushes. It implements carrier.Carrier,
// carrier.WebhookParser and carrier.Subscriber and is safe for concurrent
// use.
type Carrier struct {
	cfg    Config
	base   string
	client *kit.HTTPClient
	log    *slog.Logger
}

var _ carrier.Subscriber = (*Carrier)(nil)

// New returns a UPS adapter. It fills cfg's defaults and reports every
// missing or invalid field at once.
func New(cfg Config) (*Carrier, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = ProductionURL
	}
	if cfg.Locale == "" {
		cfg.Locale = "en_US"
	}
	if cfg.TransactionSource == "" {
		cfg.TransactionSource = "wismo"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if err := checkAlert(cfg); err != nil {
		return nil, err
	}
	var extra http.Header
	if cfg.MerchantID != "" {
		extra = http.Header{"X-Merchant-Id": {cfg.MerchantID}}
	}
	client, base, err := kit.NewOAuthClient(kit.OAuthClientConfig{
		Carrier:      ID,
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret,
		BaseURL:      cfg.BaseURL,
		TokenPath:    tokenPath,
		AuthStyle:    oauth2.AuthStyleInHeader,
		ExtraHeader:  extra,
		HTTP:         cfg.HTTP,
		Now:          cfg.Now,
		Logger:       cfg.Logger,
	})
	if err != nil {
		return nil, err
	}
	return &Carrier{cfg: cfg, base: base, client: client, log: cfg.Logger}, nil
}

// ID returns "ups".
func (c *Carrier) ID() string { return ID }

// Track asks the UPS Tracking API about one tracking number (spaces and
// dashes are ignored). An unknown number returns an error wrapping
// carrier.ErrNotFound; see the package documentation for the other errors.
func (c *Carrier) Track(ctx context.Context, trackingNumber string) (_ *carrier.Update, resultErr error) {
	defer func() { resultErr = c.client.Redact(resultErr) }()
	n, err := normalize(trackingNumber)
	if err != nil {
		return nil, err
	}
	q := url.Values{"locale": {c.cfg.Locale}, "returnSignature": {"false"}}
	endpoint := c.base + trackPath + url.PathEscape(n) + "?" + q.Encode()
	resp, err := c.client.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Accept", "application/json")
		// transId must be unique per request; UPS allows up to 32 characters.
		req.Header.Set("transId", rand.Text())
		req.Header.Set("transactionSrc", c.cfg.TransactionSource)
		return req, nil
	})
	if err != nil {
		return nil, fmt.Errorf("ups: track %s: %w", n, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, statusError(n, resp)
	}
	u, skipped, err := parse(resp.Body, n)
	if err != nil {
		return nil, err
	}
	if skipped > 0 {
		c.log.LogAttrs(ctx, slog.LevelWarn, "ups: activities without a readable date skipped",
			slog.String("tracking_number", n), slog.Int("skipped", skipped))
	}
	u.TrackingNumber = trackingNumber
	return u, nil
}

// normalize removes spaces and dashes, upper-cases the number and checks
// that what is left can be a UPS inquiry number (7 to 34 letters and digits).
func normalize(number string) (string, error) { return kit.TrackingNumber("ups", number, 7, 34) }
