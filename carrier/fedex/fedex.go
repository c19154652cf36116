package fedex

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
)

// ID is the carrier id of FedEx.
const ID = "fedex"

// Base URLs of the FedEx APIs. The tracking path (/track/v1/trackingnumbers)
// and the token path (/oauth/token) are appended to them.
const (
	// ProductionURL is the FedEx production environment.
	ProductionURL = "https://apis.fedex.com"
	// SandboxURL is the FedEx sandbox (test) environment.
	SandboxURL = "https://apis-sandbox.fedex.com"
)

// MaxBatch is the largest number of tracking numbers one Track API request
// accepts.
const MaxBatch = 30

const (
	trackPath = "/track/v1/trackingnumbers"
	tokenPath = "/oauth/token"
)

// Config configures a FedEx adapter. ClientID and ClientSecret are required;
// every other field's zero value means its default.
type Config struct {
	// ClientID is the API key of the FedEx developer project. Required.
	ClientID string
	// ClientSecret is the secret key of the FedEx developer project. Required.
	ClientSecret string
	// BaseURL is the API root, without a trailing path. Defaults to
	// ProductionURL; use SandboxURL for tests against FedEx, or an httptest
	// server.
	BaseURL string
	// Locale asks FedEx for descriptions in this language (X-locale header),
	// such as "de_DE". Defaults to "en_US".
	Locale string
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

// Carrier tracks FedEx parcels with the FedEx Track API. It implements
// carrier.BatchTracker. It is safe for concurrent use.
type Carrier struct {
	cfg    Config
	base   string
	client *kit.HTTPClient
	log    *slog.Logger
}

var _ carrier.BatchTracker = (*Carrier)(nil)

// New returns a FedEx adapter. It fills cfg's defaults and reports every
// missing or invalid field at once.
func New(cfg Config) (*Carrier, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = ProductionURL
	}
	if cfg.Locale == "" {
		cfg.Locale = "en_US"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	client, base, err := kit.NewOAuthClient(kit.OAuthClientConfig{
		Carrier:      ID,
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret,
		BaseURL:      cfg.BaseURL,
		TokenPath:    tokenPath,
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

// ID returns "fedex".
func (c *Carrier) ID() string { return ID }

// MaxBatch returns 30, the most numbers one Track API request accepts.
func (c *Carrier) MaxBatch() int { return MaxBatch }

// Track asks the FedEx Track API about one tracking number (spaces and dashes
// are ignored). An unknown number returns an error wrapping
// carrier.ErrNotFound; see the package documentation for the other errors.
func (c *Carrier) Track(ctx context.Context, trackingNumber string) (*carrier.Update, error) {
	res, err := c.TrackBatch(ctx, []string{trackingNumber})
	if err != nil {
		return nil, err
	}
	return res[0].Update, res[0].Err
}

// TrackBatch tracks up to 30 numbers in one request and returns one result
// per number, in the order given. A number FedEx does not know gets an error
// wrapping carrier.ErrNotFound in its result; the returned error is for a
// failure of the whole request (authentication, rate limit, outage,
// malformed answer) or for more than MaxBatch numbers.
func (c *Carrier) TrackBatch(ctx context.Context, numbers []string) (got []carrier.TrackResult, resultErr error) {
	defer func() {
		resultErr = c.client.Redact(resultErr)
		for i := range got {
			got[i].Err = c.client.Redact(got[i].Err)
		}
	}()
	if len(numbers) > MaxBatch {
		return nil, carrier.Permanent(fmt.Errorf("fedex: TrackBatch of %d numbers; the Track API accepts at most %d", len(numbers), MaxBatch))
	}
	out := make([]carrier.TrackResult, len(numbers))
	norm := make([]string, len(numbers))
	var ask []string
	seen := map[string]bool{}
	for i, n := range numbers {
		out[i].TrackingNumber = n
		v, err := normalize(n)
		if err != nil {
			out[i].Err = err
			continue
		}
		norm[i] = v
		if !seen[v] {
			seen[v] = true
			ask = append(ask, v)
		}
	}
	if len(ask) == 0 {
		return out, nil
	}
	body, err := json.Marshal(newTrackRequest(ask))
	if err != nil {
		return nil, fmt.Errorf("fedex: encode track request: %w", err)
	}
	endpoint := c.base + trackPath
	resp, err := c.client.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json")
		req.Header.Set("X-locale", c.cfg.Locale)
		return req, nil
	})
	if err != nil {
		return nil, fmt.Errorf("fedex: track %s: %w", strings.Join(ask, ","), err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, statusError(ask, resp)
	}
	results, err := parse(resp.Body)
	if err != nil {
		return nil, err
	}
	if _, ok := results[ask[0]]; len(ask) == 1 && len(results) == 1 && !ok {
		// FedEx may write the number differently from how it was asked
		// (a long barcode form for the tracking number): with one number
		// asked, its one result is the answer.
		for _, r := range results {
			results[ask[0]] = r
		}
	}
	for i := range out {
		if norm[i] == "" {
			continue
		}
		r, ok := results[norm[i]]
		if !ok {
			out[i].Err = fmt.Errorf("fedex: track %s: the response has no result for this number: %w", norm[i], carrier.ErrMalformed)
			continue
		}
		if r.skipped > 0 {
			c.log.LogAttrs(ctx, slog.LevelWarn, "fedex: scan events without a readable date skipped",
				slog.String("tracking_number", norm[i]), slog.Int("skipped", r.skipped))
		}
		if r.err != nil {
			out[i].Err = r.err
			continue
		}
		u := *r.update
		u.Scans = slices.Clone(u.Scans) // a number given twice gets two independent updates
		u.TrackingNumber = numbers[i]
		out[i].Update = &u
	}
	return out, nil
}

type trackRequest struct {
	IncludeDetailedScans bool           `json:"includeDetailedScans"`
	TrackingInfo         []trackingInfo `json:"trackingInfo"`
}

type trackingInfo struct {
	TrackingNumberInfo struct {
		TrackingNumber string `json:"trackingNumber"`
	} `json:"trackingNumberInfo"`
}

func newTrackRequest(numbers []string) trackRequest {
	r := trackRequest{IncludeDetailedScans: true, TrackingInfo: make([]trackingInfo, len(numbers))}
	for i, n := range numbers {
		r.TrackingInfo[i].TrackingNumberInfo.TrackingNumber = n
	}
	return r
}

// normalize removes spaces and dashes and checks that what is left can be a
// FedEx tracking number or door tag (7 to 40 letters and digits).
func normalize(number string) (string, error) { return kit.TrackingNumber("fedex", number, 7, 40) }
