package fedex

import (
	"context"
	"net/http"
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/adaptertest"
	"github.com/wismo-dev/wismo/milestone"
)

// TestRecordedAnswers serves real FedEx Track API answers, published by
// FedEx and recorded by other projects (testdata/recorded/SOURCES.md),
// through Track, each as the whole answer to the request.
func TestRecordedAnswers(t *testing.T) {
	t.Parallel()
	notFound := &adaptertest.TrackError{Is: []error{carrier.ErrNotFound}}
	unauthorized := &adaptertest.TrackError{Is: []error{carrier.ErrUnauthorized}}
	cases := []adaptertest.Recorded{
		{File: "daylily_delivered.json", Number: "780351469400", Scans: 1, Latest: milestone.Delivered, LatestCode: "DL"},
		{File: "karrio_reused_number.json", Number: "776094337676", Scans: 8, Latest: milestone.Delivered, LatestCode: "DL"},
		{File: "karrio_delivered_17_scans.json", Number: "738488882438", Scans: 17, Latest: milestone.Delivered, LatestCode: "DL"},
		{File: "karrio_doc_example.json", Number: "39936862321", Err: notFound},
		{File: "omniship_not_found.json", Number: "02399989320920003663", Err: notFound},
		{File: "omniship_space_offset.json", Number: "122816215025810", Scans: 4, Latest: milestone.PickedUp, LatestCode: "PU"},
		{File: "sandbox_label_only.json", Number: "449044304137821", Scans: 1, Latest: milestone.InfoReceived, LatestCode: "OC", Estimate: "2014-01-02T23:59:59-06:00"},
		{File: "sandbox_exception.json", Number: "377101283611590", Scans: 10, Latest: milestone.DeliveryAttempted, LatestCode: "DE", Estimate: "2023-12-31T23:59:59-06:00"},
		{File: "sandbox_hold_at_location.json", Number: "843119172384577", Scans: 18, Latest: milestone.AvailableForPickup, LatestCode: "HP", Estimate: "2016-08-01T23:59:59-06:00"},
		{File: "sandbox_returning.json", Number: "076288115212522", Scans: 14, Latest: milestone.ReturnedToSender, LatestCode: "RS", Estimate: "2016-08-01T23:59:59-06:00"},
		{File: "karrio_error_empty.json", Status: http.StatusBadRequest, Number: "780351469400", Err: &adaptertest.TrackError{Contains: "TRACKING.TRACKINGNUMBER.EMPTY"}},
		{File: "openapi_401.json", Status: http.StatusUnauthorized, Number: "780351469400", Err: unauthorized},
		{File: "openapi_403.json", Status: http.StatusForbidden, Number: "780351469400", Err: unauthorized},
		{File: "openapi_500.json", Status: http.StatusInternalServerError, Number: "780351469400", Err: &adaptertest.TrackError{Temporary: true}},
		{File: "openapi_503.json", Status: http.StatusServiceUnavailable, Number: "780351469400", Err: &adaptertest.TrackError{Temporary: true}},
	}
	f := newFakeFedEx(t)
	c := newTestCarrier(t, f)
	adaptertest.RunRecorded(t, cases,
		func(_ *testing.T, _ string, r adaptertest.Reply) {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.whole = &r
		},
		func(_ *testing.T, ctx context.Context, number string) (*carrier.Update, error) {
			return c.Track(ctx, number)
		})
}
