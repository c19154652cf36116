package kit_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/oauth2"
	"golang.org/x/time/rate"

	"github.com/wismo-dev/wismo/carrier/kit"
)

const (
	echoKey    = "sk_live+4f9a/1c7e=2b&9d"
	echoSecret = "cl!ent-secret/with+odd=chars"
)

// uEscaped spells s as a JSON string of \u escapes.
func uEscaped(s string) string {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, `\u%04x`, r)
	}
	return b.String()
}

// echoForms are the ways a carrier may repeat s in a JSON body.
func echoForms(s string) []string {
	return []string{s, url.QueryEscape(s), url.PathEscape(s), base64.StdEncoding.EncodeToString([]byte(s)),
		base64.RawURLEncoding.EncodeToString([]byte(s))}
}

func echoBody(secrets ...string) string {
	var parts []string
	for _, s := range secrets {
		parts = append(parts, echoForms(s)...)
	}
	return fmt.Sprintf(`{"message":"bad key %s","detail":"%s"}`, strings.Join(parts, " "), uEscaped(strings.Join(secrets, " ")))
}

func assertNoSecret(t *testing.T, what, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		for _, f := range echoForms(s) {
			if strings.Contains(text, f) {
				t.Errorf("%s contains %q: %s", what, f, text)
			}
		}
	}
}

// A carrier that repeats the API key it was sent, in any encoding, in a
// 4xx or 5xx body gets it into neither the error text nor the Response
// body an adapter builds its own error from.
func TestHTTPClientRedactsEchoedCredentials(t *testing.T) {
	t.Parallel()
	for _, status := range []int{400, 401, 403, 404, 500} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			_, _ = w.Write([]byte(echoBody(r.Header.Get("X-Api-Key"), "extra-registered-secret")))
		}))
		defer srv.Close()
		hc, err := kit.NewHTTPClient(kit.HTTPConfig{Carrier: "test", Client: srv.Client(), MaxRetries: -1,
			Limiter: rate.NewLimiter(rate.Inf, 1), Auth: kit.APIKey{Header: "X-Api-Key", Key: echoKey},
			Secrets: []string{"extra-registered-secret"}})
		if err != nil {
			t.Fatal(err)
		}
		resp, err := hc.Do(context.Background(), func(ctx context.Context) (*http.Request, error) {
			return http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/track", nil)
		})
		if err == nil {
			err = kit.StatusError("test", resp)
			assertNoSecret(t, fmt.Sprintf("HTTP %d body", status), string(resp.Body), echoKey, "extra-registered-secret")
		}
		if err == nil {
			t.Fatalf("HTTP %d: no error", status)
		}
		assertNoSecret(t, fmt.Sprintf("HTTP %d error", status), err.Error(), echoKey, "extra-registered-secret")
		var se *kit.HTTPStatusError
		if errors.As(err, &se) {
			assertNoSecret(t, fmt.Sprintf("HTTP %d HTTPStatusError.Body", status), string(se.Body), echoKey)
		}
	}
}

// The access token an OAuth2 adapter sends and its client secret, in
// any encoding, stay out of errors when the API repeats them; so do the
// client id and secret when the token endpoint repeats them, also as the
// basic-authentication pair, and also when the excerpt cut would split them.
func TestOAuthRedactsEchoedCredentials(t *testing.T) {
	t.Parallel()
	const id = "client-id-7731"
	const token = "access-token-abcdef123456"
	basic := base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id) + ":" + url.QueryEscape(echoSecret)))
	var tokenFails atomic.Bool
	tokenFails.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			if tokenFails.Load() {
				w.WriteHeader(http.StatusUnauthorized)
				pad := strings.Repeat("x", 190)
				_, _ = fmt.Fprintf(w, `{"error":"%s%s","sent":"%s %s","escaped":"%s"}`, pad, echoSecret, basic, echoBody(id, echoSecret), uEscaped(echoSecret))
				return
			}
			_, _ = fmt.Fprintf(w, `{"access_token":%q,"expires_in":3600}`, token)
			return
		}
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(echoBody(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "), id, echoSecret)))
	}))
	defer srv.Close()
	newClient := func() *kit.HTTPClient {
		hc, err := kit.NewHTTPClient(kit.HTTPConfig{Carrier: "test", Client: srv.Client(), MaxRetries: -1,
			Limiter: rate.NewLimiter(rate.Inf, 1), Auth: &kit.ClientCredentials{TokenURL: srv.URL + "/token",
				ClientID: id, ClientSecret: echoSecret, AuthStyle: oauth2.AuthStyleInHeader, Client: srv.Client()}})
		if err != nil {
			t.Fatal(err)
		}
		return hc
	}
	get := func(ctx context.Context) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/track", nil)
	}
	_, err := newClient().Do(context.Background(), get)
	if err == nil {
		t.Fatal("a refused token request gave no error")
	}
	assertNoSecret(t, "token error", err.Error(), id, echoSecret)
	if strings.Contains(err.Error(), basic) {
		t.Errorf("token error contains the basic pair: %s", err)
	}
	if strings.Contains(err.Error(), echoSecret[:8]) {
		t.Errorf("token error contains the start of the secret: %s", err)
	}

	tokenFails.Store(false)
	resp, err := newClient().Do(context.Background(), get)
	if err != nil {
		t.Fatal(err)
	}
	err = kit.StatusError("test", resp)
	assertNoSecret(t, "API error", err.Error(), token, id, echoSecret)
}

// TestRedactXMLEscapedPassword: a SOAP fault or an HTML error page that
// repeats a password writes its &, < and quotes as entities; that spelling
// is kept out of error texts too.
func TestRedactXMLEscapedPassword(t *testing.T) {
	c, err := kit.NewHTTPClient(kit.HTTPConfig{Carrier: "x", Auth: kit.BasicAuth{User: "user-1", Password: `pa&ss<w"rd'x`}})
	if err != nil {
		t.Fatal(err)
	}
	for _, spelled := range []string{`pa&amp;ss&lt;w&#34;rd&#39;x`, `pa&amp;ss&lt;w&quot;rd&apos;x`} {
		got := c.Redact(errors.New("fault: login user-1 with " + spelled + " refused")).Error()
		if strings.Contains(got, spelled) {
			t.Errorf("redacted error still holds %q: %s", spelled, got)
		}
	}
}
