package easypost

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/adaptertest"
	"github.com/wismo-dev/wismo/milestone"
)

// TestRecordedAnswers serves answers EasyPost's own client libraries
// recorded (testdata/recorded/SOURCES.md) through Track: a tracker is
// created with POST /trackers, keyed here by its tracking_code.
func TestRecordedAnswers(t *testing.T) {
	t.Parallel()
	cases := []adaptertest.Recorded{
		{File: "go_tracker_create.json", Number: "EZ1000000001", Scans: 2, Latest: milestone.InfoReceived, LatestCode: "pre_transit", Estimate: "2024-07-26T19:34:37Z"},
		{File: "go_tracker_create_201.json", Status: http.StatusCreated, Number: "EZ1000000001", Scans: 2, Latest: milestone.InfoReceived, LatestCode: "pre_transit", Estimate: "2025-11-06T17:30:27Z"},
		{File: "go_apikey_inactive_403.json", Status: http.StatusForbidden, Number: "EZ1000000001", Err: &adaptertest.TrackError{Is: []error{carrier.ErrUnauthorized}}},
	}
	var replies adaptertest.Replies
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v2/trackers" {
			// A tracker id the adapter cached from an earlier case: gone.
			adaptertest.Reply{Status: http.StatusNotFound, Body: `{"error":{"code":"NOT_FOUND","message":"The requested resource could not be found.","errors":[]}}`}.Write(t, w)
			return
		}
		body, _ := io.ReadAll(r.Body)
		var req struct {
			Tracker struct {
				TrackingCode string `json:"tracking_code"`
			} `json:"tracker"`
		}
		_ = json.Unmarshal(body, &req)
		replies.Next(req.Tracker.TrackingCode, adaptertest.Reply{Status: http.StatusUnprocessableEntity, File: "error_invalid.json"}).Write(t, w)
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{APIKey: "EZTK_test", BaseURL: srv.URL + "/v2", HTTP: adaptertest.HTTPConfig(srv)})
	require.NoError(t, err)
	adaptertest.RunRecorded(t, cases,
		func(_ *testing.T, number string, r adaptertest.Reply) { replies.Set(number, r) },
		func(_ *testing.T, ctx context.Context, number string) (*carrier.Update, error) {
			return c.Track(ctx, number)
		})
}

// TestRecordedWebhook verifies the tracker.updated event EasyPost's client
// libraries all test their webhook validation with, under the secret and
// signature of the same fixtures (the secret "sécret", NFKD-normalised
// before the HMAC), and reads the tracker it carries.
func TestRecordedWebhook(t *testing.T) {
	t.Parallel()
	const (
		secret    = "sécret"
		signature = "hmac-sha256-hex=38f3f53c103713df81616a0a186d77141957323ec21d5fe9363db93840f527db"
	)
	body := adaptertest.Fixture(t, "recorded/examples_event_body.json")
	c, err := New(Config{APIKey: "EZTK_test", WebhookSecrets: []string{secret}})
	require.NoError(t, err, "EasyPost's own test secret must be accepted")
	h := http.Header{}
	h.Set(SignatureHeader, signature)
	ups, err := c.ParseWebhook(context.Background(), h, body)
	require.NoError(t, err)
	require.Len(t, ups, 1)
	u := ups[0]
	assert.Equal(t, "1", u.TrackingNumber)
	assert.Len(t, u.Scans, 7)
	latest := adaptertest.LatestScan(u)
	assert.Equal(t, milestone.InTransit, milestone.Classify(latest), "newest scan %+v", latest)
	// est_delivery_date 2024-08-05T00:00:00Z with est_delivery_date_local
	// "2024-08-05" and no local time: the end of that local day.
	adaptertest.AssertTime(t, "2024-08-05T23:59:59Z", u.EstimatedDelivery, "EstimatedDelivery")

	h.Set(SignatureHeader, "hmac-sha256-hex=38f3f53c103713df81616a0a186d77141957323ec21d5fe9363db93840f527dc")
	_, err = c.ParseWebhook(context.Background(), h, body)
	assert.ErrorIs(t, err, carrier.ErrBadSignature, "one changed hex digit")
}
