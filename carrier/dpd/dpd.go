package dpd

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
)

// ID is the carrier id of DPD.
const ID = "dpd"

// Base URLs of DPD Germany's web services. The service paths
// (/LoginService/V2_1, /ParcelLifeCycleService/V2_0) are appended to them.
// Other DPD countries host the same services under their own URLs: set
// Config.BaseURL to the root DPD gave with the account.
const (
	// ProductionURL is DPD Germany's production web services root.
	ProductionURL = "https://public-ws.dpd.com/services"
	// StageURL is DPD Germany's test web services root, for the test
	// accounts DPD hands out.
	StageURL = "https://public-ws-stage.dpd.com/services"
)

const (
	loginPath   = "/LoginService/V2_1"
	trackPath   = "/ParcelLifeCycleService/V2_0"
	loginAction = "http://dpd.com/common/service/LoginService/2.1/getAuth"
	trackAction = "http://dpd.com/common/service/ParcelLifeCycleService/2.0/getTrackingData"
	// tokenLifetime is how long a login's authToken is used before the
	// adapter logs in again. DPD's tokens live a day; DPD counts logins,
	// so one a day per account and process is the aim, and a token DPD
	// refuses earlier is renewed at once (see Carrier.Track).
	tokenLifetime = 12 * time.Hour
)

// Config configures a DPD adapter. DelisID and Password are required; every
// other field's zero value means its default.
type Config struct {
	// DelisID is the DELIS user id of the DPD web services account.
	// Required.
	DelisID string
	// Password is the account's password. Required.
	Password string
	// BaseURL is the web services root, without a trailing slash. Defaults
	// to ProductionURL (DPD Germany); use StageURL for DPD Germany's test
	// system, another DPD country's root, or an httptest server.
	BaseURL string
	// MessageLanguage chooses the language of DPD's texts and the way it
	// writes dates, such as "de_DE" or "nl_NL". Defaults to "en_US".
	MessageLanguage string
	// HTTP configures the shared carrier HTTP client (the host's
	// *http.Client, rate limiter, retries, size cap). Its Carrier and Auth
	// fields are set by New, and its Client's Transport is wrapped (see the
	// package documentation); the host's *http.Client itself is not
	// changed. Defaults to kit.HTTPConfig's defaults.
	HTTP kit.HTTPConfig
	// Now is the clock of the token's lifetime, and HTTP.Now when that is
	// unset. Defaults to time.Now.
	Now func() time.Time
	// Logger receives warnings about unreadable statuses (tracking numbers
	// and counts, never addresses); also used as HTTP.Logger when that is
	// unset. Defaults to discarding.
	Logger *slog.Logger
}

// Carrier tracks DPD parcels with DPD's ParcelLifeCycleService. It is safe
// for concurrent use.
type Carrier struct {
	cfg    Config
	base   string
	client *kit.HTTPClient
	sess   *session
	log    *slog.Logger
}

var _ carrier.Carrier = (*Carrier)(nil)

// New returns a DPD adapter. It fills cfg's defaults and reports every
// missing or invalid field at once.
func New(cfg Config) (*Carrier, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = ProductionURL
	}
	if cfg.MessageLanguage == "" {
		cfg.MessageLanguage = "en_US"
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	var errs []error
	if cfg.DelisID == "" {
		errs = append(errs, errors.New("the DELIS user id (DelisID) is required"))
	}
	if cfg.Password == "" {
		errs = append(errs, errors.New("the password (Password) is required"))
	}
	if len(cfg.MessageLanguage) != 5 || cfg.MessageLanguage[2] != '_' {
		errs = append(errs, fmt.Errorf("MessageLanguage %q is not of the form ll_CC", cfg.MessageLanguage))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("dpd: invalid Config: %w", err)
	}
	sess := &session{delisID: cfg.DelisID, password: cfg.Password, sem: make(chan struct{}, 1)}
	hc := cfg.HTTP
	hc.Client = withFaultTransport(hc.Client)
	// The DELIS id and password never travel as a basic-authentication
	// pair, but a server may still echo them so: keep that form out of
	// errors as well.
	pair := base64.StdEncoding.EncodeToString([]byte(cfg.DelisID + ":" + cfg.Password))
	// They do travel XML-escaped in the getAuth envelope, and a server
	// that repeats the request repeats them so.
	hc.Secrets = append(append([]string(nil), hc.Secrets...), pair, escape(cfg.DelisID), escape(cfg.Password))
	if hc.Now == nil {
		hc.Now = cfg.Now
	}
	if hc.Logger == nil {
		hc.Logger = cfg.Logger
	}
	client, base, err := kit.NewAdapterClient(ID, cfg.BaseURL, sess, hc)
	if err != nil {
		return nil, err
	}
	c := &Carrier{cfg: cfg, base: strings.TrimRight(base.String(), "/"), client: client, sess: sess, log: cfg.Logger}
	sess.login = c.login
	return c, nil
}

// ID returns "dpd".
func (c *Carrier) ID() string { return ID }

// Track asks DPD's ParcelLifeCycleService about one parcel number (spaces
// and dashes are ignored; the 15-character form with its check character
// and the 28-character label barcode are tracked by their 14-digit parcel
// number). An unknown number, or one DPD has no reached status for yet,
// returns an error wrapping carrier.ErrNotFound; see the package
// documentation for the other errors.
func (c *Carrier) Track(ctx context.Context, trackingNumber string) (_ *carrier.Update, resultErr error) {
	defer func() { resultErr = c.client.Redact(resultErr) }()
	n, err := normalize(trackingNumber)
	if err != nil {
		return nil, err
	}
	for renewed := false; ; renewed = true {
		var used string // the token the last attempt sent
		resp, err := c.client.Do(ctx, func(ctx context.Context) (*http.Request, error) {
			tok, err := c.sess.token(ctx, c.cfg.Now())
			if err != nil {
				return nil, err
			}
			used = tok
			return c.soapRequest(ctx, trackPath, trackAction, trackEnvelope(c.cfg.DelisID, tok, c.cfg.MessageLanguage, n))
		})
		if err != nil {
			return nil, fmt.Errorf("dpd: track %s: %w", n, err)
		}
		u, skipped, err := c.answer(resp, n)
		var af *authFault
		if errors.As(err, &af) && !renewed {
			// DPD refused the token (expired early, or replaced by a
			// login elsewhere): log in again, once.
			c.sess.invalidate(used)
			continue
		}
		if err != nil {
			return nil, err
		}
		if skipped > 0 {
			c.log.LogAttrs(ctx, slog.LevelWarn, "dpd: reached statuses without a readable date skipped",
				slog.String("tracking_number", n), slog.Int("skipped", skipped))
		}
		u.TrackingNumber = trackingNumber
		return u, nil
	}
}

// answer reads the answer to a getTrackingData request: a 2xx body, or a
// DPD fault (see withFaultTransport), or another status through
// kit.StatusError.
func (c *Carrier) answer(resp *kit.Response, n string) (*carrier.Update, int, error) {
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return parse(resp.Body, n)
	}
	if env, ok := decodeFault(resp.Body); ok {
		return nil, 0, faultError("dpd: track "+n, env)
	}
	return nil, 0, fmt.Errorf("dpd: track %s: %w", n, kit.StatusError(ID, resp))
}

// login asks DPD's LoginService for an authToken.
func (c *Carrier) login(ctx context.Context) (string, error) {
	resp, err := c.client.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		return c.soapRequest(ctx, loginPath, loginAction, loginEnvelope(c.cfg.DelisID, c.cfg.Password, c.cfg.MessageLanguage))
	})
	if err != nil {
		return "", fmt.Errorf("dpd: login: %w", err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		if env, ok := decodeFault(resp.Body); ok {
			return "", faultError("dpd: login", env)
		}
		return "", fmt.Errorf("dpd: login: %w", kit.StatusError(ID, resp))
	}
	return parseLogin(resp.Body)
}

// soapRequest builds a SOAP 1.1 POST of body to path.
func (c *Carrier) soapRequest(ctx context.Context, path, action string, body []byte) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, strings.NewReader(string(body)))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "text/xml;charset=UTF-8")
	req.Header.Set("Accept", "text/xml")
	req.Header.Set("SOAPAction", action)
	return req, nil
}

// normalize removes spaces and dashes and returns the 14-digit parcel
// number DPD tracks: the number itself, the first 14 of the 15-character
// form (the 15th is the check character), or characters 8 to 21 of the
// 28-character label barcode.
func normalize(number string) (string, error) {
	n, ok := kit.CompactNumber(number)
	if !ok {
		return "", carrier.Permanent(fmt.Errorf("dpd: tracking number %q has a character DPD never uses: %w", number, carrier.ErrNotFound))
	}
	switch {
	case len(n) == 14 && digits(n):
		return n, nil
	case len(n) == 15 && digits(n[:14]):
		return n[:14], nil
	case len(n) == 28 && digits(n[:27]):
		return n[7:21], nil
	}
	return "", carrier.Permanent(fmt.Errorf("dpd: tracking number %q is not a 14-digit DPD parcel number: %w", number, carrier.ErrNotFound))
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
