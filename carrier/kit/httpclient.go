package kit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cenkalti/backoff/v4"
	"golang.org/x/time/rate"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/clock"
)

// defaultUserAgent is the User-Agent HTTPClient sends when neither the request
// nor HTTPConfig sets one.
const defaultUserAgent = "wismo (+https://github.com/wismo-dev/wismo)"

// Defaults of HTTPConfig.
const (
	defaultMaxRetries      = 4
	defaultMaxElapsed      = 2 * time.Minute
	defaultMaxBytes        = 4 << 20
	defaultInitialBackoff  = 500 * time.Millisecond
	defaultMaxBackoff      = 30 * time.Second
	defaultJitter          = 0.5
	defaultRequestsPerSec  = 10
	defaultLimiterBurst    = 10
	defaultHTTPTimeout     = 30 * time.Second
	maxExcerptBytes        = 200
	maxSanitizedInputBytes = 64 << 10
)

// errResponseTooLarge is matched (errors.Is) by the error HTTPClient.Do
// returns when a response body exceeds HTTPConfig.MaxBytes. It matches
// carrier.ErrMalformed, the way to test for it. Such a response is not
// retried: the carrier would send the same body again.
var errResponseTooLarge error = &sentinel{msg: "carrier: response body too large", parent: carrier.ErrMalformed}

// sentinel is an error value that also matches a broader sentinel.
type sentinel struct {
	msg    string
	parent error
}

func (e *sentinel) Error() string { return e.msg }
func (e *sentinel) Unwrap() error { return e.parent }

// HTTPConfig configures an HTTPClient. The zero value of every field means its
// default; only Carrier is required.
type HTTPConfig struct {
	// Carrier is the carrier id, used in errors and log records. Required.
	Carrier string
	// Client is the host's HTTP client; its Transport, proxy and TLS settings
	// are used as they are. Defaults to a client with a 30 second timeout and a transport of its own (a clone of http.DefaultTransport).
	Client *http.Client
	// Limiter paces requests for one carrier account; share one Limiter
	// between the HTTPClients of the same account. Each attempt (retries
	// included) takes one token, waiting with ReserveN and Sleep, so the
	// limit holds on the injected clock. Defaults to rate.NewLimiter(10, 10).
	Limiter *rate.Limiter
	// MaxRetries is the number of retries after the first attempt for
	// temporary failures. Defaults to 4; -1 switches retries off.
	MaxRetries int
	// MaxElapsed is the time budget for one Do call's retries: a wait that
	// would end after it is not started. Defaults to 2 minutes; -1 switches
	// the budget off (MaxRetries alone bounds the retries).
	MaxElapsed time.Duration
	// MaxBytes caps a response body; larger bodies fail with an error
	// matching carrier.ErrMalformed. Defaults to 4 MiB.
	MaxBytes int64
	// Auth adds credentials to each request (APIKey, BasicAuth,
	// *ClientCredentials). Nil means none. What it holds (see
	// CredentialHolder) and what it puts on a request are kept out of
	// error texts and the bodies of non-2xx Responses.
	Auth Authenticator
	// Secrets are further values to keep out of error texts and the
	// bodies of non-2xx Responses, in every encoding HTTPClient knows:
	// credentials an adapter sends other than through Auth, such as a key
	// in a request body. Defaults to none.
	Secrets []string
	// UserAgent is set on requests that have none. Defaults to
	// "wismo (+https://github.com/wismo-dev/wismo)".
	UserAgent string
	// Now is the clock. Defaults to time.Now.
	Now func() time.Time
	// Sleep waits for d or until ctx ends, returning ctx's error in that case.
	// Defaults to a timer that honours ctx.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter is the backoff randomization factor in (0, 1]: each wait is
	// drawn from [d*(1-Jitter), d*(1+Jitter)]. Defaults to 0.5; -1 switches
	// it off (tests do, for exact waits).
	Jitter float64
	// InitialBackoff is the first retry wait; each next one is twice as
	// long. Defaults to 500ms.
	InitialBackoff time.Duration
	// MaxBackoff caps one retry wait (before jitter; a Retry-After may ask
	// for longer). Defaults to 30s.
	MaxBackoff time.Duration
	// Logger receives one debug record per retry (carrier id, attempt,
	// status, wait), never URLs, bodies or credentials. Defaults to discard.
	Logger *slog.Logger
}

// HTTPClient is the HTTP client carrier adapters share: it paces requests with
// a rate limiter, retries temporary failures with exponential backoff and
// jitter, adds credentials, and caps response sizes. It is safe for
// concurrent use.
type HTTPClient struct {
	cfg    HTTPConfig
	jitter float64
}

// NewHTTPClient fills cfg's defaults and validates it.
func NewHTTPClient(cfg HTTPConfig) (*HTTPClient, error) {
	if cfg.Carrier == "" {
		return nil, errors.New("carrier: HTTPConfig.Carrier is required")
	}
	if cfg.MaxRetries < -1 {
		return nil, fmt.Errorf("carrier: HTTPConfig.MaxRetries is %d; use -1 for no retries", cfg.MaxRetries)
	}
	if cfg.MaxElapsed < -1 {
		return nil, fmt.Errorf("carrier: HTTPConfig.MaxElapsed is %s; use -1 for no budget", cfg.MaxElapsed)
	}
	if cfg.MaxBytes < 0 {
		return nil, fmt.Errorf("carrier: HTTPConfig.MaxBytes is negative (%d)", cfg.MaxBytes)
	}
	if cfg.InitialBackoff < 0 || cfg.MaxBackoff < 0 {
		return nil, errors.New("carrier: HTTPConfig.InitialBackoff and MaxBackoff must not be negative")
	}
	c := &HTTPClient{cfg: cfg, jitter: defaultJitter}
	switch j := cfg.Jitter; {
	case j == -1:
		c.jitter = 0
	case j < 0 || j > 1 || math.IsNaN(j):
		return nil, fmt.Errorf("carrier: HTTPConfig.Jitter is %v; it must lie in (0, 1], or be -1 to switch it off", j)
	case j > 0:
		c.jitter = j
	}
	if c.cfg.Client == nil {
		c.cfg.Client = &http.Client{Timeout: defaultHTTPTimeout, Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	if c.cfg.Limiter == nil {
		c.cfg.Limiter = rate.NewLimiter(defaultRequestsPerSec, defaultLimiterBurst)
	} else if c.cfg.Limiter.Limit() != rate.Inf && c.cfg.Limiter.Burst() < 1 {
		return nil, errors.New("carrier: HTTPConfig.Limiter has a burst below 1 and would never allow a request")
	}
	switch c.cfg.MaxRetries {
	case 0:
		c.cfg.MaxRetries = defaultMaxRetries
	case -1:
		c.cfg.MaxRetries = 0
	}
	if c.cfg.MaxElapsed == 0 {
		c.cfg.MaxElapsed = defaultMaxElapsed
	}
	if c.cfg.MaxBytes == 0 {
		c.cfg.MaxBytes = defaultMaxBytes
	}
	if c.cfg.UserAgent == "" {
		c.cfg.UserAgent = defaultUserAgent
	}
	if c.cfg.Now == nil {
		c.cfg.Now = time.Now
	}
	if c.cfg.Sleep == nil {
		c.cfg.Sleep = clock.Sleep
	}
	if c.cfg.InitialBackoff == 0 {
		c.cfg.InitialBackoff = defaultInitialBackoff
	}
	if c.cfg.MaxBackoff == 0 {
		c.cfg.MaxBackoff = defaultMaxBackoff
	}
	if c.cfg.Logger == nil {
		c.cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

// Response is a read, size-limited HTTP response.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

// outcome is what one attempt produced.
type outcome struct {
	resp         *Response
	err          error
	retry        bool          // a temporary failure, worth another attempt
	retryAfter   time.Duration // the server's Retry-After, if any
	unauthorized bool          // 401: fresh credentials may help
}

// Do sends the request that build makes (called once per attempt, so bodies
// can be re-read), after waiting for the limiter. It retries temporary
// failures with exponential backoff and jitter: network errors and timeouts,
// 408, 5xx other than 501, and 429, waiting at least the Retry-After the
// server asked for (seconds or HTTP-date). On 401 with an Auth that implements
// Invalidator it invalidates the credentials and retries once.
//
// Do returns the Response for every other status (2xx, 3xx, 4xx) with a nil
// error: the adapter decides what a 404 or a 400 means for its carrier (see
// StatusError). When retries are exhausted, or the next wait would overrun
// MaxElapsed, it returns a *carrier.RateLimitError (for a 429, with the last
// Retry-After) or a temporary error (carrier.IsTemporary: 5xx, network). A
// body over MaxBytes gives an error matching carrier.ErrMalformed. When ctx ends, Do
// stops at once, also during a wait, and returns an error wrapping ctx.Err().
// Errors name the method, host and path, never the query or credentials.
func (c *HTTPClient) Do(ctx context.Context, build func(ctx context.Context) (*http.Request, error)) (*Response, error) {
	if build == nil {
		return nil, fmt.Errorf("carrier %s: HTTPClient.Do needs a request builder", c.cfg.Carrier)
	}
	b := backoff.NewExponentialBackOff(
		backoff.WithInitialInterval(c.cfg.InitialBackoff),
		backoff.WithMultiplier(2),
		backoff.WithMaxInterval(c.cfg.MaxBackoff),
		backoff.WithRandomizationFactor(c.jitter),
		backoff.WithMaxElapsedTime(0), // the budget is checked below, against the whole wait
		backoff.WithClockProvider(clock.Backoff(c.cfg.Now)),
	)
	start := c.cfg.Now()
	inv, _ := c.cfg.Auth.(Invalidator)
	reauthed := false
	retries := 0
	for attempt := 1; ; attempt++ {
		if err := c.waitLimiter(ctx); err != nil {
			return nil, err
		}
		o := c.once(ctx, build)
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("carrier %s: %w", c.cfg.Carrier, err)
		}
		if o.unauthorized && inv != nil && !reauthed {
			reauthed = true
			inv.Invalidate()
			c.cfg.Logger.DebugContext(ctx, "carrier: 401, retrying with fresh credentials",
				"carrier", c.cfg.Carrier, "attempt", attempt)
			continue
		}
		if !o.retry {
			return o.resp, o.err
		}
		if retries >= c.cfg.MaxRetries {
			return nil, c.exhausted(o, attempt)
		}
		wait := b.NextBackOff()
		if o.retryAfter > wait {
			wait = o.retryAfter
		}
		if c.cfg.MaxElapsed > 0 && c.cfg.Now().Sub(start)+wait > c.cfg.MaxElapsed {
			return nil, c.exhausted(o, attempt)
		}
		c.logRetry(ctx, o, attempt, wait)
		if err := c.cfg.Sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("carrier %s: waiting to retry: %w", c.cfg.Carrier, err)
		}
		retries++
	}
}

// logRetry records a retry. For an HTTP answer it logs the status only: the
// body may carry a customer's data.
func (c *HTTPClient) logRetry(ctx context.Context, o outcome, attempt int, wait time.Duration) {
	attrs := []any{"carrier", c.cfg.Carrier, "attempt", attempt, "wait", wait}
	if o.resp != nil {
		attrs = append(attrs, "status", o.resp.StatusCode)
	} else {
		attrs = append(attrs, "err", o.err)
	}
	c.cfg.Logger.DebugContext(ctx, "carrier: retrying", attrs...)
}

// exhausted is the error for a temporary failure that will not be retried.
func (c *HTTPClient) exhausted(o outcome, attempts int) error {
	if o.resp != nil && o.resp.StatusCode == http.StatusTooManyRequests {
		return &carrier.RateLimitError{Carrier: c.cfg.Carrier, RetryAfter: o.retryAfter}
	}
	return fmt.Errorf("%w (gave up after %d attempts)", o.err, attempts)
}

// waitLimiter takes one limiter token, sleeping until it is due.
func (c *HTTPClient) waitLimiter(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("carrier %s: %w", c.cfg.Carrier, err)
	}
	now := c.cfg.Now()
	r := c.cfg.Limiter.ReserveN(now, 1)
	if !r.OK() {
		return &carrier.RateLimitError{Carrier: c.cfg.Carrier}
	}
	d := r.DelayFrom(now)
	if d <= 0 {
		return nil
	}
	if err := c.cfg.Sleep(ctx, d); err != nil {
		r.CancelAt(c.cfg.Now())
		return fmt.Errorf("carrier %s: waiting for the rate limiter: %w", c.cfg.Carrier, err)
	}
	return nil
}

// once makes one attempt.
func (c *HTTPClient) once(ctx context.Context, build func(ctx context.Context) (*http.Request, error)) outcome {
	id := c.cfg.Carrier
	req, err := build(ctx)
	if err != nil {
		return outcome{err: fmt.Errorf("carrier %s: building request: %w", id, err)}
	}
	if req == nil {
		return outcome{err: fmt.Errorf("carrier %s: request builder returned no request", id)}
	}
	if req.Context() == context.Background() {
		req = req.WithContext(ctx)
	}
	if req.Header == nil {
		req.Header = http.Header{}
	}
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", c.cfg.UserAgent)
	}
	where := req.Method + " " + redactURL(req.URL)
	beforeHeader, beforeQuery := req.Header.Clone(), ""
	if req.URL != nil {
		beforeQuery = req.URL.RawQuery
	}
	var rd *redactor
	red := func() *redactor { // made once, when needed, after Authenticate
		if rd == nil {
			rd = c.redactor(req, beforeHeader, beforeQuery)
			if rd == nil {
				rd = &redactor{}
			}
		}
		return rd
	}
	if c.cfg.Auth != nil {
		if err := c.cfg.Auth.Authenticate(ctx, req); err != nil {
			return outcome{err: red().redactErr(fmt.Errorf("carrier %s: authenticating %s: %w", id, where, err)), retry: carrier.IsTemporary(err)}
		}
	}
	hr, err := c.cfg.Client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its text carries the full URL, query included
		}
		return outcome{err: red().redactErr(carrier.Temporary(fmt.Errorf("carrier %s: %s: %w", id, where, err))), retry: true}
	}
	defer hr.Body.Close()
	body, err := readLimited(hr.Body, hr.ContentLength, c.cfg.MaxBytes)
	if errors.Is(err, errResponseTooLarge) {
		return outcome{err: fmt.Errorf("carrier %s: %s: HTTP %d: %w (limit %d bytes)", id, where, hr.StatusCode, err, c.cfg.MaxBytes)}
	}
	if err != nil {
		return outcome{err: red().redactErr(carrier.Temporary(fmt.Errorf("carrier %s: %s: reading body: %w", id, where, err))), retry: true}
	}
	if hr.StatusCode < 200 || hr.StatusCode > 299 {
		// Adapters build their errors from this body: a carrier that
		// repeats the key it was sent must not get it into an error text.
		body = red().body(body)
	}
	resp := &Response{StatusCode: hr.StatusCode, Header: hr.Header, Body: body}
	switch code := hr.StatusCode; {
	case code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable:
		ra, _ := parseRetryAfter(hr.Header.Get("Retry-After"), c.cfg.Now())
		return outcome{resp: resp, err: StatusError(id, resp), retry: true, retryAfter: ra}
	case code == http.StatusRequestTimeout || (code >= 500 && code != http.StatusNotImplemented):
		return outcome{resp: resp, err: StatusError(id, resp), retry: true}
	case code == http.StatusUnauthorized:
		return outcome{resp: resp, unauthorized: true}
	}
	return outcome{resp: resp}
}

// Redact returns err with the client's credentials removed from its text:
// HTTPConfig.Secrets and what Auth holds (see CredentialHolder), in the
// encodings HTTPClient knows. The result still matches what err matched
// (errors.Is, errors.As); nil stays nil and an error without credentials is
// returned as it is. Adapters call it on the errors they build from a
// successful answer's body (a 200 that reports errors), which Do does not
// rewrite.
func (c *HTTPClient) Redact(err error) error {
	if err == nil {
		return nil
	}
	return c.redactor(nil, nil, "").redactErr(err)
}

// redactor returns the redactor of one attempt: HTTPConfig.Secrets, what
// the Authenticator holds and what it added to req.
func (c *HTTPClient) redactor(req *http.Request, beforeHeader http.Header, beforeQuery string) *redactor {
	r := newRedactor(c.cfg.Secrets...)
	if h, ok := c.cfg.Auth.(CredentialHolder); ok {
		for _, s := range h.Credentials() {
			r.add(s)
		}
	}
	switch a := c.cfg.Auth.(type) {
	case BasicAuth:
		r.addPair(a.User, a.Password)
	case *ClientCredentials:
		r.addPair(a.ClientID, a.ClientSecret)
		if tok := a.Credentials()[2]; tok != "" {
			r.add("Bearer " + tok) // the Authorization value, as a carrier may repeat it
		}
	}
	if req != nil {
		r.addRequest(req, beforeHeader, beforeQuery)
	}
	return r.finish()
}

// readLimited reads at most limit bytes of r and fails with errResponseTooLarge
// beyond, without reading much further.
func readLimited(r io.Reader, contentLength, limit int64) ([]byte, error) {
	if contentLength > limit {
		return nil, errResponseTooLarge
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if int64(len(b)) > limit {
		return nil, errResponseTooLarge
	}
	return b, err
}

// redactURL keeps the scheme, host and path of u: queries and user info often
// carry keys.
func redactURL(u *url.URL) string {
	if u == nil {
		return "<nil URL>"
	}
	v := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
	return v.String()
}

// parseRetryAfter reads a Retry-After header value, either delay seconds or an
// HTTP-date, as a duration from now, at most carrier.MaxRetryAfter. A date in the
// past gives 0. It reports false for an empty or unparsable value.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if v[0] >= '0' && v[0] <= '9' {
		secs, err := strconv.ParseUint(v, 10, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return 0, false
		}
		// Out of range saturates, at carrier.MaxRetryAfter.
		const maxSecs = uint64(carrier.MaxRetryAfter / time.Second)
		if err != nil || secs > maxSecs {
			secs = maxSecs
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return min(max(t.Sub(now), 0), carrier.MaxRetryAfter), true
}

// HTTPStatusError is the error StatusError builds for a non-2xx response,
// wrapped in its classification (carrier.ErrUnauthorized, carrier.ErrNotFound, Temporary,
// Permanent), so callers can errors.As it to read StatusCode and Body. Its
// Error text holds the status and a sanitized excerpt of at most 200 bytes of
// the body, with credential-looking values redacted.
type HTTPStatusError struct {
	Carrier    string
	StatusCode int
	Body       []byte
	kind       error // carrier.ErrUnauthorized, carrier.ErrNotFound or nil
}

// Error returns "carrier <id>: HTTP <code> <text>: <sanitized excerpt>".
func (e *HTTPStatusError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "carrier %s: HTTP %d", e.Carrier, e.StatusCode)
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteString(" " + t)
	}
	if ex := sanitizeExcerpt(e.Body, maxExcerptBytes); ex != "" {
		b.WriteString(": ")
		b.WriteString(ex)
	}
	return b.String()
}

// Unwrap returns the sentinel the status maps to (carrier.ErrUnauthorized for 401 and
// 403, carrier.ErrNotFound for 404), or nil.
func (e *HTTPStatusError) Unwrap() error { return e.kind }

// StatusError is the generic mapping of a non-2xx response for adapters that
// have nothing more specific: 401 and 403 wrap carrier.ErrUnauthorized; 404 wraps
// carrier.ErrNotFound; 429 is a *carrier.RateLimitError carrying Retry-After (seconds only,
// as StatusError has no clock; at most carrier.MaxRetryAfter); 408 and 5xx other than 501 are Temporary;
// other 4xx, 501 and unexpected 1xx/3xx are Permanent. Apart from the 429 case, the error is a
// *HTTPStatusError underneath. A nil r or a 2xx gives nil.
func StatusError(carrierID string, r *Response) error {
	if r == nil || (r.StatusCode >= 200 && r.StatusCode < 300) {
		return nil
	}
	e := &HTTPStatusError{Carrier: carrierID, StatusCode: r.StatusCode, Body: r.Body}
	switch code := r.StatusCode; {
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		e.kind = carrier.ErrUnauthorized
		return carrier.Permanent(e)
	case code == http.StatusNotFound:
		e.kind = carrier.ErrNotFound
		return carrier.Permanent(e)
	case code == http.StatusTooManyRequests:
		var ra time.Duration
		if v := strings.TrimSpace(r.Header.Get("Retry-After")); v != "" && v[0] >= '0' && v[0] <= '9' {
			ra, _ = parseRetryAfter(v, time.Time{})
		}
		return &carrier.RateLimitError{Carrier: carrierID, RetryAfter: ra}
	case code == http.StatusRequestTimeout || (code >= 500 && code != http.StatusNotImplemented):
		return carrier.Temporary(e)
	default:
		return carrier.Permanent(e)
	}
}

// credentialRE finds credential-looking key/value pairs in JSON, form and
// header-like text; the value (group 2) is redacted.
var credentialRE = regexp.MustCompile(`(?i)("?[a-z_-]*(?:token|secret|password|passwd|api[_-]?key|apikey|authorization|credential)[a-z_-]*"?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|[^\s,&;}]+)`)

// xmlCredentialRE finds credential-looking XML elements; their text is redacted.
var xmlCredentialRE = regexp.MustCompile(`(?i)(<[a-z0-9_:-]*(?:token|secret|password|passwd|api[_-]?key|apikey|authorization|credential)[a-z0-9_-]*>)[^<]*`)

// schemeRE finds "Bearer <token>" and "Basic <credentials>".
var schemeRE = regexp.MustCompile(`(?i)\b(bearer|basic)\s+[a-z0-9._~+/=-]+`)

// emailRE finds e-mail addresses, which error texts and logs must not carry.
var emailRE = regexp.MustCompile(`[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[a-zA-Z]{2,}`)

// sanitizeExcerpt returns at most limit bytes of body fit for an error message:
// credential-looking values (tokens, secrets, passwords, API keys, in JSON,
// form, header-like or XML text, and Bearer and Basic credentials) are
// replaced by "[redacted]", e-mail addresses by "[email]", control characters
// and invalid UTF-8 become spaces, runs of white space collapse, and a cut
// excerpt ends in "...". Only the first 64 KiB of body are looked at.
func sanitizeExcerpt(body []byte, limit int) string {
	if len(body) == 0 || limit <= 0 {
		return ""
	}
	if len(body) > maxSanitizedInputBytes {
		body = body[:maxSanitizedInputBytes]
	}
	s := strings.ToValidUTF8(string(body), " ")
	s = schemeRE.ReplaceAllString(s, "$1 [redacted]")
	s = credentialRE.ReplaceAllString(s, "${1}[redacted]")
	s = xmlCredentialRE.ReplaceAllString(s, "${1}[redacted]")
	s = emailRE.ReplaceAllString(s, "[email]")
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || !unicode.IsPrint(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	out := b.String()
	if len(out) <= limit {
		return out
	}
	ellipsis := "..."
	if limit <= len(ellipsis) {
		ellipsis = ""
	}
	cut := limit - len(ellipsis)
	for cut > 0 && !utf8.RuneStart(out[cut]) {
		cut--
	}
	return out[:cut] + ellipsis
}
