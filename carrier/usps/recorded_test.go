package usps

import (
	"context"
	"net/http"
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/adaptertest"
	"github.com/wismo-dev/wismo/milestone"
)

// TestRecordedAnswers serves real USPS Tracking API v3 answers, recorded by
// other projects (testdata/recorded/SOURCES.md), through Track.
func TestRecordedAnswers(t *testing.T) {
	t.Parallel()
	cases := []adaptertest.Recorded{
		{File: "karrio_delivered_locker.json", Number: "9400109104250532908587", Scans: 12, Latest: milestone.Delivered, LatestCode: "01"},
		{File: "omniship_delivered_mailbox.json", Number: "9261290289104185136058", Scans: 15, Latest: milestone.Delivered, LatestCode: "01"},
		{File: "omniship_in_transit.json", Number: "9202290317456200135409", Scans: 4, Latest: milestone.InTransit, LatestCode: "10", Estimate: "2024-11-29T23:59:59Z"},
		{File: "omniship_not_yet_available_150001.json", Status: http.StatusBadRequest, Number: "9202290317456200135409", Err: &adaptertest.TrackError{Is: []error{carrier.ErrNotFound}}},
		{File: "karrio_error_placeholder.json", Status: http.StatusBadRequest, Number: "9202290317456200135409", Err: &adaptertest.TrackError{Contains: "400"}},
		{File: "karrio_oauth_invalid_client.json", Status: http.StatusUnauthorized, Number: "9202290317456200135409", Err: &adaptertest.TrackError{Is: []error{carrier.ErrUnauthorized}}},
	}
	f := newFakeUSPS(t)
	c := newTestCarrier(t, f)
	adaptertest.RunRecorded(t, cases,
		func(_ *testing.T, number string, r adaptertest.Reply) { f.Set(number, r) },
		func(_ *testing.T, ctx context.Context, number string) (*carrier.Update, error) {
			return c.Track(ctx, number)
		})
}
