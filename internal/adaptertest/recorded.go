package adaptertest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/milestone"
)

// Recorded is what a test expects when a real answer, recorded from the
// carrier or published by others (testdata/recorded/SOURCES.md), is served
// through an adapter's Track.
type Recorded struct {
	// File names the answer under testdata/recorded.
	File string
	// Status is the HTTP status the answer is served with. Defaults to 200.
	Status int
	// Number is the tracking number asked for.
	Number string
	// Scans is how many scans the update must hold.
	Scans int
	// Latest is the milestone of the newest scan.
	Latest milestone.Milestone
	// LatestCode is the Code of the newest scan, when the test names it.
	LatestCode string
	// Estimate is the end of the estimate in RFC 3339 with its zone; empty
	// means none.
	Estimate string
	// Err, when set, is what the failed Track call must return instead of
	// an update.
	Err *TrackError
}

// Reply returns the Reply that serves r's answer.
func (r Recorded) Reply() Reply {
	return Reply{Status: r.Status, File: "recorded/" + r.File}
}

// RunRecorded runs one subtest per case: serve makes the fake carrier
// answer the case's number with its Reply, track asks the adapter, and the
// outcome is checked against the case.
func RunRecorded(t *testing.T, cases []Recorded, serve func(t *testing.T, number string, r Reply), track func(t *testing.T, ctx context.Context, number string) (*carrier.Update, error)) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.File, func(t *testing.T) {
			serve(t, tc.Number, tc.Reply())
			u, err := track(t, context.Background(), tc.Number)
			if tc.Err != nil {
				AssertTrackError(t, u, err, *tc.Err)
				return
			}
			require.NoError(t, err)
			require.NotNil(t, u)
			assert.Len(t, u.Scans, tc.Scans, "scans")
			AssertTime(t, tc.Estimate, u.EstimatedDelivery, "EstimatedDelivery")
			if len(u.Scans) == 0 {
				return
			}
			latest := LatestScan(u)
			assert.Equal(t, tc.Latest, milestone.Classify(latest), "milestone of the newest scan %+v", latest)
			if tc.LatestCode != "" {
				assert.Equal(t, tc.LatestCode, latest.Code, "code of the newest scan")
			}
		})
	}
}

// LatestScan returns the newest scan of u (the first of equally new ones
// in the carrier's order), or a zero Scan when u has none.
func LatestScan(u *carrier.Update) milestone.Scan {
	var latest milestone.Scan
	for i, s := range u.Scans {
		if i == 0 || s.Time.After(latest.Time) {
			latest = s
		}
	}
	return latest
}
