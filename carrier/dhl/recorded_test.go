package dhl

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/adaptertest"
	"github.com/wismo-dev/wismo/milestone"
)

// TestRecordedAnswers serves real answers of the Shipment Tracking - Unified
// API, from DHL's documentation and recorded by other projects
// (testdata/recorded/SOURCES.md), through Track.
func TestRecordedAnswers(t *testing.T) {
	t.Parallel()
	cases := []adaptertest.Recorded{
		{File: "karrio_openapi_example.json", Number: "7777777770", Scans: 1, Latest: milestone.InfoReceived, LatestCode: "pre-transit", Estimate: "2018-08-03T22:00:00Z"},
		{File: "prozsolt_ecommerce_transit.json", Number: "11111111111111111XXXXXXX", Scans: 11, Latest: milestone.ArrivedAtLocalFacility, LatestCode: "transit"},
		{File: "scala_parcelde_delivered.json", Number: "470800204932", Scans: 10, Latest: milestone.Delivered, LatestCode: "delivered"},
		{File: "karrio_not_found_404.json", Status: http.StatusNotFound, Number: "8264715546", Err: &adaptertest.TrackError{Is: []error{carrier.ErrNotFound}}},
	}
	var replies adaptertest.Replies
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/track/shipments" || r.Header.Get("DHL-API-Key") != "key" {
			http.NotFound(w, r)
			return
		}
		replies.Next(r.URL.Query().Get("trackingNumber"), adaptertest.Reply{Status: http.StatusNotFound, File: "not_found.json"}).Write(t, w)
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{APIKey: "key", BaseURL: srv.URL, HTTP: adaptertest.HTTPConfig(srv)})
	require.NoError(t, err)
	adaptertest.RunRecorded(t, cases,
		func(_ *testing.T, number string, r adaptertest.Reply) { replies.Set(number, r) },
		func(_ *testing.T, ctx context.Context, number string) (*carrier.Update, error) {
			return c.Track(ctx, number)
		})
}
