package gls

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
)

// ID is the carrier id of GLS.
const ID = "gls"

// Base URLs of the GLS Group API gateway. The token path
// (/oauth2/v2/token) and the tracking path
// (/track-and-trace-v1/tracking/simple/trackids/...) are appended to them.
const (
	// ProductionURL is the GLS Group API gateway. GLS asks clients to use
	// it for tests as well: its sandbox serves the same data.
	ProductionURL = "https://api.gls-group.net"
	// SandboxURL is the GLS Group sandbox gateway.
	SandboxURL = "https://api-sandbox.gls-group.net"
)

const (
	trackPath = "/track-and-trace-v1/tracking/simple/trackids/"
	tokenPath = "/oauth2/v2/token"
	// maxBatch is the most parcel numbers one request may name (Track And
	// Trace V1: "a maximum limit of 10 parcel IDs per request").
	maxBatch = 10
)

// Config configures a GLS adapter. ClientID and ClientSecret are required;
// every other field's zero value means its default.
type Config struct {
	// ClientID is the API key of the app created in the GLS developer
	// portal. Required.
	ClientID string
	// ClientSecret is the app's secret. Required.
	ClientSecret string
	// BaseURL is the API gateway root, without a trailing path. Defaults to
	// ProductionURL; use an httptest server in tests.
	BaseURL string
	// Language is sent as Accept-Language and chooses the language of the
	// event descriptions, such as "DE". Defaults to "EN".
	Language string
	// HTTP configures the shared carrier HTTP client (the host's
	// *http.Client, rate limiter, retries, size cap). Its Carrier and Auth
	// fields are set by New. Defaults to kit.HTTPConfig's defaults.
	HTTP kit.HTTPConfig
	// Now is the clock, used for token expiry and as HTTP.Now when that is
	// unset. Defaults to time.Now.
	Now func() time.Time
	// Logger receives warnings about unreadable events (tracking numbers
	// and counts, never addresses); also used as HTTP.Logger when that is
	// unset. Defaults to discarding.
	Logger *slog.Logger
}

// Carrier tracks GLS parcels with the GLS Group Track And Trace API. It is
// safe for concurrent use.
type Carrier struct {
	cfg    Config
	base   string
	client *kit.HTTPClient
	log    *slog.Logger
}

var (
	_ carrier.Carrier      = (*Carrier)(nil)
	_ carrier.BatchTracker = (*Carrier)(nil)
)

// New returns a GLS adapter. It fills cfg's defaults and reports every
// missing or invalid field at once.
func New(cfg Config) (*Carrier, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = ProductionURL
	}
	if cfg.Language == "" {
		cfg.Language = "EN"
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
		AuthStyle:    oauth2.AuthStyleInHeader,
		HTTP:         cfg.HTTP,
		Now:          cfg.Now,
		Logger:       cfg.Logger,
	})
	if err != nil {
		return nil, err
	}
	return &Carrier{cfg: cfg, base: base, client: client, log: cfg.Logger}, nil
}

// ID returns "gls".
func (c *Carrier) ID() string { return ID }

// MaxBatch returns 10, the most parcel numbers one Track And Trace request
// may name.
func (c *Carrier) MaxBatch() int { return maxBatch }

// Track asks GLS about one parcel number (spaces and dashes are ignored).
// An unknown number returns an error wrapping carrier.ErrNotFound; see the
// package documentation for the other errors.
func (c *Carrier) Track(ctx context.Context, trackingNumber string) (*carrier.Update, error) {
	res, err := c.TrackBatch(ctx, []string{trackingNumber})
	if err != nil {
		return nil, err
	}
	return res[0].Update, res[0].Err
}

// TrackBatch tracks up to MaxBatch parcel numbers with one request. Each
// number gets its own result, in the order given: a number GLS does not
// know gets an error wrapping carrier.ErrNotFound, a number that cannot be
// a GLS parcel number the same without being sent. The error is for a
// failure of the whole request (credentials, rate limit, a malformed
// answer).
func (c *Carrier) TrackBatch(ctx context.Context, numbers []string) (_ []carrier.TrackResult, resultErr error) {
	defer func() { resultErr = c.client.Redact(resultErr) }()
	if len(numbers) > maxBatch {
		return nil, carrier.Permanent(fmt.Errorf("gls: %d numbers in one batch, at most %d", len(numbers), maxBatch))
	}
	out := make([]carrier.TrackResult, len(numbers))
	var ask []string // distinct normalized numbers to send
	norm := make([]string, len(numbers))
	seen := map[string]bool{}
	for i, n := range numbers {
		out[i].TrackingNumber = n
		k, err := normalize(n)
		if err != nil {
			out[i].Err = err
			continue
		}
		norm[i] = k
		if !seen[k] {
			seen[k] = true
			ask = append(ask, k)
		}
	}
	if len(ask) == 0 {
		return out, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("gls: track: %w", err)
	}
	endpoint := c.base + trackPath + strings.Join(ask, ",")
	resp, err := c.client.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Accept", "application/json")
		req.Header.Set("Accept-Language", c.cfg.Language)
		return req, nil
	})
	what := strings.Join(ask, ",")
	if err != nil {
		return nil, fmt.Errorf("gls: track %s: %w", what, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("gls: track %s: %w", what, kit.StatusError(ID, resp))
	}
	results, skipped, err := parse(resp.Body, ask)
	if err != nil {
		return nil, err
	}
	if skipped > 0 {
		c.log.LogAttrs(ctx, slog.LevelWarn, "gls: events without a readable date skipped",
			slog.String("tracking_numbers", what), slog.Int("skipped", skipped))
	}
	for i := range out {
		if norm[i] == "" {
			continue
		}
		r := results[norm[i]]
		if r.Err != nil {
			out[i].Err = c.client.Redact(r.Err) // GLS's texts may repeat what was sent
			continue
		}
		u := *r.Update
		u.Scans = append(u.Scans[:0:0], r.Update.Scans...)
		u.TrackingNumber = numbers[i]
		out[i].Update = &u
	}
	return out, nil
}

// normalize removes spaces and dashes, upper-cases the number and checks
// that what is left can be a GLS reference: 6 to 14 letters and digits (the
// 6-character notification card id, the 8-character Track ID, the 11- or
// 12-digit parcel number, the 14-character digital notification card id)
// or, for the test parcels GLS documents, "QAS_" and digits. Nothing else
// reaches the URL.
func normalize(number string) (string, error) {
	n, ok := kit.CompactNumber(number)
	// The prefix is four ASCII bytes (four runes in four bytes); the rest
	// goes through CompactNumber, not strings.ToUpper, which would turn
	// 'ı' into 'I' and 'ſ' into 'S'.
	if t := strings.TrimSpace(number); len(t) >= 4 && strings.EqualFold(t[:4], "QAS_") {
		n, ok = kit.CompactNumber(t[4:])
		n = "QAS_" + n
	}
	if !ok {
		return "", carrier.Permanent(fmt.Errorf("gls: tracking number %q has a character GLS never uses: %w", number, carrier.ErrNotFound))
	}
	if len(n) < 6 || len(n) > 14 {
		return "", carrier.Permanent(fmt.Errorf("gls: tracking number %q must have 6 to 14 letters or digits: %w", number, carrier.ErrNotFound))
	}
	return n, nil
}
