package track17

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

// pushFor returns a signed TRACKING_UPDATED push carrying the fixture data of
// number.
func pushFor(t testing.TB, a *api, number, key string) (http.Header, []byte) {
	t.Helper()
	data, ok := a.data[number]
	if !ok {
		t.Fatalf("no fixture data for %s", number)
	}
	body, err := json.Marshal(map[string]any{"event": EventUpdated, "data": data})
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set(SignatureHeader, SignWebhook(body, key))
	return h, body
}

func TestConformance(t *testing.T) {
	a := newAPI(t)
	srv := serve(t, a)
	carriertest.Run(t, func(t *testing.T) carrier.Carrier { return newTest(t, srv) }, carriertest.Features{
		KnownNumbers:  []string{numberRR, number1Z},
		UnknownNumber: "LZ000000009CN",
		Batch:         true,
		Webhooks:      true,
		SignedWebhook: func(t testing.TB, _ carrier.Carrier) (http.Header, []byte) {
			return pushFor(t, a, number1Z, testKey)
		},
		ForgedWebhook: func(t testing.TB, _ carrier.Carrier) (http.Header, []byte) {
			return pushFor(t, a, number1Z, "guessed-key-0000")
		},
		Subscriptions: true,
		PushedWebhook: func(t testing.TB, _ carrier.Carrier, n string) (http.Header, []byte) {
			return pushFor(t, a, n, testKey)
		},
		SubscribeAPI: func(t testing.TB, api http.Handler) carrier.Carrier {
			return newTest(t, serve(t, api))
		},
		CredentialEcho: func(t testing.TB, api http.Handler) (carrier.Carrier, []string) {
			srv := serve(t, api)
			const key = "17tk+key/4f9a=1c7e&2b<x>"
			c, err := New(Config{APIKey: key, BaseURL: srv.URL, HTTP: adaptertest.HTTPConfig(srv)})
			if err != nil {
				t.Fatal(err)
			}
			return c, []string{key}
		},
	})
}
