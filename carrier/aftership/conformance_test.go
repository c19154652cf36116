package aftership

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

func TestConformance(t *testing.T) {
	srv := (&api{}).serve(t)
	carriertest.Run(t, func(t *testing.T) carrier.Carrier { return newTest(t, srv, "ask_test") }, carriertest.Features{
		KnownNumbers:  []string{"61293150000079650811"},
		UnknownNumber: "UNKNOWN",
		Webhooks:      true,
		SignedWebhook: func(t testing.TB, _ carrier.Carrier) (http.Header, []byte) {
			body := adaptertest.Fixture(t, "webhook_delivered.json")
			h := http.Header{}
			h.Set(SignatureHeader, SignWebhook(body, "new-secret"))
			return h, body
		},
		ForgedWebhook: func(t testing.TB, _ carrier.Carrier) (http.Header, []byte) {
			body := adaptertest.Fixture(t, "webhook_delivered.json")
			h := http.Header{}
			h.Set(SignatureHeader, SignWebhook(body, "guess"))
			return h, body
		},
		Subscriptions: true,
		PushedWebhook: func(t testing.TB, _ carrier.Carrier, n string) (http.Header, []byte) {
			if n != "61293150000079650811" {
				t.Fatalf("no push fixture for %s", n)
			}
			body := adaptertest.Fixture(t, "webhook_delivered.json")
			h := http.Header{}
			h.Set("Content-Type", "application/json")
			h.Set(SignatureHeader, SignWebhook(body, "new-secret"))
			return h, body
		},
		SubscribeAPI: func(t testing.TB, api http.Handler) carrier.Carrier {
			srv := httptest.NewServer(api)
			t.Cleanup(srv.Close)
			return newTest(t, srv, "ask_test")
		},
		CredentialEcho: func(t testing.TB, api http.Handler) (carrier.Carrier, []string) {
			srv := httptest.NewServer(api)
			t.Cleanup(srv.Close)
			const key = "asat+key/4f9a=1c7e&2b<x>"
			c, err := New(Config{APIKey: key, BaseURL: srv.URL + "/tracking/2025-07", HTTP: adaptertest.HTTPConfig(srv)})
			if err != nil {
				t.Fatal(err)
			}
			return c, []string{key}
		},
	})
}
