package kit_test

import (
	"context"
	"errors"
	"fmt"
	"github.com/stretchr/testify/require"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/time/rate"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/internal/clock"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func noJitter() float64 { return -1 }

// newTestClient returns a client on a fake clock with no jitter and no rate
// limit, for srv; mod adjusts the config.
func newTestClient(t *testing.T, mod func(*kit.HTTPConfig)) (*kit.HTTPClient, *clock.Fake) {
	t.Helper()
	fake := clock.NewFake(t0)
	cfg := kit.HTTPConfig{
		Carrier: "test",
		Limiter: rate.NewLimiter(rate.Inf, 0),
		Now:     fake.Now,
		Sleep:   fake.Sleep,
		Jitter:  noJitter(),
	}
	if mod != nil {
		mod(&cfg)
	}
	c, err := kit.NewHTTPClient(cfg)
	require.NoError(t, err)
	return c, fake
}

func get(url string) func(ctx context.Context) (*http.Request, error) {
	return func(ctx context.Context) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	}
}

// scripted serves the given statuses in turn (the last one repeats) and
// counts attempts. A status may carry headers as "429 Retry-After: 7".
type scripted struct {
	steps    []string
	attempts atomic.Int32
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(s.attempts.Add(1))
	step := s.steps[min(n, len(s.steps))-1]
	code, hdr, _ := strings.Cut(step, " ")
	if k, v, ok := strings.Cut(hdr, ": "); ok {
		w.Header().Set(k, v)
	}
	status, _ := strconv.Atoi(code)
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"attempt":%d}`, n)
}

func serve(t *testing.T, steps ...string) (*scripted, *httptest.Server) {
	t.Helper()
	s := &scripted{steps: steps}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

func TestHTTPClientRetriesThenSucceeds(t *testing.T) {
	t.Parallel()
	s, srv := serve(t, "503", "500", "200")
	c, fake := newTestClient(t, nil)
	resp, err := c.Do(context.Background(), get(srv.URL))
	require.NoError(t, err)
	require.Equal(t, 200, resp.StatusCode)
	require.Equal(t, `{"attempt":3}`, string(resp.Body))
	require.EqualValues(t, 3, s.attempts.Load())
	require.Equal(t, []time.Duration{500 * time.Millisecond, time.Second}, fake.Sleeps(), "exponential backoff without jitter")
}

func TestHTTPClientHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, header string
		want         time.Duration
	}{
		{"seconds", "Retry-After: 7", 7 * time.Second},
		{"HTTP-date", "Retry-After: " + t0.Add(90*time.Second).Format(http.TimeFormat), 90 * time.Second},
		{"shorter than the backoff", "Retry-After: 0", 500 * time.Millisecond},
		{"absent", "X-None: 1", 500 * time.Millisecond},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s, srv := serve(t, "429 "+c.header, "200")
			hc, fake := newTestClient(t, nil)
			resp, err := hc.Do(context.Background(), get(srv.URL))
			require.NoError(t, err)
			require.Equal(t, 200, resp.StatusCode)
			require.EqualValues(t, 2, s.attempts.Load())
			require.Equal(t, []time.Duration{c.want}, fake.Sleeps(), "the wait must be at least Retry-After")
		})
	}
}

// An absurd Retry-After (a century of seconds, a date decades ahead) is
// read as MaxRetryAfter: the client neither sleeps for it nor reports it.
func TestHTTPClientClampsAbsurdRetryAfter(t *testing.T) {
	t.Parallel()
	for _, h := range []string{"Retry-After: 3153600000", "Retry-After: " + t0.AddDate(40, 0, 0).Format(http.TimeFormat)} {
		_, srv := serve(t, "429 "+h, "200")
		hc, fake := newTestClient(t, func(cfg *kit.HTTPConfig) { cfg.MaxElapsed = -1 })
		_, err := hc.Do(context.Background(), get(srv.URL))
		require.NoError(t, err)
		require.Equal(t, []time.Duration{carrier.MaxRetryAfter}, fake.Sleeps(), h)

		_, srv = serve(t, "429 "+h)
		hc, _ = newTestClient(t, func(cfg *kit.HTTPConfig) { cfg.MaxRetries = -1 })
		_, err = hc.Do(context.Background(), get(srv.URL))
		var rl *carrier.RateLimitError
		require.ErrorAs(t, err, &rl)
		require.Equal(t, carrier.MaxRetryAfter, rl.RetryAfter, h)
	}
	r := &kit.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"99999999999"}}}
	var rl *carrier.RateLimitError
	require.ErrorAs(t, kit.StatusError("test", r), &rl)
	require.Equal(t, carrier.MaxRetryAfter, rl.RetryAfter, "StatusError")
}

func TestHTTPClientRetryAfterOn503(t *testing.T) {
	t.Parallel()
	_, srv := serve(t, "503 Retry-After: 12", "200")
	hc, fake := newTestClient(t, nil)
	_, err := hc.Do(context.Background(), get(srv.URL))
	require.NoError(t, err)
	require.Equal(t, []time.Duration{12 * time.Second}, fake.Sleeps())
}

func TestHTTPClientExhausted5xxIsTemporary(t *testing.T) {
	t.Parallel()
	s, srv := serve(t, "502")
	c, fake := newTestClient(t, nil)
	resp, err := c.Do(context.Background(), get(srv.URL))
	require.Nil(t, resp)
	require.Error(t, err)
	require.True(t, carrier.IsTemporary(err), "exhausted 5xx must be temporary: %v", err)
	var he *kit.HTTPStatusError
	require.ErrorAs(t, err, &he)
	require.Equal(t, 502, he.StatusCode)
	require.EqualValues(t, 1+kit.DefaultMaxRetries, s.attempts.Load())
	require.Equal(t, []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second}, fake.Sleeps())
	require.Contains(t, err.Error(), "gave up after 5 attempts")
}

func TestHTTPClientExhausted429IsRateLimitError(t *testing.T) {
	t.Parallel()
	s, srv := serve(t, "429 Retry-After: 3")
	c, _ := newTestClient(t, func(cfg *kit.HTTPConfig) { cfg.MaxRetries = 2 })
	_, err := c.Do(context.Background(), get(srv.URL))
	var rl *carrier.RateLimitError
	require.ErrorAs(t, err, &rl)
	require.Equal(t, 3*time.Second, rl.RetryAfter)
	require.Equal(t, "test", rl.Carrier)
	require.True(t, carrier.IsTemporary(err))
	require.EqualValues(t, 3, s.attempts.Load())
}

func TestHTTPClientRetryAfterBeyondBudgetGivesUpAtOnce(t *testing.T) {
	t.Parallel()
	s, srv := serve(t, "429 Retry-After: 3600")
	c, fake := newTestClient(t, nil)
	_, err := c.Do(context.Background(), get(srv.URL))
	var rl *carrier.RateLimitError
	require.ErrorAs(t, err, &rl)
	require.Equal(t, time.Hour, rl.RetryAfter, "the caller learns when to come back")
	require.EqualValues(t, 1, s.attempts.Load())
	require.Empty(t, fake.Sleeps(), "a wait past MaxElapsed must not start")
}

func TestHTTPClientMaxElapsedBoundsRetries(t *testing.T) {
	t.Parallel()
	s, srv := serve(t, "500")
	c, fake := newTestClient(t, func(cfg *kit.HTTPConfig) {
		cfg.MaxRetries = 100
		cfg.MaxElapsed = 10 * time.Second
	})
	_, err := c.Do(context.Background(), get(srv.URL))
	require.True(t, carrier.IsTemporary(err))
	// 0.5+1+2+4 = 7.5s; the next wait (8s) would end at 15.5s.
	require.Equal(t, []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second}, fake.Sleeps())
	require.EqualValues(t, 5, s.attempts.Load())
}

func TestHTTPClientNoRetryOn4xx(t *testing.T) {
	t.Parallel()
	for _, code := range []int{400, 403, 404, 409, 422, 501} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			t.Parallel()
			s, srv := serve(t, strconv.Itoa(code), "200")
			c, fake := newTestClient(t, nil)
			resp, err := c.Do(context.Background(), get(srv.URL))
			require.NoError(t, err, "Do returns permanent statuses as a Response")
			require.Equal(t, code, resp.StatusCode)
			require.EqualValues(t, 1, s.attempts.Load(), "a permanent status must not be retried")
			require.Empty(t, fake.Sleeps())
			require.False(t, carrier.IsTemporary(kit.StatusError("test", resp)))
		})
	}
}

func TestHTTPClientNoRetriesWhenMaxRetriesIsMinusOne(t *testing.T) {
	t.Parallel()
	s, srv := serve(t, "503", "200")
	c, _ := newTestClient(t, func(cfg *kit.HTTPConfig) { cfg.MaxRetries = -1 })
	_, err := c.Do(context.Background(), get(srv.URL))
	require.True(t, carrier.IsTemporary(err))
	require.EqualValues(t, 1, s.attempts.Load())
}

type roundTripFunc func(*http.Request) (*http.Response, error)

// authFunc adapts a function to kit.Authenticator.
type authFunc func(ctx context.Context, req *http.Request) error

func (f authFunc) Authenticate(ctx context.Context, req *http.Request) error { return f(ctx, req) }

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestHTTPClientNetworkErrorsAreRetriedAndRedacted(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		calls.Add(1)
		return nil, errors.New("connection reset by peer")
	})}
	c, _ := newTestClient(t, func(cfg *kit.HTTPConfig) { cfg.Client = hc; cfg.MaxRetries = 2 })
	_, err := c.Do(context.Background(), get("https://user:pw@api.example.com/track?api_key=SECRET123&n=1Z"))
	require.Error(t, err)
	require.True(t, carrier.IsTemporary(err))
	require.EqualValues(t, 3, calls.Load(), "the host's *http.Client must be used, and network errors retried")
	require.Contains(t, err.Error(), "GET https://api.example.com/track")
	require.Contains(t, err.Error(), "connection reset by peer")
	require.NotContains(t, err.Error(), "SECRET123")
	require.NotContains(t, err.Error(), "pw@")
}

func TestHTTPClientTimeoutIsRetried(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			select { // hang until the client times out
			case <-r.Context().Done():
			case <-release:
			}
			return
		}
		w.WriteHeader(200)
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	c, _ := newTestClient(t, func(cfg *kit.HTTPConfig) {
		cfg.Client = &http.Client{Timeout: 50 * time.Millisecond}
	})
	resp, err := c.Do(context.Background(), get(srv.URL))
	require.NoError(t, err)
	require.Equal(t, 200, resp.StatusCode)
	require.EqualValues(t, 2, calls.Load())
}

func TestHTTPClientRejectsOversizedBody(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("x", 100)
	for _, chunked := range []bool{false, true} {
		t.Run(fmt.Sprint("chunked=", chunked), func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				if !chunked {
					w.Header().Set("Content-Length", "100")
				}
				io.WriteString(w, big[:50])
				if chunked {
					w.(http.Flusher).Flush()
				}
				io.WriteString(w, big[50:])
			}))
			t.Cleanup(srv.Close)
			c, _ := newTestClient(t, func(cfg *kit.HTTPConfig) { cfg.MaxBytes = 10 })
			resp, err := c.Do(context.Background(), get(srv.URL))
			require.Nil(t, resp)
			require.ErrorIs(t, err, kit.ErrResponseTooLarge)
			require.ErrorIs(t, err, carrier.ErrMalformed)
			require.False(t, carrier.IsTemporary(err))
			require.EqualValues(t, 1, calls.Load(), "an oversized body is not retried")
		})
	}
	t.Run("exactly at the limit", func(t *testing.T) {
		t.Parallel()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, big[:10]) }))
		t.Cleanup(srv.Close)
		c, _ := newTestClient(t, func(cfg *kit.HTTPConfig) { cfg.MaxBytes = 10 })
		resp, err := c.Do(context.Background(), get(srv.URL))
		require.NoError(t, err)
		require.Len(t, resp.Body, 10)
	})
}

func TestHTTPClientCancelDuringBackoffReturnsAtOnce(t *testing.T) {
	t.Parallel()
	t.Run("fake sleep", func(t *testing.T) {
		t.Parallel()
		s, srv := serve(t, "503")
		ctx, cancel := context.WithCancel(context.Background())
		waiting := make(chan time.Duration, 1)
		c, _ := newTestClient(t, func(cfg *kit.HTTPConfig) {
			cfg.Sleep = func(ctx context.Context, d time.Duration) error {
				waiting <- d
				<-ctx.Done()
				return ctx.Err()
			}
		})
		go func() { <-waiting; cancel() }()
		_, err := c.Do(ctx, get(srv.URL))
		require.ErrorIs(t, err, context.Canceled)
		require.EqualValues(t, 1, s.attempts.Load(), "no attempt after the cancellation")
	})
	t.Run("real sleep", func(t *testing.T) {
		t.Parallel()
		hit := make(chan struct{}, 1)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "60")
			w.WriteHeader(429)
			select {
			case hit <- struct{}{}:
			default:
			}
		}))
		t.Cleanup(srv.Close)
		c, err := kit.NewHTTPClient(kit.HTTPConfig{Carrier: "test", Jitter: noJitter()})
		require.NoError(t, err)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			_, err := c.Do(ctx, get(srv.URL))
			done <- err
		}()
		<-hit
		cancel()
		select {
		case err := <-done:
			require.ErrorIs(t, err, context.Canceled)
		case <-time.After(10 * time.Second): // a watchdog, far below the 60s wait
			t.Fatal("Do kept waiting for Retry-After after its context was cancelled")
		}
	})
	t.Run("already cancelled", func(t *testing.T) {
		t.Parallel()
		s, srv := serve(t, "200")
		c, _ := newTestClient(t, nil)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := c.Do(ctx, get(srv.URL))
		require.ErrorIs(t, err, context.Canceled)
		require.EqualValues(t, 0, s.attempts.Load())
	})
}

func TestHTTPClientCancelWhileWaitingForLimiter(t *testing.T) {
	t.Parallel()
	s, srv := serve(t, "200")
	lim := rate.NewLimiter(1, 1)
	ctx, cancel := context.WithCancel(context.Background())
	c, _ := newTestClient(t, func(cfg *kit.HTTPConfig) {
		cfg.Limiter = lim
		cfg.Sleep = func(ctx context.Context, d time.Duration) error {
			cancel()
			return ctx.Err()
		}
	})
	_, err := c.Do(ctx, get(srv.URL)) // takes the burst token
	require.NoError(t, err)
	_, err = c.Do(ctx, get(srv.URL)) // has to wait 1s, cancelled meanwhile
	require.ErrorIs(t, err, context.Canceled)
	require.EqualValues(t, 1, s.attempts.Load())
}

// checkLimit fails when the request times ever exceed what a token bucket of
// rate r and burst b allows: in any interval [ti, tj], at most b + r*(tj-ti)
// requests.
func checkLimit(t *testing.T, times []time.Time, r float64, b int) {
	t.Helper()
	for i := range times {
		for j := i; j < len(times); j++ {
			allowed := float64(b) + r*times[j].Sub(times[i]).Seconds()
			n := float64(j - i + 1)
			require.LessOrEqual(t, n, allowed+1e-9, "%v requests in [%s, %s], limiter allows %.2f", n, times[i].Sub(t0), times[j].Sub(t0), allowed)
		}
	}
}

func TestHTTPClientNeverExceedsLimiter(t *testing.T) {
	t.Parallel()
	const r, burst = 2.0, 3
	fake := clock.NewFake(t0)
	var mu sync.Mutex
	var times []time.Time
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		mu.Lock()
		times = append(times, fake.Now())
		mu.Unlock()
		if n.Add(1)%3 == 0 { // every third attempt fails and is retried
			w.WriteHeader(503)
			return
		}
		w.WriteHeader(200)
	}))
	t.Cleanup(srv.Close)
	c, err := kit.NewHTTPClient(kit.HTTPConfig{
		Carrier: "test", Limiter: rate.NewLimiter(r, burst),
		Now: fake.Now, Sleep: fake.Sleep, Jitter: noJitter(), InitialBackoff: time.Millisecond,
	})
	require.NoError(t, err)
	for range 20 {
		_, err := c.Do(context.Background(), get(srv.URL))
		require.NoError(t, err)
	}
	require.Greater(t, len(times), 20, "some attempts were retries")
	checkLimit(t, times, r, burst)
	// The limiter must also not be needlessly slow: after the burst, one
	// attempt per 1/r seconds (retry waits of 1ms are absorbed).
	last := times[len(times)-1].Sub(t0)
	require.InDelta(t, float64(len(times)-burst)/r, last.Seconds(), 0.01)
}

func TestHTTPClientSetsUserAgentAndAuth(t *testing.T) {
	t.Parallel()
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.Header.Clone() }))
	t.Cleanup(srv.Close)
	c, _ := newTestClient(t, func(cfg *kit.HTTPConfig) { cfg.Auth = kit.APIKey{Header: "DHL-API-Key", Key: "k1"} })
	_, err := c.Do(context.Background(), get(srv.URL))
	require.NoError(t, err)
	require.Equal(t, kit.DefaultUserAgent, got.Get("User-Agent"))
	require.Equal(t, "k1", got.Get("DHL-API-Key"))

	c, _ = newTestClient(t, func(cfg *kit.HTTPConfig) {
		cfg.Auth = kit.BasicAuth{User: "EZAK123"}
		cfg.UserAgent = "shop/1.0"
	})
	_, err = c.Do(context.Background(), func(ctx context.Context) (*http.Request, error) {
		return http.NewRequest(http.MethodGet, srv.URL, nil) // no ctx: Do adds it
	})
	require.NoError(t, err)
	require.Equal(t, "shop/1.0", got.Get("User-Agent"))
	require.Equal(t, "Basic RVpBSzEyMzo=", got.Get("Authorization"))
}

func TestHTTPClientAuthErrors(t *testing.T) {
	t.Parallel()
	s, srv := serve(t, "200")
	c, _ := newTestClient(t, func(cfg *kit.HTTPConfig) { cfg.Auth = kit.APIKey{Header: "X-Key"} })
	_, err := c.Do(context.Background(), get(srv.URL))
	require.ErrorContains(t, err, "APIKey needs a Header and a Key")
	require.EqualValues(t, 0, s.attempts.Load())

	var tries int
	c, _ = newTestClient(t, func(cfg *kit.HTTPConfig) {
		cfg.Auth = authFunc(func(ctx context.Context, req *http.Request) error {
			if tries++; tries < 3 {
				return carrier.Temporary(errors.New("token endpoint down"))
			}
			return nil
		})
	})
	_, err = c.Do(context.Background(), get(srv.URL))
	require.NoError(t, err, "a temporary authentication failure is retried")
	require.Equal(t, 3, tries)
}

func TestHTTPClientBuildErrorsAreNotRetried(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, nil)
	calls := 0
	_, err := c.Do(context.Background(), func(ctx context.Context) (*http.Request, error) {
		calls++
		return nil, errors.New("bad number")
	})
	require.ErrorContains(t, err, "bad number")
	require.Equal(t, 1, calls)
	_, err = c.Do(context.Background(), nil)
	require.Error(t, err)
}

func TestNewHTTPClientValidates(t *testing.T) {
	t.Parallel()
	bad := 1.5
	for name, cfg := range map[string]kit.HTTPConfig{
		"Carrier is required": {},
		"MaxRetries":          {Carrier: "x", MaxRetries: -2},
		"MaxElapsed":          {Carrier: "x", MaxElapsed: -2},
		"MaxBytes":            {Carrier: "x", MaxBytes: -1},
		"Jitter":              {Carrier: "x", Jitter: bad},
		"burst":               {Carrier: "x", Limiter: rate.NewLimiter(1, 0)},
		"InitialBackoff":      {Carrier: "x", InitialBackoff: -1},
	} {
		_, err := kit.NewHTTPClient(cfg)
		require.Error(t, err, name)
	}
	_, err := kit.NewHTTPClient(kit.HTTPConfig{Carrier: "x"})
	require.NoError(t, err)
	// -1 switches an option off, as everywhere in the module's configs.
	_, err = kit.NewHTTPClient(kit.HTTPConfig{Carrier: "x", MaxRetries: -1, MaxElapsed: -1, Jitter: -1})
	require.NoError(t, err)
	_, err = kit.NewHTTPClient(kit.HTTPConfig{Carrier: "x", Jitter: -0.5})
	require.ErrorContains(t, err, "-1 to switch it off")
}

func TestStatusError(t *testing.T) {
	t.Parallel()
	resp := func(code int, body string) *kit.Response {
		return &kit.Response{StatusCode: code, Header: http.Header{}, Body: []byte(body)}
	}
	require.NoError(t, kit.StatusError("ups", resp(200, "")))
	require.NoError(t, kit.StatusError("ups", nil))
	for _, c := range []struct {
		code      int
		is        error
		temporary bool
	}{
		{401, carrier.ErrUnauthorized, false},
		{403, carrier.ErrUnauthorized, false},
		{404, carrier.ErrNotFound, false},
		{400, nil, false},
		{422, nil, false},
		{302, nil, false},
		{408, nil, true},
		{500, nil, true},
		{503, nil, true},
	} {
		err := kit.StatusError("ups", resp(c.code, `{"message":"nope"}`))
		require.Error(t, err, c.code)
		if c.is != nil {
			require.ErrorIs(t, err, c.is, c.code)
		}
		require.Equal(t, c.temporary, carrier.IsTemporary(err), c.code)
		var he *kit.HTTPStatusError
		require.ErrorAs(t, err, &he, c.code)
		require.Equal(t, c.code, he.StatusCode)
		require.Equal(t, `{"message":"nope"}`, string(he.Body))
		require.Contains(t, err.Error(), fmt.Sprintf("carrier ups: HTTP %d", c.code))
		require.Contains(t, err.Error(), `{"message":"nope"}`)
	}
	r := resp(429, "slow down")
	r.Header.Set("Retry-After", "30")
	err := kit.StatusError("ups", r)
	var rl *carrier.RateLimitError
	require.ErrorAs(t, err, &rl)
	require.Equal(t, 30*time.Second, rl.RetryAfter)
	require.True(t, carrier.IsTemporary(err))
}

func TestStatusErrorSanitizesBody(t *testing.T) {
	t.Parallel()
	body := `{"error":"invalid_client","client_secret":"s3cr3t-value","access_token": "eyJhbGciOi.x.y","contact":"jane.doe@example.com",` +
		"\n\n\t\"note\":\"Authorization: Bearer abc.def-ghi\",\"api_key\":\"AK999\",\"x\":\"\x00\x01\xff\"," +
		`"padding":"` + strings.Repeat("é", 300) + `"}`
	err := kit.StatusError("fedex", &kit.Response{StatusCode: 400, Body: []byte(body)})
	msg := err.Error()
	for _, secret := range []string{"s3cr3t-value", "eyJhbGciOi", "abc.def-ghi", "AK999", "jane.doe", "\x00", "\xff", "\n"} {
		require.NotContains(t, msg, secret)
	}
	require.Contains(t, msg, `"client_secret":[redacted]`)
	require.Contains(t, msg, "invalid_client")
	xml := kit.SanitizeExcerpt([]byte(`<Fault><AccessLicenseNumber>1</AccessLicenseNumber><api:AccessToken>XYZ789</api:AccessToken><Password>pw1</Password></Fault>`), 500)
	require.NotContains(t, xml, "XYZ789")
	require.NotContains(t, xml, "pw1")
	require.Contains(t, xml, "<AccessLicenseNumber>1</AccessLicenseNumber>")
	form := kit.SanitizeExcerpt([]byte("grant_type=client_credentials&client_secret=abc123&scope=x"), 500)
	require.Equal(t, "grant_type=client_credentials&client_secret=[redacted]&scope=x", form)
	ex := kit.SanitizeExcerpt([]byte(body), 200)
	require.LessOrEqual(t, len(ex), 200)
	require.True(t, strings.HasSuffix(ex, "..."))
	require.True(t, strings.HasPrefix(msg, "carrier fedex: HTTP 400 Bad Request: "))
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"120", 2 * time.Minute, true},
		{" 5 ", 5 * time.Second, true},
		{"0", 0, true},
		{t0.Add(time.Minute).Format(http.TimeFormat), time.Minute, true},
		{t0.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"Mon, 02 Mar 2026 09:00:30 GMT", 30 * time.Second, true},
		{"99999999999999999999", carrier.MaxRetryAfter, true},
		{"3153600000", carrier.MaxRetryAfter, true}, // a century of seconds
		{t0.AddDate(40, 0, 0).Format(http.TimeFormat), carrier.MaxRetryAfter, true},
		{"", 0, false},
		{"-5", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
	} {
		got, ok := kit.ParseRetryAfter(c.in, t0)
		require.Equal(t, c.ok, ok, c.in)
		require.Equal(t, c.want, got, c.in)
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"0", "120", "Mon, 02 Mar 2026 09:00:30 GMT", "Monday, 02-Mar-26 09:00:30 GMT", "Mon Mar  2 09:00:30 2026", "", "-1", "1e9", "99999999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := kit.ParseRetryAfter(s, t0)
		if d < 0 {
			t.Fatalf("ParseRetryAfter(%q) = %s, negative", s, d)
		}
		if !ok && d != 0 {
			t.Fatalf("ParseRetryAfter(%q) = %s with ok=false", s, d)
		}
		if d > carrier.MaxRetryAfter {
			t.Fatalf("ParseRetryAfter(%q) = %s, beyond MaxRetryAfter", s, d)
		}
		if secs, err := strconv.ParseUint(strings.TrimSpace(s), 10, 32); err == nil && strings.TrimSpace(s) != "" && (strings.TrimSpace(s)[0] != '+') {
			if !ok || d != min(time.Duration(secs)*time.Second, carrier.MaxRetryAfter) {
				t.Fatalf("ParseRetryAfter(%q) = %s, %v; want %ds", s, d, ok, secs)
			}
		}
	})
}

func TestHTTPClientLogsWithoutURLsOrBodies(t *testing.T) {
	t.Parallel()
	_, srv := serve(t, "503", "200")
	var buf strings.Builder
	var mu sync.Mutex
	c, _ := newTestClient(t, func(cfg *kit.HTTPConfig) {
		cfg.Logger = slog.New(slog.NewTextHandler(lockedWriter{&mu, &buf}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	_, err := c.Do(context.Background(), get(srv.URL+"/track?api_key=SECRET123&email=jane@example.com"))
	require.NoError(t, err)
	mu.Lock()
	out := buf.String()
	mu.Unlock()
	require.Contains(t, out, "carrier: retrying")
	require.Contains(t, out, "status=503")
	require.NotContains(t, out, "SECRET123")
	require.NotContains(t, out, "jane@example.com")
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestHTTPClientConcurrentUse(t *testing.T) {
	t.Parallel()
	var seen sync.Map
	var attempts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		n := r.URL.Query().Get("n")
		if _, again := seen.LoadOrStore(n, true); !again {
			w.WriteHeader(502) // every call fails once, then succeeds
			return
		}
		io.WriteString(w, n)
	}))
	t.Cleanup(srv.Close)
	c, _ := newTestClient(t, func(cfg *kit.HTTPConfig) { cfg.Limiter = rate.NewLimiter(rate.Inf, 0) })
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 8 {
		wg.Go(func() {
			for i := range 8 {
				want := fmt.Sprintf("%d-%d", g, i)
				resp, err := c.Do(context.Background(), get(srv.URL+"/?n="+want))
				if err == nil && string(resp.Body) != want {
					err = fmt.Errorf("got %q, want %q", resp.Body, want)
				}
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	require.EqualValues(t, 2*64, attempts.Load())
}

// maxInWindow returns the largest number of times within any window of
// length w (times sorted).
func maxInWindow(times []time.Time, w time.Duration) int {
	best, lo := 0, 0
	for hi := range times {
		for times[hi].Sub(times[lo]) >= w {
			lo++
		}
		best = max(best, hi-lo+1)
	}
	return best
}

// BenchmarkHTTPClientRetry runs calls against a server that fails (503),
// throttles (429, Retry-After: 1) and recovers (200) on every call, on a fake
// clock with a 5/s burst-2 limiter. It reports attempts per call, the fake
// time waited per call, and the most requests the server saw in any one
// second of fake time against what the limiter allows (rate + burst).
func BenchmarkHTTPClientRetry(b *testing.B) {
	for _, bc := range []struct {
		name  string
		steps []int
	}{
		{"fail-throttle-recover", []int{503, 429, 200}},
		{"ok", []int{200}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			const r, burst = 5.0, 2
			fake := clock.NewFake(t0)
			var attempts atomic.Int64
			var mu sync.Mutex
			var times []time.Time
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
				n := attempts.Add(1)
				mu.Lock()
				times = append(times, fake.Now())
				mu.Unlock()
				code := bc.steps[(n-1)%int64(len(bc.steps))]
				if code == 429 {
					w.Header().Set("Retry-After", "1")
				}
				w.WriteHeader(code)
				io.WriteString(w, `{"ok":true}`)
			}))
			defer srv.Close()
			c, err := kit.NewHTTPClient(kit.HTTPConfig{
				Carrier: "bench", Limiter: rate.NewLimiter(r, burst),
				Now: fake.Now, Sleep: fake.Sleep, Jitter: noJitter(),
			})
			if err != nil {
				b.Fatal(err)
			}
			build := get(srv.URL)
			b.ReportAllocs()
			calls := 0.0
			for b.Loop() {
				resp, err := c.Do(context.Background(), build)
				if err != nil || resp.StatusCode != 200 {
					b.Fatalf("Do = %v, %v", resp, err)
				}
				calls++
			}
			b.ReportMetric(float64(attempts.Load())/calls, "attempts/op")
			b.ReportMetric(fake.Now().Sub(t0).Seconds()/calls, "fake-s-waited/op")
			b.ReportMetric(float64(maxInWindow(times, time.Second)), "max-req/s")
			b.ReportMetric(r+burst, "allowed-req/s")
			if got := maxInWindow(times, time.Second); float64(got) > r+burst {
				b.Fatalf("limiter exceeded: %d requests in one second, at most %v allowed", got, r+burst)
			}
		})
	}
}

func FuzzSanitizeExcerpt(f *testing.F) {
	f.Add([]byte(`{"access_token":"abc","message":"bad"}`), 200)
	f.Add([]byte("Authorization: Bearer x.y.z\r\n\x00\xff"), 10)
	f.Add([]byte(`<Password>pw</Password> jane@example.com`), 3)
	f.Add([]byte(strings.Repeat("é", 100)), 7)
	f.Fuzz(func(t *testing.T, body []byte, limit int) {
		limit %= 1000
		got := kit.SanitizeExcerpt(body, limit)
		if len(got) > max(limit, 0) {
			t.Fatalf("excerpt of %d bytes, limit %d", len(got), limit)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("excerpt %q is not valid UTF-8", got)
		}
		for _, r := range got {
			if r < ' ' || r == 0x7f {
				t.Fatalf("excerpt %q holds a control character", got)
			}
		}
	})
}

func TestHTTPClientJitterSpreadsWaits(t *testing.T) {
	t.Parallel()
	_, srv := serve(t, "503", "503", "503", "200")
	half := 0.5
	c, fake := newTestClient(t, func(cfg *kit.HTTPConfig) { cfg.Jitter = half })
	_, err := c.Do(context.Background(), get(srv.URL))
	require.NoError(t, err)
	sleeps := fake.Sleeps()
	require.Len(t, sleeps, 3)
	base := 500 * time.Millisecond
	for i, d := range sleeps {
		lo, hi := base/2, base*3/2
		require.True(t, d >= lo && d <= hi, "wait %d is %s, want within [%s, %s]", i, d, lo, hi)
		base *= 2
	}
}
