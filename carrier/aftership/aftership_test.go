package aftership

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/adaptertest"
	"github.com/wismo-dev/wismo/milestone"
)

func firstTracking(t *testing.T) tracking {
	var env struct {
		Data struct{ Trackings []tracking } `json:"data"`
	}
	require.NoError(t, json.Unmarshal(adaptertest.Fixture(t, "trackings_exception.json"), &env))
	return env.Data.Trackings[0]
}

func TestParseTracking(t *testing.T) {
	u, err := firstTracking(t).update()
	require.NoError(t, err)
	assert.Equal(t, "aftership", u.Carrier)
	assert.Equal(t, "FedEx Ground", u.Service)
	require.Len(t, u.Scans, 3)
	assert.Equal(t, "InTransit_002", u.Scans[0].Code)
	assert.Equal(t, "MEMPHIS, TN, 38118, USA", u.Scans[0].Location)
	assert.Equal(t, "INDIANAPOLIS, IN, USA", u.Scans[1].Location, "built from parts when location is empty")
	_, off := u.Scans[0].Time.Zone()
	assert.Equal(t, -5*3600, off)
	assert.False(t, u.Scans[0].LocalTime)
	assert.True(t, u.Scans[2].LocalTime, "a checkpoint_time without offset is local time, not UTC")
	assert.Equal(t, "2026-03-05 12:30", u.Scans[2].Time.Format("2006-01-02 15:04"))
	assert.Equal(t, "2026-03-06 23:59:59", u.EstimatedDelivery.Format(time.DateTime), "the carrier's date means the end of that day")
}

func TestFixtureScansClassify(t *testing.T) {
	want := map[string]milestone.Milestone{
		"Picked up":                     milestone.PickedUp,
		"Departed FedEx hub":            milestone.InTransit,
		"Clearance delay - Import":      milestone.Exception,
		"On FedEx vehicle for delivery": milestone.OutForDelivery,
		"Delivered - Left at front door. Signature Service not requested.": milestone.Delivered,
	}
	u, err := firstTracking(t).update()
	require.NoError(t, err)
	var w webhook
	require.NoError(t, json.Unmarshal(adaptertest.Fixture(t, "webhook_delivered.json"), &w))
	var tr tracking
	require.NoError(t, json.Unmarshal(w.Msg, &tr))
	u2, err := tr.update()
	require.NoError(t, err)
	assert.Equal(t, "2026-03-09 23:59:59", u2.EstimatedDelivery.Format(time.DateTime), "legacy expected_delivery")
	for _, s := range append(u.Scans, u2.Scans...) {
		assert.Equal(t, want[s.Description], milestone.Classify(s), "%q (code %s)", s.Description, s.Code)
	}
}

// api is a fake AfterShip API. The number of trackings_exception.json is
// followed until a DELETE of its tracking id, and created again by a POST.
type api struct {
	creates atomic.Int32
	deletes atomic.Int32

	mu      sync.Mutex
	deleted bool // the tracking of 61293150000079650811 was deleted
}

const followedID = "bff5a3bac79b472991a204172473a635"

func (a *api) isDeleted() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.deleted
}

func (a *api) setDeleted(d bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.deleted = d
}

func (a *api) serve(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("as-api-key") != "ask_test" {
			adaptertest.Reply{Status: http.StatusUnauthorized, File: "unauthorized.json"}.Write(t, w)
			return
		}
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/tracking/2025-07/trackings":
			switch r.URL.Query().Get("tracking_numbers") {
			case "61293150000079650811":
				if a.isDeleted() {
					adaptertest.Reply{File: "trackings_empty.json"}.Write(t, w)
					return
				}
				adaptertest.Reply{File: "trackings_exception.json"}.Write(t, w)
			case "429":
				w.Header().Set("Retry-After", "3")
				adaptertest.Reply{Status: http.StatusTooManyRequests, Body: `{"meta":{"code":429,"message":"You have exceeded the API call rate limit.","type":"TooManyRequests"},"data":{}}`}.Write(t, w)
			default:
				adaptertest.Reply{File: "trackings_empty.json"}.Write(t, w)
			}
		case r.Method == http.MethodPost && r.URL.Path == "/tracking/2025-07/trackings":
			a.creates.Add(1)
			body, _ := io.ReadAll(r.Body)
			var req map[string]string
			_ = json.Unmarshal(body, &req)
			if req["tracking_number"] == "61293150000079650811" && a.isDeleted() {
				a.setDeleted(false)
				var env struct {
					Data struct{ Trackings []json.RawMessage } `json:"data"`
				}
				_ = json.Unmarshal(adaptertest.Fixture(t, "trackings_exception.json"), &env)
				adaptertest.Reply{Status: http.StatusCreated, Body: `{"meta":{"code":201,"message":"Created","type":"Created"},"data":` + string(env.Data.Trackings[0]) + `}`}.Write(t, w)
				return
			}
			if req["tracking_number"] == "9405511202575421535949" && req["slug"] == "usps" {
				adaptertest.Reply{Status: http.StatusCreated, File: "created_pending.json"}.Write(t, w)
				return
			}
			adaptertest.Reply{Status: http.StatusNotFound, File: "not_exist.json"}.Write(t, w)
		case r.Method == http.MethodDelete && r.URL.Path == "/tracking/2025-07/trackings/"+followedID:
			a.deletes.Add(1)
			if a.isDeleted() {
				adaptertest.Reply{Status: http.StatusNotFound, File: "not_exist.json"}.Write(t, w)
				return
			}
			a.setDeleted(true)
			adaptertest.Reply{File: "tracking_deleted.json"}.Write(t, w)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func newTest(t testing.TB, srv *httptest.Server, key string) *Carrier {
	t.Helper()
	c, err := New(Config{APIKey: key, BaseURL: srv.URL + "/tracking/2025-07", WebhookSecrets: []string{"new-secret", "old-secret"},
		SlugFor: func(n string) string {
			if len(n) == 22 {
				return "usps"
			}
			return ""
		},
		HTTP: adaptertest.HTTPConfig(srv)})
	require.NoError(t, err)
	return c
}

func TestTrack(t *testing.T) {
	a := &api{}
	srv := a.serve(t)
	c := newTest(t, srv, "ask_test")
	ctx := context.Background()

	u, err := c.Track(ctx, "61293150000079650811")
	require.NoError(t, err)
	assert.Len(t, u.Scans, 3)
	assert.EqualValues(t, 0, a.creates.Load(), "a followed number is not created again")

	_, err = c.Track(ctx, "9405511202575421535949")
	assert.ErrorIs(t, err, carrier.ErrNotFound, "a new tracking without checkpoints is not found yet")
	assert.EqualValues(t, 1, a.creates.Load())

	_, err = c.Track(ctx, "UNKNOWN")
	assert.ErrorIs(t, err, carrier.ErrNotFound)

	_, err = c.Track(ctx, "429")
	var rl *carrier.RateLimitError
	require.ErrorAs(t, err, &rl)
	assert.Equal(t, 3*time.Second, rl.RetryAfter)

	_, err = newTest(t, srv, "wrong").Track(ctx, "61293150000079650811")
	assert.ErrorIs(t, err, carrier.ErrUnauthorized)
}

func TestWebhook(t *testing.T) {
	c := newTest(t, (&api{}).serve(t), "ask_test")
	ctx := context.Background()
	body := adaptertest.Fixture(t, "webhook_delivered.json")
	for _, secret := range []string{"new-secret", "old-secret"} {
		h := http.Header{}
		h.Set(SignatureHeader, SignWebhook(body, secret))
		ups, err := c.ParseWebhook(ctx, h, body)
		require.NoError(t, err, secret)
		require.Len(t, ups, 1)
		assert.Equal(t, "Delivered_003", ups[0].Scans[1].Code)
	}
	for name, sig := range map[string]string{"forged": SignWebhook(body, "guess"), "missing": "", "garbage": "%%%"} {
		h := http.Header{}
		if sig != "" {
			h.Set(SignatureHeader, sig)
		}
		ups, err := c.ParseWebhook(ctx, h, body)
		assert.ErrorIs(t, err, carrier.ErrBadSignature, name)
		assert.Nil(t, ups)
	}
	tampered := append([]byte{}, body...)
	tampered[len(tampered)-3] = '9'
	h := http.Header{}
	h.Set(SignatureHeader, SignWebhook(body, "new-secret"))
	_, err := c.ParseWebhook(ctx, h, tampered)
	assert.ErrorIs(t, err, carrier.ErrBadSignature, "a body changed after signing")
}

func FuzzWebhook(f *testing.F) {
	f.Add(adaptertest.Fixture(f, "webhook_delivered.json"))
	f.Add([]byte(`{"event":"tracking_update","msg":{"tracking_number":"1","checkpoints":[{"checkpoint_time":"bad"}]}}`))
	f.Add([]byte(`{"event":"tracking_update","msg":{"tracking_number":"1","expected_delivery":"x"}}`))
	c, err := New(Config{APIKey: "k", WebhookSecrets: []string{"fuzz-secret"}})
	if err != nil {
		f.Fatal(err)
	}
	adaptertest.FuzzWebhook(f, c, SignatureHeader,
		func(body []byte) string { return SignWebhook(body, "fuzz-secret") },
		func(body []byte) string { return SignWebhook(body, "wrong-secret") })
}
