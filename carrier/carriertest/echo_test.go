package carriertest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"golang.org/x/time/rate"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
)

// keyed is a carrier that sends an API key in a header and reports the
// carrier's answer in its error, through kit.HTTPClient (shared) or a
// bare http.Client (leaky).
type keyed struct {
	base, key string
	shared    *kit.HTTPClient
}

func (k *keyed) ID() string { return "keyed" }

func (k *keyed) Track(ctx context.Context, n string) (*carrier.Update, error) {
	build := func(ctx context.Context) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, k.base+"/track/"+n, nil)
	}
	if k.shared != nil {
		resp, err := k.shared.Do(ctx, build)
		if err != nil {
			return nil, err
		}
		return nil, kit.StatusError(k.ID(), resp)
	}
	req, _ := build(ctx)
	req.Header.Set("X-Api-Key", k.key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return nil, fmt.Errorf("keyed: HTTP %d: %s", resp.StatusCode, b)
}

func keyedFeatures(shared bool) Features {
	return Features{
		KnownNumbers: []string{"K1"},
		CredentialEcho: func(t testing.TB, api http.Handler) (carrier.Carrier, []string) {
			srv := httptest.NewServer(api)
			t.Cleanup(srv.Close)
			const key = "k3y+of/the=shop&x"
			k := &keyed{base: srv.URL, key: key}
			if shared {
				hc, err := kit.NewHTTPClient(kit.HTTPConfig{Carrier: "keyed", Client: srv.Client(),
					Limiter: rate.NewLimiter(rate.Inf, 1), MaxRetries: -1, Auth: kit.APIKey{Header: "X-Api-Key", Key: key}})
				if err != nil {
					t.Fatal(err)
				}
				k.shared = hc
			}
			return k, []string{key}
		},
	}
}

// The CredentialsNotEchoed case catches an adapter that repeats the
// carrier's answer, key and all, and passes one that goes through
// kit.HTTPClient.
func TestCredentialsNotEchoed(t *testing.T) {
	t.Parallel()
	msgs := runCase(t, "CredentialsNotEchoed", nil, keyedFeatures(false))
	if len(msgs) == 0 || !strings.Contains(msgs[0], "credentials") {
		t.Errorf("a leaky adapter passed: %q", msgs)
	}
	if msgs := runCase(t, "CredentialsNotEchoed", nil, keyedFeatures(true)); len(msgs) > 0 {
		t.Errorf("an adapter on kit.HTTPClient failed: %q", msgs)
	}
}
