package easypost

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

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
