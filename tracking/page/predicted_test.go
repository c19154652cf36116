package page

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/insights"
)

// Without a carrier estimate, the page shows the window the shop's history
// predicts; the View's own locale and zone choose the language and days
// when the host has no Recipient hook.
func TestPredictedWindowInTheViewsLanguage(t *testing.T) {
	s := newSetup(t, func(c *Config) { c.Recipient = nil })
	s.svc.put(tracking.View{ID: "p1", Carrier: "dhl", TrackingNumber: "JJD1", State: tracking.StateAtRisk,
		Reason: tracking.ReasonPredictedLate, Milestone: milestone.InTransit, Timeline: journey()[:2],
		Locale: "de-AT", TimeZone: vienna,
		Predicted: insights.Prediction{P50: at(9, 23, 59), P90: at(11, 23, 59), Source: insights.SourceHistory, Samples: 80}})
	link := s.h.Link("p1", time.Time{})

	page := body(t, s.get(t, link))
	assert.Contains(t, page, `lang="de"`)
	assert.Contains(t, page, "Erwartet nach unseren bisherigen Lieferungen")
	assert.Contains(t, page, "Montag, 9. März bis Mittwoch, 11. März")

	js := body(t, s.get(t, link+".json"))
	assert.Contains(t, js, `"predicted":{"from":"2026-03-09T23:59:00+01:00","to":"2026-03-11T23:59:00+01:00"`)
	assert.Contains(t, js, `"source":"history"`)

	// The carrier's estimate, when there is one, is shown instead.
	v := tracking.View{ID: "p2", Carrier: "dhl", TrackingNumber: "JJD2", State: tracking.StateOnTrack, Locale: "en",
		ETA: at(5, 18, 0), Predicted: insights.Prediction{P50: at(9, 23, 59), P90: at(11, 23, 59), Source: insights.SourceCarrier}}
	s.svc.put(v)
	page = body(t, s.get(t, s.h.Link("p2", time.Time{})))
	require.NotContains(t, page, "Expected from our past deliveries")
	assert.Contains(t, page, "Expected delivery")
}
