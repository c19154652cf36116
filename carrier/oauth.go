package carrier

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// AuthStyle says where ClientCredentials puts the client id and secret in the
// token request.
type AuthStyle int

const (
	// AuthInParams sends client_id and client_secret as form fields (FedEx,
	// USPS). It is the zero value.
	AuthInParams AuthStyle = iota
	// AuthInHeader sends them as HTTP basic authentication (UPS).
	AuthInHeader
)

// DefaultRefreshBefore is how long before its expiry ClientCredentials
// replaces a cached token.
const DefaultRefreshBefore = 60 * time.Second

const maxTokenResponseBytes = 1 << 20

// ClientCredentials is an Authenticator for the OAuth2 client-credentials
// grant (RFC 6749 section 4.4). It fetches a token from TokenURL, caches it,
// and fetches a new one RefreshBefore its expiry; concurrent requests that
// need a token share one fetch. Invalidate (called by HTTPClient on a 401)
// drops the cached token.
//
// A token endpoint answering 400, 401 or 403 gives an error wrapping
// ErrUnauthorized; 408, 429, 5xx and network failures give errors matching
// ErrTemporary, which HTTPClient retries; an answer without an access_token
// matches ErrMalformed. Errors never contain the secret or a token.
//
// Set the exported fields before first use and do not copy a
// ClientCredentials after that: use it through a pointer.
type ClientCredentials struct {
	// TokenURL is the token endpoint. Required.
	TokenURL string
	// ClientID is the client id. Required.
	ClientID string
	// ClientSecret is the client secret. Required.
	ClientSecret string
	// Scopes are sent space-separated in the scope field; none sends no field.
	Scopes []string
	// AuthStyle says where the client id and secret go: AuthInHeader (HTTP
	// basic, UPS) or AuthInParams (form fields client_id and client_secret,
	// FedEx and USPS). Defaults to AuthInParams.
	AuthStyle AuthStyle
	// ExtraParams are extra form fields of the token request.
	ExtraParams url.Values
	// ExtraHeader are extra headers of the token request (e.g. UPS
	// x-merchant-id).
	ExtraHeader http.Header
	// Client sends the token request. Defaults to a client with a 30s timeout.
	Client *http.Client
	// Now is the clock used for expiry. Defaults to time.Now.
	Now func() time.Time
	// RefreshBefore is how long before expiry a token is replaced; for tokens
	// living less than twice as long, half their lifetime is used instead.
	// Defaults to 60s.
	RefreshBefore time.Duration

	mu        sync.Mutex
	token     string
	refreshAt time.Time // zero: no known expiry, keep until invalidated
	inflight  *tokenFetch
	client    *http.Client // default client, made once
}

// tokenFetch is one token request that several callers wait for.
type tokenFetch struct {
	done  chan struct{}
	token string
	err   error
}

// Authenticate sets "Authorization: Bearer <token>", fetching a token first
// when none is cached or the cached one is due for refresh.
func (cc *ClientCredentials) Authenticate(ctx context.Context, req *http.Request) error {
	tok, err := cc.Token(ctx)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	return nil
}

// Invalidate drops the cached token, so the next request fetches a new one.
func (cc *ClientCredentials) Invalidate() {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	cc.token = ""
	cc.refreshAt = time.Time{}
}

// Token returns a valid access token, from the cache or from one fetch shared
// by all concurrent callers. A caller whose ctx ends stops waiting at once;
// when the caller making the fetch is cancelled, a waiting caller makes its
// own.
func (cc *ClientCredentials) Token(ctx context.Context) (string, error) {
	for {
		cc.mu.Lock()
		if cc.token != "" && (cc.refreshAt.IsZero() || cc.now().Before(cc.refreshAt)) {
			tok := cc.token
			cc.mu.Unlock()
			return tok, nil
		}
		if f := cc.inflight; f != nil {
			cc.mu.Unlock()
			select {
			case <-ctx.Done():
				return "", fmt.Errorf("carrier: waiting for an OAuth2 token: %w", ctx.Err())
			case <-f.done:
			}
			if f.err != nil && isContextError(f.err) && ctx.Err() == nil {
				continue // the fetching caller gave up; fetch for ourselves
			}
			return f.token, f.err
		}
		f := &tokenFetch{done: make(chan struct{})}
		cc.inflight = f
		cc.mu.Unlock()

		tok, refreshAt, err := cc.fetch(ctx)
		cc.mu.Lock()
		if err == nil {
			cc.token, cc.refreshAt = tok, refreshAt
		}
		cc.inflight = nil
		cc.mu.Unlock()
		f.token, f.err = tok, err
		close(f.done)
		return tok, err
	}
}

func isContextError(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

func (cc *ClientCredentials) now() time.Time {
	if cc.Now != nil {
		return cc.Now()
	}
	return time.Now()
}

func (cc *ClientCredentials) httpClient() *http.Client {
	if cc.Client != nil {
		return cc.Client
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.client == nil {
		cc.client = &http.Client{Timeout: defaultHTTPTimeout, Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	return cc.client
}

// tokenResponse is the token endpoint's JSON answer (RFC 6749 section 5.1).
// expires_in is a number for most servers and a string for some (UPS).
type tokenResponse struct {
	AccessToken string          `json:"access_token"`
	ExpiresIn   json.RawMessage `json:"expires_in"`
}

// fetch requests a new token and returns it with the time to refresh it.
func (cc *ClientCredentials) fetch(ctx context.Context) (string, time.Time, error) {
	if cc.TokenURL == "" || cc.ClientID == "" || cc.ClientSecret == "" {
		return "", time.Time{}, errors.New("carrier: ClientCredentials needs a TokenURL, a ClientID and a ClientSecret")
	}
	u, err := url.Parse(cc.TokenURL)
	if err != nil {
		return "", time.Time{}, errors.New("carrier: ClientCredentials.TokenURL is not a URL")
	}
	where := "POST " + redactURL(u)
	form := url.Values{}
	for k, vs := range cc.ExtraParams {
		form[k] = append([]string(nil), vs...)
	}
	form.Set("grant_type", "client_credentials")
	if len(cc.Scopes) > 0 {
		form.Set("scope", strings.Join(cc.Scopes, " "))
	}
	if cc.AuthStyle == AuthInParams {
		form.Set("client_id", cc.ClientID)
		form.Set("client_secret", cc.ClientSecret)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, cc.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", time.Time{}, fmt.Errorf("carrier: OAuth2 token request %s: %w", where, errors.Unwrap(err))
	}
	for k, vs := range cc.ExtraHeader {
		req.Header[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if cc.AuthStyle == AuthInHeader {
		req.SetBasicAuth(url.QueryEscape(cc.ClientID), url.QueryEscape(cc.ClientSecret))
	}
	started := cc.now()
	resp, err := cc.httpClient().Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return "", time.Time{}, fmt.Errorf("carrier: OAuth2 token request %s: %w", where, ctx.Err())
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", time.Time{}, Temporary(fmt.Errorf("carrier: OAuth2 token request %s: %w", where, err))
	}
	defer resp.Body.Close()
	body, err := readLimited(resp.Body, resp.ContentLength, maxTokenResponseBytes)
	if err != nil {
		if errors.Is(err, ErrResponseTooLarge) {
			return "", time.Time{}, fmt.Errorf("carrier: OAuth2 token response %s: %w", where, err)
		}
		return "", time.Time{}, Temporary(fmt.Errorf("carrier: OAuth2 token response %s: %w", where, err))
	}
	if resp.StatusCode != http.StatusOK {
		ex := SanitizeExcerpt(cc.redactor().body(body), maxExcerptBytes)
		e := fmt.Errorf("carrier: OAuth2 token request %s: HTTP %d: %s", where, resp.StatusCode, ex)
		switch code := resp.StatusCode; {
		case code == http.StatusBadRequest || code == http.StatusUnauthorized || code == http.StatusForbidden:
			return "", time.Time{}, fmt.Errorf("%w: %w", ErrUnauthorized, e)
		case code == http.StatusRequestTimeout || code == http.StatusTooManyRequests || code >= 500:
			return "", time.Time{}, Temporary(e)
		default:
			return "", time.Time{}, Permanent(e)
		}
	}
	var tr tokenResponse
	if err := json.Unmarshal(body, &tr); err != nil || tr.AccessToken == "" {
		return "", time.Time{}, fmt.Errorf("%w: OAuth2 token response %s has no access_token", ErrMalformed, where)
	}
	var refreshAt time.Time
	if life, ok := parseExpiresIn(tr.ExpiresIn); ok {
		margin := cc.RefreshBefore
		if margin <= 0 {
			margin = DefaultRefreshBefore
		}
		if margin > life/2 {
			margin = life / 2
		}
		refreshAt = started.Add(life - margin)
	}
	return tr.AccessToken, refreshAt, nil
}

// parseExpiresIn reads expires_in given as a JSON number or string of
// seconds. It reports false when it is absent, unparsable or not positive.
func parseExpiresIn(raw json.RawMessage) (time.Duration, bool) {
	s := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	if s == "" || s == "null" {
		return 0, false
	}
	secs, err := strconv.ParseFloat(s, 64)
	if err != nil || secs <= 0 || secs > 10*365*24*3600 {
		return 0, false
	}
	return time.Duration(secs * float64(time.Second)), true
}

// redactor removes the client id and secret from a token endpoint's answer,
// should it echo them: as sent, URL-encoded, JSON-escaped, base64, and as
// the basic-authentication pair.
func (cc *ClientCredentials) redactor() *redactor {
	r := newRedactor(cc.ClientID, cc.ClientSecret)
	r.addPair(cc.ClientID, cc.ClientSecret)
	return r.finish()
}
