package usps

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/wismo-dev/wismo/carrier"
)

const (
	testClientID     = "test-consumer-key"
	testClientSecret = "test-consumer-secret"
	testToken        = "test-access-token"
)

type route struct {
	status int
	file   string
	body   string
	header http.Header
}

// fakeUSPS serves the USPS token and tracking endpoints from fixtures.
type fakeUSPS struct {
	t testing.TB

	mu         sync.Mutex
	routes     map[string][]route // served in turn; the last one repeats
	tokenCalls int
	trackCalls int
}

func newFakeUSPS(t testing.TB) (*fakeUSPS, *httptest.Server) {
	t.Helper()
	f := &fakeUSPS{t: t, routes: map[string][]route{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *fakeUSPS) set(number string, rs ...route) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.routes[number] = rs
}

func (f *fakeUSPS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == tokenPath:
		f.token(w, r)
	case strings.HasPrefix(r.URL.Path, trackPath):
		f.track(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeUSPS) token(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.tokenCalls++
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if err := r.ParseForm(); err != nil || r.Method != http.MethodPost ||
		r.PostForm.Get("grant_type") != "client_credentials" ||
		r.PostForm.Get("client_id") != testClientID || r.PostForm.Get("client_secret") != testClientSecret {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"error":"invalid_client","error_description":"Client authentication failed"}`)
		return
	}
	fmt.Fprint(w, `{"access_token":"`+testToken+`","token_type":"Bearer","issued_at":1763800000000,"expires_in":28799,"status":"approved","scope":"tracking","issuer":"api.usps.com","client_id":"`+testClientID+`","application_name":"wismo-test"}`)
}

func (f *fakeUSPS) track(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.trackCalls++
	number := strings.TrimPrefix(r.URL.Path, trackPath)
	rs := f.routes[number]
	var rt route
	switch len(rs) {
	case 0:
		rt = route{status: http.StatusNotFound, file: "not_found.json"}
	case 1:
		rt = rs[0]
	default:
		rt, f.routes[number] = rs[0], rs[1:]
	}
	f.mu.Unlock()

	w.Header().Set("Content-Type", "application/json")
	if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"apiVersion":"/tracking/v3","error":{"code":"401","message":"Unauthorized","errors":[{"status":"401","code":"401","title":"Invalid access token"}]}}`)
		return
	}
	if r.Method != http.MethodGet {
		f.t.Errorf("track method = %s, want GET", r.Method)
	}
	if got := r.URL.Query().Get("expand"); got != "DETAIL" {
		f.t.Errorf("expand = %q, want DETAIL", got)
	}
	body := []byte(rt.body)
	if rt.file != "" {
		body = readFixture(f.t, rt.file)
	}
	for k, v := range rt.header {
		w.Header()[k] = v
	}
	status := rt.status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func newTestCarrier(t testing.TB, srv *httptest.Server) *Carrier {
	t.Helper()
	c, err := New(Config{
		ClientID:     testClientID,
		ClientSecret: testClientSecret,
		BaseURL:      srv.URL,
		HTTP: carrier.HTTPConfig{
			Client:     srv.Client(),
			Limiter:    rate.NewLimiter(rate.Inf, 1),
			MaxRetries: -1,
		},
	})
	require.NoError(t, err)
	return c
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	return b
}

type wantScan struct {
	time      string // RFC 3339 with the event's offset; LocalTime scans end in Z
	localTime bool
	code      string
	desc      string
	location  string
}

func TestParseFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, number string
		scans        []wantScan
		skipped      int
		start, end   string
		service      string
	}{
		{
			file: "delivered.json", number: "9400111899223197428490",
			scans: []wantScan{
				{"2026-11-18T11:01:00-05:00", false, "01", "Delivered, In/At Mailbox", "BROOKLYN, NY"},
				{"2026-11-18T06:10:00-05:00", false, "OF", "Out for Delivery", "BROOKLYN, NY"},
				{"2026-11-18T04:32:00-05:00", false, "07", "Arrived at Post Office", "BROOKLYN, NY"},
				{"2026-11-17T20:05:00-06:00", false, "10", "Processed through Facility", "CHICAGO, IL"},
				{"2026-11-17T15:22:00-06:00", false, "03", "USPS picked up item", "CHICAGO, IL"},
				{"2026-11-17T09:48:00-06:00", false, "GX", "Shipping Label Created, USPS Awaiting Item", "CHICAGO, IL"},
			},
			service: "USPS Ground Advantage",
		},
		{
			file: "in_transit.json", number: "9205590164917312751089",
			scans: []wantScan{
				// No GMTOffset: the offset comes from GMTTimestamp.
				{"2026-11-22T23:14:00-08:00", false, "10", "Arrived at USPS Regional Facility", "LOS ANGELES CA DISTRIBUTION CENTER"},
				{"2026-11-22T13:40:00-08:00", false, "03", "USPS picked up item", "PASADENA, CA"},
				// Neither: the wall clock is kept and flagged.
				{"2026-11-21T17:02:00Z", true, "GX", "Shipping Label Created, USPS Awaiting Item", "PASADENA, CA"},
			},
			end:     "2026-11-24T23:59:59Z",
			service: "Priority Mail",
		},
		{
			file: "revised.json", number: "9205590164917312751089",
			scans: []wantScan{
				{"2026-11-23T18:00:00-08:00", false, "", "Arriving Late", ""},
				{"2026-11-22T23:14:00-08:00", false, "10", "Arrived at USPS Regional Facility", "LOS ANGELES CA DISTRIBUTION CENTER"},
				{"2026-11-22T13:40:00-08:00", false, "03", "USPS picked up item", "PASADENA, CA"},
				{"2026-11-21T17:02:00Z", true, "GX", "Shipping Label Created, USPS Awaiting Item", "PASADENA, CA"},
			},
			start: "2026-11-26T10:00:00Z", end: "2026-11-26T14:00:00Z",
			service: "Priority Mail",
		},
		{
			file: "attempted.json", number: "9361289949033400000036",
			scans: []wantScan{
				{"2026-11-20T09:15:00-07:00", false, "16", "Available for Pickup", "PHOENIX, AZ"},
				{"2026-11-19T14:47:00-07:00", false, "02", "Notice Left (No Authorized Recipient Available)", "PHOENIX, AZ"},
				{"2026-11-19T07:30:00-07:00", false, "OF", "Out for Delivery", "PHOENIX, AZ"},
			},
			end:     "2026-11-20T23:59:59Z",
			service: "Priority Mail",
		},
		{
			file: "exception.json", number: "LZ123456785US",
			scans: []wantScan{
				{"2026-11-21T10:05:00+01:00", false, "04", "Refused", "PARIS, FRANCE"},
				{"2026-11-20T11:30:00+01:00", false, "53", "Receptacle Blocked", "PARIS, FRANCE"},
			},
			service: "Priority Mail International",
		},
		{
			// The estimate in the v3r2 shape (deliveryDateExpectation), and an
			// event with a date only.
			file: "v3r2_shape.json", number: "9400111899223197428506",
			scans: []wantScan{
				{"2026-11-23T04:00:00-06:00", false, "T1", "Departed USPS Regional Facility", "DALLAS TX DISTRIBUTION CENTER"},
				{"2026-11-22T00:00:00Z", true, "03", "USPS picked up item", "AUSTIN, TX"},
			},
			start: "2026-11-24T09:00:00Z", end: "2026-11-24T13:00:00Z",
			service: "USPS Ground Advantage",
		},
		{
			// No mail class, locations or estimate; one event whose time USPS
			// never writes (skipped); one with only the GMT time.
			file: "minimal.json", number: "9400100000000000000000",
			scans: []wantScan{
				{"2026-11-22T16:45:00Z", true, "", "Accepted at USPS Origin Facility", ""},
				{"2026-11-22T21:00:00-05:00", false, "10", "Processed through Facility", ""},
			},
			skipped: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			u, skipped, err := parse(readFixture(t, tt.file), tt.number)
			require.NoError(t, err)
			assert.Equal(t, tt.skipped, skipped, "skipped events")
			assert.Equal(t, ID, u.Carrier)
			assert.Equal(t, tt.service, u.Service)
			require.Len(t, u.Scans, len(tt.scans))
			for i, w := range tt.scans {
				s := u.Scans[i]
				assert.Equal(t, w.time, s.Time.Format(time.RFC3339), "scan %d time", i)
				assert.Equal(t, w.localTime, s.LocalTime, "scan %d LocalTime", i)
				assert.Equal(t, w.code, s.Code, "scan %d code", i)
				assert.Equal(t, w.desc, s.Description, "scan %d description", i)
				assert.Equal(t, w.location, s.Location, "scan %d location", i)
				assert.Equal(t, ID, s.Carrier, "scan %d carrier", i)
			}
			assertTime(t, tt.start, u.EstimatedDeliveryStart, "EstimatedDeliveryStart")
			assertTime(t, tt.end, u.EstimatedDelivery, "EstimatedDelivery")
		})
	}
}

func assertTime(t *testing.T, want string, got time.Time, what string) {
	t.Helper()
	if want == "" {
		assert.True(t, got.IsZero(), "%s = %v, want zero", what, got)
		return
	}
	assert.Equal(t, want, got.Format(time.RFC3339), what)
}

func TestEventTimeMatchesGMT(t *testing.T) {
	t.Parallel()
	u, _, err := parse(readFixture(t, "delivered.json"), "9400111899223197428490")
	require.NoError(t, err)
	// 11:01 at -05:00 is the GMTTimestamp 16:01Z.
	assert.True(t, u.Scans[0].Time.Equal(time.Date(2026, 11, 18, 16, 1, 0, 0, time.UTC)))
}

func TestTrack(t *testing.T) {
	t.Parallel()
	f, srv := newFakeUSPS(t)
	f.set("9400111899223197428490", route{file: "delivered.json"})
	c := newTestCarrier(t, srv)
	assert.Equal(t, "usps", c.ID())

	u, err := c.Track(context.Background(), "9400 1118 9922 3197 4284 90")
	require.NoError(t, err)
	assert.Equal(t, "9400 1118 9922 3197 4284 90", u.TrackingNumber, "the number as the caller gave it")
	require.Len(t, u.Scans, 6)
	assert.True(t, u.EstimatedDelivery.IsZero(), "a delivered item has no estimate")
	_, err = c.Track(context.Background(), "9400111899223197428490")
	require.NoError(t, err)

	f.mu.Lock()
	defer f.mu.Unlock()
	assert.Equal(t, 1, f.tokenCalls, "the token is fetched once and cached")
	assert.Equal(t, 2, f.trackCalls)
}

func TestTrackEstimateRevision(t *testing.T) {
	t.Parallel()
	f, srv := newFakeUSPS(t)
	f.set("9205590164917312751089", route{file: "in_transit.json"}, route{file: "revised.json"})
	c := newTestCarrier(t, srv)
	first, err := c.Track(context.Background(), "9205590164917312751089")
	require.NoError(t, err)
	second, err := c.Track(context.Background(), "9205590164917312751089")
	require.NoError(t, err)
	assert.Equal(t, "2026-11-24T23:59:59Z", first.EstimatedDelivery.Format(time.RFC3339))
	assert.Equal(t, "2026-11-26T14:00:00Z", second.EstimatedDelivery.Format(time.RFC3339),
		"the predicted delivery window replaces the expected date")
}

func TestTrackErrors(t *testing.T) {
	t.Parallel()
	const n = "9400111899223197428490"
	tests := []struct {
		name       string
		rt         route
		number     string
		is         []error
		temporary  bool
		retryAfter time.Duration
		contains   string
	}{
		{name: "404", rt: route{status: 404, file: "not_found.json"}, is: []error{carrier.ErrNotFound}, contains: "Tracking number not found"},
		{name: "404 without body", rt: route{status: 404, body: ``}, is: []error{carrier.ErrNotFound}},
		{name: "200 with error", rt: route{body: `{"error":{"code":"404","message":"Resource not found"}}`}, is: []error{carrier.ErrNotFound}},
		{name: "401", rt: route{status: 401, body: `{"error":{"code":"401","message":"Unauthorized"}}`}, is: []error{carrier.ErrUnauthorized}},
		{name: "403", rt: route{status: 403, body: `{"error":{"code":"403","message":"Forbidden","errors":[{"status":"403","title":"Insufficient scope"}]}}`}, is: []error{carrier.ErrUnauthorized}},
		{name: "429", rt: route{status: 429, header: http.Header{"Retry-After": {"30"}}, body: `{"error":{"code":"429","message":"Too Many Requests"}}`}, is: []error{carrier.ErrRateLimited, carrier.ErrTemporary}, temporary: true, retryAfter: 30 * time.Second},
		{name: "500", rt: route{status: 500, body: `{"error":{"code":"500","message":"Internal Server Error"}}`}, is: []error{carrier.ErrTemporary}, temporary: true},
		{name: "503", rt: route{status: 503, body: `{}`}, is: []error{carrier.ErrTemporary}, temporary: true},
		{name: "400", rt: route{status: 400, body: `{"error":{"code":"400","message":"Bad Request","errors":[{"status":"400","title":"Invalid tracking number"}]}}`}, contains: "400"},
		{name: "malformed JSON", rt: route{body: `{"trackingNumber": "9400`}, is: []error{carrier.ErrMalformed}, contains: "not the documented JSON"},
		{name: "wrong type", rt: route{body: `{"trackingNumber": "x", "trackingEvents": {"a": 1}}`}, is: []error{carrier.ErrMalformed}},
		{name: "empty object", rt: route{body: `{}`}, is: []error{carrier.ErrMalformed}},
		{name: "no readable times", rt: route{body: `{"trackingNumber":"` + n + `","trackingEvents":[{"eventType":"Delivered","eventTimestamp":"today"}]}`}, is: []error{carrier.ErrMalformed}},
		{name: "bad number", number: "9400/../11", is: []error{carrier.ErrNotFound}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, srv := newFakeUSPS(t)
			f.set(n, tt.rt)
			c := newTestCarrier(t, srv)
			number := tt.number
			if number == "" {
				number = n
			}
			u, err := c.Track(context.Background(), number)
			require.Error(t, err)
			assert.Nil(t, u)
			for _, target := range tt.is {
				assert.ErrorIs(t, err, target)
			}
			assert.Equal(t, tt.temporary, carrier.IsTemporary(err), "IsTemporary(%v)", err)
			if tt.retryAfter > 0 {
				var rl *carrier.RateLimitError
				require.ErrorAs(t, err, &rl)
				assert.Equal(t, tt.retryAfter, rl.RetryAfter)
			}
			if tt.contains != "" {
				assert.Contains(t, err.Error(), tt.contains)
			}
			assert.NotContains(t, err.Error(), testClientSecret)
		})
	}
}

func TestTrackBadCredentials(t *testing.T) {
	t.Parallel()
	_, srv := newFakeUSPS(t)
	c, err := New(Config{ClientID: testClientID, ClientSecret: "wrong", BaseURL: srv.URL,
		HTTP: carrier.HTTPConfig{Client: srv.Client(), MaxRetries: -1}})
	require.NoError(t, err)
	_, err = c.Track(context.Background(), "9400111899223197428490")
	require.ErrorIs(t, err, carrier.ErrUnauthorized)
	assert.False(t, carrier.IsTemporary(err))
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	_, err := New(Config{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ClientID is required")
	assert.Contains(t, err.Error(), "ClientSecret is required")
	_, err = New(Config{ClientID: "a", ClientSecret: "b", BaseURL: "apis.usps.com"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "BaseURL")
	c, err := New(Config{ClientID: "a", ClientSecret: "b"})
	require.NoError(t, err)
	assert.Equal(t, ProductionURL, c.base)
}

func FuzzParse(f *testing.F) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".json" {
			f.Add(readFixture(f, e.Name()))
		}
	}
	f.Add([]byte(`{"trackingNumber":"1","trackingEvents":[{"eventTimestamp":"2026-02-30T25:61:00","GMTTimestamp":"x","GMTOffset":"+99:99"}],"predictedDeliveryDate":"2026-11-26","predictedDeliveryWindowEndTime":"25:00"}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, body []byte) {
		u, _, err := parse(body, "9400111899223197428490")
		if err != nil {
			require.Nil(t, u)
			require.True(t, errors.Is(err, carrier.ErrMalformed) || errors.Is(err, carrier.ErrNotFound) ||
				strings.HasPrefix(err.Error(), "usps: track"), "unexpected error %v", err)
			return
		}
		require.NotNil(t, u)
		for _, s := range u.Scans {
			require.False(t, s.Time.IsZero(), "a scan must have a time")
		}
	})
}
