package insights_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/internal/readdeadline/trickletest"
	"github.com/wismo-dev/wismo/tracking/insights"
	"github.com/wismo-dev/wismo/tracking/memstore"
)

// A request whose body trickles in does not hold the connection: the
// handler, which reads no body, answers at once and the server does not
// wait for the body first.
func TestHandlerTricklingBodyDoesNotHoldTheConnection(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(insights.Handler(memstore.New(), insights.HandlerConfig{}))
	t.Cleanup(srv.Close)
	addr := strings.TrimPrefix(srv.URL, "http://")
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		// 2,000 bytes at 10 ms each would take 20 s.
		res, err := trickletest.Send(method, addr, "/?from=2026-03-01&to=2026-04-01", nil, 2000, 10*time.Millisecond, 30*time.Second)
		require.NoError(t, err)
		require.True(t, res.GaveUp(), "%s: answered %d only after the whole body (%d bytes)", method, res.Status, res.Sent)
		require.NotZero(t, res.Status, method)
	}
}
