package tracking_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/internal/readdeadline/trickletest"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/memstore"
)

// A webhook sender that trickles its body one byte at a time cannot hold
// the handler: it answers 408 (or hangs up) once WebhookReadTimeout has
// passed, long before the trickle would end.
func TestWebhookHandlerGivesUpOnTricklingBody(t *testing.T) {
	t.Parallel()
	sc, err := sim.New(sim.Config{})
	require.NoError(t, err)
	svc, err := tracking.New(tracking.Config{
		Store: memstore.New(), Carriers: carrier.NewRegistry(sc), Notifier: &notifytest.Recorder{},
		WebhookReadTimeout: 100 * time.Millisecond,
	})
	require.NoError(t, err)
	srv := httptest.NewServer(svc.WebhookHandler(sim.DefaultID))
	t.Cleanup(srv.Close)
	hd := http.Header{}
	hd.Set(sim.SignatureHeader, "t=1,v1=00")
	// 2,000 bytes at 10 ms each would take 20 s.
	res, err := trickletest.Post(strings.TrimPrefix(srv.URL, "http://"), "/", hd, 2000, 10*time.Millisecond, 30*time.Second)
	require.NoError(t, err)
	require.True(t, res.GaveUp(), "the handler waited for the whole trickled body (%d bytes), answering %d", res.Sent, res.Status)
	if res.Status != http.StatusRequestTimeout && res.Status != 0 {
		t.Errorf("status %d after %d of %d bytes, want 408 or a closed connection", res.Status, res.Sent, res.Total)
	}
}

func TestWebhookReadTimeoutValidated(t *testing.T) {
	t.Parallel()
	_, err := tracking.New(tracking.Config{Store: memstore.New(), Carriers: carrier.NewRegistry(), Notifier: &notifytest.Recorder{},
		WebhookReadTimeout: -time.Second})
	require.Error(t, err)
}

// Answers that do not read the body (unknown carrier, wrong method) do not
// wait for a trickled one either.
func TestWebhookHandlerEarlyAnswersDoNotWaitForBody(t *testing.T) {
	t.Parallel()
	sc, err := sim.New(sim.Config{})
	require.NoError(t, err)
	svc, err := tracking.New(tracking.Config{Store: memstore.New(), Carriers: carrier.NewRegistry(sc), Notifier: &notifytest.Recorder{}})
	require.NoError(t, err)
	for _, tc := range []struct {
		carrier, method string
		want            int
	}{
		{"nope", http.MethodPost, http.StatusNotFound},
		{sim.DefaultID, http.MethodPut, http.StatusMethodNotAllowed},
	} {
		srv := httptest.NewServer(svc.WebhookHandler(tc.carrier))
		res, err := trickletest.Send(tc.method, strings.TrimPrefix(srv.URL, "http://"), "/", nil, 2000, 10*time.Millisecond, 30*time.Second)
		srv.Close()
		require.NoError(t, err)
		require.True(t, res.GaveUp(), "%s %s: answered only after the whole body", tc.method, tc.carrier)
		require.Equal(t, tc.want, res.Status)
	}
}
