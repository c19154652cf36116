package easypost

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
	carriertest.Run(t, func(t *testing.T) carrier.Carrier { return newTest(t, srv, "EZTK_test") }, carriertest.Features{
		KnownNumbers:  []string{"9400110898825022579493", "1Z999AA10123456784"},
		UnknownNumber: "NOPE",
		Webhooks:      true,
		SignedWebhook: func(t testing.TB, _ carrier.Carrier) (http.Header, []byte) {
			body := adaptertest.Fixture(t, "event_tracker_updated.json")
			h := http.Header{}
			h.Set(SignatureHeader, SignWebhook(body, "new-secret"))
			return h, body
		},
		ForgedWebhook: func(t testing.TB, _ carrier.Carrier) (http.Header, []byte) {
			body := adaptertest.Fixture(t, "event_tracker_updated.json")
			h := http.Header{}
			h.Set(SignatureHeader, SignWebhook(body, "not-our-secret"))
			return h, body
		},
		Subscriptions:   true,
		SubscribeNumber: "1Z999AA10123456784", // the number of event_tracker_updated.json
		PushedWebhook: func(t testing.TB, _ carrier.Carrier, n string) (http.Header, []byte) {
			if n != "1Z999AA10123456784" {
				t.Fatalf("no push fixture for %s", n)
			}
			body := adaptertest.Fixture(t, "event_tracker_updated.json")
			h := http.Header{}
			h.Set("Content-Type", "application/json")
			h.Set(SignatureHeader, SignWebhook(body, "new-secret"))
			return h, body
		},
		SubscribeAPI: func(t testing.TB, api http.Handler) carrier.Carrier {
			srv := httptest.NewServer(api)
			t.Cleanup(srv.Close)
			return newTest(t, srv, "EZTK_test")
		},
		CredentialEcho: func(t testing.TB, api http.Handler) (carrier.Carrier, []string) {
			srv := httptest.NewServer(api)
			t.Cleanup(srv.Close)
			const key = "EZTK+key/4f9a=1c7e&2b<x>"
			c, err := New(Config{APIKey: key, BaseURL: srv.URL + "/v2", HTTP: adaptertest.HTTPConfig(srv)})
			if err != nil {
				t.Fatal(err)
			}
			return c, []string{key}
		},
	})
}
