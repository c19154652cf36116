package kit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/wismo-dev/wismo/carrier"
)

// defaultRefreshBefore is how long before its expiry ClientCredentials
// replaces a cached token.
const defaultRefreshBefore = 60 * time.Second

const maxTokenResponseBytes = 1 << 20

// ClientCredentials is an Authenticator for the OAuth2 client-credentials
// grant (RFC 6749 section 4.4). golang.org/x/oauth2/clientcredentials makes
// the token request and reads the answer; ClientCredentials caches the token
// and fetches a new one RefreshBefore its expiry on its own clock (Now);
// concurrent requests that need a token share one fetch, and a caller whose
// context ends stops waiting at once. Invalidate (called by HTTPClient on a
// 401) drops the cached token.
//
// A token endpoint answering 400, 401 or 403 gives an error wrapping
// carrier.ErrUnauthorized; 408, 429, 5xx and network failures give
// temporary errors (carrier.IsTemporary), which HTTPClient retries; an answer without an access_token
// matches carrier.ErrMalformed. Errors never contain the secret or a token.
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
	// AuthStyle says where the client id and secret go:
	// oauth2.AuthStyleInHeader (HTTP basic, UPS) or
	// oauth2.AuthStyleInParams (form fields client_id and client_secret,
	// FedEx and USPS). The zero value means oauth2.AuthStyleInParams, not
	// x/oauth2's auto-detection, which sends a second token request after
	// every refused or failed one.
	AuthStyle oauth2.AuthStyle
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
	client    *http.Client              // default client, made once
	conf      *clientcredentials.Config // made once, at the first fetch
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

// fetch requests a new token with golang.org/x/oauth2/clientcredentials
// (which builds the request, sends the client id and secret as AuthStyle
// says and reads the answer, JSON or form) and returns it with the time to
// refresh it. The token request goes through cc's http.Client, wrapped to
// add ExtraHeader and to cap the answer's size. Errors are wismo's: the
// token endpoint's answer is sanitized and stripped of the credentials
// before it is quoted, since x/oauth2's RetrieveError quotes it as sent.
func (cc *ClientCredentials) fetch(ctx context.Context) (string, time.Time, error) {
	if cc.TokenURL == "" || cc.ClientID == "" || cc.ClientSecret == "" {
		return "", time.Time{}, errors.New("carrier: ClientCredentials needs a TokenURL, a ClientID and a ClientSecret")
	}
	u, err := url.Parse(cc.TokenURL)
	if err != nil {
		return "", time.Time{}, errors.New("carrier: ClientCredentials.TokenURL is not a URL")
	}
	where := "POST " + redactURL(u)
	conf := cc.config()
	hc := *cc.httpClient()
	tr := &tokenTransport{base: hc.Transport, header: cc.ExtraHeader}
	if tr.base == nil {
		tr.base = http.DefaultTransport
	}
	hc.Transport = tr
	started := cc.now()
	tok, err := conf.Token(context.WithValue(ctx, oauth2.HTTPClient, &hc))
	if err != nil {
		return "", time.Time{}, cc.tokenError(ctx, where, tr, err)
	}
	var refreshAt time.Time
	life := time.Duration(tok.ExpiresIn) * time.Second
	if life <= 0 && !tok.Expiry.IsZero() { // a form-encoded answer sets only Expiry
		life = time.Until(tok.Expiry)
	}
	if life > 0 {
		margin := cc.RefreshBefore
		if margin <= 0 {
			margin = defaultRefreshBefore
		}
		if margin > life/2 {
			margin = life / 2
		}
		refreshAt = started.Add(life - margin)
	}
	return tok.AccessToken, refreshAt, nil
}

// config returns the clientcredentials.Config of cc, made at the first
// fetch.
func (cc *ClientCredentials) config() *clientcredentials.Config {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.conf == nil {
		style := cc.AuthStyle
		if style == oauth2.AuthStyleAutoDetect {
			style = oauth2.AuthStyleInParams
		}
		cc.conf = &clientcredentials.Config{
			ClientID:       cc.ClientID,
			ClientSecret:   cc.ClientSecret,
			TokenURL:       cc.TokenURL,
			Scopes:         cc.Scopes,
			EndpointParams: cc.ExtraParams,
			AuthStyle:      style,
		}
	}
	return cc.conf
}

// tokenError maps an error of clientcredentials.Config.Token: 400, 401 and
// 403 wrap carrier.ErrUnauthorized; 408, 429, 5xx, network and read failures are
// Temporary; an answer over maxTokenResponseBytes matches
// errResponseTooLarge and one without an access token carrier.ErrMalformed.
func (cc *ClientCredentials) tokenError(ctx context.Context, where string, tr *tokenTransport, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("carrier: OAuth2 token request %s: %w", where, ctx.Err())
	}
	if tr.tooLarge.Load() {
		return fmt.Errorf("carrier: OAuth2 token response %s: %w", where, errResponseTooLarge)
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		code := http.StatusOK
		if re.Response != nil {
			code = re.Response.StatusCode
		}
		ex := sanitizeExcerpt(cc.redactor().body(re.Body), maxExcerptBytes)
		e := fmt.Errorf("carrier: OAuth2 token request %s: HTTP %d: %s", where, code, ex)
		switch {
		case code >= 200 && code <= 299: // an error code in a 200
			return fmt.Errorf("%w: %w", carrier.ErrMalformed, e)
		case code == http.StatusBadRequest || code == http.StatusUnauthorized || code == http.StatusForbidden:
			return fmt.Errorf("%w: %w", carrier.ErrUnauthorized, e)
		case code == http.StatusRequestTimeout || code == http.StatusTooManyRequests || code >= 500:
			return carrier.Temporary(e)
		default:
			return carrier.Permanent(e)
		}
	}
	var ue *url.Error
	if errors.As(err, &ue) { // its text carries the full URL, query included
		return cc.redactor().redactErr(carrier.Temporary(fmt.Errorf("carrier: OAuth2 token request %s: %w", where, ue.Err)))
	}
	// x/oauth2's remaining errors say the answer could not be parsed or
	// held no access_token; they do not quote the body.
	return fmt.Errorf("%w: OAuth2 token response %s has no access_token", carrier.ErrMalformed, where)
}

// tokenTransport is the RoundTripper of one token request: it adds the
// extra headers and Accept, labels a JSON answer as such, and reads the
// answer itself, failing one over
// maxTokenResponseBytes and noting so (x/oauth2 would cut it at 1 MiB and
// report a parse error) and turning a failed read into a transport error,
// which x/oauth2 passes on as it is.
type tokenTransport struct {
	base     http.RoundTripper
	header   http.Header
	tooLarge atomic.Bool
}

func (t *tokenTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	for k, vs := range t.header {
		req.Header[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := readLimited(resp.Body, resp.ContentLength, maxTokenResponseBytes)
	resp.Body.Close()
	if err != nil {
		t.tooLarge.Store(errors.Is(err, errResponseTooLarge))
		return nil, err
	}
	if ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); ct != "application/json" &&
		bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) {
		// A JSON answer labelled text/plain (as Go's server sniffs an
		// unlabelled one) would be read by x/oauth2 as a form.
		if resp.Header = resp.Header.Clone(); resp.Header == nil {
			resp.Header = http.Header{}
		}
		resp.Header.Set("Content-Type", "application/json")
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return resp, nil
}

// redactor removes the client id and secret from a token endpoint's answer,
// should it echo them: as sent, URL-encoded, JSON-escaped, base64, and as
// the basic-authentication pair.
func (cc *ClientCredentials) redactor() *redactor {
	r := newRedactor(cc.ClientID, cc.ClientSecret)
	r.addPair(cc.ClientID, cc.ClientSecret)
	return r.finish()
}
