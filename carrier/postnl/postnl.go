package postnl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
)

// ID is the carrier id of PostNL, the id of milestone's PostNL table and of
// carrier.Detect's PostNL numbers.
const ID = "postnl"

// Base URLs of the PostNL APIs. The Shipping Status path
// (/shipment/v2/status/barcode/{barcode}) is appended to them.
const (
	// ProductionURL is PostNL's production environment.
	ProductionURL = "https://api.postnl.nl"
	// SandboxURL is PostNL's sandbox, which answers for the test customer
	// DEVC with test barcodes.
	SandboxURL = "https://api-sandbox.postnl.nl"
)

const statusPath = "/shipment/v2/status/barcode/"

// Languages are the values of Config.Language the Shipping Status API
// accepts.
var Languages = []string{"NL", "EN", "CN", "DE", "FR"}

// Config configures a PostNL adapter. APIKey is required; every other
// field's zero value means its default.
type Config struct {
	// APIKey is the API key of the PostNL business account (developer
	// portal), sent in the apikey header. Required.
	APIKey string
	// BaseURL is the API root, without a trailing path. Defaults to
	// ProductionURL; use SandboxURL, or an httptest server.
	BaseURL string
	// Language is the language of PostNL's status and event descriptions,
	// one of Languages. Defaults to "NL", PostNL's own default.
	Language string
	// MaxDays limits how many days back PostNL searches for the barcode,
	// which PostNL recommends for speed. Defaults to 0: not sent, PostNL's
	// own limit applies.
	MaxDays int
	// HTTP configures the shared carrier HTTP client (the host's
	// *http.Client, rate limiter, retries, size cap). Its Carrier and Auth
	// fields are set by New. PostNL asks that the service be called only
	// when a status is needed: set HTTP.Limiter to your account's share.
	// Defaults to kit.HTTPConfig's defaults.
	HTTP kit.HTTPConfig
	// Logger receives warnings about events without a readable time
	// (barcodes and codes, never addresses); also used as HTTP.Logger when
	// that is unset. Defaults to discarding.
	Logger *slog.Logger
}

// Carrier tracks PostNL parcels with the Shipping Status API v2. It is safe
// for concurrent use.
type Carrier struct {
	cfg    Config
	base   *url.URL
	client *kit.HTTPClient
	log    *slog.Logger
}

var _ carrier.Carrier = (*Carrier)(nil)

// New returns a PostNL adapter. It fills cfg's defaults and reports every
// missing or invalid field at once.
func New(cfg Config) (*Carrier, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = ProductionURL
	}
	if cfg.Language == "" {
		cfg.Language = "NL"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	var errs []error
	if cfg.APIKey == "" {
		errs = append(errs, errors.New("Config.APIKey is required"))
	}
	cfg.Language = strings.ToUpper(cfg.Language)
	if !slices.Contains(Languages, cfg.Language) {
		errs = append(errs, fmt.Errorf("Config.Language %q is not one of %s", cfg.Language, strings.Join(Languages, ", ")))
	}
	if cfg.MaxDays < 0 {
		errs = append(errs, fmt.Errorf("Config.MaxDays %d is negative", cfg.MaxDays))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("postnl: invalid Config: %w", err)
	}
	hc := cfg.HTTP
	if hc.Logger == nil {
		hc.Logger = cfg.Logger
	}
	client, base, err := kit.NewAdapterClient(ID, cfg.BaseURL, kit.APIKey{Header: "apikey", Key: cfg.APIKey}, hc)
	if err != nil {
		return nil, err
	}
	return &Carrier{cfg: cfg, base: base, client: client, log: cfg.Logger}, nil
}

// ID returns "postnl".
func (c *Carrier) ID() string { return ID }

// Track asks the Shipping Status API about one barcode (spaces and dashes
// are ignored), with its complete history (detail=true). An unknown barcode
// returns an error wrapping carrier.ErrNotFound; see the package
// documentation for the other errors.
func (c *Carrier) Track(ctx context.Context, trackingNumber string) (_ *carrier.Update, resultErr error) {
	defer func() { resultErr = c.client.Redact(resultErr) }()
	n, err := normalize(trackingNumber)
	if err != nil {
		return nil, err
	}
	u := c.base.JoinPath(statusPath, n)
	q := url.Values{"detail": {"true"}, "language": {c.cfg.Language}}
	if c.cfg.MaxDays > 0 {
		q.Set("maxDays", strconv.Itoa(c.cfg.MaxDays))
	}
	u.RawQuery = q.Encode()
	endpoint := u.String()
	resp, err := c.client.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Accept", "application/json")
		return req, nil
	})
	if err != nil {
		return nil, fmt.Errorf("postnl: track %s: %w", n, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, statusError(n, resp)
	}
	upd, skipped, err := parse(resp.Body, n)
	if err != nil {
		return nil, err
	}
	if skipped > 0 {
		c.log.LogAttrs(ctx, slog.LevelWarn, "postnl: events without a readable time skipped",
			slog.String("barcode", n), slog.Int("skipped", skipped))
	}
	upd.TrackingNumber = trackingNumber
	return upd, nil
}

// normalize removes spaces and dashes, upper-cases the barcode and checks
// that what is left can be a PostNL barcode: 8 to 40 letters and digits
// (domestic 3S barcodes have 13 to 15, international ones are UPU S10).
func normalize(number string) (string, error) { return kit.TrackingNumber("postnl", number, 8, 40) }

// errorBody holds PostNL's two documented error shapes: the gateway's
// {"fault": {"faultstring", "detail": {"errorcode"}}} and
// {"message", "http_status_code"}.
type errorBody struct {
	Fault *struct {
		FaultString string `json:"faultstring"`
		Detail      *struct {
			ErrorCode string `json:"errorcode"`
		} `json:"detail"`
	} `json:"fault"`
	Message string `json:"message"`
}

// statusError maps a non-2xx answer the HTTP client did not retry. PostNL
// documents 400, 401, 405, 429 and 500; all go through kit.StatusError (401
// and 403 unauthorized, 404 not found, 429 rate limited, 5xx temporary,
// other 4xx permanent), with PostNL's message when its body has one.
func statusError(n string, r *kit.Response) error {
	err := kit.StatusError(ID, r)
	var b errorBody
	if json.Unmarshal(r.Body, &b) == nil {
		msg := strings.TrimSpace(b.Message)
		if b.Fault != nil {
			msg = strings.TrimSpace(b.Fault.FaultString)
			if b.Fault.Detail != nil && b.Fault.Detail.ErrorCode != "" {
				msg += " (" + strings.TrimSpace(b.Fault.Detail.ErrorCode) + ")"
			}
		}
		if msg != "" {
			return fmt.Errorf("postnl: track %s: %s: %w", n, msg, err)
		}
	}
	return fmt.Errorf("postnl: track %s: %w", n, err)
}
