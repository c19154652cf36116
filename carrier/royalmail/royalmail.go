package royalmail

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
)

// ID is the carrier id of Royal Mail, the id carrier.Detect gives Royal
// Mail's numbers and the name of milestone's Royal Mail code table.
const ID = "royalmail"

// ProductionURL is the root of the Royal Mail Tracking API v2; the paths
// /{mailPieceId}/events, /{mailPieceId}/signature and /summary are
// appended to it.
const ProductionURL = "https://api.royalmail.net/mailpieces/v2"

// MaxSummary is the largest number of mail pieces one Summary call
// accepts (Royal Mail's limit for GET /summary).
const MaxSummary = 30

// Config configures a Royal Mail adapter. ClientID and ClientSecret are
// required; every other field's zero value means its default.
type Config struct {
	// ClientID is the client id of an app subscribed to "Royal Mail
	// Tracking (for Server-side app) v2" on developer.royalmail.net, sent
	// as X-IBM-Client-Id. Required.
	ClientID string
	// ClientSecret is that app's client secret, sent as
	// X-IBM-Client-Secret. Required.
	ClientSecret string
	// BaseURL is the API root. Defaults to ProductionURL; tests point it
	// at an httptest server.
	BaseURL string
	// HTTP configures the shared carrier HTTP client (the host's
	// *http.Client, rate limiter, retries, size cap). Its Carrier and Auth
	// fields are set by New. Royal Mail's plans allow few calls (the
	// assessment plan 50 a day): give HTTP.Limiter your plan's rate.
	// Defaults to kit.HTTPConfig's defaults.
	HTTP kit.HTTPConfig
	// Logger receives warnings about events skipped for an unreadable
	// time (tracking numbers and counts, never names); also used as
	// HTTP.Logger when that is unset. Defaults to discarding.
	Logger *slog.Logger
}

// Carrier tracks Royal Mail items with the Tracking API v2. It is safe
// for concurrent use.
type Carrier struct {
	base   *url.URL
	client *kit.HTTPClient
	log    *slog.Logger
}

var _ carrier.Carrier = (*Carrier)(nil)

// clientAuth sends the client id and secret in the two headers Royal
// Mail's API gateway reads. kit.APIKey sets one header only.
type clientAuth struct{ id, secret string }

// Authenticate sets X-IBM-Client-Id and X-IBM-Client-Secret.
func (a clientAuth) Authenticate(_ context.Context, req *http.Request) error {
	req.Header.Set("X-IBM-Client-Id", a.id)
	req.Header.Set("X-IBM-Client-Secret", a.secret)
	return nil
}

// Credentials returns the client id and secret, which the HTTP client
// keeps out of error texts, and the pair as HTTP basic authentication
// would encode it, a form gateways echo too.
func (a clientAuth) Credentials() []string {
	return []string{a.id, a.secret,
		base64.StdEncoding.EncodeToString([]byte(a.id + ":" + a.secret)),
		base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(a.id) + ":" + url.QueryEscape(a.secret)))}
}

// New returns a Royal Mail adapter. It fills cfg's defaults and reports
// every missing or invalid field at once.
func New(cfg Config) (*Carrier, error) {
	var errs []error
	if cfg.ClientID == "" {
		errs = append(errs, errors.New("ClientID is required"))
	}
	if cfg.ClientSecret == "" {
		errs = append(errs, errors.New("ClientSecret is required"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("royalmail: invalid Config: %w", err)
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
	client, base, err := kit.NewAdapterClient(ID, strings.TrimRight(cfg.BaseURL, "/"), clientAuth{cfg.ClientID, cfg.ClientSecret}, hc)
	if err != nil {
		return nil, err
	}
	return &Carrier{base: base, client: client, log: cfg.Logger}, nil
}

// ID returns "royalmail".
func (c *Carrier) ID() string { return ID }

// Track returns the events Royal Mail knows for a mail piece (its 1D
// barcode such as "FQ087430672GB", or its 2D barcode id), spaces and
// dashes ignored. An unknown number returns an error wrapping
// carrier.ErrNotFound; see the package documentation for the other
// errors.
func (c *Carrier) Track(ctx context.Context, trackingNumber string) (_ *carrier.Update, resultErr error) {
	defer func() { resultErr = c.client.Redact(resultErr) }()
	n, err := normalize(trackingNumber)
	if err != nil {
		return nil, err
	}
	body, err := c.get(ctx, c.base.JoinPath(n, "events"), "track "+n)
	if err != nil {
		return nil, err
	}
	u, skipped, err := parseEvents(body, n)
	if err != nil {
		return nil, err
	}
	if skipped > 0 {
		c.log.LogAttrs(ctx, slog.LevelWarn, "royalmail: events without a readable time skipped",
			slog.String("tracking_number", n), slog.Int("skipped", skipped))
	}
	u.TrackingNumber = trackingNumber
	return u, nil
}

// Summary asks GET /summary for the latest event of up to MaxSummary
// mail pieces in one call, and returns one result per number in the order
// given: an update with that single scan (and the product as Service), or
// the number's own error (an unknown number wraps carrier.ErrNotFound).
// The error is for a failure of the whole request. Summary is a cheap
// poll; it is not carrier.BatchTracker, whose results must equal Track's
// full history.
func (c *Carrier) Summary(ctx context.Context, numbers []string) (_ []carrier.TrackResult, resultErr error) {
	defer func() { resultErr = c.client.Redact(resultErr) }()
	if len(numbers) == 0 {
		return nil, nil
	}
	if len(numbers) > MaxSummary {
		return nil, carrier.Permanent(fmt.Errorf("royalmail: summary of %d numbers, at most %d", len(numbers), MaxSummary))
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
	u := c.base.JoinPath("summary")
	u.RawQuery = url.Values{"mailPieceId": {strings.Join(ask, ",")}}.Encode()
	body, err := c.get(ctx, u, "summary")
	if err != nil {
		return nil, err
	}
	got, err := parseSummary(body)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Err != nil {
			continue
		}
		n, _ := normalize(out[i].TrackingNumber)
		r, ok := got[n]
		switch {
		case !ok:
			out[i].Err = carrier.Permanent(fmt.Errorf("royalmail: summary: no answer for %s: %w", n, carrier.ErrNotFound))
		case r.err != nil:
			out[i].Err = c.client.Redact(r.err) // Royal Mail's texts may repeat what was sent
		default:
			u := *r.update // a number given twice gets two updates, not one shared
			u.Scans = slices.Clone(r.update.Scans)
			u.TrackingNumber = out[i].TrackingNumber
			out[i].Update = &u
		}
	}
	return out, nil
}

// Signature is the proof of delivery Royal Mail keeps for a signed-for
// item. RecipientName is personal data: keep it out of logs.
type Signature struct {
	// RecipientName is the name the recipient gave.
	RecipientName string
	// SignedAt is when the item was signed for, in the zone Royal Mail gave.
	SignedAt time.Time
	// ImageFormat is the image's media type, "image/svg+xml" or "image/png".
	ImageFormat string
	// Image is the signature image: SVG text, or PNG data decoded from
	// Royal Mail's base64.
	Image []byte
}

// Signature asks GET /{mailPieceId}/signature for the signature of a
// delivered signed-for item. An item without one (error E1144 or E1145,
// or an unknown number) returns an error wrapping carrier.ErrNotFound.
func (c *Carrier) Signature(ctx context.Context, trackingNumber string) (_ *Signature, resultErr error) {
	defer func() { resultErr = c.client.Redact(resultErr) }()
	n, err := normalize(trackingNumber)
	if err != nil {
		return nil, err
	}
	body, err := c.get(ctx, c.base.JoinPath(n, "signature"), "signature "+n)
	if err != nil {
		return nil, err
	}
	return parseSignature(body, n)
}

// get sends one GET with Royal Mail's headers and maps every answer but a
// 2xx to the carrier package's errors; what names the call in errors.
func (c *Carrier) get(ctx context.Context, u *url.URL, what string) ([]byte, error) {
	endpoint := u.String()
	resp, err := c.client.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Accept", "application/json")
		req.Header.Set("X-Accept-RMG-Terms", "yes")
		return req, nil
	})
	if err != nil {
		return nil, fmt.Errorf("royalmail: %s: %w", what, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, statusError(what, resp)
	}
	return resp.Body, nil
}

// normalize removes spaces and dashes, upper-cases the number and checks
// that it can be a Royal Mail mail piece id: a 1D barcode (UPU S10 and
// Royal Mail's own 11 to 16 character forms) or a 2D barcode id, 9 to 40
// letters and digits.
func normalize(number string) (string, error) { return kit.TrackingNumber("royalmail", number, 9, 40) }
