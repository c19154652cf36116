package insights_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/tracking/insights"
	"github.com/wismo-dev/wismo/tracking/memstore"
)

func serve(t *testing.T, h http.Handler, method, target string) (*httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	require.Equal(t, "application/json; charset=utf-8", rec.Header().Get("Content-Type"))
	var body map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), rec.Body.String())
	return rec, body
}

func TestHandlerServesReport(t *testing.T) {
	s := memstore.New()
	ts := load(t, s, 200)
	h := insights.Handler(s, insights.HandlerConfig{})

	rec, body := serve(t, h, http.MethodGet, "/?from=2026-02-20&to=2027-02-20&tz=Europe/Berlin&group=service,destination")
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	var rep insights.Report
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &rep))
	requireCounts(t, expected(ts, func(truth) bool { return true }), rep.Total)
	require.Len(t, rep.Groups, 8)
	require.Equal(t, []insights.Dimension{"carrier", "service", "destination"}, rep.GroupBy)
	require.Equal(t, "2026-02-20T00:00:00+01:00", body["range"].(map[string]any)["from"])
	g := body["groups"].([]any)[0].(map[string]any)
	for _, k := range []string{"carrier", "service", "destination", "on_time_rate", "transit", "stall_rate", "noise_share"} {
		require.Contains(t, g, k)
	}
	require.NotContains(t, g, "origin", "not grouped by origin")

	rec, _ = serve(t, h, http.MethodGet, "/?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z&carrier=ups")
	require.Equal(t, http.StatusOK, rec.Code)
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &rep))
	require.Len(t, rep.Groups, 1)
	require.Equal(t, "ups", rep.Groups[0].Carrier)
}

func TestHandlerRejectsBadRequests(t *testing.T) {
	h := insights.Handler(memstore.New(), insights.HandlerConfig{})
	for _, c := range []struct{ query, want string }{
		{"", `parameter "from" is required`},
		{"from=2026-03-01", `parameter "to" is required`},
		{"from=yesterday&to=2026-03-01", `parameter "from": "yesterday" is neither`},
		{"from=2026-03-01&to=2026-13-01", `parameter "to"`},
		{"from=2026-03-01&to=2026-03-01", "must be after from"},
		{"from=2026-03-01&to=2026-02-01", "must be after from"},
		{"from=2020-01-01&to=2026-01-01", "longer than the maximum of 366 days"},
		{"from=2026-03-01&to=2026-04-01&tz=Mars/Olympus", `tz "Mars/Olympus"`},
		{"from=2026-03-01&to=2026-04-01&group=colour", `unknown dimension "colour"`},
		{"from=2026-03-01&to=2026-04-01&limit=5", `unknown parameter "limit"`},
		{"from=2026-03-01&from=2026-03-02&to=2026-04-01", `"from" given 2 times`},
	} {
		rec, body := serve(t, h, http.MethodGet, "/?"+c.query)
		require.Equal(t, http.StatusBadRequest, rec.Code, c.query)
		require.Contains(t, body["error"], c.want, c.query)
	}
	// One day is said in the singular.
	rec, body := serve(t, insights.Handler(memstore.New(), insights.HandlerConfig{MaxRange: 24 * time.Hour}),
		http.MethodGet, "/?from=2026-03-01&to=2026-03-03")
	require.Equal(t, http.StatusBadRequest, rec.Code)
	require.Contains(t, body["error"], "longer than the maximum of 1 day")
	rec, _ = serve(t, h, http.MethodPost, "/?from=2026-03-01&to=2026-04-01")
	require.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	require.Equal(t, "GET, HEAD", rec.Header().Get("Allow"))
}

func TestHandlerHidesStoreErrors(t *testing.T) {
	h := insights.Handler(failingSource{}, insights.HandlerConfig{})
	rec, body := serve(t, h, http.MethodGet, "/?from=2026-03-01&to=2026-04-01")
	require.Equal(t, http.StatusInternalServerError, rec.Code)
	require.Equal(t, "the report could not be computed", body["error"])
	require.False(t, strings.Contains(rec.Body.String(), "secret"))
}

// FuzzHandlerQuery: whatever the query, the handler answers 200 with a
// report or 400 with an error, never anything else.
func FuzzHandlerQuery(f *testing.F) {
	for _, seed := range []string{
		"from=2026-03-01&to=2026-04-01",
		"from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00%2B02:00&group=service,origin,destination&carrier=ups",
		"from=2026-03-01&to=2026-04-01&tz=America/New_York&group=",
		"from=2026-03-01&to=2026-04-01&group=carrier,,service",
		"from=%zz&to=1",
		"tz=Local&from=2026-03-01&to=2026-04-01",
		"from=0000-01-01&to=9999-12-31",
	} {
		f.Add(seed)
	}
	s := memstore.New()
	load(f, s, 20)
	h := insights.Handler(s, insights.HandlerConfig{})
	f.Fuzz(func(t *testing.T, query string) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.RawQuery = query
		h.ServeHTTP(rec, req)
		var body map[string]any
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), rec.Body.String())
		switch rec.Code {
		case http.StatusOK:
			require.Contains(t, body, "total")
		case http.StatusBadRequest:
			require.NotEmpty(t, body["error"])
		default:
			t.Fatalf("status %d for %q: %s", rec.Code, query, rec.Body.String())
		}
	})
}
