package kit

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// OAuthClientConfig describes the HTTP client of an adapter whose carrier
// API takes OAuth2 client-credentials tokens from a token endpoint on the
// same host (UPS, FedEx, USPS). NewOAuthClient checks it and builds the
// HTTPClient with a ClientCredentials authenticator.
type OAuthClientConfig struct {
	// Carrier is the carrier id: HTTPConfig.Carrier and the prefix of
	// errors. Required.
	Carrier string
	// ClientID is the OAuth client id. Required.
	ClientID string
	// ClientSecret is the OAuth client secret. Required.
	ClientSecret string
	// BaseURL is the API root, an absolute http or https URL; trailing
	// slashes are removed. Required: adapters fill in their production URL
	// before calling NewOAuthClient.
	BaseURL string
	// TokenPath is the path of the token endpoint below BaseURL, such as
	// "/oauth/token".
	TokenPath string
	// AuthStyle, Scopes and ExtraHeader are ClientCredentials' fields of the
	// same names.
	AuthStyle   oauth2.AuthStyle
	Scopes      []string
	ExtraHeader http.Header
	// HTTP is the host's HTTPConfig for the adapter; NewOAuthClient sets its
	// Carrier and Auth. Its Client also sends the token requests.
	HTTP HTTPConfig
	// Now is the clock of token expiry, and HTTP.Now when that is unset.
	// Defaults to time.Now.
	Now func() time.Time
	// Logger is HTTP.Logger when that is unset. Defaults to discarding.
	Logger *slog.Logger
}

// NewOAuthClient checks cfg, reporting every missing or invalid field at
// once in one error "<Carrier>: invalid Config: ...", and returns an
// HTTPClient that authenticates with a ClientCredentials token from
// BaseURL+TokenPath, together with BaseURL without trailing slashes. An
// HTTPConfig that NewHTTPClient rejects gives "<Carrier>: <its error>".
func NewOAuthClient(cfg OAuthClientConfig) (client *HTTPClient, base string, err error) {
	var errs []error
	if cfg.Carrier == "" {
		errs = append(errs, errors.New("the carrier id (Carrier) is required"))
	}
	if cfg.ClientID == "" {
		errs = append(errs, errors.New("ClientID is required"))
	}
	if cfg.ClientSecret == "" {
		errs = append(errs, errors.New("ClientSecret is required"))
	}
	if u, err := url.Parse(cfg.BaseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		errs = append(errs, fmt.Errorf("BaseURL %q is not an absolute http(s) URL", cfg.BaseURL))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, "", fmt.Errorf("%s: invalid Config: %w", cfg.Carrier, err)
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	base = strings.TrimRight(cfg.BaseURL, "/")
	hc := cfg.HTTP
	hc.Carrier = cfg.Carrier
	hc.Auth = &ClientCredentials{
		TokenURL:     base + cfg.TokenPath,
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret,
		Scopes:       cfg.Scopes,
		AuthStyle:    cfg.AuthStyle,
		ExtraHeader:  cfg.ExtraHeader,
		Client:       cfg.HTTP.Client,
		Now:          now,
	}
	if hc.Now == nil {
		hc.Now = now
	}
	if hc.Logger == nil {
		hc.Logger = cfg.Logger
	}
	client, err = NewHTTPClient(hc)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", cfg.Carrier, err)
	}
	return client, base, nil
}

// NewAdapterClient builds what the New function of an adapter with a fixed
// credential (an APIKey or BasicAuth) needs: baseURL parsed, and an
// HTTPClient from the host's hc with Carrier set to id and Auth to auth. A
// baseURL without scheme or host gives an error
// "<id>: Config.BaseURL ... is not an absolute URL"; an HTTPConfig that
// NewHTTPClient rejects gives "<id>: <its error>".
func NewAdapterClient(id, baseURL string, auth Authenticator, hc HTTPConfig) (*HTTPClient, *url.URL, error) {
	base, err := url.Parse(baseURL)
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, nil, fmt.Errorf("%s: Config.BaseURL %q is not an absolute URL", id, baseURL)
	}
	hc.Carrier = id
	hc.Auth = auth
	client, err := NewHTTPClient(hc)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", id, err)
	}
	return client, base, nil
}
