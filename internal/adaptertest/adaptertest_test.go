package adaptertest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/internal/adaptertest"
	"github.com/wismo-dev/wismo/milestone"
)

// recorder is a testing.TB that records failures instead of reporting them,
// to check that the Assert functions do fail. Only the methods testify's
// assert package calls are implemented.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper()      {}
func (r *recorder) Name() string { return "recorder" }
func (r *recorder) Errorf(format string, a ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, a...))
}

func TestFixture(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "{\"fixture\": \"sample\"}\n", string(adaptertest.Fixture(t, "sample.json")))
}

func FuzzFixtureSeeds(f *testing.F) {
	adaptertest.AddFixtureSeeds(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		require.NotNil(t, body)
	})
}

func TestReplies(t *testing.T) {
	t.Parallel()
	var q adaptertest.Replies
	missing := adaptertest.Reply{Status: http.StatusNotFound}
	assert.Equal(t, missing, q.Next("a", missing), "the zero Replies answers missing")
	q.Set("a", adaptertest.Reply{Body: "1"}, adaptertest.Reply{Body: "2"})
	q.Set("b", adaptertest.Reply{Body: "b"})
	assert.Equal(t, "1", q.Next("a", missing).Body)
	assert.Equal(t, "2", q.Next("a", missing).Body)
	assert.Equal(t, "2", q.Next("a", missing).Body, "the last reply repeats")
	assert.Equal(t, "b", q.Next("b", missing).Body)
	assert.Equal(t, "b", q.Next("b", missing).Body)
	assert.Equal(t, missing, q.Next("c", missing))
	q.Set("a", adaptertest.Reply{Body: "new"})
	assert.Equal(t, "new", q.Next("a", missing).Body, "Set replaces")
}

func TestReplyWrite(t *testing.T) {
	t.Parallel()
	w := httptest.NewRecorder()
	adaptertest.Reply{Body: `{"a":1}`}.Write(t, w)
	assert.Equal(t, http.StatusOK, w.Code, "status defaults to 200")
	assert.Equal(t, "application/json", w.Header().Get("Content-Type"))
	assert.Equal(t, `{"a":1}`, w.Body.String())

	w = httptest.NewRecorder()
	adaptertest.Reply{Status: 429, File: "sample.json", Body: "ignored",
		Header: http.Header{"Retry-After": {"7"}, "Content-Type": {"application/problem+json"}}}.Write(t, w)
	assert.Equal(t, 429, w.Code)
	assert.Equal(t, "7", w.Header().Get("Retry-After"))
	assert.Equal(t, "application/problem+json", w.Header().Get("Content-Type"), "Header wins over the default")
	assert.Equal(t, "{\"fixture\": \"sample\"}\n", w.Body.String(), "File wins over Body")
}

func newServer(t *testing.T) *adaptertest.OAuthServer {
	return adaptertest.NewOAuthServer(t, adaptertest.OAuthConfig{
		TokenPath: "/token",
		Grant: func(r *http.Request, token string) (int, string) {
			if r.Method != http.MethodPost || r.FormValue("client_secret") != "s" {
				return http.StatusUnauthorized, `{"error":"invalid_client"}`
			}
			return http.StatusOK, `{"access_token":"` + token + `","expires_in":3600}`
		},
		Unauthorized: adaptertest.Reply{Status: http.StatusUnauthorized, Body: `{"error":"token"}`},
		API: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			adaptertest.Reply{Body: `{"path":"` + r.URL.Path + `"}`}.Write(t, w)
		}),
	})
}

func call(t *testing.T, srv *adaptertest.OAuthServer, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/track/1", nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

func TestOAuthServer(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	code, body := call(t, srv, "")
	assert.Equal(t, http.StatusUnauthorized, code, "no token granted yet")
	assert.Equal(t, `{"error":"token"}`, body)

	cc := &kit.ClientCredentials{TokenURL: srv.URL + "/token", ClientID: "c", ClientSecret: "wrong", Client: srv.Client()}
	_, err := cc.Token(context.Background())
	require.ErrorIs(t, err, carrier.ErrUnauthorized, "Grant refuses the wrong secret")
	code, _ = call(t, srv, adaptertest.TokenPrefix+"-1")
	assert.Equal(t, http.StatusUnauthorized, code, "a refused grant issues no token")

	cc = &kit.ClientCredentials{TokenURL: srv.URL + "/token", ClientID: "c", ClientSecret: "s", Client: srv.Client()}
	tok, err := cc.Token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, adaptertest.TokenPrefix+"-2", tok)
	code, body = call(t, srv, tok)
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, `{"path":"/track/1"}`, body, "a request with the current token reaches the API")

	srv.Revoke()
	code, _ = call(t, srv, tok)
	assert.Equal(t, http.StatusUnauthorized, code, "a revoked token is refused")
	cc.Invalidate()
	tok2, err := cc.Token(context.Background())
	require.NoError(t, err)
	code, _ = call(t, srv, tok)
	assert.Equal(t, http.StatusUnauthorized, code, "a new grant replaces the old token")
	code, _ = call(t, srv, tok2)
	assert.Equal(t, http.StatusOK, code)

	assert.Equal(t, 3, srv.TokenCalls())
	assert.Equal(t, 6, srv.APICalls(), "refused API requests count too")
}

func TestHTTPConfig(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	hc := adaptertest.HTTPConfig(srv.Server)
	assert.Same(t, srv.Client(), hc.Client)
	assert.Equal(t, -1, hc.MaxRetries)
	for i := range 100 {
		require.True(t, hc.Limiter.Allow(), "no rate limit: request %d", i)
	}
}

func TestAssertScan(t *testing.T) {
	t.Parallel()
	s := milestone.Scan{Time: time.Date(2026, 11, 18, 14, 32, 10, 0, time.FixedZone("", -5*3600)), Carrier: "ups",
		Code: "D_FS", Description: "DELIVERED", Location: "Atlanta, GA, US"}
	want := adaptertest.Scan{Time: "2026-11-18T14:32:10-05:00", Code: "D_FS", Description: "DELIVERED", Location: "Atlanta, GA, US"}
	r := &recorder{}
	adaptertest.AssertScan(r, 0, s, "ups", want)
	assert.Empty(t, r.errors)

	for name, w := range map[string]adaptertest.Scan{
		"time in UTC": {Time: "2026-11-18T19:32:10Z", Code: "D_FS", Description: "DELIVERED", Location: "Atlanta, GA, US"},
		"local":       {Time: want.Time, LocalTime: true, Code: "D_FS", Description: "DELIVERED", Location: "Atlanta, GA, US"},
		"code":        {Time: want.Time, Code: "D", Description: "DELIVERED", Location: "Atlanta, GA, US"},
		"description": {Time: want.Time, Code: "D_FS", Description: "Delivered", Location: "Atlanta, GA, US"},
		"location":    {Time: want.Time, Code: "D_FS", Description: "DELIVERED", Location: "Atlanta, GA"},
	} {
		r := &recorder{}
		adaptertest.AssertScan(r, 0, s, "ups", w)
		assert.Len(t, r.errors, 1, name)
	}
	r = &recorder{}
	adaptertest.AssertScan(r, 0, s, "fedex", want)
	assert.Len(t, r.errors, 1, "another carrier")
}

func TestAssertTime(t *testing.T) {
	t.Parallel()
	r := &recorder{}
	adaptertest.AssertTime(r, "", time.Time{}, "zero")
	adaptertest.AssertTime(r, "2026-11-24T23:59:59Z", time.Date(2026, 11, 24, 23, 59, 59, 0, time.UTC), "end")
	assert.Empty(t, r.errors)
	adaptertest.AssertTime(r, "", time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), "not zero")
	adaptertest.AssertTime(r, "2026-11-24T23:59:59-05:00", time.Date(2026, 11, 24, 23, 59, 59, 0, time.UTC), "zone")
	assert.Len(t, r.errors, 2)
}

func TestAssertTrackError(t *testing.T) {
	t.Parallel()
	rl := fmt.Errorf("ups: track 1Z: %w", &carrier.RateLimitError{Carrier: "ups", RetryAfter: 7 * time.Second})
	want := adaptertest.TrackError{Temporary: true,
		RetryAfter: 7 * time.Second, Contains: "retry after 7s", NotContains: []string{"secret"}}
	r := &recorder{}
	adaptertest.AssertTrackError(r, nil, rl, want)
	assert.Empty(t, r.errors)

	nf := carrier.Permanent(fmt.Errorf("ups: track 1Z: secret: %w", carrier.ErrNotFound))
	r = &recorder{}
	adaptertest.AssertTrackError(r, &carrier.Update{}, nf, adaptertest.TrackError{Is: []error{carrier.ErrUnauthorized},
		Temporary: true, Contains: "TW0001", NotContains: []string{"secret"}})
	assert.Len(t, r.errors, 5, "update, sentinel, temporary, contains and not-contains each fail: %q", r.errors)
}

func BenchmarkParse(b *testing.B) {
	adaptertest.BenchmarkParse(b, "sample.json", func(body []byte) (int, error) { return len(body), nil })
}

// webhookParser is a WebhookParser whose signature is the header value "ok"
// and whose payload is a JSON string, the scan's description.
type webhookParser struct{}

func (webhookParser) ID() string { return "fake" }

func (webhookParser) Track(context.Context, string) (*carrier.Update, error) {
	return nil, carrier.ErrNotFound
}

func (webhookParser) ParseWebhook(_ context.Context, h http.Header, body []byte) ([]*carrier.Update, error) {
	if len(body) > 64 {
		return nil, carrier.ErrBodyTooLarge
	}
	if h.Get("X-Sig") != "ok" {
		return nil, carrier.ErrBadSignature
	}
	var desc string
	if err := json.Unmarshal(body, &desc); err != nil {
		return nil, fmt.Errorf("%w: %v", carrier.ErrMalformed, err)
	}
	s := milestone.Scan{Time: time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC), Carrier: "fake", Description: desc}
	return []*carrier.Update{{Carrier: "fake", TrackingNumber: "1", Scans: []milestone.Scan{s}}}, nil
}

func FuzzWebhook(f *testing.F) {
	for _, seed := range []string{`"Delivered"`, `not json`, ``, strings.Repeat("x", 100)} {
		f.Add([]byte(seed))
	}
	adaptertest.FuzzWebhook(f, webhookParser{}, "X-Sig",
		func([]byte) string { return "ok" },
		func([]byte) string { return "forged" })
}
