package ups

import (
	"context"
	"net/http"
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/adaptertest"
	"github.com/wismo-dev/wismo/milestone"
)

// TestRecordedAnswers serves real UPS answers, published by UPS and by other
// projects (testdata/recorded/SOURCES.md), through Track.
func TestRecordedAnswers(t *testing.T) {
	t.Parallel()
	notFound := &adaptertest.TrackError{Is: []error{carrier.ErrNotFound}}
	cases := []adaptertest.Recorded{
		{File: "postman_delivered.json", Number: "1Z1442YY7229014688", Scans: 2, Latest: milestone.Delivered, LatestCode: "D_F4"},
		{File: "openapi_example.json", Number: "1Z023E2X0214323462", Scans: 1, Latest: milestone.InTransit, LatestCode: "X_SR"},
		{File: "omniship_customs_hold.json", Number: "1Z1202R66698804005", Scans: 17, Latest: milestone.InTransit, LatestCode: "X"},
		{File: "karrio_not_found_tw0001.json", Number: "1ZA82D672031716786", Err: notFound},
		{File: "omniship_not_found.json", Number: "1Z9912350341235622", Err: notFound},
		{File: "karrio_invalid_tv1002.json", Status: http.StatusBadRequest, Number: "1ZA82D672031716786", Err: notFound},
		{File: "karrio_auth_250003.json", Status: http.StatusUnauthorized, Number: "1ZA82D672031716786", Err: &adaptertest.TrackError{Is: []error{carrier.ErrUnauthorized}}},
	}
	f := newFakeUPS(t)
	c := newTestCarrier(t, f)
	adaptertest.RunRecorded(t, cases,
		func(_ *testing.T, number string, r adaptertest.Reply) { f.Set(number, r) },
		func(_ *testing.T, ctx context.Context, number string) (*carrier.Update, error) {
			return c.Track(ctx, number)
		})
}
