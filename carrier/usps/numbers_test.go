package usps

import (
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

// TestNumbersRefusedBeforeRequest: what cannot be a tracking number
// (adaptertest.HostileNumbers) is refused with an error wrapping
// carrier.ErrNotFound, and nothing is sent.
func TestNumbersRefusedBeforeRequest(t *testing.T) {
	t.Parallel()
	adaptertest.NumbersRefusedBeforeRequest(t, func(srv *httptest.Server) carrier.Carrier {
		c, err := New(Config{ClientID: testClientID, ClientSecret: testClientSecret, BaseURL: srv.URL, HTTP: adaptertest.HTTPConfig(srv)})
		require.NoError(t, err)
		return c
	})
}
