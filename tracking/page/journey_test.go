package page_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/page"
)

// pageFor serves the tracking page of svc and returns a getter for a
// shipment's page, HTML or JSON.
func pageFor(t *testing.T, svc page.Service, now func() time.Time) func(id, suffix string) string {
	t.Helper()
	h, err := page.New(page.Config{
		Service: svc, Keys: [][]byte{[]byte("journey-key-of-32-random-bytes!!")}, Now: now,
		Branding: notify.Branding{ShopName: "Alpenrad"},
	})
	require.NoError(t, err)
	srv := httptest.NewServer(http.StripPrefix("/track/", h))
	t.Cleanup(srv.Close)
	return func(id, suffix string) string {
		res, err := http.Get(srv.URL + "/track/" + h.Link(id, time.Time{}) + suffix)
		require.NoError(t, err)
		defer res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode)
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return string(b)
	}
}

// TestJourneyPageTimelineInTheCustomersLanguage follows a parcel with the
// simulated carrier (whose scans are English) and reads its German page:
// every timeline entry says its milestone in German, with the carrier's
// words in small print under it, and the headline reads as German.
func TestJourneyPageTimelineInTheCustomersLanguage(t *testing.T) {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC)) // a Monday
	carr, err := sim.New(sim.Config{ID: "sim", Now: clk.Now})
	require.NoError(t, err)
	trk, err := tracking.New(tracking.Config{Carriers: carrier.NewRegistry(carr), Notifier: &notifytest.Recorder{}, Now: clk.Now})
	require.NoError(t, err)
	require.NoError(t, carr.Ship("SIM1", sim.OnTime(), clk.Now()))
	require.NoError(t, trk.Track(ctx, tracking.Shipment{ID: "s1", Carrier: "sim", TrackingNumber: "SIM1",
		Recipient: notify.Recipient{ID: "c1", Locale: "de-AT", TimeZone: "Europe/Vienna"}}))
	for range 30 { // into the second day: picked up, processed, departed, arrived
		clk.Advance(time.Hour)
		require.NoError(t, trk.Tick(ctx))
	}
	get := pageFor(t, trk, clk.Now)

	var st page.Status
	require.NoError(t, json.Unmarshal([]byte(get("s1", ".json")), &st))
	assert.Equal(t, "de", st.Lang)
	require.NotEmpty(t, st.Timeline)
	said := map[string]bool{}
	for _, e := range st.Timeline {
		said[e.Description] = true
		assert.NotEqual(t, e.Description, e.Text, "entry %s is not in German", e.Milestone)
		switch e.Milestone {
		case "picked_up":
			assert.Equal(t, "Vom Paketdienst abgeholt", e.Text)
		case "in_transit":
			assert.Equal(t, "Unterwegs", e.Text)
		}
	}
	assert.True(t, said["Processing at facility"] && said["Picked up"], "the carrier's words stay: %v", said)
	assert.True(t, strings.HasPrefix(st.Headline, "Ihr Paket kommt am "), st.Headline)

	html := get("s1", "")
	assert.Contains(t, html, `Unterwegs<br><small class="said">Processing at facility</small>`)
	assert.Contains(t, html, `Vom Paketdienst abgeholt<br><small class="said">Picked up</small>`)
	assert.NotContains(t, html, `</time>Picked up`, "no English scan text as the entry itself")
}
