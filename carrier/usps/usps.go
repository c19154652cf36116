package usps

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
)

// ID is the carrier id of USPS.
const ID = "usps"

// Base URLs of the USPS APIs. The tracking path
// (/tracking/v3/tracking/{trackingNumber}) and the token path
// (/oauth2/v3/token) are appended to them.
const (
	// ProductionURL is the USPS production environment.
	ProductionURL = "https://apis.usps.com"
	// TestURL is the USPS Test Environment for Mailers (TEM).
	TestURL = "https://apis-tem.usps.com"
)

const (
	trackPath = "/tracking/v3/tracking/"
	tokenPath = "/oauth2/v3/token"
)

// Config configures a USPS adapter. ClientID and ClientSecret are required;
// every other field's zero value means its default.
type Config struct {
	// ClientID is the consumer key of the USPS developer app. Required.
	ClientID string
	// ClientSecret is the consumer secret of the USPS developer app. Required.
	ClientSecret string
	// Scopes are the OAuth scopes asked for, such as "tracking". Defaults to
	// none (the app's scopes).
	Scopes []string
	// BaseURL is the API root, without a trailing path. Defaults to
	// ProductionURL; use TestURL for the TEM, or an httptest server.
	BaseURL string
	// ListenerURL is where USPS posts the notifications of the numbers
	// Subscribe subscribes (USPS Subscriptions - Tracking): the host's
	// webhook. Defaults to none: Subscribe then fails with an error
	// wrapping errors.ErrUnsupported.
	ListenerURL string
	// SubscriptionSecrets are the secrets USPS signs notifications with:
	// Subscribe gives USPS SubscriptionSecrets[0], and ParseWebhook accepts
	// a notification signed with any of them (keep an old one while its
	// subscriptions live). Each is exactly SecretLength (32) characters,
	// as USPS requires; New rejects an empty or short one with an error
	// matching kit.ErrWeakSecret. Required with ListenerURL.
	SubscriptionSecrets []string
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

// Carrier tracks USPS mail with the USPS Tracking API v3 and subscribes it
// to USPS tracking notifications. It implements carrier.Carrier,
// carrier.WebhookParser and carrier.Subscriber and is safe for concurrent
// use.
type Carrier struct {
	cfg    Config
	base   string
	client *kit.HTTPClient
	log    *slog.Logger

	mu   sync.Mutex
	subs map[string]string // tracking number -> subscription id made here
}

var _ carrier.Subscriber = (*Carrier)(nil)

// New returns a USPS adapter. It fills cfg's defaults and reports every
// missing or invalid field at once.
func New(cfg Config) (*Carrier, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = ProductionURL
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if err := checkSubscriptions(cfg); err != nil {
		return nil, err
	}
	client, base, err := kit.NewOAuthClient(kit.OAuthClientConfig{
		Carrier:      ID,
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret,
		BaseURL:      cfg.BaseURL,
		TokenPath:    tokenPath,
		Scopes:       cfg.Scopes,
		AuthStyle:    oauth2.AuthStyleInParams,
		HTTP:         cfg.HTTP,
		Now:          cfg.Now,
		Logger:       cfg.Logger,
	})
	if err != nil {
		return nil, err
	}
	return &Carrier{cfg: cfg, base: base, client: client, log: cfg.Logger}, nil
}

// ID returns "usps".
func (c *Carrier) ID() string { return ID }

// Track asks the USPS Tracking API about one tracking number (spaces and
// dashes are ignored). An unknown number returns an error wrapping
// carrier.ErrNotFound; see the package documentation for the other errors.
func (c *Carrier) Track(ctx context.Context, trackingNumber string) (_ *carrier.Update, resultErr error) {
	defer func() { resultErr = c.client.Redact(resultErr) }()
	n, err := normalize(trackingNumber)
	if err != nil {
		return nil, err
	}
	endpoint := c.base + trackPath + url.PathEscape(n) + "?expand=DETAIL"
	resp, err := c.client.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Accept", "application/json")
		return req, nil
	})
	if err != nil {
		return nil, fmt.Errorf("usps: track %s: %w", n, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, statusError(n, resp)
	}
	u, skipped, err := parse(resp.Body, n)
	if err != nil {
		return nil, err
	}
	if skipped > 0 {
		c.log.LogAttrs(ctx, slog.LevelWarn, "usps: tracking events without a readable time skipped",
			slog.String("tracking_number", n), slog.Int("skipped", skipped))
	}
	u.TrackingNumber = trackingNumber
	return u, nil
}

// normalize removes spaces and dashes, upper-cases the number and checks
// that what is left can be a USPS tracking number (IMpb, 420-ZIP prefixed, or
// UPU S10: 10 to 40 letters and digits).
func normalize(number string) (string, error) { return kit.TrackingNumber("usps", number, 10, 40) }
