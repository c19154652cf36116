package track17

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"golang.org/x/time/rate"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
)

// ID is the carrier id of the adapter; milestone's 17track table classifies
// its codes.
const ID = "17track"

// Production is the base URL of the 17TRACK Tracking API version this
// adapter follows.
const Production = "https://api.17track.net/track/v2.2"

// MaxBatch is the most numbers one 17TRACK request takes.
const MaxBatch = 40

// KeyHeader is the header the API key goes in.
const KeyHeader = "17token"

// SignatureHeader is the header 17TRACK signs its pushes in.
const SignatureHeader = "sign"

// DefaultRate is the request rate New allows when HTTPConfig.Limiter is nil:
// 17TRACK allows 3 requests a second for each key.
const DefaultRate = 3

// ErrQuotaExhausted is matched (errors.Is) by the error of a registration
// that 17TRACK refused because the account's tracking quota is used up
// (error code -18019908). It is not temporary: registrations fail until
// the account gets more quota.
var ErrQuotaExhausted = errors.New("17track: tracking quota used up")

// Config configures the adapter. Only APIKey is required.
type Config struct {
	// APIKey is the account's security key, sent in the 17token header and
	// the key 17TRACK signs its pushes with. Required, and like a webhook
	// secret at least kit.MinWebhookSecretBytes long: New rejects a shorter
	// one with an error matching kit.ErrWeakSecret.
	APIKey string
	// PreviousAPIKeys are keys that ParseWebhook still accepts pushes under
	// while a key change takes effect (17TRACK switches within 5 minutes).
	// Each must be as long as APIKey must be. Defaults to none.
	PreviousAPIKeys []string
	// BaseURL is the versioned API base URL. Defaults to Production.
	BaseURL string
	// CarrierFor returns 17TRACK's carrier code (3011 China Post, 21051 USPS,
	// 100002 UPS, ...) for a number, or 0 to let 17TRACK detect the carrier.
	// Defaults to detection for every number.
	CarrierFor func(trackingNumber string) int
	// MaxWebhookBytes caps a push body. Defaults to 1 MiB.
	MaxWebhookBytes int64
	// HTTP configures the shared HTTP client; its Carrier and Auth are set by
	// New. Its Limiter defaults to DefaultRate requests a second.
	HTTP kit.HTTPConfig
	// Logger receives warnings about events without a readable time
	// (tracking numbers and counts, never addresses); also used as
	// HTTP.Logger when that is unset. Defaults to discarding.
	Logger *slog.Logger
}

// Carrier is the 17TRACK adapter. It implements carrier.Carrier,
// carrier.BatchTracker, carrier.WebhookParser and carrier.Subscriber and is
// safe for concurrent use.
type Carrier struct {
	cfg  Config
	base *url.URL
	http *kit.HTTPClient
	keys [][]byte // the keys pushes may be signed with
}

// New returns an adapter for cfg.
func New(cfg Config) (*Carrier, error) {
	if cfg.APIKey == "" {
		return nil, errors.New("17track: Config.APIKey is required")
	}
	if err := kit.CheckWebhookSecrets("17track: Config.APIKey", cfg.APIKey); err != nil {
		return nil, err
	}
	if err := kit.CheckWebhookSecrets("17track: Config.PreviousAPIKeys", cfg.PreviousAPIKeys...); err != nil {
		return nil, err
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = Production
	}
	if cfg.MaxWebhookBytes <= 0 {
		cfg.MaxWebhookBytes = 1 << 20
	}
	if cfg.HTTP.Limiter == nil {
		cfg.HTTP.Limiter = rate.NewLimiter(DefaultRate, DefaultRate)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.HTTP.Logger == nil {
		cfg.HTTP.Logger = cfg.Logger
	}
	client, base, err := kit.NewAdapterClient(ID, cfg.BaseURL, kit.APIKey{Header: KeyHeader, Key: cfg.APIKey}, cfg.HTTP)
	if err != nil {
		return nil, err
	}
	c := &Carrier{cfg: cfg, base: base, http: client}
	for _, k := range append([]string{cfg.APIKey}, cfg.PreviousAPIKeys...) {
		c.keys = append(c.keys, []byte(k))
	}
	return c, nil
}

// ID returns "17track".
func (c *Carrier) ID() string { return ID }

// MaxBatch returns 40, the most numbers 17TRACK takes in one request.
func (c *Carrier) MaxBatch() int { return MaxBatch }

// Track returns 17TRACK's data for trackingNumber (POST /gettrackinfo). A
// number 17TRACK does not follow yet is registered (POST /register, which
// costs one unit of the account's quota) and, having no data yet, returns
// an error wrapping carrier.ErrNotFound; so does a registered number
// without events.
func (c *Carrier) Track(ctx context.Context, trackingNumber string) (*carrier.Update, error) {
	res, err := c.TrackBatch(ctx, []string{trackingNumber})
	if err != nil {
		return nil, err
	}
	return res[0].Update, res[0].Err
}

// TrackBatch tracks up to MaxBatch numbers with one /gettrackinfo request
// and registers, with one /register request, those 17TRACK does not follow
// yet (their results wrap carrier.ErrNotFound). Each number's result
// carries its own error: 17TRACK answers a batch with a list of accepted
// and a list of rejected numbers.
func (c *Carrier) TrackBatch(ctx context.Context, numbers []string) (_ []carrier.TrackResult, resultErr error) {
	defer func() { resultErr = c.http.Redact(resultErr) }()
	if len(numbers) > MaxBatch {
		return nil, carrier.Permanent(fmt.Errorf("17track: %d numbers in one batch, at most %d", len(numbers), MaxBatch))
	}
	out := make([]carrier.TrackResult, len(numbers))
	var ask []string
	norm := make([]string, len(numbers))
	for i, n := range numbers {
		out[i].TrackingNumber = n
		k, err := normalize(n)
		if err != nil {
			out[i].Err = err
			continue
		}
		norm[i] = k
		if !slices.Contains(ask, k) {
			ask = append(ask, k)
		}
	}
	if len(ask) == 0 {
		return out, nil
	}
	var data answer[trackItem]
	if err := c.call(ctx, "gettrackinfo", c.items(ask, false), &data); err != nil {
		return nil, fmt.Errorf("17track: gettrackinfo: %w", err)
	}
	got := map[string]*carrier.TrackResult{}
	for _, a := range data.Accepted {
		u, skipped, err := a.update()
		c.warnSkipped(ctx, a.Number, skipped)
		switch {
		case err != nil:
			u, err = nil, fmt.Errorf("17track: %s: %w", a.Number, err)
		case len(u.Scans) == 0:
			u, err = nil, fmt.Errorf("17track: %s has no events yet (status %s): %w", a.Number, a.TrackInfo.status(), carrier.ErrNotFound)
		}
		got[key(a.Number)] = &carrier.TrackResult{TrackingNumber: a.Number, Update: u, Err: err}
	}
	var unregistered []string
	for _, r := range data.Rejected {
		err := r.Error.err(r.Number)
		if errors.Is(err, errNotRegistered) && slices.Contains(ask, key(r.Number)) {
			// Only a number asked is registered: each costs quota.
			unregistered = append(unregistered, r.Number)
		}
		got[key(r.Number)] = &carrier.TrackResult{TrackingNumber: r.Number, Err: err}
	}
	if len(unregistered) > 0 {
		regs, err := c.register(ctx, unregistered)
		for _, n := range unregistered {
			rerr := err
			if rerr == nil {
				rerr = regs[key(n)]
			}
			if rerr == nil || errors.Is(rerr, errAlreadyRegistered) {
				rerr = fmt.Errorf("17track: %s: registered now, no data yet: %w", n, carrier.ErrNotFound)
			}
			got[key(n)].Err = rerr
		}
	}
	for i := range out {
		if out[i].Err != nil {
			continue
		}
		r, ok := got[key(norm[i])]
		if !ok {
			out[i].Err = fmt.Errorf("17track: %s: %w: the answer does not mention the number", numbers[i], carrier.ErrMalformed)
			continue
		}
		out[i].Err = c.http.Redact(r.Err)
		if r.Update != nil {
			// A number given twice gets two updates, not one shared.
			u := *r.Update
			u.Scans = slices.Clone(r.Update.Scans)
			u.TrackingNumber = numbers[i]
			out[i].Update = &u
		}
	}
	return out, nil
}

// warnSkipped logs the events of number left out for a time that cannot
// be read.
func (c *Carrier) warnSkipped(ctx context.Context, number string, skipped int) {
	if skipped > 0 {
		c.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "17track: events without a readable time skipped",
			slog.String("tracking_number", number), slog.Int("skipped", skipped))
	}
}

// key compares numbers as 17TRACK does: without case or surrounding space.
func key(n string) string { return strings.ToUpper(strings.TrimSpace(n)) }

// normalize removes the spaces and dashes of a number, upper-cases it and
// checks that what is left is what 17TRACK takes: 5 to 50 letters and
// digits. Anything else is refused before a request, so that no
// registration (one unit of quota) is spent on it.
func normalize(number string) (string, error) { return kit.TrackingNumber("17track", number, 5, 50) }

// Subscribe registers trackingNumber (POST /register) so that 17TRACK
// pushes its updates to the webhook URL of the account's settings. A number
// registered already succeeds; one whose tracking was stopped is restarted
// (POST /retrack, which 17TRACK allows once per number). Registration costs
// one unit of quota; a used-up quota gives an error matching
// ErrQuotaExhausted, a number 17TRACK cannot place with any carrier one
// wrapping carrier.ErrNotFound.
func (c *Carrier) Subscribe(ctx context.Context, trackingNumber string) (_ *carrier.Subscription, resultErr error) {
	defer func() { resultErr = c.http.Redact(resultErr) }()
	n, err := normalize(trackingNumber)
	if err != nil {
		return nil, err
	}
	regs, err := c.register(ctx, []string{n})
	if err != nil {
		return nil, fmt.Errorf("17track: register: %w", err)
	}
	if err := regs[key(n)]; err != nil {
		if !errors.Is(err, errAlreadyRegistered) {
			return nil, err
		}
		if err := c.retrack(ctx, n); err != nil {
			return nil, err
		}
	}
	return &carrier.Subscription{Carrier: ID, TrackingNumber: trackingNumber}, nil
}

// Unsubscribe stops 17TRACK's tracking of trackingNumber (POST /stoptrack):
// no more pushes, while its data stays readable for Track. A number that is
// not registered, or stopped already, succeeds.
func (c *Carrier) Unsubscribe(ctx context.Context, trackingNumber string) (resultErr error) {
	defer func() { resultErr = c.http.Redact(resultErr) }()
	n, err := normalize(trackingNumber)
	if err != nil {
		return nil // a number that cannot be one is not subscribed
	}
	var data answer[numberItem]
	if err := c.call(ctx, "stoptrack", c.items([]string{n}, false), &data); err != nil {
		return fmt.Errorf("17track: stoptrack: %w", err)
	}
	for _, r := range data.Rejected {
		switch r.Error.Code {
		case codeNotRegistered, codeStopOnlyTracking:
		default:
			return r.Error.err(r.Number)
		}
	}
	return nil
}

// retrack restarts the tracking of a registered number; one that is being
// tracked already is fine.
func (c *Carrier) retrack(ctx context.Context, n string) error {
	var data answer[numberItem]
	if err := c.call(ctx, "retrack", c.items([]string{n}, false), &data); err != nil {
		return fmt.Errorf("17track: retrack: %w", err)
	}
	for _, r := range data.Rejected {
		if r.Error.Code != codeRetrackOnlyStopped {
			return r.Error.err(r.Number)
		}
	}
	return nil
}

// register registers numbers and returns the error of each rejected one,
// by key.
func (c *Carrier) register(ctx context.Context, numbers []string) (map[string]error, error) {
	var data answer[numberItem]
	if err := c.call(ctx, "register", c.items(numbers, true), &data); err != nil {
		return nil, err
	}
	out := map[string]error{}
	for _, r := range data.Rejected {
		out[key(r.Number)] = r.Error.err(r.Number)
	}
	return out, nil
}

// requestItem is one number of a request.
type requestItem struct {
	Number        string `json:"number"`
	Carrier       int    `json:"carrier,omitempty"`
	AutoDetection *bool  `json:"auto_detection,omitempty"`
}

// items builds a request's list; a registration without a carrier code
// asks for detection.
func (c *Carrier) items(numbers []string, register bool) []requestItem {
	items := make([]requestItem, len(numbers))
	detect := true
	for i, n := range numbers {
		items[i].Number = n
		if c.cfg.CarrierFor != nil {
			items[i].Carrier = max(c.cfg.CarrierFor(n), 0)
		}
		if register && items[i].Carrier == 0 {
			items[i].AutoDetection = &detect
		}
	}
	return items
}

// call posts req to the API's path and decodes the answer's data into out.
func (c *Carrier) call(ctx context.Context, path string, req any, out any) error {
	body, err := json.Marshal(req)
	if err != nil {
		return err
	}
	u := c.base.JoinPath(path).String()
	resp, err := c.http.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		r, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Accept", "application/json")
		return r, nil
	})
	if err != nil {
		return err
	}
	return decode(resp, out)
}

// decode reads an answer: {"code": 0, "data": {...}}. A non-zero code is a
// failure of the whole request, described in data.errors.
func decode(resp *kit.Response, out any) error {
	var env struct {
		Code int             `json:"code"`
		Data json.RawMessage `json:"data"`
	}
	jsonErr := json.Unmarshal(resp.Body, &env)
	var errs struct {
		Errors []apiError `json:"errors"`
	}
	if jsonErr == nil && len(env.Data) > 0 {
		_ = json.Unmarshal(env.Data, &errs)
	}
	switch {
	case resp.StatusCode == http.StatusNotFound:
		// 17TRACK answers 404 for a wrong URL, not for a number.
		return carrier.Permanent(fmt.Errorf("HTTP 404, a wrong URL (is Config.BaseURL right?): %v", kit.StatusError(ID, resp)))
	case resp.StatusCode/100 != 2:
		return kit.StatusError(ID, resp)
	case jsonErr != nil:
		return fmt.Errorf("%w: %v", carrier.ErrMalformed, jsonErr)
	case env.Code != 0:
		e := apiError{Code: env.Code}
		if len(errs.Errors) > 0 {
			e = errs.Errors[0]
		}
		return e.err("")
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return fmt.Errorf("%w: data: %v", carrier.ErrMalformed, err)
	}
	return nil
}

// answer is the data of a successful answer.
type answer[T any] struct {
	Accepted []T `json:"accepted"`
	Rejected []struct {
		Number string   `json:"number"`
		Error  apiError `json:"error"`
	} `json:"rejected"`
}

// numberItem is an accepted number of /register, /stoptrack and /retrack.
type numberItem struct {
	Number  string `json:"number"`
	Carrier int    `json:"carrier"`
}
