package canadapost

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
)

// ID is the carrier id of Canada Post, the id of milestone's Canada Post
// code table and of carrier.Detect's Canada Post matches.
const ID = "canadapost"

// Base URLs of Canada Post's web services (the "SOA gateway").
const (
	// ProductionURL is the production environment.
	ProductionURL = "https://soa-gw.canadapost.ca"
	// DevelopmentURL is the development (test) environment, which takes the
	// development key of a Developer Program account.
	DevelopmentURL = "https://ct.soa-gw.canadapost.ca"
)

// mediaType is the Accept header of the Tracking web service, version 2.
// Canada Post refuses */*.
const mediaType = "application/vnd.cpc.track-v2+xml"

// Config configures a Canada Post adapter. Username and Password are
// required; every other field's zero value means its default.
type Config struct {
	// Username is the user name of the Developer Program API key (the part
	// before the colon). Required.
	Username string
	// Password is the password of the API key (the part after the colon).
	// Required.
	Password string
	// BaseURL is the API root. Defaults to ProductionURL; use DevelopmentURL
	// with a development key, or an httptest server.
	BaseURL string
	// Language is the language of event descriptions, "en" or "fr" (sent as
	// Accept-language en-CA or fr-CA). Defaults to "en".
	Language string
	// HTTP configures the shared carrier HTTP client (the host's
	// *http.Client, rate limiter, retries, size cap). Its Carrier and Auth
	// fields are set by New. Canada Post blocks a key that exceeds its
	// throttle limit for up to a minute ("Rejected by SLM Monitor"): give
	// HTTP.Limiter the limit of your key. Defaults to kit.HTTPConfig's
	// defaults.
	HTTP kit.HTTPConfig
	// Logger receives warnings about events without a readable time
	// (tracking numbers and counts, never names). Defaults to discarding.
	Logger *slog.Logger
}

// Carrier tracks Canada Post parcels with the Tracking web service (Get
// Tracking Details). It is safe for concurrent use.
type Carrier struct {
	base   *url.URL
	lang   string
	client *kit.HTTPClient
	log    *slog.Logger
}

var _ carrier.Carrier = (*Carrier)(nil)

// New returns a Canada Post adapter. It reports every missing or invalid
// field of cfg at once.
func New(cfg Config) (*Carrier, error) {
	var errs []error
	if cfg.Username == "" {
		errs = append(errs, errors.New("Config.Username is required"))
	}
	if cfg.Password == "" {
		errs = append(errs, errors.New("Config.Password is required"))
	}
	lang := cfg.Language
	switch lang {
	case "":
		lang = "en"
	case "en", "fr":
	default:
		errs = append(errs, fmt.Errorf("Config.Language %q is neither \"en\" nor \"fr\"", cfg.Language))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("canadapost: invalid Config: %w", err)
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = ProductionURL
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.HTTP.Logger == nil {
		cfg.HTTP.Logger = cfg.Logger
	}
	client, base, err := kit.NewAdapterClient(ID, strings.TrimRight(cfg.BaseURL, "/"),
		kit.BasicAuth{User: cfg.Username, Password: cfg.Password}, cfg.HTTP)
	if err != nil {
		return nil, err
	}
	return &Carrier{base: base, lang: lang, client: client, log: cfg.Logger}, nil
}

// ID returns "canadapost".
func (c *Carrier) ID() string { return ID }

// Track asks Canada Post for the details of one parcel: a PIN (12, 13 or 16
// characters) or a delivery notice card number (15 digits); spaces and
// dashes are ignored. An unknown number returns an error wrapping
// carrier.ErrNotFound; see the package documentation for the other errors.
func (c *Carrier) Track(ctx context.Context, trackingNumber string) (_ *carrier.Update, resultErr error) {
	defer func() { resultErr = c.client.Redact(resultErr) }()
	n, kind, err := normalize(trackingNumber)
	if err != nil {
		return nil, err
	}
	endpoint := c.base.JoinPath("vis", "track", kind, n, "detail").String()
	resp, err := c.client.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Accept", mediaType)
		req.Header.Set("Accept-Language", c.lang+"-CA")
		return req, nil
	})
	if err != nil {
		return nil, fmt.Errorf("canadapost: track %s: %w", n, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, statusError(n, resp)
	}
	u, skipped, err := parse(resp.Body, n)
	if err != nil {
		return nil, err
	}
	if skipped > 0 {
		c.log.LogAttrs(ctx, slog.LevelWarn, "canadapost: tracking events without a readable date skipped",
			slog.String("tracking_number", n), slog.Int("skipped", skipped))
	}
	u.TrackingNumber = trackingNumber
	return u, nil
}

// normalize removes spaces and dashes and upper-cases the number. It returns
// the path segment Canada Post expects: "dnc" for a delivery notice card
// number (15 digits), "pin" for anything else of 10 to 20 letters and digits
// (PINs have 12, 13 or 16 characters; other lengths are left for Canada Post
// to judge).
func normalize(number string) (n, kind string, err error) {
	n, err = kit.TrackingNumber("canadapost", number, 10, 20)
	if err != nil {
		return "", "", err
	}
	if isDNC(n) {
		return n, "dnc", nil
	}
	return n, "pin", nil
}
