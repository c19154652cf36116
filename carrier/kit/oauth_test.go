package kit_test

import (
	"context"
	"errors"
	"fmt"
	"github.com/stretchr/testify/require"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/internal/clock"
)

// tokenServer is an OAuth2 token endpoint issuing "tok-1", "tok-2", ...
type tokenServer struct {
	fetches   atomic.Int32
	expiresIn string                    // JSON value of expires_in; empty leaves it out
	reply     func(n int) (int, string) // overrides the answer of fetch n when set
	gate      chan struct{}             // when set, each fetch waits for it to close
	mu        sync.Mutex
	last      *http.Request // the last request, its form parsed
}

func (ts *tokenServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(ts.fetches.Add(1))
	if ts.gate != nil {
		<-ts.gate
	}
	_ = r.ParseForm()
	ts.mu.Lock()
	ts.last = r
	ts.mu.Unlock()
	if ts.reply != nil {
		if code, body := ts.reply(n); code != 0 {
			w.WriteHeader(code)
			fmt.Fprint(w, body)
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	exp := ""
	if ts.expiresIn != "" {
		exp = `,"expires_in":` + ts.expiresIn
	}
	fmt.Fprintf(w, `{"access_token":"tok-%d","token_type":"Bearer"%s}`, n, exp)
}

func (ts *tokenServer) lastRequest() *http.Request {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.last
}

// apiServer answers 200 with the bearer token it saw, or 401 when accept
// rejects the token.
type apiServer struct {
	calls  atomic.Int32
	accept func(tok string) bool
}

func (a *apiServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.calls.Add(1)
	tok := r.Header.Get("Authorization")
	if a.accept != nil && !a.accept(tok) {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"error":"invalid_token"}`)
		return
	}
	fmt.Fprint(w, tok)
}

type oauthFixture struct {
	ts     *tokenServer
	api    *apiServer
	apiURL string
	cc     *kit.ClientCredentials
	client *kit.HTTPClient
	clock  *clock.Fake
}

func newOAuthFixture(t *testing.T, ts *tokenServer, api *apiServer) *oauthFixture {
	t.Helper()
	tokSrv := httptest.NewServer(ts)
	t.Cleanup(tokSrv.Close)
	apiSrv := httptest.NewServer(api)
	t.Cleanup(apiSrv.Close)
	fake := clock.NewFake(t0)
	cc := &kit.ClientCredentials{
		TokenURL: tokSrv.URL + "/oauth/token", ClientID: "id-1", ClientSecret: "very-secret",
		Now: fake.Now,
	}
	c, _ := newTestClient(t, func(cfg *kit.HTTPConfig) {
		cfg.Auth = cc
		cfg.Now, cfg.Sleep = fake.Now, fake.Sleep
	})
	return &oauthFixture{ts: ts, api: api, apiURL: apiSrv.URL, cc: cc, client: c, clock: fake}
}

func (f *oauthFixture) call(t *testing.T) (*kit.Response, error) {
	t.Helper()
	return f.client.Do(context.Background(), get(f.apiURL))
}

func TestClientCredentialsCachesAndRefreshesBeforeExpiry(t *testing.T) {
	t.Parallel()
	f := newOAuthFixture(t, &tokenServer{expiresIn: "3600"}, &apiServer{})
	for range 3 {
		resp, err := f.call(t)
		require.NoError(t, err)
		require.Equal(t, "Bearer tok-1", string(resp.Body))
	}
	require.EqualValues(t, 1, f.ts.fetches.Load(), "the token must be cached across calls")

	f.clock.Advance(3600*time.Second - kit.DefaultRefreshBefore - time.Second)
	resp, err := f.call(t)
	require.NoError(t, err)
	require.Equal(t, "Bearer tok-1", string(resp.Body), "still valid a minute and a second before expiry")

	f.clock.Advance(2 * time.Second)
	resp, err = f.call(t)
	require.NoError(t, err)
	require.Equal(t, "Bearer tok-2", string(resp.Body), "refreshed less than RefreshBefore before expiry")
	require.EqualValues(t, 2, f.ts.fetches.Load())
}

func TestClientCredentialsShortLivedTokenUsesHalfItsLife(t *testing.T) {
	t.Parallel()
	f := newOAuthFixture(t, &tokenServer{expiresIn: `"100"`}, &apiServer{}) // a string, as UPS sends it
	_, err := f.call(t)
	require.NoError(t, err)
	f.clock.Advance(49 * time.Second)
	_, err = f.call(t)
	require.NoError(t, err)
	require.EqualValues(t, 1, f.ts.fetches.Load(), "a 100s token is kept for 50s")
	f.clock.Advance(time.Second)
	_, err = f.call(t)
	require.NoError(t, err)
	require.EqualValues(t, 2, f.ts.fetches.Load())
}

func TestClientCredentialsWithoutExpiryKeepsTokenUntil401(t *testing.T) {
	t.Parallel()
	f := newOAuthFixture(t, &tokenServer{}, &apiServer{})
	f.clock.Advance(1000 * time.Hour)
	_, err := f.call(t)
	require.NoError(t, err)
	f.clock.Advance(1000 * time.Hour)
	_, err = f.call(t)
	require.NoError(t, err)
	require.EqualValues(t, 1, f.ts.fetches.Load())
}

func TestHTTPClient401RefreshesTokenOnce(t *testing.T) {
	t.Parallel()
	t.Run("fresh token accepted", func(t *testing.T) {
		t.Parallel()
		f := newOAuthFixture(t, &tokenServer{expiresIn: "3600"}, &apiServer{accept: func(tok string) bool { return tok == "Bearer tok-2" }})
		resp, err := f.call(t)
		require.NoError(t, err)
		require.Equal(t, 200, resp.StatusCode)
		require.Equal(t, "Bearer tok-2", string(resp.Body))
		require.EqualValues(t, 2, f.ts.fetches.Load())
		require.EqualValues(t, 2, f.api.calls.Load())
		require.Empty(t, f.clock.Sleeps(), "a 401 retry needs no backoff")
	})
	t.Run("still 401", func(t *testing.T) {
		t.Parallel()
		f := newOAuthFixture(t, &tokenServer{expiresIn: "3600"}, &apiServer{accept: func(string) bool { return false }})
		resp, err := f.call(t)
		require.NoError(t, err, "a 401 after the refresh is the adapter's to map")
		require.Equal(t, 401, resp.StatusCode)
		require.ErrorIs(t, kit.StatusError("test", resp), carrier.ErrUnauthorized)
		require.EqualValues(t, 2, f.ts.fetches.Load(), "one refresh, not a loop")
		require.EqualValues(t, 2, f.api.calls.Load())
	})
	t.Run("no Invalidator", func(t *testing.T) {
		t.Parallel()
		api := &apiServer{accept: func(string) bool { return false }}
		srv := httptest.NewServer(api)
		t.Cleanup(srv.Close)
		c, _ := newTestClient(t, func(cfg *kit.HTTPConfig) { cfg.Auth = kit.APIKey{Header: "X-Key", Key: "k"} })
		resp, err := c.Do(context.Background(), get(srv.URL))
		require.NoError(t, err)
		require.Equal(t, 401, resp.StatusCode)
		require.EqualValues(t, 1, api.calls.Load(), "a fixed key cannot get better by retrying")
	})
}

func TestClientCredentialsConcurrentCallsShareOneFetch(t *testing.T) {
	t.Parallel()
	ts := &tokenServer{expiresIn: "3600", gate: make(chan struct{})}
	f := newOAuthFixture(t, ts, &apiServer{})
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			resp, err := f.client.Do(context.Background(), get(f.apiURL))
			if err == nil && string(resp.Body) != "Bearer tok-1" {
				err = fmt.Errorf("got %q", resp.Body)
			}
			errs <- err
		})
	}
	for ts.fetches.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // let the other callers queue up behind the fetch
	close(ts.gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	require.EqualValues(t, 1, ts.fetches.Load(), "concurrent callers must share one token fetch")
}

func TestClientCredentialsWaiterOutlivesCancelledFetcher(t *testing.T) {
	t.Parallel()
	ts := &tokenServer{expiresIn: "3600", gate: make(chan struct{})}
	f := newOAuthFixture(t, ts, &apiServer{})
	ctx, cancel := context.WithCancel(context.Background())
	first := make(chan error, 1)
	go func() {
		_, err := f.cc.Token(ctx)
		first <- err
	}()
	for ts.fetches.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	second := make(chan string, 1)
	go func() {
		tok, err := f.cc.Token(context.Background())
		if err != nil {
			tok = err.Error()
		}
		second <- tok
	}()
	time.Sleep(20 * time.Millisecond) // let the second caller wait for the first one's fetch
	cancel()
	require.ErrorIs(t, <-first, context.Canceled)
	close(ts.gate)
	require.Equal(t, "tok-2", <-second, "the waiter must fetch its own token, not inherit the cancellation")
	require.EqualValues(t, 2, ts.fetches.Load())
}

func TestClientCredentialsRequestShape(t *testing.T) {
	t.Parallel()
	t.Run("params", func(t *testing.T) {
		t.Parallel()
		f := newOAuthFixture(t, &tokenServer{expiresIn: "3600"}, &apiServer{})
		f.cc.Scopes = []string{"track", "read"}
		_, err := f.call(t)
		require.NoError(t, err)
		r := f.ts.lastRequest()
		require.Equal(t, http.MethodPost, r.Method)
		require.Equal(t, "/oauth/token", r.URL.Path)
		require.Equal(t, "application/x-www-form-urlencoded", r.Header.Get("Content-Type"))
		require.Equal(t, "client_credentials", r.PostForm.Get("grant_type"))
		require.Equal(t, "id-1", r.PostForm.Get("client_id"))
		require.Equal(t, "very-secret", r.PostForm.Get("client_secret"))
		require.Equal(t, "track read", r.PostForm.Get("scope"))
		require.Equal(t, "", r.Header.Get("Authorization"))
	})
	t.Run("header", func(t *testing.T) {
		t.Parallel()
		f := newOAuthFixture(t, &tokenServer{expiresIn: "3600"}, &apiServer{})
		f.cc.AuthStyle = oauth2.AuthStyleInHeader
		f.cc.ExtraHeader = http.Header{"x-merchant-id": {"M1"}}
		f.cc.ExtraParams = map[string][]string{"audience": {"tracking"}}
		_, err := f.call(t)
		require.NoError(t, err)
		r := f.ts.lastRequest()
		user, pass, ok := r.BasicAuth()
		require.True(t, ok)
		require.Equal(t, "id-1", user)
		require.Equal(t, "very-secret", pass)
		require.Equal(t, "", r.PostForm.Get("client_secret"), "the secret goes in the header only")
		require.Equal(t, "M1", r.Header.Get("X-Merchant-Id"))
		require.Equal(t, "tracking", r.PostForm.Get("audience"))
		require.Equal(t, "", r.PostForm.Get("scope"))
	})
}

func TestClientCredentialsErrors(t *testing.T) {
	t.Parallel()
	t.Run("rejected credentials", func(t *testing.T) {
		t.Parallel()
		ts := &tokenServer{reply: func(int) (int, string) {
			return 401, `{"error":"invalid_client","echo":"very-secret"}`
		}}
		f := newOAuthFixture(t, ts, &apiServer{})
		_, err := f.call(t)
		require.ErrorIs(t, err, carrier.ErrUnauthorized)
		require.False(t, carrier.IsTemporary(err))
		require.Contains(t, err.Error(), "invalid_client")
		require.NotContains(t, err.Error(), "very-secret")
		require.EqualValues(t, 1, ts.fetches.Load(), "bad credentials are not retried")
		require.EqualValues(t, 0, f.api.calls.Load())
	})
	t.Run("400 invalid_grant", func(t *testing.T) {
		t.Parallel()
		f := newOAuthFixture(t, &tokenServer{reply: func(int) (int, string) { return 400, `{"error":"invalid_grant"}` }}, &apiServer{})
		_, err := f.call(t)
		require.ErrorIs(t, err, carrier.ErrUnauthorized)
	})
	t.Run("token endpoint down then up", func(t *testing.T) {
		t.Parallel()
		ts := &tokenServer{expiresIn: "3600", reply: func(n int) (int, string) {
			if n == 1 {
				return 503, "maintenance"
			}
			return 0, ""
		}}
		f := newOAuthFixture(t, ts, &apiServer{})
		resp, err := f.call(t)
		require.NoError(t, err)
		require.Equal(t, "Bearer tok-2", string(resp.Body))
		require.Equal(t, []time.Duration{500 * time.Millisecond}, f.clock.Sleeps())
	})
	t.Run("no access_token", func(t *testing.T) {
		t.Parallel()
		f := newOAuthFixture(t, &tokenServer{reply: func(int) (int, string) { return 200, `{"token_type":"Bearer"}` }}, &apiServer{})
		_, err := f.call(t)
		require.ErrorIs(t, err, carrier.ErrMalformed)
	})
	t.Run("token endpoint unreachable", func(t *testing.T) {
		t.Parallel()
		dead := httptest.NewServer(http.NotFoundHandler())
		dead.Close()
		var used atomic.Int32
		cc := &kit.ClientCredentials{
			TokenURL: dead.URL + "/token?tenant=t1", ClientID: "id", ClientSecret: "very-secret",
			Client: &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
				used.Add(1)
				return http.DefaultTransport.RoundTrip(r)
			})},
		}
		_, err := cc.Token(context.Background())
		require.True(t, carrier.IsTemporary(err), "an unreachable token endpoint is temporary: %v", err)
		require.EqualValues(t, 1, used.Load(), "ClientCredentials.Client must be used")
		require.NotContains(t, err.Error(), "tenant=t1")
		require.NotContains(t, err.Error(), "very-secret")
	})
	t.Run("unexpected status", func(t *testing.T) {
		t.Parallel()
		f := newOAuthFixture(t, &tokenServer{reply: func(int) (int, string) { return 404, "no such endpoint" }}, &apiServer{})
		_, err := f.call(t)
		require.Error(t, err)
		require.False(t, carrier.IsTemporary(err))
		require.False(t, errors.Is(err, carrier.ErrUnauthorized))
		require.EqualValues(t, 1, f.ts.fetches.Load())
	})
	t.Run("oversized answer", func(t *testing.T) {
		t.Parallel()
		f := newOAuthFixture(t, &tokenServer{reply: func(int) (int, string) { return 200, strings.Repeat(" ", 2<<20) }}, &apiServer{})
		_, err := f.call(t)
		require.ErrorIs(t, err, kit.ErrResponseTooLarge)
	})
	t.Run("waiter cancelled", func(t *testing.T) {
		t.Parallel()
		ts := &tokenServer{expiresIn: "3600", gate: make(chan struct{})}
		f := newOAuthFixture(t, ts, &apiServer{})
		t.Cleanup(func() { close(ts.gate) })
		go f.cc.Token(context.Background()) // the fetching caller, blocked on the gate
		for ts.fetches.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		_, err := f.cc.Token(ctx)
		require.ErrorIs(t, err, context.DeadlineExceeded)
	})
	t.Run("missing configuration", func(t *testing.T) {
		t.Parallel()
		cc := &kit.ClientCredentials{TokenURL: "https://example.com/token"}
		_, err := cc.Token(context.Background())
		require.ErrorContains(t, err, "needs a TokenURL, a ClientID and a ClientSecret")
	})
}
