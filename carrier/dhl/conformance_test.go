package dhl

import (
	"github.com/wismo-dev/wismo/internal/adaptertest"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
)

func TestConformance(t *testing.T) {
	srv := server(t, nil)
	carriertest.Run(t, func(t *testing.T) carrier.Carrier { return newTest(t, srv, "key") }, carriertest.Features{
		KnownNumbers:  []string{"1234567890", "00340434161094042557", "9876543210"},
		UnknownNumber: "0000000000",
		CredentialEcho: func(t testing.TB, api http.Handler) (carrier.Carrier, []string) {
			srv := httptest.NewServer(api)
			t.Cleanup(srv.Close)
			const key = "dhl+key/4f9a=1c7e&2b<x>"
			c, err := New(Config{APIKey: key, BaseURL: srv.URL, HTTP: adaptertest.HTTPConfig(srv)})
			if err != nil {
				t.Fatal(err)
			}
			return c, []string{key}
		},
	})
}
