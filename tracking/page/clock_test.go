package page_test

import (
	"bytes"
	"context"
	"log/slog"
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

// Issue 18, item 9: one clock. A page built on a tracking Service under a
// test clock opens the links made on that clock without page.Config.Now,
// and a link that got the 404 because it expired says so in the debug log.
func TestPageTakesTheServiceClock(t *testing.T) {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)) // long before the wall clock
	carr, err := sim.New(sim.Config{ID: "sim", Now: clk.Now})
	require.NoError(t, err)
	svc, err := tracking.New(tracking.Config{Carriers: carrier.NewRegistry(carr), Notifier: &notifytest.Recorder{}, Now: clk.Now})
	require.NoError(t, err)
	require.NoError(t, svc.Track(ctx, tracking.Shipment{ID: "s1", Carrier: "sim", TrackingNumber: "SIM1"}))
	assert.True(t, svc.Now().Equal(clk.Now()), "Service.Now is Config.Now")

	var logs bytes.Buffer
	key := []byte("clock-test-key-of-32-random-bytes")
	h, err := page.New(page.Config{
		Service: svc, Keys: [][]byte{key}, Branding: notify.Branding{ShopName: "Alpenrad"},
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	require.NoError(t, err)
	get := func(token string) int {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/"+token+".json", nil))
		return rec.Code
	}
	link := h.Link("s1", clk.Now().Add(30*24*time.Hour))
	assert.Equal(t, http.StatusOK, get(link), "the link opens on the Service's clock")
	assert.Empty(t, logs.String())

	clk.Advance(31 * 24 * time.Hour)
	assert.Equal(t, http.StatusNotFound, get(link), "and expires on it")
	assert.Contains(t, logs.String(), "404 for an expired link")
	assert.Contains(t, logs.String(), "expired=2026-04-01T08:00:00.000Z")
	assert.Contains(t, logs.String(), "now=2026-04-02T08:00:00.000Z")

	logs.Reset()
	assert.Equal(t, http.StatusNotFound, get(strings.Repeat("A", 60)))
	assert.Contains(t, logs.String(), "not sealed with any of Config.Keys")

	// Config.Now, when set, is the page's clock.
	h2, err := page.New(page.Config{Service: svc, Keys: [][]byte{key}, Branding: notify.Branding{ShopName: "Alpenrad"}, Now: time.Now})
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h2.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/"+h2.Link("s1", clk.Now().Add(time.Hour))+".json", nil))
	assert.Equal(t, http.StatusNotFound, rec.Code, "a link an hour past the test clock has expired on the wall clock")
}
