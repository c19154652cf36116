package auspost

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/time/rate"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
)

// ID is the carrier id of Australia Post, the id of milestone's Australia
// Post code table and of carrier.Detect's Australia Post matches.
const ID = "auspost"

// Base URLs of the Shipping and Tracking API.
const (
	// ProductionURL is the production environment.
	ProductionURL = "https://digitalapi.auspost.com.au"
	// TestURL is the testbed environment.
	TestURL = "https://digitalapi.auspost.com.au/test"
)

// DefaultRate is the request rate of an adapter whose Config.HTTP has no
// Limiter: Track items allows 10 requests a minute per account.
const DefaultRate = rate.Limit(10.0 / 60)

// maxBatch is the most tracking ids one Track Items request takes (error
// 51101 above it).
const maxBatch = 10

// Config configures an Australia Post adapter. APIKey, Password and
// AccountNumber are required; every other field's zero value means its
// default.
type Config struct {
	// APIKey is the API key of the Shipping and Tracking API (the user name
	// of its basic authentication). Required.
	APIKey string
	// Password is the API password that comes with the key. Required.
	Password string
	// AccountNumber is the eParcel or StarTrack account number the key
	// belongs to, sent in the Account-Number header. Required.
	AccountNumber string
	// BaseURL is the API root. Defaults to ProductionURL; use TestURL for the
	// testbed, or an httptest server.
	BaseURL string
	// HTTP configures the shared carrier HTTP client (the host's
	// *http.Client, rate limiter, retries, size cap). Its Carrier and Auth
	// fields are set by New. Australia Post allows 10 Track items requests
	// a minute per account: without an HTTP.Limiter the adapter keeps to
	// DefaultRate (a burst of 10); give it yours if your account's limit
	// differs, and share one limiter between adapters of the same account.
	// Defaults to kit.HTTPConfig's defaults with that limiter.
	HTTP kit.HTTPConfig
	// Logger receives warnings about events without a readable time
	// (tracking numbers and counts). Defaults to discarding.
	Logger *slog.Logger
}

// Carrier tracks Australia Post and StarTrack items with the Shipping and
// Tracking API's Track Items. It is safe for concurrent use.
type Carrier struct {
	base   *url.URL
	client *kit.HTTPClient
	log    *slog.Logger
}

var (
	_ carrier.Carrier      = (*Carrier)(nil)
	_ carrier.BatchTracker = (*Carrier)(nil)
)

// auth authenticates Track Items requests: HTTP basic authentication with
// the API key and password, and the account number in Account-Number.
type auth struct {
	basic   kit.BasicAuth
	account string
}

// Authenticate sets the Authorization and Account-Number headers.
func (a auth) Authenticate(ctx context.Context, req *http.Request) error {
	if err := a.basic.Authenticate(ctx, req); err != nil {
		return err
	}
	req.Header.Set("Account-Number", a.account)
	return nil
}

// Credentials returns the key, the password and the Authorization value
// they make, which kit.HTTPClient removes (in their encoded forms too) from
// error texts.
func (a auth) Credentials() []string {
	pair := base64.StdEncoding.EncodeToString([]byte(a.basic.User + ":" + a.basic.Password))
	return append(a.basic.Credentials(), pair, "Basic "+pair)
}

// New returns an Australia Post adapter. It reports every missing or invalid
// field of cfg at once.
func New(cfg Config) (*Carrier, error) {
	var errs []error
	if cfg.APIKey == "" {
		errs = append(errs, errors.New("Config.APIKey is required"))
	}
	if cfg.Password == "" {
		errs = append(errs, errors.New("Config.Password is required"))
	}
	if cfg.AccountNumber == "" {
		errs = append(errs, errors.New("Config.AccountNumber is required"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("auspost: invalid Config: %w", err)
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
	if cfg.HTTP.Limiter == nil {
		cfg.HTTP.Limiter = rate.NewLimiter(DefaultRate, maxBatch)
	}
	a := auth{basic: kit.BasicAuth{User: cfg.APIKey, Password: cfg.Password}, account: cfg.AccountNumber}
	client, base, err := kit.NewAdapterClient(ID, strings.TrimRight(cfg.BaseURL, "/"), a, cfg.HTTP)
	if err != nil {
		return nil, err
	}
	return &Carrier{base: base, client: client, log: cfg.Logger}, nil
}

// ID returns "auspost".
func (c *Carrier) ID() string { return ID }

// MaxBatch returns 10, the most tracking ids one Track Items request takes.
func (c *Carrier) MaxBatch() int { return maxBatch }

// Track asks Australia Post about one article, consignment or barcode id
// (spaces and dashes are ignored). An unknown number returns an error
// wrapping carrier.ErrNotFound; see the package documentation for the other
// errors.
func (c *Carrier) Track(ctx context.Context, trackingNumber string) (*carrier.Update, error) {
	res, err := c.TrackBatch(ctx, []string{trackingNumber})
	if err != nil {
		return nil, err
	}
	if res[0].Err != nil {
		return nil, res[0].Err
	}
	return res[0].Update, nil
}

// TrackBatch tracks up to 10 numbers in one Track Items request and returns
// one result per number, in the order given. A number Australia Post does not
// know gets an Err wrapping carrier.ErrNotFound in its result; the error is
// for a failure of the whole request.
func (c *Carrier) TrackBatch(ctx context.Context, numbers []string) (_ []carrier.TrackResult, resultErr error) {
	defer func() { resultErr = c.client.Redact(resultErr) }()
	if len(numbers) > maxBatch {
		return nil, carrier.Permanent(fmt.Errorf("auspost: %d tracking numbers in one batch, at most %d", len(numbers), maxBatch))
	}
	out := make([]carrier.TrackResult, len(numbers))
	var ask []string // the distinct valid numbers, compacted
	seen := map[string]bool{}
	compact := make([]string, len(numbers))
	for i, number := range numbers {
		out[i].TrackingNumber = number
		n, err := normalize(number)
		if err != nil {
			out[i].Err = err
			continue
		}
		compact[i] = n
		if !seen[n] {
			seen[n] = true
			ask = append(ask, n)
		}
	}
	if len(ask) == 0 {
		return out, nil
	}
	updates, errs, err := c.track(ctx, ask)
	if err != nil && len(ask) == 1 && errors.Is(err, carrier.ErrNotFound) {
		// The request's own not-found error is about its one number.
		updates, errs, err = nil, map[string]error{ask[0]: err}, nil
	}
	if err != nil {
		return nil, err
	}
	for i := range out {
		n := compact[i]
		if n == "" {
			continue
		}
		if u, ok := updates[n]; ok {
			cp := *u
			cp.Scans = append(cp.Scans[:0:0], u.Scans...)
			cp.TrackingNumber = numbers[i]
			out[i].Update = &cp
			continue
		}
		out[i].Err = c.client.Redact(errs[n]) // Australia Post's texts may repeat what was sent
	}
	return out, nil
}

// track sends one Track Items request for the distinct numbers ns and
// returns an update or an error per number. Australia Post answers error
// 51104 ("one or more submitted tracking ids could not be found") and 51103
// (Australia Post and StarTrack ids mixed) for the whole request; with
// several numbers each is then asked alone, so that the known ones keep
// their answers.
func (c *Carrier) track(ctx context.Context, ns []string) (map[string]*carrier.Update, map[string]error, error) {
	u := c.base.JoinPath("shipping", "v1", "track")
	u.RawQuery = "tracking_ids=" + strings.Join(ns, ",")
	endpoint := u.String()
	resp, err := c.client.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Accept", "application/json")
		return req, nil
	})
	what := strings.Join(ns, ",")
	if err != nil {
		return nil, nil, fmt.Errorf("auspost: track %s: %w", what, err)
	}
	var updates map[string]*carrier.Update
	var errs map[string]error
	skipped := 0
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		err = statusError(what, resp)
	} else {
		updates, errs, skipped, err = parse(resp.Body, ns)
	}
	if err != nil {
		if len(ns) > 1 && (errors.Is(err, carrier.ErrNotFound) || errors.Is(err, errMixed)) {
			return c.one(ctx, ns)
		}
		return nil, nil, err
	}
	if skipped > 0 {
		c.log.LogAttrs(ctx, slog.LevelWarn, "auspost: tracking events without a readable time skipped",
			slog.String("tracking_numbers", what), slog.Int("skipped", skipped))
	}
	return updates, errs, nil
}

// one tracks each of ns in its own request.
func (c *Carrier) one(ctx context.Context, ns []string) (map[string]*carrier.Update, map[string]error, error) {
	updates := map[string]*carrier.Update{}
	errs := map[string]error{}
	for _, n := range ns {
		u, e, err := c.track(ctx, []string{n})
		switch {
		case err != nil && (errors.Is(err, carrier.ErrNotFound) || errors.Is(err, carrier.ErrMalformed)):
			errs[n] = err
		case err != nil:
			return nil, nil, err
		case u[n] != nil:
			updates[n] = u[n]
		default:
			errs[n] = e[n]
		}
	}
	return updates, errs, nil
}

// normalize removes spaces and dashes and upper-cases the number, and checks
// that what is left can be an Australia Post article, consignment or barcode
// id, or a StarTrack consignment: 8 to 40 letters and digits.
func normalize(number string) (string, error) { return kit.TrackingNumber("auspost", number, 8, 40) }
