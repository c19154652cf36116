package aftership

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/adaptertest"
	"github.com/wismo-dev/wismo/milestone"
)

// TestRecordedAnswers serves answers AfterShip's client libraries recorded
// or mocked from the AfterShip API (testdata/recorded/SOURCES.md) through
// Track. Track first lists the trackings of the number (GET
// /trackings?tracking_numbers=) and creates one (POST /trackings) when
// none is listed; a case answers one of the two, by name.
func TestRecordedAnswers(t *testing.T) {
	t.Parallel()
	notFound := &adaptertest.TrackError{Is: []error{carrier.ErrNotFound}}
	list := func(r adaptertest.Recorded) adaptertest.Recorded { r.File = "list:" + r.File; return r }
	cases := []adaptertest.Recorded{
		list(adaptertest.Recorded{File: "node_list_info_received.json", Number: "9434936105536968782556", Scans: 1, Latest: milestone.InfoReceived, LatestCode: "InfoReceived_001"}),
		list(adaptertest.Recorded{File: "v4_list_pending.json", Number: "HH19260817", Err: notFound}),
		list(adaptertest.Recorded{File: "v4_internal_error_502.txt", Status: http.StatusBadGateway, Number: "HH19260817", Err: &adaptertest.TrackError{Temporary: true}}),
		{File: "v4_create_pending_201.json", Status: http.StatusCreated, Number: "HH19260817", Err: notFound},
		{File: "v4_postnl_in_transit.json", Number: "3SKAAG5995399", Scans: 6, Latest: milestone.InTransit, LatestCode: "InTransit_004"},
		{File: "v4_postnl_utc_millis.json", Number: "3SKAAG5995399", Scans: 6, Latest: milestone.InTransit, LatestCode: "InTransit_004"},
	}
	var lists, creates adaptertest.Replies
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/tracking/2025-07/trackings" || r.Header.Get("as-api-key") != "key" {
			http.NotFound(w, r)
			return
		}
		none := adaptertest.Reply{Body: `{"meta":{"code":200,"message":"OK","type":"OK"},"data":{"trackings":[]}}`}
		if r.Method == http.MethodGet {
			lists.Next(r.URL.Query().Get("tracking_numbers"), none).Write(t, w)
			return
		}
		body, _ := io.ReadAll(r.Body)
		var req struct {
			TrackingNumber string `json:"tracking_number"`
		}
		_ = json.Unmarshal(body, &req)
		creates.Next(req.TrackingNumber, adaptertest.Reply{Status: http.StatusBadRequest, Body: `{"meta":{"code":4005,"message":"The value of tracking_number is invalid.","type":"BadRequest"},"data":{}}`}).Write(t, w)
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{APIKey: "key", BaseURL: srv.URL + "/tracking/2025-07", HTTP: adaptertest.HTTPConfig(srv)})
	require.NoError(t, err)
	adaptertest.RunRecorded(t, cases,
		func(_ *testing.T, number string, r adaptertest.Reply) {
			if file, ok := strings.CutPrefix(r.File, "recorded/list:"); ok {
				r.File = "recorded/" + file
				lists.Set(number, r)
				creates.Set(number)
				return
			}
			lists.Set(number)
			creates.Set(number, r)
		},
		func(_ *testing.T, ctx context.Context, number string) (*carrier.Update, error) {
			return c.Track(ctx, number)
		})
}
