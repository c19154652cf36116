package laposte

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
)

// ID is the carrier id of La Poste, the id carrier.Detect gives La
// Poste's and Colissimo's numbers.
const ID = "laposte"

// Scan carrier ids: the milestone table each product's scans are read
// with. Colissimo is an alias of La Poste's table in package milestone;
// Chronopost has a table of its own.
const (
	scanColissimo  = "colissimo"
	scanChronopost = "chronopost"
)

// ProductionURL is the root of La Poste's Suivi API v2; the path
// /idships/{idShip} is appended to it.
const ProductionURL = "https://api.laposte.fr/suivi/v2"

// maxBatch is the largest number of tracking numbers one Suivi request
// accepts (the API tracks "one to 10" numbers per call).
const maxBatch = 10

// Config configures a La Poste adapter. APIKey is required; every other
// field's zero value means its default.
type Config struct {
	// APIKey is the X-Okapi-Key of an application subscribed to the Suivi
	// API on developer.laposte.fr. Required.
	APIKey string
	// BaseURL is the API root. Defaults to ProductionURL; tests point it
	// at an httptest server.
	BaseURL string
	// Language is the language of event labels, as La Poste writes it
	// ("fr_FR", "en_GB"). Defaults to "fr_FR".
	Language string
	// HTTP configures the shared carrier HTTP client (the host's
	// *http.Client, rate limiter, retries, size cap). Its Carrier and Auth
	// fields are set by New. Defaults to kit.HTTPConfig's defaults.
	HTTP kit.HTTPConfig
	// Logger receives warnings about events skipped for an unreadable
	// time (tracking numbers and counts); also used as HTTP.Logger when
	// that is unset. Defaults to discarding.
	Logger *slog.Logger
}

// Carrier tracks La Poste letters, Colissimo parcels and Chronopost
// shipments with the Suivi API v2. It is safe for concurrent use.
type Carrier struct {
	base   *url.URL
	lang   string
	client *kit.HTTPClient
	log    *slog.Logger
}

var (
	_ carrier.Carrier      = (*Carrier)(nil)
	_ carrier.BatchTracker = (*Carrier)(nil)
)

// New returns a La Poste adapter. It fills cfg's defaults and reports
// every missing or invalid field at once.
func New(cfg Config) (*Carrier, error) {
	var errs []error
	if cfg.APIKey == "" {
		errs = append(errs, errors.New("APIKey is required"))
	}
	if cfg.Language == "" {
		cfg.Language = "fr_FR"
	}
	if !validLanguage(cfg.Language) {
		errs = append(errs, fmt.Errorf("the Language %q is not of the form fr_FR", cfg.Language))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("laposte: invalid Config: %w", err)
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = ProductionURL
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	hc := cfg.HTTP
	if hc.Logger == nil {
		hc.Logger = cfg.Logger
	}
	client, base, err := kit.NewAdapterClient(ID, strings.TrimRight(cfg.BaseURL, "/"), kit.APIKey{Header: "X-Okapi-Key", Key: cfg.APIKey}, hc)
	if err != nil {
		return nil, err
	}
	return &Carrier{base: base, lang: cfg.Language, client: client, log: cfg.Logger}, nil
}

// validLanguage reports whether s is a language and a country, "fr_FR".
func validLanguage(s string) bool {
	if len(s) != 5 || s[2] != '_' {
		return false
	}
	for i, r := range s {
		switch {
		case i < 2 && r >= 'a' && r <= 'z', i > 2 && r >= 'A' && r <= 'Z', i == 2:
		default:
			return false
		}
	}
	return true
}

// ID returns "laposte".
func (c *Carrier) ID() string { return ID }

// MaxBatch returns 10, the most numbers one Suivi request takes.
func (c *Carrier) MaxBatch() int { return maxBatch }

// Track returns the events La Poste knows for a letter, Colissimo parcel
// or Chronopost shipment (spaces and dashes ignored). An unknown number
// returns an error wrapping carrier.ErrNotFound; see the package
// documentation for the other errors.
func (c *Carrier) Track(ctx context.Context, trackingNumber string) (_ *carrier.Update, resultErr error) {
	defer func() { resultErr = c.client.Redact(resultErr) }()
	n, err := normalize(trackingNumber)
	if err != nil {
		return nil, err
	}
	resp, err := c.get(ctx, []string{n})
	if err != nil {
		return nil, fmt.Errorf("laposte: track %s: %w", n, err)
	}
	if err := wholeError(resp); err != nil {
		return nil, fmt.Errorf("laposte: track %s: %w", n, err)
	}
	results, err := parse(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("laposte: track %s: %w", n, err)
	}
	r := pick(results, n, 0, 1)
	if r.err != nil {
		return nil, fmt.Errorf("laposte: track %s: %w", n, r.err)
	}
	c.warnSkipped(ctx, n, r.skipped)
	r.update.TrackingNumber = trackingNumber
	return r.update, nil
}

// TrackBatch tracks up to 10 numbers in one request and returns one
// result per number, in the order given; an unknown number's result holds
// an error wrapping carrier.ErrNotFound. The error is for a failure of
// the whole request (credentials, rate limit, an unreadable answer).
func (c *Carrier) TrackBatch(ctx context.Context, numbers []string) (_ []carrier.TrackResult, resultErr error) {
	defer func() { resultErr = c.client.Redact(resultErr) }()
	if len(numbers) > maxBatch {
		return nil, carrier.Permanent(fmt.Errorf("laposte: batch of %d numbers, at most %d", len(numbers), maxBatch))
	}
	out := make([]carrier.TrackResult, len(numbers))
	ask := make([]string, 0, len(numbers))
	for i, number := range numbers {
		out[i].TrackingNumber = number
		n, err := normalize(number)
		if err != nil {
			out[i].Err = err
			continue
		}
		ask = append(ask, n)
	}
	if len(ask) == 0 {
		return out, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("laposte: batch: %w", err)
	}
	resp, err := c.get(ctx, ask)
	if err != nil {
		return nil, fmt.Errorf("laposte: batch: %w", err)
	}
	if err := wholeError(resp); err != nil {
		return nil, fmt.Errorf("laposte: batch: %w", err)
	}
	results, err := parse(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("laposte: batch: %w", err)
	}
	asked := 0
	for i := range out {
		if out[i].Err != nil {
			continue
		}
		n, _ := normalize(out[i].TrackingNumber)
		r := pick(results, n, asked, len(ask))
		asked++
		if r.err != nil {
			out[i].Err = c.client.Redact(fmt.Errorf("laposte: track %s: %w", n, r.err))
			continue
		}
		c.warnSkipped(ctx, n, r.skipped)
		u := *r.update // a number given twice gets two updates, not one shared
		u.Scans = slices.Clone(r.update.Scans)
		u.TrackingNumber = out[i].TrackingNumber
		out[i].Update = &u
	}
	return out, nil
}

func (c *Carrier) warnSkipped(ctx context.Context, n string, skipped int) {
	if skipped > 0 {
		c.log.LogAttrs(ctx, slog.LevelWarn, "laposte: events without a readable time skipped",
			slog.String("tracking_number", n), slog.Int("skipped", skipped))
	}
}

// get asks GET /idships/{n1,n2,...}?lang=... and returns the answer for
// every status the HTTP client does not turn into an error itself.
func (c *Carrier) get(ctx context.Context, numbers []string) (*kit.Response, error) {
	u := c.base.JoinPath("idships", strings.Join(numbers, ","))
	u.RawQuery = url.Values{"lang": {c.lang}}.Encode()
	endpoint := u.String()
	return c.client.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Accept", "application/json")
		return req, nil
	})
}

// normalize removes spaces and dashes, upper-cases the number and checks
// that it can be a number La Poste tracks: 8 to 20 letters and digits
// (Colissimo and Lettre suivie numbers have 11 to 15, UPU S10 13,
// Chronopost 13 to 14).
func normalize(number string) (string, error) { return kit.TrackingNumber("laposte", number, 8, 20) }
